"""What every importer returns, and the one error they raise for a file they cannot read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from masthead.articles.body import Block


class MalformedArticle(ValueError):
    """The file is not an article in its format. The message is one line, fit for a CLI."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


@dataclass(frozen=True)
class PhotoReference:
    """The article's main photo as the file describes it.

    `location` is what the file points at: a path relative to the imported file, or a URL.
    The importer never opens it; whoever stores the article decides whether it may.
    """

    location: str = ""
    caption: str = ""
    credit: str = ""
    alt: str = ""


@dataclass(frozen=True)
class ImportedArticle:
    headline: str
    body: tuple[Block, ...]
    standfirst: str = ""
    byline: str = ""
    source: str = ""
    published_at: datetime | None = None
    updated_at: datetime | None = None
    section: str = ""
    tags: tuple[str, ...] = ()
    photo: PhotoReference | None = None
    # An identifier the file gives itself (a ninjs uri, a front matter id): re-importing the
    # same story updates it instead of adding a copy.
    external_id: str = ""
    slug: str = ""
    # Only set when the file says so; the caller decides the default.
    status: str = ""
    comments_mode: str = ""
    format: str = field(default="", compare=False)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly form; the importers' expected-result files use it."""
        return {
            "format": self.format,
            "headline": self.headline,
            "standfirst": self.standfirst,
            "byline": self.byline,
            "source": self.source,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "section": self.section,
            "tags": list(self.tags),
            "photo": None
            if self.photo is None
            else {
                "location": self.photo.location,
                "caption": self.photo.caption,
                "credit": self.photo.credit,
                "alt": self.photo.alt,
            },
            "external_id": self.external_id,
            "slug": self.slug,
            "status": self.status,
            "comments_mode": self.comments_mode,
            "body": [
                {
                    "kind": b.kind,
                    "text": b.text,
                    **({"attribution": b.attribution} if b.attribution else {}),
                }
                for b in self.body
            ],
        }


def clean_text(value: object) -> str:
    """One line of text: Unicode-normalised, no-break spaces and runs of white space folded,
    control characters and lone UTF-16 surrogates (a JSON "\\ud800") dropped: no text holds
    them, and PostgreSQL refuses a NUL in any text column."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").replace("\u200b", "")
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in _NOT_TEXT)
    return " ".join(text.split())


_NOT_TEXT = {"Cc", "Cs"}


_SLUG_STRIP = re.compile(r"[^\w\s-]")
_SLUG_HYPHENATE = re.compile(r"[-\s]+")


def slugify(value: str, max_length: int = 80) -> str:
    """ASCII slug (the same rules as Django's slugify, which this core may not import)."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    text = _SLUG_STRIP.sub("", text.lower())
    slug = _SLUG_HYPHENATE.sub("-", text).strip("-_")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def parse_datetime(value: object, default_tz: tzinfo = UTC) -> datetime | None:
    """ISO 8601 date or date-time; a naive value is read in `default_tz`. Empty -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time(0, 0))
    else:
        text = str(value).strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise MalformedArticle(f"not an ISO 8601 date: {str(value)[:40]!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed


def join_names(names: list[str]) -> str:
    """["A"] -> "A"; ["A", "B", "C"] -> "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
