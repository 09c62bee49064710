"""The staff workspace has no WCAG 2.2 A/AA violations that axe-core can find, for a moderator
and for a moderation lead, on the pages they work in: the queues with items, a comment's page and
its edit page, finding a comment (and the error for a wrong number), the audit log, stats, the
thresholds what-if, the settings, and the reject dialog on a phone-sized screen (checked
2026-11-30: none found; reader pages were already clean)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from masthead.comments import actions
from masthead.comments.models import Comment
from masthead.dashboard import actions as dashboard_actions
from masthead.dashboard import roles
from tests.browser.conftest import describe_violations, log_in
from tests.support.comment_fixtures import BY_KEYWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "desk-a11y-pass-1"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def _staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def workspace(make_article, make_reader):  # type: ignore[no-untyped-def]
    """Held, reported and published comments, an approval in the audit log, the held comment's
    author suspended and banned."""
    roles.ensure_roles()
    article = make_article(headline="Harbour wall to be rebuilt before the winter storms")
    fiona, rupert = make_reader("Fair Fiona"), make_reader("Rude Rupert")
    held = actions.post_comment(article, rupert, actions.Posting(text="Only an idiot would pay."))
    assert held.status == "held"
    Comment.objects.filter(pk=held.pk).update(created_at=timezone.now() - dt.timedelta(minutes=9))
    fine = actions.post_comment(article, fiona, actions.Posting(text="The gates look sturdy."))
    assert fine.status == "published"
    actions.report_comment(fine, rupert, "spam", "Looks like an advert to me.")
    lead = _staff("lead", "Moderation leads")
    approved = actions.post_comment(article, fiona, actions.Posting(text="An idiot-proof plan."))
    dashboard_actions.approve(lead, approved.pk)  # an entry in the audit log
    # Rupert's standing line then offers "Lift suspension" and "Lift ban" (queue item, comment
    # page), so axe checks both forms.
    dashboard_actions.suspend(lead, rupert.pk, 7, "Insults")
    dashboard_actions.ban(lead, rupert.pk, "Insults again")
    return {"held": held, "fine": fine, "lead": lead}


MODERATOR_PAGES = [
    "/moderation/queue/held/",
    "/moderation/queue/reported/",
    "/moderation/queue/sample/",
    "/moderation/comments/",
    "/moderation/comments/?q=Rupert",  # the error a moderator sees (400)
    "/moderation/audit/",
    "/moderation/stats/",
]
LEAD_PAGES = [
    "/moderation/queue/held/",
    "/moderation/stats/",
    "/moderation/stats/thresholds/",
    "/moderation/settings/",
]


def _violations(page, run_axe, base: str, paths: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for path in paths:
        response = page.goto(base + path)
        assert response is not None, path
        assert response.status == (400 if "?q=Rupert" in path else 200), path
        assert page.locator("main").count() == 1, path
        violations = run_axe(page)
        if violations:
            found.append(f"{path}:\n{describe_violations(violations)}")
    return found


def test_a_moderators_workspace_pages_have_no_axe_violations(page, live_server, run_axe, workspace):
    _staff("desk", "Moderators")
    base = live_server.url
    log_in(page, base, "desk", PASSWORD, "/moderation/queue/held/")
    held = workspace["held"].pk
    paths = [
        *MODERATOR_PAGES,
        f"/moderation/comments/{held}/",
        f"/moderation/comments/{held}/edit/",
    ]
    found = _violations(page, run_axe, base, paths)
    # The reject dialog, open over the queue (r), on a phone-sized screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/moderation/queue/held/")
    page.keyboard.press("r")
    page.get_by_role("dialog", name="Reject this comment").wait_for()
    violations = run_axe(page)
    if violations:
        found.append(f"reject dialog:\n{describe_violations(violations)}")
    assert not found, "\n".join(found)


def test_a_leads_workspace_pages_have_no_axe_violations(page, live_server, run_axe, workspace):
    base = live_server.url
    log_in(page, base, "lead", PASSWORD, "/moderation/queue/held/")
    paths = [*LEAD_PAGES, f"/moderation/comments/{workspace['fine'].pk}/"]
    found = _violations(page, run_axe, base, paths)
    assert not found, "\n".join(found)
