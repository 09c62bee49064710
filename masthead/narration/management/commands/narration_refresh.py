"""`masthead narration-refresh`: queue narration of the articles whose audio is stale.

Stale: ready audio of a live or scheduled article that no longer times the sentences its page
shows, though nobody edited it (the body parser reads its text differently since the audio was
made). `migrate` queues them by itself; this is for a site that narrates by hand
(MASTHEAD_NARRATION_ON_PUBLISH=false) or a check after an upgrade. With `--word WORD` (as often
as needed) it queues instead the live and scheduled articles that read that word, as a change
of its pronunciation entry does by itself (`--dry-run` shows which they would be). One line per
article and a last line counting them; bad input: one line and exit status 2.
"""

from __future__ import annotations

import argparse
from typing import Any

from masthead.core.commands import OneLineErrorsCommand
from masthead.narration.actions import refresh_narrations, renarrate_reading


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
        parser.add_argument(
            "--word",
            action="append",
            default=[],
            type=_word,
            help="Instead: the live and scheduled articles whose narration reads this word as "
            "printed (case-sensitive, whole words, possessives), as a pronunciation entry for "
            "it would change them. May be given more than once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        words = set(options["word"])
        if words:
            articles = renarrate_reading(words, dry_run=dry_run, by_hand=True)
            what, seen = "narrations reading " + ", ".join(sorted(words)), "reads it"
        else:
            articles = refresh_narrations(dry_run=dry_run)
            what, seen = "stale narrations", "stale"
        for article in articles:
            self.stdout.write(f"{article.slug}: {seen if dry_run else 'queued'}")
        verb = "would be queued" if dry_run else "queued"
        self.stdout.write(f"{len(articles)} {what} {verb}")


def _word(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value.strip()
