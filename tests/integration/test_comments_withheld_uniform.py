"""Another reader's withheld comment (held, rejected or being checked again, kept in the thread
as a placeholder because it holds up published replies) shows one state to everyone but its
author (API QA follow-up, 2026-11-30). The API said `status: held/rejected/pending` and the page
a class such as `comment--rejected` while the words said only "not available": anyone could
read the moderation outcome of someone else's comment. Its author still sees their own status
and reason; moderators see it in full in the workspace."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from masthead.comments import actions
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

OUTCOMES = ["held", "rejected", "pending"]


@pytest.fixture(autouse=True)
def _publish_all(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator("tests.support.moderators.publish_all")


def _withhold(top: Comment, moderator, outcome: str) -> None:  # type: ignore[no-untyped-def]
    if outcome == "held":
        actions.hold_comment(top, moderator)
    elif outcome == "rejected":
        actions.reject_comment(top, moderator, "Personal details.")
    else:  # its author's edit, being checked again (what _revise leaves until the verdict)
        Comment.objects.filter(pk=top.pk).update(status="pending", edited_at=timezone.now())


@pytest.fixture
def withheld(make_article, make_reader, post, moderator_user, request):  # type: ignore[no-untyped-def]
    article = make_article()
    alice = make_reader("Alice")
    top = post(article, alice, "Words a moderator took down.")
    post(article, make_reader("Bob"), "Bob answers here.", parent=top)
    _withhold(top, moderator_user, request.param)
    return article, alice, Comment.objects.get(pk=top.pk)


def _other_readers(make_reader, moderator_user):  # type: ignore[no-untyped-def]
    signed_in = Client()
    signed_in.force_login(make_reader("Carol"))
    return {"anonymous": Client(), "another reader": signed_in}


@pytest.mark.parametrize("withheld", OUTCOMES, indirect=True)
def test_the_api_gives_others_one_withheld_state_whatever_the_outcome(
    withheld, make_reader, moderator_user
):  # type: ignore[no-untyped-def]
    article, _, top = withheld
    for who, client in _other_readers(make_reader, moderator_user).items():
        listed = client.get(f"/api/articles/{article.pk}/comments").json()
        (thread,) = listed["threads"]
        placeholder = thread["comment"]
        assert placeholder["id"] == top.pk
        assert placeholder["status"] == "withheld", (who, placeholder)
        assert placeholder["held_reason"] is None
        # an edit being checked again would otherwise tell "pending" from the others
        assert placeholder["edited_at"] is None, who
        assert placeholder["author"] == placeholder["text"] == placeholder["html"] == ""
        assert "withheld" not in {r["status"] for r in thread["replies"]}
        assert client.get(f"/api/comments/{top.pk}/replies").status_code == 200


@pytest.mark.parametrize("withheld", OUTCOMES, indirect=True)
def test_the_page_gives_others_one_withheld_state_whatever_the_outcome(
    withheld, make_reader, moderator_user
):  # type: ignore[no-untyped-def]
    article, _, top = withheld
    for who, client in _other_readers(make_reader, moderator_user).items():
        html = client.get(article.get_absolute_url()).content.decode()
        assert "This comment is not available." in html, who
        assert f'class="comment comment--withheld" data-comment="{top.pk}"' in html, who
        for outcome in OUTCOMES:
            assert f"comment--{outcome}" not in html, (who, outcome)
        replies = client.get(f"/comments/{top.pk}/replies/").content.decode()
        assert "a comment that is not available" in replies
        assert not any(f"comment--{outcome}" in replies for outcome in OUTCOMES), who


@pytest.mark.parametrize("withheld", OUTCOMES, indirect=True)
def test_the_author_still_sees_their_own_status_and_reason(withheld):  # type: ignore[no-untyped-def]
    article, alice, top = withheld
    author = Client()
    author.force_login(alice)
    (thread,) = author.get(f"/api/articles/{article.pk}/comments").json()["threads"]
    assert thread["comment"]["status"] == top.status
    assert thread["comment"]["text"] == "Words a moderator took down."
    assert thread["comment"]["held_reason"]
    html = author.get(article.get_absolute_url()).content.decode()
    assert f'class="comment comment--{top.status}" data-comment="{top.pk}"' in html


def test_the_page_cache_keeps_the_anonymous_placeholder_apart_from_the_authors_copy(
    make_article, make_reader, post, moderator_user
):  # type: ignore[no-untyped-def]
    article = make_article()
    alice = make_reader("Alice")
    top = post(article, alice, "Words a moderator took down.")
    post(article, make_reader("Bob"), "Bob answers here.", parent=top)
    actions.reject_comment(top, moderator_user, "Personal details.")
    author = Client()
    author.force_login(alice)
    url = f"/api/articles/{article.pk}/comments"
    # the author asks first: their copy must not be what visitors are served afterwards
    assert author.get(url).json()["threads"][0]["comment"]["status"] == "rejected"
    first, second = Client().get(url), Client().get(url)
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert response.json()["threads"][0]["comment"]["status"] == "withheld"
    assert author.get(url).json()["threads"][0]["comment"]["status"] == "rejected"
    page = article.get_absolute_url()
    assert "comment--rejected" in author.get(page).content.decode()
    Client().get(page)
    cached = Client().get(page)
    assert cached["X-Page-Cache"] == "hit"
    assert "comment--rejected" not in cached.content.decode()
    assert "comment--withheld" in cached.content.decode()
