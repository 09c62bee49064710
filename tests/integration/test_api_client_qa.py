"""The JSON API as a third-party client meets it (a newsroom's app, a moderation bot): what it
says about the reader's own recommendations, which answers may be cached, HEAD, and bodies
with unknown fields, loose types or nothing at all. API QA, 2026-11-30."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments.models import Comment
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
JSON = "application/json"


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def error_of(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(JSON)
    return response.json()["error"]


# -- what the reader has recommended ---------------------------------------------------------


def test_more_replies_say_which_ones_the_reader_recommended(make_article, make_reader, post):
    """GET /api/comments/{id}/replies said `liked: false` for a reply the reader had
    recommended, while the article's list (and the HTML thread) said it was."""
    article = make_article()
    root = post(article, make_reader(), "Where will the buses stop?")
    liked, other = (post(article, make_reader(), text, parent=root) for text in ("A.", "B."))
    reader = signed_in(make_reader())
    assert reader.post(f"/api/comments/{liked.pk}/like").status_code == 201

    replies = reader.get(f"/api/comments/{root.pk}/replies").json()["replies"]
    assert {c["id"]: c["liked"] for c in replies} == {liked.pk: True, other.pk: False}
    listing = reader.get(f"/api/articles/{article.pk}/comments").json()
    assert {c["id"]: c["liked"] for c in listing["threads"][0]["replies"]} == {
        liked.pk: True,
        other.pk: False,
    }


# -- caching ---------------------------------------------------------------------------------


def test_a_signed_in_readers_answers_may_not_be_stored_by_any_cache(
    make_article, make_reader, post
):
    """Only the article's list had `private, no-store` for a signed-in reader; the replies
    (their `liked` and `can_edit`), and the answers to what they post, said nothing."""
    article = make_article()
    author = make_reader()
    root = post(article, author, "Where will the buses stop?")
    post(article, make_reader(), "At the market.", parent=root)
    client = signed_in(author)
    answers = [
        client.get(f"/api/comments/{root.pk}/replies"),
        client.get(f"/api/articles/{article.pk}/comments"),
        client.post(f"/api/articles/{article.pk}/comments", {"text": "Me."}, content_type=JSON),
        client.patch(f"/api/comments/{root.pk}", {"text": "Which stops?"}, content_type=JSON),
        client.get("/api/comments/999999/replies"),
    ]
    for response in answers:
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, (response.request, response.status_code)


def test_the_workspace_api_is_never_cacheable(mod, held):  # noqa: F811
    comment = held()
    client = signed_in(mod)
    answers = [
        client.get("/api/moderation/counts"),
        client.get("/api/moderation/queues/held/new?after_id=0"),
        client.post(f"/api/moderation/comments/{comment.pk}/approve", content_type=JSON),
    ]
    for response in answers:
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, response.request


def test_an_anonymous_readers_list_stays_shareable(make_article, make_reader, post):
    """The page cache and the browsers may keep the list every visitor sees alike."""
    article = make_article()
    post(article, make_reader(), "Where will the buses stop?")
    response = Client().get(f"/api/articles/{article.pk}/comments")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "private" not in response["Cache-Control"]
    assert response["X-Page-Cache"] == "miss"
    assert Client().get(f"/api/articles/{article.pk}/comments")["X-Page-Cache"] == "hit"


# -- HEAD ------------------------------------------------------------------------------------


def test_head_is_answered_as_get_is_without_a_body(make_article, make_reader, post, mod):
    """HTTP servers must answer HEAD wherever they answer GET; the API said 405."""
    article = make_article()
    post(article, make_reader(), "Where will the buses stop?")
    url = f"/api/articles/{article.pk}/comments"
    got = Client().get(url)
    head = Client().head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert int(head["Content-Length"]) == len(got.content)

    assert signed_in(mod).head("/api/moderation/counts").status_code == 200
    assert Client().head("/api/moderation/counts").status_code == 401
    missing = Client().head("/api/articles/999999/comments")
    assert missing.status_code == 404 and missing.content == b""


def test_head_where_there_is_no_get_is_a_405_naming_what_is_taken(mod):
    response = signed_in(mod).head("/api/moderation/undo")
    assert response.status_code == 405 and response["Content-Type"].startswith(JSON)
    assert response["Allow"] == "POST"
    put = Client().put("/api/articles/1/comments")
    assert put.status_code == 405 and put["Allow"] == "GET, HEAD, POST"


# -- bodies ----------------------------------------------------------------------------------


def test_an_unknown_field_is_refused_not_ignored(make_article, make_reader, post):
    """`parentId` for `parent_id` posted a top-level comment instead of the reply."""
    article = make_article()
    root = post(article, make_reader(), "Where will the buses stop?")
    client = signed_in(make_reader())
    response = client.post(
        f"/api/articles/{article.pk}/comments",
        {"text": "At the market.", "parentId": root.pk},
        content_type=JSON,
    )
    error = error_of(response, 400)
    assert error["code"] == "unknown_field"
    assert error["field"] == "parentId"
    assert "parentId" in error["message"]
    assert Comment.objects.filter(article=article).count() == 1


def test_an_unknown_field_in_a_moderation_body_is_refused(mod, held):  # noqa: F811
    comment = held()
    response = signed_in(mod).post(
        f"/api/moderation/comments/{comment.pk}/reject",
        {"reason": "Insults.", "note": "for the log"},
        content_type=JSON,
    )
    assert error_of(response, 400)["field"] == "note"
    comment.refresh_from_db()
    assert comment.status == "held"


@pytest.mark.parametrize(
    ("field", "value"),
    [("days", True), ("days", "3")],
)
def test_a_suspension_takes_a_whole_number_of_days_not_a_string_or_true(
    mod, make_reader, field, value
):
    """`{"days": true}` suspended the reader for one day, `"3"` for three."""
    reader = make_reader()
    response = signed_in(mod).post(
        f"/api/moderation/readers/{reader.pk}/suspend", {field: value}, content_type=JSON
    )
    error = error_of(response, 400)
    assert error["code"] == "invalid" and error["field"] == "days"
    reader.reader.refresh_from_db()
    assert reader.reader.suspended_until is None


@pytest.mark.parametrize("value", ["yes", 1, "false"])
def test_feature_takes_true_or_false_only(mod, make_article, make_reader, post, value):
    comment = post(make_article(), make_reader(), "Where will the buses stop?")
    response = signed_in(mod).post(
        f"/api/moderation/comments/{comment.pk}/feature", {"featured": value}, content_type=JSON
    )
    assert error_of(response, 400)["field"] == "featured"
    comment.refresh_from_db()
    assert comment.is_editors_pick is False


def test_a_reply_to_id_given_as_true_is_refused(make_article, make_reader, post):
    article = make_article()
    post(article, make_reader(), "Where will the buses stop?")
    response = signed_in(make_reader()).post(
        f"/api/articles/{article.pk}/comments",
        {"text": "At the market.", "parent_id": True},
        content_type=JSON,
    )
    assert error_of(response, 400)["field"] == "parent_id"


def test_an_empty_body_is_a_400_that_says_the_body_is_missing(make_article, make_reader):
    """It said 'The request is not valid: Field required.' naming no field."""
    article = make_article()
    response = signed_in(make_reader()).post(
        f"/api/articles/{article.pk}/comments", "", content_type=JSON
    )
    error = error_of(response, 400)
    assert error["code"] == "bad_body"
    assert "empty" in error["message"] and "JSON object" in error["message"]


# -- the schema ------------------------------------------------------------------------------


def _request_schema(schema: dict, path: str, method: str) -> dict:
    ref = schema["paths"][path][method]["requestBody"]["content"][JSON]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_the_schema_gives_each_body_its_own_fields():
    """The comments' and the workspace's edit bodies were both called EditIn, so the schema
    had one of them for both: PATCH /api/comments/{id} was said to take the workspace's
    `note`, which it refuses."""
    schema = Client().get("/api/openapi.json").json()
    edit = _request_schema(schema, "/api/comments/{comment_id}", "patch")
    assert set(edit["properties"]) == {"text"}
    edit_approve = _request_schema(
        schema, "/api/moderation/comments/{comment_id}/edit-approve", "post"
    )
    assert set(edit_approve["properties"]) == {"text", "note"}
    error = schema["components"]["schemas"]["ErrorDetail"]["properties"]
    assert "description" in error["retry_after"]


def test_the_live_queue_cursor_can_be_sent_back_as_it_came(mod, held):  # noqa: F811
    """The cursor was written `...+00:00`; sent back in a query string unencoded, the `+`
    read as a space and the next poll was 400 bad_cursor."""
    comment = held()
    client = signed_in(mod)
    cursor = client.get("/api/moderation/queues/held/new?after_id=0").json()["cursor"]
    again = client.get(f"/api/moderation/queues/held/new?since={cursor}")
    assert again.status_code == 200, again.content
    assert comment.pk in [item["id"] for item in again.json()["items"]]


def test_a_number_too_long_to_read_is_a_bad_body_that_says_so(make_article, make_reader):
    """Python refuses to read a whole number of more than 4,300 digits; the answer was a 400
    with the generic code `error` and the bare message 'Cannot parse request body'."""
    article = make_article()
    body = '{"text": "At the market.", "parent_id": ' + "9" * 5000 + "}"
    response = signed_in(make_reader()).post(
        f"/api/articles/{article.pk}/comments", body, content_type=JSON
    )
    error = error_of(response, 400)
    assert error["code"] == "bad_body"
    assert "number too long" in error["message"]
    assert not Comment.objects.exists()


def test_the_schema_says_what_the_api_covers():
    """Its description named the comments alone, not the workspace it lists too."""
    info = Client().get("/api/openapi.json").json()["info"]
    assert "/api/moderation/" in info["description"]
    assert "unknown field" in info["description"]
