"""`masthead narration-refresh`: queue narration of the articles whose audio is stale.

Stale: ready audio of a live or scheduled article that no longer times the sentences its page
shows, though nobody edited it (the body parser reads its text differently since the audio was
made). `migrate` queues them by itself; this is for a site that narrates by hand
(MASTHEAD_NARRATION_ON_PUBLISH=false) or a check after an upgrade. One line per article and a
last line counting them; bad input: one line and exit status 2.
"""

from __future__ import annotations

from typing import Any

from masthead.core.commands import OneLineErrorsCommand
from masthead.narration.actions import refresh_narrations


class Command(OneLineErrorsCommand):
    error_prefix = "narration-refresh: error: "
    help = (
        "Queue narration of every live or scheduled article whose ready audio no longer times "
        "the sentences its page shows (the body parser reads its text differently since the "
        "audio was made). `migrate` does this by itself when MASTHEAD_NARRATION_ON_PUBLISH is on."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List the articles; queue nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        articles = refresh_narrations(dry_run=dry_run)
        for article in articles:
            self.stdout.write(f"{article.slug}: {'stale' if dry_run else 'queued'}")
        verb = "would be queued" if dry_run else "queued"
        self.stdout.write(f"{len(articles)} stale narrations {verb}")
