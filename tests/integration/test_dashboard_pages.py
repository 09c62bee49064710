"""The workspace works without JavaScript: each decision is a form that posts and returns to
the queue; errors come back as a page with the message, never a traceback."""

from __future__ import annotations

import pytest

from masthead.comments.models import Comment, ReaderProfile
from masthead.dashboard.models import AuditEntry
from masthead.moderation.models import ModerationPolicy
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_approve_and_reject_forms_decide_and_return_to_the_queue(client, mod, held):
    first, second = held("idiot one"), held("idiot two")
    client.force_login(mod)
    back = "/moderation/queue/held/?sort=risk"
    response = client.post(f"/moderation/comments/{first.pk}/approve/", {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    response = client.post(
        f"/moderation/comments/{second.pk}/reject/", {"reason": "No insults, please."}
    )
    assert response.status_code == 302
    assert Comment.objects.get(pk=first.pk).status == "published"
    assert Comment.objects.get(pk=second.pk).rejection_reason == "No insults, please."


def test_a_reject_without_a_reason_is_a_400_page_with_the_message(client, mod, held):
    comment = held()
    client.force_login(mod)
    response = client.post(f"/moderation/comments/{comment.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "Please give a reason; the author will see it." in response.content.decode()


def test_next_must_stay_on_this_site(client, mod, held):
    comment = held()
    client.force_login(mod)
    response = client.post(
        f"/moderation/comments/{comment.pk}/approve/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/moderation/queue/held/"


def test_edit_page_edits_and_approves(client, mod, held):
    comment = held("You idiot, the bridge costs 40 million.")
    client.force_login(mod)
    page = client.get(f"/moderation/comments/{comment.pk}/edit/")
    assert (
        page.status_code == 200
        and "You idiot, the bridge costs 40 million." in page.content.decode()
    )
    response = client.post(
        f"/moderation/comments/{comment.pk}/edit/", {"text": "The bridge costs 40 million."}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "published" and comment.text == "The bridge costs 40 million."
    assert client.post(f"/moderation/comments/{comment.pk}/edit/", {"text": ""}).status_code == 400


def test_reader_forms_suspend_ban_trust_and_undo(client, mod, held):
    comment = held()
    client.force_login(mod)
    assert (
        client.post(f"/moderation/readers/{comment.author_id}/suspend/", {"days": "7"}).status_code
        == 302
    )
    assert ReaderProfile.objects.get(user_id=comment.author_id).is_suspended
    assert (
        client.post(
            f"/moderation/readers/{comment.author_id}/suspend/", {"days": "many"}
        ).status_code
        == 400
    )
    client.post(f"/moderation/readers/{comment.author_id}/trust/")
    assert ReaderProfile.objects.get(user_id=comment.author_id).trusted
    client.post("/moderation/undo/")
    assert not ReaderProfile.objects.get(user_id=comment.author_id).trusted
    assert client.post("/moderation/readers/1/explode/").status_code == 404


def test_bulk_form_approves_the_ticked_comments(client, mod, held):
    comments = [held(f"idiot {i}") for i in range(3)]
    client.force_login(mod)
    response = client.post(
        "/moderation/bulk/", {"action": "approve", "ids": [comments[0].pk, comments[2].pk]}
    )
    assert response.status_code == 302
    statuses = dict(
        Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("pk", "status")
    )
    assert statuses == {
        comments[0].pk: "published",
        comments[1].pk: "held",
        comments[2].pk: "published",
    }


def test_settings_form_saves_and_logs_and_rejects_bad_values(client, lead, make_article):
    article = make_article()
    client.force_login(lead)
    page = client.get("/moderation/settings/").content.decode()
    assert 'name="abuse_threshold"' in page and f'name="mode_{article.pk}"' in page
    response = client.post(
        "/moderation/settings/",
        {
            "abuse_threshold": "0.65",
            "abuse_threshold_trusted": "0.8",
            "banned_words_hold": "scum\nvermin",
            "premoderate_new_readers": "on",
            "shadow_mode": "on",
            "audit_sample_rate": "0.1",
            "faq": "Stay on topic and be kind.",
            f"mode_{article.pk}": "closed",
        },
    )
    assert response.status_code == 302
    policy = ModerationPolicy.load()
    assert policy.abuse_threshold == pytest.approx(0.65)
    assert policy.banned_words_hold == "scum\nvermin"
    assert policy.premoderate_new_readers and policy.shadow_mode is True
    article.refresh_from_db()
    assert article.comments_mode == "closed"
    assert AuditEntry.objects.filter(action="settings", actor=lead).count() == 1
    bad = client.post("/moderation/settings/", {"abuse_threshold": "2", "faq": "x"})
    assert bad.status_code == 400 and "between 0 and 1" in bad.content.decode()
    assert ModerationPolicy.load().abuse_threshold == pytest.approx(0.65)


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("abuse_threshold", "0,7", '"Abusive language" must be a number between 0 and 1'),
        ("abuse_threshold_trusted", "1.5", '"Abusive language, trusted readers" must be between'),
        ("off_topic_threshold", "high", '"Off-topic" must be a number'),
        ("spam_threshold", "-1", '"Spam" must be between 0 and 1'),
        ("max_links", "two", '"Most links allowed" must be a whole number'),
        ("max_links", "99", '"Most links allowed" must be from 0 to 50'),
    ],
)
def test_settings_errors_name_the_field_as_the_form_labels_it(client, lead, field, typed, expected):
    import html

    client.force_login(lead)
    response = client.post("/moderation/settings/", {field: typed, "faq": "Be kind."})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    label = expected.split('"')[1]
    assert f">{label}</label>" in page  # the box the message names is on the page
    alert = page.split('role="alert"', 1)[1].split(">", 1)[1].split("</p>", 1)[0]
    assert expected in alert and field not in alert


def test_pages_need_post_for_changes(client, mod, held):
    comment = held()
    client.force_login(mod)
    assert client.get(f"/moderation/comments/{comment.pk}/approve/").status_code == 405
    assert client.get("/moderation/undo/").status_code == 405


def test_settings_form_edits_the_comments_closing_schedule(client, lead):
    from masthead.comments.models import CommentsSettings

    client.force_login(lead)
    response = client.post("/moderation/settings/", {"close_after_days": "14", "faq": "Be kind."})
    assert response.status_code == 302
    assert CommentsSettings.load().close_after_days == 14
    assert AuditEntry.objects.filter(
        action="settings", reason__contains="close_after_days"
    ).exists()
    bad = client.post("/moderation/settings/", {"close_after_days": "soon", "faq": "Be kind."})
    assert bad.status_code == 400 and "whole number of days" in bad.content.decode()
    assert CommentsSettings.load().close_after_days == 14
