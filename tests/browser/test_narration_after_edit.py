"""The player after an edit, in a real browser (found by a QA review: readers kept hearing the
audio of the earlier text until the new narration was ready, or for good if it failed). The
page says "The audio is being updated after an edit." in a live region, with no player and no
request for the withdrawn audio, passes axe, and offers the player as soon as the new narration
is ready; if that fails it says "Audio is not available for this version."."""

from __future__ import annotations

from typing import Any

import pytest

from masthead.articles import actions as article_actions
from masthead.articles.models import Article
from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.browser.conftest import describe_violations
from tests.support.narration import SHORT_BODY, fake_engine, use_engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIBEL = "Dr. Ana Ruiz, a mediator, said 3 of the 12 issues were settled by 4:30 p.m."


def _narrated_then_edited(settings: Any, make_article: Any) -> tuple[Article, Narration]:
    """An article with audio, then edited: its new narration is queued (the worker has not
    picked it up yet; narration on publish is off so the test decides when it runs)."""
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    fake_engine()
    article = make_article(slug="mediator-story", headline="Talks in Istanbul", body=SHORT_BODY)
    old = run_narration(article.pk)
    assert old.status == Narration.Status.READY
    article.body = SHORT_BODY.replace(LIBEL, "A mediator said the talks would go on.")
    article_actions.save_article(article)
    Narration.objects.filter(article=article).update(status=Narration.Status.QUEUED)
    return article, old


def _watch(page: Any, old: Narration) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    asked: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("request", lambda r: asked.append(r.url) if old.audio_hash[:16] in r.url else None)
    return errors, asked


def test_after_an_edit_the_page_says_the_audio_is_being_updated_then_offers_the_new_one(
    live_server, page, run_axe, artifacts, settings, make_article
):
    article, old = _narrated_then_edited(settings, make_article)
    errors, asked = _watch(page, old)
    page.goto(live_server.url + article.get_absolute_url())

    notice = page.get_by_role("status").filter(has_text="The audio is being updated after an edit.")
    assert notice.is_visible()
    assert page.locator("audio").count() == 0
    assert page.get_by_role("button", name="Listen to article").count() == 0
    violations = run_axe(page)
    page.screenshot(path=str(artifacts / "narration-after-edit.png"), full_page=False)
    assert not violations, describe_violations(violations)

    run_narration(article.pk)  # the worker finishes; the page picks it up without a reload
    start = page.get_by_role("button", name="Listen to article")
    start.wait_for(timeout=15_000)
    assert page.get_by_text("being updated after an edit").count() == 0
    start.click()
    page.wait_for_function("() => document.querySelector('.player audio').currentTime > 0.3")
    new = Narration.objects.get(article=article)
    assert new.audio_hash[:16] in page.locator(".player audio").get_attribute("src")
    assert not asked, asked  # the withdrawn file was never asked for
    assert not errors, errors


def test_when_the_new_narration_fails_the_page_says_audio_is_not_available(
    live_server, page, run_axe, settings, make_article
):
    article, old = _narrated_then_edited(settings, make_article)
    errors, asked = _watch(page, old)
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_text("The audio is being updated after an edit.").wait_for()

    fake_engine().fail_on = "the talks would go on"
    assert run_narration(article.pk).status == Narration.Status.FAILED
    # the same live region now says so (announced), without a reload
    page.get_by_role("status").filter(has_text="Audio is not available for this version.").wait_for(
        timeout=15_000
    )
    assert page.locator("audio").count() == 0
    violations = run_axe(page)
    assert not violations, describe_violations(violations)

    page.reload()  # and so does a fresh page, with no polling and no old audio
    assert (
        page.get_by_role("status")
        .filter(has_text="Audio is not available for this version.")
        .is_visible()
    )
    assert page.locator("audio").count() == 0
    assert not asked, asked
    assert not errors, errors


def test_a_player_opened_before_the_edit_gives_way_to_the_message_when_its_file_is_refused(
    live_server, page, run_axe, settings, make_article
):
    use_engine(settings, "fake")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    fake_engine()
    article = make_article(slug="open-before", headline="Talks in Istanbul", body=SHORT_BODY)
    run_narration(article.pk)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("button", name="Listen to article").click()
    page.get_by_role("button", name="Pause").wait_for()

    article.body = SHORT_BODY.replace(LIBEL, "A mediator said the talks would go on.")
    article_actions.save_article(article)
    Narration.objects.filter(article=article).update(status=Narration.Status.QUEUED)
    # the browser asks for the file again (a seek past what it kept, a reload of the media)
    page.evaluate(
        "() => { const a = document.querySelector('.player audio');"
        " a.src = a.src + '&again=1'; a.load(); }"
    )
    page.get_by_role("status").filter(
        has_text="The audio is being updated after an edit."
    ).wait_for(timeout=15_000)
    assert page.locator(".player").is_hidden()
    assert page.get_by_role("button", name="Listen to article").count() == 0
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    assert not errors, errors
