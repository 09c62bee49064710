"""Lifting a reader's ban while `masthead blocked_addresses refresh` runs leaves the address
open: the refresh does not write the lifted reader's block again.

Reviewer's finding (2026-11-30): the refresh read the list of banned accounts, then wrote
their blocks with get_or_create, without the lock a ban and a lift take (`_lock_blocks`). A
lift sent between the two deleted the block, and the refresh then wrote it again: the reader
whose ban was lifted was still refused at sign-up and had guest comments held. The refresh now
takes the same lock per account and checks the account is still banned once it holds it."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from masthead.comments import actions as comments
from masthead.comments import blocklist
from masthead.comments.models import BlockedAddress
from masthead.dashboard import actions
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.two_writers import run_two


def _lift_during_refresh(monkeypatch, lift):  # type: ignore[no-untyped-def]
    """Run the refresh; once it has read the list of banned accounts and begins hashing the
    first address (before it writes anything), run `lift` on another connection."""
    hashing = threading.Event()
    real = blocklist.address_digest

    def slow_digest(*args, **kwargs):  # type: ignore[no-untyped-def]
        if threading.current_thread().name == "refresh" and not hashing.is_set():
            hashing.set()
            time.sleep(1)  # the moderator's lift is sent meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(blocklist, "address_digest", slow_digest)
    return run_two(
        ("refresh", comments.block_banned_addresses), ("lift", lift), second_after=hashing
    )


@pytest.mark.django_db(transaction=True)  # the refresh and the lift each on its own connection
def test_a_ban_lifted_while_the_refresh_runs_is_not_blocked_again(lead, make_reader, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: the two cannot interleave there")
    reader = make_reader("Reader", "ann@example.org")
    actions.ban(lead, reader.pk, "Spam")
    assert comments.is_address_blocked("ann@example.org")
    outcomes = _lift_during_refresh(
        monkeypatch, lambda: actions.lift_ban(lead, reader.pk, "Wrong reader")
    )
    assert isinstance(outcomes["lift"], actions.AuditEntry), outcomes
    assert outcomes["refresh"] == 0, outcomes
    assert not comments.is_address_blocked("ann@example.org")


@pytest.mark.django_db(transaction=True)
def test_a_domain_ban_lifted_while_the_refresh_runs_leaves_the_domain_open(
    lead, make_reader, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: the two cannot interleave there")
    reader = make_reader("Reader", "ann@ann-lee.example")
    actions.ban(lead, reader.pk, "Spam", block_domain=True)
    assert comments.is_domain_blocked("bob@ann-lee.example")
    outcomes = _lift_during_refresh(
        monkeypatch, lambda: actions.lift_ban(lead, reader.pk, "Wrong reader")
    )
    assert isinstance(outcomes["lift"], actions.AuditEntry), outcomes
    assert outcomes["refresh"] == 0, outcomes
    assert not comments.is_address_blocked("ann@ann-lee.example")
    assert not comments.is_domain_blocked("bob@ann-lee.example")
    assert not BlockedAddress.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_refresh_writes_the_blocks_of_banned_readers_that_are_missing(lead, make_reader):
    """The refresh's work itself, on either database: a banned reader's missing blocks (address,
    and domain where the ban chose it) are written and counted; a lifted ban's are not."""
    banned = make_reader("Banned", "ann@ann-lee.example")
    lifted = make_reader("Lifted", "bob@example.org")
    actions.ban(lead, banned.pk, "Spam", block_domain=True)
    actions.ban(lead, lifted.pk, "Spam")
    actions.lift_ban(lead, lifted.pk, "Wrong reader")
    BlockedAddress.objects.all().delete()  # as after the secret key changed
    assert comments.block_banned_addresses() == 2
    assert comments.is_address_blocked("ann@ann-lee.example")
    assert comments.is_domain_blocked("carol@ann-lee.example")
    assert not comments.is_address_blocked("bob@example.org")
    assert comments.block_banned_addresses() == 0
