"""What a suspended or banned reader may still do (2026-11-30).

Refused, in the action (so the pages, the fetch answers and the API alike): posting and editing
(as before), recommending, reporting, changing the display name. Left open, because they only
withdraw: taking back a recommendation, deleting one's own comment, the notification setting.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from masthead.comments import actions
from masthead.comments.errors import NotAllowed
from masthead.comments.models import Comment, CommentLike, CommentReport, ReaderProfile

pytestmark = pytest.mark.django_db
JSON = "application/json"
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


@pytest.fixture
def scene(make_article, make_reader, post):
    """An article with Alice's published comment, and Bob, who reads it."""
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    comment = post(article, alice, "The bridge should open before winter.")
    assert comment.status == Comment.Status.PUBLISHED
    return article, comment, bob


def banned(reader, moderator):
    actions.ban_reader(reader, moderator)
    return reader


def suspended(reader, moderator, days: int = 3):
    actions.suspend_reader(reader, moderator, timezone.now() + dt.timedelta(days=days))
    return reader


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def counts(comment: Comment) -> tuple[int, int]:
    comment.refresh_from_db()
    return comment.like_count, comment.report_count


# --- the actions ----------------------------------------------------------------------------


def test_a_banned_reader_cannot_recommend_a_comment(scene, moderator_user):
    _, comment, bob = scene
    banned(bob, moderator_user)
    with pytest.raises(NotAllowed) as info:
        actions.like_comment(comment, bob)
    assert info.value.code == "banned"
    assert info.value.message == "Your account may no longer recommend comments."
    assert counts(comment) == (0, 0)
    assert not CommentLike.objects.exists()


def test_a_suspended_reader_cannot_recommend_until_the_suspension_is_lifted(scene, moderator_user):
    _, comment, bob = scene
    suspended(bob, moderator_user)
    with pytest.raises(NotAllowed) as info:
        actions.like_comment(comment, bob)
    assert info.value.code == "suspended"
    assert info.value.message.startswith("Your account may not recommend comments until ")
    assert counts(comment) == (0, 0)
    actions.suspend_reader(bob, moderator_user, None)
    assert actions.like_comment(comment, bob) == 1


def test_a_banned_or_suspended_reader_cannot_report_a_comment(scene, make_reader, moderator_user):
    _, comment, bob = scene
    carol = make_reader("Carol")
    banned(bob, moderator_user)
    suspended(carol, moderator_user)
    for reader, code in ((bob, "banned"), (carol, "suspended")):
        with pytest.raises(NotAllowed) as info:
            actions.report_comment(comment, reader, "spam", "a note")
        assert info.value.code == code
        assert "report comments" in info.value.message
    assert counts(comment) == (0, 0)
    assert not CommentReport.objects.exists()


def test_a_banned_reader_may_still_take_back_a_recommendation_and_delete_their_comment(
    scene, post, moderator_user
):
    article, comment, bob = scene
    own = post(article, bob, "I think the council is right.")
    assert actions.like_comment(comment, bob) == 1
    banned(bob, moderator_user)
    assert actions.unlike_comment(comment, bob) == 0
    assert actions.delete_comment(own, bob).status == Comment.Status.DELETED


def test_a_banned_or_suspended_reader_cannot_change_their_display_name_but_may_stop_emails(
    make_reader, moderator_user
):
    bob, carol = make_reader("Bob"), make_reader("Carol")
    banned(bob, moderator_user)
    suspended(carol, moderator_user)
    for reader, code in ((bob, "banned"), (carol, "suspended")):
        with pytest.raises(NotAllowed) as info:
            actions.update_reader_profile(reader, "Someone Else", notify_replies=True)
        assert info.value.code == code
        assert "change its display name" in info.value.message
        name = reader.reader.display_name
        profile = actions.update_reader_profile(reader, name, notify_replies=False)
        assert (profile.display_name, profile.notify_replies) == (name, False)
    assert ReaderProfile.objects.filter(display_name="Someone Else").count() == 0


# --- the pages, the fetch answers and the API ---------------------------------------------


def test_recommend_button_without_javascript_tells_a_banned_reader_why_and_counts_nothing(
    scene, moderator_user
):
    _, comment, bob = scene
    client = signed_in(banned(bob, moderator_user))
    response = client.post(f"/comments/{comment.pk}/like/", follow=True)
    assert response.status_code == 200
    assert "Your account may no longer recommend comments." in response.content.decode()
    assert counts(comment) == (0, 0)


def test_recommend_by_fetch_answers_403_with_the_reason_for_a_suspended_reader(
    scene, moderator_user
):
    _, comment, bob = scene
    client = signed_in(suspended(bob, moderator_user))
    response = client.post(f"/comments/{comment.pk}/like/", **FETCH)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "suspended"
    assert error["message"].startswith("Your account may not recommend comments until ")
    assert counts(comment) == (0, 0)


def test_report_page_tells_a_banned_reader_at_once_and_offers_no_form(scene, moderator_user):
    _, comment, bob = scene
    client = signed_in(banned(bob, moderator_user))
    page = client.get(f"/comments/{comment.pk}/report/")
    assert page.status_code == 403
    html = page.content.decode()
    assert "Your account may no longer report comments." in html
    assert "data-report-form" not in html and "Send report" not in html

    sent = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam", "note": "x"})
    assert sent.status_code == 403
    assert "Your account may no longer report comments." in sent.content.decode()
    assert "data-report-form" not in sent.content.decode()
    answered = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"}, **FETCH)
    assert answered.status_code == 403 and answered.json()["error"]["code"] == "banned"
    assert counts(comment) == (0, 0)


def test_api_refuses_a_banned_readers_recommendation_and_report_with_403(scene, moderator_user):
    _, comment, bob = scene
    client = signed_in(banned(bob, moderator_user))
    liked = client.post(f"/api/comments/{comment.pk}/like")
    assert liked.status_code == 403
    assert liked.json()["error"] == {
        "code": "banned",
        "message": "Your account may no longer recommend comments.",
    }
    reported = client.post(
        f"/api/comments/{comment.pk}/reports", {"reason": "spam"}, content_type=JSON
    )
    assert reported.status_code == 403 and reported.json()["error"]["code"] == "banned"
    assert counts(comment) == (0, 0)


def test_article_and_comments_pages_offer_a_banned_reader_no_recommend_or_report_buttons(
    scene, post, make_reader, moderator_user
):
    article, comment, bob = scene
    post(article, make_reader("Dan"), "A reply about the cycle lane.", parent=comment)
    client = signed_in(bob)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "data-like>" in page and "data-report>" in page  # in good standing: both are there

    banned(bob, moderator_user)
    pages = (
        article.get_absolute_url(),
        f"/comments/article/{article.pk}/",
        f"/comments/{comment.pk}/replies/",
    )
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "data-like>" not in html and "data-like " not in html, url
        assert "data-report>" not in html and f"/comments/{comment.pk}/report/" not in html, url
    page = client.get(article.get_absolute_url()).content.decode()
    assert "You cannot recommend or report comments either." in page
    assert 'class="comment__likes"' in page  # the count is still shown, as text


def test_profile_page_shows_a_suspended_readers_name_read_only_with_the_reason(
    make_reader, moderator_user
):
    carol = suspended(make_reader("Carol"), moderator_user)
    client = signed_in(carol)
    page = client.get("/accounts/profile/").content.decode()
    assert "readonly" in page and "Your account may not change its display name until" in page
    refused = client.post("/accounts/profile/", {"display_name": "Somebody New"})
    assert refused.status_code == 403
    assert 'value="Carol"' in refused.content.decode()
    saved = client.post("/accounts/profile/", {"display_name": "Carol"})
    assert saved.status_code == 302
    carol.reader.refresh_from_db()
    assert (carol.reader.display_name, carol.reader.notify_replies) == ("Carol", False)
