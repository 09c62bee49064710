"""A second QA review of readers' comments: what a reader can post that the checks missed."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture(autouse=True)
def _publish_all(use_moderator):
    use_moderator("tests.support.moderators.publish_all")


def _api_post(client: Client, article, body: dict):  # type: ignore[no-untyped-def]
    return client.post(f"/api/articles/{article.pk}/comments", json.dumps(body), content_type=JSON)


def test_links_spelt_with_entities_count_towards_the_link_limit(make_article, make_reader):
    article = make_article()
    client = Client()
    client.force_login(make_reader("Alice"))
    text = "Buy here: " + " ".join(
        f"[shop {n}](https:&#x2F;&#x2F;spam{n}.example)" for n in range(3)
    )
    response = _api_post(client, article, {"text": text})
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "too_many_links"
    assert not Comment.objects.exists()


def test_a_scheme_relative_link_is_published_as_plain_text(make_article, make_reader):
    article = make_article()
    client = Client()
    client.force_login(make_reader("Alice"))
    response = _api_post(client, article, {"text": "See [my shop](//spam.example/buy)."})
    assert response.status_code == 201, response.content
    assert "spam.example" not in Comment.objects.get().html


@pytest.mark.parametrize("blank", ["\u200b\u200b\u200d", "\u202e \u3164"])
def test_a_comment_that_shows_nothing_is_refused_as_empty_on_the_form_and_the_api(
    make_article, make_reader, blank
):  # type: ignore[no-untyped-def]
    article = make_article()
    client = Client()
    client.force_login(make_reader("Alice"))
    response = _api_post(client, article, {"text": blank})
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "empty"
    page = client.post(f"/comments/article/{article.pk}/post/", {"text": blank})
    assert page.status_code == 400
    assert "Please write something before posting." in page.content.decode()
    assert not Comment.objects.exists()


def test_a_right_to_left_name_and_comment_keep_their_own_direction_on_the_page(
    client, make_article, make_reader, post
):  # type: ignore[no-untyped-def]
    # Without isolation an Arabic name pulls the neighbouring "Replying to" and the time into
    # its right-to-left run, and an Arabic comment ending in "!" showed it on the wrong side.
    article = make_article()
    root = post(article, make_reader("\u0645\u062d\u0645\u062f"), "\u0645\u0631\u062d\u0628\u0627!")
    post(article, make_reader("Bob"), "Welcome!", parent=root)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<bdi>\u0645\u062d\u0645\u062f</bdi></span>" in html  # the author of the root
    assert (
        f'Replying to <a href="#comment-{root.pk}"><bdi>\u0645\u062d\u0645\u062f</bdi></a>' in html
    )
    assert (
        '<div class="comment__body" dir="auto"><p>\u0645\u0631\u062d\u0628\u0627!</p></div>' in html
    )


@pytest.mark.parametrize("standing", ["banned", "suspended"])
def test_a_banned_or_suspended_reader_cannot_edit_a_comment_into_new_words(
    make_article, make_reader, post, moderator_user, standing
):  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    from masthead.comments import actions

    article = make_article()
    alice = make_reader("Alice")
    comment = post(article, alice, "A fair point about the bridge.")
    if standing == "banned":
        actions.ban_reader(alice, moderator_user)
    else:
        actions.suspend_reader(alice, moderator_user, timezone.now() + dt.timedelta(days=3))
    client = Client()
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/comments/{comment.pk}/edit/"' not in page
    response = client.patch(
        f"/api/comments/{comment.pk}", json.dumps({"text": "New words."}), content_type=JSON
    )
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == standing
    form = client.post(f"/comments/{comment.pk}/edit/", {"text": "New words."})
    assert form.status_code == 403
    comment.refresh_from_db()
    assert comment.text == "A fair point about the bridge."


def test_more_replies_under_a_deleted_comment_are_readable_on_the_page_and_the_api(
    make_article, make_reader, post, masthead_settings
):  # type: ignore[no-untyped-def]
    # The thread keeps a deleted comment as a placeholder above its replies and links "More
    # replies", but that page (and the API's replies) answered 404 for a deleted comment.
    import re

    from masthead.comments import actions, queries

    masthead_settings(COMMENT_RATE_PER_READER="100/60", COMMENT_RATE_PER_IP="100/60")
    article = make_article()
    alice = make_reader("Alice")
    top = post(article, alice, "Top.")
    bob = make_reader("Bob")
    for n in range(queries.REPLIES_SHOWN + 2):
        post(article, bob, f"Reply number {n}.", parent=top)
    actions.delete_comment(top, alice)
    client = Client()
    html = client.get(article.get_absolute_url()).content.decode()
    more = re.search(r'href="(/comments/\d+/replies/\?after=[^"]+)"', html)
    assert more is not None
    page = client.get(more.group(1).replace("&amp;", "&"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Reply number {queries.REPLIES_SHOWN + 1}." in text
    assert "More replies to a deleted comment" in text and "Alice" not in text
    api = client.get(f"/api/comments/{top.pk}/replies")
    assert api.status_code == 200
    assert len(api.json()["replies"]) == queries.REPLIES_SHOWN + 2


@pytest.mark.parametrize("decision", ["hold", "reject"])
def test_replies_to_a_comment_a_moderator_took_down_stay_under_a_placeholder(
    make_article, make_reader, post, moderator_user, decision
):  # type: ignore[no-untyped-def]
    # Holding or rejecting a comment made every published reply to it vanish (still counted in
    # "Comments (N)"), for everyone including the replies' authors.
    from masthead.comments import actions

    article = make_article()
    alice = make_reader("Alice")
    top = post(article, alice, "Words a moderator took down.")
    reply = post(article, make_reader("Bob"), "Bob answers here.", parent=top)
    if decision == "hold":
        actions.hold_comment(top, moderator_user)
    else:
        actions.reject_comment(top, moderator_user, "Personal details.")

    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Bob answers here." in html
    assert "This comment is not available." in html
    assert "Words a moderator took down." not in html and "Alice" not in html
    assert "Replying to <a" in html and "a comment that is not available</a>" in html

    body = Client().get(f"/api/articles/{article.pk}/comments").json()
    (thread,) = body["threads"]
    assert thread["comment"]["text"] == thread["comment"]["html"] == ""
    assert thread["comment"]["author"] == ""
    assert [r["id"] for r in thread["replies"]] == [reply.pk]
    assert thread["replies"][0]["replying_to"] == "a comment that is not available"
    assert Client().get(f"/api/comments/{top.pk}/replies").status_code == 200
    assert Client().get(f"/comments/{top.pk}/replies/").status_code == 200

    # Its author still sees it in full, once (in the thread, not again in the waiting list).
    author = Client()
    author.force_login(alice)
    own = author.get(article.get_absolute_url()).content.decode()
    assert own.count("Words a moderator took down.") == 1
    assert own.count(f'id="comment-{top.pk}"') == 1


def test_a_held_comment_nobody_answered_stays_out_of_the_thread(
    make_article, make_reader, post, moderator_user
):  # type: ignore[no-untyped-def]
    from masthead.comments import actions

    article = make_article()
    top = post(article, make_reader("Alice"), "Nobody answered this.")
    actions.hold_comment(top, moderator_user)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "not available" not in html and f"comment-{top.pk}" not in html
    assert Client().get(f"/comments/{top.pk}/replies/").status_code == 404


def test_every_comment_box_takes_the_configured_length_not_a_fixed_3000(
    make_article, make_reader, post, masthead_settings
):  # type: ignore[no-untyped-def]
    # Only the article page passed the setting; "more comments", "more replies", a refused
    # post and the edit page capped the box at 3000 characters (5000 allowed here).
    masthead_settings(COMMENT_MAX_LENGTH=5000)
    article = make_article()
    alice = make_reader("Alice")
    top = post(article, alice, "Top.")
    post(article, make_reader("Bob"), "A reply with its own reply form.", parent=top)
    client = Client()
    client.force_login(alice)
    pages = {
        "article": client.get(article.get_absolute_url()),
        "more comments": client.get(f"/comments/article/{article.pk}/"),
        "more replies": client.get(f"/comments/{top.pk}/replies/"),
        "refused post": client.post(f"/comments/article/{article.pk}/post/", {"text": ""}),
        "edit": client.get(f"/comments/{top.pk}/edit/"),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert 'maxlength="5000"' in html, name
        assert 'maxlength="3000"' not in html, name


def test_a_reply_e_mail_quotes_the_reply_as_written_not_as_html_entities(
    make_article, make_reader, post, mailoutbox, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    article = make_article()
    top = post(article, make_reader("Alice"), "Top.")
    with django_capture_on_commit_callbacks(execute=True):
        post(article, make_reader("Bob"), "Tom & Jerry agree: 5 < 6.", parent=top)
    (mail,) = mailoutbox
    assert "Tom & Jerry agree: 5 < 6." in mail.body
    assert "&amp;" not in mail.body and "&lt;" not in mail.body


def test_the_password_reset_subject_has_the_site_name_as_written(
    client, make_reader, mailoutbox, settings
):  # type: ignore[no-untyped-def]
    # The subject read "Reset your password on Smith &amp; Jones Gazette".
    settings.SITE_NAME = "Smith & Jones Gazette"
    reader = make_reader("Alice")
    client.post("/accounts/password-reset/", {"email": reader.email})
    (mail,) = mailoutbox
    assert mail.subject == "Reset your password on Smith & Jones Gazette"
    assert "Smith & Jones Gazette" in mail.body


def test_a_guests_own_held_comment_is_returned_in_full_not_as_a_placeholder(
    make_article, masthead_settings, use_moderator
):  # type: ignore[no-untyped-def]
    # The placeholder for withheld comments (27f4589) also blanked the comment a guest had just
    # posted, in the API's answer and the HTML the page's script inserts.
    use_moderator("tests.support.moderators.by_keyword")
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    guest = {"guest_name": "Gus", "guest_email": "gus@example.org"}
    client = Client()
    api = _api_post(client, article, {"text": "You idiot.", **guest}).json()
    assert api["comment"]["text"] == "You idiot." and api["comment"]["author"] == "Gus"
    fetched = client.post(
        f"/comments/article/{article.pk}/post/",
        {"text": "You idiot again.", **guest},
        HTTP_X_REQUESTED_WITH="fetch",
    ).json()
    assert "You idiot again." in fetched["html"] and "not available" not in fetched["html"]


def test_a_guest_whose_comment_is_held_is_told_why_at_once_and_not_that_they_can_see_it(
    make_article, masthead_settings, use_moderator
):  # type: ignore[no-untyped-def]
    # A guest has no account: the held comment is gone from their view once the page reloads,
    # yet they were told "Only you can see it", with no reason (the API's held_reason was
    # null, and the page without JavaScript showed none).
    use_moderator("tests.support.moderators.by_keyword")
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    guest = {"guest_name": "Gus", "guest_email": "gus@example.org"}
    client = Client()
    api = _api_post(client, article, {"text": "You idiot.", **guest}).json()
    assert api["comment"]["status"] == "held"
    assert api["comment"]["held_reason"] == "It may contain a personal insult."
    assert "It may contain a personal insult." in api["message"]
    assert "Only you can see" not in api["message"]
    fetched = client.post(
        f"/comments/article/{article.pk}/post/",
        {"text": "You idiot again.", **guest},
        HTTP_X_REQUESTED_WITH="fetch",
    ).json()
    assert "It may contain a personal insult." in fetched["message"]
    assert "Only you can see" not in fetched["message"] + fetched["html"]
    page = client.post(
        f"/comments/article/{article.pk}/post/",
        {"text": "You idiot, thrice.", **guest},
        follow=True,
    ).content.decode()
    assert "It will appear once a moderator approves it" in page
    assert "It may contain a personal insult." in page
    assert "Only you can see" not in page


@pytest.mark.parametrize("takedown", ["delete", "hold"])
def test_the_link_on_a_placeholder_leads_to_its_place_in_the_thread(
    make_article, make_reader, post, moderator_user, takedown
):  # type: ignore[no-untyped-def]
    # A deleted (or withheld) comment's placeholder links its time to /comments/N/, which was a
    # 404 for everyone but its author.
    from masthead.comments import actions

    article = make_article()
    alice = make_reader("Alice")
    top = post(article, alice, "Top.")
    post(article, make_reader("Bob"), "A reply.", parent=top)
    if takedown == "delete":
        actions.delete_comment(top, alice)
    else:
        actions.hold_comment(top, moderator_user)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert f'href="/comments/{top.pk}/"' in html
    response = Client().get(f"/comments/{top.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{top.pk}"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("O\u2019Brien", "O'Brien"),
        ("\u0938\u094d\u0935\u093e\u0924\u093f", "\u0938\u094d\u0935\u093e\u0924\u093f"),
        (
            "\u0414\u043c\u0438\u0442\u0440\u0438\u0439",
            "\u0414\u043c\u0438\u0442\u0440\u0438\u0439",
        ),
    ],
)
def test_a_reader_signs_up_with_a_phones_apostrophe_or_a_non_latin_name(client, typed, stored):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "reader@example.org",
            "display_name": typed,
            "password": "correct-horse-battery-9",
            "password_again": "correct-horse-battery-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[-600:]
    from masthead.comments.models import ReaderProfile

    assert ReaderProfile.objects.get().display_name == stored


def test_comments_of_a_story_taken_back_to_draft_are_not_served_anywhere(
    make_article, make_reader, post
):  # type: ignore[no-untyped-def]
    # The article page answers 404 once a story is back in draft, but its comments were still
    # served by their own addresses: "More replies", the permalink, the API's replies, likes.
    from masthead.articles.models import Article

    article = make_article()
    top = post(article, make_reader("Alice"), "Top.")
    post(article, make_reader("Bob"), "A reply.", parent=top)
    fan = make_reader("Fan")
    client = Client()
    client.force_login(fan)
    assert client.get(f"/comments/{top.pk}/replies/").status_code == 200
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(f"/comments/{top.pk}/replies/").status_code == 404
    assert client.get(f"/comments/{top.pk}/").status_code == 404
    assert client.get(f"/api/comments/{top.pk}/replies").status_code == 404
    assert client.post(f"/comments/{top.pk}/like/").status_code == 404
    assert client.post(f"/api/comments/{top.pk}/like").status_code == 404


def test_the_author_may_still_delete_a_comment_under_a_story_taken_back_to_draft(
    make_article, make_reader, post
):  # type: ignore[no-untyped-def]
    from masthead.articles.models import Article

    article = make_article()
    alice = make_reader("Alice")
    mine = post(article, alice, "Something I regret.")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    client = Client()
    client.force_login(alice)
    assert client.post(f"/comments/{mine.pk}/delete/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == Comment.Status.DELETED


def test_replies_to_a_comment_being_checked_again_after_an_edit_stay_in_the_thread(
    make_article, make_reader, post
):  # type: ignore[no-untyped-def]
    # A reader's edit sends a published comment back to "pending" while it is checked again;
    # its published replies vanished from the thread meanwhile.
    article = make_article()
    top = post(article, make_reader("Alice"), "Words being checked again.")
    post(article, make_reader("Bob"), "Bob answers here.", parent=top)
    Comment.objects.filter(pk=top.pk).update(status=Comment.Status.PENDING)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Bob answers here." in html
    assert "This comment is not available." in html
    assert "Words being checked again." not in html


def test_whether_an_author_may_edit_is_read_without_a_query_per_comment(
    make_article, make_reader, post, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    # The article page asks can_edit for each of the viewer's own comments; each asked the
    # database for the author's standing again, though the thread's query had loaded it.
    from masthead.comments import actions

    article = make_article()
    alice = make_reader("Alice")
    for n in range(3):
        post(article, alice, f"My point number {n}.")
    loaded = list(Comment.objects.filter(article=article).select_related("author__reader"))
    with django_assert_num_queries(0):
        assert all(actions.can_edit(c, alice) for c in loaded)
