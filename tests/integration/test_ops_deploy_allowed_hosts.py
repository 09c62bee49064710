"""`masthead check --deploy` warns when MASTHEAD_SITE_URL's host is not one of
MASTHEAD_ALLOWED_HOSTS: behind a proxy that passes the Host header on, every reader would get
400 (operator QA, 2026-11-30)."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import override_settings


def deploy_ids() -> set[str]:
    return {m.id for m in checks.run_checks(include_deployment_checks=True)}


def test_a_site_url_host_outside_allowed_hosts_is_a_deploy_warning():
    with override_settings(SITE_URL="https://news.example.org", ALLOWED_HOSTS=["localhost"]):
        assert "core.W003" in deploy_ids()


@pytest.mark.parametrize("allowed", [["news.example.org"], [".example.org"], ["*"]])
def test_a_site_url_host_the_site_answers_is_no_warning(allowed):
    with override_settings(SITE_URL="https://news.example.org", ALLOWED_HOSTS=allowed):
        assert "core.W003" not in deploy_ids()
