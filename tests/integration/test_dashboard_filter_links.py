"""Links that carry the moderator's filters and searches keep them (found while adding the
settings page's article search: the template's urlencode filter quoted a dict's repr, so the
tabs, "Next page", the live updates and the audit log's CSV and pages lost them)."""

from __future__ import annotations

import html
import re

import pytest

from masthead.dashboard import actions
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def test_queue_tabs_next_page_and_live_updates_keep_the_filters(client, mod, held):
    comment = held()
    client.force_login(mod)
    page = client.get(
        "/moderation/queue/held/", {"article": comment.article_id, "author": "A B&C"}
    ).content.decode()
    query = f"article={comment.article_id}&author=A+B%26C"
    assert f"/moderation/queue/reported/?{query}" in _hrefs(page)
    live = re.search(r'data-filters="([^"]*)"', page).group(1)
    assert html.unescape(live) == query


def test_next_page_keeps_the_filters(client, mod, held, make_article):
    other = make_article()
    comments = [held(f"idiot {i}") for i in range(26)]
    held("idiot elsewhere", article=other)
    client.force_login(mod)
    page = client.get("/moderation/queue/held/", {"article": comments[0].article_id})
    nxt = next(h for h in _hrefs(page.content.decode()) if "after=" in h)
    assert nxt.startswith(f"?article={comments[0].article_id}&sort=oldest&after=")
    second = client.get("/moderation/queue/held/" + nxt).content.decode()
    assert "idiot elsewhere" not in second


def test_the_audit_logs_csv_link_and_pages_keep_the_search(client, mod, held):
    comments = [held(f"idiot {i}") for i in range(3)]
    for c in comments:
        actions.reject(mod, c.pk, "Rude & personal.")
    client.force_login(mod)
    page = client.get("/moderation/audit/", {"q": "Rude & personal", "action": "reject"})
    csv_link = next(h for h in _hrefs(page.content.decode()) if "audit.csv" in h)
    assert csv_link == "/moderation/audit.csv?q=Rude+%26+personal&action=reject"
    rows = b"".join(client.get(csv_link).streaming_content).decode().splitlines()
    assert len(rows) == 1 + 3
