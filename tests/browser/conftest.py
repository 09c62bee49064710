"""Playwright fixtures shared by every browser test: one headless Debian Chromium per session,
a fresh page (own context) per test, axe-core for accessibility and a screenshot folder.

Use with pytest-django's `live_server` (which needs `transactional_db`) and mark the test
`@pytest.mark.browser`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from it ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MASTHEAD_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _missing(what: str) -> None:
    # In CI a missing browser is a failure, never a quiet skip.
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing (make test installs it)")
    pytest.skip(f"{what} is missing: run `make test`, which installs it")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(str(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def run_axe() -> Callable[[Any], list[dict[str, Any]]]:
    """`run_axe(page)` -> the WCAG 2.0/2.1/2.2 A and AA violations on the page as it is now."""
    if not AXE.exists():
        _missing(str(AXE))
    source = AXE.read_text()

    def run(page: Any) -> list[dict[str, Any]]:
        # evaluate() goes through the DevTools protocol, so the site's strict
        # Content-Security-Policy (no inline script) stays on while axe runs.
        page.evaluate(source)
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
        )
        return list(result["violations"])

    return run


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def log_in(page: Any, base: str, username: str, password: str, next_url: str) -> None:
    """Log in through the login form and wait until it has sent the browser on to `next_url`."""
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()
    # The log-in page's own address holds `next_url` (in ?next=): wait until the browser has
    # left it and loaded the page it was sent to, scripts included. Matching `next_url` alone
    # returned at once, and a click that came before comments.js had run submitted its form
    # natively (a flaky browser test under load).
    page.wait_for_url(lambda url: "/accounts/login/" not in url and next_url in url)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: Any
) -> None:
    """Browser tests run workers in threads beside the live server: on SQLite they get a test
    database in a file (WAL, the busy timeout), as the site has, not Django's shared-cache
    in-memory one, where a read by the live server while a worker writes fails the write at
    once ("database table is locked"; seen under load). Applies when the browser tests set
    up the test database (e.g. `pytest tests/browser`)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("browser-db")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")
