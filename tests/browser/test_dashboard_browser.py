"""A moderator clears the held queue with the keyboard in headless Chromium: approves one
comment with `a`, rejects another with `r` and a reason, undoes a third with `u`; the first
then shows on the article page and the second's author sees the reason."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from masthead.comments import actions
from masthead.comments.models import Comment
from masthead.dashboard import roles
from tests.browser.conftest import describe_violations, log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MODERATOR_PASSWORD = "desk-moderator-pass-1"
REASON = "Please argue with the idea, not the person."


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def _held(article, author, text: str, minutes_ago: int) -> Comment:  # type: ignore[no-untyped-def]
    comment = actions.post_comment(article, author, actions.Posting(text=text))
    assert comment.status == "held"
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return comment


def test_moderator_approves_with_a_rejects_with_r_and_the_results_reach_readers(
    page, live_server, make_article, make_reader, run_axe
):
    roles.ensure_roles()
    moderator = User.objects.create_user(
        "desk", "desk@example.org", MODERATOR_PASSWORD, is_staff=True
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    article = make_article(headline="Harbour wall to be rebuilt before the winter storms")
    fair = make_reader("Fair Fiona")
    rude = make_reader("Rude Rupert")
    other = make_reader("Other Olga")
    first = _held(article, fair, "Calling the old plan idiotic was fair; this one is better.", 30)
    second = _held(article, rude, "Only an idiot would pay for this wall.", 20)
    third = _held(article, other, "The idiot-proof gates are a nice touch.", 10)

    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.text} {m.location.get('url')}")
            # The browser asks for /favicon.ico on its own; the site has none (harmless).
            if m.type == "error" and "favicon.ico" not in str(m.location.get("url"))
            else None
        ),
    )
    base = live_server.url
    log_in(page, base, "desk", MODERATOR_PASSWORD, "/moderation/queue/held/")

    # The shortcuts are on screen; the oldest held comment is selected, trigger word marked.
    shortcuts = page.get_by_role("complementary", name="Keyboard")
    for key in ("j", "k", "a", "r", "u"):
        assert shortcuts.locator("kbd", has_text=re.compile(f"^{key}$")).count() == 1
    current = page.locator(".item.is-current")
    assert current.get_attribute("data-id") == str(first.pk)
    assert current.locator("mark.trigger").inner_text() == "idiot"
    assert page.locator('[data-count="held"]').inner_text() == "3"

    # j and k move between items.
    page.keyboard.press("j")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(second.pk)
    page.keyboard.press("k")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(first.pk)

    # a approves the first; the next one becomes current; counts follow without a reload.
    page.keyboard.press("a")
    page.get_by_role("status").filter(has_text="Approved.").wait_for()
    page.locator(f"#item-{first.pk}").wait_for(state="hidden")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(second.pk)
    assert page.locator('[data-count="held"]').inner_text() == "2"

    # r asks for the reason the author will see, then rejects.
    page.keyboard.press("r")
    dialog = page.get_by_role("dialog", name="Reject this comment")
    dialog.get_by_label("Reason (the author sees it)").fill(REASON)
    dialog.get_by_role("button", name="Reject").click()
    page.get_by_role("status").filter(has_text="Rejected.").wait_for()
    page.locator(f"#item-{second.pk}").wait_for(state="hidden")

    # Approve the third by keyboard, then u takes it back.
    page.keyboard.press("a")
    page.get_by_role("status").filter(has_text="Approved.").wait_for()
    assert Comment.objects.get(pk=third.pk).status == "published"
    page.keyboard.press("u")
    page.locator(f"#item-{third.pk}").wait_for()
    assert Comment.objects.get(pk=third.pk).status == "held"
    assert Comment.objects.get(pk=first.pk).status == "published"
    assert Comment.objects.get(pk=second.pk).status == "rejected"

    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    assert not problems, problems

    # The approved comment is on the article page for everyone.
    page.context.clear_cookies()
    page.goto(base + article.get_absolute_url())
    assert (
        page.locator(f"#comment-{first.pk}")
        .get_by_text("Calling the old plan idiotic was fair")
        .is_visible()
    )
    assert page.get_by_text("Only an idiot would pay for this wall.").count() == 0

    # The rejected comment's author sees it with the moderator's reason.
    log_in(page, base, rude.username, READER_PASSWORD, article.get_absolute_url())
    mine = page.locator(f"#comment-{second.pk}")
    mine.wait_for()
    assert REASON in mine.inner_text()


def test_a_new_held_comment_appears_in_the_open_queue_without_a_reload(
    page, live_server, make_article, make_reader
):
    roles.ensure_roles()
    moderator = User.objects.create_user(
        "desk", "desk@example.org", MODERATOR_PASSWORD, is_staff=True
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    article = make_article()
    author = make_reader("Late Larry")
    waiting = _held(article, author, "Only an idiot parks on the bridge.", 5)
    # The page's own timers run on a clock the test can move on: the poll below comes when
    # the page's 10 seconds have passed on it, not after 10 real seconds.
    page.clock.install()
    log_in(page, live_server.url, "desk", MODERATOR_PASSWORD, "/moderation/queue/held/")
    page.evaluate("window.__sameDocument = true")
    newcomer = _held(article, make_reader("New Nora"), "Some idiot left the gate open.", 0)
    offer = page.get_by_role("button", name=re.compile("1 new"))
    # The page asks every 10 seconds: 10 seconds on, the new item is offered, then shown on a
    # click. (A page that did not ask would never offer it.)
    page.clock.fast_forward(10_000)
    offer.wait_for(timeout=10_000)
    assert page.locator('[data-count="held"]').inner_text() == "2"
    offer.click()
    page.locator(f"#item-{newcomer.pk}").wait_for()
    assert page.locator(f"#item-{waiting.pk}").is_visible()
    assert page.evaluate("window.__sameDocument") is True  # no reload happened


def test_a_ticked_item_decided_on_its_own_leaves_the_bulk_selection(
    page, live_server, make_article, make_reader
):
    """Found walking the queue on 2026-11-30: `x` then `a` on one item, `x` on the next, then
    "Approve selected" sent the first again, hidden but still ticked, and the answer blamed
    "someone else" for a decision this moderator had just taken."""
    roles.ensure_roles()
    moderator = User.objects.create_user(
        "desk", "desk@example.org", MODERATOR_PASSWORD, is_staff=True
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    article = make_article()
    first = _held(article, make_reader("Ann"), "An idiot's guide, but a fair one.", 20)
    second = _held(article, make_reader("Bob"), "Idiot-proof, at last.", 10)
    log_in(page, live_server.url, "desk", MODERATOR_PASSWORD, "/moderation/queue/held/")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(first.pk)
    page.keyboard.press("x")
    page.keyboard.press("a")
    page.locator(f"#item-{first.pk}").wait_for(state="hidden")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(second.pk)
    page.keyboard.press("x")
    assert page.locator(".item__select:checked").evaluate_all("els => els.map(e => e.value)") == [
        str(second.pk)
    ]
    page.get_by_role("button", name="Approve selected").click()
    message = page.locator(".workspace-messages").inner_text()
    assert "1 comment done." in message and "left as they were" not in message
    assert Comment.objects.get(pk=second.pk).status == "published"


def test_the_shortcuts_still_work_after_ticking_a_box_with_the_mouse(
    page, live_server, make_article, make_reader
):
    """Found on 2026-11-30: a click on an item's box focused it, and the keys were then taken
    for typing: j, x, a did nothing until the moderator clicked somewhere else."""
    roles.ensure_roles()
    moderator = User.objects.create_user(
        "desk", "desk@example.org", MODERATOR_PASSWORD, is_staff=True
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    article = make_article()
    first = _held(article, make_reader("Ann"), "An idiot's guide, but a fair one.", 30)
    second = _held(article, make_reader("Bob"), "Idiot-proof, at last.", 20)
    third = _held(article, make_reader("Cy"), "No idiot would miss this.", 10)
    log_in(page, live_server.url, "desk", MODERATOR_PASSWORD, "/moderation/queue/held/")
    page.locator(f"#select-{first.pk}").click()  # ticked with the mouse; the box has focus
    page.keyboard.press("j")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(second.pk)
    page.keyboard.press("x")
    ticked = page.locator(".item__select:checked").evaluate_all("els => els.map(e => e.value)")
    assert ticked == [str(first.pk), str(second.pk)]
    page.locator(f"#select-{third.pk}").click()
    page.keyboard.press("a")
    page.locator(f"#item-{third.pk}").wait_for(state="hidden")
    assert Comment.objects.get(pk=third.pk).status == "published"


def test_stats_thresholds_audit_and_settings_pages_pass_axe_for_a_moderation_lead(
    page, live_server, make_article, make_reader, run_axe
):
    from masthead.dashboard import actions as dashboard_actions

    roles.ensure_roles()
    lead = User.objects.create_user("chief", "chief@example.org", MODERATOR_PASSWORD, is_staff=True)
    lead.groups.add(Group.objects.get(name="Moderation leads"))
    article = make_article()
    comment = _held(article, make_reader("Some One"), "You idiot.", 30)
    dashboard_actions.reject(User.objects.get(pk=lead.pk), comment.pk, "No insults.")
    log_in(page, live_server.url, "chief", MODERATOR_PASSWORD, "/moderation/stats/")
    for path in (
        "/moderation/stats/",
        "/moderation/stats/thresholds/",
        "/moderation/audit/",
        "/moderation/settings/",
    ):
        page.goto(live_server.url + path)
        violations = run_axe(page)
        assert not violations, f"{path}: {describe_violations(violations)}"
    page.goto(live_server.url + "/moderation/stats/")
    assert page.locator("#fig-comments").inner_text() == "1"
    assert page.locator("svg.chart").count() == 5
    # The what-if has a page of its own, reached and left by plain links.
    page.get_by_role("link", name="Thresholds: what if, last 14 days").click()
    page.wait_for_url("**/moderation/stats/thresholds/?days=14")
    assert page.locator("#what-if-table-abuse").count() == 1
    page.get_by_role("link", name="Moderation stats, last 14 days").click()
    page.wait_for_url("**/moderation/stats/?days=14")


def test_after_u_the_reloaded_queue_says_what_was_undone(
    page, live_server, make_article, make_reader
):
    """Found on 2026-11-30: `u` reloaded the queue and the line saying what was undone went
    with the old page, so the moderator was not told which decision came back."""
    roles.ensure_roles()
    moderator = User.objects.create_user(
        "desk", "desk@example.org", MODERATOR_PASSWORD, is_staff=True
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    article = make_article()
    first = _held(article, make_reader("Ann"), "An idiot's guide, but a fair one.", 20)
    _held(article, make_reader("Bob"), "Idiot-proof, at last.", 10)
    log_in(page, live_server.url, "desk", MODERATOR_PASSWORD, "/moderation/queue/held/")
    page.keyboard.press("a")
    page.locator(f"#item-{first.pk}").wait_for(state="hidden")
    with page.expect_navigation():  # the queue reloads
        page.keyboard.press("u")
    page.locator(f"#item-{first.pk}").wait_for()
    status = page.get_by_role("status").filter(has_text="Undone:")
    status.wait_for()
    assert status.inner_text() == f"Undone: Approved (no. {first.pk})."
    page.reload()  # said once, not on every later load
    page.locator(f"#item-{first.pk}").wait_for()
    page.wait_for_timeout(200)
    assert page.locator("#live-status").inner_text() == ""
