"""Lifting one reader's ban while a colleague bans another account with the same address (or,
for a domain block, an address at the same domain) leaves the second reader's block in place.

Reviewer's finding (2026-11-30): the lift asked whether another banned account still needed the
block, then deleted it, and nothing stopped a ban of that other account in between. On
PostgreSQL the ban's get_or_create found the lifted reader's row, the lift then deleted it, and
the newly banned reader could sign up again under a variant of the address. Ban and lift now
take a lock per digest (`_lock_blocks`), so the second waits for the first and sees what it
did. The operator's lift of a deleted account's block (`lift_address_block`) takes it too."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection

from masthead.comments import actions as comments
from masthead.comments import blocklist, signals
from masthead.comments.models import BlockedAddress, ReaderProfile
from masthead.dashboard import actions
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.two_writers import pause_after, run_two


def _race(monkeypatch, checked: str, lift, ban):  # type: ignore[no-untyped-def]
    """Run `lift`; once it has asked `comments.<checked>` whether another banned account still
    needs the block (and not yet deleted it), run `ban`. Each on its own connection."""
    asked = pause_after(monkeypatch, comments, checked)
    return run_two(("lift", lift), ("ban", ban), second_after=asked)


@pytest.mark.django_db(transaction=True)  # each moderator's decision runs on its own connection
def test_banning_a_twin_address_while_the_first_ban_is_lifted_keeps_the_address_blocked(
    mod, lead, make_reader, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: the two cannot interleave there")
    first = make_reader("First", "ann.lee@gmail.com")
    twin = make_reader("Twin", "annlee@gmail.com")  # the same mailbox as Gmail reads it
    actions.ban(lead, first.pk, "Spam")
    outcomes = _race(
        monkeypatch,
        "_banned_elsewhere",
        lambda: actions.lift_ban(lead, first.pk, "Wrong reader"),
        lambda: actions.ban(mod, twin.pk, "Same person"),
    )
    assert isinstance(outcomes["lift"], actions.AuditEntry), outcomes
    assert isinstance(outcomes["ban"], actions.AuditEntry), outcomes
    assert ReaderProfile.objects.get(user=twin).banned
    assert comments.is_address_blocked("annlee@gmail.com")
    assert comments.is_address_blocked("a.n.n.lee@gmail.com")


@pytest.mark.django_db(transaction=True)
def test_blocking_a_domain_again_while_its_first_ban_is_lifted_keeps_the_domain_blocked(
    mod, lead, make_reader, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: the two cannot interleave there")
    first = make_reader("First", "ann@ann-lee.example")
    colleague = make_reader("Colleague", "bob@ann-lee.example")
    actions.ban(lead, first.pk, "Spam", block_domain=True)
    outcomes = _race(
        monkeypatch,
        "_banned_at_domain",
        lambda: actions.lift_ban(lead, first.pk, "Wrong reader"),
        lambda: actions.ban(mod, colleague.pk, "Same spam", block_domain=True),
    )
    assert isinstance(outcomes["lift"], actions.AuditEntry), outcomes
    assert isinstance(outcomes["ban"], actions.AuditEntry), outcomes
    assert ReaderProfile.objects.get(user=colleague).domain_blocked
    domain = blocklist.domain_digest("ann-lee.example")
    assert BlockedAddress.objects.filter(digest=domain).exists()
    assert comments.is_domain_blocked("carol@ann-lee.example")


@pytest.mark.django_db(transaction=True)
def test_banning_a_twin_while_the_block_of_a_deleted_account_is_lifted_keeps_it_blocked(
    mod, lead, make_reader
):
    """The operator's lift (`lift_address_block`, for an account deleted since its ban) and a
    colleague's ban of an account with the same mailbox: the ban waits for the lift and blocks
    the address again, instead of finding the row the lift is deleting."""
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: the two cannot interleave there")
    gone = make_reader("Gone", "gone.reader@example.org")
    twin = make_reader("Twin", "gone.reader+again@example.org")  # made before the ban
    actions.ban(lead, gone.pk, "Spam")
    User.objects.filter(pk=gone.pk).delete()
    deleted = threading.Event()

    def slow_record(sender, **kwargs):  # type: ignore[no-untyped-def]
        deleted.set()  # the lift has deleted the row and not yet committed
        time.sleep(1)
        return None

    signals.address_block_lifted.connect(slow_record, weak=False)
    try:
        outcomes = run_two(
            (
                "lift",
                lambda: comments.lift_address_block("gone.reader@example.org", lead, "Appeal"),
            ),
            ("ban", lambda: actions.ban(mod, twin.pk, "Same person")),
            second_after=deleted,
        )
    finally:
        signals.address_block_lifted.disconnect(slow_record)
    assert outcomes["lift"] is True, outcomes
    assert isinstance(outcomes["ban"], actions.AuditEntry), outcomes
    assert ReaderProfile.objects.get(user=twin).banned
    assert comments.is_address_blocked("gone.reader@example.org")
