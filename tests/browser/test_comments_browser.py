"""A reader signs up, comments, replies, edits, reports and sees why a comment is held,
in headless Chromium; and the same posting works with JavaScript turned off."""

from __future__ import annotations

import re

import pytest

from masthead.comments import actions
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator(BY_KEYWORD)


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"{msg.text} {msg.location.get('url')}")
            # The browser asks for /favicon.ico on its own; the site has none, which is harmless.
            if msg.type == "error" and "favicon.ico" not in str(msg.location.get("url"))
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status == 404 else None,
    )
    return problems


def follow_signup_link(page, base: str, email: str) -> None:
    """After "Create account": the page says to check the e-mail; open the link it sent (from
    Django's test outbox, which the live server shares) and confirm, as a reader would, in the
    browser that signed up: one click, no password asked (another browser would have to choose
    one, since 2026-11-30)."""
    from django.core import mail

    page.get_by_role("heading", name="Check your e-mail to finish signing up").wait_for()
    (message,) = [m for m in mail.outbox if m.to == [email]]
    path = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", message.body).group(1)
    assert axe_violations(page, ".account") == []
    page.goto(base + path)
    assert axe_violations(page, ".account") == []
    assert page.locator("input[type=password]").count() == 0
    page.get_by_role("button", name="Confirm my account").click()


def test_reader_signs_up_comments_replies_edits_reports_and_sees_held_reason(
    page, live_server, make_article, make_reader
):
    article = make_article(headline="Harbour wall to be rebuilt before winter storms")
    other = make_reader("Morgan Lee")
    actions.post_comment(article, other, actions.Posting(text="The old wall held for a century."))
    problems = watch_console(page)
    url = live_server.url + article.get_absolute_url()

    # Sign up from the article and come back to it.
    page.goto(url)
    page.get_by_role("link", name="create a free account").click()
    page.get_by_label("E-mail address").fill("casey@example.org")
    page.get_by_label("Display name").fill("Casey Rowe")
    page.get_by_label("Password (at least 8 characters)").fill(READER_PASSWORD)
    page.get_by_label("Password again").fill(READER_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    follow_signup_link(page, live_server.url, "casey@example.org")
    page.wait_for_url(re.compile(re.escape(article.get_absolute_url())))
    assert page.get_by_role("link", name="My comments").is_visible()

    # Post a comment without a reload; the heading's count follows.
    comments = page.locator("#comments")
    assert comments.locator(".comments__total").inner_text() == "(1)"
    comments.get_by_label("Your comment").fill("Good to see the council *finally* acting.")
    comments.get_by_role("button", name="Post comment").click()
    mine = comments.locator("article.comment", has_text="Good to see the council finally acting.")
    mine.wait_for()
    assert mine.locator("em").inner_text() == "finally"
    assert comments.get_by_role("status").filter(has_text="Your comment is published.").is_visible()
    assert comments.locator(".comments__total").inner_text() == "(2)"

    # Reply to it and see "Replying to Casey Rowe".
    # From the keyboard: the Reply control is a disclosure that Enter opens.
    mine.get_by_text("Reply", exact=True).focus()
    page.keyboard.press("Enter")
    reply_box = comments.get_by_label("Your reply to Casey Rowe")
    reply_box.fill("Adding: the work starts in October.")
    comments.get_by_role("button", name="Post reply").first.click()
    reply = comments.locator("article.comment", has_text="Adding: the work starts in October.")
    reply.wait_for()
    assert "Replying to Casey Rowe" in reply.inner_text()

    # Edit the reply (within the edit window); it is checked again and published.
    reply.get_by_role("link", name="Edit").click()
    page.get_by_role("textbox", name="Your comment").fill(
        "Adding: the work starts in early October."
    )
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    edited = page.locator("article.comment", has_text="the work starts in early October.")
    edited.wait_for()
    assert "(edited)" in edited.inner_text()
    assert "Replying to Casey Rowe" in edited.inner_text()

    # Report someone else's comment with a reason.
    theirs = page.locator("article.comment", has_text="The old wall held for a century.").first
    theirs.get_by_role("link", name="Report").click()
    page.get_by_label("Off-topic").check()
    page.get_by_label("Anything moderators should know (optional)").fill("Not about the rebuild.")
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("Thank you. A moderator will look at this comment.").wait_for()

    # A comment the checks hold is shown to its author with the reason and the FAQ link.
    comments = page.locator("#comments")
    comments.get_by_label("Your comment").fill("Whoever designed the old wall was an idiot.")
    comments.get_by_role("button", name="Post comment").click()
    held = comments.locator("article.comment--held", has_text="was an idiot")
    held.wait_for()
    assert comments.locator(".comments__total").inner_text() == "(3)"  # a held one: not counted
    # Under the heading of the reader's waiting comments at once, as after a reload (until
    # 2026-11-30 it stood in a bare list above the threads, the heading only after a reload).
    waiting = comments.get_by_role("region", name="Your comments waiting for a moderator")
    assert waiting.is_visible()
    assert waiting.locator("article.comment--held", has_text="was an idiot").count() == 1
    # Screen readers hear why at once (the live region), and focus moves to the new comment.
    live = comments.locator("[data-comments-live]")
    assert live.get_attribute("role") == "status"
    assert "held for review" in live.inner_text()
    assert "It may contain a personal insult." in live.inner_text()
    assert held.evaluate("el => el === document.activeElement")
    held_text = held.inner_text()
    assert "Held for review" in held_text and "It may contain a personal insult." in held_text
    assert held.get_by_role("link", name="Comments FAQ").get_attribute("href") == "/comments/faq/"

    # After a reload the held comment is still there for its author, in the waiting list.
    page.reload()
    waiting = page.locator(".comments__waiting")
    assert "It may contain a personal insult." in waiting.inner_text()
    assert problems == [], problems

    # The discussion (form, thread, reply forms opened, held notice) meets WCAG 2.2 AA.
    page.locator("details.comment__reply").first.evaluate("d => d.open = true")
    violations = axe_violations(page, "#comments")
    assert violations == [], violations


def axe_violations(page, selector: str) -> list[str]:
    from tests.browser.conftest import AXE, WCAG_AA

    if not AXE.exists():
        pytest.skip("axe-core is missing: run `make test`, which installs it")
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "([sel, tags]) => axe.run(sel, {runOnly: {type: 'tag', values: tags}})",
        [selector, WCAG_AA],
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def test_posting_works_without_javascript_and_keeps_text_on_error(
    browser, live_server, make_article, make_reader, masthead_settings
):
    masthead_settings(COMMENT_MAX_LINKS=0)
    article = make_article()
    make_reader("Robin Hale", email="robin@example.org")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("E-mail address (or staff user name)").fill("robin@example.org")
        page.get_by_label("Password").fill(READER_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_label("Your comment").fill("A link: https://example.org/plans")
        page.get_by_role("button", name="Post comment").click()
        assert "Your comment has 1 link; links are not allowed here. Please remove it." in (
            page.content()
        )
        assert (
            page.get_by_role("textbox", name="Your comment").input_value()
            == "A link: https://example.org/plans"
        )
        page.get_by_role("textbox", name="Your comment").fill("No links this time.")
        page.get_by_role("button", name="Post comment").click()
        page.wait_for_url(re.compile(r"#comment-\d+$"))
        assert page.locator("article.comment", has_text="No links this time.").is_visible()
        assert "Your comment is published." in page.content()
    finally:
        context.close()


def first_hidden_reply(root) -> int:  # type: ignore[no-untyped-def]
    from masthead.comments import queries
    from masthead.comments.models import Comment

    replies = Comment.objects.filter(root=root).order_by("created_at", "id")
    return replies[queries.REPLIES_SHOWN].pk


def test_load_more_comments_and_replies_in_place(
    page, live_server, make_article, make_reader, masthead_settings
):
    from datetime import timedelta

    from django.utils import timezone

    from masthead.comments import queries
    from masthead.comments.models import Comment

    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60", COMMENT_RATE_PER_IP="1000/60")
    article = make_article()
    reader, other = make_reader(), make_reader()
    start = timezone.now() - timedelta(hours=1)
    made = []
    for n in range(5):
        made.append(
            actions.post_comment(article, reader, actions.Posting(text=f"Thread number {n}"))
        )
        Comment.objects.filter(pk=made[-1].pk).update(created_at=start + timedelta(minutes=n))
    for n in range(queries.REPLIES_SHOWN + 3):
        reply = actions.post_comment(
            article, other, actions.Posting(text=f"Reply number {n}", parent_id=made[0].pk)
        )
        Comment.objects.filter(pk=reply.pk).update(created_at=start + timedelta(seconds=n + 1))

    page.goto(live_server.url + article.get_absolute_url() + "?sort=oldest")
    assert page.get_by_text("Thread number 2").count() == 0
    assert page.get_by_text(f"Reply number {queries.REPLIES_SHOWN}", exact=True).count() == 0
    before = page.url
    # From the keyboard; focus goes on from the first comment loaded, not back to the page's
    # top (the link that had it is gone).
    page.get_by_role("link", name="More replies").focus()
    page.keyboard.press("Enter")
    page.get_by_text(f"Reply number {queries.REPLIES_SHOWN + 2}", exact=True).wait_for()
    assert page.evaluate("document.activeElement.id") == f"comment-{first_hidden_reply(made[0])}"
    page.get_by_role("link", name="Load more comments").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Thread number 3").wait_for()
    assert page.evaluate("document.activeElement.id") == f"comment-{made[2].pk}"
    page.get_by_role("link", name="Load more comments").click()
    page.get_by_text("Thread number 4").wait_for()
    assert page.get_by_role("link", name="Load more comments").count() == 0
    assert page.url == before  # all in place, no navigation


@pytest.mark.parametrize("where", ["thread", "replies"])
def test_replying_on_the_comments_only_pages_says_so_and_never_offers_a_duplicate(
    page, live_server, make_article, make_reader, where
):
    # Found by a QA review: on /comments/article/N/ and /comments/N/replies/ (no article, so no
    # live region and no [data-comments] box) the reply was posted, its text cleared and a new
    # submission key made, then announcing it threw: the form said "We could not reach the
    # site... please try again", and trying again posted the reply twice.
    from tests.browser.conftest import log_in

    article = make_article()
    top = actions.post_comment(article, make_reader("Morgan Lee"), actions.Posting(text="Top."))
    make_reader("Casey Rowe", email="casey@example.org")
    problems = watch_console(page)
    path = f"/comments/article/{article.pk}/" if where == "thread" else f"/comments/{top.pk}/"
    if where == "replies":
        for n in range(2):
            actions.post_comment(
                article, make_reader(), actions.Posting(text=f"Reply {n}.", parent_id=top.pk)
            )
        path += "replies/"
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, path)
    target = page.locator("article.comment", has_text="Top." if where == "thread" else "Reply 0.")
    target.get_by_text("Reply", exact=True).click()
    target.get_by_role("textbox").fill("Seconded, with a caveat.")
    target.get_by_role("button", name="Post reply").click()
    posted = page.locator("article.comment", has_text="Seconded, with a caveat.")
    posted.wait_for()
    status = page.get_by_role("status").filter(has_text="Your comment is published.")
    status.wait_for()
    assert (
        page.locator("[data-form-error]").all_inner_texts()
        == [""] * page.locator("[data-form-error]").count()
    )
    assert posted.evaluate("el => el === document.activeElement")
    assert problems == [], problems
    from masthead.comments.models import Comment

    assert Comment.objects.filter(text="Seconded, with a caveat.").count() == 1


def test_recommending_a_comment_removed_meanwhile_says_so(
    page, live_server, make_article, make_reader, moderator_user
):
    # Found by a QA review: the alert read "Something went wrong; your text is still here.
    # Please try again." (words for the comment form: a recommendation has no text, and trying
    # again cannot work).
    from tests.browser.conftest import log_in

    article = make_article()
    theirs = actions.post_comment(article, make_reader("Morgan Lee"), actions.Posting(text="Hm."))
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    actions.hold_comment(theirs, moderator_user)
    button = page.locator(f"#comment-{theirs.pk}").get_by_role(
        "button", name=re.compile("Recommend")
    )
    with page.expect_event("dialog") as shown:
        button.click()
    dialog = shown.value
    said = [dialog.message]
    dialog.dismiss()
    assert said == ["This comment is no longer available; please reload the page."]


def test_a_comment_posted_in_place_is_not_shown_twice_after_loading_more(
    page, live_server, make_article, make_reader, masthead_settings
):
    # Found by a QA walk as a reader (2026-11-30): sorted "Oldest", a comment posted without a
    # reload is put at the top; "Load more comments" then brought it again, at the end, and the
    # page held two #comment-N. The same with a reply posted under a thread whose other replies
    # were still behind "More replies".
    from datetime import timedelta

    from django.utils import timezone

    from masthead.comments import queries
    from masthead.comments.models import Comment
    from tests.browser.conftest import log_in

    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60", COMMENT_RATE_PER_IP="1000/60")
    article = make_article()
    other = make_reader("Morgan Lee")
    make_reader("Casey Rowe", email="casey@example.org")
    start = timezone.now() - timedelta(hours=1)
    threads = []
    for n in range(3):
        threads.append(
            actions.post_comment(article, other, actions.Posting(text=f"Thread number {n}"))
        )
        Comment.objects.filter(pk=threads[-1].pk).update(created_at=start + timedelta(minutes=n))
    for n in range(queries.REPLIES_SHOWN + 2):
        reply = actions.post_comment(
            article, other, actions.Posting(text=f"Reply number {n}", parent_id=threads[0].pk)
        )
        Comment.objects.filter(pk=reply.pk).update(created_at=start + timedelta(seconds=n + 1))
    problems = watch_console(page)
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    page.goto(live_server.url + article.get_absolute_url() + "?sort=oldest")
    comments = page.locator("#comments")

    comments.get_by_label("Your comment").fill("A new thought on the bridge.")
    comments.get_by_role("button", name="Post comment").click()
    comments.locator("article.comment", has_text="A new thought on the bridge.").wait_for()
    first = page.locator(f"#comment-{threads[0].pk}")
    first.get_by_text("Reply", exact=True).first.click()
    first.get_by_role("textbox").fill("A new reply about the bridge.")
    first.get_by_role("button", name="Post reply").click()
    comments.locator("article.comment", has_text="A new reply about the bridge.").wait_for()

    page.get_by_role("link", name="Load more comments").click()
    page.get_by_text("Thread number 2").wait_for()
    page.get_by_role("link", name="More replies").click()
    page.get_by_text(f"Reply number {queries.REPLIES_SHOWN + 1}", exact=True).wait_for()

    ids = page.evaluate("[...document.querySelectorAll('article.comment')].map(a => a.id)")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for text in ("A new thought on the bridge.", "A new reply about the bridge."):
        assert comments.locator("article.comment", has_text=text).count() == 1
    assert problems == [], problems


def test_a_double_click_on_recommend_recommends_once_without_an_alert(
    page, live_server, make_article, make_reader
):
    # Found by a QA walk as a reader (2026-11-30): two clicks before the first answer sent two
    # recommendations; the second was refused with an alert, "You have already recommended
    # this comment."
    from masthead.comments.models import Comment
    from tests.browser.conftest import log_in

    article = make_article()
    theirs = actions.post_comment(article, make_reader("Morgan Lee"), actions.Posting(text="Hm."))
    make_reader("Casey Rowe", email="casey@example.org")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    button = page.locator(f"#comment-{theirs.pk}").get_by_role(
        "button", name=re.compile("Recommend")
    )
    # Both clicks land before any answer can: the second comes in the same task as the first.
    button.evaluate("b => { b.click(); b.click(); }")
    page.wait_for_function(
        "b => b.getAttribute('aria-pressed') === 'true' && !b.hasAttribute('aria-busy')",
        arg=button.element_handle(),
    )
    page.wait_for_timeout(300)  # an alert for a second request would have come by now
    assert dialogs == []
    assert button.inner_text() == "Recommend 1"
    assert Comment.objects.get(pk=theirs.pk).like_count == 1


@pytest.mark.parametrize("path", ["/accounts/profile/", "/accounts/delete/"])
def test_a_tick_box_on_the_account_pages_sits_beside_its_label(
    page, live_server, make_reader, path
):
    # Found by a QA walk as a reader (2026-11-30): the site's `.account label { display: block }`
    # put "E-mail me when someone replies..." and "I understand; delete my account" on the
    # line below a 13 px tick box.
    from tests.browser.conftest import PHONE, log_in

    make_reader("Casey Rowe", email="casey@example.org")
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, path)
    box = page.get_by_role("checkbox").bounding_box()
    label = page.locator("input[type=checkbox] + label").bounding_box()
    assert box is not None and label is not None
    assert label["y"] < box["y"] + box["height"] and box["y"] < label["y"] + label["height"]
    assert box["width"] >= 20 and box["height"] >= 20


def test_recommending_an_editors_pick_shows_in_both_its_copies(
    page, live_server, make_article, make_reader, moderator_user
):
    # Found by a QA walk as a reader (2026-11-30): a pick is on the page twice, above the
    # threads and in its conversation. Recommended in one copy, the other still offered
    # "Recommend" unpressed with the old count, and pressing it gave an alert, "You have already
    # recommended this comment."
    from tests.browser.conftest import log_in

    article = make_article()
    theirs = actions.post_comment(article, make_reader("Morgan Lee"), actions.Posting(text="Hm."))
    actions.feature_comment(theirs, moderator_user)
    make_reader("Casey Rowe", email="casey@example.org")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    name = re.compile("Recommend")
    in_picks = page.locator(f"#pick-{theirs.pk}").get_by_role("button", name=name)
    in_thread = page.locator(f"#comment-{theirs.pk}").get_by_role("button", name=name)

    in_picks.click()
    page.wait_for_function(
        "b => b.getAttribute('aria-pressed') === 'true'", arg=in_thread.element_handle()
    )
    assert in_thread.inner_text() == in_picks.inner_text() == "Recommend 1"

    # Taken back from the other copy: both follow again, and nothing was refused.
    in_thread.click()
    page.wait_for_function(
        "b => b.getAttribute('aria-pressed') === 'false'", arg=in_picks.element_handle()
    )
    assert in_thread.inner_text() == in_picks.inner_text() == "Recommend 0"
    assert dialogs == []


def test_a_comment_pasted_over_the_limit_is_kept_whole_and_the_reader_told(
    page, live_server, make_article, make_reader, masthead_settings
):
    # Found by a QA walk as a reader (2026-11-30): the box's maxlength kept the first 3,000 of
    # 3,667 characters pasted, and the end of the comment was lost without a word. Now the box
    # keeps it all, says it is over the limit, and the server's refusal keeps the text.
    from tests.browser.conftest import log_in

    masthead_settings(COMMENT_MAX_LENGTH=60)
    article = make_article()
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    comments = page.locator("#comments")
    box = comments.get_by_role("textbox", name="Your comment")
    text = "The bridge is overdue and the council knows it. " * 2 + "THE END."
    assert len(text) > 60
    box.focus()
    page.keyboard.insert_text(text)  # as a paste: one edit
    assert box.input_value() == text
    error = comments.locator("[data-form-error]").first
    assert (
        error.inner_text() == "Your comment is over the limit of 60 characters; please shorten it."
    )
    assert box.get_attribute("aria-invalid") == "true"

    comments.get_by_role("button", name="Post comment").click()
    error.filter(has_text="characters long; the limit is 60").wait_for()
    assert box.input_value() == text  # nothing lost

    box.fill("The bridge is overdue.")
    assert error.inner_text() == ""
    comments.get_by_role("button", name="Post comment").click()
    comments.locator("article.comment", has_text="The bridge is overdue.").wait_for()


def test_an_edit_pasted_over_the_limit_is_kept_whole_and_the_reader_told(
    page, live_server, make_article, make_reader, masthead_settings
):
    # The same on the edit page, whose box also stopped a paste at the limit without a word.
    from tests.browser.conftest import log_in

    masthead_settings(COMMENT_MAX_LENGTH=60)
    article = make_article()
    mine = actions.post_comment(
        article,
        make_reader("Casey Rowe", email="casey@example.org"),
        actions.Posting(text="The bridge is overdue."),
    )
    log_in(
        page, live_server.url, "casey@example.org", READER_PASSWORD, f"/comments/{mine.pk}/edit/"
    )
    box = page.get_by_role("textbox", name="Your comment")
    text = "The bridge is overdue and the council knows it. " * 2 + "THE END."
    box.fill("")
    box.focus()
    page.keyboard.insert_text(text)
    assert box.input_value() == text
    error = page.locator("#edit-error")
    assert (
        error.inner_text() == "Your comment is over the limit of 60 characters; please shorten it."
    )
    page.get_by_role("button", name="Save changes").click()
    error.filter(has_text="characters long; the limit is 60").wait_for()
    assert page.get_by_role("textbox", name="Your comment").input_value() == text


def test_a_refused_post_does_not_stand_beside_the_last_one_s_published_notice(
    page, live_server, make_article, make_reader, masthead_settings
):
    # Found by a QA walk as a reader (2026-11-30): after one comment was published, a second
    # refused by the rate limit showed its error while "Your comment is published." stayed
    # above the form, as if the second had been published.
    from tests.browser.conftest import log_in

    masthead_settings(COMMENT_RATE_PER_READER="1/60")
    article = make_article()
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    comments = page.locator("#comments")
    box = comments.get_by_role("textbox", name="Your comment")
    box.fill("The first thought on the bridge.")
    comments.get_by_role("button", name="Post comment").click()
    live = comments.locator("[data-comments-live]")
    live.filter(has_text="Your comment is published.").wait_for()

    box.fill("A second thought, too soon.")
    comments.get_by_role("button", name="Post comment").click()
    error = comments.locator("[data-form-error]").first
    error.filter(has_text="faster than we allow").wait_for()
    assert live.inner_text() == ""
    assert box.input_value() == "A second thought, too soon."


def test_a_long_name_in_the_header_does_not_widen_a_phone_s_page(
    page, live_server, make_article, make_reader
):
    # Found by a QA walk as a reader (2026-11-30): the header showed the reader's log-in
    # address; a 75-character one made a 320 px page 569 px wide. It now shows the display name
    # (up to 40 characters, here one long word) or, for staff with no reader profile, the
    # username (up to 150).
    from django.contrib.auth.models import User

    from tests.browser.conftest import log_in

    article = make_article()
    email = "a.very.long.address.for.testing.layout.1234@subdomain.example-newsroom.org"
    long_name = "Wolfeschlegelsteinhausenbergerdorffwelch"
    make_reader(long_name, email=email)
    User.objects.create_user(email.replace("@", "-at-"), password=READER_PASSWORD, is_staff=True)
    page.set_viewport_size({"width": 320, "height": 640})
    for login, shown in (
        (email, long_name),
        (email.replace("@", "-at-"), email.replace("@", "-at-")),
    ):
        page.context.clear_cookies()
        log_in(page, live_server.url, login, READER_PASSWORD, article.get_absolute_url())
        assert page.locator(".account-nav__name").inner_text() == shown
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_opening_reply_moves_focus_into_the_reply_box_but_loading_the_page_does_not(
    page, live_server, make_article, make_reader
):
    # Found by a QA review: opening "Reply" (keyboard or mouse) left focus on the toggle, so a
    # keyboard or screen-reader user had to find the new box themselves.
    from tests.browser.conftest import log_in

    article = make_article()
    for name in ("Morgan Lee", "Sam Ortiz"):
        actions.post_comment(article, make_reader(name), actions.Posting(text=f"{name} here."))
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    focused = "() => document.activeElement.id || document.activeElement.tagName"
    assert page.evaluate(focused) == "BODY"  # nothing is taken on page load

    morgan = page.locator("article.comment", has_text="Morgan Lee here.")
    morgan.get_by_text("Reply", exact=True).focus()
    page.keyboard.press("Enter")
    box = morgan.get_by_label("Your reply to Morgan Lee")
    box.wait_for()
    page.wait_for_function("() => document.activeElement.tagName === 'TEXTAREA'")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.type("Typed straight in.")
    assert box.input_value() == "Typed straight in."

    sam = page.locator("article.comment", has_text="Sam Ortiz here.")
    sam.get_by_text("Reply", exact=True).click()
    sam_box = sam.get_by_label("Your reply to Sam Ortiz")
    page.wait_for_function("() => document.activeElement.tagName === 'TEXTAREA'")
    page.wait_for_function(
        "(id) => document.activeElement.id === id", arg=sam_box.get_attribute("id")
    )

    # Closing it again leaves focus on the toggle, where the reader is.
    sam.get_by_text("Reply", exact=True).click()
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.reload()
    assert page.evaluate(focused) == "BODY"


def test_a_link_emptied_by_the_sanitiser_in_an_older_stored_comment_is_not_dressed_as_a_link(
    page, live_server, make_article, make_reader
):
    """Comments stored before blocked links became plain text keep an <a> with no address;
    it reads as the text around it, not as a link that goes nowhere."""
    from masthead.comments.models import Comment

    article = make_article()
    comment = actions.post_comment(
        article, make_reader("Morgan Lee"), actions.Posting(text="See the plan for details.")
    )
    Comment.objects.filter(pk=comment.pk).update(
        html='<p>See <a>the plan</a> and <a href="https://example.org/">this</a>.</p>'
    )
    page.goto(live_server.url + article.get_absolute_url())
    body = page.locator(f"#comment-{comment.pk} .comment__body")
    colour = body.locator("p").evaluate("el => getComputedStyle(el).color")
    dead = body.locator("a:not([href])").evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).textDecorationLine]"
    )
    live = body.locator("a[href]").evaluate("el => getComputedStyle(el).color")
    assert dead == [colour, "none"]
    assert live != colour
