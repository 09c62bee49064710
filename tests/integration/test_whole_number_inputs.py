"""Numbers typed into forms and query strings that str.isdigit() takes but int() refuses ("²")
or a database integer cannot hold (30 digits) were 500s; now each is ignored or a clear 400."""

from __future__ import annotations

import pytest

from masthead.comments.models import Comment
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.dashboard_fixtures import client_for

pytestmark = pytest.mark.django_db
ODD = ["²", "٣", "9" * 30, "9" * 5000]


@pytest.mark.parametrize("odd", ODD)
def test_a_reader_posting_with_an_odd_parent_id_gets_a_top_level_comment_not_a_500(
    client, make_article, make_reader, odd
):  # type: ignore[no-untyped-def]
    article = make_article()
    client.force_login(make_reader("Alice"))
    response = client.post(
        f"/comments/article/{article.pk}/post/",
        {"text": "The bridge is overdue.", "parent_id": odd},
    )
    assert response.status_code in (200, 302)
    comment = Comment.objects.get(article=article)
    assert comment.parent_id is None


@pytest.mark.parametrize("odd", ODD)
def test_queue_and_audit_filters_take_odd_numbers_without_a_500(client, mod, odd):  # type: ignore[no-untyped-def]
    c = client_for(client, mod)
    assert c.get("/moderation/queue/held/", {"article": odd}).status_code == 400
    assert c.get("/moderation/queue/held/", {"author": odd}).status_code == 200
    assert c.get("/moderation/audit/", {"q": odd}).status_code == 200


@pytest.mark.parametrize("odd", ODD)
def test_suspending_for_an_odd_number_of_days_is_a_clear_error(client, lead, make_reader, odd):  # type: ignore[no-untyped-def]
    reader = make_reader("Bob")
    response = client_for(client, lead).post(
        f"/moderation/readers/{reader.pk}/suspend/", {"days": odd}
    )
    assert response.status_code in (302, 400)
    reader.reader.refresh_from_db()
    assert not reader.reader.is_suspended
