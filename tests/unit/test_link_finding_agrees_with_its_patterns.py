"""masthead.core.links finds links in time linear in the text (a hostile comment of '[' or '"'
took seconds), but finds the same ones as the patterns that define them: here each finder is
checked against `finditer` of its whole pattern (how links were found before) on many random
texts built from the characters those patterns turn on, and find_links and count_links against
the earlier implementation kept below."""

from __future__ import annotations

import html
import random
import re

import pytest

from masthead.core import links

# The patterns as they were matched whole, by finditer, before the linear finders.
HTML_LINK_RE = re.compile(r"<a\b[^>]*>(?:.*?</a\s*>)?", re.IGNORECASE | re.DOTALL)
REFERENCE_DEF_RE = re.compile(
    r"^(?:[ ]{0,3}>[ ]?)*+[ ]{0,3}\[([^\[\]\n]*)\]:[ ]*(?:\n[ ]*)?[^\s]+[ ]*"
    r"(?:\n[ ]*)?(?:([\"'])[^\n]*\2[ ]*|\([^\n]*\)[ ]*)?$",
    re.MULTILINE,
)
MARKDOWN_LINK_RE = re.compile(
    r"!?\[[^\]\n]*\]\(\s*+<?(?:[^()\s]|\([^()\s]*\))*>?(?:(?<=\s)[^)]*+|\s[^)]*+)?\)"
)


def earlier_find_links(text: str) -> list[tuple[int, int]]:
    """find_links as it was (finditer over each whole pattern)."""
    spans = [m.span() for m in HTML_LINK_RE.finditer(text)]
    spans += [m.span() for m in MARKDOWN_LINK_RE.finditer(links._blank(text, spans))]
    rest = links._blank(text, spans)
    definitions = [(m.span(), links._label(m.group(1))) for m in REFERENCE_DEF_RE.finditer(rest)]
    hidden = [span for span, _ in definitions]
    labels = {label for _, label in definitions if label}
    if labels:
        for m in links._REFERENCE_USE_RE.finditer(links._blank(rest, hidden)):
            text_label, ref_label = links._label(m.group(1)), links._label(m.group(2) or "")
            if ref_label in labels:
                spans.append(m.span())
            elif text_label in labels:
                spans.append(m.span() if m.group(2) == "" else (m.start(), m.end(1) + 1))
    constructs = sorted(spans)
    rest = links._blank(text, constructs + hidden)
    addresses = []
    for match in links.ADDRESS_RE.finditer(rest):
        start, end = match.span()
        while end > start and rest[end - 1] in links._TRAILING:
            end -= 1
        addresses.append((start, end))
    return sorted(constructs + addresses)


def earlier_count_links(text: str) -> int:
    return len(earlier_find_links(html.unescape(text) if "&" in text else text))


# The characters the patterns turn on, and pieces of links, so that random texts often hold
# nearly-links: an unclosed '[', a title that does not end its line, `<a` with no '>'.
CHARACTERS = list("[]()<>:/htpsw. \n\n!\"'\t-@&;#aAxyzéд_") + ["\u00a0", "\u3000"]
PIECES = [
    "http://",
    "https://",
    "www.",
    ".com",
    ".ru",
    "spam.ru",
    "<a ",
    "<a>",
    "<A href=x>",
    "</a>",
    "</A >",
    "[a]",
    "[a]: ",
    "[A]:",
    "](",
    "![",
    "[]",
    "[a][]",
    "[a] [b]",
    "> ",
    ">",
    "   ",
    "(x)",
    '"t"',
    "'t'",
    "(t)",
    "[a](x)",
    "&amp;",
    "&#91;",
    "&#x2F;",
    "\n\n",
    "x\n",
]


def random_text(rng: random.Random, size: int) -> str:
    parts = []
    while sum(map(len, parts)) < size:
        parts.append(rng.choice(PIECES) if rng.random() < 0.3 else rng.choice(CHARACTERS))
    return "".join(parts)


# What follows a link's opening, where the patterns try most ways to match.
AFTER = list("x(x)<> \n\t\"'()[]!") + ["  ", "\n ", '"t"', "'t'", "(t)", "</a>", "<a>"]
OPENINGS = ["[a]: ", "[a]:", "> [a]: ", "   [a]:\n ", "[a](", "![a](", "[a]( ", "<a ", "<a>", "x"]


def near_link(rng: random.Random, size: int) -> str:
    """Openings of links each followed by the characters that decide whether they are one."""
    parts = []
    while sum(map(len, parts)) < size:
        parts.append(rng.choice(OPENINGS))
        parts.extend(rng.choice(AFTER) for _ in range(rng.randint(0, 8)))
        parts.append(rng.choice(["\n", "\n\n", " ", ""]))
    return "".join(parts)


def random_texts(seed: int, count: int, size: int) -> list[str]:
    rng = random.Random(seed)
    make = (random_text, near_link)
    return [make[i % 2](rng, rng.randint(0, size)) for i in range(count)]


ORDINARY = [
    "",
    "No links here. E.g. 40.5 million.",
    "see https://a.example and http://b.example, and www.c.example.",
    '[the report](https://a.example) and ![a photo](https://a.example/p.jpg "title")',
    '<a href="https://a.example">a</a> and <A HREF=x>b</a >',
    '[text][1] and [1] and [other][]\n\n[1]: https://a.example "Title"\n[other]: <https://b.example>',
    "> quoted\n> [1]: https://a.example\n\n[1]",
    "[a](<https://a.example> 'title') [b]( https://b.example ) [c](x(y)z)",
    "spam.ru, пример.рф and xn--80ak6aa92e.com",
    '[a]:\n  https://a.example\n  "title on the next line"\n\n[a]',
    "no dot, no bracket and no link",
    "HTTP://LOCALHOST/x, WWW.A.EXAMPLE, SPAM.RU, a.XN--P1AI and ftp://b",
    "a.b.c 4.5 e.g. i.e. mr. smith",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_comments_have_the_same_links_as_before(text):
    assert links.find_links(text) == earlier_find_links(text)
    assert links.count_links(text) == earlier_count_links(text)


@pytest.mark.parametrize("seed", range(8))
def test_each_finder_finds_what_its_whole_pattern_finds_in_random_texts(seed):
    for text in random_texts(seed, 2500, 60):
        assert links._html_links(text) == [m.span() for m in HTML_LINK_RE.finditer(text)], text
        assert links._markdown_links(text) == [m.span() for m in MARKDOWN_LINK_RE.finditer(text)], (
            text
        )
        assert links._reference_definitions(text) == [
            (m.span(), links._label(m.group(1))) for m in REFERENCE_DEF_RE.finditer(text)
        ], text


@pytest.mark.parametrize("seed", range(4))
def test_random_texts_have_the_same_links_and_counts_as_before(seed):
    for text in random_texts(100 + seed, 1500, 120):
        assert links.find_links(text) == earlier_find_links(text), text
        assert links.count_links(text) == earlier_count_links(text), text


def test_long_random_texts_have_the_same_links_as_before():
    for text in random_texts(200, 40, 3000):
        assert links.find_links(text) == earlier_find_links(text)
