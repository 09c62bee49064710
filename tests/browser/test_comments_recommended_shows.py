"""A comment the reader has recommended looks recommended (QA walk as a reader, 2026-11-30).
Its button said so only to screen readers (aria-pressed): on the screen it looked the same as
before, only its count changed, and after a reload a reader could not tell which comments
they had recommended. A pressed Recommend button is now filled."""

from __future__ import annotations

import pytest

from masthead.comments import actions
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOOK = "(b) => { const s = getComputedStyle(b); return [s.backgroundColor, s.color]; }"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_a_recommended_comment_s_button_looks_pressed_before_and_after_a_reload(
    page, live_server, run_axe, make_article, make_reader
):
    article = make_article()
    for name in ("Morgan Lee", "Sam Ortiz"):
        actions.post_comment(article, make_reader(name), actions.Posting(text=f"{name} here."))
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    morgan = page.locator("article.comment", has_text="Morgan Lee here.").get_by_role(
        "button", name="Recommend"
    )
    sam = page.locator("article.comment", has_text="Sam Ortiz here.").get_by_role(
        "button", name="Recommend"
    )
    plain = sam.evaluate(LOOK)
    assert morgan.evaluate(LOOK) == plain

    morgan.click()
    page.wait_for_function(
        "(b) => b.getAttribute('aria-pressed') === 'true'", arg=morgan.element_handle()
    )
    morgan.blur()
    assert morgan.evaluate(LOOK) != plain
    page.reload()
    assert morgan.get_attribute("aria-pressed") == "true"
    assert morgan.evaluate(LOOK) != plain
    assert sam.evaluate(LOOK) == plain
    assert not run_axe(page)  # the filled button's text keeps its contrast


def test_a_recommended_comment_s_button_looks_pressed_in_forced_colours(
    page, live_server, make_article, make_reader
):
    # Contrast themes (forced colours) replace backgrounds and text colours with the theme's,
    # so the fill alone showed nothing there.
    page.emulate_media(forced_colors="active")
    article = make_article()
    for name in ("Morgan Lee", "Sam Ortiz"):
        actions.post_comment(article, make_reader(name), actions.Posting(text=f"{name} here."))
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    morgan = page.locator("article.comment", has_text="Morgan Lee here.").get_by_role(
        "button", name="Recommend"
    )
    sam = page.locator("article.comment", has_text="Sam Ortiz here.").get_by_role(
        "button", name="Recommend"
    )
    morgan.click()
    page.wait_for_function(
        "(b) => b.getAttribute('aria-pressed') === 'true'", arg=morgan.element_handle()
    )
    morgan.blur()
    assert morgan.evaluate(LOOK) != sam.evaluate(LOOK)
