"""Management commands whose bad options are one line on stderr and exit status 2.

argparse prints a usage block before its message; for commands that scripts and operators run
(and whose errors end up in logs), one line says it. Subclass and set `error_prefix`.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser


class OneLineErrorsCommand(BaseCommand):
    error_prefix = ""  # e.g. "embed-articles: error: "

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        prefix = self.error_prefix

        def one_line(message: str) -> NoReturn:
            sys.stderr.write(f"{prefix}{message}\n")
            sys.exit(2)

        parser.error = one_line  # type: ignore[method-assign]
        return parser
