"""A photo uploaded for an article is stored under a random name, not the file's own: with
/media/photos/2026/11/mayor-resigns.jpg anyone could guess the picture of a draft or embargoed
story before it went out (found by a security review). Photos stored before keep their names."""

from __future__ import annotations

import io
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import Image

from masthead.articles.models import Article
from tests.integration.test_articles_admin import form_data

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "importers"
RANDOM_NAME = re.compile(r"photos/\d{4}/\d{2}/[0-9a-f]{32}\.(png|jpg)")


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def editor_client(client):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_a_photo_uploaded_in_the_admin_is_stored_under_a_random_name(editor_client, make_section):
    section = make_section()
    data = {**form_data(section.pk, status="draft"), "photo": png("Mayor-Resigns.PNG")}
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="library-extends-opening-hours")
    assert RANDOM_NAME.fullmatch(article.photo.name), article.photo.name
    assert article.photo.name.endswith(".png") and "ayor" not in article.photo.name
    assert (article.photo_width, article.photo_height) == (8, 6)
    assert Path(article.photo.path).is_file()


def test_two_uploads_of_the_same_file_name_get_different_names(make_article):
    first, second = make_article(), make_article()
    for article in (first, second):
        article.photo = png("embargoed.png")
        article.save()
    assert first.photo.name != second.photo.name
    assert "embargoed" not in first.photo.name + second.photo.name


def test_a_photo_brought_in_by_masthead_import_is_stored_under_a_random_name(tmp_path):
    shutil.copy(DATA / "samples" / "tram-reopens.md", tmp_path / "tram-reopens.md")
    shutil.copy(DATA / "samples" / "tram.jpg", tmp_path / "tram.jpg")
    call_command("import", str(tmp_path / "tram-reopens.md"), stdout=StringIO())
    article = Article.objects.get()
    assert RANDOM_NAME.fullmatch(article.photo.name), article.photo.name
    assert article.photo.name.endswith(".jpg") and "tram" not in article.photo.name
    assert Path(article.photo.path).read_bytes() == (tmp_path / "tram.jpg").read_bytes()


def test_a_photo_stored_before_under_its_own_name_is_still_shown(settings, make_article):
    folder = Path(settings.MEDIA_ROOT) / "photos" / "2026" / "11"
    folder.mkdir(parents=True)
    (folder / "tram.png").write_bytes(png("tram.png").read())
    article = make_article()
    Article.objects.filter(pk=article.pk).update(photo="photos/2026/11/tram.png")
    article.refresh_from_db()
    assert article.photo.url == "/media/photos/2026/11/tram.png"
    assert Client().get(article.photo.url).status_code == 200
    assert (
        "/media/photos/2026/11/tram.png"
        in Client().get(article.get_absolute_url()).content.decode()
    )
