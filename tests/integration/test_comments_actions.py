"""The comment actions: posting through moderation, threads, edits, deletion, reports, likes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments import actions
from masthead.comments.errors import Conflict, InvalidComment, LoginRequired, NotAllowed, NotFound
from masthead.comments.models import Comment, CommentRevision
from tests.support import moderators
from tests.support.comment_fixtures import EXPLODE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def test_clean_comment_is_published_at_once_with_its_verdict_stored(
    make_article, make_reader, post
):
    comment = post(make_article(), make_reader(), "The bridge should have a cycle lane.")
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.published_at is not None
    assert comment.decision == "publish"
    assert comment.model_version == "test-keyword-1"
    assert comment.scores == {"insult": 0.02}


def test_insulting_comment_is_held_with_reasons_scores_spans_and_explanation(
    make_article, make_reader, post
):
    comment = post(make_article(), make_reader(), "Only an idiot would vote for this.")
    assert comment.status == Comment.Status.HELD
    assert comment.reasons == ["insult"]
    assert comment.scores["insult"] == pytest.approx(0.93)
    assert comment.explanation == "It may contain a personal insult."
    assert comment.spans == [{"start": 8, "end": 13, "reason": "insult"}]


def test_spam_verdict_rejects_the_comment(make_article, make_reader, post):
    comment = post(make_article(), make_reader(), "BUY NOW cheap watches")
    assert comment.status == Comment.Status.REJECTED


def test_moderator_that_raises_holds_the_comment_with_classifier_unavailable(
    make_article, make_reader, post, use_moderator
):
    use_moderator(EXPLODE)
    comment = post(make_article(), make_reader())
    assert comment.status == Comment.Status.HELD
    assert comment.reasons == ["classifier_unavailable"]


def test_missing_moderator_module_fails_closed(make_article, make_reader, post, use_moderator):
    use_moderator("masthead.no_such_module.moderate")
    comment = post(make_article(), make_reader())
    assert comment.status == Comment.Status.HELD
    assert comment.reasons == ["classifier_unavailable"]


def test_premoderated_article_holds_comments_whatever_the_moderator_says(
    make_article, make_reader, post
):
    article = make_article(comments_mode=Article.CommentsMode.PREMODERATED)
    comment = post(article, make_reader(), "Perfectly polite remark.")
    assert comment.status == Comment.Status.HELD
    assert "pre_moderation" in comment.reasons
    assert comment.scores == {"insult": 0.02}  # the checks still ran and were recorded
    assert post(make_article(), make_reader()).status == Comment.Status.PUBLISHED


def test_moderation_sees_article_parent_and_author_history(
    make_article, make_reader, post, moderator_user
):
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    first = post(article, alice, "Good news for commuters.")
    post(article, bob, "BUY NOW")
    actions.set_reader_trusted(bob, moderator_user)
    moderators.CALLS.clear()
    post(article, bob, "I disagree, the cost is too high.", parent=first)
    seen = moderators.CALLS[-1]
    assert seen.article_headline == article.headline
    assert seen.parent_text == "Good news for commuters."
    assert seen.author_rejected_count == 1 and seen.author_published_count == 0
    assert seen.author_trusted is True
    assert seen.comment_id is not None


def test_reply_records_parent_root_and_depth(make_article, make_reader, post):
    article = make_article()
    a, b = make_reader(), make_reader()
    top = post(article, a, "Top-level remark.")
    reply = post(article, b, "A reply.", parent=top)
    assert (reply.parent_id, reply.root_id, reply.display_parent_id, reply.depth) == (
        top.pk,
        top.pk,
        top.pk,
        1,
    )
    top.refresh_from_db()
    assert top.reply_count == 1


def test_replies_past_the_depth_cap_flatten_but_keep_whom_they_answer(
    make_article, make_reader, post, masthead_settings
):
    masthead_settings(COMMENT_MAX_DEPTH=2)
    article = make_article()
    a, b = make_reader(), make_reader()
    c0 = post(article, a, "zero")
    c1 = post(article, b, "one", parent=c0)
    c2 = post(article, a, "two", parent=c1)
    c3 = post(article, b, "three", parent=c2)
    assert c2.depth == 2
    assert c3.depth == 2
    assert c3.parent_id == c2.pk  # "Replying to" still names c2's author
    assert c3.display_parent_id == c1.pk  # but it sits beside c2, not under it
    assert c3.root_id == c0.pk
    c0.refresh_from_db()
    assert c0.reply_count == 3


def test_cannot_reply_to_a_held_comment_or_one_on_another_article(make_article, make_reader, post):
    article, other = make_article(), make_article()
    held = post(article, make_reader(), "You idiot.")
    with pytest.raises(NotFound):
        post(article, make_reader(), "reply", parent=held)
    elsewhere = post(other, make_reader(), "fine")
    with pytest.raises(NotFound):
        post(article, make_reader(), "reply", parent=elsewhere)


def test_anonymous_posting_needs_an_account_unless_guests_are_allowed(make_article, post):
    with pytest.raises(LoginRequired):
        post(make_article(), None, "hello")


def test_guest_comment_when_the_site_allows_it(make_article, post, masthead_settings):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    comment = post(
        make_article(), None, "Guest view.", guest_name="Passer By", guest_email="p@example.org"
    )
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.author_name == "Passer By"
    assert comment.is_guest


def test_guest_cannot_take_a_readers_name_or_a_staff_like_name(
    make_article, make_reader, post, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    make_reader("Alice Walker")
    for name in ("alice walker", "Site Admin", "M0derator", "Ed1tor Jane"):
        with pytest.raises(InvalidComment):
            post(make_article(), None, "x", guest_name=name, guest_email="g@example.org")
    with pytest.raises(InvalidComment):
        post(make_article(), None, "x", guest_name="Valid Name", guest_email="not-an-address")


def test_guest_names_stay_with_the_guest_who_first_used_them(
    make_article, make_reader, post, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    post(article, None, "first", guest_name="River Walker", guest_email="rw@example.org")
    post(article, None, "again", guest_name="river walker", guest_email="RW@example.org")
    with pytest.raises(InvalidComment) as info:
        post(article, None, "imposter", guest_name="River Walker", guest_email="x@example.org")
    assert info.value.code == "display_name_taken"
    with pytest.raises(InvalidComment):
        make_reader("River Walker")


def test_display_names_are_unique_ignoring_case(make_reader):
    make_reader("Sam Jones")
    with pytest.raises(InvalidComment) as info:
        make_reader("SAM JONES")
    assert info.value.code == "display_name_taken"


def test_display_name_cannot_impersonate_staff_or_the_site(make_reader, moderator_user, settings):
    settings.SITE_NAME = "Riverside Gazette"
    for name in (
        "Administrator",
        "the_moderator",
        "Ed!tor",
        "moderator",
        "Riverside Gazette fan",
        "St4ff",
    ):
        with pytest.raises(InvalidComment):
            make_reader(name)
    User.objects.create_user("janedoe", "jd@example.org", "pw-123456789", is_staff=True)
    with pytest.raises(InvalidComment):
        make_reader("Jane Doe")
    assert make_reader("Jane Austen").reader.display_name == "Jane Austen"


def test_comments_closed_per_article(make_article, make_reader, post):
    article = make_article(comments_mode=Article.CommentsMode.CLOSED)
    with pytest.raises(NotAllowed) as info:
        post(article, make_reader())
    assert info.value.code == "comments_closed"


def test_comments_close_automatically_n_days_after_publication(
    make_article, make_reader, post, masthead_settings
):
    masthead_settings(COMMENTS_CLOSE_AFTER_DAYS=3)
    old = make_article(published_at=timezone.now() - dt.timedelta(days=3, minutes=1))
    recent = make_article(published_at=timezone.now() - dt.timedelta(days=2, hours=23))
    with pytest.raises(NotAllowed):
        post(old, make_reader())
    assert post(recent, make_reader()).status == Comment.Status.PUBLISHED


def test_moderator_can_close_comments_on_one_article(
    make_article, make_reader, post, moderator_user
):
    article = make_article()
    actions.set_article_comments_mode(article, "closed", moderator_user)
    article.refresh_from_db()
    with pytest.raises(NotAllowed):
        post(article, make_reader())


def test_edit_within_window_is_moderated_again_and_keeps_history(make_article, make_reader, post):
    reader = make_reader()
    comment = post(make_article(), reader, "The bridge is a good idea.")
    edited = actions.edit_comment(comment, reader, "The bridge is a good idea, you idiot.")
    assert edited.status == Comment.Status.HELD
    assert edited.reasons == ["insult"]
    assert edited.edited_at is not None
    assert list(CommentRevision.objects.filter(comment=comment).values_list("text", flat=True)) == [
        "The bridge is a good idea."
    ]
    assert moderators.CALLS[-1].is_edit is True


def test_edit_after_window_is_refused(make_article, make_reader, post, masthead_settings):
    masthead_settings(COMMENT_EDIT_WINDOW_MINUTES=10)
    reader = make_reader()
    comment = post(make_article(), reader)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=11)
    )
    comment.refresh_from_db()
    with pytest.raises(Conflict) as info:
        actions.edit_comment(comment, reader, "new words")
    assert info.value.code == "edit_window_closed"


def test_only_the_author_may_edit_or_delete(make_article, make_reader, post):
    comment = post(make_article(), make_reader())
    other = make_reader()
    with pytest.raises(NotAllowed):
        actions.edit_comment(comment, other, "hijack")
    with pytest.raises(NotAllowed):
        actions.delete_comment(comment, other)


def test_deleting_a_comment_erases_its_words_but_keeps_replies(make_article, make_reader, post):
    article = make_article()
    a, b = make_reader(), make_reader()
    top = post(article, a, "Something I regret.")
    reply = post(article, b, "A reply that stays.", parent=top)
    actions.delete_comment(top, a)
    top.refresh_from_db()
    reply.refresh_from_db()
    assert top.status == Comment.Status.DELETED and top.text == "" and top.html == ""
    assert reply.status == Comment.Status.PUBLISHED and reply.parent_id == top.pk


def test_report_once_with_a_reason_but_not_your_own(make_article, make_reader, post):
    author, reporter = make_reader(), make_reader()
    comment = post(make_article(), author)
    report = actions.report_comment(comment, reporter, "off_topic", "Nothing to do with bridges")
    assert report.reason == "off_topic"
    with pytest.raises(Conflict):
        actions.report_comment(comment, reporter, "spam")
    with pytest.raises(NotAllowed):
        actions.report_comment(comment, author, "spam")
    with pytest.raises(InvalidComment):
        actions.report_comment(comment, make_reader(), "because")
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_like_once_per_reader(make_article, make_reader, post):
    comment = post(make_article(), make_reader())
    fan = make_reader()
    assert actions.like_comment(comment, fan) == 1
    with pytest.raises(Conflict):
        actions.like_comment(comment, fan)
    assert actions.like_comment(comment, make_reader()) == 2
    assert actions.unlike_comment(comment, fan) == 1


def test_suspended_and_banned_readers_cannot_post(make_article, make_reader, post, moderator_user):
    reader = make_reader()
    actions.suspend_reader(reader, moderator_user, timezone.now() + dt.timedelta(days=1))
    with pytest.raises(NotAllowed):
        post(make_article(), reader)
    actions.suspend_reader(reader, moderator_user, None)
    actions.ban_reader(reader, moderator_user)
    with pytest.raises(NotAllowed):
        post(make_article(), reader)


def test_moderator_approves_rejects_and_features(make_article, make_reader, post, moderator_user):
    article = make_article()
    held = post(article, make_reader(), "You idiot, but a fair point.")
    approved = actions.approve_comment(held, moderator_user)
    assert approved.status == Comment.Status.PUBLISHED and approved.moderated_by == moderator_user
    rejected = actions.reject_comment(
        post(article, make_reader(), "idiot"), moderator_user, "insult"
    )
    assert rejected.status == Comment.Status.REJECTED and rejected.rejection_reason == "insult"
    picked = actions.feature_comment(approved, moderator_user)
    assert Comment.objects.get(pk=picked.pk).is_editors_pick
    with pytest.raises(NotAllowed):
        actions.approve_comment(rejected, make_reader())


def test_edit_and_approve_keeps_the_original_in_history(
    make_article, make_reader, post, moderator_user
):
    held = post(make_article(), make_reader(), "You idiot, the bridge is fine.")
    done = actions.edit_and_approve_comment(
        held, moderator_user, "The bridge is fine.", "removed insult"
    )
    assert done.status == Comment.Status.PUBLISHED and done.text == "The bridge is fine."
    revision = done.revisions.get()
    assert (
        revision.text == "You idiot, the bridge is fine." and revision.edited_by == moderator_user
    )


def test_reply_count_follows_publication_and_removal(
    make_article, make_reader, post, moderator_user
):
    article = make_article()
    top = post(article, make_reader(), "top")
    held_reply = post(article, make_reader(), "idiot", parent=top)
    top.refresh_from_db()
    assert top.reply_count == 0
    actions.approve_comment(held_reply, moderator_user)
    top.refresh_from_db()
    assert top.reply_count == 1
    actions.reject_comment(held_reply, moderator_user, "insult")
    top.refresh_from_db()
    assert top.reply_count == 0


def test_stored_closing_schedule_overrides_the_site_setting(
    make_article, make_reader, post, moderator_user, masthead_settings
):
    masthead_settings(COMMENTS_CLOSE_AFTER_DAYS=0)
    article = make_article(published_at=timezone.now() - dt.timedelta(days=2))
    actions.set_close_after_days(1, moderator_user)
    with pytest.raises(NotAllowed):
        post(article, make_reader())
    actions.set_close_after_days(0, moderator_user)  # 0 = never close
    assert post(article, make_reader()).status == Comment.Status.PUBLISHED


def test_closing_schedule_rejects_nonsense_days(moderator_user):
    with pytest.raises(InvalidComment):
        actions.set_close_after_days(-1, moderator_user)
