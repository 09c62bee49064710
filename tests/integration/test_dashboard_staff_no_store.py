"""Every staff page says `Cache-Control: private, no-store`, whatever it is (API QA follow-up,
2026-11-30): the workspace's queues, a comment's page, the audit log and its CSV export, the
stats and what-if pages, the settings and the FAQ editor hold readers' comments, notes and
addresses, so no shared cache may keep them and a shared computer's browser may not show them
again after log-out. The walk takes every URL name of the workspace, so a page added later is
checked too. The CSV export of the audit log (text/csv) said nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def _workspace_urls(comment_id: int, reader_id: int) -> dict[str, str]:
    """Every URL of the workspace (namespace "dashboard"), with sample arguments; a new
    argument name fails here until the walk knows a value for it."""
    samples = {"tab": "held", "comment_id": comment_id, "reader_id": reader_id, "verb": "approve"}
    _, resolver = get_resolver().namespace_dict["dashboard"]
    urls = {}
    for name, [(possibilities, *_rest)] in (
        (name, value) for name, value in resolver.reverse_dict.lists() if isinstance(name, str)
    ):
        _, params = possibilities[0]
        urls[f"dashboard:{name}"] = reverse(
            f"dashboard:{name}", kwargs={param: samples[param] for param in params}
        )
    return urls


def test_every_staff_page_says_private_no_store(lead, held):  # type: ignore[no-untyped-def]
    comment = held()
    urls = _workspace_urls(comment.pk, comment.author_id)
    assert {"dashboard:queue", "dashboard:audit_csv", "dashboard:stats_thresholds"} <= set(urls)
    urls["comments:faq_edit"] = reverse("comments:faq_edit")
    client = Client()
    client.force_login(lead)
    seen = {}
    for name, url in urls.items():
        response = client.get(url)
        if response.status_code == 405:  # a form's target: POST only, and nothing to keep
            continue
        seen[name] = response.status_code
        assert {"private", "no-store"} <= _directives(response), (name, url, response.status_code)
    assert seen["dashboard:audit_csv"] == seen["dashboard:stats_thresholds"] == 200
    assert seen["comments:faq_edit"] == 200, seen


def test_a_staff_pages_answers_to_others_say_private_no_store_too(mod, editor, held):  # type: ignore[no-untyped-def]
    # The log-in redirect and the 403 come from the workspace's check, before the page.
    held()
    for user, status in ((None, 302), (editor, 403), (mod, 403)):
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(reverse("dashboard:settings"))
        assert response.status_code == status
        assert {"private", "no-store"} <= _directives(response), (user, status)
