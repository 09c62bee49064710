"""`masthead speak INPUT.txt OUTPUT.mp3`: speak a plain text file with the configured engine."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from masthead.core.commands import OneLineCommandErrors
from masthead.narration.config import configured_engine
from masthead.narration.engines import ENGINE_NAMES, EngineError
from masthead.narration.lexicon import current_lexicon
from masthead.narration.pipeline import SegmentCache, mp3_duration, render
from masthead.narration.script import script_from_text


class Command(OneLineCommandErrors):
    error_prefix = "speak: error: "
    help = "Speak a UTF-8 text file to an MP3; prints the duration and the real-time factor."
    # A standalone tool: a bad engine setting is reported as its one-line error (exit code 2).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("input", help="A UTF-8 text file; blank lines separate paragraphs.")
        parser.add_argument("output", help="The MP3 file to write.")
        parser.add_argument(
            "--engine", help=f"One of {', '.join(ENGINE_NAMES)} (default: settings)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["input"])
        output = Path(options["output"])
        if options["engine"] and options["engine"] not in ENGINE_NAMES:
            raise CommandError(
                f"unknown engine {options['engine']!r} (choose one of {', '.join(ENGINE_NAMES)})",
                returncode=2,
            )
        if not source.is_file():
            raise CommandError(f"no such file: {source}", returncode=2)
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {source}: {exc}", returncode=2) from None
        script = script_from_text(text, current_lexicon())
        if not script.paragraphs:
            raise CommandError(f"{source} has no text to speak", returncode=2)
        if not output.parent.is_dir():
            raise CommandError(f"no such folder for the output: {output.parent}", returncode=2)
        if output.is_dir():
            raise CommandError(f"the output is a folder, not a file: {output}", returncode=2)
        try:
            engine = configured_engine(options["engine"])
            _ = engine.version  # fails fast when the engine's program is missing
            loader = getattr(engine, "load", None)
            if loader is not None:
                loader()  # the voice loads once; the real-time factor measures speaking only
            started = time.perf_counter()
            with tempfile.TemporaryDirectory() as scratch:
                rendered = render(script, engine, SegmentCache(Path(scratch)))
            data = rendered.mp3
            elapsed = time.perf_counter() - started
        except EngineError as exc:
            raise CommandError(f"speech engine: {exc}", returncode=2) from None
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}", returncode=2) from None
        duration = mp3_duration(data)
        self.stdout.write(
            f"{output}: {duration:.2f} s of audio, {len(data) / 1024:.0f} KB, "
            f"real-time factor {duration / max(elapsed, 1e-9):.1f} ({engine.name}, {elapsed:.2f} s)"
        )
