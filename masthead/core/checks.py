"""Deployment checks of masthead's own settings (`masthead check --deploy`).

Every link that leaves the site (reply and password-reset e-mails, feeds, sitemaps, structured
data, the podcast's audio addresses) names MASTHEAD_SITE_URL. Its default, the address
`masthead serve` listens on, is right on a laptop and wrong on a real site: readers cannot reach
it, and a password-reset link pointing there is dead.
"""

from __future__ import annotations

import os
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


def check_site_url_host_allowed(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """The public address's host must be one the site answers: behind a proxy that passes the
    Host header on, a site whose MASTHEAD_ALLOWED_HOSTS leaves it out answers every reader 400."""
    from django.conf import settings
    from django.http.request import validate_host

    host = (urlsplit(settings.SITE_URL).hostname or "").lower()
    if not host or validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        checks.Warning(
            f"The host of MASTHEAD_SITE_URL, {host!r}, is not in MASTHEAD_ALLOWED_HOSTS "
            f"({', '.join(settings.ALLOWED_HOSTS) or 'empty'}): requests for it answer 400.",
            hint=f"Add {host} to MASTHEAD_ALLOWED_HOSTS.",
            id="core.W003",
        )
    ]


def check_secret_key_shared(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A site on PostgreSQL or Redis is usually several machines. Without MASTHEAD_SECRET_KEY
    each one generates its own key into var/secret_key, and a session, a sign-up,
    password-reset or unsubscribe link, or a banned address's hash made on one machine is
    refused or missed on another (docs/operations.md, section 7)."""
    from django.conf import settings

    if os.environ.get("MASTHEAD_SECRET_KEY"):
        return []
    shared = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        shared.append("PostgreSQL (DATABASE_URL)")
    if getattr(settings, "REDIS_URL", ""):
        shared.append("Redis (REDIS_URL)")
    if not shared:
        return []
    return [
        checks.Warning(
            f"MASTHEAD_SECRET_KEY is not set on a site using {' and '.join(shared)}: this "
            f"machine signs with its own generated key ({settings.VAR_DIR / 'secret_key'}), "
            "so on a site of several machines sessions, sign-up, password-reset and "
            "unsubscribe links and banned addresses' hashes made on one are refused or "
            "missed on the others.",
            hint="Set MASTHEAD_SECRET_KEY to one long random value, the same on every machine "
            "(the contents of var/secret_key keeps the current sessions and bans).",
            id="core.W004",
        )
    ]
