"""The comment form without JavaScript, in headless Chromium with scripts turned off: the form is
sent by the browser itself and the server's answer (comments/form_error.html) is all the reader
gets. tests/integration/test_comments_nojs_field_errors.py checks the answer's HTML for each
kind of refusal; this shows a reader's browser landing on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import describe_violations
from tests.support.comment_fixtures import BY_KEYWORD
from tests.support.phone import SMALL_PHONE, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


@pytest.fixture
def phone_without_js(browser: Any) -> Iterator[Any]:
    with phone_page(browser, java_script_enabled=False) as page:
        yield page


def test_without_javascript_a_refused_guest_name_is_said_under_the_name_field(
    browser, phone_without_js, live_server, make_article, masthead_settings, run_axe
):
    # Until 2026-11-30 the answer said "A display name needs at least 2 characters." under the
    # comment box, two fields below the name, with nothing on the name field to say so; and it
    # opened at the top of the page, above the site's header and the article's title.
    page = phone_without_js
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    page.goto(live_server.url + article.get_absolute_url())
    form = page.locator("form[data-comment-form]:not([data-parent])")
    form.get_by_role("textbox", name="Display name").fill("P")
    form.get_by_role("textbox", name="E-mail (never shown)").fill("pat@example.org")
    form.get_by_role("textbox", name="Your comment").fill("Good news for the yard.")
    form.get_by_role("button", name="Post comment").tap()

    page.wait_for_url(f"**/comments/article/{article.pk}/post/#comment-retry")
    # No page.evaluate here: with scripts off it never returns. Locators need no page script.
    retry = page.locator("#comment-retry")
    name = retry.get_by_role("textbox", name="Display name")
    assert name.get_attribute("aria-invalid") == "true"
    error_id = name.get_attribute("aria-describedby")
    assert error_id == "retry-name-error"
    error = retry.locator(f".field:has(#retry-name) #{error_id}")  # in the name's own .field
    assert error.inner_text() == "A display name needs at least 2 characters."
    assert retry.locator("[data-form-error]").inner_text() == ""  # said once
    # Nothing typed is lost.
    assert name.input_value() == "P"
    assert retry.get_by_role("textbox", name="E-mail (never shown)").input_value() == (
        "pat@example.org"
    )
    assert retry.get_by_role("textbox", name="Your comment").input_value() == (
        "Good news for the yard."
    )
    # The page opened at the form (the heading above it scrolled away), the name field and its
    # message under it on the screen.
    assert page.get_by_role("heading", level=1).bounding_box()["y"] < 0
    field, said = name.bounding_box(), error.bounding_box()
    assert field["y"] >= 0 and field["y"] + field["height"] <= said["y"]
    assert said["y"] + said["height"] <= SMALL_PHONE["height"]

    # axe needs scripts: the same answer, as the browser got it, in a page with them on.
    html = page.content()
    context = browser.new_context(viewport=SMALL_PHONE, is_mobile=True, locale="en-GB")
    try:
        checked = context.new_page()
        answer = page.url.split("#")[0]
        checked.route(answer, lambda route: route.fulfill(body=html, content_type="text/html"))
        checked.goto(answer + "#comment-retry")
        violations = run_axe(checked)
    finally:
        context.close()
    assert violations == [], describe_violations(violations)
