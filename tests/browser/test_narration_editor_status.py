"""The editors' narration status line in a real browser: the page asks the server once. While the
player waits for an article's first audio, the line follows the player's answers (which carry
the status) instead of asking status.json as well; on an article that has audio, where the
player does not ask, the line asks itself."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection

from masthead.narration import actions
from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.browser.conftest import log_in
from tests.browser.test_narration_player import LONG_BODY, SlowEngine, _queued_with_slow_voice
from tests.support.narration import use_engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "narration-desk-pass-1"

# Notes every request of the page to /listen/ with the script that made it (from the stack).
NOTE_FETCHES = """
(() => {
  const real = window.fetch;
  window.narrationFetches = [];
  window.fetch = function (input, init) {
    const url = String((input && input.url) || input);
    if (url.includes("/listen/")) {
      const stack = new Error().stack || "";
      const by = stack.includes("editor_status") ? "editor_status.js"
        : stack.includes("narration/player") ? "player.js" : "other";
      window.narrationFetches.push({ url: url, by: by });
    }
    return real.apply(this, arguments);
  };
})();
"""
STATUS = "() => document.querySelector('[data-listen-status]').textContent"


def _editor() -> None:
    editor = User.objects.create_user("desk-editor", "ed@example.org", PASSWORD, is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_narration"))


def _in_background(work: Any) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _fetches(page: Any) -> list[dict[str, str]]:
    return list(page.evaluate("() => window.narrationFetches"))


def test_an_editor_waiting_for_the_first_audio_is_told_by_the_players_poll_alone(
    live_server, page, settings, make_article, monkeypatch
):
    # the voice stops before the last paragraph until the line has shown the work in progress
    engine = SlowEngine(0.05, hold="Paragraph twelve")
    article = _queued_with_slow_voice(
        settings,
        monkeypatch,
        make_article,
        engine,
        slug="first-audio",
        headline="Talks resume",
        body=LONG_BODY,
    )
    _editor()
    page.add_init_script(NOTE_FETCHES)
    log_in(page, live_server.url, "desk-editor", PASSWORD, article.get_absolute_url())
    assert page.locator("[data-listen-status]").inner_text() == "queued"
    # two asks of the player's (the second after 2.25 s): the status line, had it its own
    # poll, would have asked by then (after 1.5 s)
    page.wait_for_function("() => window.narrationFetches.length >= 2")
    worker = _in_background(lambda: run_narration(article.pk))
    try:
        page.wait_for_function(STATUS + " === 'generating'", timeout=15_000)
        page.wait_for_function(
            "() => /\\(\\d+%\\)/.test(document.querySelector('[data-listen-progress]').textContent)"
        )
        engine.go_on.set()
        page.wait_for_function(STATUS + " === 'ready'", timeout=30_000)
    finally:
        engine.go_on.set()
        worker.join(timeout=60)
    assert engine.held.is_set()
    assert page.locator("[data-listen-outcome]").inner_text() == "Narration ready."
    assert page.locator("[data-listen-progress]").inner_text() == ""
    page.get_by_role("button", name="Listen to article").wait_for()
    fetches = _fetches(page)
    # one poll on the page: the player's, segments.json; the status line never asked
    assert fetches and {f["by"] for f in fetches} == {"player.js"}, fetches
    assert all("/segments.json" in f["url"] for f in fetches), fetches
    assert not any("/status.json" in f["url"] for f in fetches)


def test_on_an_article_with_audio_the_status_line_asks_itself_and_the_player_does_not(
    live_server, page, settings, make_article
):
    use_engine(settings, "fake")
    article = make_article(slug="harbour-audio", headline="Harbour wall to be rebuilt")
    assert run_narration(article.pk).status == Narration.Status.READY
    _editor()
    # the worker is away: "Regenerate" leaves the narration queued
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    actions.regenerate(article)
    page.add_init_script(NOTE_FETCHES)
    log_in(page, live_server.url, "desk-editor", PASSWORD, article.get_absolute_url())
    assert page.locator("[data-listen-status]").inner_text() == "queued"
    page.wait_for_function("() => window.narrationFetches.length >= 1")
    worker = _in_background(lambda: run_narration(article.pk, force=True))
    try:
        page.wait_for_function(STATUS + " === 'ready'", timeout=30_000)
    finally:
        worker.join(timeout=60)
    fetches = _fetches(page)
    assert {f["by"] for f in fetches} == {"editor_status.js"}, fetches
    assert all("/status.json" in f["url"] for f in fetches), fetches


def test_when_the_player_has_its_audio_but_the_narration_is_busy_again_the_line_asks_itself(
    live_server, page, settings, make_article, monkeypatch
):
    from masthead.narration import actions

    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = make_article(slug="edited-meanwhile", headline="Talks resume")
    Narration.objects.create(article=article, status=Narration.Status.QUEUED)
    _editor()
    page.add_init_script(NOTE_FETCHES)
    log_in(page, live_server.url, "desk-editor", PASSWORD, article.get_absolute_url())
    page.wait_for_function("() => window.narrationFetches.length >= 1")
    real_complete = actions.complete_narration

    def complete_then_regenerate(article_id: int, *args: Any, **kwargs: Any) -> Any:
        done = real_complete(article_id, *args, **kwargs)
        # an editor presses Regenerate as the audio lands: the audio is current (it speaks the
        # article's text, so readers get it) and the narration is queued again. (An edit while
        # the worker works no longer gives the player a file: audio of the earlier text is
        # withdrawn, see test_narration_after_edit.py.)
        Narration.objects.filter(article_id=article_id).update(status=Narration.Status.QUEUED)
        return done

    monkeypatch.setattr(actions, "complete_narration", complete_then_regenerate)
    first = run_narration(article.pk)
    first.refresh_from_db()
    assert first.status == Narration.Status.QUEUED and first.audio
    # the player has the file and stops asking; the line, still queued, asks by itself
    page.get_by_role("button", name="Listen to article").wait_for(timeout=15_000)
    page.wait_for_function("() => window.narrationFetches.some(f => f.by === 'editor_status.js')")
    assert page.locator("[data-listen-status]").inner_text() == "queued"
    monkeypatch.setattr(actions, "complete_narration", real_complete)
    assert run_narration(article.pk).status == Narration.Status.READY
    page.wait_for_function(STATUS + " === 'ready'", timeout=30_000)
    assert page.locator("[data-listen-outcome]").inner_text() == "Narration ready."
    # one poll at a time: the player's asks, then the line's, never both
    by = [f["by"] for f in _fetches(page)]
    handover = by.index("editor_status.js")
    assert set(by[:handover]) == {"player.js"} and set(by[handover:]) == {"editor_status.js"}, by
