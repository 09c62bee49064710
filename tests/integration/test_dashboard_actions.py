"""Moderators' decisions: each changes the comment through comments' actions, writes an audit
entry with before and after, and can be undone; automatic verdicts are logged too."""

from __future__ import annotations

import pytest
from django.utils import timezone

from masthead.comments.errors import Conflict, InvalidComment, NotAllowed
from masthead.comments.models import Comment, CommentRevision, ReaderProfile
from masthead.dashboard import actions, measures
from masthead.dashboard.models import AuditEntry, AuditSample, Triage, WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_an_automatic_verdict_is_logged_and_indexed_for_the_queues(held):
    comment = held("What an idiot wrote this?")
    entry = AuditEntry.objects.get(comment=comment)
    assert entry.actor is None and entry.is_automatic
    assert entry.action == "auto_hold"
    assert entry.before == {"status": "pending"}
    assert entry.after["status"] == "held"
    assert entry.after["reasons"] == ["insult"]
    assert entry.after["scores"]["insult"] == pytest.approx(0.93)
    triage = Triage.objects.get(comment=comment)
    assert triage.risk == pytest.approx(0.93)
    assert triage.reason_codes == " insult "


def test_auto_published_comments_join_the_audit_sample_by_their_hashed_id(
    make_article, make_reader, post, keyword_moderation
):
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=0.5)
    article, reader = make_article(), make_reader()
    published = [post(article, reader, f"Thoughtful remark number {i}.") for i in range(12)]
    sampled = set(AuditSample.objects.values_list("comment_id", flat=True))
    expected = {c.pk for c in published if measures.in_sample(c.pk, 0.5)}
    assert sampled == expected
    assert 0 < len(sampled) < 12
    assert AuditEntry.objects.filter(action="auto_publish").count() == 12


def test_approve_publishes_and_records_who_when_before_and_after(mod, held):
    comment = held()
    entry = actions.approve(mod, comment.pk)
    comment.refresh_from_db()
    assert comment.status == "published"
    assert comment.moderated_by == mod
    assert entry.actor == mod and entry.actor_name == "mod"
    assert entry.action == "approve"
    assert entry.before["status"] == "held" and entry.after["status"] == "published"
    assert entry.article_id == comment.article_id
    assert entry.subject_id == comment.author_id


def test_reject_needs_a_reason_which_the_author_sees(mod, held):
    comment = held()
    with pytest.raises(InvalidComment):
        actions.reject(mod, comment.pk, "   ")
    entry = actions.reject(mod, comment.pk, "Please argue with the idea, not the person.")
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert comment.rejection_reason == "Please argue with the idea, not the person."
    assert entry.before["status"] == "held" and entry.after["status"] == "rejected"


def test_edit_and_approve_keeps_the_original_in_history(mod, held):
    comment = held("You idiot, read the report before commenting.")
    entry = actions.edit_and_approve(mod, comment.pk, "Read the report before commenting.")
    comment.refresh_from_db()
    assert comment.status == "published"
    assert comment.text == "Read the report before commenting."
    revision = CommentRevision.objects.get(comment=comment)
    assert revision.text == "You idiot, read the report before commenting."
    assert revision.edited_by == mod
    assert entry.before["text"].startswith("You idiot") and entry.after["status"] == "published"


def test_feature_marks_an_editors_pick(mod, held):
    comment = held()
    actions.approve(mod, comment.pk)
    actions.feature(mod, comment.pk)
    comment.refresh_from_db()
    assert comment.is_editors_pick


def test_suspend_ban_and_trust_change_the_reader_and_are_logged(mod, held):
    comment = held()
    reader_id = comment.author_id
    actions.suspend(mod, reader_id, 3)
    profile = ReaderProfile.objects.get(user_id=reader_id)
    assert profile.is_suspended
    assert (profile.suspended_until - timezone.now()).days in (2, 3)
    actions.trust(mod, reader_id, True)
    actions.ban(mod, reader_id)
    profile.refresh_from_db()
    assert profile.trusted and profile.banned
    logged = list(
        AuditEntry.objects.filter(subject_id=reader_id, actor=mod)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert logged == ["suspend", "trust", "ban"]
    with pytest.raises(InvalidComment):
        actions.suspend(mod, reader_id, 0)


def test_staff_accounts_cannot_be_banned_from_the_workspace(mod, make_staff):
    other = make_staff("other", "Moderators")
    with pytest.raises(NotAllowed):
        actions.ban(mod, other.pk)


def test_undo_reverses_the_moderators_last_decision(mod, held):
    first, second = held("idiot one"), held("idiot two")
    actions.approve(mod, first.pk)
    actions.reject(mod, second.pk, "No insults.")
    undone = actions.undo_last(mod)
    second.refresh_from_db()
    assert second.status == "held" and second.rejection_reason == ""
    assert [e.action for e in undone] == ["undo"]
    assert AuditEntry.objects.get(pk=undone[0].undoes_id).undone_at is not None
    actions.undo_last(mod)
    first.refresh_from_db()
    assert first.status == "held"
    with pytest.raises(Conflict):
        actions.undo_last(mod)


def test_undo_only_touches_your_own_decisions(mod, make_staff, held):
    other = make_staff("other", "Moderators")
    comment = held()
    actions.approve(other, comment.pk)
    with pytest.raises(Conflict):
        actions.undo_last(mod)
    comment.refresh_from_db()
    assert comment.status == "published"


def test_undo_of_an_edit_restores_the_original_text_and_status(mod, held):
    comment = held("You idiot.")
    actions.edit_and_approve(mod, comment.pk, "Hm.")
    actions.undo_last(mod)
    comment.refresh_from_db()
    assert comment.text == "You idiot." and comment.status == "held"


def test_undo_of_reader_actions_restores_their_standing(mod, held):
    comment = held()
    actions.ban(mod, comment.author_id)
    actions.undo_last(mod)
    assert not ReaderProfile.objects.get(user_id=comment.author_id).banned


def test_bulk_approve_and_reject_and_one_undo_reverses_the_whole_batch(mod, held):
    comments = [held(f"idiot {i}") for i in range(4)]
    entries = actions.bulk(mod, "approve", [c.pk for c in comments[:3]])
    assert len(entries) == 3 and len({e.batch for e in entries}) == 1
    assert (
        Comment.objects.filter(pk__in=[c.pk for c in comments[:3]], status="published").count() == 3
    )
    actions.bulk(mod, "reject", [comments[3].pk], "Insults are not allowed.")
    assert Comment.objects.get(pk=comments[3].pk).status == "rejected"
    actions.undo_last(mod)
    actions.undo_last(mod)
    assert Comment.objects.filter(pk__in=[c.pk for c in comments], status="held").count() == 4
    with pytest.raises(InvalidComment):
        actions.bulk(mod, "reject", [comments[0].pk], "")
    with pytest.raises(InvalidComment):
        actions.bulk(mod, "delete", [comments[0].pk])
    with pytest.raises(InvalidComment):
        actions.bulk(mod, "approve", list(range(1, 200)))


def test_audit_sample_review_records_the_outcome_and_missed_reason(
    mod, make_article, make_reader, post, keyword_moderation
):
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article, reader = make_article(), make_reader()
    kept = post(article, reader, "A fine remark.")
    wrong = post(article, reader, "A sneaky rude remark.")
    entry = actions.approve(mod, kept.pk)
    assert entry.action == "confirm_sample"
    actions.reject(mod, wrong.pk, "Rude.", "insult")
    samples = {s.comment_id: s for s in AuditSample.objects.all()}
    assert samples[kept.pk].outcome == "confirmed" and samples[kept.pk].reviewed_by == mod
    assert samples[wrong.pk].outcome == "rejected" and samples[wrong.pk].missed_reason == "insult"
    with pytest.raises(InvalidComment):
        actions.reject(mod, kept.pk, "x", "made_up_code")
    actions.undo_last(mod)
    assert AuditSample.objects.get(comment=wrong).outcome == "pending"
    assert Comment.objects.get(pk=wrong.pk).status == "published"


def test_keeping_a_reported_comment_resolves_its_reports_and_undo_reopens_them(
    mod, make_article, make_reader, post, keyword_moderation
):
    from masthead.comments import actions as comment_actions
    from masthead.comments.models import CommentReport

    article = make_article()
    comment = post(article, make_reader(), "A remark someone dislikes.")
    comment_actions.report_comment(comment, make_reader(), "abuse")
    actions.approve(mod, comment.pk)
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    actions.undo_last(mod)
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 1


def test_settings_change_policy_faq_sample_rate_and_article_modes_and_are_logged(
    lead, mod, make_article
):
    from masthead.comments.models import CommentsSettings
    from masthead.moderation.models import ModerationPolicy

    article = make_article()
    entry = actions.update_settings(
        lead,
        {
            "abuse_threshold": "0.5",
            "suspect_words": "bridge\ntoll",
            "shadow_mode": True,
            "premoderate_links": True,
        },
        audit_sample_rate="0.2",
        faq="Be kind, stay on topic.",
        article_modes={article.pk: "premoderated"},
    )
    policy = ModerationPolicy.load()
    assert policy.abuse_threshold == pytest.approx(0.5)
    assert policy.suspect_words == "bridge\ntoll"
    assert policy.shadow_mode is True and policy.premoderate_links
    assert WorkspaceSettings.load().audit_sample_rate == pytest.approx(0.2)
    assert CommentsSettings.load().faq == "Be kind, stay on topic."
    article.refresh_from_db()
    assert article.comments_mode == "premoderated"
    assert entry.action == "settings"
    assert entry.after["abuse_threshold"] == pytest.approx(0.5)
    assert entry.before["abuse_threshold"] is None
    with pytest.raises(InvalidComment):
        actions.update_settings(lead, {"abuse_threshold": "7"})
    with pytest.raises(InvalidComment):
        actions.update_settings(lead, {}, audit_sample_rate="lots")
    with pytest.raises(NotAllowed):
        actions.update_settings(mod, {"abuse_threshold": "0.5"})


def test_decisions_taken_outside_the_workspace_are_logged_once(mod, held):
    from masthead.comments import actions as comment_actions

    comment = held()
    comment_actions.reject_comment(comment, mod, "Off-topic (from the admin).")
    entries = list(AuditEntry.objects.filter(comment=comment, actor=mod))
    assert [(e.action, e.before, e.after["status"]) for e in entries] == [
        ("reject", {"status": "held"}, "rejected")
    ]
    assert entries[0].reason == "Off-topic (from the admin)."


def test_workspace_decisions_are_not_logged_twice(mod, held):
    comment = held()
    actions.approve(mod, comment.pk)
    assert AuditEntry.objects.filter(comment=comment, actor=mod).count() == 1


def test_admin_bulk_approve_is_in_the_audit_log(client, held):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("boss", "boss@example.org", "boss-pass-123")
    comment = held()
    client.force_login(admin)
    response = client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    assert response.status_code in (200, 302)
    comment.refresh_from_db()
    assert comment.status == "published"
    assert AuditEntry.objects.filter(comment=comment, actor=admin, action="approve").count() == 1


def test_the_admin_shows_the_audit_log_read_only(client, mod, held):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("boss2", "boss2@example.org", "boss-pass-123")
    comment = held()
    actions.approve(mod, comment.pk)
    client.force_login(admin)
    listing = client.get("/admin/dashboard/auditentry/")
    assert listing.status_code == 200 and "Approved by a moderator" in listing.content.decode()
    entry = AuditEntry.objects.get(action="approve")
    assert (
        client.post(f"/admin/dashboard/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
