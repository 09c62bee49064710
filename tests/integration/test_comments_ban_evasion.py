"""A ban outlives the account (2026-11-30): banned readers' addresses are kept as keyed hashes.

Before, a banned reader could delete the account and sign up again with the same address (the
ban lived on the profile, which went with the account), or log out and comment as a guest with
that address. Now: signing up with a banned address sends the mailbox a refusal instead of a
link (the page answers as for any address), confirming an old link is refused, and a guest
comment from it is held for a moderator with reason `blocked_address`. Lifting the ban lifts
the block. The database holds only the HMAC of the normalised address.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

from masthead.comments import actions, blocklist
from masthead.comments.errors import Conflict, NotAllowed
from masthead.comments.models import BlockedAddress, Comment
from masthead.dashboard import actions as workspace
from masthead.dashboard.models import AuditEntry
from tests.integration.test_signup_confirms_email import confirm_link, sign_up
from tests.support.comment_fixtures import READER_PASSWORD
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
ADDRESS = "Mallory.Banned@example.org"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


@pytest.fixture
def mallory(make_reader):
    return make_reader("Mallory", email=ADDRESS)


def delete_account(user) -> None:
    client = Client()
    client.force_login(user)
    assert client.post("/accounts/delete/", {"confirm": "delete"}).status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def guest_post(post, article, text: str = "A fair point about the bridge.", **who):
    who = {"guest_name": "Passing Stranger", "guest_email": ADDRESS.lower(), **who}
    return post(article, None, text, **who)


# --- sign-up after deleting the account ------------------------------------------------------


def test_a_banned_reader_who_deletes_the_account_cannot_sign_up_again_with_the_address(
    mallory, moderator_user
):
    actions.ban_reader(mallory, moderator_user)
    delete_account(mallory)
    mail.outbox.clear()
    response = sign_up(Client(), ADDRESS.upper(), name="Mallory Again")
    # The page answers as for any address: it tells nobody which addresses were banned.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/sent/"
    # The mailbox is told, with no link, and no account is made.
    (message,) = mail.outbox
    assert message.to == [ADDRESS.lower()]
    assert "banned" in message.body
    assert "/accounts/signup/confirm/" not in message.body
    assert not User.objects.filter(username__iexact=ADDRESS).exists()


def test_a_banned_address_answers_the_sign_up_form_as_an_unknown_one_does(mallory, moderator_user):
    actions.ban_reader(mallory, moderator_user)
    delete_account(mallory)
    blocked = sign_up(Client(), ADDRESS, name="Mallory Again")
    unknown = sign_up(Client(), "nobody@example.org", name="Nobody Yet")
    assert blocked.status_code == unknown.status_code == 302
    assert blocked["Location"] == unknown["Location"]
    assert sorted(blocked.cookies) == sorted(unknown.cookies)


def test_a_plus_tag_or_gmail_dots_do_not_get_round_the_block(make_reader, moderator_user):
    reader = make_reader("Gee Mail", email="gee.mail@gmail.com")
    actions.ban_reader(reader, moderator_user)
    delete_account(reader)
    for address in ("geemail+again@gmail.com", "G.e.e.Mail@googlemail.com"):
        assert actions.is_address_blocked(address), address
        mail.outbox.clear()
        sign_up(Client(), address, name="Gee Again")
        assert "/accounts/signup/confirm/" not in mail.outbox[0].body
    assert not actions.is_address_blocked("gee.mail@example.org")


def test_a_sign_up_link_sent_before_the_ban_no_longer_confirms(make_reader, moderator_user):
    reader = make_reader("Tagged", email="ann+comments@example.org")
    mail.outbox.clear()
    sign_up(Client(), "ann@example.org", name="Ann Plain")
    link = confirm_link(mail.outbox[0])
    actions.ban_reader(reader, moderator_user)
    response = Client().post(
        link, {"password": "a-new-long-pass-9", "password_again": "a-new-long-pass-9"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "cannot be used for an account here" in page
    assert 'name="password"' not in page
    assert not User.objects.get(username="ann@example.org").is_active


def test_code_that_makes_accounts_is_refused_a_banned_address(mallory, moderator_user):
    actions.ban_reader(mallory, moderator_user)
    delete_account(mallory)
    with pytest.raises(NotAllowed) as info:
        actions.register_reader(ADDRESS, "Mallory Again", READER_PASSWORD)
    assert info.value.code == "address_blocked"


# --- guest comments --------------------------------------------------------------------------


def test_a_guest_comment_with_a_banned_readers_address_is_held_for_a_moderator(
    mallory, moderator_user, make_article, post, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    actions.ban_reader(mallory, moderator_user)
    comment = guest_post(post, article, guest_email="mallory.banned+x@EXAMPLE.org")
    assert comment.status == Comment.Status.HELD
    assert "blocked_address" in comment.reasons
    assert comment.enforced_reason_codes() == ["blocked_address"]
    # The author is told only what any held comment says.
    assert comment.reason_words == actions.BLOCKED_ADDRESS_EXPLANATION
    assert "ban" not in comment.reason_words.lower()
    # Another guest is published as before.
    other = guest_post(post, article, guest_name="Someone Else", guest_email="else@example.org")
    assert other.status == Comment.Status.PUBLISHED


def test_a_guest_comment_is_still_held_after_the_banned_account_is_deleted(
    mallory, moderator_user, make_article, post, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    actions.ban_reader(mallory, moderator_user)
    delete_account(mallory)
    comment = guest_post(post, make_article())
    assert comment.status == Comment.Status.HELD
    assert "blocked_address" in comment.reasons


def test_a_guest_comment_the_checks_reject_stays_rejected(
    mallory, moderator_user, make_article, post, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    actions.ban_reader(mallory, moderator_user)
    comment = guest_post(post, make_article(), "You idiot, spam spam spam.")
    assert comment.status in (Comment.Status.REJECTED, Comment.Status.HELD)
    if comment.status == Comment.Status.HELD:
        assert "blocked_address" in comment.reasons


# --- lifting the ban -------------------------------------------------------------------------


def test_lifting_the_ban_lifts_the_block(
    mallory, moderator_user, make_article, post, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    actions.ban_reader(mallory, moderator_user)
    assert actions.is_address_blocked(ADDRESS)
    actions.ban_reader(mallory, moderator_user, banned=False)
    assert not actions.is_address_blocked(ADDRESS)
    assert not BlockedAddress.objects.exists()
    assert guest_post(post, make_article()).status == Comment.Status.PUBLISHED
    delete_account(mallory)
    mail.outbox.clear()
    sign_up(Client(), ADDRESS, name="Mallory Again")
    assert "/accounts/signup/confirm/" in mail.outbox[0].body


def test_lifting_one_ban_keeps_the_block_of_another_banned_account_with_that_address(
    make_reader, moderator_user
):
    first = make_reader("First Ann", email="ann@example.org")
    second = make_reader("Second Ann", email="ann+two@example.org")
    actions.ban_reader(first, moderator_user)
    actions.ban_reader(second, moderator_user)
    actions.ban_reader(first, moderator_user, banned=False)
    assert actions.is_address_blocked("ann@example.org")


def test_the_workspace_audit_log_shows_the_block_with_the_ban_and_its_undo(mallory, mod):
    entry = workspace.ban(mod, mallory.pk)
    assert entry.before["address_blocked"] is False
    assert entry.after["address_blocked"] is True
    assert ("address_blocked", "False", "True") in entry.changes
    client = Client()
    client.force_login(mod)
    page = client.get("/moderation/audit/").content.decode()
    assert "address_blocked: <bdi>False</bdi> → <bdi>True</bdi>" in page
    workspace.undo_last(mod)
    assert not actions.is_address_blocked(ADDRESS)
    undo = AuditEntry.objects.get(action=AuditEntry.Action.UNDO)
    assert undo.after["address_blocked"] is False


def test_an_operator_can_lift_the_block_of_a_deleted_account_but_not_of_a_banned_one(
    mallory, moderator_user, mod, capsys
):
    # The lift names the moderator and the reason, for the workspace's audit log
    # (test_blocked_addresses_lift_audit.py).
    lift = ("blocked_addresses", "lift", ADDRESS, "--by", "mod", "--reason", "Appeal upheld")
    actions.ban_reader(mallory, moderator_user)
    with pytest.raises(SystemExit) as exited:
        call_command(*lift)
    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        "blocked_addresses: error: An account with this address is banned: lift the ban in "
        "the workspace instead.\n"
    )
    with pytest.raises(Conflict):
        actions.lift_address_block(ADDRESS, moderator_user, "Appeal upheld")
    delete_account(mallory)
    call_command("blocked_addresses", "check", ADDRESS)
    assert capsys.readouterr().out.strip().endswith(": blocked")
    call_command(*lift)
    assert "block lifted" in capsys.readouterr().out
    assert not actions.is_address_blocked(ADDRESS)


def test_refresh_writes_the_blocks_of_banned_accounts_under_the_current_key(
    mallory, moderator_user, settings
):
    actions.ban_reader(mallory, moderator_user)
    settings.SECRET_KEY = "a-brand-new-secret-key-after-rotation-0123456789"
    assert not actions.is_address_blocked(ADDRESS)  # the old hash no longer matches
    assert actions.block_banned_addresses() == 1
    assert actions.is_address_blocked(ADDRESS)


# --- what is stored --------------------------------------------------------------------------


def test_the_address_is_stored_only_as_a_keyed_hash(mallory, moderator_user):
    actions.ban_reader(mallory, moderator_user)
    delete_account(mallory)
    (row,) = BlockedAddress.objects.all()
    assert re.fullmatch(r"[0-9a-f]{64}", row.digest)
    assert row.digest == blocklist.address_digest(ADDRESS)
    # Keyed: not the plain SHA-256 anyone could compute from a guessed address.
    import hashlib

    assert row.digest != hashlib.sha256(ADDRESS.lower().encode()).hexdigest()
    assert row.digest != blocklist.address_digest(ADDRESS, secret="another-secret-key-" * 3)
    # Nowhere in the database, in any spelling.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM comments_blockedaddress")
        dumped = repr(cursor.fetchall()).lower()
    assert "mallory" not in dumped and "example.org" not in dumped
    assert not User.objects.filter(username__icontains="mallory").exists()


def test_normalise_address_reads_tags_and_gmail_dots_as_one_mailbox():
    assert blocklist.normalise_address(" Ann+News@Example.ORG ") == "ann@example.org"
    assert blocklist.normalise_address("a.n.n@googlemail.com") == "ann@gmail.com"
    assert blocklist.normalise_address("a.n.n@example.org") == "a.n.n@example.org"
    assert blocklist.normalise_address("+tag@example.org") == "+tag@example.org"


def test_a_suspension_does_not_block_the_address(make_reader, moderator_user):
    import datetime as dt

    from django.utils import timezone

    reader = make_reader("Brief Pause", email="pause@example.org")
    actions.suspend_reader(reader, moderator_user, timezone.now() + dt.timedelta(days=3))
    assert not actions.is_address_blocked("pause@example.org")
    assert not BlockedAddress.objects.exists()
