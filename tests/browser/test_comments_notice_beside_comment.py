"""After editing a comment on its own page (no in-page editing), the reader is sent back to
#comment-N in the order they had chosen, and "Your edit is saved" is in sight there (QA walk as
a reader, 2026-11-30): the notice sat above the comments, off the screen, and the order was
lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from masthead.comments import actions
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_the_edit_notice_is_in_sight_beside_the_comment_in_the_chosen_order(
    page, live_server, make_article, make_reader, masthead_settings, run_axe
):
    masthead_settings(COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    other = make_reader("Other", email="other@example.org")
    author = make_reader("Author", email="author@example.org")
    for n in range(8):
        actions.post_comment(
            article, other, actions.Posting(text=f"Earlier view {n}. " + "Words here. " * 40)
        )
    own = actions.post_comment(article, author, actions.Posting(text="My first words."))
    url = article.get_absolute_url() + "?sort=oldest"
    page.set_viewport_size({"width": 1000, "height": 700})
    log_in(page, live_server.url, "author@example.org", READER_PASSWORD, url)
    # The Edit link's address (the form's own page; comments.js may open it in place instead).
    edit = page.locator(f"#comment-{own.pk}").get_by_role("link", name="Edit")
    assert edit.get_attribute("href") == f"/comments/{own.pk}/edit/?sort=oldest"
    page.goto(f"{live_server.url}/comments/{own.pk}/edit/?sort=oldest")
    page.locator("#edit-text").fill("My second words.")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(lambda u: f"?sort=oldest#comment-{own.pk}" in u)
    notice = page.get_by_text("Your edit is saved.")
    expect(notice).to_be_in_viewport()
    expect(page.locator(f"#comment-{own.pk}")).to_be_in_viewport()
    expect(page.locator(".comments__sort [aria-current]")).to_have_text("Oldest")
    assert run_axe(page) == []
