"""A retried comment POST (same idempotency key) never makes a second comment."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments import actions
from masthead.comments.models import Comment
from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture(autouse=True)
def _publish_everything(use_moderator):
    use_moderator(PUBLISH_ALL)


def reader_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def api_post(client, article, text, key=None):  # type: ignore[no-untyped-def]
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"/api/articles/{article.pk}/comments", {"text": text}, content_type=JSON, headers=headers
    )


def test_api_retry_with_the_same_key_returns_the_first_comment(make_article, make_reader):
    article, client = make_article(), reader_client(make_reader())
    first = api_post(client, article, "The toll should be dropped.", key="k-123")
    again = api_post(client, article, "The toll should be dropped.", key="k-123")
    assert first.status_code == again.status_code == 201
    assert again.json()["comment"]["id"] == first.json()["comment"]["id"]
    assert Comment.objects.filter(article=article).count() == 1


def test_api_posts_without_a_key_are_separate_comments(make_article, make_reader):
    article, client = make_article(), reader_client(make_reader())
    api_post(client, article, "Same words twice.")
    api_post(client, article, "Same words twice.")
    assert Comment.objects.filter(article=article).count() == 2


def test_form_resubmission_with_its_hidden_key_posts_once(make_article, make_reader):
    article, client = make_article(), reader_client(make_reader())
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="idempotency_key"' in page
    form = {"text": "Double-clicked the button.", "idempotency_key": "form-key-1"}
    url = f"/comments/article/{article.pk}/post/"
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert Comment.objects.filter(article=article).count() == 1


def test_each_rendered_form_gets_a_fresh_key(make_article, make_reader):
    import re

    article, client = make_article(), reader_client(make_reader())
    keys = [
        re.search(
            r'name="idempotency_key" value="([^"]+)"',
            client.get(article.get_absolute_url()).content.decode(),
        ).group(1)  # type: ignore[union-attr]
        for _ in range(2)
    ]
    assert keys[0] != keys[1]


def test_two_readers_using_the_same_key_get_their_own_comments(make_article, make_reader):
    article = make_article()
    a = api_post(reader_client(make_reader()), article, "Mine.", key="shared")
    b = api_post(reader_client(make_reader()), article, "Mine.", key="shared")
    assert a.json()["comment"]["id"] != b.json()["comment"]["id"]


def test_a_key_reused_for_different_text_is_refused_with_409(make_article, make_reader):
    article, client = make_article(), reader_client(make_reader())
    api_post(client, article, "First text.", key="k-9")
    response = api_post(client, article, "Another text.", key="k-9")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Comment.objects.filter(article=article).count() == 1


def test_a_malformed_key_is_a_400(make_article, make_reader):
    article, client = make_article(), reader_client(make_reader())
    response = api_post(client, article, "Text.", key="x" * 101)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "idempotency_key"


def test_retries_do_not_use_up_the_rate_limit(make_article, make_reader, masthead_settings):
    masthead_settings(COMMENT_RATE_PER_READER="1/60")
    article, client = make_article(), reader_client(make_reader())
    assert api_post(client, article, "Only one allowed.", key="r1").status_code == 201
    assert api_post(client, article, "Only one allowed.", key="r1").status_code == 201
    assert api_post(client, article, "A second one.", key="r2").status_code == 429


def test_a_try_that_died_before_its_verdict_is_finished_by_the_retry(make_article, make_reader):
    article, reader = make_article(), make_reader()
    posting = actions.Posting(text="Cut off mid-request.", idempotency_key="crash-1")
    stored_key = actions.check_idempotency_key(reader, posting)
    # What the first try left behind when the process died after the insert committed.
    orphan = actions._create_pending(
        article, reader, posting, None, "Cut off mid-request.", ("", ""), stored_key
    )
    assert orphan.status == Comment.Status.PENDING
    retried = actions.post_comment(article, reader, posting)
    assert retried.pk == orphan.pk
    assert retried.status == Comment.Status.PUBLISHED
    assert Comment.objects.filter(article=article).count() == 1
