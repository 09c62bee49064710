"""The Report page and the Report link refuse, before a note is written, what sending the
report would refuse (2026-11-30): one's own comment, a comment this reader reported already.
All three ask `actions.report_refusal`."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from masthead.comments import actions
from masthead.comments.models import Comment, CommentReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


@pytest.fixture
def scene(make_article, make_reader, post):
    """Alice's two published comments; Bob has reported the first."""
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    reported = post(article, alice, "The bridge should open before winter.")
    other = post(article, alice, "The ferry could run until then.")
    assert reported.status == other.status == Comment.Status.PUBLISHED
    actions.report_comment(reported, bob, "spam")
    return article, alice, bob, reported, other


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_url(comment: Comment) -> str:
    return reverse("comments:report", args=[comment.pk])


def test_the_report_page_of_a_comment_already_reported_says_so_without_a_form(scene):
    _, _, bob, reported, _ = scene
    response = signed_in(bob).get(report_url(reported))
    body = response.content.decode()
    assert response.status_code == 409
    assert "You have already reported this comment" in body
    assert "data-report-form" not in body
    assert "Back to the comment" in body


def test_the_report_page_of_ones_own_comment_says_so_without_a_form(scene):
    _, alice, _, reported, _ = scene
    response = signed_in(alice).get(report_url(reported))
    body = response.content.decode()
    assert response.status_code == 403
    assert "You cannot report your own comment" in body
    assert "data-report-form" not in body


def test_the_report_page_still_offers_the_form_for_a_comment_not_yet_reported(scene):
    _, _, bob, _, other = scene
    response = signed_in(bob).get(report_url(other))
    assert response.status_code == 200
    assert "data-report-form" in response.content.decode()


def test_a_second_report_sent_anyway_is_refused_without_the_form_again(scene):
    _, _, bob, reported, _ = scene
    response = signed_in(bob).post(report_url(reported), {"reason": "spam"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "data-report-form" not in body
    assert CommentReport.objects.filter(comment=reported).count() == 1


def test_the_article_page_shows_reported_instead_of_the_link_under_a_comment_reported(scene):
    article, _, bob, reported, other = scene
    body = signed_in(bob).get(article.get_absolute_url()).content.decode()
    assert f'href="{report_url(reported)}"' not in body
    assert f'href="{report_url(other)}"' in body
    assert '<span class="comment__reported">Reported</span>' in body


def test_the_comments_page_and_more_replies_show_reported_too(scene, post, masthead_settings):
    article, alice, bob, reported, _ = scene
    masthead_settings(COMMENT_RATE_PER_READER="1000/60")
    client = signed_in(bob)
    thread = client.get(reverse("comments:thread", args=[article.pk])).content.decode()
    assert f'href="{report_url(reported)}"' not in thread
    assert "comment__reported" in thread
    replies = [post(article, alice, f"Reply number {n}.", parent=reported) for n in range(12)]
    actions.report_comment(replies[-1], bob, "spam")
    page = client.get(reverse("comments:replies", args=[reported.pk])).content.decode()
    assert f'href="{report_url(replies[0])}"' in page
    assert f'href="{report_url(replies[-1])}"' not in page
    assert "comment__reported" in page


def test_report_refusal_reads_only_and_agrees_with_report_comment(scene):
    _, alice, bob, reported, other = scene
    refusal = actions.report_refusal(reported, bob)
    assert refusal is not None and refusal.code == "already_reported"
    assert actions.report_refusal(other, alice).status == 403
    assert actions.report_refusal(other, bob) is None
    assert actions.report_refusal(other, bob, reported={other.pk}).code == "already_reported"
    assert CommentReport.objects.filter(comment=other).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_count_cannot_be_saved_is_not_kept_either(scene, monkeypatch):
    """The report and the comment's report count are saved in one transaction."""
    from django.db import DatabaseError
    from django.db.models.query import QuerySet

    _, _, bob, _, other = scene
    update = QuerySet.update

    def failing_update(self, **kwargs):  # type: ignore[no-untyped-def]
        if "report_count" in kwargs:
            raise DatabaseError("the disk is full")
        return update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", failing_update)
    with pytest.raises(DatabaseError):
        actions.report_comment(other, bob, "spam")
    assert not CommentReport.objects.filter(comment=other).exists()
