"""Comments on the article page and the form endpoints, with and without JavaScript."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from masthead.comments import actions
from masthead.comments.models import Comment
from tests.support.comment_fixtures import READER_PASSWORD

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def logged_in(user, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def csrf_token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_article_page_shows_comments_heading_policy_and_faq_link(client, make_article):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert 'id="comments-heading"' in html
    assert (
        "Comments are moderated and generally will be posted if they are on-topic and not abusive."
        in html
    )
    assert "For more information, please see our" in html
    assert 'href="/comments/faq/">Comments FAQ</a>' in html


def test_anonymous_reader_is_invited_to_log_in_not_shown_a_form(client, make_article):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "create a free account" in html
    assert 'name="text"' not in html


def test_threads_show_replies_with_replying_to(make_article, make_reader, post):
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    top = post(article, alice, "First thought on the bridge.")
    post(article, bob, "I see it differently.", parent=top)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "First thought on the bridge." in html
    assert "I see it differently." in html
    assert re.search(r"Replying to <a [^>]*><bdi>Alice</bdi></a>", html)


def test_post_without_javascript_redirects_back_to_the_new_comment(make_article, make_reader):
    article = make_article()
    client = logged_in(make_reader())
    response = client.post(f"/comments/article/{article.pk}/post/", {"text": "Well reported."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert "Well reported." in client.get(response["Location"]).content.decode()


def test_post_with_javascript_returns_the_rendered_comment(make_article, make_reader):
    article = make_article()
    response = logged_in(make_reader()).post(
        f"/comments/article/{article.pk}/post/", {"text": "Via fetch."}, **FETCH
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "published"
    assert "Via fetch." in body["html"] and f'id="comment-{body["id"]}"' in body["html"]


def test_the_fetch_answer_carries_the_headings_count_which_a_held_comment_leaves_alone(
    make_article, make_reader, post
):
    """The page adds the comment in place, so it needs the count of published comments to
    show in the "Comments (N)" heading: a published one counts, a held one does not."""
    article = make_article()
    post(article, make_reader("Alice"), "Already here.")
    client = logged_in(make_reader("Bob"))
    url = f"/comments/article/{article.pk}/post/"
    client.get(article.get_absolute_url())  # the count is remembered (page cache) before
    published = client.post(url, {"text": "Well reported."}, **FETCH).json()
    assert (published["status"], published["total"]) == ("published", 2)
    held = client.post(url, {"text": "What an idiot."}, **FETCH).json()
    assert (held["status"], held["total"]) == ("held", 2)


def test_reply_form_posts_a_reply(make_article, make_reader, post):
    article = make_article()
    top = post(article, make_reader("Alice"), "Top.")
    client = logged_in(make_reader("Bob"))
    client.post(f"/comments/article/{article.pk}/post/", {"text": "Reply!", "parent_id": top.pk})
    reply = Comment.objects.get(text="Reply!")
    assert reply.parent_id == top.pk


def test_held_comment_shows_its_reason_and_faq_link_to_its_author_only(make_article, make_reader):
    article = make_article()
    author = make_reader("Alice")
    client = logged_in(author)
    response = client.post(f"/comments/article/{article.pk}/post/", {"text": "What an idiot."})
    html = client.get(response["Location"]).content.decode()
    assert "Held for review" in html
    assert "It may contain a personal insult." in html
    assert "What an idiot." in html
    for other in (Client(), logged_in(make_reader("Bob"))):
        other_html = other.get(article.get_absolute_url()).content.decode()
        assert "What an idiot." not in other_html
        assert "It may contain a personal insult." not in other_html


def test_held_message_over_fetch_says_held_for_review(make_article, make_reader):
    article = make_article()
    body = (
        logged_in(make_reader())
        .post(f"/comments/article/{article.pk}/post/", {"text": "idiot"}, **FETCH)
        .json()
    )
    assert body["status"] == "held"
    assert "held for review" in body["message"]
    assert "It may contain a personal insult." in body["html"]


def test_csrf_is_enforced_on_posting(make_article, make_reader):
    article = make_article()
    client = logged_in(make_reader(), csrf=True)
    url = f"/comments/article/{article.pk}/post/"
    assert client.post(url, {"text": "no token"}).status_code == 403
    token = csrf_token(client, article.get_absolute_url())
    assert client.post(url, {"text": "with token", "csrfmiddlewaretoken": token}).status_code == 302
    assert Comment.objects.filter(text="with token").exists()
    assert not Comment.objects.filter(text="no token").exists()


def test_too_long_comment_is_refused_and_the_text_kept(
    make_article, make_reader, masthead_settings
):
    masthead_settings(COMMENT_MAX_LENGTH=50)
    article = make_article()
    text = "A long thought about the bridge. " * 3
    response = logged_in(make_reader()).post(
        f"/comments/article/{article.pk}/post/", {"text": text}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "the limit is 50" in html
    assert text.strip() in html  # the typed text is in the textarea again
    assert not Comment.objects.exists()


def test_too_many_links_is_refused(make_article, make_reader, masthead_settings):
    masthead_settings(COMMENT_MAX_LINKS=1)
    article = make_article()
    response = logged_in(make_reader()).post(
        f"/comments/article/{article.pk}/post/",
        {"text": "See https://a.example and www.b.example"},
        **FETCH,
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_many_links"


def test_empty_comment_is_refused_with_a_clear_message(make_article, make_reader):
    response = logged_in(make_reader()).post(
        f"/comments/article/{make_article().pk}/post/", {"text": "   "}, **FETCH
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Please write something before posting."


def test_honeypot_filled_in_is_refused(make_article, make_reader):
    response = logged_in(make_reader()).post(
        f"/comments/article/{make_article().pk}/post/",
        {"text": "Buy cheap", "website": "http://spam.example"},
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_per_reader_rate_limit_answers_429_with_retry_after(
    make_article, make_reader, masthead_settings
):
    masthead_settings(COMMENT_RATE_PER_READER="2/60", COMMENT_RATE_PER_IP="100/60")
    article = make_article()
    client = logged_in(make_reader())
    url = f"/comments/article/{article.pk}/post/"
    for n in range(2):
        assert client.post(url, {"text": f"comment {n}"}).status_code == 302
    response = client.post(url, {"text": "one too many"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "one too many" in response.content.decode()


def test_per_ip_rate_limit_applies_across_readers(make_article, make_reader, masthead_settings):
    masthead_settings(COMMENT_RATE_PER_READER="100/60", COMMENT_RATE_PER_IP="2/60")
    article = make_article()
    url = f"/comments/article/{article.pk}/post/"
    for n in range(2):
        assert logged_in(make_reader()).post(url, {"text": f"c{n}"}).status_code == 302
    response = logged_in(make_reader()).post(url, {"text": "third"}, **FETCH)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert response.json()["error"]["code"] == "rate_limited"


def test_sanitiser_strips_scripts_event_handlers_and_javascript_links(
    make_article, make_reader, post
):
    article = make_article()
    comment = post(
        article,
        make_reader(),
        '<script>alert(1)</script> <img src=x onerror="alert(2)"> '
        "[click](javascript:alert(3)) *fine* and [a site](https://example.org)",
    )
    html = comment.html
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "<img" not in html
    assert "javascript:" not in html
    assert "<em>fine</em>" in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html and 'href="https://example.org"' in html
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page


def test_markdown_quote_and_strong_are_kept(make_article, make_reader, post):
    comment = post(make_article(), make_reader(), "> quoted\n\n**strong** words")
    assert "<blockquote>" in comment.html and "<strong>strong</strong>" in comment.html


def test_edit_page_saves_and_remoderates(make_article, make_reader, post):
    reader = make_reader()
    comment = post(make_article(), reader, "Original words.")
    client = logged_in(reader)
    assert "Original words." in client.get(f"/comments/{comment.pk}/edit/").content.decode()
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "Changed, idiot."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "held" and comment.text == "Changed, idiot."


def test_edit_after_the_window_is_refused_with_the_text_kept(make_article, make_reader, post):
    reader = make_reader()
    comment = post(make_article(), reader)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    response = logged_in(reader).post(f"/comments/{comment.pk}/edit/", {"text": "Too late words"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "that time has passed" in html and "Too late words" in html


def test_someone_elses_comment_cannot_be_edited_or_deleted(make_article, make_reader, post):
    comment = post(make_article(), make_reader())
    client = logged_in(make_reader())
    assert client.post(f"/comments/{comment.pk}/edit/", {"text": "x"}).status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403


def test_delete_keeps_replies_under_a_placeholder(make_article, make_reader, post):
    article = make_article()
    alice = make_reader("Alice")
    top = post(article, alice, "Soon gone.")
    post(article, make_reader("Bob"), "Still here.", parent=top)
    assert logged_in(alice).post(f"/comments/{top.pk}/delete/").status_code == 302
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Soon gone." not in html
    assert "This comment was deleted." in html and "Still here." in html


def test_report_form_records_a_reason(make_article, make_reader, post):
    comment = post(make_article(), make_reader("Alice"))
    client = logged_in(make_reader("Bob"))
    assert "Spam or advertising" in client.get(f"/comments/{comment.pk}/report/").content.decode()
    response = client.post(
        f"/comments/{comment.pk}/report/", {"reason": "spam", "note": "an advert"}
    )
    assert response.status_code == 302
    assert comment.reports.get().note == "an advert"
    again = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
    assert again.status_code == 409


def test_like_button_counts_one_per_reader(make_article, make_reader, post):
    comment = post(make_article(), make_reader())
    client = logged_in(make_reader())
    assert client.post(f"/comments/{comment.pk}/like/", **FETCH).json()["likes"] == 1
    second = client.post(f"/comments/{comment.pk}/like/", **FETCH)
    assert second.status_code == 409
    assert client.post(f"/comments/{comment.pk}/like/", {"undo": "1"}, **FETCH).json()["likes"] == 0


def test_front_page_shows_comment_counts(client, make_article, make_reader, post):
    article = make_article(headline="Harbour wall repaired")
    for n in range(3):
        post(article, make_reader(), f"comment {n}")
    post(article, make_reader(), "idiot")  # held: not counted
    html = client.get("/").content.decode()
    assert f'href="{article.get_absolute_url()}#comments">3 comments</a>' in html


def test_closed_article_says_why_and_offers_no_form(make_article, make_reader):
    article = make_article(comments_mode="closed")
    html = logged_in(make_reader()).get(article.get_absolute_url()).content.decode()
    assert "Comments are closed on this article." in html
    assert 'name="text"' not in html


def test_comments_auto_closed_after_n_days_show_no_form(
    make_article, make_reader, masthead_settings
):
    masthead_settings(COMMENTS_CLOSE_AFTER_DAYS=7)
    article = make_article(published_at=timezone.now() - dt.timedelta(days=8))
    html = logged_in(make_reader()).get(article.get_absolute_url()).content.decode()
    assert "7 days after an article is published" in html
    response = logged_in(make_reader()).post(
        f"/comments/article/{article.pk}/post/", {"text": "late"}
    )
    assert response.status_code == 403


def test_guest_form_when_guests_are_allowed(client, make_article, masthead_settings):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'name="guest_name"' in html and 'name="guest_email"' in html
    response = client.post(
        f"/comments/article/{article.pk}/post/",
        {"text": "Visitor here.", "guest_name": "Visitor", "guest_email": "v@example.org"},
    )
    assert response.status_code == 302
    assert Comment.objects.get().author_name == "Visitor"


def test_anonymous_post_when_guests_are_not_allowed_is_401_with_text_kept(client, make_article):
    response = client.post(f"/comments/article/{make_article().pk}/post/", {"text": "My words"})
    assert response.status_code == 401
    assert "My words" in response.content.decode()


def test_faq_page_is_public_and_editable_by_moderation_leads_only(
    client, make_reader, moderator_user
):
    from django.contrib.auth.models import Permission, User

    html = client.get("/comments/faq/").content.decode()
    assert "Comments FAQ" in html and "on-topic and not abusive" in html
    reader_client = logged_in(make_reader())
    assert reader_client.post("/comments/faq/edit/", {"faq": "Hacked"}).status_code == 403
    assert client.post("/comments/faq/edit/", {"faq": "Hacked"}).status_code == 302  # to login
    # A moderator is staff but not a lead: the settings page refuses them the FAQ, so does this.
    moderator = logged_in(moderator_user)
    assert moderator.post("/comments/faq/edit/", {"faq": "Hacked"}).status_code == 403
    assert "Edit the FAQ" not in moderator.get("/comments/faq/").content.decode()
    lead = User.objects.create_user("lead", "lead@example.org", "lead-pass-123", is_staff=True)
    lead.user_permissions.add(
        Permission.objects.get(content_type__app_label="dashboard", codename="change_settings")
    )
    lead_client = logged_in(User.objects.get(pk=lead.pk))
    assert "Edit the FAQ" in lead_client.get("/comments/faq/").content.decode()
    response = lead_client.post("/comments/faq/edit/", {"faq": "**Be kind.** Stay on topic."})
    assert response.status_code == 302
    assert "<strong>Be kind.</strong>" in client.get("/comments/faq/").content.decode()


def test_load_more_uses_keyset_cursor_without_javascript(
    make_article, make_reader, post, masthead_settings
):
    masthead_settings(PAGE_SIZE=2)
    article = make_article()
    reader = make_reader()
    made = [post(article, reader, f"number {n}") for n in range(5)]
    Comment.objects.filter(pk__in=[c.pk for c in made]).update(created_at=timezone.now())
    html = Client().get(article.get_absolute_url() + "?sort=oldest").content.decode()
    assert "number 0" in html and "number 1" in html and "number 2" not in html
    more = re.search(r'href="(/comments/article/\d+/\?sort=oldest&amp;after=[^"]+)"', html).group(1)
    page2 = Client().get(more.replace("&amp;", "&")).content.decode()
    assert "number 2" in page2 and "number 3" in page2 and "number 1" not in page2


def test_bad_cursor_is_a_clear_400(make_article):
    article = make_article()
    response = Client().get(f"/comments/article/{article.pk}/?after=garbage", **FETCH)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_cursor"


def test_reply_notification_is_sent_only_once_published_and_unsubscribe_works(
    make_article, make_reader, post, moderator_user, mailoutbox, django_capture_on_commit_callbacks
):
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    top = post(article, alice, "Top.")
    with django_capture_on_commit_callbacks(execute=True):
        held = post(article, bob, "You idiot.", parent=top)
    assert held.status == "held" and mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_comment(held, moderator_user)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [alice.email] and "Bob replied" in mail.subject
    assert "List-Unsubscribe" in mail.extra_headers
    link = re.search(r"(/comments/unsubscribe/[^/\s]+/)", mail.body).group(1)
    # republishing after an edit does not notify again
    with django_capture_on_commit_callbacks(execute=True):
        actions.hold_comment(held, moderator_user)
        actions.approve_comment(held, moderator_user)
    assert len(mailoutbox) == 1
    assert Client().post(link).status_code == 200
    alice.reader.refresh_from_db()
    assert alice.reader.notify_replies is False
    with django_capture_on_commit_callbacks(execute=True):
        post(article, bob, "Another reply.", parent=top)
    assert len(mailoutbox) == 1


def test_published_reply_notifies_at_once_but_not_for_own_replies(
    make_article, make_reader, post, mailoutbox, django_capture_on_commit_callbacks
):
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    top = post(article, alice, "Top.")
    with django_capture_on_commit_callbacks(execute=True):
        post(article, alice, "Adding to my own point.", parent=top)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        post(article, bob, "Agreed.", parent=top)
    assert len(mailoutbox) == 1 and "Agreed." in mailoutbox[0].body


def test_unsubscribe_link_opened_by_a_mail_scanner_only_asks(make_reader):
    reader = make_reader()
    client = Client(enforce_csrf_checks=True)
    link = f"/comments/unsubscribe/{reader.reader.unsubscribe_token}/"
    page = client.get(link)
    assert page.status_code == 200
    assert (
        'method="post"' in page.content.decode() and "csrfmiddlewaretoken" in page.content.decode()
    )
    reader.reader.refresh_from_db()
    assert reader.reader.notify_replies is True
    assert client.post(link).status_code == 403  # the button's form carries the CSRF token
    reader.reader.refresh_from_db()
    assert reader.reader.notify_replies is True
    token = page.cookies["csrftoken"].value
    assert client.post(link, {"csrfmiddlewaretoken": token}).status_code == 200
    reader.reader.refresh_from_db()
    assert reader.reader.notify_replies is False
    assert Client().get("/comments/unsubscribe/not-a-token/").status_code == 404


def test_rfc8058_one_click_unsubscribe_posts_to_the_list_unsubscribe_url_without_csrf(
    make_article, make_reader, post, mailoutbox, django_capture_on_commit_callbacks
):
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    top = post(article, alice, "Top.")
    with django_capture_on_commit_callbacks(execute=True):
        post(article, bob, "Agreed.", parent=top)
    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<https?://[^/]+(/[^>]+)>", headers["List-Unsubscribe"]).group(1)
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200  # a scanner's GET changes nothing
    assert client.post(url, {}).status_code == 400  # not the RFC 8058 body
    alice.reader.refresh_from_db()
    assert alice.reader.notify_replies is True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    alice.reader.refresh_from_db()
    assert alice.reader.notify_replies is False
    bad = client.post("/comments/unsubscribe/nope/one-click/", {"List-Unsubscribe": "One-Click"})
    assert bad.status_code == 404


def test_signup_confirm_login_logout_and_password_reset(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "new@example.org",
                "display_name": "New Reader",
                "password": READER_PASSWORD,
                "password_again": READER_PASSWORD,
                "next": "/",
            },
        )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 302  # not before confirming
    (confirm,) = mailoutbox
    link = re.search(r"https?://[^/]+(/accounts/signup/confirm/\S+/)", confirm.body).group(1)
    assert client.post(link).status_code == 302
    assert "New Reader" in client.get("/accounts/profile/").content.decode()
    mailoutbox.clear()
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302
    assert (
        client.post(
            "/accounts/login/", {"username": "new@example.org", "password": READER_PASSWORD}
        ).status_code
        == 302
    )
    client.post("/accounts/logout/")
    assert client.post("/accounts/password-reset/", {"email": "new@example.org"}).status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url, {"new_password1": "another-long-pass-7", "new_password2": "another-long-pass-7"}
    )
    assert done.status_code == 302
    assert client.login(username="new@example.org", password="another-long-pass-7")


def test_signup_errors_keep_what_was_typed(client, make_reader):
    make_reader("Taken Name")
    response = client.post(
        "/accounts/signup/",
        {
            "email": "x@example.org",
            "display_name": "taken name",
            "password": READER_PASSWORD,
            "password_again": READER_PASSWORD,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "already uses that display name" in html and 'value="x@example.org"' in html


def test_export_downloads_all_my_comments_as_json(make_article, make_reader, post):
    reader = make_reader()
    article = make_article()
    post(article, reader, "Mine, published.")
    post(article, reader, "Mine, idiot, held.")
    post(article, make_reader(), "Not mine.")
    response = logged_in(reader).get("/accounts/export/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    texts = {c["text"] for c in data["comments"]}
    assert texts == {"Mine, published.", "Mine, idiot, held."}
    assert data["account"]["email"] == reader.email


def test_account_deletion_marks_comments_deleted_and_keeps_replies(make_article, make_reader, post):
    article = make_article()
    leaving, staying = make_reader("Leaving"), make_reader("Staying")
    top = post(article, leaving, "My view.")
    reply = post(article, staying, "A reply to it.", parent=top)
    actions.like_comment(reply, leaving)
    actions.report_comment(reply, leaving, "other")
    client = logged_in(leaving)
    assert client.post("/accounts/delete/", {}).status_code == 400  # not confirmed
    assert client.post("/accounts/delete/", {"confirm": "delete"}).status_code == 302
    top.refresh_from_db()
    reply.refresh_from_db()
    assert top.status == "deleted" and top.author_id is None and top.text == ""
    assert reply.status == "published" and reply.parent_id == top.pk
    assert (reply.like_count, reply.report_count) == (0, 0)  # their like and report went too
    html = Client().get(article.get_absolute_url()).content.decode()
    assert (
        "This comment was deleted." in html and "A reply to it." in html and "My view." not in html
    )


def test_faq_saved_on_its_own_page_or_the_settings_page_is_logged_once_each(client):
    """Both pages go through comments' update_faq; each save leaves one 'settings' audit entry
    with the old and new text, and saving the same text again leaves none."""
    from django.contrib.auth.models import Permission, User

    from masthead.comments.models import CommentsSettings
    from masthead.dashboard.models import AuditEntry

    lead = User.objects.create_user("lead", "lead@example.org", "lead-pass-123", is_staff=True)
    lead.user_permissions.add(
        Permission.objects.get(content_type__app_label="dashboard", codename="change_settings")
    )
    lead_client = logged_in(User.objects.get(pk=lead.pk))
    original = CommentsSettings.load().faq

    assert lead_client.post("/comments/faq/edit/", {"faq": "Be kind."}).status_code == 302
    entries = list(AuditEntry.objects.filter(action="settings"))
    assert len(entries) == 1
    assert entries[0].actor_id == lead.pk and entries[0].actor_name == "lead"
    assert entries[0].before == {"faq": original} and entries[0].after == {"faq": "Be kind."}
    assert entries[0].reason == "Changed faq"

    assert lead_client.post("/comments/faq/edit/", {"faq": "Be kind."}).status_code == 302
    assert AuditEntry.objects.filter(action="settings").count() == 1  # nothing changed

    from masthead.dashboard import actions as workspace

    workspace.update_settings(User.objects.get(pk=lead.pk), {}, faq="Stay on topic.")
    entries = list(AuditEntry.objects.filter(action="settings").order_by("pk"))
    assert len(entries) == 2  # the settings page's own entry, not a second one from the signal
    assert entries[1].before["faq"] == "Be kind." and entries[1].after["faq"] == "Stay on topic."
