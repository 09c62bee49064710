"""`masthead train-moderation`: retrain the moderation models (training/moderation/train.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from masthead.core.commands import OneLineCommandErrors

ROOT = Path(__file__).resolve().parents[4]


class Command(OneLineCommandErrors):
    error_prefix = "train-moderation: error: "
    help = "Train the moderation models from ../shared/data into masthead/moderation/weights/."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--variant", choices=["shipped", "full"], default="shipped")
        parser.add_argument(
            "--only", choices=["abuse", "spam", "topic", "threat", "thresholds"], action="append"
        )
        parser.add_argument(
            "--keep-threshold",
            choices=["off_topic", "spam"],
            action="append",
            help="with --only thresholds: keep this threshold from the existing thresholds.json",
        )
        parser.add_argument(
            "--out", default=None, help="write the models here instead (e.g. to check a rebuild)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        try:
            from training.moderation.train import main
        except ImportError as exc:
            raise CommandError(f"training code needs the source checkout: {exc}") from None
        argv = ["--variant", options["variant"]]
        for only in options["only"] or []:
            argv += ["--only", only]
        for keep in options["keep_threshold"] or []:
            argv += ["--keep-threshold", keep]
        if options["out"]:
            argv += ["--out", options["out"]]
        if main(argv) != 0:
            raise CommandError("training failed")
