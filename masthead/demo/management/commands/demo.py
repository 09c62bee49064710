"""`masthead demo`: load the demo newsroom (idempotent) and print its demo-only logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from masthead.comments.demo import DEMO_READER_EMAIL, DEMO_READER_PASSWORD
from masthead.core.commands import DatabaseCheckedCommand
from masthead.dashboard.demo import LEAD_USER
from masthead.demo.loader import DEMO_USERS, load_demo


class Command(DatabaseCheckedCommand):
    error_prefix = "demo: error: "
    help = "Load demo sections, articles, illustrations and the demo editor/moderator accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo(self.stdout.write)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Site: {settings.SITE_URL}/"))
        self.stdout.write(f"Newsroom: {settings.SITE_URL}/admin/")
        self.stdout.write("Demo-only logins (for trying Masthead locally, never a real site):")
        for username, password, group in DEMO_USERS:
            self.stdout.write(f"  {group[:-1].lower():<16} {username} / {password}")
        self.stdout.write(f"  {'moderation lead':<16} {LEAD_USER[0]} / {LEAD_USER[1]}")
        self.stdout.write(f"  {'reader':<16} {DEMO_READER_EMAIL} / {DEMO_READER_PASSWORD}")
