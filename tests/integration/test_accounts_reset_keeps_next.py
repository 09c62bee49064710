"""A reader who forgot their password on the way to comment gets back to the article
(2026-11-30): "Forgotten your password?" on the log-in page keeps `next` through the reset
e-mail, the new-password form and the "password changed" page's Log in link. Only a path on
this site is carried; another site's address is dropped."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

ARTICLE = "/news/world/council-river-crossing-1/"


def _reset_link() -> str:
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)


def test_the_forgotten_password_link_on_the_log_in_page_keeps_next():
    body = Client().get(f"/accounts/login/?next={quote(ARTICLE)}").content.decode()
    assert f'href="/accounts/password-reset/?next={quote(ARTICLE, safe="")}"' in body


def test_after_a_reset_the_reader_is_sent_back_to_the_article_they_were_on(make_reader):
    make_reader(email="sam@example.org")
    client = Client()
    asked = client.post(
        f"/accounts/password-reset/?next={quote(ARTICLE, safe='')}", {"email": "sam@example.org"}
    )
    assert asked.status_code == 302
    link = _reset_link()
    assert link.endswith(f"?next={quote(ARTICLE, safe='')}")
    opened = client.get(link)
    assert opened.status_code == 302
    set_url = opened.url
    assert "set-password" in set_url and set_url.endswith(f"?next={quote(ARTICLE, safe='')}")
    new_password = "another-long-pass-7"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    complete = client.get(done.url).content.decode()
    assert f'href="/accounts/login/?next={quote(ARTICLE, safe="")}"' in complete
    logged_in = client.post(
        f"/accounts/login/?next={quote(ARTICLE, safe='')}",
        {"username": "sam@example.org", "password": new_password, "next": ARTICLE},
    )
    assert logged_in.status_code == 302 and logged_in.url == ARTICLE


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "http://testserver//evil.example/"]
)
def test_another_sites_address_as_next_is_not_carried_into_the_reset_e_mail(make_reader, target):
    make_reader(email="sam@example.org")
    client = Client()
    client.post(
        f"/accounts/password-reset/?next={quote(target, safe='')}", {"email": "sam@example.org"}
    )
    link = _reset_link()
    assert "next=" not in link and "evil" not in mail.outbox[0].body
    set_url = client.get(link).url
    assert "evil" not in set_url


def test_a_same_site_address_as_next_is_carried_as_a_path_only(make_reader):
    make_reader(email="sam@example.org")
    Client().post(
        f"/accounts/password-reset/?next={quote('http://testserver' + ARTICLE, safe='')}",
        {"email": "sam@example.org"},
    )
    assert _reset_link().endswith(f"?next={quote(ARTICLE, safe='')}")
    assert "testserver" not in mail.outbox[0].body
