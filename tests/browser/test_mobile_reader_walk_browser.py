"""Defects a QA walk of the article page on phones (320x568 with touch) and with assistive
settings (zoom, larger text, forced colours) found on 2026-11-30 (mobile), each shown in
headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 320, "height": 568}


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page in a small phone's browser: 320 x 568 CSS px, touch, mobile viewport rules."""
    context = browser.new_context(
        viewport=SMALL_PHONE, has_touch=True, is_mobile=True, device_scale_factor=2, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


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
