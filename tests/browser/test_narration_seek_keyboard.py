"""The position slider follows the audio while it has keyboard focus (QA walk as a reader,
2026-11-30). The player stopped moving the slider whenever it had focus (meant for a drag), so
after a keyboard user moved it with the arrow keys it stood still while the audio played on,
and the next Right arrow ("forward") took the audio back to just after where the slider had
been left: from 0:08 to 0:06. It now stands still only while a pointer holds it. Also from
that walk: the sentence being read stays marked in contrast themes (forced colours)."""

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
SLIDER = "document.querySelector('[data-seek]')"


@pytest.fixture
def narrated(settings, make_article):  # type: ignore[no-untyped-def]
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="seek-by-keys", headline="Diplomats meet again", body=BODY)
    assert run_narration(article.pk).status == Narration.Status.READY
    return article


def test_the_slider_follows_the_audio_while_focused_and_right_arrow_goes_forward(
    live_server, page, narrated
):
    page.goto(live_server.url + narrated.get_absolute_url())
    page.get_by_role("button", name="Listen to article").click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2")
    slider = page.get_by_role("slider", name="Position in the audio")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    moved_to = float(page.evaluate(f"() => {AUDIO}.currentTime"))

    # It plays on, and the slider, still focused, goes with it.
    page.wait_for_function(f"() => {AUDIO}.currentTime > {moved_to + 2.5}")
    assert page.evaluate("() => document.activeElement.matches('[data-seek]')")
    page.wait_for_function(
        f"() => Math.abs(Number({SLIDER}.value) - Math.floor({AUDIO}.currentTime)) <= 1"
    )
    before = float(page.evaluate(f"() => {AUDIO}.currentTime"))
    page.keyboard.press("ArrowRight")
    after = float(page.evaluate(f"() => {AUDIO}.currentTime"))
    assert after >= before, (before, after)


def test_the_sentence_being_read_stays_marked_in_forced_colours(live_server, page, narrated):
    # Windows' contrast themes (forced colours) replace page backgrounds with the theme's, so
    # the read-along highlight, a background, vanished for the readers who use them. In
    # forced colours it now takes the theme's own highlight colours (Mark, MarkText).
    page.emulate_media(forced_colors="active")
    page.goto(live_server.url + narrated.get_absolute_url())
    page.get_by_role("button", name="Listen to article").click()
    spoken = page.locator(".narration-sentence.is-spoken")
    spoken.first.wait_for()
    page.evaluate(f"() => {AUDIO}.pause()")
    # Not the page's own background colour (the theme's Canvas, which it became before; its
    # alpha aside: the tint fades in).
    rgb = "(e) => getComputedStyle(e).backgroundColor.match(/[0-9.]+/g).slice(0, 3).join()"
    page_colour = page.locator("body").evaluate(rgb)
    assert spoken.first.evaluate(rgb) != page_colour
