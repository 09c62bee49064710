"""The site's own error pages (operator QA, 2026-11-30): before, 404, 403, 400 and 500 were
Django's bare pages ("Not Found", "Bad Request (400)"), with no site name and no way back."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import get_resolver
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_article_answers_the_sites_own_404_without_the_exception_text(client):
    response = client.get("/news/no-such-story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · The Masthead Herald</title>" in html
    assert 'href="/">Go to the front page' in html
    assert "matches the given query" not in html  # get_object_or_404's text names the model
    assert "Content-Security-Policy" in response.headers


def test_the_api_keeps_its_json_404(client):
    response = client.get("/api/articles/999999/comments")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_refused_page_answers_the_sites_own_403():
    request = RequestFactory().get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied("internal detail"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in html and "internal detail" not in html


def test_a_request_for_an_unknown_host_answers_the_sites_own_400():
    response = Client().get("/", HTTP_HOST="evil.example.com")
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Bad request · The Masthead Herald</title>" in html
    assert "evil.example.com" not in html


def test_an_unhandled_error_answers_the_sites_own_500_with_nothing_from_the_error():
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<title>Something went wrong · The Masthead Herald</title>" in html
    assert "Traceback" not in html


def test_the_500_page_is_still_a_page_when_its_template_cannot_render(monkeypatch):
    from masthead.core import views

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(views.loader, "render_to_string", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"<h1>Something went wrong</h1>" in response.content
    assert b"manifest" not in response.content
