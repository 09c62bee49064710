"""Defects a QA walk of the article page on phones (320x568 with touch) and with assistive
settings (zoom, larger text, forced colours) found on 2026-11-30 (mobile), each shown in
headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD
from tests.support.phone import SMALL_PHONE, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page in a small phone's browser: 320 x 568 CSS px, touch, mobile viewport rules."""
    with phone_page(browser, device_scale_factor=2) as page:
        yield page


def test_a_sign_up_error_is_under_its_field_which_takes_the_focus_and_names_it(
    phone, live_server, run_axe
):
    # The message ("The two passwords differ.") was at the top of the page, above the form,
    # tied to no field: on a phone the password fields to fix were a screen further down, and
    # nothing took the focus, so a screen reader user heard nothing of it.
    phone.goto(f"{live_server.url}/accounts/signup/")
    phone.locator("#signup-email").fill("casey@example.org")
    phone.locator("#signup-name").fill("Casey Rowe")
    phone.locator("#signup-password").fill("harbour-wall-2026")
    phone.locator("#signup-password2").fill("harbour-wall-2027")
    phone.get_by_role("button", name="Create account").tap()

    phone.wait_for_function("() => document.activeElement.id === 'signup-password'")
    password = phone.locator("#signup-password")
    assert password.get_attribute("aria-invalid") == "true"
    described = phone.evaluate(
        "() => document.getElementById('signup-password').getAttribute('aria-describedby')"
        ".split(' ').map((id) => document.getElementById(id).textContent.trim())"
    )
    assert described == ["The two passwords differ."]
    # Under the field, in its own paragraph, and on the screen with it.
    assert phone.evaluate(
        "() => { const e = document.getElementById('signup-error');"
        " const f = document.getElementById('signup-password');"
        " return e.closest('.field') === f.closest('.field')"
        " && !!(f.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)"
        " && e.getBoundingClientRect().bottom <= innerHeight; }"
    )
    assert phone.locator(".account > .error").count() == 0  # not said twice
    assert run_axe(phone) == []


def test_a_comment_refused_for_its_text_gives_the_focus_back_to_the_box(
    phone, live_server, make_article, make_reader
):
    # "Post comment" is disabled while the comment is on its way, which takes the focus from
    # it; on a refusal ("Please write something before posting.") the focus was left on the
    # page's <body>: the next Tab started from the top of the page, and on a phone the
    # on-screen keyboard was gone with the box to fix.
    article = make_article()
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(phone, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    form = phone.locator("form[data-comment-form]:not([data-parent])")
    form.get_by_role("button", name="Post comment").tap()

    form.locator("[data-form-error]").filter(has_text="Please write something").wait_for()
    phone.wait_for_function(
        "() => document.activeElement === "
        "document.querySelector('form[data-comment-form]:not([data-parent]) textarea')"
    )
    box = form.get_by_role("textbox", name="Your comment")
    assert box.get_attribute("aria-invalid") == "true"


def test_a_comment_that_could_not_be_sent_gives_the_focus_back_to_its_button(
    phone, live_server, make_article, make_reader
):
    # The same when the site could not be reached: the text is kept and the focus goes back to
    # "Post comment", to try again, not to the top of the page.
    article = make_article()
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(phone, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    phone.route("**/comments/**", lambda route: route.abort())
    form = phone.locator("form[data-comment-form]:not([data-parent])")
    form.get_by_role("textbox", name="Your comment").fill("The ferry timetable is wrong.")
    form.get_by_role("button", name="Post comment").tap()

    form.locator("[data-form-error]").filter(has_text="We could not reach the site").wait_for()
    phone.wait_for_function(
        "() => document.activeElement === document.querySelector("
        "'form[data-comment-form]:not([data-parent]) button[type=submit]')"
    )
    assert form.get_by_role("textbox", name="Your comment").input_value() == (
        "The ferry timetable is wrong."
    )


def test_a_guest_name_refused_is_said_under_the_name_field(
    phone, live_server, make_article, masthead_settings
):
    # With guest comments on, a refused name ("A display name needs at least 2 characters.")
    # was said under the comment box, 310 px below the name field that took the focus: with a
    # phone's on-screen keyboard up, out of sight.
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    phone.goto(live_server.url + article.get_absolute_url())
    form = phone.locator("form[data-comment-form]:not([data-parent])")
    form.get_by_role("textbox", name="Display name").fill("P")
    form.get_by_role("textbox", name="E-mail (never shown)").fill("pat@example.org")
    form.get_by_role("textbox", name="Your comment").fill("Good news for the yard.")
    form.get_by_role("button", name="Post comment").tap()

    phone.wait_for_function("() => document.activeElement.name === 'guest_name'")
    name = form.get_by_role("textbox", name="Display name")
    assert name.get_attribute("aria-invalid") == "true"
    message = phone.evaluate(
        "() => { const f = document.activeElement;"
        " const e = document.getElementById(f.getAttribute('aria-describedby'));"
        " return e.closest('.field') === f.closest('.field') ? e.textContent : null; }"
    )
    assert message == "A display name needs at least 2 characters."
    assert form.locator("[data-form-error]").inner_text() == ""  # said once
    assert form.get_by_role("textbox", name="Your comment").get_attribute("aria-invalid") != "true"


# --- Listen to article: the page follows the voice -----------------------------------------

READ_ALONG_BODY = "\n\n".join(
    f"Paragraph {n}: the night bus will stop at the hospital, the retail park and the "
    "Corn Exchange, every hour until four in the morning, from the first Friday of next month."
    for n in range(1, 10)
)
AUDIO = "document.querySelector('.player audio')"
SPANS = "document.querySelectorAll('.narration-sentence')"


@pytest.fixture
def narrated(settings, make_article):  # type: ignore[no-untyped-def]
    from masthead.narration.models import Narration
    from masthead.narration.tasks import run_narration
    from tests.support.narration import use_engine

    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="night-buses", headline="Night buses return", body=READ_ALONG_BODY)
    assert run_narration(article.pk).status == Narration.Status.READY
    return article


def _open_player_at_sentence_above_the_bar(page: Any, url: str) -> int:
    """Open the player, put the audio (paused) at a body sentence and scroll the page so that
    this sentence ends just above the docked player and the next one is under it. Returns
    the sentence's index."""
    page.goto(url)
    page.get_by_role("button", name="Listen to article").tap()
    page.wait_for_function(f"() => !{AUDIO}.paused")
    page.evaluate(f"() => {AUDIO}.pause()")
    page.wait_for_function(f"() => {AUDIO}.paused")
    # The sentence spans are made once the timings have arrived, which may be after play.
    page.wait_for_function(f"() => {SPANS}.length > 8")
    index = int(page.evaluate(f"() => {SPANS}.length")) - 4
    start = page.evaluate(
        "async () => (await (await fetch(document.querySelector('[data-narration]')"
        ".dataset.timingsUrl)).json()).sentences"
    )[index]["start"]
    page.evaluate(f"() => {{ {AUDIO}.currentTime = {start} + 0.05; }}")
    page.wait_for_function(f"() => {SPANS}[{index}].classList.contains('is-spoken')")
    page.evaluate(f"() => {SPANS}[{index}].scrollIntoView({{block: 'center'}})")
    page.locator(".listen--docked .player").wait_for()
    # The sentence's end 8 px above the docked bar.
    page.evaluate(
        f"() => window.scrollBy(0, {SPANS}[{index}].getBoundingClientRect().bottom"
        " - document.querySelector('.player').getBoundingClientRect().top + 8)"
    )
    assert page.evaluate(
        f"() => {SPANS}[{index + 1}].getBoundingClientRect().top"
        " >= document.querySelector('.player').getBoundingClientRect().top"
    ), "the next sentence should start under the docked player"
    return index


def test_read_along_scrolls_the_next_sentence_out_from_under_the_docked_player(
    phone, live_server, narrated
):
    # On a 320 x 568 phone the docked player covers the lowest 170 px. The highlight went on
    # down the page under it and off the screen: a reader following the words lost them at
    # every screenful. The page now follows the voice while the reader follows it.
    index = _open_player_at_sentence_above_the_bar(
        phone, live_server.url + narrated.get_absolute_url()
    )
    phone.get_by_role("button", name="Play", exact=True).tap()
    phone.wait_for_function(
        f"() => {{ const s = {SPANS}[{index + 1}]; const r = s.getBoundingClientRect();"
        " return s.classList.contains('is-spoken') && r.top >= 0"
        " && r.bottom <= document.querySelector('.player').getBoundingClientRect().top; }"
    )


def test_read_along_leaves_a_reader_who_scrolled_away_where_they_are(
    browser, live_server, narrated
):
    # Following the voice must not fight the reader: one who has scrolled elsewhere (the
    # sentence being read out of sight) stays there when the next sentence starts. Reduced
    # motion: a scroll made would be instant, so none seen two frames on is none made.
    context = browser.new_context(
        viewport=SMALL_PHONE, has_touch=True, is_mobile=True, reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        index = _open_player_at_sentence_above_the_bar(
            page, live_server.url + narrated.get_absolute_url()
        )
        page.evaluate("() => window.scrollTo(0, document.getElementById('comments').offsetTop)")
        page.wait_for_function(f"() => {SPANS}[{index}].getBoundingClientRect().bottom < 0")
        where = page.evaluate("() => window.scrollY")
        page.get_by_role("button", name="Play", exact=True).tap()
        page.wait_for_function(f"() => {SPANS}[{index + 1}].classList.contains('is-spoken')")
        page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        assert page.evaluate("() => window.scrollY") == where
    finally:
        context.close()


def test_at_400_percent_zoom_the_player_is_not_docked_over_the_text(browser, live_server, narrated):
    # A 1280 x 1024 window zoomed to 400% is 320 x 256 CSS px. Docked, the player (three rows
    # of 44 px controls, 170 px) covered two thirds of it and the text was read through a
    # slot 86 px high. In a short window it now stays in its place in the article.
    context = browser.new_context(viewport={"width": 320, "height": 256}, device_scale_factor=4)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(live_server.url + narrated.get_absolute_url())
        page.get_by_role("button", name="Listen to article").click()
        page.wait_for_function(f"() => !{AUDIO}.paused")
        page.evaluate("() => window.scrollTo(0, document.getElementById('comments').offsetTop)")
        page.wait_for_function(
            "() => document.querySelector('.listen--docked')"
            " && document.querySelector('.player').getBoundingClientRect().bottom <= 0"
        )
        assert page.evaluate("() => parseFloat(getComputedStyle(document.body).paddingBottom)") == 0
    finally:
        context.close()


def test_with_text_at_200_percent_the_listen_button_fits_a_320_px_screen(
    phone, live_server, narrated
):
    # Text enlarged to 200% on a 320 px phone: "Listen to article (1:20)" was one row 357 px
    # wide, past the screen's edge, and the page scrolled sideways. The length now wraps.
    phone.goto(live_server.url + narrated.get_absolute_url())
    phone.get_by_role("button", name="Listen to article").wait_for()
    phone.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    phone.wait_for_function(
        "() => { const d = document.documentElement;"
        " const r = document.querySelector('[data-listen-start]').getBoundingClientRect();"
        " return getComputedStyle(d).fontSize === '32px'"
        " && r.right <= d.clientWidth && d.scrollWidth <= d.clientWidth; }"
    )


def test_the_text_stays_put_when_the_player_docks_and_when_it_is_closed(
    phone, live_server, narrated
):
    # Scrolled past, the player left the page's flow to dock at the bottom, and everything
    # below its place moved up by its height: on a 320 px phone the paragraph being read
    # jumped 238 px up just as the reader scrolled. Closed with a tap far down the page, its
    # place shrank to the Listen button and the text jumped again.
    phone.goto(live_server.url + narrated.get_absolute_url())
    phone.get_by_role("button", name="Listen to article").tap()
    phone.wait_for_function(f"() => !{AUDIO}.paused")
    phone.evaluate(f"() => {AUDIO}.pause()")
    top = "() => document.querySelectorAll('.article__body p')[6].getBoundingClientRect().top"
    before = phone.evaluate(top)
    phone.evaluate("() => window.scrollBy({top: 900, behavior: 'instant'})")
    phone.locator(".listen--docked .player").wait_for()
    assert abs(phone.evaluate(top) - (before - 900)) <= 1  # sub-pixel rounding

    phone.get_by_role("button", name="Close the player").tap()
    phone.wait_for_function("() => !document.querySelector('.listen--docked')")
    assert abs(phone.evaluate(top) - (before - 900)) <= 1  # sub-pixel rounding
