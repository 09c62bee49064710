"""When the audio a reader was told is "being prepared" is ready, screen readers are told so
(QA walk as a reader, 2026-11-30). The page said "Audio for this article is being prepared."
in a live region, then, once the audio was ready, took that sentence away and put the
"Listen to article" button in its place without a word: a screen reader user heard nothing
more and had to go looking. The same live region now says the audio can be played (out of
sight: the button says it on the screen)."""

from __future__ import annotations

import pytest

from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.support.narration import use_engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_live_region_that_said_being_prepared_says_when_the_audio_is_ready(
    live_server, page, settings, make_article, run_axe
):
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="ready-announced")
    Narration.objects.create(article=article, status=Narration.Status.QUEUED)
    page.goto(live_server.url + article.get_absolute_url())
    status = page.locator("[data-narration] [role=status]").filter(has_text="being prepared")
    assert status.count() == 1
    status.evaluate("(p) => { window.__said = p; }")  # the element already on the page

    run_narration(article.pk)
    page.get_by_role("button", name="Listen to article").wait_for(timeout=15_000)
    said = page.evaluate("() => window.__said.isConnected && window.__said.textContent")
    assert said == "The audio for this article is ready: press Listen to article."
    assert page.evaluate("() => window.__said.getAttribute('role')") == "status"
    assert not page.get_by_text("being prepared").count()
    assert not run_axe(page)
