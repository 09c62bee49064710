"""Comment text: the small Markdown subset readers may use, sanitised; link counting
(masthead.core.links, the definition moderation uses too).

Pure functions (no Django). Readers get emphasis, block quotes, paragraphs, line breaks and
links: Markdown's, HTML's, and an http(s) address written out (`_link_addresses`). Everything
else is dropped to its text by nh3 (Ammonia), so a pasted <script>, an onerror attribute or a
javascript: link never reaches the page.
"""

from __future__ import annotations

import html
import re
import unicodedata
import urllib.parse

import markdown
import nh3

from masthead.core import links

ALLOWED_TAGS = {"p", "br", "em", "strong", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https"}
# noreferrer: the site a reader's link leads to is not told which article and comment sent
# the visitor (since 2026-11-30).
LINK_REL = "nofollow ugc noopener noreferrer"

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
    """Markdown subset -> safe HTML, with each http(s) address written out made a link."""
    return _link_addresses(_render(text), _counted_addresses(text))


def _counted_addresses(text: str) -> list[str]:
    """The http(s) addresses written out that masthead.core.links counts in `text`, in order.
    Only these may become links (`_link_text`): text that makes an address only once rendered
    (`h<b></b>ttps://...`, whose tag nh3 drops) is counted as none, so it must show as none, or
    a comment could carry links past moderation's `too_many_links` and `has_links`."""
    if "://" not in text and "&" not in text:
        return []
    seen = html.unescape(text) if "&" in text else text
    return [
        seen[start:end]
        for start, end in links.find_links(seen)
        if _ADDRESS_RE.match(seen, start, end)
    ]


# An address written out, as masthead.core.links counts it (its first pattern, http and https
# only): one link counted, one link shown. www. and bare domains are counted but stay text:
# without a scheme, which one the reader meant is a guess.
_ADDRESS_RE = re.compile(r"\bhttps?://[^\s<>\"'()\[\]]+", re.IGNORECASE)
_TRAILING = ".,;:!?"  # as masthead.core.links: "see https://a.example." ends before the dot
# A tag of nh3's output: its attribute values are in double quotes, with '"' escaped.
_TAG_RE = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
# How much of a long address the link shows; the whole is in its href.
MAX_ADDRESS_SHOWN = 60


def _address_link(address: str) -> str | None:
    """An <a> for `address` (text, not HTML), or None when it is no address a link may lead to:
    a host that does not encode (IDNA), a bad port, user:password@ (which can pose as another
    host: https://bank.example@evil.example)."""
    try:
        parts = urllib.parse.urlsplit(address)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
        ascii_host = host.encode("idna").decode("ascii") if host else ""
    except (ValueError, UnicodeError):
        return None
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not ascii_host or "@" in parts.netloc:
        return None
    netloc = ascii_host + (f":{parts.port}" if parts.port is not None else "")
    href = urllib.parse.urlunsplit(
        (parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment)
    )
    shown = address
    if len(shown) > MAX_ADDRESS_SHOWN:
        shown = shown[: MAX_ADDRESS_SHOWN - 1] + "\u2026"
    link = (
        f'<a href="{html.escape(href, quote=True)}" rel="{LINK_REL}">'
        f"{html.escape(shown, quote=False)}</a>"
    )
    if ascii_host != host.lower():
        # A host in another alphabet can look like a known one (Cyrillic "а" for Latin "a"):
        # the name it really is, in the letters every reader can compare, goes beside it.
        link += f' <span class="comment__link-host">({html.escape(ascii_host)})</span>'
    return link


def _link_text(escaped: str, counted: list[str]) -> str:
    """One run of HTML text outside any link, with its http(s) addresses made links: each one
    the start of an address still in `counted` (taken from it: one counted, at most one link;
    Markdown may have cut an address short, "*https://a.example*" counts "https://a.example*")."""
    if "://" not in escaped or not counted:
        return escaped
    text = html.unescape(escaped)
    out = []
    pos = 0
    for match in _ADDRESS_RE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        address = text[start:end]
        source = next((i for i, seen in enumerate(counted) if seen.startswith(address)), None)
        link = _address_link(address) if source is not None else None
        if source is None or link is None:
            continue
        del counted[source]
        out.append(html.escape(text[pos:start], quote=False))
        out.append(link)
        pos = end
    if not out:
        return escaped
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def _link_addresses(rendered: str, counted: list[str]) -> str:
    """`rendered` (safe HTML from _render) with the addresses written out in its text made links;
    text inside a link already is left alone."""
    if "://" not in rendered or not counted:
        return rendered
    pieces = _TAG_RE.split(rendered)
    inside_link = 0
    for i, piece in enumerate(pieces):
        if i % 2:  # a tag
            name = piece[1:].split(None, 1)[0].rstrip(">").lower() if len(piece) > 2 else ""
            if name == "a":
                inside_link += 1
            elif name == "/a":
                inside_link = max(0, inside_link - 1)
        elif piece and not inside_link:
            pieces[i] = _link_text(piece, counted)
    return "".join(pieces)


def _render(text: str) -> str:
    """Markdown subset -> safe HTML; addresses written out stay text."""
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
    # _render: an address written out stays whole, not shortened into a link's words.
    return html.unescape(nh3.clean(_render(text), tags=set())).strip()
