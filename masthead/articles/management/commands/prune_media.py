"""`masthead prune_media [--delete] [--older-than-hours N]`: find the photo files under
MEDIA_ROOT/photos/ that no article names, last written more than N hours ago (24 by default),
and with `--delete` delete them. Such a file is left when a process died between writing a
photo and committing its article (a photo whose transaction rolls back goes by itself:
articles.media).

Without `--delete` it deletes nothing: one line per file it would delete, then a count.
With it, one line per file deleted, then a count. Only photos/ is looked at (narration audio
and anything else under MEDIA_ROOT are left alone). Exit status 0; a bad option is one line and
status 2; a database that was never migrated or cannot be used is one line and status 1.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Any

from django.db import DatabaseError

from masthead.articles.media import delete_photo, unreferenced_photos
from masthead.core.commands import OneLineErrorsCommand

# An article's photo is written a moment before its transaction commits; an hour is far more
# than any save takes, so a file younger than that may still be on its way to being named.
MIN_HOURS = 1
MAX_HOURS = 24 * 365 * 100


def _hours(value: str) -> int:
    try:
        hours = int(value)
    except ValueError:
        hours = -1
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from {MIN_HOURS} to {MAX_HOURS}, not {value!r}"
        )
    return hours


class Command(OneLineErrorsCommand):
    error_prefix = "prune_media: error: "
    help = (
        "List (or with --delete, delete) photo files under MEDIA_ROOT/photos/ that no article "
        "names, older than --older-than-hours."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--delete", action="store_true", help="delete the files (default: only list them)"
        )
        parser.add_argument(
            "--older-than-hours",
            type=_hours,
            default=24,
            help=f"only files last written more than this many hours ago (default 24, at "
            f"least {MIN_HOURS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["older_than_hours"]
        delete = bool(options["delete"])
        try:
            found = unreferenced_photos(timedelta(hours=hours))
            count = size = 0
            for photo in found:
                if delete and not delete_photo(photo.name):
                    continue  # an article names it by now
                count += 1
                size += photo.size
                verb = "deleted" if delete else "would delete"
                self.stdout.write(f"{verb} {photo.name} ({photo.size:,} bytes)")
        except DatabaseError as exc:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            stderr = options.get("stderr") or sys.stderr
            stderr.write(f"{self.error_prefix}cannot use the database: {reason}\n")
            sys.exit(1)
        what = (
            f"{count} photo file(s) ({size:,} bytes) no article names, older than {hours} hour(s)"
        )
        if delete:
            self.stdout.write(f"{what}: deleted")
        else:
            self.stdout.write(f"{what}: run with --delete to delete them")
