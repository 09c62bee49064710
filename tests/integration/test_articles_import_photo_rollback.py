"""`masthead import`: a photo the import wrote to media storage goes again when the article's
transaction rolls back (a field the model refuses, or an unexpected error after the article is
written), so no file is left in MEDIA_ROOT that no article points to. A successful import keeps
its photo, and a failed re-import keeps the photo the article already had."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles import actions
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


def media_files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def tram_story(folder: Path, *, source: str | None = None) -> Path:
    text = (SAMPLES / "tram-reopens.md").read_text(encoding="utf-8")
    if source is not None:
        text = text.replace("source: Masthead", f"source: {source}", 1)
    path = folder / "tram.md"
    path.write_text(text, encoding="utf-8")
    shutil.copy(SAMPLES / "tram.jpg", folder / "tram.jpg")
    return path


def test_a_story_the_model_refuses_leaves_no_photo_file_in_media(tmp_path, settings):
    # Article.source holds 100 characters: full_clean refuses the article after the photo
    # was written to storage.
    story = tram_story(tmp_path, source="S" * 150)
    code, _, err = run_import(story)
    assert code == 2
    assert "source:" in err
    assert not Article.objects.exists()
    assert media_files(settings) == []


def test_an_unexpected_error_after_the_article_is_written_leaves_no_photo_file_in_media(
    tmp_path, settings, monkeypatch
):
    story = tram_story(tmp_path)

    def broken(article, was_live):
        raise KeyError("listener bug")

    monkeypatch.setattr(actions, "_announce", broken)
    code, _, err = run_import(story)
    assert code == 2
    assert err.strip().endswith("tram.md: error: unexpected KeyError: 'listener bug'")
    assert not Article.objects.exists()
    assert media_files(settings) == []


def test_a_successful_import_keeps_its_photo_file(tmp_path, settings):
    story = tram_story(tmp_path)
    code, _, _ = run_import(story)
    assert code == 0
    article = Article.objects.get()
    stored = media_files(settings)
    assert [p.relative_to(settings.MEDIA_ROOT).as_posix() for p in stored] == [article.photo.name]
    assert stored[0].read_bytes() == (SAMPLES / "tram.jpg").read_bytes()


def test_a_failed_reimport_with_a_new_photo_keeps_the_articles_photo_and_leaves_no_other(
    tmp_path, settings
):
    story = tram_story(tmp_path)
    assert run_import(story)[0] == 0
    kept = Article.objects.get().photo.name
    # The same story again with another picture and a field the model refuses.
    tram_story(tmp_path, source="S" * 150)
    (tmp_path / "tram.jpg").write_bytes((SAMPLES / "tram.jpg").read_bytes() + b"\0")
    code, _, _ = run_import(story)
    assert code == 2
    assert Article.objects.get().photo.name == kept
    stored = media_files(settings)
    assert [p.relative_to(settings.MEDIA_ROOT).as_posix() for p in stored] == [kept]
