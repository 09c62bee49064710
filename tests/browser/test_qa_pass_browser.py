"""Defects found by the QA pass that need a browser, each pinned by a test.

The moderation lead's pages on a phone: WCAG 2.2 reflow asks that a page fit 320 CSS pixels
without scrolling sideways (wide tables may scroll inside their own box), and a box that
scrolls must be reachable with the keyboard. "More replies" of a thread whose first comment was
removed while the page was open."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User

from masthead.comments import actions
from masthead.comments.models import CommentReport
from masthead.dashboard import actions as dashboard_actions
from masthead.dashboard import roles
from tests.browser.conftest import describe_violations, log_in
from tests.support.comment_fixtures import BY_KEYWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "qa-small-screen-pass-1"
NARROW = {"width": 320, "height": 640}

# The page's own width against the window's: more means the reader scrolls sideways.
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_lead_pages_fit_a_320_pixel_phone_and_their_scrolling_tables_take_keyboard_focus(
    browser, live_server, make_article, make_reader, run_axe
):
    roles.ensure_roles()
    # A long user name: the header's account links must wrap, not push the page wider.
    lead = User.objects.create_user(
        "moderation-lead-desk", "lead@example.org", PASSWORD, is_staff=True
    )
    lead.groups.add(Group.objects.get(name="Moderation leads"))
    article = make_article()
    held = actions.post_comment(
        article, make_reader("Some One"), actions.Posting(text="You idiot.")
    )
    dashboard_actions.reject(User.objects.get(pk=lead.pk), held.pk, "No insults.")
    # A report whose note is one long "word" (a pasted link, a key held down).
    reported = actions.post_comment(
        article, make_reader("Fair Writer"), actions.Posting(text="The wall is worth it.")
    )
    actions.report_comment(reported, make_reader("Reporter"), "spam", "x" * 400)

    context = browser.new_context(viewport=NARROW, locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, live_server.url, "moderation-lead-desk", PASSWORD, "/moderation/")
        for path in (
            "/moderation/",
            "/moderation/queue/reported/",
            "/moderation/stats/",
            "/moderation/audit/",
            "/moderation/settings/",
            article.get_absolute_url(),
        ):
            page.goto(live_server.url + path)
            assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{path} scrolls sideways at 320 px"
            violations = run_axe(page)
            assert not violations, f"{path}: {describe_violations(violations)}"
        # The day-by-day table is wider than the phone: its box scrolls and takes focus.
        page.goto(live_server.url + "/moderation/stats/")
        table_box = page.get_by_role("region", name="Day by day")
        assert table_box.evaluate("(box) => box.scrollWidth > box.clientWidth")
        table_box.focus()
        assert table_box.evaluate("(box) => box === document.activeElement")
    finally:
        context.close()


def _thread_with_more_replies(make_article, make_reader):  # type: ignore[no-untyped-def]
    """An article whose first comment has more replies than the thread shows at first."""
    from masthead.comments.queries import REPLIES_SHOWN

    article = make_article()
    root = actions.post_comment(
        article, make_reader("Root Writer"), actions.Posting(text="The bridge should open soon.")
    )
    for n in range(REPLIES_SHOWN + 2):
        actions.post_comment(
            article,
            make_reader(f"Replier {chr(65 + n)}"),
            actions.Posting(text=f"Reply number {n} about the bridge.", parent_id=root.pk),
        )
    return article, root


def test_more_replies_of_a_thread_whose_first_comment_was_removed_meanwhile_still_load(
    page, live_server, make_article, make_reader
):
    from masthead.comments.queries import REPLIES_SHOWN

    roles.ensure_roles()
    lead = User.objects.create_user("lead-desk", "lead2@example.org", PASSWORD, is_staff=True)
    lead.groups.add(Group.objects.get(name="Moderation leads"))
    article, root = _thread_with_more_replies(make_article, make_reader)
    page.goto(live_server.url + article.get_absolute_url())
    more = page.locator("a[data-load-replies]")
    assert more.count() == 1
    # A reader reports the thread's first comment and a moderator removes it from the Reported
    # tab while this reader still has the page open (a published comment nobody reported is
    # not open to a decision: docs/moderators.md, "Someone decided first").
    actions.report_comment(root, make_reader("Reporter"), CommentReport.Reason.OFF_TOPIC)
    dashboard_actions.reject(User.objects.get(pk=lead.pk), root.pk, "Off topic.")
    replies = page.locator(f'[data-replies-of="{root.pk}"] > li')
    shown = replies.count()
    more.click()
    # The removed comment stays in the thread as a placeholder above its published replies
    # (docs/comments.md, "withheld"), so the rest of the replies load; no 404 page is pasted.
    replies.nth(REPLIES_SHOWN + 1).wait_for()
    assert replies.count() == REPLIES_SHOWN + 2 > shown
    assert page.locator("[data-load-error]").count() == 0
    assert "Not Found" not in page.locator("[data-comments]").inner_text()


# The focused element (outside the player) against the docked bar: how far it reaches under it.
NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
UNDER_THE_BAR = """() => {
  const focused = document.activeElement;
  const bar = document.querySelector('.listen--docked .player');
  if (!bar || !focused || focused === document.body || focused.closest('.player')) return null;
  return focused.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
}"""


def test_keyboard_focus_below_the_docked_player_is_scrolled_clear_of_it_on_a_phone(
    browser, live_server, make_article, make_reader
):
    from masthead.narration.models import Narration
    from masthead.narration.tasks import run_narration
    from tests.browser.conftest import PHONE

    article = make_article(slug="harbour-wall", headline="Harbour wall to be rebuilt")
    assert run_narration(article.pk).status == Narration.Status.READY
    for n in range(8):
        actions.post_comment(
            article,
            make_reader(f"Reader {chr(65 + n)}"),
            actions.Posting(text=f"Point {n}: the harbour wall needs rebuilding soon."),
        )
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("button", name="Listen to article").click()
        page.get_by_role("button", name="Close the player").focus()
        docked_stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            # The bar docks from an IntersectionObserver callback, delivered with a rendering
            # frame after the scroll: read the page after two frames, not at once (read at once,
            # the bar had docked for only 3 of the 40 stops in one run of six).
            page.evaluate(NEXT_FRAMES)
            under = page.evaluate(UNDER_THE_BAR)
            if under is not None:
                docked_stops.append(under)
        assert len(docked_stops) >= 5  # the bar was docked while focus moved down the page
        assert max(docked_stops) <= 0, "a focused link or button was hidden under the player"
    finally:
        context.close()


def test_the_editors_narration_status_follows_a_regenerate_to_ready_without_a_reload(
    page, live_server, make_article, settings
):
    from django.contrib.auth.models import Permission

    from masthead.narration import actions as narration_actions
    from masthead.narration.models import Narration
    from masthead.narration.tasks import run_narration

    article = make_article(slug="harbour-wall", headline="Harbour wall to be rebuilt")
    assert run_narration(article.pk).status == Narration.Status.READY
    editor = User.objects.create_user("desk-editor", "ed@example.org", PASSWORD, is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_narration"))
    # The worker is away: "Regenerate" leaves the narration queued.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    narration_actions.regenerate(article)
    assert Narration.objects.get(article=article).status == Narration.Status.QUEUED

    log_in(page, live_server.url, "desk-editor", PASSWORD, article.get_absolute_url())
    status = page.locator("[data-listen-status]")
    assert status.inner_text() == "queued"
    total = Narration.objects.get(article=article).segments_total
    parts = page.locator("[data-listen-parts]")
    assert parts.inner_text().endswith(f"last render: {total} parts, all synthesised")

    run_narration(article.pk, force=True)  # the worker runs the queued regenerate (all cached)
    page.wait_for_function(
        "() => document.querySelector('[data-listen-status]').textContent === 'ready'"
    )
    assert "listen__status--ready" in (status.get_attribute("class") or "")
    assert page.locator("[data-listen-outcome]").inner_text() == "Narration ready."
    # not "synthesised 0 of N parts", which read as if nothing had been made
    assert parts.inner_text().endswith(f"last render: {total} parts, all reused from the cache")


def test_a_comment_with_a_long_link_wraps_on_a_phone_instead_of_widening_the_page(
    browser, live_server, make_article, make_reader
):
    article = make_article()
    long_link = "https://example.org/reports/" + "harbour-wall-" * 30 + "final.pdf"
    actions.post_comment(
        article,
        make_reader("Link Sharer"),
        actions.Posting(text=f"The engineers' report is here: {long_link}"),
    )
    reader = make_reader("Word Smith", email="word@example.org")
    actions.post_comment(article, reader, actions.Posting(text="W" * 300 + " about the wall."))
    context = browser.new_context(viewport=NARROW, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server.url + article.get_absolute_url())
        assert page.locator(".comment__body").count() == 2
        assert page.evaluate(PAGE_OVERFLOW) <= 0, "the article page scrolls sideways at 320 px"
    finally:
        context.close()


def test_the_comment_posted_message_goes_to_a_live_region_that_was_on_the_page_before(
    page, live_server, make_article, make_reader
):
    # It was created together with its first message, which screen readers do not announce:
    # a live region is only followed once it is in the page.
    from tests.support.comment_fixtures import READER_PASSWORD

    article = make_article()
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    live = page.locator("[data-comments-live]")
    assert live.count() == 1 and live.get_attribute("role") == "status"
    assert live.inner_text() == ""
    page.evaluate("() => document.querySelector('[data-comments-live]').dataset.since = 'load'")
    page.get_by_label("Your comment").fill("The harbour wall is worth rebuilding.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_function(
        "() => document.querySelector('[data-comments-live]').textContent.includes('published')"
    )
    assert page.locator("[data-comments-live]").count() == 1
    assert page.locator("[data-comments-live]").get_attribute("data-since") == "load"


def test_a_recommendation_that_cannot_reach_the_site_says_so(
    page, live_server, make_article, make_reader
):
    # Without a network the click did nothing at all, as if it had been saved.
    from tests.support.comment_fixtures import READER_PASSWORD

    article = make_article()
    actions.post_comment(
        article, make_reader("Alice"), actions.Posting(text="The wall is worth it.")
    )
    make_reader("Casey Rowe", email="casey@example.org")
    log_in(page, live_server.url, "casey@example.org", READER_PASSWORD, article.get_absolute_url())
    page.route("**/like/", lambda route: route.abort())
    button = page.get_by_role("button", name=re.compile("^Recommend"))
    messages: list[str] = []

    def dismiss(dialog) -> None:  # type: ignore[no-untyped-def]
        messages.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    button.click()
    for _ in range(100):  # until the alert has come and gone
        if messages:
            break
        page.wait_for_timeout(100)
    assert messages and "not saved" in messages[0]
    assert button.get_attribute("aria-pressed") == "false"


def test_more_replies_of_a_story_taken_back_to_draft_meanwhile_says_so_instead_of_a_404_page(
    page, live_server, make_article, make_reader
):
    from masthead.articles.models import Article

    article, root = _thread_with_more_replies(make_article, make_reader)
    page.goto(live_server.url + article.get_absolute_url())
    more = page.locator("a[data-load-replies]")
    assert more.count() == 1
    # The desk takes the story back to draft while this reader still has the page open.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    replies = page.locator(f'[data-replies-of="{root.pk}"] > li')
    shown = replies.count()
    more.click()
    error = page.locator("[data-load-error]")
    error.wait_for()
    assert "no longer available" in error.inner_text()
    assert replies.count() == shown
    assert "Not Found" not in page.locator("[data-comments]").inner_text()
