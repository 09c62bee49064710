"""GET /api/moderation/queue?tab=...: a queue as JSON for scripts and bots, read-only, with the
permissions, items, order, reasons and scores the workspace's queue page shows (API QA
follow-up, 2026-11-30). Before, the only way to read a queue from a script was to scrape the
page or to ask for its rendered HTML items at /queues/{tab}/new."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from masthead.dashboard import queries
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
URL = "/api/moderation/queue"


def _signed_in(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _page_ids(client, query: str) -> list[int]:  # type: ignore[no-untyped-def]
    html = client.get(f"/moderation/queue/held/?{query}").content.decode()
    return [int(n) for n in re.findall(r'<li class="item" id="item-([0-9]+)"', html)]


def test_a_held_item_carries_what_the_workspace_shows(mod, held):  # type: ignore[no-untyped-def]
    comment = held("You idiot, read the report.", reader_name="Sam Hollis")
    response = _signed_in(mod).get(URL, {"tab": "held"})
    assert response.status_code == 200
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    body = response.json()
    assert body["tab"] == "held" and body["sort"] == "oldest" and body["next_after"] is None
    (item,) = body["items"]
    assert item["id"] == comment.pk
    assert item["status"] == "held"
    assert item["author"] == "Sam Hollis" and item["author_id"] == comment.author_id
    assert item["guest"] is False
    assert item["text"] == "You idiot, read the report."
    assert item["article_id"] == comment.article_id
    assert item["article_headline"] == comment.article.headline
    assert item["created_at"].endswith("Z")
    assert item["reasons"] == [
        {"code": "insult", "words": queries.plain_reason("insult"), "enforced": True}
    ]
    # highest first, as the page lists them, with the stored probability beside its words
    assert [(s["code"], s["probability"]) for s in item["scores"]] == [
        ("insult", 0.93),
        ("toxicity", 0.88),
    ]
    assert item["scores"][0]["percent"] == "93%"
    assert item["scores"][0]["level"]
    assert item["model_version"] == "test-keyword-1"
    history = item["author_history"]
    assert history["held"] == 1 and history["published"] == 0 and history["banned"] is False
    assert "domain_to_offer" not in history  # derived from the e-mail address: the page's form only
    assert item["reports"] == []


def test_pages_follow_the_workspaces_order_and_filters(mod, held, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    made = [held(f"Idiot number {n}.", reader_name=f"Reader {n}") for n in range(5)]
    client = _signed_in(mod)
    seen: list[int] = []
    after = ""
    for _ in range(5):
        body = client.get(URL, {"tab": "held", "after": after} if after else {"tab": "held"}).json()
        assert len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
        after = body["next_after"]
        if after is None:
            break
    assert seen == [c.pk for c in made] == _page_ids(client, "")
    one = client.get(URL, {"tab": "held", "author": "Reader 3"}).json()
    assert [item["id"] for item in one["items"]] == [made[3].pk]
    assert [item["id"] for item in one["items"]] == _page_ids(client, "author=Reader+3")


def test_the_reported_queue_lists_the_open_reports(
    mod, make_article, make_reader, post, keyword_moderation
):  # type: ignore[no-untyped-def]
    from masthead.comments import actions

    comment = post(make_article(), make_reader("Alice"), "A published remark.")
    actions.report_comment(comment, make_reader("Bob"), "spam", "Selling things")
    (item,) = _signed_in(mod).get(URL, {"tab": "reported"}).json()["items"]
    assert item["id"] == comment.pk and item["status"] == "published"
    assert [(r["reason"], r["note"]) for r in item["reports"]] == [("spam", "Selling things")]


def test_a_bad_request_says_what_is_wrong(mod, held):  # type: ignore[no-untyped-def]
    held()
    client = _signed_in(mod)
    cases = {
        "bad_queue": {"tab": "nowhere"},
        "bad_cursor": {"tab": "held", "after": "not-a-cursor"},
        "bad_filter": {"tab": "held", "article": "x"},
        "bad_sort": {"tab": "held", "sort": "newest"},
    }
    for code, params in cases.items():
        response = client.get(URL, params)
        assert response.status_code == 400, code
        assert response.json()["error"]["code"] == code
    assert client.get(URL).status_code == 400  # tab is required


def test_only_moderators_may_read_a_queue_and_nobody_may_write_there(
    mod, editor, make_reader, held
):  # type: ignore[no-untyped-def]
    held()
    assert Client().get(URL, {"tab": "held"}).status_code == 401
    for user in (editor, make_reader("Plain Reader")):
        response = _signed_in(user).get(URL, {"tab": "held"})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert _signed_in(mod).post(URL + "?tab=held").status_code == 405
