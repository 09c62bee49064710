"""Editors' journeys a QA review walked: an article deleted while its narration runs, ..."""

from __future__ import annotations

from pathlib import Path

import pytest

from masthead.articles.models import Article
from masthead.narration.models import Narration
from tests.support.narration import SHORT_BODY, fake_engine

pytestmark = pytest.mark.django_db


def test_an_article_deleted_while_its_narration_runs_leaves_no_audio_file_and_no_traceback(
    settings, make_article, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """The run finished after the article was gone: it wrote its MP3, then failed to record it
    (and to record the failure: an IntegrityError), leaving a file nobody would ever delete."""
    from masthead.narration import tasks

    fake_engine()
    article = make_article(body=SHORT_BODY)
    article_id = article.pk
    real_render = tasks.render

    def render_then_delete(*args, **kwargs):  # type: ignore[no-untyped-def]
        rendered = real_render(*args, **kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            Article.objects.filter(pk=article_id).delete()  # an editor deletes it meanwhile
        return rendered

    monkeypatch.setattr(tasks, "render", render_then_delete)
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.narrate_article.enqueue(article_id, False)
    assert result.return_value == "gone"
    assert not Narration.objects.filter(article_id=article_id).exists()
    assert list((settings.MEDIA_ROOT / "narration").glob("*.mp3")) == []
    assert "crashed" not in caplog.text


@pytest.fixture
def reporter_client(client):
    """Staff who may add and change articles but not publish them (no publish_article)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("rep", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles").exclude(
            codename="publish_article"
        )
    )
    client.force_login(user)
    return client


def test_staff_without_the_publish_permission_can_save_drafts_but_not_publish(
    reporter_client, make_section, make_article
):
    from tests.integration.test_articles_admin import form_data

    section = make_section()
    refused = reporter_client.post("/admin/articles/article/add/", form_data(section.pk))
    assert refused.status_code == 200 and "Can publish articles" in refused.content.decode()
    assert not Article.objects.filter(slug="library-extends-opening-hours").exists()

    saved = reporter_client.post(
        "/admin/articles/article/add/", form_data(section.pk, status="draft")
    )
    assert saved.status_code == 302
    draft = Article.objects.get(slug="library-extends-opening-hours")
    assert draft.status == Article.Status.DRAFT and not draft.is_live

    publish = reporter_client.post(
        f"/admin/articles/article/{draft.pk}/change/",
        form_data(
            section.pk, status="scheduled", published_at_0="2030-01-01", published_at_1="09:00:00"
        ),
    )
    assert publish.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT

    live = make_article(section=section)
    unpublish = reporter_client.post(
        f"/admin/articles/article/{live.pk}/change/",
        form_data(section.pk, status="draft", slug=live.slug, headline=live.headline),
    )
    assert unpublish.status_code == 200
    live.refresh_from_db()
    assert live.is_live


def _photo(name: str) -> object:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_deleting_an_article_or_replacing_its_photo_removes_the_old_photo_file(
    make_article, django_capture_on_commit_callbacks
):
    """The audio went with a deleted article, the photo stayed reachable at its URL for good
    (a story withdrawn for legal reasons kept its picture online); a replaced photo too."""
    from masthead.articles import actions

    article = make_article()
    article.photo = _photo("first.png")
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_article(article)
    first = article.photo.path
    assert Path(first).is_file()

    article.photo = _photo("second.png")
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_article(article)
    second = article.photo.path
    assert Path(second).is_file() and not Path(first).exists()

    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert not Path(second).exists()


def test_a_right_to_left_headline_is_isolated_in_the_title_and_laid_out_by_its_own_direction(
    client, make_article
):
    """An Arabic or Hebrew headline was laid out left to right (its punctuation on the wrong
    side) and, in the window title, ran into the site's name; a right-to-left override in a
    headline reversed the site's name in the title."""
    headline = "\u202eשלום עולם: \u0645\u0631\u062d\u0628\u0627?"
    article = make_article(headline=headline, body="שלום.\n\n## כותרת\n\n> ציטוט")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"<title>\u2068{headline}\u2069 · " in html
    assert f'class="article__headline" dir="auto">{headline}</h1>' in html
    assert '<p class="article__standfirst" dir="auto">' in html
    assert '<p dir="auto">שלום.</p>' in html and '<h2 dir="auto">כותרת</h2>' in html
    assert '<blockquote dir="auto">' in html
    front = client.get("/").content.decode()
    assert f'<h3 class="card__headline" dir="auto"><a href="{article.get_absolute_url()}">' in front


def test_scheduling_an_article_without_a_publication_time_is_refused_with_a_message(
    admin_client, make_section, tmp_path
):
    """It was saved as Scheduled with no time, and then never appeared, with nothing said."""
    from io import StringIO

    from django.core.management import call_command

    from tests.integration.test_articles_admin import form_data

    section = make_section()
    response = admin_client.post(
        "/admin/articles/article/add/", form_data(section.pk, status="scheduled")
    )
    assert response.status_code == 200
    assert "A scheduled article needs the time it goes live" in response.content.decode()
    assert not Article.objects.exists()

    (tmp_path / "s.md").write_text("---\ntitle: Later\nstatus: scheduled\n---\nText.\n")
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("import", "--publish", str(tmp_path / "s.md"), stdout=StringIO(), stderr=err)
    assert "published_at: A scheduled article needs the time it goes live" in err.getvalue()
    assert not Article.objects.exists()


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_an_article_readers_cannot_see_yet_is_shown_to_editors_with_no_store(
    admin_client, client, make_article, status
):
    """Its audio and timings said private, no-store, but the page with the same embargoed text
    (and the editor's CSRF token) said nothing, so a shared cache could keep it."""
    from django.utils import timezone

    later = timezone.now() + timezone.timedelta(days=1)
    article = make_article(status=status, published_at=later)
    response = admin_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(article.get_absolute_url()).status_code == 404
    live = client.get(make_article().get_absolute_url())
    assert "no-store" not in live.get("Cache-Control", "")


def test_an_article_with_comments_is_withdrawn_as_a_draft_and_not_deleted_in_the_newsroom(
    admin_client, client, make_article, post, make_reader
):
    """What docs/editors.md says under 'Withdrawing or deleting'."""
    article = make_article()
    post(article, make_reader())
    page = admin_client.get(f"/admin/articles/article/{article.pk}/delete/").content.decode()
    assert "Cannot delete article" in page and "permission to delete" in page
    assert (
        admin_client.post(
            f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Article.objects.filter(pk=article.pk).exists()

    article.status = Article.Status.DRAFT
    from masthead.articles import actions

    actions.save_article(article)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert admin_client.get(article.get_absolute_url()).status_code == 200
