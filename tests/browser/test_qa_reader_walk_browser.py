"""Defects a QA walk as a reader and listener found on 2026-11-30 (qareader), each shown in
headless Chromium: what a reader sees going back to an article after commenting, while a
comment is on its way (slow network), and on paper."""

from __future__ import annotations

import pytest

from masthead.comments import actions
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_going_back_to_the_article_after_commenting_shows_the_comment_and_takes_another(
    page, live_server, make_article, make_reader
):
    # The signed-in reader's copy of the article said `private, no-cache`; a browser going
    # Back may show such a copy from its cache without asking (Chromium did): the page as it
    # was before the comment, with the submission key the comment had used. The reader saw
    # their comment gone, and a second one was refused: "This submission key was already
    # used for a different comment. Reload the page and post again."
    article = make_article(headline="Harbour wall to be rebuilt before winter storms")
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    comments = page.locator("#comments")
    box = comments.get_by_role("textbox", name="Your comment")
    box.fill("The old harbour wall held for a century.")
    comments.get_by_role("button", name="Post comment").click()
    live = comments.locator("[data-comments-live]")
    live.filter(has_text="Your comment is published.").wait_for()

    comments.get_by_role("link", name="Comments FAQ").first.click()
    page.get_by_role("heading", name="Comments FAQ").wait_for()
    page.go_back()
    page.wait_for_url(lambda url: article.get_absolute_url() in url)

    assert comments.locator("article.comment", has_text="held for a century").count() == 1
    box.fill("And the new one should hold for longer.")
    comments.get_by_role("button", name="Post comment").click()
    page.locator("article.comment", has_text="hold for longer").wait_for()
    assert comments.locator("[data-form-error]").first.inner_text() == ""


def slow_network(page, latency_ms: int) -> None:  # type: ignore[no-untyped-def]
    """Every request from now on waits `latency_ms` for its answer (DevTools throttling)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def test_while_a_comment_is_on_its_way_its_button_says_posting(
    page, live_server, make_article, make_reader
):
    # On a slow network, "Post comment" was only disabled, which the site's dark button does
    # not show: for seconds nothing seemed to happen.
    article = make_article()
    actions.post_comment(article, make_reader("Morgan Lee"), actions.Posting(text="First!"))
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    comments = page.locator("#comments")
    slow_network(page, 1500)

    comments.get_by_role("textbox", name="Your comment").fill("A thought on the bridge.")
    comments.get_by_role("button", name="Post comment").click()
    button = comments.locator("form[data-comment-form]:not([data-parent]) button[type=submit]")
    assert button.inner_text() == "Posting\u2026"
    assert button.is_disabled()
    comments.locator("[data-comments-live]").filter(has_text="published").wait_for()
    assert button.inner_text() == "Post comment"
    assert button.is_enabled()

    # A reply's button too, and the same after a refusal (an empty reply).
    morgan = comments.locator("article.comment", has_text="First!")
    morgan.get_by_text("Reply", exact=True).click()
    reply_button = morgan.locator("form[data-comment-form] button[type=submit]")
    reply_button.click()
    assert reply_button.inner_text() == "Posting\u2026"
    morgan.locator("[data-form-error]").filter(has_text="Please write something").wait_for()
    assert reply_button.inner_text() == "Post reply"
    assert reply_button.is_enabled()


def test_words_typed_while_a_comment_is_on_its_way_are_kept(
    page, live_server, make_article, make_reader
):
    # On a slow network a reader who went on typing (a second thought) while the first
    # comment was on its way lost those words: the box was emptied once the first was posted.
    article = make_article()
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    comments = page.locator("#comments")
    slow_network(page, 1500)

    box = comments.get_by_role("textbox", name="Your comment")
    box.fill("A thought on the bridge.")
    comments.get_by_role("button", name="Post comment").click()
    box.fill("And a second thought, typed while the first was on its way.")
    comments.locator("article.comment", has_text="A thought on the bridge.").wait_for()
    comments.locator("[data-comments-live]").filter(has_text="published").wait_for()
    assert box.input_value() == "And a second thought, typed while the first was on its way."

    # The text that was sent is still cleared when nothing was typed meanwhile.
    comments.get_by_role("button", name="Post comment").click()
    comments.locator("article.comment", has_text="a second thought, typed").wait_for()
    page.wait_for_function(
        "() => document.querySelector('form[data-comment-form] textarea').value === ''"
    )


LONG_BODY = "\n\n".join(
    f"Paragraph {n}: the harbour wall was patched after every storm, and the council now "
    "wants it rebuilt in stone before the winter tides arrive."
    for n in range(1, 16)
)


def test_printing_an_article_while_listening_leaves_the_player_and_highlight_off_the_paper(
    page, live_server, make_article, settings
):
    # Printed while listening, the player docked at the bottom of the window (position:
    # fixed) was printed over the article's text, at the foot of every page in Chromium; the
    # sentence being read printed highlighted. Closed, "Listen to article" printed, a button
    # on paper.
    from masthead.narration.models import Narration
    from masthead.narration.tasks import run_narration
    from tests.support.narration import use_engine

    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="harbour-wall", headline="Harbour wall", body=LONG_BODY)
    assert run_narration(article.pk).status == Narration.Status.READY
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(live_server.url + article.get_absolute_url())

    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Listen to article").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Listen to article").click()
    page.wait_for_selector(".narration-sentence.is-spoken")
    page.keyboard.press("k")  # pause: the highlight stays where it is
    page.wait_for_function("() => document.querySelector('.player audio').paused")
    page.mouse.wheel(0, 1500)
    page.wait_for_selector(".listen--docked", state="attached")
    assert page.locator(".player").is_visible()

    page.emulate_media(media="print")
    assert not page.locator(".player").is_visible()
    spoken = page.locator(".narration-sentence.is-spoken")
    assert spoken.evaluate("s => getComputedStyle(s).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.evaluate("() => getComputedStyle(document.body).paddingBottom") == "0px"


LONG_NAME = "Wolfeschlegelsteinhausenbergerdorffwelch"  # 40 letters, one word: a name allowed


def test_a_long_one_word_name_in_a_thread_does_not_widen_a_phone_s_page(
    page, live_server, make_article, make_reader
):
    # A 40-letter one-word display name made a 320 px article page 474 px wide, for every
    # reader: as a comment's author, in "Replying to ...", and in "Your reply to ..." above
    # the reply box.
    article = make_article()
    long_named = make_reader(LONG_NAME)
    parent = actions.post_comment(article, make_reader("Morgan Lee"), actions.Posting(text="Hi."))
    reply = actions.post_comment(
        article, long_named, actions.Posting(text="A reply.", parent_id=parent.pk)
    )
    actions.post_comment(
        article, make_reader("Sam Ortiz"), actions.Posting(text="And?", parent_id=reply.pk)
    )
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_text(f"Replying to {LONG_NAME}").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    own = page.locator(f"#comment-{reply.pk}")
    own.get_by_text("Reply", exact=True).click()
    own.get_by_label(f"Your reply to {LONG_NAME}").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_quotes_nested_forty_deep_do_not_widen_a_phone_s_page(
    page, live_server, make_article, make_reader
):
    # "> " typed 40 times before a line made 40 nested quotes, each indented by its bar and
    # padding: a 320 px page became 630 px wide, its words off the screen.
    article = make_article()
    actions.post_comment(
        article, make_reader(), actions.Posting(text="> " * 40 + "Deep in the quotes.")
    )
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + article.get_absolute_url())
    words = page.get_by_text("Deep in the quotes.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = words.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320


@pytest.fixture
def narrated(settings, make_article):  # type: ignore[no-untyped-def]
    from masthead.narration.models import Narration
    from masthead.narration.tasks import run_narration
    from tests.support.narration import use_engine

    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="harbour-wall-audio", headline="Harbour wall", body=LONG_BODY)
    assert run_narration(article.pk).status == Narration.Status.READY
    return article


def test_play_after_the_audio_failed_to_load_tries_it_again(page, live_server, narrated):
    # When the audio file failed to load (a dropped connection), the player said "The audio
    # could not be played. Try again later or download it.", but Play never tried again: the
    # audio element stayed failed until the page was reloaded.
    blocked = {"on": True}
    page.route(
        "**/listen/*.mp3*",
        lambda route: route.abort() if blocked["on"] else route.continue_(),
    )
    page.goto(live_server.url + narrated.get_absolute_url())
    page.get_by_role("button", name="Listen to article").click()
    status = page.locator(".player [role=status]")
    status.filter(has_text="could not be played. Press Play to try again").wait_for()

    blocked["on"] = False
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.querySelector('.player audio').currentTime > 0.5")
    assert page.get_by_role("button", name="Pause", exact=True).is_visible()
    assert status.inner_text() == ""
    assert "listen--error" not in (page.locator(".listen").get_attribute("class") or "")


def test_a_printed_article_leaves_out_the_forms_and_buttons_and_keeps_the_words(
    page, live_server, make_article, make_reader
):
    # On paper the page printed its controls: the comment box and "Post comment", a
    # "Recommend" button, "Report" and "Reply" under every comment, the sort links, the
    # header's account links ("My comments", "Log out").
    article = make_article()
    parent = actions.post_comment(article, make_reader("Morgan Lee"), actions.Posting(text="Hi."))
    actions.post_comment(
        article, make_reader("Sam Ortiz"), actions.Posting(text="Hello.", parent_id=parent.pk)
    )
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    controls = [
        page.locator("form[data-comment-form]").first,
        page.get_by_role("button", name="Post comment"),
        page.locator("form[data-like] button").first,
        page.get_by_role("link", name="Report").first,
        page.get_by_text("Reply", exact=True).first,
        page.get_by_role("navigation", name="Sort comments"),
        page.get_by_role("link", name="My comments"),
        page.get_by_role("button", name="Log out"),
    ]
    assert all(control.is_visible() for control in controls)

    page.emulate_media(media="print")
    assert [control for control in controls if control.is_visible()] == []
    for words in (article.headline, "Hi.", "Hello.", "Morgan Lee", "Replying to Morgan Lee"):
        assert page.get_by_text(words, exact=True).first.is_visible(), words
