"""The newsroom's article form, as an editor found it on a first day (QA walk, 2026-11-30):
headlines that give no slug, a photo lost when the form came back with an error, a slug
changed on a live story, a withdrawal, and the list's and form's layout."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from masthead.articles.admin import PHOTO_NOT_KEPT
from masthead.articles.models import Article
from tests.integration.test_articles_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    group = Group.objects.create(name="Editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-only", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return client


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("bridge.jpg", buffer.getvalue(), content_type="image/jpeg")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.parametrize("headline", ["שלום עולם חדש", "北京新闻", "🚲🚲🚲"])
def test_a_headline_that_gives_no_slug_is_saved_with_a_made_one(
    editor_client, make_section, headline
):
    """The admin's script makes no slug of a Hebrew, Chinese or emoji headline; the form said
    "This field is required." under the slug box. Now a dated slug is made on saving."""
    section = make_section()
    response = editor_client.post(
        "/admin/articles/article/add/", form_data(section.pk, headline=headline, slug="")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(headline=headline)
    assert re.fullmatch(r"article-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}", article.slug)
    assert editor_client.get(article.get_absolute_url()).status_code == 200


def test_an_empty_slug_is_made_from_the_headline(editor_client, make_section):
    section = make_section()
    response = editor_client.post(
        "/admin/articles/article/add/",
        form_data(section.pk, headline='Mayor\'s "Bridge" plan & cyclists', slug=""),
    )
    assert response.status_code == 302
    assert Article.objects.filter(slug="mayors-bridge-plan-cyclists").exists()


def test_a_taken_slug_is_refused_saying_what_to_do(editor_client, make_article):
    existing = make_article()
    response = editor_client.post(
        "/admin/articles/article/add/", form_data(existing.section_id, slug=existing.slug)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Another article already exists with this slug" in page
    assert "change the slug" in page
    assert "Article with this Slug already exists." not in page


def test_a_photo_chosen_in_a_form_refused_for_another_field_is_said_to_be_lost(
    editor_client, make_article
):
    """A browser does not send a chosen file again: the form came back with the slug's error,
    the photo box silently empty, and the next save stored the article without the photo."""
    existing = make_article()
    data = form_data(existing.section_id, slug=existing.slug, photo_caption="The river at dusk")
    response = editor_client.post("/admin/articles/article/add/", {**data, "photo": _jpeg()})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert PHOTO_NOT_KEPT in form.errors["photo"]
    assert "choose the file again" in response.content.decode()
    # The caption typed is still in the form.
    assert 'value="The river at dusk"' in response.content.decode()


def test_a_valid_form_with_a_photo_saves_it_without_the_lost_photo_message(
    editor_client, make_section
):
    section = make_section()
    response = editor_client.post(
        "/admin/articles/article/add/", {**form_data(section.pk), "photo": _jpeg()}
    )
    assert response.status_code == 302
    assert Article.objects.get(slug="library-extends-opening-hours").photo


def _change(editor_client, article, **overrides):
    data = form_data(
        article.section_id,
        headline=article.headline,
        slug=article.slug,
        status=article.status,
        published_at_0=article.published_at.strftime("%Y-%m-%d"),
        published_at_1=article.published_at.strftime("%H:%M:%S"),
    )
    data.update(overrides)
    return editor_client.post(f"/admin/articles/article/{article.pk}/change/", data, follow=True)


def test_changing_a_live_articles_slug_says_so_and_old_links_lead_on(editor_client, make_article):
    article = make_article()
    old_url = article.get_absolute_url()
    response = _change(editor_client, article, slug="a-new-address")
    said = " ".join(_messages(response))
    assert f"changed from {old_url} to /news/a-new-address/" in said
    assert "Links to the old address lead to the new one" in said
    moved = editor_client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == "/news/a-new-address/"


def test_changing_a_drafts_slug_says_nothing_of_old_links(editor_client, make_article):
    article = make_article(status=Article.Status.DRAFT)
    response = _change(editor_client, article, slug="a-new-address")
    assert not any("address changed" in m for m in _messages(response))


def test_setting_a_live_article_to_draft_says_it_was_withdrawn(editor_client, make_article):
    article = make_article()
    response = _change(editor_client, article, status="draft")
    assert any(m.startswith("Withdrawn: readers no longer see") for m in _messages(response))
    # Saving the draft again is not a second withdrawal.
    article.refresh_from_db()
    response = _change(editor_client, article, status="draft", body="Another edit.")
    assert not any(m.startswith("Withdrawn") for m in _messages(response))


def test_the_list_leaves_the_headline_room(editor_client, make_article):
    """The list squeezed headlines to a word a line and cut its last column off: the comments
    column showed the choice's long label, and the section and two date columns were kept on
    one line each (the admin's `nowrap` for foreign-key and date fields)."""
    make_article(comments_mode=Article.CommentsMode.PREMODERATED)
    page = editor_client.get("/admin/articles/article/").content.decode()
    table = page.split('id="result_list"')[1].split("</table>")[0]
    assert '<td class="field-comments">Pre-moderated</td>' in table
    assert "(every comment waits for a moderator)" not in table
    assert "nowrap" not in table
    for column in ("Section", "Published at", "Updated"):
        assert column in table


def test_the_headline_box_is_wide_enough_for_a_long_headline(editor_client):
    page = editor_client.get("/admin/articles/article/add/").content.decode()
    headline = re.search(r"<input[^>]*name=\"headline\"[^>]*>", page).group(0)
    assert 'class="vLargeTextField"' in headline


def test_the_slug_box_says_what_the_slug_is_and_when_not_to_change_it(editor_client):
    page = editor_client.get("/admin/articles/article/add/").content.decode()
    assert (
        "The article&#x27;s address, /news/SLUG/" in page
        or "The article's address, /news/SLUG/" in page
    )
    assert "Best changed before publishing" in page


def test_a_photo_with_no_caption_or_credit_has_no_empty_caption(editor_client, make_article):
    """A photo saved without caption and credit was followed by an empty <figcaption>, which
    screen readers announce as the figure's (empty) caption."""
    bare = make_article(photo=_jpeg())
    page = editor_client.get(bare.get_absolute_url()).content.decode()
    assert 'class="article__photo"' in page and "<figcaption" not in page
    captioned = make_article(photo=_jpeg(), photo_caption='The river & "the" ferry')
    page = editor_client.get(captioned.get_absolute_url()).content.decode()
    assert '<figcaption dir="auto">The river &amp; &quot;the&quot; ferry</figcaption>' in page
