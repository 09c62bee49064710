"""Two moderators' bulk decisions over the same comments, ticked in different orders (one
queue sorted oldest first, the other highest risk first), at the same moment: both finish, one
deciding each comment and the other told it was decided, rather than PostgreSQL breaking a
deadlock by failing one of them with an error (QA walk, 2026-11-30: the comments were locked in
the order they were ticked)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from masthead.comments.models import Comment
from masthead.dashboard import actions
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.two_writers import run_two


@pytest.mark.django_db(transaction=True)  # each moderator's bulk runs on its own connection
def test_bulk_decisions_in_opposite_orders_do_not_deadlock(mod, lead, held, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: select_for_update is a no-op there")
    first, second = held("idiot one"), held("idiot two")
    # Each bulk waits, once it holds its first comment's lock, until the other holds one too
    # (or a moment has passed), so their locks interleave as on a busy site.
    both_locked = threading.Barrier(2, timeout=3)
    locked_once: set[int] = set()
    locked_comment = actions._locked_comment

    def interleaved(comment_id: int) -> Comment:
        comment = locked_comment(comment_id)
        me = threading.get_ident()
        if me not in locked_once:
            locked_once.add(me)
            try:
                both_locked.wait()
            except threading.BrokenBarrierError:
                pass
        return comment

    monkeypatch.setattr(actions, "_locked_comment", interleaved)
    outcomes = run_two(
        ("mod", lambda: actions.bulk(mod, "approve", [first.pk, second.pk])),
        ("lead", lambda: actions.bulk(lead, "approve", [second.pk, first.pk])),
    )
    errors = {
        name: repr(o)
        for name, o in outcomes.items()
        if isinstance(o, Exception) and getattr(o, "code", "") != "already_decided"
    }
    assert errors == {}
    assert set(
        Comment.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {"published"}
