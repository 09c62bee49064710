"""Display-name rules: readable, unique per site, and never passing for the newsroom's staff."""

from __future__ import annotations

import re
import unicodedata

_ALLOWED = re.compile(r"^[\w .'\-]+$", re.UNICODE)
# Words that would let a reader pass for the newsroom, in any spelling we can fold.
STAFF_WORDS = ("admin", "moderator", "moderation", "editor", "staff", "official", "masthead")
_LOOKALIKES = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "|": "i",
        "l": "i",
    }
)

MIN_LENGTH = 2
MAX_LENGTH = 40


def fold(name: str) -> str:
    """Reduce a name to the letters a reader would see: no accents, digits read as letters."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = ascii_only.lower().translate(_LOOKALIKES)
    return re.sub(r"[^a-z]", "", lowered)


def check_display_name(name: str, staff_names: list[str], site_name: str) -> str | None:
    """Return a plain-words problem with `name`, or None when it may be used."""
    cleaned = " ".join(name.split())
    if len(cleaned) < MIN_LENGTH:
        return f"A display name needs at least {MIN_LENGTH} characters."
    if len(cleaned) > MAX_LENGTH:
        return f"A display name can have at most {MAX_LENGTH} characters."
    if not _ALLOWED.match(cleaned):
        return "A display name may use letters, digits, spaces, dots, apostrophes and hyphens."
    folded = fold(cleaned)
    if not folded or not any(ch.isalpha() for ch in cleaned):
        return "A display name needs some letters."
    reserved = [fold(word) for word in STAFF_WORDS]
    site = fold(site_name)
    if site and len(site) >= 4:
        reserved.append(site)
    if any(word and word in folded for word in reserved):
        return "That name could be mistaken for the newsroom's staff; please choose another."
    if any(folded == fold(staff) for staff in staff_names if fold(staff)):
        return "That name could be mistaken for the newsroom's staff; please choose another."
    return None


def clean_display_name(name: str) -> str:
    return " ".join(name.split())
