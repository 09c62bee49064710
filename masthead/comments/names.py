"""Display-name rules: readable, unique per site, and never passing for the newsroom's staff."""

from __future__ import annotations

import re
import unicodedata

from masthead.core.confusables import CONFUSABLES, cased_lookalikes

_ALLOWED = re.compile(r"^[\w .'\-]+$", re.UNICODE)
# Words that would let a reader pass for the newsroom, in any spelling we can fold.
STAFF_WORDS = ("admin", "moderator", "moderation", "editor", "staff", "official", "masthead")
# What the page writes where a name would be for a comment with no author to show: a reader
# with one of these as a name would pass for a deleted or withdrawn comment.
PLACEHOLDER_NAMES = ("Deleted comment", "Comment not available", "Former reader")
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
    """Reduce a name to the Latin letters a reader would see: no accents, digits and other
    alphabets' look-alike letters read as Latin ones. Letters with no Latin look-alike are
    dropped, so a name wholly in another script folds to little or nothing."""
    # The table is read before NFKD too: NFKD turns some look-alikes into letters it lacks
    # (Greek lunate sigma `ϲ`, which looks like c, into final sigma `ς`).
    decomposed = unicodedata.normalize("NFKD", name.translate(CONFUSABLES)).translate(CONFUSABLES)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = ascii_only.lower().translate(_LOOKALIKES)
    return re.sub(r"[^a-z]", "", lowered)


# The look-alikes of `CONFUSABLES`, keeping case: Cyrillic А reads as A, not as a.
_CONFUSABLES_CASED = cased_lookalikes()
# Cyrillic palochka looks like l (the table reads it as i, as the staff words' check does).
_CONFUSABLES_CASED[ord("\u04cf")] = "l"
# Characters a reader cannot tell apart in the site's sans-serif type, read before lower-casing
# (a capital I is an l, a capital L is not): I l 1 | as one, O and 0 as one.
_SAME_SHAPE = str.maketrans({"I": "|", "l": "|", "1": "|", "0": "O"})


def name_key(name: str) -> str:
    """What two readers' names share when one would be taken for the other on the page:
    `AIice Walker` (capital i), `A1ice Walker`, Cyrillic `Аlice Walker` and `Alice-Walker` all
    read as `Alice Walker`, and `Kirn` as `Kim`. Case, accents, spaces and punctuation do not
    count; other digits do (`Mike 2` is not `Mike`), and a capital L is no capital I. Narrower
    than `fold`, which is for staff words. Empty for a name with a letter that has no Latin
    reading (`Дмитрий`, `李明`): reading it as Latin would drop that letter and make unrelated
    names meet, so such a name is compared only exactly (ignoring case), as every name is."""
    cleaned = clean_display_name(name)
    if any(ch.isalpha() and not fold(ch) for ch in cleaned):
        return ""
    decomposed = unicodedata.normalize("NFKD", cleaned.translate(_CONFUSABLES_CASED)).translate(
        _CONFUSABLES_CASED
    )
    shapes = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = shapes.translate(_SAME_SHAPE).lower().replace("rn", "m").replace("vv", "w")
    return re.sub(r"[^a-z0-9|]", "", lowered)


def check_display_name(name: str, staff_names: list[str], site_name: str) -> str | None:
    """Return a plain-words problem with `name`, or None when it may be used."""
    cleaned = clean_display_name(name)
    if len(cleaned) < MIN_LENGTH:
        return f"A display name needs at least {MIN_LENGTH} characters."
    if len(cleaned) > MAX_LENGTH:
        return f"A display name can have at most {MAX_LENGTH} characters."
    if not _ALLOWED.match(_without_marks(cleaned)):
        return "A display name may use letters, digits, spaces, dots, apostrophes and hyphens."
    # Letters of any script count: a name in Cyrillic, Arabic or Chinese folds to few or no
    # Latin letters, and that is no reason to refuse it.
    if not any(ch.isalpha() for ch in cleaned):
        return "A display name needs some letters."
    folded = fold(cleaned)
    if folded and folded in {fold(placeholder) for placeholder in PLACEHOLDER_NAMES}:
        return "That name is what the page shows for removed comments; please choose another."
    reserved = [fold(word) for word in STAFF_WORDS]
    site = fold(site_name)
    if site and len(site) >= 4:
        reserved.append(site)
    if any(word and word in folded for word in reserved):
        return "That name could be mistaken for the newsroom's staff; please choose another."
    if folded and any(folded == fold(staff) for staff in staff_names if fold(staff)):
        return "That name could be mistaken for the newsroom's staff; please choose another."
    return None


# Typographic apostrophes (phones type ’ for ') and the modifier letter ʼ read as '.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
# Combining marks in a row after one letter: enough for any script's vowel signs and accents
# (Vietnamese stacks two), not for a "Zalgo" tower drawn over the lines around it.
MAX_MARKS = 3


def _without_marks(name: str) -> str:
    """`name` with the combining marks that sit on a letter taken out, so that the letters
    check sees the letters: Devanagari vowel signs and viramas (प्रिया), or accents typed as
    separate characters. A mark with no letter under it, or too many on one, is left in (and
    refused)."""
    out: list[str] = []
    run = 0
    for ch in name:
        if unicodedata.category(ch).startswith("M") and out and out[-1].isalnum():
            run += 1
            if run <= MAX_MARKS:
                continue
        else:
            run = 0
        out.append(ch)
    return "".join(out)


# Marks that draw nothing: the combining grapheme joiner, variation selectors (standard,
# Mongolian, ideographic) and Khmer's inherent vowels. Left in, `Дмитрий` with one of them
# would be a second name that reads as the first (a name with no Latin reading is compared
# only exactly), so they are taken out.
_INVISIBLE_MARKS = re.compile(
    "[\u034f\u17b4\u17b5\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]"
)


def clean_display_name(name: str) -> str:
    """One form per name: composed characters (an accent typed separately joins its letter),
    plain apostrophes, single spaces, no marks that draw nothing."""
    composed = unicodedata.normalize("NFC", _INVISIBLE_MARKS.sub("", name)).translate(_APOSTROPHES)
    return " ".join(composed.split())
