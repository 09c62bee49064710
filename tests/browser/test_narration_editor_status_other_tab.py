"""The editors' narration status line follows the narration for as long as the page is open, not
only after a "Regenerate" pressed on the page itself: an article saved in another tab (or by
another editor) queues its narration again, and the page open on it said "ready" for audio
being remade. It also says that the article was changed since the page was opened. A settled
page asks rarely and is answered 304 while nothing changed (counted, not timed)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User

from masthead.articles.models import Article
from masthead.narration import actions
from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.browser.conftest import log_in
from tests.support.narration import use_engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "narration-desk-pass-2"
STATUS = "() => document.querySelector('[data-listen-status]').textContent"


def _editor() -> User:
    editor = User.objects.create_user("desk-editor", "ed@example.org", PASSWORD, is_staff=True)
    for codename in ("change_narration", "view_article", "change_article", "publish_article"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    return editor


def _ready_article(settings: Any, make_article: Any) -> Article:
    use_engine(settings, "fake")
    article = make_article(slug="harbour-wall", headline="Harbour wall to be rebuilt")
    assert run_narration(article.pk).status == Narration.Status.READY
    # the worker is away: a save queues the narration and leaves it queued
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return article


def test_a_save_in_another_tab_turns_the_open_pages_ready_line_to_queued_then_ready(
    live_server, page, settings, make_article
):
    article = _ready_article(settings, make_article)
    _editor()
    log_in(page, live_server.url, "desk-editor", PASSWORD, article.get_absolute_url())
    assert page.locator("[data-listen-status]").inner_text() == "ready"
    assert page.locator("[data-listen-edited]").count() == 0

    other = page.context.new_page()  # the same editor, a second tab: the newsroom form
    other.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    other.locator("#id_body").fill(article.body + "\n\nThe council will vote again in May.")
    other.locator("input[name=_save]").click()
    other.wait_for_url(lambda url: url.rstrip("/").endswith("/admin/articles/article"))
    assert Narration.objects.get(article=article).status == Narration.Status.QUEUED

    # the editor comes back to the first tab: it asks at once
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")
    page.wait_for_function(STATUS + " === 'queued'")
    assert not page.locator("[data-listen-stale]").is_hidden()
    assert (
        page.locator("[data-listen-edited]")
        .inner_text()
        .startswith("This article was changed since you opened this page")
    )
    # busy again, it follows the narration by itself to its outcome
    assert run_narration(article.pk).status == Narration.Status.READY
    page.wait_for_function(STATUS + " === 'ready'", timeout=30_000)
    assert page.locator("[data-listen-outcome]").inner_text() == (
        "Narration ready. Reload the page to hear the new audio."
    )
    assert page.locator("[data-listen-stale]").is_hidden()


def _ask(page: Any, ms: int) -> tuple[int, str | None]:
    """Runs the page's clock on `ms` and returns the status.json ask that came of it."""
    with page.expect_response(lambda r: "/status.json" in r.url) as asked:
        page.clock.run_for(ms)
    response = asked.value
    return response.status, response.request.headers.get("if-none-match")


def test_a_settled_line_asks_every_minute_with_its_etag_and_is_answered_304_until_a_change(
    live_server, page, settings, make_article
):
    article = _ready_article(settings, make_article)
    _editor()
    asks: list[str] = []
    page.on("request", lambda r: asks.append(r.url) if "/status.json" in r.url else None)
    page.clock.install()
    log_in(page, live_server.url, "desk-editor", PASSWORD, article.get_absolute_url())
    assert page.locator("[data-listen-status]").inner_text() == "ready"
    page.clock.run_for(50_000)
    assert asks == []  # the page itself was the answer; settled, the next ask is a minute on
    code, sent = _ask(page, 11_000)
    assert code == 200 and sent is None
    code, etag = _ask(page, 61_000)
    assert code == 304 and etag  # nothing changed: no body
    assert _ask(page, 61_000) == (304, etag)

    actions.regenerate(article)  # another editor presses Regenerate
    assert _ask(page, 61_000) == (200, etag)
    page.wait_for_function(STATUS + " === 'queued'")
    assert page.locator("[data-listen-edited]").count() == 0  # the article itself is unchanged
