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

Comments render Markdown and HTML links as anchors, and since a57ea23 (2026-11-30) also a
written-out http(s) address that this module counts (one anchor per counted address, so a page
never shows more links than were counted). Other written-out addresses (`www.`, a bare domain,
`ftp:`) stay text; they are counted all the same: readers copy them, and spammers post them.
"""

from __future__ import annotations

import bisect
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
# A part every address has: the scheme's "://", "www." or a dot and a TLD (the same flags, so
# the same letters match). Text without one has no address, and is not read with ADDRESS_RE,
# whose second branch tries every word of the text.
_ADDRESS_PART_RE = re.compile(rf"://|www\.|\.(?:{_TLDS})", re.IGNORECASE)
# Links are found in time linear in the text, whatever a reader types: a comment is read by the
# web worker that takes it and by moderation, and `finditer` over the patterns below read the
# rest of the text again from each '[' or '<a' (or the rest of a line from each '"'), so one
# comment held a worker for seconds ('[' typed 20,000 times: 0.5-2 s; '[a]: ' and 20,000 '"':
# 5-7 s; a 1 MB line in the moderation batch 50 s). The patterns say what a link is; the
# functions after them choose where to try them and find the same links `finditer` finds,
# without its tries that cannot match (tests/unit/test_link_finding_agrees_with_its_patterns.py).

# [text](target "title") and ![alt](target); the target may hold one level of parentheses.
# The possessive `*+` and `[^)]*+` keep a failed match linear: with `\s*` and `\s+[^)]*` able to
# share the same spaces, `[a](` and 3000 spaces took 80 seconds (a reader could stall the
# server with one comment). `(?<=\s)` stands for the space `\s*+` took when there is no target.
_MARKDOWN_LINK_RE = re.compile(
    r"!?\[[^\]\n]*\]\(\s*+<?(?:[^()\s]|\([^()\s]*\))*>?(?:(?<=\s)[^)]*+|\s[^)]*+)?\)"
)
_BRACKET_END_RE = re.compile(r"[\]\n]")
# An HTML link: `<a\b[^>]*>(?:.*?</a\s*>)?` (case-insensitive, across lines), that is the tag
# to its first '>' and, when one follows, to the first `</a>`. _html_links finds the same spans.
_HTML_OPEN_RE = re.compile(r"<a\b", re.IGNORECASE)
_HTML_CLOSE_RE = re.compile(r"</a\s*>", re.IGNORECASE)
# A reference definition, `[label]: target "title"` on a line of its own (in a quote too), as
# Python-Markdown reads it: the line renders to nothing, and each use of the label is a link.
# As one pattern (MULTILINE):
#   ^(?:[ ]{0,3}>[ ]?)*+[ ]{0,3}\[([^\[\]\n]*)\]:[ ]*(?:\n[ ]*)?[^\s]+[ ]*
#   (?:\n[ ]*)?(?:(["'])[^\n]*\2[ ]*|\([^\n]*\)[ ]*)?$
# _REFERENCE_DEF_START_RE is that pattern up to the target, a part that never gives back what it
# took; _definition_end reads the rest. The pattern whole tried a title from each character of
# the target back to its first, reading the rest of the line each time ('[a]: ' and 20,000 '"'
# took 7 s). The quote markers are matched possessively (`*+`): a space after a `>` could
# otherwise go to it or to the next marker, and "> > > ... x" took twice as long for every
# marker (forty of them, eighty characters, never finished).
_REFERENCE_DEF_START_RE = re.compile(
    r"^(?:[ ]{0,3}>[ ]?)*+[ ]{0,3}\[([^\[\]\n]*)\]:[ ]*(?:\n[ ]*)?(?=\S)", re.MULTILINE
)
_NON_SPACE_RUN_RE = re.compile(r"\S+")
_TITLE_CLOSER = {'"': '"', "'": "'", "(": ")"}
# A use: `[text][label]`, `[text] [label]`, `[text][]`, or `[label]` alone (`!` for an image).
_REFERENCE_USE_RE = re.compile(r"!?\[([^\[\]]*)\](?:\s?\[([^\[\]]*)\])?")
_TRAILING = ".,;:!?"


def _label(text: str) -> str:
    return " ".join(text.split()).lower()


def _html_links(text: str) -> list[tuple[int, int]]:
    """Where the HTML link pattern (above) matches in `text`, as `finditer` finds it: the pattern
    itself read the rest of the text from every `<a` that no `>` or `</a>` followed."""
    closers = [m.span() for m in _HTML_CLOSE_RE.finditer(text)]  # they cannot overlap
    closer_starts = [start for start, _ in closers]
    spans = []
    pos = 0
    while opening := _HTML_OPEN_RE.search(text, pos):
        tag_end = text.find(">", opening.end()) + 1
        if not tag_end:  # no '>' after this `<a`, so none after any later one
            break
        i = bisect.bisect_left(closer_starts, tag_end)
        end = closers[i][1] if i < len(closers) else tag_end
        spans.append((opening.start(), end))
        pos = end
    return spans


def _markdown_links(text: str) -> list[tuple[int, int]]:
    """Where _MARKDOWN_LINK_RE matches in `text`, as `finditer` finds it. A match from a '['
    runs to the first ']' or line end and then depends on what follows that ']' alone, so of
    the '[' before one ']' only the first can match (if it cannot, none can); and it ends at a
    ')', so none is read past the last one. `finditer` read to the end of the text from every
    '['."""
    last_close = text.rfind(")")
    spans = []
    pos = 0
    while (bracket := text.find("[", pos)) >= 0:
        found = _BRACKET_END_RE.search(text, bracket + 1)
        if found is None:  # no ']' or line end after this '[', so after none later
            break
        closing = found.start()
        if text[closing] == "]" and text.startswith("(", closing + 1):
            if closing > last_close:
                break
            start = bracket - 1 if bracket > pos and text[bracket - 1] == "!" else bracket
            match = _MARKDOWN_LINK_RE.match(text, start, last_close + 1)
            if match:
                spans.append(match.span())
                pos = match.end()
                continue
        pos = closing + 1
    return spans


def _definition_end(text: str, target: int) -> int | None:
    """Where a reference definition whose target starts at `target` ends (the pattern above,
    from the target on), or None if it is not one: after the target, spaces, then a title or
    the line's end; or the line's end, a new line, spaces and a title there; else, taking back
    the target's characters from its last, a title that starts at one of them and ends its
    line."""
    size = len(text)
    run = _NON_SPACE_RUN_RE.match(text, target)
    assert run is not None  # _REFERENCE_DEF_START_RE ends before a character not a space
    target_end = run.end()

    def title_end(at: int) -> int | None:
        """The line's end, if a title starting at `at` runs to it (only spaces after it)."""
        closer = _TITLE_CLOSER.get(text[at]) if at < size else None
        if closer is None:
            return None
        line_end = text.find("\n", at)
        line_end = size if line_end < 0 else line_end
        last = len(text[at + 1 : line_end].rstrip(" ")) + at  # the last character not a space
        return line_end if last > at and text[last] == closer else None

    after = target_end
    while after < size and text[after] == " ":
        after += 1
    if after == size:
        return size
    if text[after] == "\n":
        below = after + 1
        while below < size and text[below] == " ":
            below += 1
        end = title_end(below)
        if end is not None:
            return end
        return below if below == size or text[below] == "\n" else after
    end = title_end(after)
    if end is not None:
        return end
    # A title starting inside the target: the line's last character (spaces aside) closes it.
    line_end = text.find("\n", target)
    line_end = size if line_end < 0 else line_end
    last = len(text[target:line_end].rstrip(" ")) + target - 1
    for at in range(target_end - 1, target, -1):
        closer = _TITLE_CLOSER.get(text[at])
        if closer is not None and last > at and text[last] == closer:
            return line_end
    return None


def _reference_definitions(text: str) -> list[tuple[tuple[int, int], str]]:
    """Where the reference definition pattern (above) matches in `text`, as `finditer` finds
    it, each with its label."""
    found = []
    pos = 0
    while start := _REFERENCE_DEF_START_RE.search(text, pos):
        end = _definition_end(text, start.end())
        if end is None:
            pos = start.start() + 1
            continue
        found.append(((start.start(), end), _label(start.group(1))))
        pos = end
    return found


def _constructs(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The links written as HTML or Markdown (inline and by reference), and the reference
    definitions (shown as nothing, so blanked but not counted)."""
    spans = _html_links(text)
    spans += _markdown_links(_blank(text, spans))
    rest = _blank(text, spans)
    definitions = _reference_definitions(rest)
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
    if "[" not in text and "<" not in text:
        # no HTML or Markdown link, no reference definition: the text is all addresses can be
        constructs: list[tuple[int, int]] = []
        rest = text
    else:
        constructs, hidden = _constructs(text)
        rest = _blank(text, constructs + hidden)
    addresses: list[tuple[int, int]] = []
    if _ADDRESS_PART_RE.search(rest) is None:
        return constructs
    for match in ADDRESS_RE.finditer(rest):
        start, end = match.span()
        while end > start and rest[end - 1] in _TRAILING:
            end -= 1
        addresses.append((start, end))
    return sorted(constructs + addresses)


def count_links(text: str) -> int:
    """How many links a reader sees in `text` (entities decoded, as the page shows it)."""
    return len(find_links(html.unescape(text) if "&" in text else text))
