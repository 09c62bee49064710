"""The time-in-queue chart's legend says what the figure measures since 602a379: each stay from
entering Held (at posting, or when put back) to a moderator's decision, not from posting."""

from __future__ import annotations

import pytest

from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_the_time_in_queue_legend_counts_from_entering_held(client, mod):
    client.force_login(mod)
    page = client.get("/moderation/stats/?days=7").content.decode()
    assert (
        "90th percentile (minutes from entering Held, at posting or when put back, to a "
        "moderator's decision)" in page
    )
    assert "minutes from posting to" not in page
