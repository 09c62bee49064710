"""The `own_database` mark (tests/conftest.py): the PostgreSQL pass leaves out tests that run
masthead only on databases they name themselves; a test so marked that also uses the pass's
database stops the run, so no test that needs PostgreSQL can be dropped from that pass by it."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import pytest_collection_modifyitems

ROOT = Path(__file__).resolve().parents[2]


def _item(nodeid: str, marks: set[str], fixtures: tuple[str, ...] = ()) -> Any:
    return SimpleNamespace(
        nodeid=nodeid,
        fixturenames=fixtures,
        get_closest_marker=lambda name: object() if name in marks else None,
    )


def test_a_test_marked_own_database_that_uses_the_database_stops_the_run() -> None:
    items = [
        _item("a.py::test_fine", {"own_database"}, ("tmp_path",)),
        _item("a.py::test_marked_db", {"own_database", "django_db"}),
        _item("a.py::test_live", {"own_database"}, ("live_server",)),
        _item("a.py::test_plain_db", {"django_db"}),
    ]
    with pytest.raises(pytest.UsageError) as refused:
        pytest_collection_modifyitems(None, items)
    assert "a.py::test_marked_db" in str(refused.value)
    assert "a.py::test_live" in str(refused.value)
    assert "test_fine" not in str(refused.value)
    assert "test_plain_db" not in str(refused.value)


def test_tests_that_only_name_their_own_databases_pass_the_check() -> None:
    items = [_item("a.py::test_cli", {"own_database"}), _item("a.py::test_db", {"django_db"})]
    pytest_collection_modifyitems(None, items)


def test_the_postgresql_pass_leaves_out_own_database_and_the_first_pass_keeps_it() -> None:
    makefile = (ROOT / "Makefile").read_text()
    postgres = makefile.split("\ntest-postgres:", 1)[1].split("\n\n", 1)[0]
    first = makefile.split("\ntest-sqlite:", 1)[1].split("\n\n", 1)[0]
    assert re.search(r'-m "[^"]*not own_database', postgres)
    assert "own_database" not in first
