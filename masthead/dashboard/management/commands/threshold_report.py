"""`masthead threshold-report [--days 30] [--target 0.03] [--json]`: the stats page's
"Thresholds: what if" tables and suggestions (docs/moderators.md), as text or JSON.

A bad option is one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import CommandParser

from masthead.core.commands import OneLineErrorsCommand
from masthead.core.numbers import whole_number
from masthead.dashboard import calibration, whatif


class Command(OneLineErrorsCommand):
    error_prefix = "threshold-report: error: "
    help = (
        "What the automatic checks would publish at other thresholds, estimated from "
        "moderators' decisions and the reviewed audit sample of the last days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", default="30", help="the last N days (1-365; default 30)")
        parser.add_argument(
            "--target",
            default=str(whatif.DEFAULT_TARGET),
            help="the most rejected comments published, as a share (default 0.03)",
        )
        parser.add_argument("--json", action="store_true", help="print JSON instead of tables")

    def handle(self, *args: Any, **options: Any) -> None:
        days_text, target_text = str(options["days"]), str(options["target"])
        days = whole_number(days_text)
        if days is None or not 1 <= days <= 365:
            self._refuse(f"--days must be a whole number from 1 to 365, not {days_text!r}")
        try:
            target = float(target_text)
        except ValueError:
            target = float("nan")
        if not 0.0 <= target <= 1.0:  # false for nan too
            self._refuse(f"--target must be a share from 0 to 1 (0.03 is 3%), not {target_text!r}")
        result = calibration.what_if(days, target)
        if options["json"]:
            data = {
                "start": result.start.isoformat(),
                "end": result.end.isoformat(),
                **whatif.as_dict(result.report),
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(
            f"Thresholds: what if. Comments posted {result.start:%Y-%m-%d} to {result.end:%Y-%m-%d}."
        )
        self.stdout.write(whatif.as_text(result.report))

    def _refuse(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.error_prefix}{message}\n")
        sys.exit(2)
