"""A comment's own page in the workspace (/moderation/comments/N/): where it sends a moderator
to decide a held comment, and the Undo that "Taken down ... Press Undo to reverse it" names.
Found by walking the workspace as a moderator on 2026-11-30."""

from __future__ import annotations

import pytest

from masthead.comments.models import Comment
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

UNDO_FORM = 'action="/moderation/undo/"'


def test_a_pre_moderated_comment_links_to_the_pre_moderated_queue_where_it_waits(
    client, mod, make_article, make_reader, post, held, keyword_moderation
):
    premod = make_article(comments_mode="premoderated")
    waiting = post(premod, make_reader(), "Looking forward to it.")
    assert waiting.status == "held"
    ordinary = held("You idiot, read the report.")
    client.force_login(mod)

    page = client.get(f"/moderation/comments/{waiting.pk}/").content.decode()
    link = f'href="/moderation/queue/premoderated/?article={premod.pk}"'
    assert link in page
    # ... and the queue behind the link shows it (Held does not).
    queue = client.get(f"/moderation/queue/premoderated/?article={premod.pk}").content.decode()
    assert f'id="item-{waiting.pk}"' in queue

    page = client.get(f"/moderation/comments/{ordinary.pk}/").content.decode()
    assert f'href="/moderation/queue/held/?article={ordinary.article_id}"' in page


def test_after_a_takedown_the_comment_page_has_the_undo_its_message_names(
    client, mod, make_article, make_reader, post, keyword_moderation, settings
):
    settings.MASTHEAD = {**settings.MASTHEAD, "AUDIT_SAMPLE_RATE": 0.0}
    comment = post(make_article(), make_reader(), "Her address is 4 Elm Road, go and see her.")
    assert comment.status == "published"
    client.force_login(mod)
    url = f"/moderation/comments/{comment.pk}/"
    assert UNDO_FORM not in client.get(url).content.decode()  # nothing of theirs to undo yet

    taken = client.post(f"{url}take-down/", {"reason": "Personal details."}, follow=True)
    page = taken.content.decode()
    assert "Press Undo to reverse it" in page
    assert UNDO_FORM in page

    undone = client.post("/moderation/undo/", {"next": url})
    assert undone.status_code == 302 and undone["Location"] == url
    assert Comment.objects.get(pk=comment.pk).status == "published"
    # Nothing left of theirs on this comment: no Undo (it would reverse something else).
    assert UNDO_FORM not in client.get(url).content.decode()


def test_the_undo_is_not_offered_on_a_comment_the_last_decision_was_not_about(
    client, mod, held, keyword_moderation
):
    first = held("You idiot, one.")
    second = held("You idiot, two.")
    client.force_login(mod)
    client.post(f"/moderation/comments/{first.pk}/approve/")
    assert UNDO_FORM in client.get(f"/moderation/comments/{first.pk}/").content.decode()
    assert UNDO_FORM not in client.get(f"/moderation/comments/{second.pk}/").content.decode()
