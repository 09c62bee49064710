"""`masthead import` with files a newsroom's tools really produce now and then: a NUL or a
lone surrogate in a field, a section name longer than a section may have. Each was stored as
is (or broke the run with a traceback on PostgreSQL, losing the files after it); now the
characters are dropped and a too-long section is one line on stderr, the others imported."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles.models import Article, Section

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


def test_a_section_name_longer_than_a_section_may_have_is_one_line_and_the_rest_imported(
    tmp_path: Path,
):
    (tmp_path / "a-long.md").write_text(
        f"---\ntitle: Long section\nsection: {'S' * 300}\n---\nA paragraph.\n", encoding="utf-8"
    )
    (tmp_path / "b-fine.md").write_text(
        "---\ntitle: Fine section\nsection: City\n---\nA paragraph.\n", encoding="utf-8"
    )
    code, out, err = run_import(tmp_path)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "a-long.md: error: section: A section name has at most 80 characters" in lines[0]
    assert "1 imported, 1 failed" in out
    assert list(Article.objects.values_list("headline", flat=True)) == ["Fine section"]
    assert not Section.objects.filter(name__startswith="SSS").exists()
