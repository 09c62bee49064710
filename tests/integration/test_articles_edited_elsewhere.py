"""The newsroom form's version.json: what an open change form asks (edited_elsewhere.js) to say
that the article was saved elsewhere before the editor types over a newer version. It is the
version the "edited meanwhile" check on save compares, answered 304 with no body while the
page's ETag is current, and only to staff who may see the article in the newsroom."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from masthead.articles import actions
from masthead.articles.models import Article
from tests.support.staff import staff_client

pytestmark = pytest.mark.django_db


def test_the_change_form_loads_its_watcher_and_version_json_moves_when_saved_elsewhere(
    make_article,
):
    article = make_article()
    editor = staff_client("ed", "view_article", "change_article")
    form = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "articles/edited_elsewhere.js" in form
    seen = re.search(r'name="seen_version" value="([0-9a-f]+)"', form)
    assert seen

    url = f"/admin/articles/article/{article.pk}/version.json"
    first = editor.get(url)
    assert first.status_code == 200 and first.json() == {"version": seen.group(1)}
    assert {"private", "no-store"} <= {d.strip() for d in first["Cache-Control"].split(",")}
    unchanged = editor.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""

    article.comments_mode = Article.CommentsMode.CLOSED  # a moderator closes its comments
    actions.save_article(article)
    moved = editor.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert moved.status_code == 200 and moved.json()["version"] != seen.group(1)


def test_version_json_is_refused_to_staff_who_may_not_see_the_article_in_the_newsroom(
    make_article,
):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    url = f"/admin/articles/article/{draft.pk}/version.json"
    assert staff_client("viewer", "view_article").get(url).status_code == 404  # drafts: not theirs
    assert staff_client("nobody").get(url).status_code in {302, 403, 404}
    assert Client().get(url).status_code == 302  # to the log-in page
    assert staff_client("ed", "change_article").get(url).status_code == 200
