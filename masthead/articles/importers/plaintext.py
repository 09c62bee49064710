"""Plain page text: a news page copied as text, like the wire stories Masthead is modelled on.

The shape it reads (one paragraph per line, blank lines optional):

    Headline
    Standfirst (one or more lines)
    [By Name]
    Source Month D, YYYY [H:MM AM]      <- the source-and-date line
    Caption of the photo. PHOTO: CREDIT
    Body paragraphs and sub-headings...
    COMMENTS                             <- this and everything after it is page furniture

Page furniture ("Listen to article", "Replying to X", the comments policy) is dropped wherever
it appears. A sub-heading is told from a paragraph by its shape: a short line, not a quotation,
with no closing punctuation, followed by more text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from masthead.articles.body import Block
from masthead.articles.importers.base import (
    ImportedArticle,
    MalformedArticle,
    PhotoReference,
    clean_text,
)

FORMAT = "plaintext"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# ASCII letters only: under IGNORECASE Python also reads the long s (ſ) as s and the dotless
# or dotted i (ı, İ) as i, month names that `_MONTHS` (looked up in lower case) does not hold.
_MONTH = r"(?P<month>(?a:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r"))\.?"
_TIME = r"(?:\s*,?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?(?:\s+(?:GMT|UTC))?)?"
_DATE = (
    rf"(?:{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+{_MONTH.replace('month', 'month2')}\s+(?P<year2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
)
# "Reuters February 27, 2025", "By Ana Ruiz | AFP 3 March 2025 09:15", "February 27, 2025"
_DATELINE = re.compile(
    rf"^(?:(?:by\s+)?(?P<lead>.{{1,80}}?)\s*[|,·•–—-]?\s+)?(?:published\s+|updated\s+)?{_DATE}{_TIME}$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^by\s+(?P<name>[^.!?]{2,100})$", re.IGNORECASE)
# "… on February 27, 2025. PHOTO: REUTERS" / "(Photo: Jane Doe/AFP)" / "Photograph: AP"
_CAPTION = re.compile(
    r"^(?P<caption>.*?)\s*[(\[]?\b(?:photo(?:graph)?|picture|image)\s*:\s*(?P<credit>[^)\]]{1,120})[)\]]?$",
    re.IGNORECASE,
)
_INLINE_CAPTION = re.compile(r"\bPHOTOS?:\s*[A-Z0-9][A-Z0-9 /&.'-]*$")
_COMMENTS_START = re.compile(
    r"^(?:comments|reader comments|\d+\s+comments?)(?:\s*\(\d+\))?$", re.IGNORECASE
)
_FURNITURE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^listen to (?:this )?article(?:\s*\d+\s*min(?:ute)?s?)?$",
        r"^replying to\b.*$",
        r"^comments are moderated\b.*$",
        r"^for more information,? please see our comments faq\.?$",
        r"^advertisement$",
        r"^share(?: this article)?$",
        r"^read more:?$",
    )
]
_TERMINAL = tuple(".!?:;,\"”’'…")
_OPENING_QUOTES = tuple("\"“‘'«„")


def _units(text: str) -> list[str]:
    """Non-empty lines, cleaned; the comments section and furniture removed."""
    units: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean_text(raw)
        if not line:
            continue
        if units and _COMMENTS_START.match(line):
            break  # readers' comments, usernames and replies are not the article
        if any(p.match(line) for p in _FURNITURE):
            continue
        units.append(line)
    return units


def _dateline(line: str, default_tz: tzinfo) -> tuple[str, str, datetime] | None:
    """(byline, source, published_at) if the line is a source-and-date line."""
    match = _DATELINE.match(line)
    if not match:
        return None
    g = match.groupdict()
    lead = (g["lead"] or "").strip(" |,·•–—-")
    byline, source = "", lead
    if line.lower().startswith("by ") and lead:
        # "By Ana Ruiz | AFP ..." names a writer and perhaps an agency after a separator.
        parts = re.split(r"\s*[|·•–—]\s*|,\s+", lead, maxsplit=1)
        byline, source = parts[0], parts[1] if len(parts) > 1 else ""
    if len(source.split()) > 6:
        return None  # a sentence that happens to end in a date, not a dateline
    try:
        if g["iso"]:
            year, month, day = (int(part) for part in g["iso"].split("-"))
        elif g["month"]:
            year, month, day = int(g["year"]), _MONTHS[g["month"].lower()], int(g["day"])
        else:
            year, month, day = int(g["year2"]), _MONTHS[g["month2"].lower()], int(g["day2"])
        hour, minute = int(g["hour"] or 0), int(g["minute"] or 0)
        ampm = (g["ampm"] or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        published = datetime(year, month, day, hour, minute, tzinfo=default_tz)
    except ValueError:
        # "Wire 2026-02-30" or "... 25:99 PM" was taken for a sub-heading, and the article
        # imported with no date and that line as its first heading.
        raise MalformedArticle(
            f"the source-and-date line {line[:80]!r} has a date or time that does not exist; "
            "correct it and import again"
        ) from None
    return byline, source, published


def _looks_like_heading(line: str, has_next: bool) -> bool:
    return (
        has_next
        and len(line) <= 100
        and len(line.split()) <= 14
        and not line.endswith(_TERMINAL)
        and not line.startswith(_OPENING_QUOTES)
        and (line[0].isupper() or line[0].isdigit())
    )


def parse(text: str, default_tz: tzinfo = UTC) -> ImportedArticle:
    units = _units(text)
    if len(units) < 2:
        raise MalformedArticle("plain text article needs a headline and a body")
    headline = units[0]
    if len(headline) > 200:
        raise MalformedArticle("the first line is too long to be a headline (over 200 characters)")

    # The header runs from the headline to the dateline (looked for near the top only).
    byline = source = ""
    published: datetime | None = None
    standfirst_parts: list[str] = []
    index = 1
    for probe in range(1, min(len(units), 7)):
        found = _dateline(units[probe], default_tz)
        if found:
            byline, source, published = found
            for line in units[1:probe]:
                named = _BYLINE.match(line)
                if named:
                    byline = byline or named.group("name").strip()
                else:
                    standfirst_parts.append(line)
            index = probe + 1
            break
    else:
        # No dateline: a second line followed by more text is the standfirst.
        if len(units) > 2 and not _CAPTION.match(units[1]):
            standfirst_parts.append(units[1])
            index = 2

    photo: PhotoReference | None = None
    rest = units[index:]
    if rest and len(rest) > 1:
        caption = _CAPTION.match(rest[0])
        if caption:
            photo = PhotoReference(
                caption=caption.group("caption").strip(),
                credit=caption.group("credit").strip().rstrip("."),
            )
            rest = rest[1:]

    blocks: list[Block] = []
    for position, line in enumerate(rest):
        if _INLINE_CAPTION.search(line):
            continue  # an in-text picture's caption: its picture is not part of the import
        has_next = position + 1 < len(rest)
        if line.startswith("> "):
            blocks.append(Block("quote", line[2:].strip()))
        elif _looks_like_heading(line, has_next) and (not blocks or blocks[-1].kind != "heading"):
            blocks.append(Block("heading", line))
        else:
            blocks.append(Block("paragraph", line))
    if not any(block.kind == "paragraph" for block in blocks):
        raise MalformedArticle("plain text article has no body paragraphs")
    return ImportedArticle(
        format=FORMAT,
        headline=headline,
        standfirst=" ".join(standfirst_parts),
        byline=byline,
        source=source,
        published_at=published,
        photo=photo,
        body=tuple(blocks),
    )
