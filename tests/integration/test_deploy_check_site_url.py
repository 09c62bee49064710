"""`masthead check --deploy` warns when MASTHEAD_SITE_URL cannot be the site's public address:
e-mails (password resets among them), feeds and sitemaps name it (found by a review of the
session's diff: reset links now use it, not the request's host)."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import override_settings


def deploy_ids() -> set[str]:
    return {m.id for m in checks.run_checks(include_deployment_checks=True)}


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://localhost:8000", "https://localhost", "http://[::1]:8000"],
)
def test_a_site_url_only_this_machine_can_reach_is_a_deploy_warning(url):
    with override_settings(SITE_URL=url):
        assert "core.W001" in deploy_ids()


def test_a_public_site_url_over_plain_http_is_a_deploy_warning():
    with override_settings(SITE_URL="http://news.example.org"):
        found = deploy_ids()
    assert "core.W002" in found and "core.W001" not in found


def test_a_public_https_site_url_passes():
    with override_settings(SITE_URL="https://news.example.org"):
        found = deploy_ids()
    assert not {"core.W001", "core.W002"} & found


def test_the_site_url_check_runs_only_for_deployments():
    with override_settings(SITE_URL="http://127.0.0.1:8000"):
        assert "core.W001" not in {m.id for m in checks.run_checks()}
