"""A suspension (or ban) sent while a colleague's lift of the same reader is being saved waits
for it, so its audit entry's "before" is the state it changed and the moderator is told the
truth (QA, 2026-11-30: suspend and ban read the reader's profile without locking it, unlike the
lifts, so on PostgreSQL a 3-day suspension sent during the lift of a 30-day one read the old end,
was logged and answered as "not shortened: already suspended until …", and the reader was left
with no suspension at all)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from masthead.comments.models import ReaderProfile
from masthead.dashboard import actions
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.two_writers import run_two


def _race(monkeypatch, lift, act):  # type: ignore[no-untyped-def]
    """Run `lift` and, once it holds the reader's lock and is about to write, `act`; both on
    their own connections. Returns their outcomes."""
    about_to_write = threading.Event()
    real_suspend, real_ban = actions.comments.suspend_reader, actions.comments.ban_reader

    def slow_lift_suspension(reader, moderator, until):  # type: ignore[no-untyped-def]
        if until is None:
            about_to_write.set()
            time.sleep(1)  # the other decision is sent meanwhile
        return real_suspend(reader, moderator, until)

    def slow_unban(reader, moderator, banned=True, **options):  # type: ignore[no-untyped-def]
        if not banned:
            about_to_write.set()
            time.sleep(1)
        return real_ban(reader, moderator, banned, **options)

    monkeypatch.setattr(actions.comments, "suspend_reader", slow_lift_suspension)
    monkeypatch.setattr(actions.comments, "ban_reader", slow_unban)
    return run_two(("lift", lift), ("act", act), second_after=about_to_write)


@pytest.mark.django_db(transaction=True)  # each moderator's decision runs on its own connection
def test_a_suspension_sent_during_a_lift_records_the_lifted_state_and_is_applied(
    mod, lead, held, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: select_for_update is a no-op there")
    reader_id = held().author_id
    actions.suspend(lead, reader_id, 30, "Insults")
    outcomes = _race(
        monkeypatch,
        lambda: actions.lift_suspension(lead, reader_id, "Apologised"),
        lambda: actions.suspend(mod, reader_id, 3, "Spam"),
    )
    suspended = outcomes["act"]
    assert isinstance(suspended, actions.AuditEntry), outcomes
    assert suspended.before["suspended_until"] is None  # what the lift left
    assert "not shortened" not in suspended.reason
    until = ReaderProfile.objects.get(user_id=reader_id).suspended_until
    assert until is not None and until > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_ban_sent_during_a_lift_of_the_ban_records_the_lifted_state_and_is_applied(
    mod, lead, held, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: select_for_update is a no-op there")
    reader_id = held().author_id
    actions.ban(lead, reader_id, "Spam")
    outcomes = _race(
        monkeypatch,
        lambda: actions.lift_ban(lead, reader_id, "Wrong reader"),
        lambda: actions.ban(mod, reader_id, "Spam again"),
    )
    banned = outcomes["act"]
    assert isinstance(banned, actions.AuditEntry), outcomes
    assert banned.before["banned"] is False
    assert ReaderProfile.objects.get(user_id=reader_id).banned


@pytest.mark.django_db(transaction=True)
def test_trusting_a_reader_during_a_lift_of_their_ban_records_the_lifted_state(
    mod, lead, held, monkeypatch
):
    """trust() locks the profile too: its audit entry's "before" is what the lift left."""
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: select_for_update is a no-op there")
    reader_id = held().author_id
    actions.ban(lead, reader_id, "Spam")
    outcomes = _race(
        monkeypatch,
        lambda: actions.lift_ban(lead, reader_id, "Wrong reader"),
        lambda: actions.trust(mod, reader_id),
    )
    trusted = outcomes["act"]
    assert isinstance(trusted, actions.AuditEntry), outcomes
    assert trusted.before["banned"] is False


@pytest.mark.django_db(transaction=True)
def test_an_undo_sent_during_a_colleagues_lift_waits_for_it_and_is_refused(
    mod, lead, held, monkeypatch
):
    """A moderator undoes their suspension while the lead's lift of it is being saved: the
    undo waits for the lift, sees it and is refused as overtaken, instead of reading the
    reader's state from before the lift and undoing over it."""
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: select_for_update is a no-op there")
    reader_id = held().author_id
    actions.suspend(mod, reader_id, 3, "Spam")
    outcomes = _race(
        monkeypatch,
        lambda: actions.lift_suspension(lead, reader_id, "Apologised"),
        lambda: actions.undo_last(mod),
    )
    assert isinstance(outcomes["lift"], actions.AuditEntry), outcomes
    refused = outcomes["act"]
    assert isinstance(refused, actions.Conflict), outcomes
