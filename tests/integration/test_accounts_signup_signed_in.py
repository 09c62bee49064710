"""/accounts/signup/ for a reader already signed in (2026-11-30): it says so, with a way back
to the page they came from and a Log out button, instead of a sign-up form; a form sent
anyway makes no account."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

ARTICLE = "/news/world/council-river-crossing-1/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_signed_in_reader_is_told_so_instead_of_the_sign_up_form(make_reader):
    reader = make_reader("Alice")
    response = signed_in(reader).get(f"/accounts/signup/?next={quote(ARTICLE)}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "You are already signed in" in body
    assert "<bdi>Alice</bdi>" in body
    assert 'name="display_name"' not in body and 'name="password"' not in body
    assert f'<a href="{ARTICLE}">Go back to the page you were on</a>' in body
    assert 'action="/accounts/logout/"' in body.split('id="signup-heading"')[1]


def test_a_sign_up_sent_by_a_signed_in_reader_makes_no_account(make_reader):
    reader = make_reader("Alice")
    before = User.objects.count()
    response = signed_in(reader).post(
        "/accounts/signup/",
        {
            "email": "second@example.org",
            "display_name": "Second",
            "password": "a-long-pass-1",
            "password_again": "a-long-pass-1",
        },
    )
    assert response.status_code == 409
    assert User.objects.count() == before
    assert not mail.outbox


def test_a_visitor_still_gets_the_sign_up_form():
    body = Client().get("/accounts/signup/").content.decode()
    assert 'name="display_name"' in body
    assert "already signed in" not in body
