"""Account forms, found by a security review (2026-11-29): password guessing on the site's and
the admin's log-in pages, password-reset e-mails flooding an inbox, sign-ups by script, and the
host a password-reset link names."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, TestCase

from masthead.comments import actions
from tests.support.comment_fixtures import READER_PASSWORD

pytestmark = pytest.mark.django_db


def _form_token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# --- password guessing ------------------------------------------------------------------------


def _log_in(username: str, password: str, address: str, **headers: str):  # type: ignore[no-untyped-def]
    return Client().post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_login_attempts_on_one_account_from_one_address_are_limited_even_with_the_right_password(
    make_reader, masthead_settings
):
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="3/900")
    make_reader(email="sam@example.org")
    for guess in ("guess-1", "guess-2", "guess-3"):
        assert _log_in("sam@example.org", guess, "203.0.113.66").status_code == 200
    # The fourth try from that address is refused before the password is checked: a guesser
    # cannot tell a right password from a wrong one once over the limit.
    response = _log_in("SAM@example.org", READER_PASSWORD, "203.0.113.66")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    assert "faster than we allow" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_a_stranger_failing_on_purpose_does_not_lock_the_owner_out_from_their_own_address(
    make_reader, masthead_settings
):
    """The lockout a stranger could cause by failing with a reader's address on purpose: the
    per-account limit counts per (account, address), so the owner's address has its own."""
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="3/900")
    make_reader(email="sam@example.org")
    for n in range(10):
        _log_in("sam@example.org", f"wrong-{n}", "203.0.113.66")
    assert _log_in("sam@example.org", "wrong", "203.0.113.66").status_code == 429
    response = _log_in("sam@example.org", READER_PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"]


def test_login_attempts_on_one_account_from_many_addresses_are_limited_together(
    make_reader, masthead_settings
):
    """Guessing from many addresses stays limited: a higher limit counts the account's attempts
    from all addresses together, and attempts one address makes past its own share do not
    count towards it (so one address alone cannot reach it)."""
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="2/900", LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES="6/900")
    make_reader(email="sam@example.org")
    for n in range(6):  # 2 of them count towards the account's total
        _log_in("sam@example.org", f"wrong-{n}", "203.0.113.1")
    assert _log_in("sam@example.org", READER_PASSWORD, "198.51.100.7").status_code == 302  # 3
    for n in range(2):  # 5
        assert _log_in("sam@example.org", f"wrong-{n}", "203.0.113.2").status_code == 200
    assert _log_in("sam@example.org", "wrong", "203.0.113.3").status_code == 200  # 6
    # The seventh, from a fresh address and with the right password, is refused.
    response = _log_in("sam@example.org", READER_PASSWORD, "203.0.113.4")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in response.client.session


def _strangers_use_up_the_account_wide_limit(username: str, already: int = 0) -> None:
    """With LOGIN_RATE_PER_ACCOUNT 2/900 and ..._ALL_ADDRESSES 6/900: stranger addresses fail
    (twice each at most) until the account's total of 6, counting the `already` attempts made on
    it, is full; a fourth stranger address is then refused."""
    left = 6 - already
    for stranger in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        tries = min(2, left)
        for n in range(tries):
            assert _log_in(username, f"wrong-{n}", stranger).status_code == 200
        left -= tries
    assert _log_in(username, "wrong", "203.0.113.4").status_code == 429


def test_the_owner_logs_in_from_an_address_they_logged_in_from_before_despite_the_account_wide_limit(
    make_reader, masthead_settings
):
    """Strangers failing from many addresses use up the account-wide limit; an address the
    account logged in from before is not refused by it."""
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="2/900", LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES="6/900")
    make_reader(email="sam@example.org")
    assert _log_in("sam@example.org", READER_PASSWORD, "198.51.100.7").status_code == 302
    _strangers_use_up_the_account_wide_limit("sam@example.org", already=1)
    response = _log_in("Sam@Example.org", READER_PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"]


def test_a_new_address_is_refused_while_the_account_wide_limit_is_used_up(
    make_reader, masthead_settings
):
    """Only an address the account logged in from is let past the account-wide limit; a new
    one (even with the right password) gets 429 and Retry-After."""
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="2/900", LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES="6/900")
    make_reader(email="sam@example.org")
    assert _log_in("sam@example.org", READER_PASSWORD, "198.51.100.7").status_code == 302
    _strangers_use_up_the_account_wide_limit("sam@example.org", already=1)
    response = _log_in("sam@example.org", READER_PASSWORD, "198.51.100.8")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    assert "_auth_user_id" not in response.client.session
    # A failed attempt does not make an address known: a stranger's address stays refused.
    assert _log_in("sam@example.org", READER_PASSWORD, "203.0.113.1").status_code == 429


def test_guessing_from_an_address_the_account_logged_in_from_is_still_limited_per_address(
    make_reader, masthead_settings
):
    """A known address skips only the account-wide limit: its per-(account, address) share
    still caps guesses from it, with the right password refused past it too."""
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="3/900", LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES="6/900")
    make_reader(email="sam@example.org")
    assert _log_in("sam@example.org", READER_PASSWORD, "198.51.100.7").status_code == 302  # 1
    for n in range(2):  # 3
        assert _log_in("sam@example.org", f"wrong-{n}", "198.51.100.7").status_code == 200
    response = _log_in("sam@example.org", READER_PASSWORD, "198.51.100.7")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in response.client.session


@pytest.mark.parametrize("same_browser", [True, False], ids=["same-browser", "other-browser"])
def test_a_new_reader_is_not_refused_from_the_address_they_confirmed_their_sign_up_from(
    masthead_settings, same_browser
):
    """Following the sign-up link proves the mailbox, as a log-in with the password proves the
    password: its address is let past the account-wide limit before the reader ever logs in
    with the password (whichever browser followed the link)."""
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="2/900", LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES="6/900")
    signer = Client(REMOTE_ADDR="198.51.100.7")
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail goes on commit
        signer.post(
            "/accounts/signup/",
            {
                "email": "new@example.org",
                "display_name": "New Reader",
                "password": READER_PASSWORD,
                "password_again": READER_PASSWORD,
            },
        )
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", mail.outbox[0].body)
    assert not actions.is_known_login_address("new@example.org", "198.51.100.7")  # not yet
    confirmer = signer if same_browser else Client(REMOTE_ADDR="198.51.100.7")
    with TestCase.captureOnCommitCallbacks(execute=True):
        # Another browser chooses the password on the confirm page (the same one, here).
        chosen = (
            {} if same_browser else {"password": READER_PASSWORD, "password_again": READER_PASSWORD}
        )
        assert confirmer.post(link.group(1), chosen).status_code == 302
    assert confirmer.session["_auth_user_id"]
    _strangers_use_up_the_account_wide_limit("new@example.org")
    response = _log_in("new@example.org", READER_PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"]
    # Only that address: another new one is still refused.
    assert _log_in("new@example.org", READER_PASSWORD, "198.51.100.8").status_code == 429


def test_a_reader_is_not_refused_from_the_address_they_set_a_new_password_from(
    make_reader, masthead_settings
):
    """Setting a new password from a reset link proves the mailbox: that address is let past
    the account-wide limit, as after a log-in with the password."""
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="2/900", LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES="6/900")
    make_reader(email="sam@example.org")
    holder = Client(REMOTE_ADDR="198.51.100.7")
    assert holder.post("/accounts/password-reset/", {"email": "sam@example.org"}).status_code == 302
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = holder.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    # Opening the link, or a form refused, sets no password and makes no address known.
    refused = holder.post(set_url, {"new_password1": "a-long-pass-1", "new_password2": "differs"})
    assert refused.status_code == 200
    assert not actions.is_known_login_address("sam@example.org", "198.51.100.7")
    new_password = "another-long-pass-7"
    done = holder.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    _strangers_use_up_the_account_wide_limit("sam@example.org")
    response = _log_in("sam@example.org", new_password, "198.51.100.7")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"]
    assert _log_in("sam@example.org", new_password, "198.51.100.8").status_code == 429


def test_a_forged_x_forwarded_for_does_not_give_a_guesser_a_new_address(
    make_reader, masthead_settings
):
    """Without MASTHEAD_BEHIND_PROXY the header is anyone's to write, so it is ignored."""
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="3/900")
    make_reader(email="sam@example.org")
    for n in range(3):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"}
        assert _log_in("sam@example.org", "wrong", "203.0.113.66", **forged).status_code == 200
    forged = {"HTTP_X_FORWARDED_FOR": "192.0.2.99"}
    assert _log_in("sam@example.org", "wrong", "203.0.113.66", **forged).status_code == 429


def test_behind_the_proxy_the_address_the_proxy_added_counts_not_the_ones_before_it(
    make_reader, masthead_settings, settings
):
    """Behind the proxy (MASTHEAD_BEHIND_PROXY) the last X-Forwarded-For address is the one the
    proxy saw; whatever the visitor put before it does not make a new address."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="3/900")
    make_reader(email="sam@example.org")
    for n in range(3):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}, 203.0.113.66"}
        assert _log_in("sam@example.org", "wrong", "10.0.0.2", **forged).status_code == 200
    forged = {"HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.66"}
    assert _log_in("sam@example.org", "wrong", "10.0.0.2", **forged).status_code == 429
    # The owner, behind the same proxy from another address, still logs in.
    owner = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert _log_in("sam@example.org", READER_PASSWORD, "10.0.0.2", **owner).status_code == 302


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
    assert not User.objects.filter(username="new9@example.org").exists()
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
