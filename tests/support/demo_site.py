"""The demo (`masthead demo`) loaded once for a test module instead of once a test.

Loading it posts and decides its few hundred history comments through the real actions, which
takes seconds (more on PostgreSQL), and a dozen tests only read what it made. `demo_site` loads
it once a module (so at most once a module per xdist worker) inside a transaction that is
rolled back after the module: each test's own transaction is a savepoint within it, so what a
test changes is undone after it and the next test sees the demo as loaded. A test that must
see a database without the demo, or the demo's first run, calls the command itself instead.

Use it through `loaded_demo`, which also points MEDIA_ROOT at the demo's photos for the test."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    from tests.conftest import isolated_settings

    folder = tmp_path_factory.mktemp("demo-site")
    overrides = isolated_settings(django_settings, folder)
    with django_db_blocker.unblock(), override_settings(**overrides):
        cache.clear()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("demo", stdout=out)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield {"output": out.getvalue(), "media_root": overrides["MEDIA_ROOT"]}
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded_demo(demo_site, settings, db) -> str:  # type: ignore[no-untyped-def]
    """The demo, loaded (once a module); returns what `masthead demo` printed."""
    settings.MEDIA_ROOT = demo_site["media_root"]
    return str(demo_site["output"])
