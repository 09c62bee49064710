"""Blocking a banned reader's own domain (2026-11-30). A reader with a domain of their own (a
catch-all delivers every address there) could come back after a ban with any other address at
it. The workspace's Ban form now offers, off by default, to block every address at the
reader's domain as well, only where `blocklist.domain_to_offer` names one (never a public
mail provider's). Sign-up from the domain is then refused and guest comments from it are held;
lifting the ban (or undoing it) removes the domain's block, unless another banned account that
chose it stands, whether or not its account still exists (`BlockedAddress.held_by`); a ban
that did not choose the domain never removes its block (`ReaderProfile.domain_blocked` records
the choice); the audit log shows `domain_blocked` beside the ban."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.test import Client

from masthead.comments import actions as comments
from masthead.comments import blocklist
from masthead.comments.models import BlockedAddress, Comment, ReaderProfile
from masthead.dashboard import actions as workspace
from masthead.dashboard.models import AuditEntry
from tests.integration.test_signup_confirms_email import sign_up
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
OWN = "ann@ann-lee.example"
DOMAIN = "ann-lee.example"


@pytest.fixture
def held_by(make_article, make_reader, post, keyword_moderation):
    """held_by(address) -> a held comment by a new reader with that address."""
    article = make_article()

    def make(address: str, name: str = "Ann Lee") -> Comment:
        comment = post(article, make_reader(name, email=address), "You idiot, read the report.")
        assert comment.status == Comment.Status.HELD
        return comment

    return make


def ban_form(client: Client, comment: Comment, **data: str):
    return client.post(
        f"/moderation/readers/{comment.author_id}/ban/", {"next": "/moderation/", **data}
    )


def domain_blocked() -> bool:
    return BlockedAddress.objects.filter(digest=blocklist.domain_digest(DOMAIN)).exists()


def signup_refused(address: str) -> bool:
    mail.outbox.clear()
    sign_up(Client(), address, name="Someone New")
    return "/accounts/signup/confirm/" not in mail.outbox[0].body


# --- the form --------------------------------------------------------------------------------


def test_the_ban_form_offers_the_readers_own_domain_unticked(client, mod, held_by):
    comment = held_by(OWN)
    client.force_login(mod)
    page = client.get("/moderation/queue/held/").content.decode()
    box = f'<input type="checkbox" id="block-domain-{comment.pk}" name="block_domain" value="1">'
    assert box in page  # not checked
    assert f"Also block every address at <bdi>{DOMAIN}</bdi>" in page


def test_the_ban_form_offers_no_domain_for_a_public_providers_address(client, mod, held_by):
    held_by("ann.lee@gmail.com")
    client.force_login(mod)
    page = client.get("/moderation/queue/held/").content.decode()
    assert 'name="block_domain"' not in page
    assert ">Ban</button>" in page


# --- banning ---------------------------------------------------------------------------------


def test_a_ban_left_unticked_blocks_only_the_address(client, mod, held_by):
    comment = held_by(OWN)
    client.force_login(mod)
    assert ban_form(client, comment).status_code == 302
    assert ReaderProfile.objects.get(user_id=comment.author_id).banned
    assert comments.is_address_blocked(OWN)
    assert not domain_blocked()
    assert not comments.is_address_blocked("other@ann-lee.example")


def test_a_ban_with_the_domain_blocks_every_address_there(
    client, mod, held_by, make_article, post, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    comment = held_by(OWN)
    client.force_login(mod)
    response = ban_form(client, comment, block_domain="1")
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Banned; every address at their e-mail domain is blocked too."
    assert domain_blocked()
    assert signup_refused("shop@Ann-Lee.example")
    guest = post(
        make_article(),
        None,
        "A fair point about the bridge.",
        guest_name="Not Ann",
        guest_email="letters@ann-lee.example",
    )
    assert guest.status == Comment.Status.HELD
    assert "blocked_address" in guest.reasons
    # Other domains, and a subdomain, are not covered.
    assert not comments.is_address_blocked("ann@ann-lee.example.org")
    assert not signup_refused("ann@mail.ann-lee.example")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.BAN)
    assert entry.before["domain_blocked"] is False and entry.after["domain_blocked"] is True
    assert DOMAIN not in str(entry.before) + str(entry.after) + entry.reason


def test_the_domain_is_stored_only_as_a_keyed_hash(mod, held_by):
    comment = held_by(OWN)
    workspace.ban(mod, comment.author_id, block_domain=True)
    digests = set(BlockedAddress.objects.values_list("digest", flat=True))
    assert digests == {blocklist.address_digest(OWN), blocklist.domain_digest(DOMAIN)}
    assert not any(DOMAIN in d for d in digests)


def test_a_public_providers_domain_is_refused_even_when_posted(client, mod, held_by):
    comment = held_by("ann.lee@outlook.com")
    client.force_login(mod)
    response = ban_form(client, comment, block_domain="1")
    assert response.status_code == 400
    assert "cannot be blocked" in response.content.decode()
    assert not ReaderProfile.objects.get(user_id=comment.author_id).banned
    assert not BlockedAddress.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.BAN).exists()


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "reader"])
def test_only_a_moderator_can_block_a_domain(client, editor, held_by, make_reader, who):
    comment = held_by(OWN)
    user = editor if who == "editor" else make_reader("Plain Reader", email="plain@example.org")
    client.force_login(user)
    assert ban_form(client, comment, block_domain="1").status_code == 403
    assert not ReaderProfile.objects.get(user_id=comment.author_id).banned
    assert not BlockedAddress.objects.exists()


def test_the_ban_form_needs_its_csrf_token(mod, held_by):
    comment = held_by(OWN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(mod)
    assert ban_form(client, comment, block_domain="1").status_code == 403
    assert not BlockedAddress.objects.exists()


# --- lifting and undoing -----------------------------------------------------------------------


def test_lifting_the_ban_lifts_the_domains_block(mod, held_by):
    comment = held_by(OWN)
    workspace.ban(mod, comment.author_id, block_domain=True)
    entry = workspace.lift_ban(mod, comment.author_id, "Banned by mistake")
    assert entry.before["domain_blocked"] is True and entry.after["domain_blocked"] is False
    assert not BlockedAddress.objects.exists()
    assert workspace.lift_ban_message(entry) == (
        "Ban lifted: this reader may post again now. Undo reverses it."
    )
    # Undoing the lift bans again with the domain's block.
    workspace.undo_last(mod)
    assert domain_blocked() and comments.is_address_blocked("other@ann-lee.example")


def test_undoing_the_ban_lifts_the_domains_block(mod, held_by):
    comment = held_by(OWN)
    workspace.ban(mod, comment.author_id, block_domain=True)
    workspace.undo_last(mod)
    assert not ReaderProfile.objects.get(user_id=comment.author_id).banned
    assert not BlockedAddress.objects.exists()


def test_the_ban_records_its_choice_of_the_domain_and_the_lift_clears_it(mod, held_by):
    chose, plain = held_by(OWN), held_by("cy@cy-lee.example", name="Cy Lee")
    workspace.ban(mod, chose.author_id, block_domain=True)
    workspace.ban(mod, plain.author_id)
    assert ReaderProfile.objects.get(user_id=chose.author_id).domain_blocked
    assert not ReaderProfile.objects.get(user_id=plain.author_id).domain_blocked
    workspace.lift_ban(mod, chose.author_id, "Appeal upheld")
    assert not ReaderProfile.objects.get(user_id=chose.author_id).domain_blocked
    assert not domain_blocked()


def test_the_domain_stays_blocked_while_another_banned_account_that_chose_it_is_there(mod, held_by):
    first = held_by(OWN)
    second = held_by("bob@ann-lee.example", name="Bob Lee")
    workspace.ban(mod, first.author_id, block_domain=True)
    workspace.ban(mod, second.author_id, block_domain=True)
    entry = workspace.lift_ban(mod, first.author_id, "Appeal upheld")
    assert domain_blocked()
    assert not BlockedAddress.objects.filter(digest=blocklist.address_digest(OWN)).exists()
    assert "Every address at their e-mail domain stays blocked" in (
        workspace.lift_ban_message(entry)
    )
    workspace.lift_ban(mod, second.author_id, "Appeal upheld")
    assert not BlockedAddress.objects.exists()


def test_lifting_the_ban_that_chose_the_domain_opens_it_beside_an_address_only_ban(mod, held_by):
    first = held_by(OWN)
    second = held_by("bob@ann-lee.example", name="Bob Lee")
    workspace.ban(mod, first.author_id, block_domain=True)
    workspace.ban(mod, second.author_id)  # only Bob's own address
    workspace.lift_ban(mod, first.author_id, "Appeal upheld")
    assert not domain_blocked()
    assert comments.is_address_blocked("bob@ann-lee.example")
    assert not comments.is_address_blocked("other@ann-lee.example")


def test_undoing_a_lift_keeps_the_bans_own_choice_of_the_domain(mod, held_by):
    """Two bans chose the domain; one is lifted and the lift undone. The undo must ban again
    with the domain chosen, though the other ban kept it blocked meanwhile; otherwise lifting
    the other ban later opened the domain while this reader was banned again."""
    first = held_by(OWN)
    second = held_by("bob@ann-lee.example", name="Bob Lee")
    workspace.ban(mod, first.author_id, block_domain=True)
    workspace.ban(mod, second.author_id, block_domain=True)
    workspace.lift_ban(mod, first.author_id, "Appeal upheld")
    workspace.undo_last(mod)
    assert ReaderProfile.objects.get(user_id=first.author_id).domain_blocked
    workspace.lift_ban(mod, second.author_id, "Appeal upheld")
    assert domain_blocked()
    assert comments.is_address_blocked("other@ann-lee.example")


# --- after the account is deleted ----------------------------------------------------------------


def test_lifting_an_address_only_ban_keeps_the_domain_a_deleted_accounts_ban_chose(mod, held_by):
    # The reviewer's case: A's ban chose the domain, A's account is deleted, B at the same
    # domain is banned (address only) and lifted: the domain stays blocked by A's ban.
    first = held_by(OWN)
    second = held_by("bob@ann-lee.example", name="Bob Lee")  # signed up before the ban
    workspace.ban(mod, first.author_id, block_domain=True)
    User.objects.filter(pk=first.author_id).delete()
    workspace.ban(mod, second.author_id)
    entry = workspace.lift_ban(mod, second.author_id, "Appeal upheld")
    assert domain_blocked()
    assert comments.is_address_blocked("other@ann-lee.example")
    assert not BlockedAddress.objects.filter(
        digest=blocklist.address_digest("bob@ann-lee.example")
    ).exists()
    assert entry.before["domain_blocked"] is True and entry.after["domain_blocked"] is True


def test_undoing_an_address_only_ban_keeps_the_domain_a_deleted_accounts_ban_chose(mod, held_by):
    first = held_by(OWN)
    second = held_by("bob@ann-lee.example", name="Bob Lee")  # signed up before the ban
    workspace.ban(mod, first.author_id, block_domain=True)
    User.objects.filter(pk=first.author_id).delete()
    workspace.ban(mod, second.author_id)
    workspace.undo_last(mod)
    assert not ReaderProfile.objects.get(user_id=second.author_id).banned
    assert domain_blocked()
    assert comments.is_address_blocked(OWN)


def test_a_domain_two_bans_chose_stays_blocked_when_one_account_is_deleted_and_the_other_lifted(
    mod, held_by
):
    # Left open until 2026-11-30 (the choice lived only on the deleted profile, and the domain
    # opened). The block records the bans that chose it (`BlockedAddress.held_by`).
    first = held_by(OWN)
    second = held_by("bob@ann-lee.example", name="Bob Lee")
    workspace.ban(mod, first.author_id, block_domain=True)
    workspace.ban(mod, second.author_id, block_domain=True)
    User.objects.filter(pk=first.author_id).delete()
    entry = workspace.lift_ban(mod, second.author_id, "Appeal upheld")
    assert domain_blocked()
    assert comments.is_address_blocked("other@ann-lee.example")
    assert comments.is_address_blocked(OWN)
    assert entry.before["domain_blocked"] is True and entry.after["domain_blocked"] is True
    assert "Every address at their e-mail domain stays blocked" in (
        workspace.lift_ban_message(entry)
    )
    assert DOMAIN not in str(entry.before) + str(entry.after) + entry.reason


def test_the_command_line_lift_of_a_deleted_account_lifts_its_domains_block_and_says_so(
    mod, held_by, capsys
):
    comment = held_by(OWN)
    workspace.ban(mod, comment.author_id, block_domain=True)
    User.objects.filter(pk=comment.author_id).delete()
    assert comments.is_address_blocked("anyone@ann-lee.example")
    call_command("blocked_addresses", "lift", OWN, "--by", "mod", "--reason", "Appeal upheld")
    assert "block lifted" in capsys.readouterr().out
    assert not BlockedAddress.objects.exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LIFT_BAN)
    assert entry.before["domain_blocked"] is True and entry.after["domain_blocked"] is False


def test_the_command_line_lift_is_refused_while_a_banned_account_has_an_address_there(
    mod, held_by, capsys
):
    first = held_by(OWN)
    second = held_by("bob@ann-lee.example", name="Bob Lee")
    workspace.ban(mod, first.author_id, block_domain=True)
    workspace.ban(mod, second.author_id)
    User.objects.filter(pk=first.author_id).delete()
    with pytest.raises(SystemExit):
        call_command("blocked_addresses", "lift", OWN, "--by", "mod", "--reason", "Appeal")
    assert "a banned account has an address there" in capsys.readouterr().err
    assert domain_blocked()
    assert comments.is_address_blocked(OWN)


# --- a new secret key ------------------------------------------------------------------------------


def test_refresh_writes_the_domains_block_again_under_a_new_secret_key(
    mod, held_by, settings, capsys
):
    chose, plain = held_by(OWN), held_by("cy@cy-lee.example", name="Cy Lee")
    workspace.ban(mod, chose.author_id, block_domain=True)
    workspace.ban(mod, plain.author_id)
    settings.SECRET_KEY = "a-brand-new-secret-key-after-rotation-0123456789"
    assert not comments.is_address_blocked("other@ann-lee.example")  # the old hash is stale
    call_command("blocked_addresses", "refresh")
    capsys.readouterr()
    assert domain_blocked()
    assert comments.is_address_blocked("other@ann-lee.example")
    assert comments.is_address_blocked(OWN) and comments.is_address_blocked("cy@cy-lee.example")
    # Only the domain a ban chose: Cy's ban blocked his address alone.
    assert not comments.is_address_blocked("other@cy-lee.example")
    assert comments.block_banned_addresses() == 0  # already written
