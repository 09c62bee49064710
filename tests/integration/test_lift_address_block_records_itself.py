"""The lift of a deleted banned account's address block is recorded by the action itself
(review, 2026-11-30): `comments.actions.lift_address_block` sends `address_block_lifted` with
the operator and the reason inside its own transaction and refuses when nobody records it.
Before, only `masthead blocked_addresses lift` sent the signal, so any other caller of the
action (a shell, a future page or task) lifted the block with no audit entry."""

from __future__ import annotations

import pytest

from masthead.comments import actions, signals
from masthead.comments.errors import Conflict, NotAllowed
from masthead.dashboard.models import AuditEntry
from tests.integration.test_blocked_addresses_lift_audit import ADDRESS, blocked_and_gone  # noqa: F401
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_the_action_records_the_lift_in_the_audit_log(blocked_and_gone, mod):  # noqa: F811
    assert actions.lift_address_block(ADDRESS, mod, "Appeal upheld") is True
    assert not actions.is_address_blocked(ADDRESS)
    (entry,) = AuditEntry.objects.filter(action=AuditEntry.Action.LIFT_BAN)
    assert entry.actor_name == "mod"
    assert entry.reason == "Address block lifted from the command line: Appeal upheld"


def test_the_action_lifts_nothing_for_someone_who_may_not_moderate(
    blocked_and_gone,  # noqa: F811
    make_staff,
):
    writer = make_staff("writer", "Editors")
    with pytest.raises(NotAllowed):
        actions.lift_address_block(ADDRESS, writer, "Asked nicely")
    assert actions.is_address_blocked(ADDRESS)
    assert not AuditEntry.objects.exists()


def test_the_action_lifts_nothing_when_nobody_records_it(blocked_and_gone, mod):  # noqa: F811
    signal = signals.address_block_lifted
    receivers, signal.receivers = signal.receivers, []
    signal.sender_receivers_cache.clear()
    try:
        with pytest.raises(Conflict) as refused:
            actions.lift_address_block(ADDRESS, mod, "Appeal upheld")
    finally:
        signal.receivers = receivers
        signal.sender_receivers_cache.clear()
    assert refused.value.code == "lift_not_recorded"
    assert actions.is_address_blocked(ADDRESS)
