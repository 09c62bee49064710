"""Helpers for the narration tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SHORT_BODY = (
    "Russian and American diplomats met in Istanbul on Thursday for talks on their embassies.\n\n"
    "## Six hours of talks\n\n"
    "State television said the meeting was expected to last five to six hours.\n\n"
    "Dr. Ana Ruiz, a mediator, said 3 of the 12 issues were settled by 4:30 p.m."
)


def use_engine(settings: Any, engine: str, voice: str = "") -> None:
    settings.MASTHEAD = {
        **settings.MASTHEAD,
        "NARRATION_ENGINE": engine,
        "NARRATION_VOICE": voice
        or {"piper": "en_US-joe-medium", "espeak": "en-us"}.get(engine, "fake"),
    }


def fake_engine() -> Any:
    """The process-wide fake engine narration uses under the test settings (calls cleared)."""
    from masthead.narration.engines import get_engine

    engine = get_engine("fake", "fake", 1.0, 1)
    engine.calls.clear()  # type: ignore[attr-defined]
    engine.fail_on = None  # type: ignore[attr-defined]
    return engine


def audio_bytes(narration: Any) -> bytes:
    path: Path = narration.audio_path
    return path.read_bytes()


def seed_article_fields(paragraphs: int = 3) -> dict[str, str]:
    """Headline, standfirst and the first paragraphs of the shared seed wire story (read only)."""
    from tests.conftest import SEED_FILE

    text = SEED_FILE.read_text()
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    headline, standfirst = blocks[0], blocks[1]
    body = [b for b in blocks[2:] if len(b.split()) > 15 and "PHOTO" not in b][:paragraphs]
    return {"headline": headline, "standfirst": standfirst, "body": "\n\n".join(body)}
