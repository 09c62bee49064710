"""`masthead import PATH...`: import article files (plain page text, Markdown, ninjs) or folders.

Prints one line per file. A file that cannot be imported gets one line on stderr
(`path: reason`); the others are still imported, and the command exits with status 2.
A bad option is one line too (status 2); a database without the tables (never migrated) is one
line and status 1 (core.commands).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from masthead.articles.importing import ImportFailed, files_to_import, import_file
from masthead.articles.models import Article
from masthead.core.commands import OneLineErrorsCommand


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
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Import as drafts unless a file sets its own status (default: published).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        status = Article.Status.DRAFT if options["draft"] else Article.Status.PUBLISHED
        failed = imported = 0
        claimed: dict[str, Path] = {}
        for path, problem in files_to_import(options["paths"]):
            if problem is None:
                try:
                    result = import_file(
                        path,
                        default_section=options["section"],
                        default_status=status,
                        claimed=claimed,
                    )
                except ImportFailed as exc:
                    problem = str(exc)
                else:
                    imported += 1
                    self.stdout.write(f"{path}: {result.describe()}")
                    continue
            failed += 1
            self.stderr.write(f"{path}: error: {problem}")
        self.stdout.write(f"{imported} imported, {failed} failed")
        if failed:
            sys.exit(2)
