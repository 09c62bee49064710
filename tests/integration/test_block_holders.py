"""Which bans keep a block (`BlockedAddress.held_by`, migration comments/0015, 2026-11-30).

Before, the knowledge lived on the banned readers' profiles, which go with their accounts: a
block that two bans kept was removed when one account was deleted and the other ban lifted
(the domain's, and an address's two spellings of one mailbox). Each block now records one
entry per ban that keeps it (the hash of the banned account's address, never an address), and
a lift takes its own entry off and removes the block only when none is left."""

from __future__ import annotations

import importlib
import threading
import time

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from masthead.comments import actions as comments
from masthead.comments import blocklist
from masthead.comments.models import BlockedAddress, ReaderProfile
from masthead.dashboard import actions as workspace
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.two_writers import run_two

pytestmark = pytest.mark.django_db
DOMAIN = "lee-family.example"
ANN, BOB, CY = (f"{n}@{DOMAIN}" for n in ("ann", "bob", "cy"))
NEW_KEY = "a-brand-new-secret-key-after-rotation-0123456789"


def domain_block() -> BlockedAddress | None:
    return BlockedAddress.objects.filter(digest=blocklist.domain_digest(DOMAIN)).first()


def lift_from_command_line(address: str, capsys) -> str:  # type: ignore[no-untyped-def]
    call_command("blocked_addresses", "lift", address, "--by", "mod", "--reason", "Appeal upheld")
    return capsys.readouterr().out.strip()


# --- the domain ------------------------------------------------------------------------------


def test_the_domains_block_records_each_ban_that_chose_it_by_its_address_hash(mod, make_reader):
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk, block_domain=True)
    block = domain_block()
    assert block is not None
    assert sorted(block.held_by) == sorted(
        [blocklist.address_digest(ANN), blocklist.address_digest(BOB)]
    )
    assert not any(DOMAIN in h or "ann" in h for h in block.held_by)


def test_a_deleted_accounts_choice_keeps_the_domain_blocked_until_its_own_block_is_lifted(
    mod, make_reader, capsys
):
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk, block_domain=True)
    comments.delete_account(ann)
    workspace.lift_ban(mod, bob.pk, "Appeal upheld")
    assert comments.is_domain_blocked("someone@" + DOMAIN)
    # The operator lifts the deleted account's block: now no ban that chose the domain is left.
    assert lift_from_command_line(ANN, capsys) == (
        f"{ANN}: block lifted; every address at {DOMAIN} is unblocked too"
    )
    assert not BlockedAddress.objects.exists()
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.LIFT_BAN).latest("pk")
    assert entry.before["domain_blocked"] is True and entry.after["domain_blocked"] is False


def test_the_command_line_lift_of_an_address_only_ban_keeps_a_domain_another_ban_chose(
    mod, make_reader, capsys
):
    """Two deleted accounts at the domain: Ann's ban chose the domain, Bob's blocked only his
    address. Lifting Bob's block used to lift the domain's too, though Ann's ban stands."""
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk)
    comments.delete_account(ann)
    comments.delete_account(bob)
    out = lift_from_command_line(BOB, capsys)
    assert out == (
        f"{BOB}: block lifted; every address at its domain stays blocked: another ban chose "
        "to block the domain"
    )
    assert comments.is_domain_blocked(BOB)
    assert not BlockedAddress.objects.filter(digest=blocklist.address_digest(BOB)).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LIFT_BAN)
    assert "domain_blocked" not in entry.before and "domain_blocked" not in entry.after


def test_the_command_line_lift_of_one_choosers_address_keeps_the_others_choice(
    mod, make_reader, capsys
):
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk, block_domain=True)
    comments.delete_account(ann)
    comments.delete_account(bob)
    lift_from_command_line(ANN, capsys)
    block = domain_block()
    assert block is not None and block.held_by == [blocklist.address_digest(BOB)]
    assert lift_from_command_line(BOB, capsys) == (
        f"{BOB}: block lifted; every address at {DOMAIN} is unblocked too"
    )
    assert not BlockedAddress.objects.exists()


def test_a_command_line_lift_that_opens_a_domain_nobody_can_name_a_chooser_of_says_so(
    mod, make_reader, capsys
):
    """A domain block from before holders were recorded (`UNKNOWN_HOLDER`, migration 0015) goes
    with the lift of any deleted account's block at that domain, as the lift's docstring says;
    the operator is told, rather than finding out from the audit log."""
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk)
    comments.delete_account(ann)
    comments.delete_account(bob)
    BlockedAddress.objects.update(held_by=[BlockedAddress.UNKNOWN_HOLDER])
    out = lift_from_command_line(BOB, capsys)
    assert out == f"{BOB}: block lifted; every address at {DOMAIN} is unblocked too"
    assert not comments.is_domain_blocked(CY)


# --- one mailbox, two accounts ------------------------------------------------------------------


def test_an_address_two_bans_keep_stays_blocked_when_one_account_is_deleted_and_the_other_lifted(
    mod, make_reader
):
    """`ann+news@` and `ann@` are one mailbox (`normalise_address`), so one block. Ann deletes
    the banned `ann@` account; lifting the other account's ban used to remove the block, and
    `ann@` could sign up again although its ban was never lifted."""
    first = make_reader("Ann Lee", email=ANN)
    second = make_reader("Ann Again", email=f"ann+news@{DOMAIN}")
    workspace.ban(mod, first.pk)
    workspace.ban(mod, second.pk)
    comments.delete_account(first)
    workspace.lift_ban(mod, second.pk, "Appeal upheld")
    assert comments.is_address_blocked(ANN)
    block = BlockedAddress.objects.get(digest=blocklist.address_digest(ANN))
    assert block.held_by == [blocklist.address_digest(ANN)]


def test_lifting_a_reader_who_is_not_banned_changes_no_block(mod, make_reader):
    """`ban_reader(banned=False)` on a reader who was never banned used to delete the block of
    a banned (since deleted) account with the same mailbox."""
    first = make_reader("Ann Lee", email=ANN)
    second = make_reader("Ann Again", email=f"ann+news@{DOMAIN}")
    workspace.ban(mod, first.pk, block_domain=True)
    comments.delete_account(first)
    comments.ban_reader(second, mod, banned=False)
    assert BlockedAddress.objects.filter(digest=blocklist.address_digest(ANN)).exists()
    assert comments.is_domain_blocked(CY)


def test_banning_a_banned_reader_again_adds_no_second_part(mod, make_reader):
    ann = make_reader("Ann Lee", email=ANN)
    comments.ban_reader(ann, mod, block_domain=True)
    comments.ban_reader(ann, mod, block_domain=True)
    comments.ban_reader(ann, mod, banned=False)
    assert not BlockedAddress.objects.exists()


def test_the_command_line_lift_is_refused_for_a_banned_account_whose_e_mail_field_is_no_address(
    mod, make_reader, capsys
):
    """A ban reads an account's address as the first of e-mail and user name holding an @
    (`actions.account_address`); the checks of other banned accounts read "e-mail, else user
    name", so the block of a still banned account whose e-mail field held no @ could be lifted
    from the command line as if its account were gone."""
    ann = make_reader("Ann Lee", email=ANN)
    User.objects.filter(pk=ann.pk).update(email="not an address")
    workspace.ban(mod, ann.pk)
    assert comments.is_address_blocked(ANN)
    with pytest.raises(SystemExit):
        lift_from_command_line(ANN, capsys)
    assert "An account with this address is banned" in capsys.readouterr().err
    assert comments.is_address_blocked(ANN)


# --- undo ----------------------------------------------------------------------------------------


def test_undoing_a_ban_and_a_lift_moves_only_that_bans_part(mod, make_reader):
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk, block_domain=True)
    workspace.undo_last(mod)  # Bob's ban
    block = domain_block()
    assert block is not None and block.held_by == [blocklist.address_digest(ANN)]
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert not BlockedAddress.objects.exists()
    workspace.undo_last(mod)  # the lift: Ann banned again, domain chosen
    block = domain_block()
    assert block is not None and block.held_by == [blocklist.address_digest(ANN)]
    assert ReaderProfile.objects.get(user=ann).domain_blocked


# --- a new secret key ------------------------------------------------------------------------------


def test_refresh_records_the_bans_on_the_new_blocks_once(mod, make_reader, settings):
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk, block_domain=True)
    settings.SECRET_KEY = NEW_KEY
    assert comments.block_banned_addresses() == 3
    assert comments.block_banned_addresses() == 0
    block = domain_block()
    assert block is not None
    assert sorted(block.held_by) == sorted(
        [blocklist.address_digest(ANN), blocklist.address_digest(BOB)]
    )
    # A lift after the refresh takes its part off the blocks under the new key.
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert comments.is_domain_blocked(CY)
    assert not BlockedAddress.objects.filter(digest=blocklist.address_digest(ANN)).exists()
    workspace.lift_ban(mod, bob.pk, "Appeal upheld")
    assert not comments.is_address_blocked(CY)


def test_after_a_refresh_a_mailbox_two_bans_share_keeps_both_parts(mod, make_reader, settings):
    """Refresh wrote each block once, so two banned accounts with one mailbox left one entry:
    delete one account, lift the other, and the block went though the first ban stands."""
    first = make_reader("Ann Lee", email=ANN)
    second = make_reader("Ann Again", email=f"ann+news@{DOMAIN}")
    workspace.ban(mod, first.pk, block_domain=True)
    workspace.ban(mod, second.pk, block_domain=True)
    settings.SECRET_KEY = NEW_KEY
    assert comments.block_banned_addresses() == 2
    assert comments.block_banned_addresses() == 0
    comments.delete_account(first)
    workspace.lift_ban(mod, second.pk, "Appeal upheld")
    assert BlockedAddress.objects.filter(digest=blocklist.address_digest(ANN)).exists()
    assert comments.is_domain_blocked(CY)


def test_a_lift_before_the_refresh_is_not_undone_by_it(mod, make_reader, settings):
    ann = make_reader("Ann Lee", email=ANN)
    workspace.ban(mod, ann.pk, block_domain=True)
    settings.SECRET_KEY = NEW_KEY
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    assert comments.block_banned_addresses() == 0
    assert not comments.is_address_blocked(CY)


# --- migration 0015 ----------------------------------------------------------------------------------


def test_the_migration_records_surviving_bans_and_keeps_the_rest_blocked(mod, make_reader):
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    gone = make_reader("Gone Reader", email="gone@elsewhere.example")
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk)
    workspace.ban(mod, gone.pk, block_domain=True)
    comments.delete_account(gone)
    # As 0014 left them: blocks with no holders recorded.
    BlockedAddress.objects.update(held_by=[])
    migration = importlib.import_module("masthead.comments.migrations.0015_blockedaddress_held_by")
    migration.record_holders(django_apps, None)
    held = dict(BlockedAddress.objects.values_list("digest", "held_by"))
    ann_d, bob_d = blocklist.address_digest(ANN), blocklist.address_digest(BOB)
    assert held[ann_d] == [ann_d] and held[bob_d] == [bob_d]
    assert held[blocklist.domain_digest(DOMAIN)] == [ann_d]  # Bob's ban did not choose it
    unknown = [BlockedAddress.UNKNOWN_HOLDER]
    assert held[blocklist.address_digest("gone@elsewhere.example")] == unknown
    assert held[blocklist.domain_digest("elsewhere.example")] == unknown
    # A block nobody can name stays until the operator lifts it.
    workspace.lift_ban(mod, ann.pk, "Appeal upheld")
    workspace.lift_ban(mod, bob.pk, "Appeal upheld")
    assert comments.is_address_blocked("anyone@elsewhere.example")
    assert not comments.is_address_blocked(CY)


def test_a_block_written_without_holders_by_older_code_is_lifted_with_its_ban(mod, make_reader):
    """During a rolling upgrade a machine on the previous code bans without recording itself
    (the column's database default, an empty list): lifting that ban on the new code removes
    the block, unless another banned account that still exists has the same mailbox."""
    ann = make_reader("Ann Lee", email=ANN)
    again = make_reader("Ann Again", email=f"ann+news@{DOMAIN}")
    comments.ban_reader(ann, mod)
    comments.ban_reader(again, mod)
    BlockedAddress.objects.update(held_by=[])
    comments.ban_reader(ann, mod, banned=False)
    assert comments.is_address_blocked(ANN)  # the other account's ban still needs it
    comments.ban_reader(again, mod, banned=False)
    assert not BlockedAddress.objects.exists()


# --- two moderators at once (PostgreSQL) ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # each moderator's ban runs on its own connection
def test_two_bans_choosing_the_domain_at_once_are_both_recorded(
    mod, lead, make_reader, monkeypatch
):
    """Each ban reads the domain block's list and writes it back with its own entry; without
    the lock per hash (`_lock_blocks`) the second would write over the first's entry, and
    lifting the second later would open the domain under the first, still banned."""
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: the two cannot interleave there")
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    gone = make_reader("Cy Lee", email=CY)
    workspace.ban(lead, gone.pk, block_domain=True)
    comments.delete_account(gone)  # the domain's block exists, held by a deleted account
    domain = blocklist.domain_digest(DOMAIN)
    read = threading.Event()
    real_save = BlockedAddress.save

    def slow_save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.digest == domain and threading.current_thread().name == "ann":
            read.set()  # Ann's ban has read the list and not yet written it
            time.sleep(1)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(BlockedAddress, "save", slow_save)
    outcomes = run_two(
        ("ann", lambda: workspace.ban(mod, ann.pk, block_domain=True)),
        ("bob", lambda: workspace.ban(mod, bob.pk, block_domain=True)),
        second_after=read,
    )
    assert all(isinstance(o, AuditEntry) for o in outcomes.values()), outcomes
    block = BlockedAddress.objects.get(digest=domain)
    assert sorted(block.held_by) == sorted(blocklist.address_digest(a) for a in (ANN, BOB, CY))
