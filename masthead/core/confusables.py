"""Letters of other alphabets that look like Latin ones, read as the Latin letter.

"Мoderator" with a Cyrillic М, "Αdmin" with a Greek Α, "mοron" with a Greek ο: a reader sees
the Latin word. The display-name check (comments) and the moderators' word lists (moderation)
read such spellings through this one table. Pure: no Django.
"""

from __future__ import annotations

import re

# Letters of other alphabets (and a few Latin ones NFKD leaves alone) that look like a Latin
# letter: "Мoderator" in Cyrillic, "Αdmin" in Greek, "Admın" with a dotless i. Both cases, read
# before lower-casing, since an upper-case letter can look like another Latin letter than its
# lower case does (Cyrillic Н is an H, н is not an h).
# fmt: off
CONFUSABLES = str.maketrans(
    {
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
)
# fmt: on

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
