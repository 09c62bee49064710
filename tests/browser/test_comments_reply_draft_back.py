"""A reply the reader was writing is in sight again after going Back (QA walk as a reader,
2026-11-30). The browser puts typed text back into the page's boxes when it loads the page
again for Back, Forward or a reload, but the reply form it belongs to was closed again (a
`<details>` opens only on a click), so the reader's words looked lost: only opening "Reply"
again showed them. comments.js now opens a reply form that holds text when the page loads,
without moving focus."""

from __future__ import annotations

import pytest

from masthead.comments import actions
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_a_reply_being_written_is_open_again_after_going_back(
    page, live_server, make_article, make_reader
):
    article = make_article()
    for name in ("Morgan Lee", "Sam Ortiz"):
        actions.post_comment(article, make_reader(name), actions.Posting(text=f"{name} here."))
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    morgan = page.locator("article.comment", has_text="Morgan Lee here.")
    morgan.get_by_text("Reply", exact=True).click()
    morgan.get_by_label("Your reply to Morgan Lee").fill("Half a reply, to finish after reading")

    page.goto(live_server.url + "/comments/faq/")
    page.go_back()
    page.wait_for_url(lambda url: article.get_absolute_url() in url)
    page.wait_for_load_state("load")
    box = morgan.get_by_label("Your reply to Morgan Lee")
    assert box.input_value() == "Half a reply, to finish after reading"
    box.wait_for(state="visible", timeout=5_000)
    # Only the form that holds words opens, and nothing takes focus on its own.
    sam = page.locator("article.comment", has_text="Sam Ortiz here.")
    assert not sam.get_by_label("Your reply to Sam Ortiz").is_visible()
    assert page.evaluate("() => document.activeElement.tagName") == "BODY"
