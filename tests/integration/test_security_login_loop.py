"""A link to the log-in page naming itself as `next` (security review, 2026-11-30): a signed-in
reader who followed it got a 500 (Django's "Redirection loop" error) and the log a traceback;
anyone can write such a link. It now goes to the front page like a log-in with no `next`."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("next_url", ["/accounts/login/", "http://testserver/accounts/login/"])
def test_a_signed_in_reader_sent_to_the_log_in_page_with_itself_as_next_goes_to_the_front_page(
    make_reader, next_url
):
    client = Client(raise_request_exception=False)
    client.force_login(make_reader())

    response = client.get("/accounts/login/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_signed_in_reader_with_another_page_as_next_still_goes_there(make_reader):
    client = Client()
    client.force_login(make_reader())

    response = client.get("/accounts/login/", {"next": "/comments/faq/"})

    assert response["Location"] == "/comments/faq/"
