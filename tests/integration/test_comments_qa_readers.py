"""Reader journeys checked by a QA review: what an author is told when a comment waits or is
not published, for every reason the checks can give."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client

from masthead.moderation import gateway
from masthead.moderation.core.types import REASONS, Verdict

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
GUEST = {"guest_name": "Gus", "guest_email": "gus@example.org"}
VERDICT = {"decision": "hold", "code": "threat"}


def verdict_moderator(comment):  # type: ignore[no-untyped-def]
    """The real gateway's outcome for one reason code, with scores and model versions."""
    code = VERDICT["code"]
    return gateway.to_outcome(
        Verdict(
            VERDICT["decision"],
            (code,),
            {"threat_of_violence": 0.913, "abuse": 0.456},
            {"abuse": "abuse-7"},
            enforced_reasons=(code,),
        )
    )


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _told(reason: str, text: str) -> None:
    """The reason is given once, in its own words, without the gateway's lead-in repeated and
    without scores, model versions or codes."""
    assert text.count(reason) == 1, text
    assert text.count("Your comment was not published") <= 1, text
    assert "waiting for a moderator" not in text.lower(), text
    for leak in ("0.913", "0.456", "abuse-7", "threat_of_violence"):
        assert leak not in text, text
    if "_" in VERDICT["code"]:
        assert VERDICT["code"] not in text, text


@pytest.fixture
def by_verdict(settings):  # type: ignore[no-untyped-def]
    settings.MASTHEAD = {
        **settings.MASTHEAD,
        "COMMENT_MODERATOR": f"{__name__}.verdict_moderator",
        "ALLOW_GUEST_COMMENTS": True,
    }


@pytest.mark.parametrize("decision", ["hold", "reject"])
@pytest.mark.parametrize("code", sorted(REASONS))
def test_an_author_is_told_each_reason_once_in_plain_words(
    by_verdict, make_article, make_reader, code, decision
):  # type: ignore[no-untyped-def]
    # Found by a QA review: the gateway's explanation begins "Your comment is waiting for a
    # moderator." / "Your comment was not published.", and the page, the post's answer and the
    # API put it after their own "Held for review." / "Your comment was not published." (a
    # guest read "Your comment was not published. Your comment was not published. ..."), while
    # a reader with an account was told no reason at once (nor heard one in the live region).
    VERDICT.update(code=code, decision=decision)
    reason = REASONS[code]
    article = make_article()
    reader = Client()
    reader.force_login(make_reader("Alice"))
    for client, extra in ((reader, {}), (Client(), GUEST)):
        url = f"/comments/article/{article.pk}/post/"
        body = client.post(url, {"text": "About the bridge.", **extra}, **FETCH).json()
        _told(reason, body["message"])
        _told(reason, _text(body["html"]))
        api = client.post(
            f"/api/articles/{article.pk}/comments",
            {"text": "About the bridge, again.", **extra},
            content_type="application/json",
        ).json()
        _told(reason, api["message"])
        assert api["comment"]["held_reason"] == reason
        page = client.get(
            client.post(url, {"text": "About the bridge, once more.", **extra})["Location"]
        ).content.decode()
        notice = re.search(r'class="comments__messages".*?</div>', page, re.S)
        assert notice is not None
        _told(reason, _text(notice.group(0)))
    for status in re.findall(r'class="comment__status.*?</div>', page, re.S):
        _told(reason, _text(status))


def test_the_threat_reason_reads_well_to_its_author(by_verdict, make_article, make_reader):  # type: ignore[no-untyped-def]
    VERDICT.update(code="threat", decision="hold")
    client = Client()
    client.force_login(make_reader("Alice"))
    article = make_article()
    body = client.post(
        f"/comments/article/{article.pk}/post/", {"text": "<b>I know</b>"}, **FETCH
    ).json()
    assert body["message"] == (
        "Your comment is held for review. Only you can see it until a moderator decides. "
        "It may read as a threat."
    )
    assert "<b>" not in body["html"] and "<p>I know</p>" in body["html"]
    assert _text(
        re.search(r'class="comment__status[^>]*>(.*?)</div>', body["html"], re.S).group(1)
    ) == (
        "Held for review. Only you can see this comment until a moderator decides. "
        "It may read as a threat. See our Comments FAQ ."
    )


def test_a_moderators_rejection_reason_is_shown_escaped_and_alone(
    by_verdict, make_article, make_reader, moderator_user
):  # type: ignore[no-untyped-def]
    from masthead.comments import actions

    VERDICT.update(code="threat", decision="hold")
    author = make_reader("Alice")
    client = Client()
    client.force_login(author)
    article = make_article()
    posted = client.post(f"/comments/article/{article.pk}/post/", {"text": "Hm."}, **FETCH)
    from masthead.comments.models import Comment

    comment = Comment.objects.get(pk=posted.json()["id"])
    actions.reject_comment(comment, moderator_user, "<script>x</script> Off topic.")
    page = client.get(article.get_absolute_url()).content.decode()
    status = re.search(r'class="comment__status.*?</div>', page, re.S).group(0)
    assert "&lt;script&gt;x&lt;/script&gt; Off topic." in status
    assert "threat" not in status


def test_a_form_sent_without_a_valid_csrf_token_gets_a_clear_page_with_the_text_kept(
    make_article, make_reader
):  # type: ignore[no-untyped-def]
    # Found by a QA review: a reader whose page sat open past a login elsewhere got Django's
    # bare "Forbidden (403) CSRF verification failed. Request aborted." and lost the comment.
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader("Alice"))
    article = make_article()
    text = "A long thought <script>alert(1)</script> about the bridge."
    response = client.post(f"/comments/article/{article.pk}/post/", {"text": text})
    assert response.status_code == 403
    page = response.content.decode()
    assert "CSRF verification failed" not in page
    assert '<h1 id="csrf-heading">Your form was not sent</h1>' in page
    assert "Nothing was saved." in page and "reload the page and try again" in page
    assert "<script>alert(1)</script>" not in page
    assert "A long thought &lt;script&gt;alert(1)&lt;/script&gt; about the bridge." in page
    assert 'class="skip-link"' in page  # the site's own page, with its navigation
    from masthead.comments.models import Comment

    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("max_links", "text", "message"),
    [
        (
            0,
            "See https://a.example",
            "Your comment has 1 link; links are not allowed here. Please remove it.",
        ),
        (
            0,
            "https://a.example https://b.example",
            "Your comment has 2 links; links are not allowed here. Please remove them.",
        ),
        (
            1,
            "https://a.example https://b.example",
            "Your comment has 2 links; at most 1 is allowed. Please remove one.",
        ),
        (
            2,
            "https://a.example https://b.example https://c.example https://d.example",
            "Your comment has 4 links; at most 2 are allowed. Please remove 2.",
        ),
    ],
)
def test_the_link_limit_message_reads_as_english(
    make_article, make_reader, masthead_settings, max_links, text, message
):  # type: ignore[no-untyped-def]
    # Found by a QA review: "Your comment has 1 links; at most 0 are allowed. Please remove some."
    masthead_settings(COMMENT_MAX_LINKS=max_links)
    client = Client()
    client.force_login(make_reader("Alice"))
    article = make_article()
    response = client.post(f"/comments/article/{article.pk}/post/", {"text": text}, **FETCH)
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "too_many_links",
        "message": message,
        "field": "text",
    }
    page = client.post(f"/comments/article/{article.pk}/post/", {"text": text})
    assert message in html_lib.unescape(page.content.decode())


def _retry_label(page: str) -> str:
    return _text(re.search(r'<label for="retry[^"]*-text">(.*?)</label>', page, re.S).group(1))


def test_a_refused_reply_without_javascript_still_names_whom_it_answers(
    make_article, make_reader, masthead_settings, post, use_moderator
):  # type: ignore[no-untyped-def]
    # Found by a QA review: the retry form's label read "Your reply to" and then nothing.
    use_moderator("tests.support.moderators.publish_all")
    masthead_settings(COMMENT_MAX_LINKS=0)
    article = make_article()
    top = post(article, make_reader("Zoë Ångström"), "Top.")
    client = Client()
    client.force_login(make_reader("Alice"))
    page = client.post(
        f"/comments/article/{article.pk}/post/",
        {"text": "See https://x.example", "parent_id": top.pk},
    ).content.decode()
    assert _retry_label(page) == "Your reply to Zoë Ångström"
    assert f'name="parent_id" value="{top.pk}"' in page
    assert "See https://x.example" in page


def test_a_reply_to_a_comment_held_meanwhile_can_be_posted_as_a_new_comment(
    make_article, make_reader, post, use_moderator, moderator_user
):  # type: ignore[no-untyped-def]
    # Found by a QA review: the retry form kept the unavailable parent, so posting again could
    # only fail the same way, and its label named no one.
    from masthead.comments import actions
    from masthead.comments.models import Comment

    use_moderator("tests.support.moderators.publish_all")
    article = make_article()
    top = post(article, make_reader("Zoë"), "Top.")
    actions.hold_comment(top, moderator_user)
    client = Client()
    client.force_login(make_reader("Alice"))
    url = f"/comments/article/{article.pk}/post/"
    response = client.post(url, {"text": "My answer.", "parent_id": top.pk})
    assert response.status_code == 404
    page = response.content.decode()
    assert "The comment you are replying to is not available." in page
    assert "post your text as a new comment" in page
    assert 'name="parent_id"' not in page and "Zoë" not in page
    assert _retry_label(page) == "Your comment"
    assert "My answer." in page
    token = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    again = client.post(url, {"text": "My answer.", "idempotency_key": token})
    assert again.status_code == 302
    assert Comment.objects.get(text="My answer.").parent_id is None


def test_opening_a_form_address_again_leads_back_to_the_comments_not_a_blank_page(
    make_article, make_reader, post
):  # type: ignore[no-untyped-def]
    # Found by a QA review: the answer page to a refused comment is at .../post/; opened again
    # from the history (or a copied address) it was an empty 405 page. Likewise .../like/.
    article = make_article()
    comment = post(article, make_reader("Zoë"), "Top.")
    for client in (Client(), Client()):
        response = client.get(f"/comments/article/{article.pk}/post/")
        assert response.status_code == 302
        assert response["Location"] == f"{article.get_absolute_url()}#comments"
        response = client.get(f"/comments/{comment.pk}/like/")
        assert response.status_code == 302
        assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
        client.force_login(make_reader())
    comment.refresh_from_db()
    assert comment.like_count == 0  # a GET never recommends


def test_an_author_is_not_offered_a_recommend_button_on_their_own_comment(
    make_article, make_reader, post
):  # type: ignore[no-untyped-def]
    # Found by a QA review: the button was there and could only fail ("You cannot recommend
    # your own comment.", in an alert box).
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    mine = post(article, alice, "Mine.")
    theirs = post(article, bob, "Theirs.")
    client = Client()
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'action="/comments/{mine.pk}/like/"' not in page
    assert f'action="/comments/{theirs.pk}/like/"' in page
    own = re.search(rf'id="comment-{mine.pk}".*?</article>', page, re.S).group(0)
    assert "0 recommendations" in _text(own)


@pytest.mark.parametrize(
    "name",
    [
        "Deleted comment",
        "deleted  COMMENT",
        "Comment not available",
        "Former Reader",
        "F0rmer reader",
    ],
)
def test_a_reader_cannot_take_a_name_the_page_shows_for_removed_comments(
    make_article, masthead_settings, name
):  # type: ignore[no-untyped-def]
    # Found by a QA review: a guest (or a reader signing up) could call themselves "Deleted
    # comment" and have their words appear under the page's own placeholder for a removed one.
    from masthead.comments import actions
    from masthead.comments.errors import CommentError
    from masthead.comments.models import Comment

    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    response = Client().post(
        f"/comments/article/{article.pk}/post/",
        {"text": "Hello.", "guest_name": name, "guest_email": "gus@example.org"},
        **FETCH,
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "guest_name"
    assert "removed comments" in response.json()["error"]["message"]
    assert not Comment.objects.exists()
    with pytest.raises(CommentError):
        actions.register_reader("someone@example.org", name, "correct-horse-battery-9")


def test_the_edit_page_past_the_edit_window_offers_no_save_button(
    make_article, make_reader, post, use_moderator
):  # type: ignore[no-untyped-def]
    # Found by a QA review: the author saw "This comment can no longer be edited." above a
    # text box and a "Save changes" button that could only fail (and lose what they typed).
    import datetime as dt

    from django.utils import timezone

    from masthead.comments.models import Comment

    use_moderator("tests.support.moderators.publish_all")
    author = make_reader("Alice")
    comment = post(make_article(), author, "The bridge should open before winter.")
    client = Client()
    client.force_login(author)
    open_page = client.get(f"/comments/{comment.pk}/edit/").content.decode()
    assert "Save changes" in open_page and "<textarea" in open_page
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    page = client.get(f"/comments/{comment.pk}/edit/").content.decode()
    assert "This comment can no longer be edited." in page
    assert "Save changes" not in page and "<textarea" not in page
    assert "The bridge should open before winter." in page
    assert f'href="{comment.article.get_absolute_url()}#comment-{comment.pk}"' in page


def test_the_faq_of_a_site_that_never_saved_its_settings_has_no_empty_date(client):  # type: ignore[no-untyped-def]
    # Found by a QA review: a new site's FAQ ended "Last updated ." with an empty <time>.
    html = client.get("/comments/faq/").content.decode()
    assert "Comments are moderated and generally will be posted" in html
    assert 'datetime=""' not in html and "Last updated ." not in html


def test_the_csrf_failure_page_gives_back_no_other_forms_fields(make_reader):  # type: ignore[no-untyped-def]
    # Found by a review of the session's diff: 403_csrf.html is the whole site's CSRF page
    # (login, sign-up, the dashboard, the admin), and it echoes only the comment form's `text`.
    # A login or sign-up refused by the check must not write the password back into the page.
    make_reader("Alice", email="alice@example.org")
    client = Client(enforce_csrf_checks=True)
    secret = "correct-horse-battery-staple-4471"
    for url in ("/accounts/login/", "/admin/login/"):
        response = client.post(
            url, {"username": "alice@example.org", "email": "alice@example.org", "password": secret}
        )
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "Your form was not sent" in page, url
        assert secret not in page and "alice@example.org" not in page, url
        assert 'id="csrf-text"' not in page, url
