"""The owner of the e-mail address decides the password (security review, 2026-11-30).

Signing up again before confirming replaces the stored password, so a stranger who knows a
reader's address can sign up with it just after them. Before this change, the reader following
the newest link in a browser without that sign-up's mark (their phone) activated the account
with the STRANGER's password, which then worked until the reader reset it. Now a link followed
without the matching mark asks for a password (twice, the sign-up's rules) and activates the
account with that one; any password a sign-up stored is discarded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tests.integration.test_signup_confirms_email import OTHER_PASSWORD, confirm_link, sign_up
from tests.support.comment_fixtures import READER_PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "owner@example.org"
CHOSEN = "chosen-by-the-owner-9"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator("tests.support.moderators.by_keyword")


def _stranger_signs_up_after_the_owner() -> str:
    sign_up(Client(), EMAIL, name="The Owner", password=READER_PASSWORD)
    sign_up(Client(), EMAIL, name="Someone Else", password=OTHER_PASSWORD)
    return confirm_link(mail.outbox[-1])


def _choose(client: Client, link: str, password: str, again: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        link, {"password": password, "password_again": password if again is None else again}
    )


def test_the_owner_following_a_strangers_newest_link_on_another_device_chooses_the_password():
    link = _stranger_signs_up_after_the_owner()
    phone = Client()

    page = phone.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "choose the password you will log in with" in html
    assert 'name="password"' in html and 'name="password_again"' in html
    # Pressing the button without a password activates nothing.
    refused = phone.post(link)
    assert refused.status_code == 400
    assert "Please choose a password" in refused.content.decode()
    assert not User.objects.get(username=EMAIL).is_active
    assert not Client().login(username=EMAIL, password=OTHER_PASSWORD)

    response = _choose(phone, link, CHOSEN)

    assert response.status_code == 302
    owner = User.objects.get(username=EMAIL)
    assert owner.is_active and owner.email == EMAIL
    assert phone.session["_auth_user_id"] == str(owner.pk)
    assert Client().login(username=EMAIL, password=CHOSEN)
    # The stranger's password (it worked here before the fix) and the owner's sign-up one
    # are both discarded.
    assert not Client().login(username=EMAIL, password=OTHER_PASSWORD)
    assert not Client().login(username=EMAIL, password=READER_PASSWORD)


def test_the_browser_that_made_the_latest_sign_up_is_still_one_click_without_a_password():
    browser = Client()
    sign_up(browser, EMAIL, password=READER_PASSWORD)
    link = confirm_link(mail.outbox[-1])
    html = browser.get(link).content.decode()
    assert "Confirm my account" in html and 'name="password"' not in html

    response = browser.post(link)

    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(User.objects.get(username=EMAIL).pk)
    assert Client().login(username=EMAIL, password=READER_PASSWORD)


@pytest.mark.parametrize(
    ("password", "again", "says"),
    [
        (CHOSEN, CHOSEN + "x", "The two passwords differ."),
        ("short1", "short1", "This password is too short."),
    ],
    ids=["mismatched", "too-short"],
)
def test_a_refused_password_says_why_and_leaves_the_link_working(password, again, says):
    link = _stranger_signs_up_after_the_owner()
    phone = Client()

    response = _choose(phone, link, password, again)

    assert response.status_code == 400
    html = response.content.decode()
    assert says in html
    assert 'name="password"' in html  # the form is there to try again, link unchanged
    assert not User.objects.get(username=EMAIL).is_active
    assert "_auth_user_id" not in phone.session
    assert _choose(phone, link, CHOSEN).status_code == 302
    assert Client().login(username=EMAIL, password=CHOSEN)


def test_a_used_link_is_refused_and_does_not_change_the_password():
    link = _stranger_signs_up_after_the_owner()
    assert _choose(Client(), link, CHOSEN).status_code == 302

    again = _choose(Client(), link, "the-strangers-retry-5")

    assert again.status_code == 400
    html = again.content.decode()
    assert "expired or has already been used" in html
    assert 'name="password"' not in html
    assert Client().login(username=EMAIL, password=CHOSEN)
    assert not Client().login(username=EMAIL, password="the-strangers-retry-5")


def test_the_password_form_needs_the_csrf_token():
    link = _stranger_signs_up_after_the_owner()
    strict = Client(enforce_csrf_checks=True)
    assert 'name="csrfmiddlewaretoken"' in strict.get(link).content.decode()

    response = _choose(strict, link, CHOSEN)

    assert response.status_code == 403
    assert not User.objects.get(username=EMAIL).is_active
