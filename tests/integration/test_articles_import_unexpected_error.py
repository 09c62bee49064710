"""`masthead import`: an unexpected error in one file (a bug in an importer, say) is one line
for that file, counted as failed, and the other files still import."""

from __future__ import annotations

import logging
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles import actions
from masthead.articles.importers import detect
from masthead.articles.models import Article

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "importers" / "samples"


def run_import(*args: object) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def two_files(folder: Path) -> None:
    shutil.copy(SAMPLES / "windfarm-ninjs1.json", folder / "a-windfarm.json")
    shutil.copy(SAMPLES / "tram-reopens.md", folder / "b-tram.md")
    shutil.copy(SAMPLES / "tram.jpg", folder / "b-tram.jpg")


def test_an_importer_bug_in_one_file_is_one_line_and_the_other_file_still_imports(
    tmp_path, monkeypatch, caplog
):
    two_files(tmp_path)

    def broken(text, default_tz):
        raise RuntimeError("importer bug\nsecond line")

    monkeypatch.setitem(detect.PARSERS, "ninjs", broken)
    with caplog.at_level(logging.ERROR):
        code, out, err = run_import(tmp_path)
    assert code == 2
    assert err.strip().splitlines() == [
        f"{tmp_path / 'a-windfarm.json'}: error: unexpected RuntimeError: importer bug"
    ]
    assert "Traceback" not in out + err
    assert "b-tram.md: created draft" in out
    assert out.splitlines()[-1].startswith("1 imported, 1 failed")
    assert Article.objects.get().headline.startswith("Riverside tram")
    logged = [r for r in caplog.records if "a-windfarm.json" in r.getMessage()]
    assert logged and logged[0].exc_info and logged[0].exc_info[0] is RuntimeError


def test_an_unexpected_error_after_the_article_is_written_leaves_nothing_of_that_file(
    tmp_path, monkeypatch
):
    two_files(tmp_path)
    announce = actions._announce

    def fail_for_the_windfarm(article, was_live):
        if article.headline.startswith("Offshore wind farm"):
            raise KeyError("listener bug")
        announce(article, was_live)

    monkeypatch.setattr(actions, "_announce", fail_for_the_windfarm)
    code, out, err = run_import(tmp_path)
    assert code == 2
    assert err.strip().endswith("a-windfarm.json: error: unexpected KeyError: 'listener bug'")
    assert not Article.objects.filter(headline__startswith="Offshore wind farm").exists()
    assert Article.objects.count() == 1
