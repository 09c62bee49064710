"""Selecting words of the article while listening leaves the audio where it is (QA walk as a
reader, 2026-11-30). With the player open a click on a sentence plays from it, and the click
that ends a drag over some words (to copy a quote) counted as one: the audio jumped back to
the start of that sentence (40.3 s to 35.3 s on the QA server). A click that leaves words
selected no longer moves it; a plain click still does."""

from __future__ import annotations

import pytest

from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.support.narration import use_engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "\n\n".join(
    f"Paragraph {n}: both governments have expelled staff since 2022, and each side wants "
    "its buildings returned before the next round of talks."
    for n in range(1, 9)
)

AUDIO = "document.querySelector('.player audio')"


@pytest.fixture
def narrated(settings, make_article):  # type: ignore[no-untyped-def]
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="select-words", headline="Diplomats meet again", body=BODY)
    assert run_narration(article.pk).status == Narration.Status.READY
    return article


def test_selecting_words_of_a_sentence_does_not_move_the_audio(live_server, page, narrated):
    page.goto(live_server.url + narrated.get_absolute_url())
    page.get_by_role("button", name="Listen to article").click()
    page.get_by_role("button", name="Pause").click()
    sentence = page.locator(".article__body .narration-sentence").first
    sentence.scroll_into_view_if_needed()
    page.evaluate(f"() => {{ {AUDIO}.currentTime = {AUDIO}.duration - 2; }}")
    before = float(page.evaluate(f"() => {AUDIO}.currentTime"))
    box = sentence.bounding_box()
    assert box is not None
    y = box["y"] + 8
    page.mouse.move(box["x"] + 4, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 180, y, steps=5)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert abs(float(page.evaluate(f"() => {AUDIO}.currentTime")) - before) < 0.1
    assert page.evaluate("() => getSelection().toString()")  # and the words stay selected

    # A plain click on it still plays from there.
    sentence.click()
    page.wait_for_function(f"() => {AUDIO}.currentTime < {before - 5}")
