"""Comment text: the small Markdown subset readers may use, sanitised; link counting
(masthead.core.links, the definition moderation uses too).

Pure functions (no Django). Readers get emphasis, block quotes, paragraphs, line breaks and
links; everything else is dropped to its text by nh3 (Ammonia), so a pasted <script>, an
onerror attribute or a javascript: link never reaches the page.
"""

from __future__ import annotations

import html
import re
import unicodedata

import markdown
import nh3

from masthead.core import links

ALLOWED_TAGS = {"p", "br", "em", "strong", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https"}
LINK_REL = "nofollow ugc noopener"

# Characters that print nothing although Unicode files them as letters or symbols.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


# The direction overrides turn letters around on the page: an insult typed backwards behind
# U+202E reads the right way round to readers while moderation reads it backwards (published,
# found by a QA walk on 2026-11-30). Right-to-left writing needs marks and isolates, not these.
_OVERRIDES = str.maketrans({"\u202d": None, "\u202e": None})


def normalise(text: str) -> str:
    """Unify line endings, drop control characters, direction overrides and trailing space;
    keep the words."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_OVERRIDES)
    # Control characters and lone UTF-16 surrogates (not text; nothing can encode them) go.
    text = "".join(
        ch
        for ch in text
        if ch == "\n" or ch == "\t" or (ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF)
    )
    text = text.replace("\u0000", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def has_visible_text(text: str) -> bool:
    """Whether `text` shows anything: not only spaces, zero-width or direction marks, marks
    with no letter to sit on, or blank "letters" such as the Hangul filler."""
    return any(unicodedata.category(ch)[0] not in "CZM" and ch not in _BLANK_LETTERS for ch in text)


def count_links(text: str) -> int:
    """Links as a reader sees them (masthead.core.links): every Markdown or HTML link, an
    address spelt with entities included, and every address written out; the same count
    moderation's link limit and "comments with links" pre-moderation use."""
    return links.count_links(text)


# Python-Markdown looks for a link's closing bracket from every '[' on: thousands of them took
# seconds to render (2 s for 3000, minutes for 20,000). Past this many, a comment's brackets
# are shown as written and it makes no link (a comment may hold only a few links anyway).
MAX_LINK_BRACKETS = 20
# Python-Markdown's raw-HTML reader looks for the end of a tag from every '<' on: '<a '
# repeated took 0.17 s to render at 3000 characters and about 10 s at 20,000. Past this many,
# a comment's '<' are shown as written: its HTML-looking text reads as typed, and it holds no
# HTML (a link in HTML, an <address> autolink, <b>) and no <!-- comment -->.
MAX_ANGLE_BRACKETS = 50
# Each entity (&lt;, &eacute;) is a match Markdown splices into the text: thousands took a few
# tenths of a second. Past this many '&', they are shown as written ("&lt;", not "<"); a lone
# '&' looks the same either way.
MAX_AMPERSANDS = 50
# What stands in for a character shown as written while Markdown and nh3 run, and what it
# becomes in the HTML. An entity given to Markdown instead (&#91;) is itself slow in such
# numbers: '[' 20,000 times as &#91; took 7 s. Private-use characters mean nothing to either.
_AS_WRITTEN = {"[": ("\ue000", "["), "<": ("\ue001", "&lt;"), "&": ("\ue002", "&amp;")}
_LIMITS = (("[", MAX_LINK_BRACKETS), ("<", MAX_ANGLE_BRACKETS), ("&", MAX_AMPERSANDS))

# Python-Markdown reads a block (the text between blank lines) again for each heading, rule,
# list item or quote marker that starts one of its lines, and splices it again for each
# emphasis, code or escape mark and line break ("  \n") in it; each such mark also costs about
# what reading 1,000 characters does. "a\n-\n" (a heading of each line) or "=\n" repeated to
# 20,000 characters took 1.4-2.9 s to render, "***\n" 0.6 s, "> " or "*_" 0.2 s. A comment
# whose work so counted, (marks + 1) x (characters + 1,000) over its blocks (_markdown_work),
# is over this is shown as typed, in its paragraphs and lines, with no Markdown; at the limit
# the slowest shape tried renders in under 0.04 s. Ordinary comments are far below it: at most
# about 122,000 over the 8,994 news comments of the C3 set, about 790,000 for 19,500
# characters in 39 paragraphs with emphasis, quotes, lists and links; one paragraph of 20,000
# characters reaches it with about 95 marks, one of 3,000 with about 500.
MAX_MARKDOWN_WORK = 2_000_000
_MARK_COST = 1_000
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# The marks a line starts with: quote markers, list bullets and numbers, heading and rule marks.
_LINE_START_MARKS_RE = re.compile(r"^[ \t]*(?:(?:[>*+#=_-]|\d+\.)[ \t]*)+", re.MULTILINE)
_LINE_START_MARK_RE = re.compile(r"[>*+#=_-]|\d+\.")
_INLINE_MARKS = "*_`\\"


def _as_typed(text: str) -> str:
    """The text as typed, escaped, in paragraphs and lines: no Markdown and no HTML."""
    paragraphs = (part.strip() for part in re.split(r"\n\s*\n", text))
    return "\n".join(
        "<p>" + "<br>\n".join(html.escape(line, quote=False) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part
    )


def _markdown_work(text: str) -> int:
    """How much reading Python-Markdown does for `text`, in characters (MAX_MARKDOWN_WORK)."""
    work = 0
    for block in _BLANK_LINE_RE.split(text):
        marks = sum(block.count(mark) for mark in _INLINE_MARKS) + block.count("  \n")
        for line_start in _LINE_START_MARKS_RE.finditer(block):
            marks += len(_LINE_START_MARK_RE.findall(line_start.group()))
        work += (marks + 1) * (len(block) + _MARK_COST)
    return work


_DEAD_LINK_RE = re.compile(rf'<a rel="{LINK_REL}">(.*?)</a>', re.DOTALL)


def render(text: str) -> str:
    """Markdown subset -> safe HTML."""
    too_much_work = _markdown_work(text) > MAX_MARKDOWN_WORK
    shown = [char for char, limit in _LIMITS if text.count(char) > limit]
    if shown:
        for stand_in, _ in _AS_WRITTEN.values():
            text = text.replace(stand_in, "\ufffd")  # one typed in cannot pose as a stand-in
        for char in shown:
            text = text.replace(char, _AS_WRITTEN[char][0])
    try:
        html = _as_typed(text) if too_much_work else markdown.markdown(text, output_format="html")
    except RecursionError:
        # Python-Markdown reads nested lists and quotes recursively: "1. " typed 500 times
        # (1,500 characters) ran out of Python's stack, and posting it answered 500.
        html = _as_typed(text)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        # Relative addresses go too: "//spam.example" is another site's, with no scheme to
        # count or check.
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
    # A link whose address was dropped (javascript:, data:, a relative one) is left as an <a>
    # with no href: it looked like a link and went nowhere. Its words stay, as plain text.
    html = _DEAD_LINK_RE.sub(r"\1", html)
    for char in shown:
        stand_in, written = _AS_WRITTEN[char]
        html = html.replace(stand_in, written)
    return html


# A paragraph of the FAQ that opens with a bold question ("**Who can comment?** Anyone ...") or
# is bold throughout ("**Accounts**"): its bold words are a heading readers can jump to.
_FAQ_QUESTION_RE = re.compile(r"<p><strong>(.*?)</strong>(.*?)</p>", re.DOTALL)
FAQ_HEADING_LEVEL = 2  # under the page's h1 "Comments FAQ"


def _faq_heading(match: re.Match[str]) -> str:
    question, rest = match.group(1), match.group(2).strip()
    if rest and not question.rstrip().endswith("?"):
        return match.group(0)  # "**Note:** ..." stays bold text in its paragraph
    heading = f"<h{FAQ_HEADING_LEVEL}>{question.strip()}</h{FAQ_HEADING_LEVEL}>"
    return f"{heading}\n<p>{rest}</p>" if rest else heading


def render_faq(text: str) -> str:
    """The Comments FAQ (the default or a lead's own) -> safe HTML, as `render`, with each
    question written in bold at the start of a paragraph made a heading (h2)."""
    return _FAQ_QUESTION_RE.sub(_faq_heading, render(text))


def plain(text: str) -> str:
    """Text without markup, for e-mails and previews: the characters themselves, not the
    entities HTML needs ("Tom & Jerry", not "Tom &amp; Jerry", in a text/plain e-mail)."""
    return html.unescape(nh3.clean(render(text), tags=set())).strip()
