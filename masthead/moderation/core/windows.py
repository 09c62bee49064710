"""A comment too long to read whole, read as overlapping windows of bounded size.

Scoring a text costs memory in proportion to its length, about 200 bytes a character (word and
character n-grams, the tokenizer's encoding, the normalised copies): a 5 MB comment took 1 GB
and a 50 MB one would take 10 GB. A text longer than MAX_TEXT_CHARS is held (`too_long`, see
phases/length.py) and its checks read it one window at a time, so memory stays that of one
window whatever the length (docs/moderation.md, "Batch CLI").

Windows are cut at white space where there is some near the cut, so no word is split in two.
Each window has its own part (the own parts tile the text, one after the other) and then up to
OVERLAP characters of the next window's, so a phrase, a spam pattern or a sentence up to about
that long that crosses a cut is still read whole in one window. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

# Longer than any comment the web form accepts (MASTHEAD_COMMENT_MAX_LENGTH, default 3,000) and
# than almost every real comment: the batch CLI reads other sites' exports, which may have no
# limit. About 4 MB of memory to score one window.
MAX_TEXT_CHARS = 20_000
# Characters of the next window each window reads as well.
OVERLAP = 1_000


@dataclass(frozen=True)
class Window:
    # Where the window starts in the whole text.
    start: int
    text: str
    # How many of its characters are its own; the rest are the next window's first ones.
    own: int


def _cut(text: str, at: int, low: int) -> int:
    """`at`, moved back to just after the last white space in text[low:at], if there is one."""
    for i in range(at, low, -1):
        if text[i - 1].isspace():
            return i
    return at


def windows(text: str, size: int = MAX_TEXT_CHARS, overlap: int = OVERLAP) -> Iterator[Window]:
    """The text in windows of at most `size` + `overlap` characters, in order; a text of at most
    that many characters is one window, the text itself."""
    if overlap * 4 > size:
        raise ValueError("the overlap must be at most a quarter of the window size")
    length = len(text)
    start = 0
    while True:
        if length - start <= size + overlap:
            yield Window(start, text[start:], length - start)
            return
        # Cut the own part at white space in its last `overlap` characters, so no word is split.
        own_end = _cut(text, start + size, start + size - overlap)
        end = own_end + overlap
        end = _cut(text, end, own_end) if end < length else length
        yield Window(start, text[start:end], own_end - start)
        start = own_end


def first_window(text: str, size: int = MAX_TEXT_CHARS) -> str:
    """What the checks that read only a comment's opening see: the text itself when it is short."""
    if len(text) <= size:
        return text
    return next(windows(text, size)).text
