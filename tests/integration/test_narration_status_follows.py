"""status.json for an editor's page that stays open: it carries the article's version (the one
the newsroom form's "edited meanwhile" check compares), so the page can say that the article was
saved elsewhere, and it answers 304 with no body when the page sends the ETag of an unchanged
answer (the page asks every minute while the narration is settled: editor_status.js)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from masthead.articles import actions
from masthead.articles.models import Article
from masthead.narration.models import Narration
from tests.support.staff import staff_client

pytestmark = pytest.mark.django_db


def _status(client: Client, article: Article) -> dict:
    response = client.get(f"/listen/{article.slug}/status.json")
    assert response.status_code == 200
    return response.json()


def test_status_json_gives_editors_the_version_the_form_checks_and_a_save_elsewhere_moves_it(
    make_article,
):
    article = make_article()
    Narration.objects.create(article=article, status=Narration.Status.READY)
    editor = staff_client("ed", "change_narration", "view_article", "change_article")
    form = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    seen = re.search(r'name="seen_version" value="([0-9a-f]+)"', form)
    assert seen
    opened = _status(editor, article)["article_version"]
    assert opened == seen.group(1)
    page = editor.get(article.get_absolute_url()).content.decode()
    assert f'data-article-version="{opened}"' in page

    article.body += "\n\nThe council will vote again in May."
    actions.save_article(article)  # another tab, another editor, an import
    assert _status(editor, article)["article_version"] not in {"", opened}

    # nobody else learns it: readers, and staff who may not change articles
    assert "article_version" not in _status(Client(), article)
    assert "article_version" not in _status(staff_client("voice", "change_narration"), article)
    assert "data-article-version" not in Client().get(article.get_absolute_url()).content.decode()


def test_status_json_answers_its_own_etag_with_304_and_no_body_until_the_state_changes(
    make_article,
):
    article = make_article()
    narration = Narration.objects.create(article=article, status=Narration.Status.READY)
    editor = staff_client("ed", "change_narration", "change_article")
    url = f"/listen/{article.slug}/status.json"
    first = editor.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    assert {"private", "no-store"} <= {d.strip() for d in first["Cache-Control"].split(",")}

    again = editor.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag

    narration.status = Narration.Status.QUEUED  # a save or Regenerate elsewhere
    narration.save(update_fields=["status"])
    changed = editor.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["status"] == "queued"
    assert changed["ETag"] != etag

    # the version is in the answer: a save that leaves the narration as it was (comments
    # closed: nothing read changed) changes the answer too
    etag = changed["ETag"]
    article.comments_mode = Article.CommentsMode.CLOSED
    actions.save_article(article)
    assert Narration.objects.get(article=article).status == Narration.Status.QUEUED
    assert editor.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
