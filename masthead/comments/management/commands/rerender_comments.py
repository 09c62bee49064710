"""`masthead rerender_comments [--dry-run] [--batch-size N]`: write every comment's stored HTML
again from its stored text with the rules of the code now running (`comments.text.render`).

A comment's HTML is made once, when it is posted or edited, and stored beside its text; a
release that changes how comments are rendered (link handling, an escaping fix) changes new
comments only, and old ones keep the HTML of the rules they were posted under. Run this once
after such an upgrade (docs/operations.md, "Upgrades").

Only the `html` column changes, and only where the new rendering differs: the text, the edit
history (CommentRevision), `updated_at` and every other field are left as they are (a queryset
update, no save). A comment whose text changed while the command ran (an edit) is left to the
edit, which rendered it itself. Comments are read in batches of `--batch-size` (by id), each
batch written in one transaction; the articles whose comments changed have their cached pages
made stale (core.pagecache), so readers see the new HTML at once. Running it twice changes
nothing the second time. Deleted comments have no words left and are skipped.

Prints one line: how many comments were read and how many were (with --dry-run: would be)
rendered again. Exit status 0; a bad option is one line and status 2; a database that was
never migrated or cannot be used is one line and status 1.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction

from masthead.comments import text as comment_text
from masthead.comments.models import Comment
from masthead.core import pagecache
from masthead.core.commands import OneLineErrorsCommand

BATCH_SIZE = 500
MAX_BATCH_SIZE = 100_000


def batch_size_option(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_BATCH_SIZE:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_BATCH_SIZE}")
    return size


@dataclass(frozen=True)
class Rerendered:
    read: int
    changed: int


def rerender_comments(dry_run: bool = False, batch_size: int = BATCH_SIZE) -> Rerendered:
    """Render every comment's text again and store the HTML where it differs (see the module's
    docstring). With `dry_run`, count them and write nothing."""
    read = changed = 0
    last_pk = 0
    comments = Comment.objects.exclude(status=Comment.Status.DELETED).order_by("pk")
    while True:
        batch = list(
            comments.filter(pk__gt=last_pk).values_list("pk", "article_id", "text", "html")[
                :batch_size
            ]
        )
        if not batch:
            break
        last_pk = batch[-1][0]
        read += len(batch)
        stale = [
            (pk, article_id, text, fresh)
            for pk, article_id, text, html in batch
            if (fresh := comment_text.render(text)) != html
        ]
        if dry_run:
            changed += len(stale)
            continue
        with transaction.atomic():
            articles = set()
            for pk, article_id, text, fresh in stale:
                # Only if the text is still what was rendered: an edit meanwhile rendered its
                # own text with these same rules.
                if Comment.objects.filter(pk=pk, text=text).update(html=fresh):
                    changed += 1
                    articles.add(article_id)
            for article_id in sorted(articles):
                pagecache.bump_now_and_on_commit(article_id)
    return Rerendered(read=read, changed=changed)


class Command(OneLineErrorsCommand):
    error_prefix = "rerender_comments: error: "
    help = (
        "Render every comment's stored text again with the current rules and store the HTML "
        "where it differs (after an upgrade that changed how comments are rendered)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only say how many comments would be rendered again; change nothing",
        )
        parser.add_argument(
            "--batch-size",
            type=batch_size_option,
            default=BATCH_SIZE,
            help=f"comments read and written per transaction (default {BATCH_SIZE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = options["batch_size"]
        dry_run = options["dry_run"]
        try:
            result = rerender_comments(dry_run=dry_run, batch_size=batch_size)
        except DatabaseError as exc:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            stderr = options.get("stderr") or sys.stderr
            stderr.write(f"{self.error_prefix}cannot use the database: {reason}\n")
            sys.exit(1)
        verb = "would be rendered again" if dry_run else "rendered again"
        self.stdout.write(f"{result.read} comment(s) read, {result.changed} {verb}")
