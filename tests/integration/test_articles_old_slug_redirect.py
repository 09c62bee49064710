"""A live article's old address leads on to its new one (QA walk, 2026-11-30): changing the
slug of a published story made every link to it (shared, in search results, in feeds readers
already had) answer 404."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from masthead.articles import actions
from masthead.articles.models import Article, OldSlug

pytestmark = pytest.mark.django_db


def _rename(article: Article, slug: str) -> Article:
    article.slug = slug
    return actions.save_article(article)


def test_the_old_address_of_a_live_article_moves_permanently_to_the_new_one(make_article):
    article = make_article(slug="old-name")
    _rename(article, "new-name")
    response = Client().get("/news/old-name/?sort=newest")
    assert response.status_code == 301
    assert response["Location"] == "/news/new-name/?sort=newest"
    assert response["Cache-Control"] == "public, max-age=60"
    assert Client().get("/news/new-name/").status_code == 200


def test_every_earlier_address_leads_to_the_latest(make_article):
    article = make_article(slug="first")
    _rename(article, "second")
    _rename(article, "third")
    for old in ("first", "second"):
        assert Client().get(f"/news/{old}/")["Location"] == "/news/third/"


def test_a_slug_put_back_is_the_articles_own_address_again(make_article):
    article = make_article(slug="first")
    _rename(article, "second")
    _rename(article, "first")
    assert Client().get("/news/first/").status_code == 200
    assert Client().get("/news/second/")["Location"] == "/news/first/"
    assert not OldSlug.objects.filter(slug="first").exists()


def test_another_article_that_takes_an_old_address_is_shown_there(make_article):
    moved = make_article(slug="shared-name")
    _rename(moved, "moved-on")
    taker = make_article(slug="shared-name", headline="A different story")
    response = Client().get("/news/shared-name/")
    assert response.status_code == 200 and "A different story" in response.content.decode()
    assert taker.slug == "shared-name"


def test_a_draft_renamed_before_publishing_leaves_no_old_address(make_article):
    article = make_article(slug="working-title", status=Article.Status.DRAFT)
    _rename(article, "final-title")
    assert not OldSlug.objects.exists()
    assert Client().get("/news/working-title/").status_code == 404


def test_a_withdrawn_articles_old_address_answers_only_its_editors(make_article, client):
    article = make_article(slug="old-name")
    _rename(article, "new-name")
    article.status = Article.Status.DRAFT
    actions.save_article(article)
    assert Client().get("/news/old-name/").status_code == 404
    editor = get_user_model().objects.create_user("ed", password="pw-for-tests-only", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(editor)
    response = client.get("/news/old-name/")
    assert response.status_code == 301 and response["Cache-Control"] == "private, no-store"


def test_an_address_no_article_ever_had_is_still_404(make_article):
    make_article(slug="real")
    assert Client().get("/news/never-was/").status_code == 404


def test_deleting_the_article_forgets_its_old_addresses(make_article):
    article = make_article(slug="old-name")
    _rename(article, "new-name")
    article.delete()
    assert not OldSlug.objects.exists()
    assert Client().get("/news/old-name/").status_code == 404
