"""Ban evasion through a provider's own sub-addresses (2026-11-30): Yahoo's disposable
`base-keyword@yahoo.com` addresses and Fastmail's `anything@name.fastmail.com` read as one
mailbox each, so a banned reader cannot come back with another keyword. Blocks of banned
accounts are hashed again (migration comments/0013); a deleted account's block keeps its old
hash, which the lookups and the lift still find (`blocklist.lookup_digests`): that exact
address stays blocked, as it was before the rules changed. A private domain may be offered for
blocking; a public provider's never is."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from masthead.comments import actions, blocklist
from masthead.comments.errors import NotAllowed
from masthead.comments.models import BlockedAddress, Comment
from tests.support.comment_fixtures import READER_PASSWORD
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("banned", "same", "other"),
    [
        ("ann-shop@yahoo.com", "Ann-News@Yahoo.com", "ann@yahoo.com"),
        ("ann-shop@ymail.com", "ann-x@ymail.com", "ann-shop@ymail.co"),
        ("ann@fastmail.com", "shop@ann.fastmail.com", "ann@bob.fastmail.com"),
        ("shop@ann.fastmail.fm", "ann+news@fastmail.fm", "shop@anna.fastmail.fm"),
    ],
)
def test_providers_sub_addresses_read_as_one_mailbox(banned, same, other):
    assert blocklist.address_digest(same) == blocklist.address_digest(banned)
    assert blocklist.address_digest(other) != blocklist.address_digest(banned)


def test_a_hyphen_is_kept_where_the_provider_has_no_hyphen_tags():
    # At most domains a hyphen is part of the name: ann-lee@ and ann@ are two people.
    assert blocklist.normalise_address("ann-lee@example.org") == "ann-lee@example.org"
    assert blocklist.normalise_address("ann-lee@gmail.com") == "ann-lee@gmail.com"


def test_a_banned_yahoo_reader_cannot_come_back_with_another_keyword(make_reader, moderator_user):
    reader = make_reader("Ann Shop", email="ann-shop@yahoo.com")
    actions.ban_reader(reader, moderator_user)
    assert actions.is_address_blocked("ann-forum@yahoo.com")
    assert not actions.is_address_blocked("ann@yahoo.com")  # maybe someone else's own address


def test_the_migration_rehashes_blocks_stored_under_the_old_form(make_reader, moderator_user):
    address = "ann-shop@yahoo.com"
    reader = make_reader("Ann Shop", email=address)
    actions.ban_reader(reader, moderator_user)
    # As the ban stored it before the providers' rules.
    BlockedAddress.objects.all().update(digest=blocklist.legacy_address_digest(address))
    assert not actions.is_address_blocked("ann-forum@yahoo.com")
    migration = importlib.import_module(
        "masthead.comments.migrations.0013_blocked_addresses_provider_rules"
    )
    migration.rehash_banned_addresses(django_apps, None)
    assert list(BlockedAddress.objects.values_list("digest", flat=True)) == [
        blocklist.address_digest(address)
    ]
    assert actions.is_address_blocked("ann-forum@yahoo.com")
    # Lifting the ban finds the block under its new hash and removes it.
    actions.ban_reader(reader, moderator_user, banned=False)
    assert not BlockedAddress.objects.exists()


def test_lookup_digests_include_the_old_hash_a_deleted_accounts_block_still_has():
    address = "ann-shop@yahoo.com"
    assert blocklist.legacy_address_digest(address) != blocklist.address_digest(address)
    assert blocklist.legacy_address_digest(address) in blocklist.lookup_digests(address)
    assert blocklist.address_digest(address) in blocklist.lookup_digests(address)


def deleted_before_the_rules(address: str) -> None:
    """The block a banned account deleted before migration 0013 left: its old hash, which
    nothing can compute again (the address is gone with the account)."""
    BlockedAddress.objects.create(digest=blocklist.legacy_address_digest(address))


LEGACY_ADDRESSES = ["Ann-Shop@yahoo.com", "shop@ann.fastmail.com"]


@pytest.mark.parametrize("address", LEGACY_ADDRESSES)
def test_a_block_left_before_the_rules_still_blocks_that_exact_address(address):
    deleted_before_the_rules(address)
    assert actions.is_address_blocked(address)
    assert actions.is_address_blocked(address.upper())
    with pytest.raises(NotAllowed) as info:
        actions.register_reader(address, "Ann Again", READER_PASSWORD)
    assert info.value.code == "address_blocked"
    assert not actions.is_address_blocked("someone-else@yahoo.com")


def test_a_guest_comment_from_an_address_blocked_before_the_rules_is_held(
    make_article, post, masthead_settings, use_moderator
):
    use_moderator("tests.support.moderators.by_keyword")
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    deleted_before_the_rules("ann-shop@yahoo.com")
    comment = post(
        make_article(),
        None,
        "A fair point about the bridge.",
        guest_name="Ann Again",
        guest_email="ann-shop@yahoo.com",
    )
    assert comment.status == Comment.Status.HELD
    assert "blocked_address" in comment.reasons


@pytest.mark.parametrize("address", LEGACY_ADDRESSES)
def test_the_lift_removes_a_block_left_before_the_rules(address, mod, capsys):
    deleted_before_the_rules(address)
    call_command("blocked_addresses", "check", address)
    assert capsys.readouterr().out.strip().endswith(": blocked")
    call_command("blocked_addresses", "lift", address, "--by", "mod", "--reason", "Appeal upheld")
    assert "block lifted" in capsys.readouterr().out
    assert not BlockedAddress.objects.exists()
    assert not actions.is_address_blocked(address)


@pytest.mark.parametrize(
    "address",
    [
        "ann@gmail.com",
        "ann-x@yahoo.co.uk",
        "shop@ann.fastmail.com",
        "ann@outlook.com",
        "ann@proton.me",
        "ann@mail.yahoo.com",  # a subdomain of a public provider
        "ann@localhost",
        "no address",
    ],
)
def test_a_public_providers_domain_is_never_offered_for_blocking(address):
    assert blocklist.domain_to_offer(address) == ""


def test_a_private_domain_is_offered_and_its_block_covers_every_address_there():
    assert blocklist.domain_to_offer("Ann@Ann-Lee.Example") == "ann-lee.example"
    block = blocklist.domain_digest("ann-lee.example")
    assert block in blocklist.lookup_digests("anything-else@ann-lee.example")
    assert block not in blocklist.lookup_digests("ann@other.example")
    # The domain's block is not the hash of an address there: lifting one address's block
    # (`lift_address_block`) leaves it.
    assert block != blocklist.address_digest("ann@ann-lee.example")
    assert blocklist.domain_digest("ann-lee.example") not in blocklist.lookup_digests(
        "ann@gmail.com"
    )
