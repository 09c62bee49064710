"""Reports and likes are rate-limited per reader, like posts: the form and the JSON API answer
429 with Retry-After and a message saying what to do; nothing is written over the limit."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments.models import CommentLike, CommentReport

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
JSON = "application/json"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def three_comments(make_article, make_reader, post):
    article = make_article()
    author = make_reader("Author")
    return [post(article, author, f"Point number {n} about the bridge.") for n in range(3)]


def test_report_form_over_the_limit_answers_429_keeps_the_note_and_writes_nothing(
    three_comments, make_reader, masthead_settings
):
    masthead_settings(REPORT_RATE_PER_READER="2/600")
    client = logged_in(make_reader("Reporter"))
    for comment in three_comments[:2]:
        response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
        assert response.status_code == 302
    third = three_comments[2]
    response = client.post(
        f"/comments/{third.pk}/report/", {"reason": "abuse", "note": "He does this a lot"}
    )
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert "You are reporting comments faster than we allow. Please wait" in html
    assert "He does this a lot" in html
    assert not CommentReport.objects.filter(comment=third).exists()


def test_report_api_over_the_limit_answers_429_with_retry_after(
    three_comments, make_reader, masthead_settings
):
    masthead_settings(REPORT_RATE_PER_READER="1/600")
    client = logged_in(make_reader("Reporter"))
    first, second = three_comments[:2]
    url = "/api/comments/{}/reports"
    ok = client.post(url.format(first.pk), {"reason": "spam"}, content_type=JSON)
    assert ok.status_code == 201
    response = client.post(url.format(second.pk), {"reason": "spam"}, content_type=JSON)
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("You are reporting comments faster than we allow.")
    assert int(response["Retry-After"]) == error["retry_after"] >= 1
    assert CommentReport.objects.count() == 1


def test_a_refused_duplicate_report_does_not_use_up_the_limit(
    three_comments, make_reader, masthead_settings
):
    masthead_settings(REPORT_RATE_PER_READER="2/600")
    client = logged_in(make_reader("Reporter"))
    first, second = three_comments[:2]
    assert client.post(f"/comments/{first.pk}/report/", {"reason": "spam"}).status_code == 302
    again = client.post(f"/comments/{first.pk}/report/", {"reason": "spam"})
    assert again.status_code == 409
    assert client.post(f"/comments/{second.pk}/report/", {"reason": "spam"}).status_code == 302


def test_likes_and_unlikes_count_together_and_answer_429_over_the_limit(
    three_comments, make_reader, masthead_settings
):
    masthead_settings(LIKE_RATE_PER_READER="3/60")
    fan = make_reader("Fan")
    client = logged_in(fan)
    first, second = three_comments[:2]
    assert client.post(f"/comments/{first.pk}/like/", **FETCH).status_code == 200
    assert client.post(f"/comments/{first.pk}/like/", {"undo": "1"}, **FETCH).status_code == 200
    assert client.post(f"/api/comments/{first.pk}/like").status_code == 201
    # the fourth change in the window, through the form: refused, nothing written
    response = client.post(f"/comments/{second.pk}/like/", **FETCH)
    assert response.status_code == 429
    assert response["Retry-After"]
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("You are recommending comments faster than we allow.")
    assert not CommentLike.objects.filter(comment=second, user=fan).exists()
    # and through the API, to unlike as well
    response = client.delete(f"/api/comments/{first.pk}/like")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1
    assert CommentLike.objects.filter(comment=first, user=fan).exists()


def test_like_form_without_javascript_over_the_limit_says_why_on_the_article(
    three_comments, make_reader, masthead_settings
):
    masthead_settings(LIKE_RATE_PER_READER="1/60")
    fan = make_reader("Fan")
    client = logged_in(fan)
    first, second = three_comments[:2]
    assert client.post(f"/comments/{first.pk}/like/").status_code == 302
    response = client.post(f"/comments/{second.pk}/like/", follow=True)
    assert "You are recommending comments faster than we allow." in response.content.decode()
    assert not CommentLike.objects.filter(comment=second, user=fan).exists()


def test_reports_and_likes_are_limited_even_when_the_settings_do_not_name_a_rate(
    three_comments, make_reader, settings
):
    settings.MASTHEAD = {
        key: value
        for key, value in settings.MASTHEAD.items()
        if key not in ("REPORT_RATE_PER_READER", "LIKE_RATE_PER_READER")
    }
    client = logged_in(make_reader("Fan"))
    comment = three_comments[0]
    statuses = [
        client.post(f"/comments/{comment.pk}/like/", {"undo": "1"} if n % 2 else {}, **FETCH)
        for n in range(31)
    ]
    assert [s.status_code for s in statuses[:30]] == [200] * 30
    assert statuses[30].status_code == 429
