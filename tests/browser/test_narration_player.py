"""The "Listen to article" player in a real browser: it plays, the speed changes, the sentence
and the word being read are highlighted, a click on a sentence jumps there, it is reachable by
keyboard, remembers the place, docks while scrolling and passes axe-core, on a desktop and a
phone; while an article's first narration is still being made it plays the parts ready so far
and moves on to the joined file; a narration started again meanwhile is followed from the same
moment; a failure says so."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.db import connection

from masthead.articles.models import Article
from masthead.narration import actions, tasks
from masthead.narration.engines.base import EngineError, Synthesis
from masthead.narration.engines.fake import FakeEngine
from masthead.narration.models import Narration, NarrationPart
from masthead.narration.tasks import run_narration
from tests.browser.conftest import DESKTOP, PHONE, describe_violations
from tests.support.narration import use_engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "\n\n".join(
    [
        "Russian and American diplomats met in Istanbul on Thursday. The talks were about embassies.",
        "## Six hours of talks",
        "State television said the meeting was expected to last five to six hours. "
        "Officials from both sides called the first round useful.",
    ]
    + [
        f"Paragraph {n} of background: both governments have expelled staff since 2022, "
        "and each side wants its buildings returned."
        for n in range(1, 6)
    ]
)


@pytest.fixture(scope="module")
def piper_cache(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One part cache for this module's Piper narrations of BODY: the first test that needs it
    has Piper speak it (seconds of real synthesis), the later ones take the same parts from the
    cache, as a second run of the site does."""
    return tmp_path_factory.mktemp("piper-cache")


@pytest.fixture
def narrated(settings, make_article, piper_cache):  # type: ignore[no-untyped-def]
    use_engine(settings, "piper")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_CACHE_DIR": str(piper_cache)}
    article = make_article(slug="istanbul-talks", headline="Diplomats meet in Istanbul", body=BODY)
    narration = run_narration(article.pk)
    assert narration.status == Narration.Status.READY, narration.reason
    return article


def _current_time(page) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate("() => document.querySelector('.player audio').currentTime"))


def test_listen_plays_changes_speed_and_highlights_the_sentence_being_read(
    live_server, page, run_axe, artifacts, narrated
):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.goto(live_server.url + narrated.get_absolute_url())

    start = page.get_by_role("button", name="Listen to article")
    assert start.is_visible()
    assert ":" in page.locator(".listen__length").inner_text()  # duration known before playing
    start.click()

    # playback advances
    page.wait_for_function("() => document.querySelector('.player audio').currentTime > 1.0")
    page.get_by_role("button", name="Pause").wait_for()
    assert not start.is_visible()  # the button gives way to the player

    # a sentence is highlighted, and it is in the article text
    page.wait_for_selector(".narration-sentence.is-spoken")
    spoken = page.locator(".narration-sentence.is-spoken").inner_text()
    assert spoken in (narrated.headline + " " + narrated.standfirst + " " + BODY)

    # so is the word being read (Piper's word timings), inside the highlighted sentence
    page.wait_for_selector(".narration-sentence.is-spoken .narration-word.is-word")
    assert page.locator(".narration-word.is-word").count() == 1
    word = page.locator(".narration-word.is-word").inner_text()
    assert word and word in page.locator(".narration-sentence.is-spoken").inner_text()
    assert page.locator(".narration-word[role], .narration-word[aria-live]").count() == 0

    # the speed change takes effect: the audio runs faster than the clock
    page.get_by_label("Playback speed").select_option("2")
    assert page.evaluate("() => document.querySelector('.player audio').playbackRate") == 2
    before, started = _current_time(page), time.monotonic()
    page.wait_for_timeout(2000)
    advanced, elapsed = _current_time(page) - before, time.monotonic() - started
    assert advanced / elapsed > 1.4, (advanced, elapsed)
    # back to the usual speed: the rest of the test needs the audio still playing
    page.get_by_label("Playback speed").select_option("1")

    # clicking a sentence jumps to it (the one before the last: there is audio after it). Its
    # highlight is noted as it happens, not looked for later: on a busy machine the page's
    # polls may come only after the sentence has been read.
    sentences = page.locator(".article__body p .narration-sentence")
    target = sentences.nth(sentences.count() - 2)
    target.evaluate(
        "(s) => { window.__jumpedTo = s.classList.contains('is-spoken');"
        " new MutationObserver(() => { if (s.classList.contains('is-spoken'))"
        " window.__jumpedTo = true; }).observe(s, {attributes: true}); }"
    )
    assert page.evaluate("() => window.__jumpedTo") is False  # not there before the click
    target.click()
    page.wait_for_function("() => window.__jumpedTo")

    # back 15 seconds, then pause from the keyboard
    position, read_at = _current_time(page), time.monotonic()
    page.get_by_role("button", name="Back 15 seconds").click()
    now = _current_time(page)
    # it plays on while the click is made: longer on a busy machine
    played_meanwhile = time.monotonic() - read_at
    assert now <= max(0.0, position - 15) + played_meanwhile + 0.5, (position, now)
    page.get_by_role("button", name="Pause").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.player audio').paused")
    page.get_by_role("button", name="Play", exact=True).wait_for()

    # targets are at least 24 px
    for name in ["Play", "Back 15 seconds", "Forward 15 seconds", "Close the player"]:
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, name

    violations = run_axe(page)
    page.screenshot(path=str(artifacts / "narration-player-desktop.png"), full_page=False)
    assert not violations, describe_violations(violations)
    assert not errors, errors


def test_the_player_remembers_the_place_and_stays_reachable_on_a_phone(
    live_server, browser, run_axe, artifacts, narrated
):
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        url = live_server.url + narrated.get_absolute_url()
        page.goto(url)
        page.get_by_role("button", name="Listen to article").click()
        page.wait_for_function("() => document.querySelector('.player audio').currentTime > 0.5")
        page.get_by_role("button", name="Forward 15 seconds").click()
        page.get_by_role("button", name="Pause").click()
        place = _current_time(page)
        assert place > 14

        # scrolled away, the player docks at the bottom of the screen
        page.get_by_role("button", name="Play", exact=True).click()
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_selector(".listen--docked .player")
        toggle = page.get_by_role("button", name="Pause")
        box = toggle.bounding_box()
        assert box is not None and 0 <= box["y"] <= PHONE["height"] - box["height"]
        page.screenshot(path=str(artifacts / "narration-player-phone-docked.png"))
        violations = run_axe(page)
        assert not violations, describe_violations(violations)
        toggle.click()
        place = _current_time(page)

        # a new visit continues where the reader stopped
        page.goto(url)
        page.get_by_role("button", name="Listen to article").click()
        page.get_by_role("button", name="Pause").click()
        assert _current_time(page) >= place - 1
    finally:
        context.close()


def test_while_audio_is_prepared_the_page_waits_then_offers_the_player(
    live_server, page, settings, make_article
):
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="pending-story")
    Narration.objects.create(article=article, status=Narration.Status.QUEUED)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_text("Audio for this article is being prepared.").is_visible()
    assert page.locator("audio").count() == 0
    run_narration(article.pk)  # the worker finishes; the page picks it up without a reload
    page.get_by_role("button", name="Listen to article").wait_for(timeout=15_000)


class SlowEngine(FakeEngine):
    """The fake voice, taking `seconds` per part: a narration that is visibly in progress.

    With `hold` (text as spoken, e.g. "Paragraph twelve"), the part that says it waits until
    the test sets `go_on`: the run stays unfinished for as long as the test needs, whatever
    the speed of the parts before it; `held` is set once a part has reached it."""

    def __init__(self, seconds: float, hold: str | None = None) -> None:
        super().__init__()
        self.seconds = seconds
        self.hold = hold
        self.held = threading.Event()
        self.go_on = threading.Event()

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        if self.hold and any(self.hold in sentence for sentence in sentences):
            self.held.set()
            self.go_on.wait(120)
        time.sleep(self.seconds)
        return super().synthesize(sentences)


LONG_BODY = "\n\n".join(
    f"Paragraph {n}: both governments have expelled staff since 2022, and each side wants "
    "its buildings returned before the next round of talks."
    for n in range(1, 13)
)


def _narrate_in_background(article_id: int) -> threading.Thread:
    def work() -> None:
        try:
            run_narration(article_id)
        finally:
            connection.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def _queued_with_slow_voice(settings, monkeypatch, make_article, engine, **article: Any):
    """An article whose narration is queued and will be read by `engine` (not on publish)."""
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    monkeypatch.setattr(tasks, "ready_engine", lambda: (engine, ""))
    made = make_article(**article)
    Narration.objects.create(article=made, status=Narration.Status.QUEUED)
    return made


def _position(page: Any) -> float:
    """Seconds into the whole narration, as the player shows them."""
    text = page.locator("[data-elapsed]").inner_text()
    minutes, seconds = text.split(":")[-2:]
    return int(minutes) * 60 + int(seconds)


def test_playback_starts_before_the_narration_is_complete_and_moves_to_the_file(
    live_server, page, settings, make_article, monkeypatch
):
    # the voice stops before the last paragraph until the test has seen the parts played
    engine = SlowEngine(0.1, hold="Paragraph twelve")
    article = _queued_with_slow_voice(
        settings,
        monkeypatch,
        make_article,
        engine,
        slug="slow-story",
        headline="Talks resume",
        body=LONG_BODY,
    )
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_text("Audio for this article is being prepared.").is_visible()

    worker = _narrate_in_background(article.pk)
    try:
        start = page.get_by_role("button", name="Listen to article")
        start.wait_for(timeout=15_000)
        assert page.locator(".listen__length").inner_text() == "being prepared"
        start.click()
        page.wait_for_function("() => document.querySelector('.player audio').currentTime > 0.5")
        # playing, from the parts, while the worker is still synthesising
        assert page.locator(".player[data-mode=parts]").count() == 1
        narration = Narration.objects.get(article=article)
        assert narration.status == Narration.Status.GENERATING
        assert 0 < narration.progress < 100
        assert page.get_by_role("button", name="Pause").is_visible()
        assert page.locator(".player__download").is_hidden()  # no file to download yet
        page.wait_for_selector(".narration-sentence.is-spoken")
        page.wait_for_selector(".narration-word.is-word")  # the fake voice times words too
        assert worker.is_alive()  # the last part is still to come

        # playback carries on from part to part, and into the joined file once it is ready
        engine.go_on.set()
        page.wait_for_function(
            "() => document.querySelector('.player[data-mode=file]')", timeout=30_000
        )
        worker.join(timeout=30)
        assert engine.held.is_set()
        assert Narration.objects.get(article=article).status == Narration.Status.READY
        before = _position(page)
        # still advancing, in the file now
        page.wait_for_function(
            "(t) => { const e = document.querySelector('[data-elapsed]').textContent.split(':');"
            " return Number(e[0]) * 60 + Number(e[1]) >= t + 1; }",
            arg=before,
        )
        assert page.locator(".player[data-mode=file]").count() == 1
        assert page.get_by_role("button", name="Pause").is_visible()
        assert page.locator(".player__download").is_visible()
        assert not errors, errors
    finally:
        engine.go_on.set()
        worker.join(timeout=60)


def test_when_playback_catches_up_with_the_voice_it_waits_and_carries_on(
    live_server, page, settings, make_article, monkeypatch
):
    body = "\n\n".join(f"Short paragraph {n} here." for n in range(1, 6))
    # a voice slower than the speech: it makes the headline and the first paragraph (about
    # a second of speech each), then stops until the test has seen playback wait for it
    engine = SlowEngine(0.1, hold="paragraph two")
    article = _queued_with_slow_voice(
        settings,
        monkeypatch,
        make_article,
        engine,
        slug="catch-up",
        headline="Talks",
        standfirst="",
        body=body,
    )
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_PARALLEL": 1}  # one part at a time
    page.goto(live_server.url + article.get_absolute_url())
    worker = _narrate_in_background(article.pk)
    try:
        _wait_until(engine.held.is_set, 30, "the voice has made what it makes at first")
        page.get_by_role("button", name="Listen to article").click(timeout=15_000)
        page.wait_for_selector(".listen--waiting")  # played all there was: waiting, not stopped
        assert page.get_by_role("button", name="Pause").is_visible()
        assert worker.is_alive()
        waited_at = _position(page)
        # the next part arrives and playback goes on by itself, into the file at the end
        engine.go_on.set()
        page.wait_for_function(
            "() => document.querySelector('.player[data-mode=file]')", timeout=30_000
        )
        page.wait_for_function(
            "(t) => { const e = document.querySelector('[data-elapsed]').textContent.split(':');"
            " return Number(e[0]) * 60 + Number(e[1]) > t; }",
            arg=waited_at,
        )
    finally:
        engine.go_on.set()
        worker.join(timeout=60)


def test_a_narration_that_fails_midway_says_so_instead_of_a_broken_player(
    live_server, page, settings, make_article, monkeypatch
):
    # the part that fails waits until the reader is listening
    engine = SlowEngine(0.1, hold="Paragraph six")
    engine.fail_on = "Paragraph six"  # as spoken
    article = _queued_with_slow_voice(
        settings,
        monkeypatch,
        make_article,
        engine,
        slug="failing-story",
        headline="Talks stall",
        body=LONG_BODY,
    )
    page.goto(live_server.url + article.get_absolute_url())
    worker = _narrate_in_background(article.pk)
    try:
        page.get_by_role("button", name="Listen to article").click(timeout=15_000)
        page.get_by_role("button", name="Pause").wait_for()
        engine.go_on.set()
        page.get_by_text("could not be prepared").wait_for(timeout=30_000)
        assert page.locator(".player").is_hidden()
        assert page.get_by_role("button", name="Listen to article").count() == 0
    finally:
        engine.go_on.set()
        worker.join(timeout=60)
    assert engine.held.is_set()
    assert Narration.objects.get(article=article).status == Narration.Status.FAILED


class DyingEngine(SlowEngine):
    """The slow fake voice whose first worker stops after `parts` parts, as a killed worker
    would, until `release` is set (then it crashes); other workers are not affected."""

    def __init__(self, seconds: float, parts: int) -> None:
        super().__init__(seconds)
        self.parts = parts
        self.first: int | None = None
        self.made = 0
        self.release = threading.Event()

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        if self.first is None:
            self.first = threading.get_ident()
        if self.first == threading.get_ident():
            if self.made >= self.parts:
                self.release.wait(120)
                raise EngineError("the worker was killed")
            self.made += 1
        return super().synthesize(sentences)


LONGER_HEADLINE = (
    "Talks resume in Istanbul as both governments send larger delegations and promise to "
    "settle the question of the embassies before the end of the year"
)


def _note_recorded_parts(monkeypatch: Any) -> list[tuple[int | None, int]]:
    """(run, index) of each part the workers record, noted as they do: the test learns how far
    a worker is without reading the tables it writes to (in the in-memory test database a
    reader's table lock makes that write fail with "database table is locked")."""
    recorded: list[tuple[int | None, int]] = []
    record_progress = actions.record_progress

    def noting(article_id, done, total, part=None, run=None):  # type: ignore[no-untyped-def]
        record_progress(article_id, done, total, part, run=run)
        if part is not None:
            recorded.append((run, part.index))

    monkeypatch.setattr(actions, "record_progress", noting)
    return recorded


def _wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait for a worker thread (not the page) to reach a state: polls, never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.05)


@pytest.mark.parametrize("case", ["new-run", "queued-then-new-run", "new-run-seen-late"])
def test_a_narration_started_again_while_listening_goes_on_in_the_new_run_at_the_same_moment(
    live_server, page, settings, make_article, monkeypatch, case
):
    """`new-run-seen-late`: the player's next poll is answered only once the new run has more
    parts than the player had of the first run (a busy machine, a slow network): it must
    still start the new run's parts from the first, not take the answer's tail for them."""
    engine = DyingEngine(0.3, parts=6)
    article = _queued_with_slow_voice(
        settings,
        monkeypatch,
        make_article,
        engine,
        slug="restarted-story",
        headline="Talks resume",
        body=LONG_BODY,
    )
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_PARALLEL": 1}
    recorded = _note_recorded_parts(monkeypatch)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + article.get_absolute_url())
    first = _narrate_in_background(article.pk)
    second = None
    elapsed = "() => { const e = document.querySelector('[data-elapsed]').textContent.split(':');"
    try:
        page.get_by_role("button", name="Listen to article").click(timeout=15_000)
        page.wait_for_function(elapsed + " return Number(e[0]) * 60 + Number(e[1]) >= 4; }")
        # the first worker makes six parts, then stops (on a busy machine it may still be
        # making them while the first ones play)
        _wait_until(lambda: len(recorded) >= 6, 30, "six parts recorded")
        first_run = recorded[0][0]
        old_keys = list(NarrationPart.objects.values_list("key", flat=True))
        assert len(old_keys) == 6
        # the headline is rewritten (about seven seconds longer: every later part moves) and
        # the narration starts again
        Article.objects.filter(pk=article.pk).update(headline=LONGER_HEADLINE)
        if case == "queued-then-new-run":
            Narration.objects.filter(article=article).update(status=Narration.Status.QUEUED)
            page.wait_for_function(
                "() => document.querySelector('.player [role=status]').textContent"
                ".includes('prepared again')"
            )
        before = _position(page)
        began = time.monotonic()
        # the new run stops before its last paragraph until the test lets it go on: the
        # player must switch during it
        engine.hold = "Paragraph twelve"
        engine.seconds = 0.05
        held: list[Any] = []
        if case == "new-run-seen-late":
            holding = [True]

            def hold(route: Any) -> None:
                if holding[0]:
                    held.append(route)
                else:
                    route.continue_()

            page.route("**/segments.json*", hold)
        second = _narrate_in_background(article.pk)
        if case == "new-run-seen-late":
            _wait_until(
                lambda: any(run != first_run and index >= 6 for run, index in recorded),
                60,
                "the new run has more parts than the first",
            )
            holding[0] = False
            for route in held:
                route.continue_()
        # the player drops the first run's parts and plays the new run's, at the same moment:
        # that moment now falls in the new, longer headline (a part the first run never had)
        page.wait_for_function(
            "(old) => { const a = document.querySelector('.player audio');"
            " const src = a.getAttribute('src') || '';"
            " const key = src.split('/parts/').pop().replace('.mp3', '');"
            " return src.includes('/parts/') && !old.includes(key) && !a.paused"
            " && a.currentTime > 0.2; }",
            arg=old_keys,
            timeout=30_000,
        )
        after = _position(page)
        assert before - 1 <= after <= before + (time.monotonic() - began) + 2
        assert "prepared again" in page.locator(".player [role=status]").inner_text()
        assert page.get_by_role("button", name="Pause").is_visible()
        assert second.is_alive()  # the new run is not over
        engine.go_on.set()
        page.wait_for_function(
            "() => document.querySelector('.player[data-mode=file]')", timeout=60_000
        )
        second.join(timeout=30)
        assert not errors, errors
        assert engine.held.is_set()
    finally:
        engine.go_on.set()
        engine.release.set()
        first.join(timeout=60)
        if second is not None:
            second.join(timeout=60)
    # the stopped worker's crash, once it came, did not fail the run that replaced it
    assert Narration.objects.get(article=article).status == Narration.Status.READY


def test_no_word_highlight_for_readers_who_prefer_reduced_motion(
    live_server, browser, settings, make_article
):
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="calm-story", body=LONG_BODY)
    assert run_narration(article.pk).status == Narration.Status.READY
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("button", name="Listen to article").click()
        page.wait_for_function("() => document.querySelector('.player audio').currentTime > 1.5")
        page.wait_for_selector(".narration-sentence.is-spoken")  # the sentence still is
        assert page.locator(".narration-word").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_closing_the_docked_player_leaves_the_reader_where_they_were(
    live_server, browser, narrated, viewport
):
    # Found by a QA walk as a listener (2026-11-30): the docked player's close button moved
    # focus to "Listen to article" at the top, and the browser scrolled there: a reader half
    # way down the article lost their place. From the keyboard, focus still goes to that button.
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(live_server.url + narrated.get_absolute_url())
        start = page.get_by_role("button", name="Listen to article")
        start.click()
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_selector(".listen--docked .player")
        below = page.evaluate("() => window.scrollY")
        assert below > 200
        # Where the text is on the screen (the page's scroll position also moves by as much as
        # the player's place shrinks, since 2026-11-30, which keeps the text put).
        last = "() => [...document.querySelectorAll('.article__body p')].pop().getBoundingClientRect().top"
        seen = page.evaluate(last)

        page.get_by_role("button", name="Close the player").click()
        start.wait_for(state="attached")
        assert start.evaluate("el => !el.hidden")
        page.wait_for_timeout(200)  # any scroll a focus() starts has happened by now
        assert abs(page.evaluate(last) - seen) <= 200  # the docked bar's room only
        assert start.evaluate("el => el === document.activeElement")

        # From the keyboard the button that reopens it is focused and scrolled into view.
        start.focus()
        page.keyboard.press("Enter")
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_selector(".listen--docked .player")
        page.get_by_role("button", name="Close the player").focus()
        page.keyboard.press("Enter")
        start.wait_for()
        assert start.evaluate("el => el === document.activeElement")
        box = start.bounding_box()
        assert box is not None and 0 <= box["y"] <= viewport["height"] - box["height"]
    finally:
        context.close()


def test_sentences_look_clickable_only_while_a_click_plays_them(live_server, page, narrated):
    # Found by a QA walk as a listener (2026-11-30): once the player had been opened and closed,
    # every sentence of the article kept a hand pointer, though a click on it did nothing.
    page.goto(live_server.url + narrated.get_absolute_url())
    page.get_by_role("button", name="Listen to article").click()
    sentence = page.locator(".article__body .narration-sentence").first
    sentence.wait_for()
    assert sentence.evaluate("el => getComputedStyle(el).cursor") == "pointer"
    page.get_by_role("button", name="Close the player").click()
    assert sentence.evaluate("el => getComputedStyle(el).cursor") == "auto"
    before = _current_time(page)
    sentence.click()
    page.wait_for_timeout(300)
    assert _current_time(page) == before  # a click plays nothing while the player is closed


def test_a_player_opened_and_scrolled_away_within_one_frame_docks(live_server, browser, narrated):
    """The dock follows an IntersectionObserver, which reports changes as seen at each frame.
    Brought into view, opened and scrolled away again before the next frame (what a keyboard
    Enter followed at once by a scroll can do; the CI met it), it saw no change and the player
    stayed undocked at the top, far from the reader. Opening makes it look again."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(live_server.url + narrated.get_absolute_url())
        start = page.get_by_role("button", name="Listen to article")
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(300)  # the observer has seen the section leave the view
        start.evaluate(
            """el => {
                el.scrollIntoView();
                el.click();
                window.scrollTo(0, document.body.scrollHeight);
            }"""
        )
        page.wait_for_selector(".listen--docked .player", timeout=5_000)
    finally:
        context.close()
