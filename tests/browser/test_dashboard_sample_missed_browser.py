"""On the audit sample, each `r` starts its "What the checks missed" menu at "other": what a
moderator picked for one comment is not recorded again for the next one rejected with r, a
reason and Enter (QA walk, 2026-11-30: the dialog kept the last choice, so one "spam" went on
counting as missed spam)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from masthead.comments import actions as comment_actions
from masthead.dashboard import roles
from masthead.dashboard.models import AuditSample, WorkspaceSettings
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "desk-moderator-pass-1"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_each_sample_rejection_starts_from_other(page, live_server, make_article, make_reader):
    roles.ensure_roles()
    desk = User.objects.create_user("desk", "desk@example.org", PASSWORD, is_staff=True)
    desk.groups.add(Group.objects.get(name="Moderators"))
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article = make_article()
    first, second = (
        comment_actions.post_comment(article, make_reader(name), comment_actions.Posting(text=t))
        for name, t in (("Ann", "Buy cheap watches at my shop."), ("Bob", "A sly dig at you."))
    )
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/sample/")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(first.pk)
    page.keyboard.press("r")
    page.select_option("#reject-missed", "spam")
    page.fill("#reject-reason", "No adverts.")
    page.keyboard.press("Enter")
    page.locator(f"#item-{first.pk}").wait_for(state="hidden")
    page.keyboard.press("r")
    assert page.input_value("#reject-missed") == "other"
    page.fill("#reject-reason", "Not kind.")
    page.keyboard.press("Enter")
    page.locator(f"#item-{second.pk}").wait_for(state="hidden")
    missed = dict(AuditSample.objects.values_list("comment_id", "missed_reason"))
    assert missed == {first.pk: "spam", second.pk: "other"}
