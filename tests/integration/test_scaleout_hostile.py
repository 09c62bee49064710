"""Hostile requests: CSRF and permissions on every state-changing URL, SQL injection in query
strings, oversized bodies, security headers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db
UNSAFE = ("post", "put", "patch", "delete")


def routes(patterns: list[Any] | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every URL pattern of the site as (route, name), admin and media aside."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "^media")):
            continue  # Django's admin (its own CSRF) and static file serving
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name or ""


@pytest.fixture
def site(make_article, make_reader, use_moderator):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    from masthead.comments import actions

    use_moderator(PUBLISH_ALL)
    article = make_article(slug="a-story")
    reader = make_reader()
    comment = actions.post_comment(article, reader, actions.Posting(text="A comment."))
    admin = User.objects.create_superuser("chief", "chief@example.org", "chief-pass-12345")
    values = {
        "article_id": article.pk,
        "pk": comment.pk,
        "comment_id": comment.pk,
        "reader_id": reader.pk,
        "slug": article.slug,
        "tab": "held",
        "verb": "approve",
        "token": "not-a-real-token",
        "uidb64": "MQ",
        "key": "0" * 64,  # narration: a part's cache key
    }
    return {
        "article": article,
        "reader": reader,
        "comment": comment,
        "admin": admin,
        "values": values,
    }


def concrete(route: str, values: dict[str, Any]) -> str:
    def fill(match: re.Match[str]) -> str:
        return str(values[match.group(1)])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


# A body every API operation accepts (extra fields are ignored), so that what stops the request
# is the missing token and not a missing field.
API_BODY = {
    "text": "A valid comment text.",
    "reason": "spam",
    "note": "",
    "days": 1,
    "featured": True,
    "ids": [1],
    "action": "approve",
    "entry_ids": [1],
}
# One-click unsubscribe (RFC 8058): mail programs POST without a session or a token; the
# secret token in the URL is the authority. Tested in the comments app.
CSRF_EXEMPT_BY_DESIGN = {"unsubscribe_one_click"}


def test_every_state_changing_url_refuses_a_request_without_the_csrf_token(site):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site["admin"])  # allowed to do everything: only CSRF may stop it
    accepted = []
    checked = 0
    for route, name in routes():
        if name in CSRF_EXEMPT_BY_DESIGN:
            continue
        url = concrete(route, site["values"])
        for method in UNSAFE:
            if url.startswith("/api/"):
                response = getattr(client, method)(url, API_BODY, content_type="application/json")
            else:
                response = getattr(client, method)(url, {"text": "x", "reason": "spam"})
            checked += 1
            if response.status_code not in (403, 405):
                accepted.append(f"{method.upper()} {url} ({name}): {response.status_code}")
    assert checked > 200
    assert accepted == [], "\n".join(accepted)


PRIVILEGED = (
    "moderation/",
    "api/moderation/",
    "comments/faq/edit/",
    "listen/<slug:slug>/regenerate",
)


def test_readers_and_visitors_cannot_reach_any_moderator_or_editor_url(site):
    from masthead.comments.models import Comment

    reader = Client()
    reader.force_login(site["reader"])
    allowed = []
    checked = 0
    for who, client in (("visitor", Client()), ("reader", reader)):
        for route, name in routes():
            if not route.startswith(PRIVILEGED):
                continue
            url = concrete(route, site["values"])
            for method in ("get", "post"):
                if method == "get":
                    response = client.get(url)
                elif url.startswith("/api/"):
                    response = client.post(url, API_BODY, content_type="application/json")
                else:
                    response = client.post(url, {"text": "x", "reason": "spam"})
                checked += 1
                status = response.status_code
                to_login = status == 302 and "/accounts/login/" in response.get("Location", "")
                if not (to_login or status in (401, 403, 404, 405)):
                    allowed.append(f"{who} {method.upper()} {url} ({name}): {status}")
    assert checked > 40
    assert allowed == [], "\n".join(allowed)
    comment = Comment.objects.get(pk=site["comment"].pk)
    assert comment.status == Comment.Status.PUBLISHED and not comment.is_editors_pick


SQL_INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE comments_comment; --",
    "1' UNION SELECT username, password FROM auth_user --",
    "'; SELECT pg_sleep(5); --",
    "\\' OR 1=1 /*",
    "%27%20OR%201%3D1",
]


def test_sql_injection_in_query_strings_and_paths_is_refused_cleanly(site, client):
    from urllib.parse import quote

    from masthead.comments.models import Comment

    article, comment = site["article"], site["comment"]
    before = Comment.objects.count()
    for payload in SQL_INJECTIONS:
        q = quote(payload)
        for url in (
            f"/?q={q}",
            f"{article.get_absolute_url()}?sort={q}",
            f"/comments/article/{article.pk}/?sort=oldest&after={q}",
            f"/comments/{comment.pk}/replies/?after={q}",
            f"/api/articles/{article.pk}/comments?sort=oldest&after={q}",
            f"/api/articles/{article.pk}/comments?sort={q}",
            f"/api/comments/{comment.pk}/replies?after={q}",
            f"/api/articles/{q}/comments",
            f"/news/{q}/",
            f"/section/{q}/",
            f"/feeds/section/{q}/rss/",
            f"/listen/{q}/status.json",
        ):
            response = client.get(url)
            assert response.status_code in (200, 400, 404), (url, response.status_code)
            if url.startswith("/api/") and response.status_code == 400:
                assert response.json()["error"]["message"]
    assert Comment.objects.count() == before


def test_sql_injection_in_a_comment_is_stored_as_plain_text(site):
    reader = Client()
    reader.force_login(site["reader"])
    text = "Robert'); DROP TABLE comments_comment; -- and ' OR '1'='1"
    response = reader.post(
        f"/api/articles/{site['article'].pk}/comments",
        {"text": text},
        content_type="application/json",
    )
    assert response.status_code == 201
    from masthead.comments.models import Comment

    assert Comment.objects.get(pk=response.json()["comment"]["id"]).text == text


def test_oversized_bodies_are_refused_with_413_before_being_read(site, settings):
    reader = Client()
    reader.force_login(site["reader"])
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    api = reader.post(
        f"/api/articles/{site['article'].pk}/comments",
        {"text": big},
        content_type="application/json",
    )
    assert api.status_code == 413
    assert api.json()["error"]["code"] == "too_large"
    form = reader.post(f"/comments/article/{site['article'].pk}/post/", {"text": big})
    assert form.status_code == 413
    login = Client().post("/accounts/login/", {"username": big, "password": "x"})
    assert login.status_code == 413


def test_a_comment_over_the_length_limit_is_a_clear_400(site, settings):
    reader = Client()
    reader.force_login(site["reader"])
    too_long = "word " * (settings.MASTHEAD["COMMENT_MAX_LENGTH"] // 5 + 10)
    response = reader.post(
        f"/api/articles/{site['article'].pk}/comments",
        {"text": too_long},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_long"


def test_a_garbage_content_length_is_a_400_not_a_crash(client):
    response = client.generic("POST", "/api/articles/1/comments", b"{}", CONTENT_LENGTH="lots")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/", "/news/a-story/", "/api/articles/1/comments", "/healthz", "/no-such-page/"]
)
def test_security_headers_are_on_every_kind_of_response(site, client, path):
    response = client.get(path.replace("/1/", f"/{site['article'].pk}/"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


FORM_FIELDS = [
    "text", "reason", "missed_reason", "note", "faq", "days", "action", "ids", "guest_name",
    "guest_email", "banned_words_reject", "suspect_words", "headline", "q", "next",
]  # fmt: skip


def test_a_nul_character_in_any_form_field_or_query_parameter_is_a_400_everywhere(site):
    # PostgreSQL refuses NUL in text columns: a moderator's rejection reason with %00 was a
    # 500 there. Every URL of the site, logged in as the superuser, form POST and GET.
    client = Client()
    client.force_login(site["admin"])
    for route, name in routes():
        url = concrete(route, site["values"])
        posted = client.post(url, {field: "a\x00b" for field in FORM_FIELDS})
        assert posted.status_code == 400, (url, name, posted.status_code)
        got = client.get(url, {"q": "a\x00b"})
        assert got.status_code == 400, (url, name, got.status_code)
    assert b"NUL" in client.post("/moderation/", {"reason": "\x00"}).content
    # a path segment the site looks up as text (an unsubscribe token)
    assert Client().get("/comments/unsubscribe/a%00b/").status_code == 400


def test_a_form_posted_to_the_json_api_is_a_400_that_says_json_not_a_500(site):
    # The form parser consumed the body stream before the API read it: RawPostDataException.
    reader = Client(enforce_csrf_checks=False)
    reader.force_login(site["reader"])
    url = f"/api/articles/{site['article'].pk}/comments"
    for response in (
        reader.post(url, {"text": "hi"}),  # multipart
        reader.post(url, "text=hi", content_type="application/x-www-form-urlencoded"),
    ):
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "bad_body"
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(site["reader"])
    assert strict.post(url, {"text": "hi"}).status_code == 403


def test_a_nul_in_an_api_query_parameter_names_the_field_like_other_api_errors(site, client):
    response = client.get(f"/api/articles/{site['article'].pk}/comments", {"sort": "a\x00"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid",
        "message": "The field 'sort' holds a NUL character.",
        "field": "sort",
    }
