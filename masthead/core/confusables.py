"""Letters of other alphabets that look like Latin ones, read as the Latin letter.

"Мoderator" with a Cyrillic М, "Αdmin" with a Greek Α, "mοron" with a Greek ο: a reader sees
the Latin word. The display-name check (comments) and the moderators' word lists (moderation)
read such spellings through this one table. Pure: no Django.

The table is the hand-picked letters below together with those Unicode's confusables data
reads as one Latin letter (`confusables_data.py`, generated at build time by
`training/confusables_build.py`, which says what was kept and from where), the small capitals
`ᴀ ʙ ɪ` among them. Where both name a letter, the hand-picked reading wins.
"""

from __future__ import annotations

import re

from masthead.core.confusables_data import UNICODE_LOOKALIKES

# Letters of other alphabets (and a few Latin ones NFKD leaves alone) that look like a Latin
# letter: "Мoderator" in Cyrillic, "Αdmin" in Greek, "Admın" with a dotless i. Both cases, read
# before lower-casing, since an upper-case letter can look like another Latin letter than its
# lower case does (Cyrillic Н is an H). Lower-case н is not picked here, yet the table still
# reads it as h: Unicode's data gives it the prototype small capital H (ʜ), and the generator
# reads every small capital as its lower-case letter.
# fmt: off
HAND_PICKED: dict[str, str] = {
    # Cyrillic
    "А": "a", "а": "a", "В": "b", "Е": "e", "е": "e", "К": "k", "к": "k", "М": "m",
    "м": "m", "Н": "h", "О": "o", "о": "o", "Р": "p", "р": "p", "С": "c", "с": "c",
    "Т": "t", "т": "t", "У": "y", "у": "y", "Х": "x", "х": "x", "І": "i", "і": "i",
    "Ї": "i", "ї": "i", "Ј": "j", "ј": "j", "Ѕ": "s", "ѕ": "s", "ԁ": "d", "Ԛ": "q",
    "ԛ": "q", "Ԝ": "w", "ԝ": "w", "Һ": "h", "һ": "h", "Ӏ": "i", "ӏ": "i", "ѵ": "v",
    # Greek
    "Α": "a", "α": "a", "Β": "b", "β": "b", "Ε": "e", "ε": "e", "Ζ": "z", "Η": "h",
    "Ι": "i", "ι": "i", "Κ": "k", "κ": "k", "Μ": "m", "Ν": "n", "ν": "v", "Ο": "o",
    "ο": "o", "Ρ": "p", "ρ": "p", "Τ": "t", "τ": "t", "Υ": "y", "υ": "u", "Χ": "x",
    "χ": "x", "ϲ": "c", "Ϲ": "c", "ϳ": "j",
    # Latin letters NFKD does not take apart
    "ı": "i", "ƒ": "f", "ɑ": "a", "ɡ": "g", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "ð": "d", "ħ": "h", "æ": "ae", "Æ": "ae", "œ": "oe",
    "Œ": "oe", "ß": "ss",
}
# fmt: on
CONFUSABLES = str.maketrans({**UNICODE_LOOKALIKES, **HAND_PICKED})


def cased_lookalikes() -> dict[int, str]:
    """The same table keeping case, for checks where case shows (a capital I is no l): a
    hand-picked upper-case letter reads as the upper-case Latin one (Cyrillic Н as H, not h);
    Unicode's data names the case itself (it reads every I-like letter as l, and small capitals
    as lower-case letters)."""
    cased = {ord(k): v for k, v in UNICODE_LOOKALIKES.items()}
    for letter, latin in HAND_PICKED.items():
        cased[ord(letter)] = latin.upper() if letter.isupper() else latin
    return cased


_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w+")


def fold_mixed_words(text: str) -> str:
    """Each word that mixes Latin letters with look-alikes from another alphabet, written with
    the Latin letters only ("mоrоn" with Cyrillic о -> "moron"). Words wholly in another
    alphabet stay as they are: a Russian word is not an English one in disguise."""

    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        return word.translate(CONFUSABLES) if _LATIN.search(word) else word

    return _WORD.sub(fold, text)
