"""Deployment checks of masthead's own settings (`masthead check --deploy`).

Every link that leaves the site (reply and password-reset e-mails, feeds, sitemaps, structured
data, the podcast's audio addresses) names MASTHEAD_SITE_URL. Its default, the address
`masthead serve` listens on, is right on a laptop and wrong on a real site: readers cannot reach
it, and a password-reset link pointing there is dead.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core import checks

LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 (a name to compare, not a bind)


def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.conf import settings

    url = settings.SITE_URL
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in LOOPBACK or host.endswith(".localhost") or host.startswith("127."):
        return [
            checks.Warning(
                f"MASTHEAD_SITE_URL is {url!r}, an address only this machine can reach; "
                "e-mails, password-reset links, feeds and sitemaps would point there.",
                hint="Set MASTHEAD_SITE_URL to the site's public address, "
                "like https://news.example.org.",
                id="core.W001",
            )
        ]
    if parts.scheme != "https":
        return [
            checks.Warning(
                f"MASTHEAD_SITE_URL is {url!r}, not https: links in e-mails (password resets "
                "among them) and feeds would be sent over plain HTTP.",
                hint="Serve the site over HTTPS and set MASTHEAD_SITE_URL to its https:// address.",
                id="core.W002",
            )
        ]
    return []
