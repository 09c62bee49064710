"""A 401 names how to authenticate (API QA follow-up, 2026-11-30): HTTP requires a 401 to carry
`WWW-Authenticate`, and none did, so a client could not tell a 401 from a 403 by its headers or
learn where to log in. The site knows one way, a session cookie got by the log-in form, and says
so with the Cookie scheme: the form's address and the cookie's name."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

CHALLENGE = 'Cookie realm="masthead", form-action="/accounts/login/", cookie-name="{}"'


def _expected() -> str:
    return CHALLENGE.format(settings.SESSION_COOKIE_NAME)


def test_the_comments_apis_401_says_how_to_log_in(make_article):  # type: ignore[no-untyped-def]
    article = make_article()
    visitor = Client()
    for response in (
        visitor.patch(
            "/api/comments/1", json.dumps({"text": "x"}), content_type="application/json"
        ),
        visitor.post(
            f"/api/articles/{article.pk}/comments",
            json.dumps({"text": "Hello"}),
            content_type="application/json",
        ),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == _expected()


def test_the_workspace_apis_401_says_how_to_log_in(db):  # type: ignore[no-untyped-def]
    for method in ("get", "head"):
        response = getattr(Client(), method)("/api/moderation/counts")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == _expected()


def test_the_comment_forms_401_says_how_to_log_in(make_article):  # type: ignore[no-untyped-def]
    response = Client().post(f"/comments/article/{make_article().pk}/post/", {"text": "My words"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == _expected()


def test_a_403_carries_no_challenge(make_reader):  # type: ignore[no-untyped-def]
    reader = Client()
    reader.force_login(make_reader())
    response = reader.get("/api/moderation/counts")
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response
