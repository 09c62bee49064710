"""Read-along by keyboard (found by a QA review: only a mouse could jump to a sentence). While
the player is open the article's sentences are one Tab stop; arrow keys move between them,
Enter plays from the focused one, the one being read has aria-current, focus is visible, Tab
and Escape leave; closed, the sentences are plain text again. axe-core passes with it on."""

from __future__ import annotations

from typing import Any

import pytest

from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.browser.conftest import describe_violations
from tests.support.narration import use_engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "\n\n".join(
    f"Paragraph {n}: both governments have expelled staff since 2022, and each side wants "
    "its buildings returned before the next round of talks."
    for n in range(1, 9)
)

FOCUSED = "() => document.activeElement.classList.contains('narration-sentence')"
FOCUSED_INDEX = "() => Number(document.activeElement.getAttribute('data-sentence'))"


@pytest.fixture
def narrated(settings, make_article):  # type: ignore[no-untyped-def]
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="read-along", headline="Diplomats meet again", body=BODY)
    assert run_narration(article.pk).status == Narration.Status.READY
    return article


def _time(page: Any) -> float:
    return float(page.evaluate("() => document.querySelector('.player audio').currentTime"))


def test_a_keyboard_user_reaches_the_sentences_with_tab_and_plays_from_one_with_enter(
    live_server, page, run_axe, narrated
):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + narrated.get_absolute_url())

    # read-along off: the article is plain text, no sentence is a control or a tab stop
    sentences = page.locator(".narration-sentence")
    assert page.locator(".narration-sentence[role], .narration-sentence[tabindex]").count() == 0

    # open the player from the keyboard, then pause it (k) so the place stays put
    page.get_by_role("button", name="Listen to article").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".article__body .narration-sentence[role='button']", state="attached")
    page.keyboard.press("k")
    page.wait_for_function("() => document.querySelector('.player audio').paused")
    count = sentences.count()
    assert count >= 8
    # one Tab stop among all the sentences, each a button described by the read-along hint
    assert page.locator(".narration-sentence[tabindex='0']").count() == 1
    assert page.locator(".narration-sentence[tabindex='-1']").count() == count - 1
    hint = sentences.first.get_attribute("aria-describedby")
    assert hint and "Enter plays" in page.locator(f"#{hint}").inner_text()

    # Tab from the player reaches the sentences
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED):
            break
    assert page.evaluate(FOCUSED), "no sentence reachable with Tab"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")  # the focus is visible

    # arrow keys move between sentences; the Tab stop moves with the focus
    first = page.evaluate(FOCUSED_INDEX)
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_INDEX) > first
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED_INDEX) == first
    page.keyboard.press("End")
    last = page.evaluate(FOCUSED_INDEX)
    page.keyboard.press("ArrowLeft")
    target_index = page.evaluate(FOCUSED_INDEX)
    assert target_index < last
    assert page.evaluate("() => document.activeElement.getAttribute('tabindex')") == "0"
    assert page.locator(".narration-sentence[tabindex='0']").count() == 1

    # Enter plays from the focused sentence: the audio goes to its start, it becomes the one
    # being read (noted as it happens: on a busy machine it may be read before a later look)
    timings = page.evaluate(
        "() => fetch(document.querySelector('[data-narration]').dataset.timingsUrl)"
        ".then(r => r.json())"
    )
    start = timings["sentences"][target_index]["start"]
    assert _time(page) < start - 1  # paused well before it
    target = page.locator(f".narration-sentence[data-sentence='{target_index}']")
    target.evaluate(
        "(s) => { window.__current = false; new MutationObserver(() => {"
        " if (s.getAttribute('aria-current') === 'true') window.__current = true; })"
        ".observe(s, {attributes: true}); }"
    )
    page.keyboard.press("Enter")
    assert _time(page) >= start - 0.5
    page.wait_for_function("() => window.__current")
    page.wait_for_function("() => !document.querySelector('.player audio').paused")
    assert page.locator(".narration-sentence[aria-current='true']").count() <= 1
    assert page.evaluate(FOCUSED_INDEX) == target_index  # focus stays where the reader is

    # axe-core passes with read-along on and a sentence in focus
    violations = run_axe(page)
    assert not violations, describe_violations(violations)

    # no trap: Tab leaves the sentences, Escape goes back to the player
    page.keyboard.press("Tab")
    assert not page.evaluate(FOCUSED)
    target.focus()
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.getAttribute('data-act')") == "toggle"

    # closed, the sentences are plain text again
    page.get_by_role("button", name="Close the player").click()
    assert page.locator(".narration-sentence[role], .narration-sentence[tabindex]").count() == 0
    assert page.locator(".narration-sentence[aria-current]").count() == 0
    assert not errors, errors
