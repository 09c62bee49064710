"""The comments JSON API: every endpoint, one error body for 400/401/403/404/409/429, OpenAPI."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from masthead.comments import actions
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def as_reader(user, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["code"], str)
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_openapi_schema_lists_the_comment_endpoints():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Masthead API"
    paths = schema["paths"]
    assert "/api/articles/{article_id}/comments" in paths
    assert {"get", "post"} <= set(paths["/api/articles/{article_id}/comments"])
    assert {"patch", "delete"} <= set(paths["/api/comments/{comment_id}"])
    assert "post" in paths["/api/comments/{comment_id}/reports"]
    assert {"post", "delete"} <= set(paths["/api/comments/{comment_id}/like"])
    assert "429" in paths["/api/articles/{article_id}/comments"]["post"]["responses"]


def test_post_and_list_with_replies_and_replying_to(make_article, make_reader):
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    created = as_reader(alice).post(
        f"/api/articles/{article.pk}/comments", {"text": "First!"}, content_type=JSON
    )
    assert created.status_code == 201
    top = created.json()["comment"]
    assert top["status"] == "published" and top["author"] == "Alice"
    reply = as_reader(bob).post(
        f"/api/comments/{top['id']}/replies", {"text": "Second."}, content_type=JSON
    )
    assert reply.status_code == 201
    assert reply.json()["comment"]["replying_to"] == "Alice"
    listing = Client().get(f"/api/articles/{article.pk}/comments").json()
    assert listing["total"] == 2
    thread = listing["threads"][0]
    assert thread["comment"]["id"] == top["id"]
    assert [r["text"] for r in thread["replies"]] == ["Second."]
    assert thread["comment"]["replies"] == 1


def test_held_comment_reason_is_shown_to_its_author_only(make_article, make_reader):
    article = make_article()
    author = make_reader()
    posted = (
        as_reader(author)
        .post(f"/api/articles/{article.pk}/comments", {"text": "idiot"}, content_type=JSON)
        .json()
    )
    assert posted["comment"]["status"] == "held"
    assert posted["comment"]["held_reason"] == "It may contain a personal insult."
    assert "held for review" in posted["message"]
    mine = as_reader(author).get(f"/api/articles/{article.pk}/comments").json()
    assert [c["held_reason"] for c in mine["waiting"]] == ["It may contain a personal insult."]
    theirs = as_reader(make_reader()).get(f"/api/articles/{article.pk}/comments").json()
    assert theirs["waiting"] == [] and theirs["threads"] == []
    assert Client().get(f"/api/comments/{posted['comment']['id']}/replies").status_code == 404


def test_edit_and_delete_own_comment(make_article, make_reader, post):
    reader = make_reader()
    comment = post(make_article(), reader, "Before.")
    client = as_reader(reader)
    edited = client.patch(f"/api/comments/{comment.pk}", {"text": "After."}, content_type=JSON)
    assert edited.status_code == 200 and edited.json()["comment"]["text"] == "After."
    deleted = client.delete(f"/api/comments/{comment.pk}")
    assert deleted.json() == {"id": comment.pk, "status": "deleted"}


def test_report_and_like(make_article, make_reader, post):
    comment = post(make_article(), make_reader())
    client = as_reader(make_reader())
    assert (
        client.post(
            f"/api/comments/{comment.pk}/reports", {"reason": "spam"}, content_type=JSON
        ).status_code
        == 201
    )
    liked = client.post(f"/api/comments/{comment.pk}/like")
    assert liked.status_code == 201 and liked.json()["likes"] == 1
    assert client.delete(f"/api/comments/{comment.pk}/like").json()["likes"] == 0


def test_400_for_invalid_body_too_many_links_and_honeypot(
    make_article, make_reader, masthead_settings
):
    masthead_settings(COMMENT_MAX_LINKS=0)
    article = make_article()
    client = as_reader(make_reader())
    url = f"/api/articles/{article.pk}/comments"
    assert_error(client.post(url, {}, content_type=JSON), 400, "invalid")
    # a misspelt field is named, rather than read as a missing `text`
    assert_error(client.post(url, {"nope": 1}, content_type=JSON), 400, "unknown_field")
    assert_error(client.post(url, "not json", content_type=JSON), 400)
    assert_error(
        client.post(url, {"text": "see https://x.example"}, content_type=JSON),
        400,
        "too_many_links",
    )
    error = assert_error(
        client.post(url, {"text": "hi", "website": "http://bot"}, content_type=JSON),
        400,
        "honeypot",
    )
    assert "empty" in error["message"]
    assert_error(client.get(f"{url}?after=zzz"), 400, "bad_cursor")
    assert_error(client.get(f"{url}?sort=loudest"), 400, "invalid")


def test_401_when_not_logged_in(make_article, post, make_reader):
    article = make_article()
    comment = post(article, make_reader())
    anon = Client()
    assert_error(
        anon.post(f"/api/articles/{article.pk}/comments", {"text": "hi"}, content_type=JSON),
        401,
        "login_required",
    )
    assert_error(anon.post(f"/api/comments/{comment.pk}/like"), 401)
    assert_error(
        anon.post(f"/api/comments/{comment.pk}/reports", {"reason": "spam"}, content_type=JSON), 401
    )


def test_403_for_someone_elses_comment_closed_article_and_missing_csrf(
    make_article, make_reader, post
):
    comment = post(make_article(), make_reader())
    other = as_reader(make_reader())
    assert_error(
        other.patch(f"/api/comments/{comment.pk}", {"text": "mine now"}, content_type=JSON), 403
    )
    assert_error(other.delete(f"/api/comments/{comment.pk}"), 403)
    closed = make_article(comments_mode="closed")
    assert_error(
        other.post(f"/api/articles/{closed.pk}/comments", {"text": "hi"}, content_type=JSON),
        403,
        "comments_closed",
    )
    strict = as_reader(make_reader(), csrf=True)
    assert_error(
        strict.post(f"/api/comments/{comment.pk}/like"),
        403,
        "csrf_failed",
    )
    assert Comment.objects.get(pk=comment.pk).like_count == 0


def test_csrf_token_in_header_is_accepted(make_article, make_reader, post):
    comment = post(make_article(), make_reader())
    client = as_reader(make_reader(), csrf=True)
    client.get(comment.article.get_absolute_url())
    token = client.cookies["csrftoken"].value
    response = client.post(f"/api/comments/{comment.pk}/like", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_404_for_unknown_article_comment_and_held_parent(make_article, make_reader, post):
    client = as_reader(make_reader())
    assert_error(client.get("/api/articles/999999/comments"), 404, "not_found")
    assert_error(client.post("/api/comments/999999/like"), 404, "not_found")
    held = post(make_article(), make_reader(), "idiot")
    assert_error(
        client.post(f"/api/comments/{held.pk}/replies", {"text": "x"}, content_type=JSON), 404
    )
    draft = make_article(status="draft", published_at=None)
    assert_error(client.get(f"/api/articles/{draft.pk}/comments"), 404)


def test_409_for_second_like_second_report_and_late_edit(make_article, make_reader, post):
    author = make_reader()
    comment = post(make_article(), author)
    client = as_reader(make_reader())
    client.post(f"/api/comments/{comment.pk}/like")
    assert_error(client.post(f"/api/comments/{comment.pk}/like"), 409, "already_liked")
    client.post(f"/api/comments/{comment.pk}/reports", {"reason": "spam"}, content_type=JSON)
    assert_error(
        client.post(f"/api/comments/{comment.pk}/reports", {"reason": "spam"}, content_type=JSON),
        409,
        "already_reported",
    )
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
    assert_error(
        as_reader(author).patch(f"/api/comments/{comment.pk}", {"text": "late"}, content_type=JSON),
        409,
        "edit_window_closed",
    )


def test_429_with_retry_after(make_article, make_reader, masthead_settings):
    masthead_settings(COMMENT_RATE_PER_READER="1/60")
    article = make_article()
    client = as_reader(make_reader())
    url = f"/api/articles/{article.pk}/comments"
    assert client.post(url, {"text": "one"}, content_type=JSON).status_code == 201
    response = client.post(url, {"text": "two"}, content_type=JSON)
    error = assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) == error["retry_after"] >= 1


def test_sorting_and_keyset_pages(
    make_article, make_reader, post, masthead_settings, moderator_user
):
    masthead_settings(PAGE_SIZE=2)
    article = make_article()
    reader = make_reader()
    now = timezone.now()
    made = []
    for n in range(5):
        comment = post(article, reader, f"c{n}")
        Comment.objects.filter(pk=comment.pk).update(created_at=now - dt.timedelta(minutes=10 - n))
        made.append(comment)
    # c1 gets two replies, c3 one: "most replies" puts c1 first, then c3
    for parent, count in ((made[1], 2), (made[3], 1)):
        for _ in range(count):
            post(article, make_reader(), "re", parent=parent)
    anon = Client()

    def texts(sort: str) -> list[str]:
        seen, after = [], None
        while True:
            query = f"?sort={sort}" + (f"&after={after}" if after else "")
            page = anon.get(f"/api/articles/{article.pk}/comments{query}").json()
            assert len(page["threads"]) <= 2
            seen += [t["comment"]["text"] for t in page["threads"]]
            after = page["next_after"]
            if not after:
                return seen

    assert texts("oldest") == ["c0", "c1", "c2", "c3", "c4"]
    assert texts("newest") == ["c4", "c3", "c2", "c1", "c0"]
    assert texts("replies") == ["c1", "c3", "c4", "c2", "c0"]


def test_editors_picks_come_first(make_article, make_reader, post, moderator_user):
    article = make_article()
    plain = post(article, make_reader(), "plain")
    picked = post(article, make_reader(), "picked")
    Comment.objects.filter(pk=picked.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    actions.feature_comment(picked, moderator_user)
    listing = Client().get(f"/api/articles/{article.pk}/comments").json()
    assert [c["text"] for c in listing["picks"]] == ["picked"]
    assert listing["picks"][0]["editors_pick"] is True
    assert listing["threads"][0]["comment"]["id"] == plain.pk  # the rest keep their order
    html = Client().get(article.get_absolute_url()).content.decode()
    assert html.index("Editors' picks") < html.index("plain")


def test_a_lone_surrogate_escape_in_the_body_is_a_clear_400_and_nothing_is_stored(
    make_article, make_reader
):
    # "\ud800" is valid JSON but not text: the sanitiser and the database would fail on it.
    article = make_article()
    client = as_reader(make_reader("Alice"))
    url = f"/api/articles/{article.pk}/comments"
    response = client.post(url, '{"text": "half a pair \\ud800 here"}', content_type=JSON)
    error = assert_error(response, 400, "bad_body")
    assert "\\uD800" in error["message"]
    assert not Comment.objects.filter(article=article).exists()
    # A whole pair escaped the same way is an ordinary character and is accepted.
    ok = client.post(url, '{"text": "a smile \\ud83d\\ude42"}', content_type=JSON)
    assert ok.status_code == 201
    assert ok.json()["comment"]["text"] == "a smile \U0001f642"


def test_a_nul_character_or_a_body_nested_too_deeply_is_a_clear_400_and_nothing_is_stored(
    make_article, make_reader
):
    article = make_article()
    client = as_reader(make_reader("Alice"))
    url = f"/api/articles/{article.pk}/comments"
    response = client.post(url, '{"text": "a \\u0000 b", "x": 1}', content_type=JSON)
    assert "NUL" in assert_error(response, 400, "bad_body")["message"]
    deep = '{"text": "hi", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(url, deep, content_type=JSON)
    assert "nested too deeply" in assert_error(response, 400, "bad_body")["message"]
    assert not Comment.objects.filter(article=article).exists()


def test_a_body_that_is_not_an_object_is_a_400_that_says_so(make_article, make_reader):
    article = make_article()
    client = as_reader(make_reader("Alice"))
    response = client.post(f"/api/articles/{article.pk}/comments", "[1, 2]", content_type=JSON)
    assert "JSON object" in assert_error(response, 400, "bad_body")["message"]


def test_login_and_csrf_are_checked_before_the_body(make_article, make_reader, post):
    """A malformed request from a visitor is 401 where the endpoint needs a login, and one
    without the CSRF token is 403, before anything says what a valid body looks like (400)."""
    article = make_article()
    comment = post(article, make_reader())
    bad = "{not json"
    anon = Client()
    for method, url in [
        ("post", f"/api/articles/{article.pk}/comments"),  # guests are not allowed here
        ("post", f"/api/comments/{comment.pk}/replies"),
        ("patch", f"/api/comments/{comment.pk}"),
        ("post", f"/api/comments/{comment.pk}/reports"),
    ]:
        assert_error(getattr(anon, method)(url, bad, content_type=JSON), 401, "login_required")
        assert_error(getattr(anon, method)(url, [], content_type=JSON), 401, "login_required")
    assert_error(anon.delete(f"/api/comments/{comment.pk}"), 401, "login_required")
    assert_error(anon.post("/api/comments/not-a-number/like"), 401, "login_required")
    assert_error(anon.delete("/api/comments/not-a-number/like"), 401, "login_required")

    strict = as_reader(make_reader(), csrf=True)
    for method, url in [
        ("post", f"/api/articles/{article.pk}/comments"),
        ("post", f"/api/comments/{comment.pk}/replies"),
        ("patch", f"/api/comments/{comment.pk}"),
        ("post", f"/api/comments/{comment.pk}/reports"),
    ]:
        assert_error(getattr(strict, method)(url, bad, content_type=JSON), 403, "csrf_failed")
    assert_error(strict.post("/api/comments/not-a-number/like"), 403, "csrf_failed")
    assert Comment.objects.count() == 1
    # With the token, the same malformed body gets its 400.
    strict.get(article.get_absolute_url())
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        f"/api/articles/{article.pk}/comments", bad, content_type=JSON, HTTP_X_CSRFTOKEN=token
    )
    assert_error(response, 400, "bad_body")


def test_guests_may_post_where_allowed_but_still_need_the_csrf_token(
    make_article, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    guest = Client(enforce_csrf_checks=True)
    response = guest.post(f"/api/articles/{article.pk}/comments", "{not json", content_type=JSON)
    assert_error(response, 403, "csrf_failed")
    guest.get(article.get_absolute_url())
    token = guest.cookies["csrftoken"].value
    response = guest.post(
        f"/api/articles/{article.pk}/comments",
        "{not json",
        content_type=JSON,
        HTTP_X_CSRFTOKEN=token,
    )
    assert_error(response, 400, "bad_body")
