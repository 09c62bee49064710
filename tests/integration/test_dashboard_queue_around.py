"""A queue page asked for `around=<comment>` is the page, as "Next page" walks them in that
order with those filters, that holds the comment, with it current; a comment waiting in another
tab sends the page there; one outside the filters or no longer waiting is said, with a link.
`u` (and the Undo button) land there (2026-11-30; before, they reloaded the queue's first page,
so an undone comment sorting beyond it, or back in another tab, was not shown)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from masthead.comments.models import Comment, CommentReport
from masthead.dashboard import actions, queries
from masthead.dashboard.models import Triage
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(i) for i in re.findall(r'data-id="(\d+)"', response.content.decode())]


def _current(response) -> str | None:  # type: ignore[no-untyped-def]
    found = re.search(r'data-current="(\d+)"', response.content.decode())
    return found.group(1) if found else None


def _backlog(held, n: int) -> list[Comment]:  # type: ignore[no-untyped-def]
    comments = []
    for i in range(n):
        comment = held(f"idiot number {i}")
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=200 - i)
        )
        comments.append(comment)
    return comments


def _pages(client, tab: str = "held", query: str = "") -> list[list[int]]:  # type: ignore[no-untyped-def]
    """The queue's pages as "Next page" walks them."""
    pages = []
    url = f"/moderation/queue/{tab}/?{query}"
    while url:
        response = client.get(url)
        pages.append(_ids(response))
        found = re.search(r'rel="next" href="\?([^"]+)"', response.content.decode())
        url = f"/moderation/queue/{tab}/?{found.group(1).replace('&amp;', '&')}" if found else ""
    return pages


def test_around_a_comment_beyond_the_first_page_shows_the_page_next_page_reaches(client, mod, held):
    comments = _backlog(held, 2 * queries.PAGE_SIZE + 7)
    client.force_login(mod)
    walked = _pages(client)
    assert len(walked) == 3
    for index in (0, queries.PAGE_SIZE - 1, queries.PAGE_SIZE, 40, 2 * queries.PAGE_SIZE + 6):
        wanted = comments[index].pk
        response = client.get(f"/moderation/queue/held/?around={wanted}")
        assert response.status_code == 200
        assert _ids(response) == walked[index // queries.PAGE_SIZE]
        assert _current(response) == str(wanted)
    html = client.get(f"/moderation/queue/held/?around={comments[40].pk}").content.decode()
    # A later page can go back to the first, and its forms come back to this page, not "around".
    assert ">First page</a>" in html
    assert re.search(r'name="next" value="/moderation/queue/held/\?after=[^"]+"', html)
    assert "around=" not in re.search(r'data-here="([^"]*)"', html).group(1)


def test_around_follows_the_sort_and_the_filters(client, mod, held, make_article):
    comments = _backlog(held, queries.PAGE_SIZE + 10)
    for i, comment in enumerate(comments):
        Triage.objects.filter(comment=comment).update(risk=(i % 7) / 10)
    other = make_article()
    elsewhere = [held(f"idiot elsewhere {i}", article=other) for i in range(3)]
    client.force_login(mod)
    by_risk = _pages(client, query="sort=risk")
    for wanted in (by_risk[0][3], by_risk[1][-1]):
        response = client.get(f"/moderation/queue/held/?sort=risk&around={wanted}")
        assert _ids(response) == next(page for page in by_risk if wanted in page)
        assert _current(response) == str(wanted)
    filtered = client.get(f"/moderation/queue/held/?article={other.pk}&around={elsewhere[2].pk}")
    assert _ids(filtered) == [c.pk for c in elsewhere]
    assert _current(filtered) == str(elsewhere[2].pk)


def test_around_a_comment_in_another_tab_goes_to_that_tab_and_says_so(
    client, mod, held, make_reader
):
    comment = held()
    client.force_login(mod)
    response = client.get(f"/moderation/queue/sample/?around={comment.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/moderation/queue/held/?around={comment.pk}"
    landed = client.get(response["Location"])
    assert _current(landed) == str(comment.pk)
    assert f"Comment no. {comment.pk} waits in Held, not in Audit sample" in landed.content.decode()


def test_around_a_comment_outside_the_filters_or_not_waiting_says_where_it_is(
    client, mod, held, make_article
):
    comment = held()
    other = make_article()
    client.force_login(mod)
    html = client.get(
        f"/moderation/queue/held/?article={other.pk}&around={comment.pk}"
    ).content.decode()
    assert f"Comment no. {comment.pk} waits in Held, but not with these filters." in html
    assert f'<a href="/moderation/queue/held/?around={comment.pk}">Show it</a>' in html
    actions.approve(mod, comment.pk)
    response = client.get(f"/moderation/queue/held/?around={comment.pk}")
    assert response.status_code == 200 and _current(response) is None
    html = response.content.decode()
    assert f"Comment no. {comment.pk} does not wait in any queue now" in html
    assert f'href="/moderation/comments/{comment.pk}/">Show it</a>' in html
    assert (
        "There is no comment no. 987654."
        in client.get("/moderation/queue/held/?around=987654").content.decode()
    )


def test_a_bad_around_is_a_400(client, mod):
    client.force_login(mod)
    assert client.get("/moderation/queue/held/?around=abc").status_code == 400
    assert client.get("/moderation/queue/held/?around=-3").status_code == 400


def test_the_undo_button_without_script_lands_on_the_page_holding_the_comment(client, mod, held):
    comments = _backlog(held, queries.PAGE_SIZE + 5)
    client.force_login(mod)
    undone = comments[queries.PAGE_SIZE + 2]
    actions.approve(mod, undone.pk)
    response = client.post(
        "/moderation/undo/", {"next": "/moderation/queue/held/?sort=oldest&after=abc"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/moderation/queue/held/?sort=oldest&around={undone.pk}"
    landed = client.get(response["Location"])
    assert undone.pk in _ids(landed) and _current(landed) == str(undone.pk)


def test_an_undo_putting_a_comment_back_in_reported_goes_to_that_tab(
    client, mod, held, make_reader
):
    comment = held()
    actions.approve(mod, comment.pk)
    CommentReport.objects.create(comment=comment, reporter=make_reader("Rae"), reason="spam")
    Comment.objects.filter(pk=comment.pk).update(report_count=1)
    actions.approve(mod, comment.pk)  # kept published, the report dealt with
    client.force_login(mod)
    response = client.post("/moderation/undo/", {"next": "/moderation/queue/held/"})
    landed = client.get(response["Location"], follow=True)
    assert landed.redirect_chain[-1][0] == f"/moderation/queue/reported/?around={comment.pk}"
    assert _current(landed) == str(comment.pk)
