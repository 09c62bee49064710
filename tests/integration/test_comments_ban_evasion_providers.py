"""Ban evasion through a provider's own sub-addresses (2026-11-30): Yahoo's disposable
`base-keyword@yahoo.com` addresses and Fastmail's `anything@name.fastmail.com` read as one
mailbox each, so a banned reader cannot come back with another keyword. Blocks stored under
the old form are hashed again (migration comments/0013); a deleted account's keeps its old
hash, which `blocklist.lookup_digests` names (comments.actions does not look it up yet). A private domain may be offered for blocking; a public
provider's never is."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from masthead.comments import actions, blocklist
from masthead.comments.models import BlockedAddress

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
