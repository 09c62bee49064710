"""What counts as a link in a reader's comment: one definition for the posting limit
(comments) and for moderation's `too_many_links` and pre-moderation's `has_links`.

Pure Python, no Django. A link is what a reader sees as one or can follow:
- each Markdown link or image (`[text](target)`, `![alt](target)`) and each HTML `<a>` element
  counts once, whatever its text says (`[www.a.example](https://a.example)` is one link);
- so does each use of a reference definition (`[text][1]`, `[text][]`, `[1]` with a line
  `[1]: https://a.example`): one definition used four times renders four links. The
  definition line itself is not shown, so its address is not counted again;
- in the rest of the text, every address written out counts: a URL with a scheme (http, https,
  ftp, in any case), one starting `www.`, or a bare domain with a TLD spammers use (`spam.ru`),
  in Latin or another alphabet (`пример.рф`). Trailing punctuation is not part of it.
The text is read as the page shows it, with its HTML entities decoded: an address spelt
`https:&#x2F;&#x2F;spam.example` is a working link on the page though no URL is written.

Comments render only Markdown and HTML links as anchors; a written-out address stays text.
It is counted all the same: readers copy it, and it is what a spammer posts.
"""

from __future__ import annotations

import html
import re

_TLDS = (
    "com|net|org|info|biz|ru|io|ly|co|xyz|top|shop|site|online|"
    r"\u0440\u0444|xn--[a-z0-9-]+"  # .рф, and any punycode (internationalised) TLD
)
ADDRESS_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()\[\]]+"
    rf"|(?<![\w.@-])[^\W_][\w-]*(?:\.[^\W_][\w-]*)*\.(?:{_TLDS})\b(?:/[^\s<>\"'()\[\]]*)?",
    re.IGNORECASE,
)
# [text](target "title") and ![alt](target); the target may hold one level of parentheses.
# The possessive `*+` and `[^)]*+` keep a failed match linear: with `\s*` and `\s+[^)]*` able to
# share the same spaces, `[a](` and 3000 spaces took 80 seconds (a reader could stall the
# server with one comment). `(?<=\s)` stands for the space `\s*+` took when there is no target.
_MARKDOWN_LINK_RE = re.compile(
    r"!?\[[^\]\n]*\]\(\s*+<?(?:[^()\s]|\([^()\s]*\))*>?(?:(?<=\s)[^)]*+|\s[^)]*+)?\)"
)
_HTML_LINK_RE = re.compile(r"<a\b[^>]*>(?:.*?</a\s*>)?", re.IGNORECASE | re.DOTALL)
# A reference definition, `[label]: target "title"` on a line of its own (in a quote too), as
# Python-Markdown reads it: the line renders to nothing, and each use of the label is a link.
# The quote markers are matched possessively (`*+`): a space after a `>` could otherwise go to
# it or to the next marker, and "> > > ... x" took twice as long for every marker (forty of them,
# eighty characters, never finished).
_REFERENCE_DEF_RE = re.compile(
    r"^(?:[ ]{0,3}>[ ]?)*+[ ]{0,3}\[([^\[\]\n]*)\]:[ ]*(?:\n[ ]*)?[^\s]+[ ]*"
    r"(?:\n[ ]*)?(?:([\"'])[^\n]*\2[ ]*|\([^\n]*\)[ ]*)?$",
    re.MULTILINE,
)
# A use: `[text][label]`, `[text] [label]`, `[text][]`, or `[label]` alone (`!` for an image).
_REFERENCE_USE_RE = re.compile(r"!?\[([^\[\]]*)\](?:\s?\[([^\[\]]*)\])?")
_TRAILING = ".,;:!?"


def _label(text: str) -> str:
    return " ".join(text.split()).lower()


def _constructs(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The links written as HTML or Markdown (inline and by reference), and the reference
    definitions (shown as nothing, so blanked but not counted)."""
    spans = [m.span() for m in _HTML_LINK_RE.finditer(text)]
    spans += [m.span() for m in _MARKDOWN_LINK_RE.finditer(_blank(text, spans))]
    rest = _blank(text, spans)
    definitions = [(m.span(), _label(m.group(1))) for m in _REFERENCE_DEF_RE.finditer(rest)]
    hidden = [span for span, _ in definitions]
    labels = {label for _, label in definitions if label}
    if labels:
        for m in _REFERENCE_USE_RE.finditer(_blank(rest, hidden)):
            text_label, ref_label = _label(m.group(1)), _label(m.group(2) or "")
            if ref_label in labels:
                spans.append(m.span())
            elif text_label in labels:  # [label][], [label], or [label][undefined]
                spans.append(m.span() if m.group(2) == "" else (m.start(), m.end(1) + 1))
    return sorted(spans), hidden


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans replaced by spaces (offsets stay the same)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def find_links(text: str) -> list[tuple[int, int]]:
    """The links in `text` as written, as (start, end) offsets into it, in order."""
    constructs, hidden = _constructs(text)
    rest = _blank(text, constructs + hidden)
    addresses = []
    for match in ADDRESS_RE.finditer(rest):
        start, end = match.span()
        while end > start and rest[end - 1] in _TRAILING:
            end -= 1
        addresses.append((start, end))
    return sorted(constructs + addresses)


def count_links(text: str) -> int:
    """How many links a reader sees in `text` (entities decoded, as the page shows it)."""
    return len(find_links(html.unescape(text) if "&" in text else text))
