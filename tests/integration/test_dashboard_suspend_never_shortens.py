"""A second suspension never shortens the first (QA walk, 2026-11-30): suspending a reader who is
already suspended for longer set now + N days and silently cut the first suspension short. Now
the later end is kept, and the moderator's message, the API's answer and the audit log say so; a
suspension that ends later than the running one still extends it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.models import ReaderProfile
from masthead.dashboard import actions
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _until(reader_id: int) -> dt.datetime:
    return ReaderProfile.objects.get(user_id=reader_id).suspended_until


def test_a_shorter_second_suspension_keeps_the_longer_one_and_says_so(client, mod, held):
    reader_id = held().author_id
    actions.suspend(mod, reader_id, 30)
    first_end = _until(reader_id)
    client.force_login(mod)
    response = client.post(f"/moderation/readers/{reader_id}/suspend/", {"days": "3"})
    assert response.status_code == 302
    assert _until(reader_id) == first_end  # not cut to 3 days
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Not shortened: this reader is already suspended until ")
    entry = AuditEntry.objects.filter(action="suspend").latest("id")
    assert entry.before["suspended_until"] == entry.after["suspended_until"]
    assert entry.reason.startswith("Suspended for 3 days; not shortened: already suspended until ")


def test_the_api_keeps_the_longer_suspension_and_says_so(client, mod, held):
    reader_id = held().author_id
    actions.suspend(mod, reader_id, 30)
    first_end = _until(reader_id)
    client.force_login(mod)
    response = client.post(
        f"/api/moderation/readers/{reader_id}/suspend",
        {"days": 1, "reason": "Spam again"},
        content_type="application/json",
        headers={"X-CSRFToken": "x"},
    )
    assert response.status_code == 200
    assert response.json()["message"].startswith("Not shortened:")
    assert _until(reader_id) == first_end
    [entry] = response.json()["entries"]
    assert entry["reason"].startswith("Spam again (not shortened: already suspended until ")


def test_a_longer_second_suspension_extends_the_first(mod, held):
    reader_id = held().author_id
    actions.suspend(mod, reader_id, 3)
    actions.suspend(mod, reader_id, 30)
    assert _until(reader_id) - timezone.now() > dt.timedelta(days=29)
    assert (
        AuditEntry.objects.filter(action="suspend").latest("id").reason == "Suspended for 30 days"
    )


def test_an_ended_suspension_does_not_count(mod, held):
    reader_id = held().author_id
    reader = ReaderProfile.objects.get(user_id=reader_id).user
    comment_actions.suspend_reader(reader, mod, timezone.now() - dt.timedelta(days=1))
    actions.suspend(mod, reader_id, 2)
    assert _until(reader_id) > timezone.now() + dt.timedelta(days=1)


def test_undoing_the_longer_suspension_after_a_kept_one_is_refused(mod, make_staff, held):
    """Undoing the first would leave the reader unsuspended, against the colleague's 3 days."""
    from masthead.comments.errors import Conflict

    reader_id = held().author_id
    actions.suspend(mod, reader_id, 30)
    first_end = _until(reader_id)
    actions.suspend(make_staff("mod2", "Moderators"), reader_id, 3)
    with pytest.raises(Conflict, match="acted on reader"):
        actions.undo_last(mod)
    assert _until(reader_id) == first_end
