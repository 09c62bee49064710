"""`masthead demo`: enough content to try the site, twice without duplicates."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from masthead.articles.models import Article, Section
from masthead.demo.content import ARTICLES

# Other apps' demos (comments, dashboard) add stories of their own; these are this app's.
OWN_KEYS = [f"demo:{demo.key}" for demo in ARTICLES]

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_loads_articles_in_several_sections_each_with_photo_caption_credit_and_subheadings(
    loaded_demo,
):
    articles = list(Article.objects.live().filter(import_key__in=OWN_KEYS))
    assert len(articles) == len(ARTICLES) >= 4
    assert Section.objects.filter(articles__in=articles).distinct().count() >= 2
    for article in articles:
        assert article.photo and article.photo.width == 1200
        assert article.photo_caption and article.photo_credit and article.photo_alt
        assert any(block.kind == "heading" for block in article.blocks)
    assert any(block.kind == "quote" for a in articles for block in a.blocks)


def test_running_the_demo_twice_changes_and_duplicates_nothing(loaded_demo):
    before = {
        a.import_key: (a.pk, a.updated_at, a.photo.name, a.published_at)
        for a in Article.objects.all()
    }
    users_before = get_user_model().objects.count()
    out = run_demo()
    after = {
        a.import_key: (a.pk, a.updated_at, a.photo.name, a.published_at)
        for a in Article.objects.all()
    }
    assert after == before
    assert get_user_model().objects.count() == users_before
    assert "created" not in out.split("Demo-only logins")[0]


def test_demo_accounts_are_staff_in_their_groups_and_can_log_in(loaded_demo, client):
    assert (
        "editor / demo-editor-pass" in loaded_demo
        and "moderator / demo-moderator-pass" in loaded_demo
    )
    editor = get_user_model().objects.get(username="editor")
    moderator = get_user_model().objects.get(username="moderator")
    assert editor.is_staff and not editor.is_superuser
    assert editor.groups.filter(name="Editors").exists()
    assert moderator.groups.filter(name="Moderators").exists()
    assert editor.has_perm("articles.change_article") and editor.has_perm(
        "articles.publish_article"
    )
    assert not moderator.has_perm("articles.change_article")
    assert client.login(username="editor", password="demo-editor-pass")
    assert client.get("/admin/articles/article/").status_code == 200


def test_demo_pages_render(loaded_demo, client):
    assert client.get("/").status_code == 200
    for article in Article.objects.all():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        if article.photo:
            assert article.photo.url in response.content.decode()
    assert client.get("/section/city/").status_code == 200


def test_demo_editor_sees_the_narration_status_and_can_regenerate_and_fix_pronunciations(
    loaded_demo, client
):
    # docs/narration.md gives editors the status above the article, Regenerate and the
    # pronunciation entries; the demo's editor had only the articles' permissions (moved here
    # from test_qa_pass.py to share this module's demo load).
    article = Article.objects.live().first()
    assert article is not None
    assert client.login(username="editor", password="demo-editor-pass")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Narration status for editors" in page
    assert "Regenerate audio" in page or "Narrate audio" in page
    response = client.post(f"/listen/{article.slug}/regenerate")
    assert response.status_code == 302
    assert client.get("/admin/narration/narration/").status_code == 200
    assert client.get("/admin/narration/pronunciationentry/add/").status_code == 200
