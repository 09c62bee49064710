"""Sign-up confirms the e-mail address, and says nothing about who has an account (a security
gap, 2026-11-29: the page answered "an account with that e-mail address already exists").

Every sign-up that passes the form's checks answers alike; the e-mail sent to the address
says which case it was. The account works once the reader follows a signed, expiring,
single-use link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, TestCase

from masthead.comments import actions
from masthead.comments.models import Comment, ReaderProfile
from tests.support.comment_fixtures import READER_PASSWORD

pytestmark = pytest.mark.django_db

OTHER_PASSWORD = "another-long-pass-7"
LINK = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)")


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def sign_up(
    client: Client,
    email: str,
    name: str = "New Reader",
    password: str = READER_PASSWORD,
    next_url: str = "/",
    **extra: str,
):  # type: ignore[no-untyped-def]
    # The e-mail goes once the sign-up's transaction commits; the test's never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            "/accounts/signup/",
            {
                "email": email,
                "display_name": name,
                "password": password,
                "password_again": password,
                "next": next_url,
            },
            **extra,
        )


def confirm_link(message) -> str:  # type: ignore[no-untyped-def]
    return LINK.search(message.body).group(1)


def test_signup_answers_alike_whether_or_not_the_address_has_an_account(make_reader):
    make_reader("Sam Known", email="sam@example.org")
    known = sign_up(Client(), "Sam@Example.org", name="Sam Again")
    unknown = sign_up(Client(), "nobody@example.org", name="Nobody Yet")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/signup/sent/"
    assert sorted(known.cookies) == sorted(unknown.cookies)
    page = Client().get(known["Location"]).content.decode()
    assert "Check your e-mail to finish signing up" in page
    # The difference goes by e-mail, to the address itself.
    exists, confirm = mail.outbox
    assert exists.to == ["sam@example.org"]
    assert "already has an account" in exists.body
    assert "/accounts/password-reset/" in exists.body
    assert "/accounts/signup/confirm/" not in exists.body
    assert confirm.to == ["nobody@example.org"]
    assert "/accounts/signup/confirm/" in confirm.body
    # The existing account is as it was.
    assert Client().login(username="sam@example.org", password=READER_PASSWORD)
    assert ReaderProfile.objects.get(user__username="sam@example.org").display_name == "Sam Known"


def test_an_unconfirmed_account_cannot_log_in_or_comment(make_article):
    article = make_article()
    sign_up(Client(), "new@example.org")
    user = User.objects.get(username="new@example.org")
    assert not user.is_active
    response = Client().post(
        "/accounts/login/", {"username": "new@example.org", "password": READER_PASSWORD}
    )
    assert response.status_code == 200
    assert "Follow the link in the e-mail we sent you first" in response.content.decode()
    assert "_auth_user_id" not in response.client.session
    # Even holding a session, an inactive account is nobody: Django drops it.
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 302
    client.post(f"/comments/article/{article.pk}/post/", {"text": "Let me in."})
    assert not Comment.objects.filter(author=user).exists()


def test_following_the_link_in_the_same_browser_confirms_logs_in_and_works_once(
    make_article,
):
    article = make_article()
    client = Client()
    sign_up(client, "new@example.org", next_url=article.get_absolute_url())
    link = confirm_link(mail.outbox[0])
    assert "?next=" in link
    # Opening the link (as a mail scanner does) changes nothing; the button does.
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my account" in page.content.decode()
    assert not User.objects.get(username="new@example.org").is_active
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    user = User.objects.get(username="new@example.org")
    assert user.is_active and user.email == "new@example.org"
    assert "New Reader" in client.get("/accounts/profile/").content.decode()
    response = client.post(f"/comments/article/{article.pk}/post/", {"text": "Glad to be here."})
    assert Comment.objects.filter(author=user).exists()
    # Once used, the link is spent.
    again = Client().post(link)
    assert again.status_code == 400
    assert "expired or has already been used" in again.content.decode()
    assert Client().get(link).status_code == 400


def test_following_the_link_in_another_browser_asks_for_a_password_then_logs_in_with_it():
    """Since 2026-11-30 another browser does not activate the password stored at sign-up (a
    stranger's, perhaps): the reader chooses one there (test_security_signup_owner_password)."""
    sign_up(Client(), "new@example.org")
    other = Client()
    link = confirm_link(mail.outbox[0])
    page = other.get(link).content.decode()
    assert 'name="password"' in page and 'name="password_again"' in page
    chosen = "chosen-on-the-phone-4"
    response = other.post(link, {"password": chosen, "password_again": chosen})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert other.session["_auth_user_id"] == str(User.objects.get(username="new@example.org").pk)
    assert Client().login(username="new@example.org", password=chosen)
    assert not Client().login(username="new@example.org", password=READER_PASSWORD)


def test_signing_up_again_before_confirming_sends_a_new_link_and_the_old_one_stops_working():
    sign_up(Client(), "new@example.org", name="First Try")
    again = Client()
    response = sign_up(again, "new@example.org", name="Second Try", password=OTHER_PASSWORD)
    assert response.status_code == 302
    first, second = mail.outbox
    assert "/accounts/signup/confirm/" in second.body
    assert Client().post(confirm_link(first)).status_code == 400
    assert again.post(confirm_link(second)).status_code == 302
    assert User.objects.filter(username="new@example.org").count() == 1
    assert ReaderProfile.objects.get(user__username="new@example.org").display_name == "Second Try"
    assert Client().login(username="new@example.org", password=OTHER_PASSWORD)
    assert not Client().login(username="new@example.org", password=READER_PASSWORD)


def test_the_link_expires(monkeypatch, settings):
    sign_up(Client(), "new@example.org")
    link = confirm_link(mail.outbox[0])
    later = dt.datetime.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(actions.signup_tokens, "_now", lambda: later)
    assert Client().post(link).status_code == 400
    assert not User.objects.get(username="new@example.org").is_active


@pytest.mark.parametrize("part", ["uid", "token"])
def test_an_altered_link_is_refused_with_a_clear_message(part):
    sign_up(Client(), "new@example.org")
    link = confirm_link(mail.outbox[0])
    uid, token = link.split("/")[4:6]
    altered = (
        link.replace(uid, "OTk5OTk5") if part == "uid" else link.replace(token, token[:-2] + "zz")
    )
    response = Client().post(altered)
    assert response.status_code == 400
    assert "expired or has already been used" in response.content.decode()
    assert Client().get("/accounts/signup/confirm/%%%/x-y/").status_code == 400


def test_the_link_names_the_site_address_not_the_request_host(settings):
    settings.SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["news.example.org", "attacker.example"]
    sign_up(Client(), "new@example.org", HTTP_HOST="attacker.example")
    (message,) = mail.outbox
    assert "https://news.example.org/accounts/signup/confirm/" in message.body
    assert "attacker.example" not in message.body


def test_signup_e_mails_to_one_address_are_limited_alike_for_known_and_unknown_addresses(
    make_reader, masthead_settings
):
    masthead_settings(SIGNUP_RATE_PER_EMAIL="2/3600")
    make_reader(email="sam@example.org")
    for email in ("sam@example.org", "nobody@example.org"):
        for n in range(2):
            response = sign_up(Client(), email, REMOTE_ADDR=f"198.51.100.{n + 1}")
            assert response.status_code == 302
        response = sign_up(Client(), email.upper(), REMOTE_ADDR="198.51.100.9")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 4


def test_signing_up_with_an_address_an_administrator_deactivated_does_not_reactivate_it(
    make_reader,
):
    reader = make_reader(email="sam@example.org")
    reader.is_active = False
    reader.save()
    assert sign_up(Client(), "sam@example.org", name="Sam Back").status_code == 302
    (message,) = mail.outbox
    assert "already has an account" in message.body
    reader.refresh_from_db()
    assert not reader.is_active
    assert reader.check_password(READER_PASSWORD)


def test_a_taken_display_name_is_refused_clearly_and_keeps_what_was_typed(make_reader):
    """Display names are public and unique, so saying one is taken tells nothing private."""
    make_reader("Taken Name", email="sam@example.org")
    response = sign_up(Client(), "new@example.org", name="taken name")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone already uses that display name; please choose another." in html
    assert 'value="new@example.org"' in html and 'value="taken name"' in html
    assert mail.outbox == []


def test_a_reader_who_lost_the_e_mail_signs_up_again_with_the_same_display_name():
    sign_up(Client(), "new@example.org", name="Kept Name")
    assert sign_up(Client(), "new@example.org", name="kept name").status_code == 302
    assert len(mail.outbox) == 2


def test_a_mail_server_that_refuses_the_e_mail_is_logged_and_the_page_answers_as_usual(
    monkeypatch, caplog
):
    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    response = sign_up(Client(), "new@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/sent/"
    assert "Failed to send a sign-up e-mail to new@example.org" in caplog.text
