"""A refused settings save marks the box it names (QA walk, 2026-11-30): the message sat at
the top of a long page and nothing tied it to the box, so a screen reader user on the box
heard nothing wrong with it."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_dashboard_qa_workspace import settings_form
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _tag(page: str, element_id: str) -> str:
    return re.search(rf'<(?:input|select|textarea) id="{element_id}"[^>]*>', page).group(0)


@pytest.mark.parametrize(
    ("field", "typed", "element_id"),
    [
        ("spam_threshold", "abc", "s-spam"),
        ("threat_threshold", "2", "s-threat"),
        ("max_links", "1e1", "s-links"),
        ("audit_sample_rate", "NaN", "s-rate"),
    ],
)
def test_the_refused_box_is_marked_invalid_and_described_by_the_message(
    client, lead, field, typed, element_id
):
    client.force_login(lead)
    response = client.post("/moderation/settings/", settings_form(**{field: typed}))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert" id="settings-error"' in page
    tag = _tag(page, element_id)
    assert 'aria-invalid="true"' in tag and "settings-error" in tag
    # Only that box.
    assert page.count('aria-invalid="true"') == 1
    if element_id == "s-threat":
        assert 'aria-describedby="s-threat-note settings-error"' in tag


def test_a_page_with_no_error_marks_no_box(client, lead):
    client.force_login(lead)
    page = client.get("/moderation/settings/").content.decode()
    assert "aria-invalid" not in page
    assert 'aria-describedby="s-threat-note"' in page
