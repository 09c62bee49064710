"""Rows built once for a test class (or module) whose every test reads them, instead of once a test.

The same pattern as tests/support/demo_site.py, for a module's own history: a class-scoped
fixture opens a transaction with `rolled_back_after`, builds its rows in it with
`building` (the settings every test runs with, plus the module's own MASTHEAD values, and the
database unblocked), and yields them. Each test's own transaction is a savepoint within the
module's, so what a test changes is undone after it and the next test sees the rows as built;
the whole is rolled back after the class. The rows are built through the real actions, as
the tests built them before; only how often changes. Prefer a class to a module: pytest
finishes a class's fixture as soon as the next test is outside the class, so the module's other
tests see a database without the rows whatever order pytest-xdist runs them in.

    @pytest.fixture(scope="class")
    def site(django_db_setup, django_db_blocker, tmp_path_factory):
        with rolled_back_after(django_db_blocker):
            with building(django_db_blocker, tmp_path_factory, COMMENT_MODERATOR=...):
                rows = ...
            yield rows

A test that uses such a fixture also asks for `db` (or a fixture that does)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def rolled_back_after(django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@contextmanager
def building(django_db_blocker: Any, tmp_path_factory: Any, **masthead: object) -> Iterator[None]:
    from django.conf import settings
    from django.core.cache import cache
    from django.test.utils import override_settings

    from tests.conftest import isolated_settings

    overrides = isolated_settings(settings, tmp_path_factory.mktemp("module-data"))
    overrides["MASTHEAD"] = {**overrides["MASTHEAD"], **masthead}
    with django_db_blocker.unblock(), override_settings(**overrides):
        cache.clear()
        yield
        cache.clear()
