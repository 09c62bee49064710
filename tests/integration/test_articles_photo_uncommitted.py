"""A photo file written for an article whose transaction never commits is removed: when a
caller's outer transaction rolls back after `masthead import`'s import_file returned, or a
savepoint around it does, or the Django admin's save fails after `save_article` wrote the
uploaded photo (the admin's own transaction rolls back). Before, each left the file in
MEDIA_ROOT with no row naming it, reachable at its address for good. A photo whose transaction
commits stays. The files go when the request ends (request_finished) or the next file is
imported; the rollback itself has no hook in Django."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import transaction
from django.test import Client

from masthead.articles import admin as articles_admin
from masthead.articles.importing import import_file
from masthead.articles.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "importers" / "samples"


def media_files(settings) -> list[str]:  # type: ignore[no-untyped-def]
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def tram_story(folder: Path, name: str = "tram") -> Path:
    text = (SAMPLES / "tram-reopens.md").read_text(encoding="utf-8")
    text = text.replace("id: masthead-city-2026-0314-tram", f"id: {name}", 1)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    shutil.copy(SAMPLES / "tram.jpg", folder / "tram.jpg")
    return path


def test_an_import_in_an_outer_transaction_that_rolls_back_leaves_no_photo_file(tmp_path, settings):
    story = tram_story(tmp_path)
    with pytest.raises(RuntimeError), transaction.atomic():
        import_file(story)
        assert len(media_files(settings)) == 1  # written, not yet committed
        raise RuntimeError("the caller's own work fails after the import")
    request_finished.send(sender=None)
    assert not Article.objects.exists()
    assert media_files(settings) == []


def test_an_import_in_a_savepoint_rolled_back_inside_a_committed_transaction_leaves_no_photo(
    tmp_path, settings
):
    story = tram_story(tmp_path)
    with transaction.atomic():
        try:
            with transaction.atomic():
                import_file(story)
                raise RuntimeError("undo this one")
        except RuntimeError:
            pass
    # The next file's import clears what the first left behind.
    (tmp_path / "other").mkdir()
    import_file(tram_story(tmp_path / "other", "tram-two"))
    assert [a.import_key for a in Article.objects.all()] == ["markdown:id:tram-two"]
    assert media_files(settings) == [Article.objects.get().photo.name]


def test_an_import_in_an_outer_transaction_that_commits_keeps_its_photo(tmp_path, settings):
    with transaction.atomic():
        import_file(tram_story(tmp_path))
    request_finished.send(sender=None)
    assert media_files(settings) == [Article.objects.get().photo.name]


@pytest.fixture
def editor_client() -> Client:
    group = Group.objects.create(name="Editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-only", is_staff=True)
    user.groups.add(group)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _add_with_photo(client: Client) -> int:
    section = Section.objects.create(name="City", slug="city")
    data = {
        "headline": "Tram line reopens",
        "slug": "tram-line-reopens",
        "standfirst": "",
        "byline": "",
        "source": "",
        "section": str(section.pk),
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_mode": "open",
        "photo": SimpleUploadedFile(
            "tram.jpg", (SAMPLES / "tram.jpg").read_bytes(), content_type="image/jpeg"
        ),
        "photo_caption": "A tram",
        "photo_credit": "",
        "photo_alt": "A tram",
        "body": "Trams run again.",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    return client.post("/admin/articles/article/add/", data).status_code


def test_an_admin_save_that_fails_after_save_article_leaves_no_photo_file(
    editor_client, settings, monkeypatch
):
    def broken(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        raise RuntimeError("a failure after the article was saved (tags, corrections, log)")

    monkeypatch.setattr(articles_admin.ArticleAdmin, "save_related", broken)
    assert _add_with_photo(editor_client) == 500
    assert not Article.objects.exists()
    assert media_files(settings) == []


def test_an_admin_save_that_commits_keeps_its_photo_file(editor_client, settings):
    assert _add_with_photo(editor_client) == 302
    assert media_files(settings) == [Article.objects.get().photo.name]
