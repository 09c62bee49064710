"""`masthead import` with files a newsroom's tools really produce now and then: a NUL or a
lone surrogate in a field. Each was stored as is (or broke the run with a traceback on
PostgreSQL, losing the files after it); now the characters are dropped."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles.models import Article

pytestmark = pytest.mark.django_db


def run_import(*args: object) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_nul_and_control_characters_in_a_file_are_dropped_not_stored(tmp_path: Path):
    (tmp_path / "a.md").write_text(
        '---\ntitle: "Tram\\0 line\\x07 reopens"\nbyline: "Priya\\0"\n---\n'
        "The line \x00reopens on Monday.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.json").write_text(
        '{"uri": "b", "headline": "Ferry\\u0000 strike \\ud800ends", '
        '"body_text": "Crews return\\u0000 today."}',
        encoding="utf-8",
    )
    code, out, err = run_import(tmp_path)
    assert code == 0, err
    assert "2 imported, 0 failed" in out
    for article in Article.objects.all():
        for value in (article.headline, article.byline, article.body):
            assert "\x00" not in value and "\x07" not in value and "\ud800" not in value
    assert set(Article.objects.values_list("headline", flat=True)) == {
        "Tram line reopens",
        "Ferry strike ends",
    }
