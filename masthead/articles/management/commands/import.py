"""`masthead import PATH...`: import article files (plain page text, Markdown, ninjs) or folders.

Prints one line per file and a last line counting them by status. New articles are drafts
unless `--publish` is given (an editor reviews an import before readers see it, as in the
newsroom); an article imported before keeps its status. A file that cannot be imported gets one
line on stderr (`path: reason`); the others are still imported, and the command exits with
status 2. So does a file that trips an unexpected error (a bug in an importer): its line names
the error's class and message, the traceback goes to the log, and nothing of that file is saved
(the article is written in one transaction, and a photo written to media storage in it is
deleted again when it rolls back, as for a file the model refuses).
A bad option is one line too (status 2); a database without the tables (never migrated) is one
line and status 1 (core.commands).
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from masthead.articles.importing import ImportFailed, files_to_import, import_file, shown
from masthead.articles.models import Article
from masthead.core.commands import OneLineErrorsCommand

logger = logging.getLogger(__name__)


class Command(OneLineErrorsCommand):
    error_prefix = "import: error: "
    help = "Import articles from .txt (page text), .md (front matter) or .json (IPTC ninjs) files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to import.")
        parser.add_argument(
            "--section",
            default="News",
            help="Section for articles whose file names none (default: News).",
        )
        publishing = parser.add_mutually_exclusive_group()
        publishing.add_argument(
            "--publish",
            action="store_true",
            help="Publish the articles (or schedule those whose file says so). Without it new "
            "articles are drafts and articles imported before keep their status.",
        )
        publishing.add_argument(
            "--draft",
            action="store_true",
            help="New articles are drafts (the default; kept for scripts that pass it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        publish = bool(options["publish"])
        failed = imported = 0
        by_status: Counter[str] = Counter()
        claimed: dict[str, Path] = {}
        for path, problem in files_to_import(options["paths"]):
            if problem is None:
                try:
                    result = import_file(
                        path,
                        default_section=options["section"],
                        publish=publish,
                        claimed=claimed,
                    )
                except ImportFailed as exc:
                    problem = str(exc)
                except Exception as exc:
                    # One file's bug must not stop the run: the others still import.
                    logger.exception("import of %s failed unexpectedly", shown(path))
                    problem = unexpected(exc)
                else:
                    imported += 1
                    by_status[result.article.status] += 1
                    self.stdout.write(f"{shown(path)}: {result.describe()}")
                    continue
            failed += 1
            self.stderr.write(f"{shown(path)}: error: {problem}")
        self.stdout.write(summary(imported, failed, by_status, publish=publish))
        if failed:
            sys.exit(2)


def unexpected(exc: Exception) -> str:
    """`unexpected KeyError: 'ſeptember'`: the error's class and the first line of its message,
    kept to one line (a message may hold line breaks)."""
    first = (str(exc).strip().splitlines() or [""])[0]
    name = f"unexpected {exc.__class__.__name__}"
    return f"{name}: {first}" if first else name


def summary(imported: int, failed: int, by_status: Counter[str], *, publish: bool) -> str:
    """The last line: `3 imported, 1 failed (2 drafts, 1 published); ...`, saying where drafts
    go from here, since nothing of theirs is on the site."""
    line = f"{imported} imported, {failed} failed"
    if not imported:
        return line
    names = {Article.Status.DRAFT: ("draft", "drafts")}
    parts = []
    for status in (Article.Status.DRAFT, Article.Status.SCHEDULED, Article.Status.PUBLISHED):
        count = by_status[status]
        if count:
            one, many = names.get(status, (status.label.lower(), status.label.lower()))
            parts.append(f"{count} {one if count == 1 else many}")
    line += f" ({', '.join(parts)})"
    if by_status[Article.Status.DRAFT]:
        line += "; drafts are not on the site: publish them in the newsroom"
        if not publish:
            line += ", or import again with --publish"
    return line
