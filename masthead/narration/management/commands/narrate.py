"""`masthead narrate SLUG`: (re)narrate one article now and wait for it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError

from masthead.articles.models import Article
from masthead.core.commands import DatabaseCheckedCommand
from masthead.narration.presenters import clock, parts_summary
from masthead.narration.tasks import run_narration


class Command(DatabaseCheckedCommand):
    error_prefix = "narrate: error: "
    # A failure is one line, "narrate: error: narration failed: REASON", exit 1 (operator QA,
    # 2026-11-30: a full disk printed the worker's log warning and "CommandError: ..." too).
    one_line_command_errors = True
    help = "Narrate one article now (re-synthesising only the parts not in the cache) and wait."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug", help="The article's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        article = Article.objects.filter(slug=options["slug"]).first()
        if article is None:
            raise CommandError(f"no article with slug {options['slug']!r}", returncode=2)
        try:
            with self.saying_failures_itself():
                narration = run_narration(article.pk, force=True)
        except Article.DoesNotExist:
            raise CommandError(
                "the article was deleted while it was narrated", returncode=1
            ) from None
        if narration.status == narration.Status.FAILED:
            raise CommandError(f"narration failed: {narration.reason}", returncode=1)
        self.stdout.write(
            f"{article.slug}: {narration.status}, {clock(narration.duration)} "
            f"({narration.duration:.1f} s), {narration.size / 1024:.0f} KB, "
            + parts_summary(narration.segments_synthesised, narration.segments_total)
        )

    @contextmanager
    def saying_failures_itself(self) -> Iterator[None]:
        """From the command line, the run's own warnings (a failure it records, the article
        deleted meanwhile) are not printed: the command's one line says the same. A crash it
        did not expect still logs its traceback (ERROR)."""
        log = logging.getLogger("masthead.narration.tasks")
        level = log.level
        if self.from_command_line:
            log.setLevel(logging.ERROR)
        try:
            yield
        finally:
            log.setLevel(level)
