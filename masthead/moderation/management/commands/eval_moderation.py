"""`masthead eval-moderation`: held-out figures for the moderation models, peers alongside."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from masthead.core.commands import OneLineCommandErrors

ROOT = Path(__file__).resolve().parents[4]


class Command(OneLineCommandErrors):
    error_prefix = "eval-moderation: error: "
    help = "Evaluate the moderation models on the project's held-out splits (make eval)."

    def handle(self, *args: Any, **options: Any) -> None:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        try:
            from training.moderation.evaluate import main
        except ImportError as exc:
            raise CommandError(
                f"evaluation needs the source checkout and dev extras: {exc}"
            ) from None
        if main([]) != 0:
            raise CommandError("evaluation failed")
