"""Upgrading from 7030739 while web machines are switched one at a time (docs/operations.md,
"Upgrading from 7030739"): after `masthead migrate` a machine still on the old code bans with
the old hash (before the providers' rules, migration comments/0013). Lifting that ban on the new
code must unblock the address, and `masthead blocked_addresses refresh` must add the new hash so
the reader's other keywords are blocked too."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from masthead.comments import actions, blocklist
from masthead.comments.models import BlockedAddress
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

ADDRESS = "ann-shop@yahoo.com"


def _banned_by_old_code(make_reader, moderator_user):  # type: ignore[no-untyped-def]
    reader = make_reader("Ann Shop", email=ADDRESS)
    actions.ban_reader(reader, moderator_user)
    # What 7030739's ban_reader stored: the hash of the address read without the rules.
    BlockedAddress.objects.all().update(digest=blocklist.legacy_address_digest(ADDRESS))
    assert actions.is_address_blocked(ADDRESS)
    return reader


def test_lifting_a_ban_stored_under_the_old_hash_unblocks_the_address(make_reader, moderator_user):
    reader = _banned_by_old_code(make_reader, moderator_user)
    actions.ban_reader(reader, moderator_user, banned=False)
    assert not actions.is_address_blocked(ADDRESS)
    assert not BlockedAddress.objects.exists()


def test_refresh_blocks_other_keywords_and_a_lift_after_it_removes_both_hashes(
    make_reader, moderator_user, capsys
):
    reader = _banned_by_old_code(make_reader, moderator_user)
    assert not actions.is_address_blocked("ann-forum@yahoo.com")
    call_command("blocked_addresses", "refresh")
    assert "1 banned reader address(es) newly blocked" in capsys.readouterr().out
    assert actions.is_address_blocked("ann-forum@yahoo.com")
    actions.ban_reader(reader, moderator_user, banned=False)
    assert not actions.is_address_blocked(ADDRESS)
    assert not actions.is_address_blocked("ann-forum@yahoo.com")
    assert not BlockedAddress.objects.exists()


def test_a_lift_keeps_the_block_another_banned_account_still_needs(make_reader, moderator_user):
    reader = _banned_by_old_code(make_reader, moderator_user)
    other = make_reader("Ann Forum", email="ann-forum@yahoo.com")
    actions.ban_reader(other, moderator_user)
    actions.ban_reader(reader, moderator_user, banned=False)
    # The other account is still banned: its mailbox, ann-shop@ included, stays blocked.
    assert actions.is_address_blocked("ann-forum@yahoo.com")
    assert actions.is_address_blocked(ADDRESS)
