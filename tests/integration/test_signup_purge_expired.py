"""Sign-ups never confirmed are deleted once their link has expired, so they stop holding their
display name (found 2026-11-29: an unconfirmed sign-up kept its name reserved for ever).

`comments.actions.purge_expired_signups` and `masthead purge_expired_signups` delete only an
inactive, non-staff account with no e-mail yet, joined more than PASSWORD_RESET_TIMEOUT ago;
never a confirmed account, a staff account, or an account an administrator deactivated."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from masthead.comments import actions
from masthead.comments.errors import InvalidComment
from masthead.comments.models import ReaderProfile
from tests.support.comment_fixtures import READER_PASSWORD
from tests.support.environment import run_masthead

pytestmark = pytest.mark.django_db

LINK_LIFETIME = dt.timedelta(days=3)  # Django's PASSWORD_RESET_TIMEOUT


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def pending(email: str, name: str) -> User:
    """A sign-up waiting for its link to be followed, as the sign-up page leaves it."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        actions.sign_up_reader(email, name, READER_PASSWORD)
    user = User.objects.get(username=email)
    assert actions.awaiting_confirmation(user)
    return user


def joined(user: User, ago: dt.timedelta) -> None:
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - ago)


def after_link_expired() -> dt.datetime:
    return timezone.now() + LINK_LIFETIME + dt.timedelta(minutes=1)


def test_a_sign_up_never_confirmed_is_deleted_once_its_link_expired_and_its_name_is_free():
    user = pending("late@example.org", "Pending Name")
    with pytest.raises(InvalidComment) as taken:
        actions.sign_up_reader("other@example.org", "pending name", READER_PASSWORD)
    assert taken.value.code == "display_name_taken"

    assert actions.purge_expired_signups(now=after_link_expired()) == 1

    assert not User.objects.filter(pk=user.pk).exists()
    assert not ReaderProfile.objects.filter(user_id=user.pk).exists()
    # The name, and the address, can be signed up with again.
    with TestCase.captureOnCommitCallbacks(execute=False):
        actions.sign_up_reader("other@example.org", "Pending Name", READER_PASSWORD)
        actions.sign_up_reader("late@example.org", "Another Name", READER_PASSWORD)
    assert ReaderProfile.objects.get(display_name="Pending Name").user.username == (
        "other@example.org"
    )


def test_a_sign_up_whose_link_still_works_is_kept():
    user = pending("recent@example.org", "Recent Reader")
    just_before = timezone.now() + LINK_LIFETIME - dt.timedelta(minutes=1)
    assert actions.purge_expired_signups(now=just_before) == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_the_purge_never_deletes_a_confirmed_staff_or_deactivated_account(make_reader):
    confirmed = make_reader("Confirmed Reader", email="confirmed@example.org")
    staff = User.objects.create_user("desk@example.org", "", "staff-pass-123456", is_staff=True)
    staff.is_active = False
    staff.save()
    ReaderProfile.objects.create(user=staff, display_name="Night Desk")
    deactivated = make_reader("Deactivated Reader", email="gone@example.org")
    deactivated.is_active = False  # an administrator's deactivation keeps the e-mail address
    deactivated.save()
    superuser = User.objects.create_superuser("root@example.org", "", "root-pass-1234567")
    superuser.is_active = False
    superuser.is_staff = False
    superuser.save()
    ReaderProfile.objects.create(user=superuser, display_name="Root Reader")
    expired = pending("expired@example.org", "Expired Reader")
    for user in (confirmed, staff, deactivated, superuser):
        joined(user, dt.timedelta(days=400))

    assert actions.purge_expired_signups(now=after_link_expired()) == 1

    assert not User.objects.filter(pk=expired.pk).exists()
    kept = {confirmed.pk, staff.pk, deactivated.pk, superuser.pk}
    assert set(User.objects.filter(pk__in=kept).values_list("pk", flat=True)) == kept
    assert ReaderProfile.objects.filter(user_id__in=kept).count() == 4


def test_an_account_that_was_ever_used_is_kept_even_without_an_email(
    make_reader, make_article, post
):
    # Inactive, not staff, no e-mail: it looks like a sign-up, but it logged in or commented,
    # so it was once a working account (its e-mail cleared by hand); deleting it would orphan
    # its comments.
    commented = make_reader("Commenting Reader", email="commented@example.org")
    post(make_article(), commented, "A fair point about the bridge.")
    logged_in = make_reader("Logged In Reader", email="loggedin@example.org")
    logged_in.last_login = timezone.now() - dt.timedelta(days=30)
    logged_in.save()
    no_profile = User.objects.create_user("made-in-admin", "", "admin-made-pass-123")
    for user in (commented, logged_in, no_profile):
        User.objects.filter(pk=user.pk).update(is_active=False, email="")
        joined(user, dt.timedelta(days=400))
        assert actions.awaiting_confirmation(User.objects.get(pk=user.pk))

    assert actions.purge_expired_signups(now=after_link_expired()) == 0
    assert User.objects.filter(pk__in=[commented.pk, logged_in.pk, no_profile.pk]).count() == 3


def test_a_confirmed_sign_up_is_kept():
    user = pending("confirmed-late@example.org", "Confirmed Late")
    User.objects.filter(pk=user.pk).update(email=user.username, is_active=True)  # as confirming
    assert actions.purge_expired_signups(now=after_link_expired()) == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_more_sign_ups_than_one_batch_are_all_deleted(monkeypatch):
    monkeypatch.setattr(actions, "PURGE_BATCH", 2)
    users = [pending(f"batch{n}@example.org", f"Batch Reader {n}") for n in range(5)]
    assert actions.purge_expired_signups(now=after_link_expired()) == 5
    assert not User.objects.filter(pk__in=[u.pk for u in users]).exists()


def run_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("purge_expired_signups", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_deletes_expired_sign_ups_and_says_how_many(make_reader):
    expired = pending("old@example.org", "Old Pending")
    joined(expired, LINK_LIFETIME + dt.timedelta(hours=1))
    fresh = pending("new@example.org", "New Pending")
    confirmed = make_reader("Old Reader", email="oldreader@example.org")
    joined(confirmed, dt.timedelta(days=400))

    assert run_command("--dry-run") == ("1 sign-up(s) never confirmed would be deleted\n", "")
    assert User.objects.filter(pk=expired.pk).exists()

    assert run_command() == ("1 sign-up(s) never confirmed deleted\n", "")
    assert not User.objects.filter(pk=expired.pk).exists()
    assert User.objects.filter(pk__in=[fresh.pk, confirmed.pk]).count() == 2
    assert run_command() == ("0 sign-up(s) never confirmed deleted\n", "")


def masthead(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_masthead(
        tmp_path, {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}, *args
    )


def test_the_command_on_a_database_never_migrated_says_so_in_one_line(tmp_path):
    result = masthead(tmp_path, "purge_expired_signups")
    assert (result.returncode, result.stderr) == (
        1,
        "purge_expired_signups: error: the database has no tables: run `masthead migrate` first\n",
    )


def test_a_bad_option_is_one_line_and_status_2(tmp_path):
    result = masthead(tmp_path, "purge_expired_signups", "--older-than", "1")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("purge_expired_signups: error: unrecognized arguments")


def test_the_purge_is_one_transaction(monkeypatch):
    # Something failing after the first batch is deleted leaves every account in place.
    monkeypatch.setattr(actions, "PURGE_BATCH", 1)
    users = [pending(f"whole{n}@example.org", f"Whole Reader {n}") for n in range(2)]

    def fail(*args: object) -> None:
        raise RuntimeError("stopped after deleting")

    monkeypatch.setattr(actions.logger, "info", fail)
    with pytest.raises(RuntimeError):
        actions.purge_expired_signups(now=after_link_expired())
    assert User.objects.filter(pk__in=[u.pk for u in users]).count() == 2


def test_a_database_error_in_the_command_is_one_line_and_status_1(monkeypatch):
    from django.db import OperationalError

    from masthead.comments.management.commands import purge_expired_signups as command

    def fail(*args: object, **kwargs: object) -> int:
        raise OperationalError("database is locked\nmore detail")

    monkeypatch.setattr(command, "purge_expired_signups", fail)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("purge_expired_signups", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert err.getvalue() == (
        "purge_expired_signups: error: cannot use the database: database is locked\n"
    )


def test_signing_up_again_restarts_the_link_lifetime_so_the_newer_link_is_not_purged():
    user = pending("again@example.org", "Second Try")
    joined(user, dt.timedelta(days=2))  # the first link has a day left
    with TestCase.captureOnCommitCallbacks(execute=False):
        actions.sign_up_reader("again@example.org", "Second Try", READER_PASSWORD)

    # Past the first link's lifetime, within the newer one's.
    assert actions.purge_expired_signups(now=timezone.now() + dt.timedelta(days=2)) == 0
    assert User.objects.filter(pk=user.pk).exists()
    assert actions.purge_expired_signups(now=after_link_expired()) == 1


def test_a_link_followed_after_its_account_was_purged_says_it_expired(monkeypatch):
    user = pending("raced@example.org", "Raced Reader")
    checked = actions.check_signup_link

    def check_then_purge(uidb64: str, token: str):  # the purge runs between check and read
        found = checked(uidb64, token)
        User.objects.filter(pk=user.pk).delete()
        return found

    from django.contrib.auth.tokens import PasswordResetTokenGenerator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    token = actions.signup_tokens.make_token(user)
    assert isinstance(actions.signup_tokens, PasswordResetTokenGenerator)
    monkeypatch.setattr(actions, "check_signup_link", check_then_purge)
    with pytest.raises(InvalidComment) as expired:
        actions.confirm_signup(urlsafe_base64_encode(force_bytes(user.pk)), token)
    assert expired.value.code == "bad_signup_link"
    assert "expired" in str(expired.value)
