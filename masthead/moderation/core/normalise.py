"""Undo the disguises people use to slip abuse past a filter, before any model sees the text.

Handles: letters spelt with digits or symbols ("1d10t", "@ss", "sh!t"), letters masked with
asterisks ("f*ck", "a**hole") when the masked word matches a known abusive word, letters spaced
or dotted apart ("s t u p i d", "i.d.i.o.t"), stretched letters ("stuuuupid"), accents and
look-alike Unicode letters. Links and @mentions become placeholders so they carry no vocabulary.

The same function runs at training and at run time, so the model learns on what it will see.
Pure: no I/O, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# The name before a bare domain's TLD is one DNS label, at most 63 characters: unbounded, it was
# read from every word boundary of a run of letters, digits and hyphens to the run's end, so
# "a-a-a-..." beside any domain was quadratic (20,000 characters: 3.7 s; now 0.03 s).
URL_RE = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[a-z0-9-]{1,63}\.(?:com|net|org|info|biz|ru|io|ly|co|xyz|top)\b(?:/\S*)?",
    re.IGNORECASE,
)
# What every link URL_RE finds holds (the same flags): text without one has none to replace.
URL_PART_RE = re.compile(r"://|www\.|\.(?:com|net|org|info|biz|ru|io|ly|co|xyz|top)", re.IGNORECASE)
# "@" and four or more word characters is a mention; "@ss" is a disguised word.
MENTION_RE = re.compile(r"(?<![\w@])@\w{4,}")
# Three or more single letters separated by one space, dot, dash or underscore: "s t u p i d".
SPACED_RE = re.compile(r"\b(?:[a-z][ ._\-]){2,}[a-z]\b")
STRETCH_RE = re.compile(r"(.)\1{2,}")
# A word that mixes letters with digits or symbols often used as letters.
LEET_WORD_RE = re.compile(r"[a-z0-9@$!|+]*[a-z][a-z0-9@$!|+]*")
# The same words less those of letters alone, which come out of `_unleet_word` unchanged: a whole
# run of those characters (nothing of the class before it) holding a letter and one other character
# of the class. `_finish` substitutes only these, so ordinary words cost no Python call.
LEET_MIXED_RE = re.compile(
    r"(?<![a-z0-9@$!|+])(?=[a-z0-9@$!|+]*[a-z])(?=[a-z]*+[0-9@$!|+])[a-z0-9@$!|+]+"
)
ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th|s|m|k|pm|am|bn)")
SPACED_SEPARATOR_RE = re.compile(r"[ ._\-]")
# From a run's first character only: a match takes the whole run, and a run with no mask has
# none from any of its characters, each of which read the rest of it (20,000 letters: 2.8 s).
MASKED_RE = re.compile(r"(?<![a-z*#%])[a-z*#%]*[*#%][a-z*#%]*")

LEET_MAP = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "+": "t",
    }
)
# Look-alike letters from other scripts that NFKC does not fold.
CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
        "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ߋ": "o", "α": "a", "ο": "o", "ν": "v",
    }
)  # fmt: skip


def _strip_accents(text: str) -> str:
    if text.isascii():  # nothing to decompose, no combining marks
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _unleet_word(match: re.Match[str]) -> str:
    return _unleet(match.group(0))


# A pure function of the word, and the same disguised words recur: remembered (bounded).
@lru_cache(maxsize=4096)
def _unleet(word: str) -> str:
    # Trailing "!" or "+" is punctuation ("idiot!", "C++"), not a letter.
    core = word.rstrip("!|+")
    tail = word[len(core) :]
    word = core
    letters = sum(ch.isalpha() for ch in word)
    others = len(word) - letters
    # Only words that are mostly letters: "2nd", "1990s" and "$40" stay as they are.
    if others == 0 or letters < 2 or others > letters + 1 or word.isdigit():
        return word + tail
    if ORDINAL_RE.fullmatch(word):
        return word + tail
    return word.translate(LEET_MAP) + tail


def _join_spaced(match: re.Match[str]) -> str:
    return SPACED_SEPARATOR_RE.sub("", match.group(0))


# Words by (length, first letter): a masked token fits only words of its length, and its first
# letter is never a mask. Plain strings: a list of 20,000 words once compiled 20,000 unused
# regular expressions here (seconds) the first time a comment held a masked word.
@lru_cache(maxsize=8)
def _mask_patterns(lexicon: tuple[str, ...]) -> dict[tuple[int, str], list[str]]:
    by_shape: dict[tuple[int, str], list[str]] = {}
    for word in lexicon:
        if word:
            by_shape.setdefault((len(word), word[0]), []).append(word)
    return by_shape


def unmask(token: str, lexicon: Iterable[str]) -> str:
    """'f*ck' -> 'fuck' when exactly one known word fits the visible letters (one mask = one letter)."""
    if not any(ch in "*#%" for ch in token) or token[0] in "*#%":
        return token
    candidates = _mask_patterns(tuple(lexicon)).get((len(token), token[0]), [])
    fits = [
        word
        for word in candidates
        if all(t in "*#%" or t == w for t, w in zip(token, word, strict=True))
    ]
    return fits[0] if len(fits) == 1 or (fits and len({f[:3] for f in fits}) == 1) else token


def normalise(text: str, lexicon: Iterable[str] = ()) -> str:
    """The text as the classifiers see it: lower case, disguises undone, placeholders for links."""
    prepared = _prepare(text)
    lexicon = tuple(lexicon)
    # The lexicon only unmasks words with a mask character: without one, the text normalises
    # the same with any lexicon (so the spam and abuse models share one result).
    if lexicon and not any(ch in prepared for ch in "*#%"):
        lexicon = ()
    return _finish(prepared, lexicon)


# Remembered for recent texts: the spam and abuse models and the word lists each normalise the
# same comment (bounded; a pure function of its arguments).
@lru_cache(maxsize=512)
def _prepare(text: str) -> str:
    if not text.isascii():  # NFKC, the look-alikes and the accents leave ASCII text as it is
        text = _strip_accents(unicodedata.normalize("NFKC", text).translate(CONFUSABLES))
    text = text.lower()
    if URL_PART_RE.search(text):
        text = URL_RE.sub(" xxurl ", text)
    if "@" in text:
        text = MENTION_RE.sub(" xxuser ", text)
    text = SPACED_RE.sub(_join_spaced, text)
    return STRETCH_RE.sub(r"\1\1", text)


@lru_cache(maxsize=512)
def _finish(text: str, lexicon: tuple[str, ...]) -> str:
    if lexicon:
        text = MASKED_RE.sub(lambda m: unmask(m.group(0), lexicon), text)
    text = LEET_MIXED_RE.sub(_unleet_word, text)
    return " ".join(text.split())


def clear_cache() -> None:
    """Forget the remembered texts (benchmarks measure a comment never seen before with this)."""
    _prepare.cache_clear()
    _finish.cache_clear()
    _unleet.cache_clear()
