"""Taking down a published comment nobody reported: from the comment's own page in the
workspace ("Find a comment" by number or link), one decision with a reason the author sees,
logged like any rejection and counted as a moderator's reversal, not an automatic verdict."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from masthead.comments.models import Comment
from masthead.dashboard import actions, stats
from masthead.dashboard.models import AuditEntry, AuditSample
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_article, make_reader, post, keyword_moderation, settings):  # type: ignore[no-untyped-def]
    # No random audit sample (5 % of published comments by default): a takedown of a sampled
    # comment is also its review, logged with "[other]", which failed the first test at random
    # (the tests that want a sample make one).
    settings.MASTHEAD = {**settings.MASTHEAD, "AUDIT_SAMPLE_RATE": 0.0}

    def make(text: str = "Published, and should not be: her address is 4 Elm Road."):  # type: ignore[no-untyped-def]
        comment = post(make_article(), make_reader(), text)
        assert comment.status == "published"
        return comment

    return make


def test_a_moderator_finds_a_comment_by_its_link_and_takes_it_down_with_a_reason(
    client, mod, published
):
    comment = published()
    client.force_login(mod)
    link = f"https://news.example.org{comment.article.get_absolute_url()}#comment-{comment.pk}"
    found = client.get("/moderation/comments/", {"q": link})
    assert found.status_code == 302
    assert found["Location"] == f"/moderation/comments/{comment.pk}/"
    page = client.get(found["Location"]).content.decode()
    assert "Published, and should not be" in page
    assert f'action="/moderation/comments/{comment.pk}/take-down/"' in page

    response = client.post(
        f"/moderation/comments/{comment.pk}/take-down/", {"reason": "  Personal details.  "}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert comment.rejection_reason == "Personal details."
    entry = AuditEntry.objects.get(comment=comment, actor=mod)
    assert entry.action == AuditEntry.Action.REJECT
    assert entry.actor_name == "mod"
    assert entry.reason == "Taken down: Personal details."
    assert entry.before["status"] == "published" and entry.after["status"] == "rejected"
    # The comment's page now shows it removed, with its history, and no takedown form.
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert "Taken down: Personal details." in page and "take-down/" not in page
    # Undo puts it back, as after any decision.
    actions.undo_last(mod)
    assert Comment.objects.get(pk=comment.pk).status == "published"


def test_find_a_comment_takes_a_number_or_a_permalink_and_says_what_is_wrong(
    client, mod, published
):
    comment = published()
    client.force_login(mod)
    for given in (str(comment.pk), f"no. {comment.pk}", f"/comments/{comment.pk}/"):
        response = client.get("/moderation/comments/", {"q": given})
        assert response["Location"] == f"/moderation/comments/{comment.pk}/", given
    response = client.get("/moderation/comments/", {"q": "the one about the bridge"})
    assert response.status_code == 400
    assert "a comment&#x27;s number" in response.content.decode()
    response = client.get("/moderation/comments/", {"q": "999999"})
    assert response.status_code == 404
    assert "There is no comment no. 999999." in response.content.decode()
    assert client.get("/moderation/comments/999999/").status_code == 404
    assert client.post("/moderation/comments/999999/take-down/", {"reason": "x"}).status_code == 404


def test_a_takedown_needs_a_reason_400_and_changes_nothing(client, mod, published):
    comment = published()
    client.force_login(mod)
    response = client.post(f"/moderation/comments/{comment.pk}/take-down/", {"reason": "   "})
    assert response.status_code == 400
    assert "Please give a reason; the author will see it." in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == "published"
    assert not AuditEntry.objects.filter(actor=mod).exists()


def test_a_comment_already_removed_gets_409_naming_who(client, mod, make_staff, published):
    comment = published()
    actions.take_down(make_staff("other", "Moderators"), comment.pk, "Doxxing.")
    client.force_login(mod)
    response = client.post(f"/moderation/comments/{comment.pk}/take-down/", {"reason": "Rude."})
    assert response.status_code == 409
    assert "other already removed this comment" in response.content.decode()
    comment.refresh_from_db()
    assert comment.rejection_reason == "Doxxing."
    assert not AuditEntry.objects.filter(actor=mod).exists()


def test_a_held_comment_is_not_taken_down_but_decided_in_its_queue(client, mod, held):
    comment = held()
    client.force_login(mod)
    response = client.post(f"/moderation/comments/{comment.pk}/take-down/", {"reason": "Rude."})
    assert response.status_code == 409
    assert "not published" in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == "held"


@pytest.mark.parametrize("group", ["Editors", None])
def test_only_a_moderator_may_take_down_403(client, make_staff, published, group):
    comment = published()
    client.force_login(make_staff("someone", group))
    response = client.post(f"/moderation/comments/{comment.pk}/take-down/", {"reason": "No."})
    assert response.status_code == 403
    response = client.post(
        f"/api/moderation/comments/{comment.pk}/take-down",
        {"reason": "No."},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == "published"


def test_a_takedown_without_the_csrf_token_is_refused_and_with_it_works(mod, published):
    comment = published()
    client = Client(enforce_csrf_checks=True)
    client.force_login(mod)
    url = f"/moderation/comments/{comment.pk}/take-down/"
    assert client.post(url, {"reason": "Rude."}).status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == "published"
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(url, {"reason": "Rude.", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == "rejected"


def test_the_api_takes_down_with_the_same_action(mod, published):
    comment = published()
    client = Client(enforce_csrf_checks=True)
    client.force_login(mod)
    client.get("/moderation/comments/")
    token = client.cookies["csrftoken"].value
    url = f"/api/moderation/comments/{comment.pk}/take-down"
    response = client.post(
        url, {"reason": ""}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"
    response = client.post(
        url, {"reason": "Rude."}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200
    assert response.json()["entries"][0]["before"]["status"] == "published"
    response = client.post(
        url, {"reason": "Rude."}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_removed"


def test_a_takedown_counts_as_a_moderators_reversal_not_an_automatic_decision(
    client, mod, published
):
    comment = published()
    before = stats.compute(1)
    actions.take_down(mod, comment.pk, "Personal details.")
    after = stats.compute(1)
    # The checks published it: that stays their decision, counted once; nothing automatic
    # rejected it, and it was never held, so it is no held-queue decision or time in queue.
    assert after.total.auto_published == before.total.auto_published == 1
    assert after.total.auto_rejected == 0
    assert after.total.counts == before.total.counts
    assert after.total.queue_minutes == []
    # The audit log lists it among moderators' decisions, not automatic ones.
    client.force_login(mod)
    human = client.get("/moderation/audit/", {"action": "human"}).content.decode()
    automatic = client.get("/moderation/audit/", {"action": "automatic"}).content.decode()
    assert "Taken down: Personal details." in human
    assert "Taken down: Personal details." not in automatic


def test_a_takedown_of_a_comment_waiting_in_the_audit_sample_is_its_review(client, mod, published):
    comment = published()
    AuditSample.objects.get_or_create(comment_id=comment.pk)
    actions.take_down(mod, comment.pk, "Personal details.")
    sample = AuditSample.objects.get(comment_id=comment.pk)
    assert (sample.outcome, sample.missed_reason, sample.reviewed_by) == ("rejected", "other", mod)
    counts = stats.compute(1).total.counts
    assert (counts.sample_reviewed, counts.sample_rejected) == (1, 1)


def test_a_takedown_settles_open_reports(client, mod, published, make_reader):
    comment = published()
    reporter = Client()
    reporter.force_login(make_reader("Reporter"))
    reporter.post(f"/comments/{comment.pk}/report/", {"reason": "other", "note": "doxxing"})
    assert comment.reports.filter(resolved_at__isnull=True).exists()
    entry = actions.take_down(mod, comment.pk, "Personal details.")
    assert entry.before["open_reports"] and not entry.after["open_reports"]
    assert not comment.reports.filter(resolved_at__isnull=True).exists()


def test_undo_of_a_takedown_restores_its_reason_reports_and_audit_sample(
    client, mod, published, make_article, make_reader, post
):
    # Review of the session's diff: the first test checked only the status after Undo.
    article = make_article()
    parent = post(article, make_reader("Parent"), "A fair point about the bridge.")
    comment = post(article, make_reader("Author"), "Published, and should not be.", parent=parent)
    assert comment.status == "published"
    AuditSample.objects.get_or_create(comment_id=comment.pk)
    reporter = Client()
    reporter.force_login(make_reader("Reporter"))
    reporter.post(f"/comments/{comment.pk}/report/", {"reason": "other", "note": "doxxing"})
    actions.take_down(mod, comment.pk, "Personal details.")
    assert Comment.objects.get(pk=parent.pk).reply_count == 0

    [undo] = actions.undo_last(mod)
    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason) == ("published", "")
    assert Comment.objects.get(pk=parent.pk).reply_count == 1
    assert comment.reports.filter(resolved_at__isnull=True).count() == 1
    sample = AuditSample.objects.get(comment_id=comment.pk)
    assert (sample.outcome, sample.missed_reason, sample.reviewed_by) == ("pending", "", None)
    assert undo.action == AuditEntry.Action.UNDO
    assert AuditEntry.objects.get(pk=undo.undoes_id).undone_at is not None
    # Back where it waited, and counted again as an unreviewed sample.
    client.force_login(mod)
    assert (
        "Published, and should not be."
        in client.get("/moderation/queue/reported/").content.decode()
    )
    assert (
        "Published, and should not be." in client.get("/moderation/queue/sample/").content.decode()
    )
    assert stats.compute(1).total.counts.sample_reviewed == 0
    # The comment's page offers the takedown again.
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert f'action="/moderation/comments/{comment.pk}/take-down/"' in page


def test_takedowns_share_the_moderators_rate_limit_on_the_page_and_the_api(
    mod, published, masthead_settings
):
    masthead_settings(MODERATION_ACTION_RATE="2/60")
    first, second, third = published(), published("Another one."), published("And a third.")
    client = Client()
    client.force_login(mod)
    assert (
        client.post(f"/moderation/comments/{first.pk}/take-down/", {"reason": "No."}).status_code
        == 302
    )
    response = client.post(
        f"/api/moderation/comments/{second.pk}/take-down",
        {"reason": "No."},
        content_type="application/json",
    )
    assert response.status_code == 200
    response = client.post(
        f"/api/moderation/comments/{third.pk}/take-down",
        {"reason": "No."},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    response = client.post(f"/moderation/comments/{third.pk}/take-down/", {"reason": "No."})
    assert response.status_code == 429
    assert "faster than the workspace allows" in response.content.decode()
    assert int(response["Retry-After"]) > 0  # as on the other pages' 429
    assert Comment.objects.get(pk=third.pk).status == "published"


def test_a_comment_still_being_checked_is_not_sent_to_a_queue_it_is_not_in(client, mod, published):
    # Review of the session's diff: a comment being checked (just posted, or edited by its
    # author) is in no queue until its verdict, or until five minutes pass (then Held); the
    # 409 and the comment's page told the moderator to decide it in the queues.
    comment = published()
    Comment.objects.filter(pk=comment.pk).update(status="pending")
    client.force_login(mod)
    response = client.post(f"/moderation/comments/{comment.pk}/take-down/", {"reason": "Rude."})
    assert response.status_code == 409
    page = response.content.decode()
    assert "is being checked" in page
    assert "decide it there" not in page
    assert "waits for a decision" not in page
    assert Comment.objects.get(pk=comment.pk).status == "pending"
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert "is being checked" in page and "waits for a decision" not in page
