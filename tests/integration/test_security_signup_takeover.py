"""Account pre-hijacking through sign-up (security review, 2026-11-30).

Signing up again before confirming replaces the password (a reader who forgot it starts over).
A stranger who knows someone's address could sign up with it just after them: the newest
e-mail's link then confirms an account whose password the stranger chose. Following that link
in the browser that signed up first logged the owner in at once, so nothing told them the
password was no longer theirs, and the stranger could log in as them later. The browser's mark
now names the sign-up (its password) as well as the address: only the browser that made the
sign-up the link confirms is logged in by it; anywhere else the reader chooses the password
(test_security_signup_owner_password)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tests.integration.test_signup_confirms_email import OTHER_PASSWORD, confirm_link, sign_up
from tests.support.comment_fixtures import READER_PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "owner@example.org"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator("tests.support.moderators.by_keyword")


def test_a_strangers_later_sign_up_with_the_same_address_does_not_log_the_owner_in_with_the_strangers_password():
    owner, stranger = Client(), Client()
    sign_up(owner, EMAIL, name="The Owner", password=READER_PASSWORD)
    sign_up(stranger, EMAIL, name="Someone Else", password=OTHER_PASSWORD)
    latest = confirm_link(mail.outbox[-1])

    response = owner.post(latest)

    # Not logged in and nothing activated: the owner's browser holds the mark of the owner's
    # sign-up, not of the stranger's, so the page asks the owner to choose a password
    # (since 2026-11-30; before, the account was activated with the stranger's password).
    assert response.status_code == 400
    assert "Please choose a password" in response.content.decode()
    assert "_auth_user_id" not in owner.session
    assert not User.objects.get(username=EMAIL).is_active


def test_the_browser_whose_sign_up_the_link_confirms_is_still_logged_in():
    first, latest_browser = Client(), Client()
    sign_up(first, EMAIL, password=READER_PASSWORD)
    sign_up(latest_browser, EMAIL, name="Reader Again", password=OTHER_PASSWORD)

    response = latest_browser.post(confirm_link(mail.outbox[-1]))

    assert response.status_code == 302
    assert latest_browser.session["_auth_user_id"] == str(User.objects.get(username=EMAIL).pk)
