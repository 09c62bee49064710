"""A banned account whose e-mail address an administrator changes (2026-11-30, late).

Before, the ban's block stayed on the old address only (`BlockedAddress`), so the banned
account got a clean address, and lifting the ban afterwards lifted nothing (it looked for the
new address's block) and left the old address blocked for good. Now every save of a user
goes through `actions.follow_address_change` (`before_user_save`, the Django admin included):
the new address is blocked, held by the same ban; the old one stays blocked while the ban
stands (the banned person may still hold that mailbox), recorded on the profile
(`ReaderProfile.earlier_blocks`), and lifting the ban lifts both."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.comments import actions as comments
from masthead.comments import blocklist
from masthead.comments.models import BlockedAddress, ReaderProfile
from masthead.dashboard import actions as workspace
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.two_writers import pause_after, run_two

pytestmark = pytest.mark.django_db
DOMAIN = "lee-family.example"
OLD, NEW = f"ann@{DOMAIN}", "ann.lee@elsewhere.example"


def change_email(user: User, address: str) -> User:
    """What an administrator's edit does: the user saved with a new e-mail, in a transaction."""
    user = User.objects.get(pk=user.pk)
    user.email = address
    with transaction.atomic():
        user.save()
    return user


def blocked(address: str) -> bool:
    return comments.is_address_blocked(address)


def test_changing_a_banned_accounts_email_blocks_the_new_address_and_keeps_the_old(
    mod, make_reader
):
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    change_email(ann, NEW)
    assert blocked(NEW)
    assert blocked(OLD)
    new_block = BlockedAddress.objects.get(digest=blocklist.address_digest(NEW))
    assert new_block.held_by == [blocklist.address_digest(NEW)]
    profile = ReaderProfile.objects.get(user=ann)
    assert profile.banned
    assert profile.earlier_blocks == [[blocklist.address_digest(OLD)] * 2]
    assert not any("ann" in h for pair in profile.earlier_blocks for h in pair)


def test_lifting_the_ban_after_an_address_change_unblocks_both_addresses(mod, make_reader):
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    change_email(ann, NEW)
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert not blocked(NEW)
    assert not blocked(OLD)
    assert not BlockedAddress.objects.exists()
    assert ReaderProfile.objects.get(user=ann).earlier_blocks == []


def test_the_django_admin_change_form_blocks_the_new_address(mod, make_reader):
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    admin = User.objects.create_superuser("chief", "chief@example.org", "a-long-pass-phrase-9")
    client = Client()
    client.force_login(admin)
    joined = timezone.localtime(ann.date_joined)
    response = client.post(
        f"/admin/auth/user/{ann.pk}/change/",
        {
            "username": ann.username,
            "email": NEW,
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            "date_joined_0": joined.strftime("%Y-%m-%d"),
            "date_joined_1": joined.strftime("%H:%M:%S"),
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=ann.pk).email == NEW
    assert blocked(NEW) and blocked(OLD)
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert not blocked(NEW) and not blocked(OLD)


def test_a_second_change_keeps_every_address_blocked_until_the_ban_is_lifted(mod, make_reader):
    third = "ann@third.example"
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    change_email(ann, NEW)
    change_email(ann, third)
    assert blocked(OLD) and blocked(NEW) and blocked(third)
    # Back to the first address: still one ban, and one lift takes every block away.
    change_email(ann, OLD)
    assert blocked(OLD) and blocked(NEW) and blocked(third)
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert not BlockedAddress.objects.exists()


def test_deleting_the_account_after_an_address_change_keeps_both_addresses_blocked(
    mod, make_reader
):
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    change_email(ann, NEW)
    comments.delete_account(User.objects.get(pk=ann.pk))
    assert blocked(OLD) and blocked(NEW)


def test_the_domain_the_ban_chose_stays_chosen_at_the_same_domain(mod, make_reader):
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk, block_domain=True)
    change_email(ann, f"annie@{DOMAIN}")
    assert comments.is_domain_blocked(f"anyone@{DOMAIN}")
    assert ReaderProfile.objects.get(user=ann).domain_blocked
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert not comments.is_domain_blocked(f"anyone@{DOMAIN}")
    assert not BlockedAddress.objects.exists()


def test_a_new_domain_is_not_blocked_and_the_chosen_one_stays_until_the_lift(mod, make_reader):
    """The moderator judged the domain the form showed them, not one an address change brings."""
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk, block_domain=True)
    change_email(ann, NEW)
    assert comments.is_domain_blocked(f"anyone@{DOMAIN}")
    assert not comments.is_domain_blocked("someone@elsewhere.example")
    assert blocked(NEW)
    assert not ReaderProfile.objects.get(user=ann).domain_blocked
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert not comments.is_domain_blocked(f"anyone@{DOMAIN}")
    assert not BlockedAddress.objects.exists()


def test_another_ban_of_the_old_mailbox_keeps_it_blocked_when_this_one_is_lifted(mod, make_reader):
    ann = make_reader("Ann Lee", email=OLD)
    twin = make_reader("Ann Twin", email=f"ann+news@{DOMAIN}")  # the same mailbox
    workspace.ban(mod, ann.pk)
    workspace.ban(mod, twin.pk)
    change_email(ann, NEW)
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert blocked(OLD)  # the twin's ban stands
    assert not blocked(NEW)
    workspace.lift_ban(mod, twin.pk, "Appeal upheld")
    assert not BlockedAddress.objects.exists()


def test_an_operator_may_lift_an_old_address_that_was_never_the_readers(mod, make_reader, capsys):
    """A typo put right: the old address is someone else's. `blocked_addresses lift` frees it
    (audited) while the ban on the account's new address stands."""
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    change_email(ann, NEW)
    call_command("blocked_addresses", "lift", OLD, "--by", "mod", "--reason", "Typo put right")
    assert not blocked(OLD) and blocked(NEW)
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert not BlockedAddress.objects.exists()


def test_an_address_change_of_a_reader_who_is_not_banned_blocks_nothing(make_reader):
    ann = make_reader("Ann Lee", email=OLD)
    change_email(ann, NEW)
    assert not BlockedAddress.objects.exists()
    assert ReaderProfile.objects.get(user=ann).earlier_blocks == []


def test_a_new_spelling_of_the_same_mailbox_changes_no_block(mod, make_reader):
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    change_email(ann, f"Ann+shop@{DOMAIN.upper()}")
    assert list(BlockedAddress.objects.values_list("held_by", flat=True)) == [
        [blocklist.address_digest(OLD)]
    ]
    assert ReaderProfile.objects.get(user=ann).earlier_blocks == []


def test_a_save_of_other_fields_reads_nothing_more(make_reader):
    """A log-in saves `last_login` only: the guard asks the database nothing."""
    ann = User.objects.get(pk=make_reader("Ann Lee", email=OLD).pk)
    ann.last_login = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        ann.save(update_fields=["last_login"])
    assert len(queries) == 1


# --- an address change and a lift at the same moment (PostgreSQL) ------------------------------


def _race(first, second, pause_in: str, monkeypatch):  # type: ignore[no-untyped-def]
    """Run `first`; once it is inside `comments.<pause_in>` (its locks held, not committed),
    run `second`, each on its own connection. Returns what each gave (or raised)."""
    inside = pause_after(monkeypatch, comments, pause_in)
    return run_two(("first", first), ("second", second), second_after=inside)


@pytest.mark.django_db(transaction=True)  # the administrator and the moderator: two connections
def test_a_lift_sent_while_the_address_changes_lifts_the_old_and_the_new_address(
    mod, make_reader, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: the two cannot interleave there")
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    outcomes = _race(
        lambda: change_email(ann, NEW),
        lambda: workspace.lift_ban(mod, ann.pk, "Appeal upheld"),
        "_hold",  # the change has blocked the new address, not yet recorded the old one
        monkeypatch,
    )
    assert isinstance(outcomes["first"], User), outcomes
    assert isinstance(outcomes["second"], workspace.AuditEntry), outcomes
    assert not blocked(OLD) and not blocked(NEW)
    assert not BlockedAddress.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_address_change_sent_while_the_ban_is_lifted_blocks_nothing(
    mod, make_reader, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: the two cannot interleave there")
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    outcomes = _race(
        lambda: workspace.lift_ban(mod, ann.pk, "Appeal upheld"),
        lambda: change_email(ann, NEW),
        "_banned_elsewhere",  # the lift has checked the other bans, not yet committed
        monkeypatch,
    )
    assert isinstance(outcomes["first"], workspace.AuditEntry), outcomes
    assert isinstance(outcomes["second"], User), outcomes
    assert not ReaderProfile.objects.get(user=ann).banned
    assert not BlockedAddress.objects.exists()
    assert ReaderProfile.objects.get(user=ann).earlier_blocks == []


# --- rolling the secret key back (what docs/operations.md tells an operator to do) ------------


def test_rolling_the_secret_key_back_blocks_again_a_ban_lifted_under_the_new_key(
    mod, make_reader, settings, capsys
):
    """Not a fix: the behaviour docs/operations.md ("Rolling the key back") describes. A block
    is an HMAC under the key in use when it was written; a lift under a new key removes the
    new key's rows only (the old key's cannot be computed), so going back to the old key makes
    the lifted ban's old row match again, and a ban made under the new key has no row under the
    old one. `blocked_addresses refresh` and `lift` put both right, as the section says."""
    old_key = settings.SECRET_KEY
    ann = make_reader("Ann Lee", email=OLD)
    workspace.ban(mod, ann.pk)
    settings.SECRET_KEY = "a-brand-new-secret-key-after-rotation-0123456789"
    assert not blocked(OLD)  # until refresh
    call_command("blocked_addresses", "refresh")
    assert blocked(OLD)
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    bob = make_reader("Bob Lee", email=NEW)
    workspace.ban(mod, bob.pk)
    assert not blocked(OLD) and blocked(NEW)
    settings.SECRET_KEY = old_key  # rolled back
    assert blocked(OLD)  # the lifted ban's row under the old key matches again
    assert not blocked(NEW)  # the ban made under the new key has none under the old
    call_command("blocked_addresses", "refresh")
    call_command("blocked_addresses", "lift", OLD, "--by", "mod", "--reason", "Lifted before")
    capsys.readouterr()
    assert not blocked(OLD) and blocked(NEW)
