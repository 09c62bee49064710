"""Undoing a bulk decision lands on the queue page that holds the first of its comments in the
page's order (with its filters), says how many came back and where, and marks and ticks the
ones on that page. Before (2026-11-30), the Undo button and `u` sent only the first comment's
number (the lowest: a bulk decision goes through its comments in number order), so the page
landed on that one, wherever it sorted, and said nothing of the others."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from masthead.comments.models import Comment
from masthead.dashboard import actions, queries
from masthead.dashboard.models import Triage
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-id="(\d+)"', html)]


def _current(html: str) -> str | None:
    found = re.search(r'data-current="(\d+)"', html)
    return found.group(1) if found else None


def _ticked(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'name="ids" value="(\d+)"[^>]*checked', html)}


def _marked(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'class="item is-back" id="item-(\d+)"', html)}


def _backlog(held, n: int) -> list[Comment]:  # type: ignore[no-untyped-def]
    comments = []
    for i in range(n):
        comment = held(f"idiot number {i}")
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=200 - i)
        )
        Triage.objects.filter(comment=comment).update(risk=0.3)
        comments.append(comment)
    return comments


def test_the_undo_button_after_a_bulk_approve_lands_on_the_first_of_them_in_the_page_order(
    client, mod, held
):
    comments = _backlog(held, queries.PAGE_SIZE + 5)
    low, middle, high = comments[3], comments[12], comments[27]
    # Highest risk first: no. `high` sorts first, `low` after every other comment (page 2).
    Triage.objects.filter(comment=high).update(risk=0.9)
    Triage.objects.filter(comment=middle).update(risk=0.5)
    Triage.objects.filter(comment=low).update(risk=0.1)
    actions.bulk(mod, "approve", [low.pk, middle.pk, high.pk], "")
    client.force_login(mod)

    response = client.post("/moderation/undo/", {"next": "/moderation/queue/held/?sort=risk"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/moderation/queue/held/"
    query = parse_qs(location.query)
    assert query["sort"] == ["risk"]
    assert sorted(query["around"][0].split(",")) == sorted(str(c.pk) for c in (low, middle, high))
    html = client.get(response["Location"]).content.decode()
    assert _current(html) == str(high.pk)
    assert _ids(html)[:2] == [high.pk, middle.pk] and low.pk not in _ids(html)
    assert _ticked(html) == _marked(html) == {high.pk, middle.pk}
    assert (
        f"3 comments put back in Held; showing the first in this order (no. {high.pk}). "
        "The 2 on this page are marked \u201cput back\u201d and ticked, so A or R decides them "
        "again. 1 more is on the pages after this one."
    ) in html
    # Its forms and a reload come back to this page, not to the comments put back.
    assert "around=" not in re.search(r'data-here="([^"]*)"', html).group(1)


def test_a_bulk_undo_says_how_many_of_its_comments_are_outside_the_filters(
    client, mod, held, make_article
):
    other = make_article()
    here = [held(f"idiot here {i}", article=other) for i in range(2)]
    away = held("idiot away")
    client.force_login(mod)
    listed = ",".join(str(c.pk) for c in [*here, away])
    html = client.get(f"/moderation/queue/held/?article={other.pk}&around={listed}")
    html = html.content.decode()
    assert _current(html) == str(here[0].pk)
    assert _ticked(html) == {here[0].pk, here[1].pk}
    assert "2 comments put back in Held" in html
    assert "1 other put back does not wait in Held with these filters." in html


def test_a_bulk_undo_from_another_tab_goes_to_the_tab_holding_them(client, mod, held):
    comments = _backlog(held, 3)
    actions.bulk(mod, "approve", [c.pk for c in comments], "")
    client.force_login(mod)
    response = client.post("/moderation/undo/", {"next": "/moderation/queue/sample/"}, follow=True)
    landed = urlsplit(response.redirect_chain[-1][0])
    assert landed.path == "/moderation/queue/held/"
    assert sorted(parse_qs(landed.query)["around"][0].split(",")) == sorted(
        str(c.pk) for c in comments
    )
    html = response.content.decode()
    assert _current(html) == str(comments[0].pk)
    assert _ticked(html) == {c.pk for c in comments}
    assert "The 3 comments put back wait in Held, not in Audit sample: this is Held." in html
    assert "3 comments put back in Held; showing the first in this order" in html


def test_a_bulk_undo_outside_the_filters_or_decided_again_says_so(client, mod, held, make_article):
    comments = _backlog(held, 2)
    other = make_article()
    listed = ",".join(str(c.pk) for c in comments)
    client.force_login(mod)
    html = client.get(f"/moderation/queue/held/?article={other.pk}&around={listed}")
    html = html.content.decode()
    assert _current(html) is None
    assert "The 2 comments put back wait in Held, but not with these filters." in html
    assert f'href="/moderation/queue/held/?around={listed.replace(",", "%2C")}">Show it' in html
    actions.bulk(mod, "approve", [c.pk for c in comments], "")
    html = client.get(f"/moderation/queue/held/?around={listed}").content.decode()
    assert "None of the 2 comments put back waits in any queue now" in html


def test_a_bad_list_of_comments_to_land_on_is_a_400(client, mod):
    client.force_login(mod)
    assert client.get("/moderation/queue/held/?around=3,abc").status_code == 400
    assert client.get("/moderation/queue/held/?around=3,,4").status_code == 400
    too_many = ",".join(str(i) for i in range(1, actions.MAX_BULK + 2))
    assert client.get(f"/moderation/queue/held/?around={too_many}").status_code == 400
    assert client.get("/moderation/queue/held/?around=3,3").status_code == 200
