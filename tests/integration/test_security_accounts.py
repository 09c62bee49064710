"""Account forms, found by a security review (2026-11-29): password guessing on the site's and
the admin's log-in pages, password-reset e-mails flooding an inbox, sign-ups by script, and the
host a password-reset link names."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tests.support.comment_fixtures import READER_PASSWORD

pytestmark = pytest.mark.django_db


def _form_token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# --- password guessing ------------------------------------------------------------------------


def test_login_attempts_on_one_account_are_limited_even_with_the_right_password(
    make_reader, masthead_settings
):
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="3/900")
    make_reader(email="sam@example.org")
    client = Client()
    for guess in ("guess-1", "guess-2", "guess-3"):
        response = client.post(
            "/accounts/login/", {"username": "sam@example.org", "password": guess}
        )
        assert response.status_code == 200
    # The fourth try, from anywhere, is refused before the password is checked: a guesser
    # cannot tell a right password from a wrong one once over the limit.
    response = Client().post(
        "/accounts/login/",
        {"username": "SAM@example.org", "password": READER_PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "faster than we allow" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_login_attempts_from_one_address_are_limited_across_accounts(
    make_reader, masthead_settings
):
    masthead_settings(LOGIN_RATE_PER_IP="3/900")
    client = Client()
    for n in range(3):
        response = client.post(
            "/accounts/login/", {"username": f"someone{n}@example.org", "password": "x"}
        )
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "other@example.org", "password": "x"})
    assert response.status_code == 429


def test_admin_login_attempts_are_limited(masthead_settings):
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="2/900")
    User.objects.create_superuser("boss", "boss@example.org", "boss-pass-123456")
    client = Client()
    for guess in ("a", "b"):
        client.post("/admin/login/", {"username": "boss", "password": guess})
    response = client.post("/admin/login/", {"username": "boss", "password": "boss-pass-123456"})
    assert "faster than we allow" in response.content.decode()
    assert "_auth_user_id" not in client.session


# --- e-mail flooding and sign-up scripting ---------------------------------------------------


def test_password_reset_requests_for_one_address_are_limited(make_reader, masthead_settings):
    masthead_settings(PASSWORD_RESET_RATE_PER_EMAIL="2/3600")
    make_reader(email="sam@example.org")
    for n in range(2):
        response = Client().post(
            "/accounts/password-reset/",
            {"email": "sam@example.org"},
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
        assert response.status_code == 302
    response = Client().post(
        "/accounts/password-reset/", {"email": "Sam@Example.org"}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 429
    assert "faster than we allow" in response.content.decode()
    assert len(mail.outbox) == 2


def test_password_reset_limit_answers_alike_for_unknown_addresses(masthead_settings):
    """The limit says nothing about whether an account exists: unknown addresses hit it too."""
    masthead_settings(PASSWORD_RESET_RATE_PER_EMAIL="1/3600")
    client = Client()
    assert (
        client.post("/accounts/password-reset/", {"email": "nobody@example.org"}).status_code == 302
    )
    assert (
        client.post("/accounts/password-reset/", {"email": "nobody@example.org"}).status_code == 429
    )


def test_signups_and_reset_requests_from_one_address_are_limited(masthead_settings):
    masthead_settings(ACCOUNT_RATE_PER_IP="2/3600")
    client = Client()
    for n in range(2):
        response = client.post(
            "/accounts/signup/",
            {
                "email": f"new{n}@example.org",
                "display_name": f"New Reader {'ab'[n]}",
                "password": READER_PASSWORD,
                "password_again": READER_PASSWORD,
            },
        )
        assert response.status_code == 302
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "new9@example.org",
            "display_name": "New Reader Z",
            "password": READER_PASSWORD,
            "password_again": READER_PASSWORD,
        },
    )
    assert response.status_code == 429
    assert response["Retry-After"]
    assert not User.objects.filter(email="new9@example.org").exists()
    for n in range(2):
        Client().post("/accounts/password-reset/", {"email": f"x{n}@example.org"})
    response = Client().post("/accounts/password-reset/", {"email": "x9@example.org"})
    assert response.status_code == 429


# --- the address in a password reset e-mail --------------------------------------------------


def test_password_reset_link_names_the_site_address_not_the_request_host(make_reader, settings):
    settings.SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["news.example.org", "attacker.example"]
    make_reader(email="sam@example.org")
    Client().post(
        "/accounts/password-reset/", {"email": "sam@example.org"}, HTTP_HOST="attacker.example"
    )
    (message,) = mail.outbox
    assert "https://news.example.org/accounts/reset/" in message.body
    assert "attacker.example" not in message.body
