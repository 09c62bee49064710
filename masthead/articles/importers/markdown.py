"""Markdown with YAML front matter.

    ---
    headline: Tram line reopens after flood repairs     # or `title`
    standfirst: ...                                     # or `summary`, `description`
    byline: Priya Natarajan                             # or `author` (a list is joined)
    source: Masthead
    date: 2026-03-14T08:30:00+00:00                     # or `published`; `updated` too
    section: City
    tags: [transport, floods]
    photo: {file: tram.jpg, caption: ..., credit: ..., alt: ...}
    id: city-2026-0314-tram                             # re-importing updates this article
    status: published                                   # draft | scheduled | published
    comments: open                                      # open | premoderated | closed
    ---
    Body in Markdown: `## ` sub-headings, `> ` quotes, paragraphs.

Inline markup (emphasis, links) becomes plain text: the body format holds text only. Code (a
`code span` or an indented code block) is text as written: a link, tag or backslash in it stays.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, tzinfo
from typing import Any

import frontmatter
import markdown as markdown_lib
import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown import inlinepatterns, treeprocessors

from masthead.articles.body import Block
from masthead.articles.importers.base import (
    ImportedArticle,
    MalformedArticle,
    PhotoReference,
    clean_text,
    join_names,
    parse_datetime,
)
from masthead.articles.importers.html import ACTED_ON, html_to_blocks, without_stray_brackets

FORMAT = "markdown"
STATUSES = {"draft", "scheduled", "published"}
COMMENTS_MODES = {"open", "premoderated", "closed"}


def _first(meta: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _text(meta: Mapping[str, Any], *keys: str) -> str:
    """The first of `keys` the front matter sets, as text. A list or mapping where text belongs
    (`title: [a, b]`) is refused by name: stored, it read "['a', 'b']" on the page."""
    for key in keys:
        value = meta.get(key)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list | tuple | dict | set):
            kind = "a mapping" if isinstance(value, dict) else "a list"
            raise MalformedArticle(f"front matter `{key}` must be text, not {kind}")
        return clean_text(value)
    return ""


def _names(value: Any) -> str:
    if isinstance(value, list | tuple):
        names = [clean_text(item.get("name") if isinstance(item, dict) else item) for item in value]
        return join_names([name for name in names if name])
    if isinstance(value, dict):
        return clean_text(value.get("name"))
    return clean_text(value)


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise MalformedArticle("front matter `tags` must be a list or a comma-separated string")
    tags = (clean_text(item) for item in items)
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def _photo(meta: Mapping[str, Any]) -> PhotoReference | None:
    raw = meta.get("photo") or meta.get("image")
    fields: dict[str, Any] = {}
    if isinstance(raw, Mapping):
        fields = dict(raw)
        location = _first(fields, "file", "src", "url", "path", "href")
    elif raw is None or isinstance(raw, str):
        location = raw
    else:
        raise MalformedArticle("front matter `photo` must be a file name or a mapping")
    caption = _first(fields, "caption") or meta.get("photo_caption")
    credit = _first(fields, "credit") or meta.get("photo_credit")
    alt = _first(fields, "alt", "alt_text") or meta.get("photo_alt")
    if not (location or caption or credit):
        return None
    return PhotoReference(
        location=clean_text(location),
        caption=clean_text(caption),
        credit=clean_text(credit),
        alt=clean_text(alt),
    )


def _choice(meta: Mapping[str, Any], key: str, allowed: set[str]) -> str:
    value = clean_text(meta.get(key)).lower().replace("-", "")
    if value and value not in allowed:
        raise MalformedArticle(f"front matter `{key}` must be one of {', '.join(sorted(allowed))}")
    return value


# Links and pictures, read here in one pass each: Python-Markdown's own link patterns look for
# the end of a link from every `[` and `(`, so 24,000 characters of `[` took minutes to import
# (`[a](b ` and `![a](` alike). A link keeps its text; a picture in the body is dropped, as its
# <img> was; a reference definition (`[1]: https://...`) goes.
MAX_BODY_CHARACTERS = 500_000
_PICTURE = re.compile(r"(?<!\\)!\[[^\[\]\n]*\]\([^()\n]*\)")
_LINK = re.compile(r"(?<!\\)\[([^\[\]\n]*)\](?:\([^()\n]*\)|\[[^\[\]\n]*\])")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\[\]\n]+\]:[^\n]*$", re.MULTILINE)
# A `<` that opens no tag stands in as this private-use character while Markdown reads the
# text (as `&lt;` each became an entity Markdown set aside one by one: minutes again).
_STRAY = "\ue000"
# A backslash escape (`\*`, `\\`) stands in as a private-use character of its own while
# Markdown reads the text: Python-Markdown sets each escape aside by rebuilding the rest of its
# paragraph, so 200,000 backslashes took seconds (time grew with the square of the count).
_ESCAPABLE = "\\`*_{}[]()>#+-.!"
_ESCAPE = re.compile(r"\\([" + re.escape(_ESCAPABLE) + r"])")
_ESCAPE_OR_TICKS = re.compile(r"\\([" + re.escape(_ESCAPABLE) + r"])|`+")
_TICKS = re.compile(r"`+")
_ESCAPED = {char: chr(0xE001 + index) for index, char in enumerate(_ESCAPABLE)}
# A run of backticks that opens no code span is text, and stands in as this character, so that
# Markdown pairs none of them (code spans are found here, see _code_set_aside).
_TICK = "\ue021"
_UNESCAPED = {ord(code): char for char, code in _ESCAPED.items()} | {
    ord(_STRAY): "<",
    ord(_TICK): "`",
}
# Code (a code span, an indented code block) is text as written: nothing in it is a link, a
# tag, a comment or an escape. Each stands in as _CODE, its number in _DIGITS and _CODE_END
# while the rest is read, and its text is put back in the blocks Markdown made.
_CODE, _CODE_END = "\ue022", "\ue023"
_DIGITS = {ord(str(digit)): chr(0xE030 + digit) for digit in range(10)}
_NUMBER = {ord(code): str(digit) for digit, code in enumerate(_DIGITS.values())}
_CODE_PLACE = re.compile(_CODE + "([\ue030-\ue039]+)" + _CODE_END)
# An inline tag dropped before Markdown reads the body stands in as this character, removed from
# what Markdown wrote: dropped outright, a tag alone on its line left a blank line (a new
# paragraph) and `<b>## x</b>` a heading, which Markdown, reading the tag, never made.
_DROPPED = "\ue020"
_PRIVATE = dict.fromkeys([*_UNESCAPED, ord(_DROPPED), ord(_CODE), ord(_CODE_END), *_NUMBER])
_LINK_PATTERNS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)


# The inline patterns whose every match is replaced whole by what handleMatch makes of that
# match alone, with no text of its own left to read (raw HTML tags, entities, `<https://...>`
# and `<a@b>` addresses, and a line ending in two spaces, a line break).
_WHOLE_MATCH = (
    inlinepatterns.HtmlInlineProcessor,
    inlinepatterns.AutolinkInlineProcessor,
    inlinepatterns.AutomailInlineProcessor,
    inlinepatterns.SubstituteTagInlineProcessor,
)


class LinearInlineProcessor(treeprocessors.InlineProcessor):  # type: ignore[misc]  # untyped
    """Python-Markdown's inline pass, with the patterns in _WHOLE_MATCH applied to all their
    matches in one pass over the text. Python-Markdown applies a pattern one match at a time,
    rebuilding the rest of the paragraph after each: 100,000 characters of `<p>` (a block tag
    in mid-line, which this importer keeps) took seconds, growing with the square of the count.
    These patterns look behind no match, and each match becomes one placeholder in the same
    place, so the text comes out as the one-at-a-time pass made it."""

    def _InlineProcessor__applyPattern(  # noqa: N802 - overrides the name-mangled method
        self,
        pattern: inlinepatterns.Pattern,
        data: str,
        patternIndex: int,  # noqa: N803 - Python-Markdown's argument name
        startIndex: int = 0,  # noqa: N803
    ) -> tuple[str, bool, int]:
        if type(pattern) not in _WHOLE_MATCH or any(
            exclude.lower() in self.ancestors for exclude in pattern.ANCESTOR_EXCLUDES
        ):
            applied: tuple[str, bool, int] = super()._InlineProcessor__applyPattern(
                pattern, data, patternIndex, startIndex
            )
            return applied
        pieces: list[str] = []
        position = 0
        for match in pattern.getCompiledRegExp().finditer(data, startIndex):
            node, start, end = pattern.handleMatch(match, data)
            pieces.append(data[position:start])
            pieces.append(self._InlineProcessor__stashNode(node, pattern.type()))
            position = end
        if not pieces:
            return data, False, 0
        pieces.append(data[position:])
        # Every match is applied: the caller moves on to the next pattern.
        return "".join(pieces), False, 0


# How Markdown reads a line, as far as finding code goes (tabs count to the next multiple of 4,
# as Markdown expands them). A list item's indented blocks are its own paragraphs, not code; a
# heading, a rule, a setext underline and a quote's blank `>` line are blocks of their own
# line, and a list item or the first line of a quote starts a block: a code span crosses none.
_LIST_ITEM = re.compile(r" {0,3}(?:[*+-]|\d+\.)[ \t]")
_QUOTE_MARKS = re.compile(r" {0,3}>(?:[ \t]*>)*[ \t]?")
_OWN_LINE = re.compile(r" {0,3}(?:#|(?:[-*_][ \t]*){3,}$|=+[ \t]*$|-+[ \t]*$)|[ \t]*$")
_QUOTE_CONTINUED = re.compile(r"\n {0,3}>(?:[ \t]*>)*")


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def _code_set_aside(text: str, codes: list[str]) -> str:
    """`text` with each indented code block and code span written as a numbered stand-in (its
    text appended to `codes`, put back by _code_put_back) and each run of backticks that opens
    no code span as _TICK. A code block is a top-level run of lines indented by 4 or more that
    starts a block (after a blank line or another code line) outside a list. A code span opens
    with a run of backticks not escaped and closes at the next run of exactly as many in the
    same block (backslashes in it are characters). Lines are read once, and closers are looked
    up by bisection in lists made once per block: linear (up to a logarithm) whatever it holds.
    """
    lines = text.split("\n")
    # Each line is "blank", "code", "own" (a block of its own line), "start" (text that starts
    # a block) or "text" (text that goes on with the line before).
    kinds: list[str] = []
    in_list, previous, quoted_before = False, "blank", False
    for line in lines:
        quote = _QUOTE_MARKS.match(line)
        inner = line[quote.end() :] if quote else line
        if not line.strip(" \t"):
            kind = "blank"
        elif previous in ("blank", "code") and not in_list and _indent(line) >= 4:
            kind = "code"
        else:
            opens = previous in ("blank", "code")
            item = _LIST_ITEM.match(inner) is not None
            in_list = item or (in_list and (not opens or _indent(line) >= 4))
            own = _OWN_LINE.match(inner) is not None
            starts = (
                opens
                or own
                or item
                or previous == "own"
                or (quote is not None and not quoted_before)
            )
            kind = "own" if own else "start" if starts else "text"
        kinds.append(kind)
        previous, quoted_before = kind, quote is not None and kind != "blank"
    out: list[str] = []
    index = 0
    while index < len(lines):
        kind = kinds[index]
        if kind == "blank":
            out.append(lines[index])
            index += 1
        elif kind == "code":
            # Code lines with only blank lines between them are one block, as Markdown joins.
            last = end = index
            while end < len(lines) and kinds[end] in ("code", "blank"):
                last = end if kinds[end] == "code" else last
                end += 1
            out.append(_stand_in("\n".join(lines[index : last + 1]), codes))
            index = last + 1
            if index < len(lines) and kinds[index] != "blank":
                out.append("")  # the lines after it, not indented, are a block of their own
        else:
            end = index + 1
            while end < len(lines) and kinds[end] == "text":
                end += 1
            out.append(_spans_set_aside("\n".join(lines[index:end]), codes))
            index = end
    return "\n".join(out)


def _stand_in(code: str, codes: list[str]) -> str:
    codes.append(code)
    return _CODE + str(len(codes) - 1).translate(_DIGITS) + _CODE_END


def _spans_set_aside(block: str, codes: list[str]) -> str:
    runs: dict[int, list[int]] = {}
    for run in _TICKS.finditer(block):
        runs.setdefault(run.end() - run.start(), []).append(run.start())
    out: list[str] = []
    position = 0
    while (found := _ESCAPE_OR_TICKS.search(block, position)) is not None:
        out.append(block[position : found.start()])
        position = found.end()
        if found.group(1) is not None:
            out.append(found.group())  # an escape: set aside with the others, after links
            continue
        ticks = len(found.group())
        starts = runs.get(ticks, [])
        closer = bisect_left(starts, position)
        if closer == len(starts):
            out.append(_TICK * ticks)
            continue
        # A span's lines after its first, in a quote, lose their `>` as Markdown reads them.
        out.append(_stand_in(_QUOTE_CONTINUED.sub("\n", block[position : starts[closer]]), codes))
        position = starts[closer] + ticks
    out.append(block[position:])
    return "".join(out)


def _code_put_back(text: str, codes: list[str]) -> str:
    """`text` (a block's, one line) with each code stand-in replaced by its code as one line."""
    if _CODE not in text:
        return text
    put = _CODE_PLACE.sub(lambda m: clean_text(codes[int(m.group(1).translate(_NUMBER))]), text)
    return " ".join(put.split())


def markdown_to_blocks(content: str) -> tuple[Block, ...]:
    """The body's blocks, in time linear in its length whatever brackets it holds."""
    codes: list[str] = []
    text = content.replace("\r\n", "\n").replace("\r", "\n").translate(_PRIVATE)
    # Code first: a link, tag, comment or escape written in code is text, kept as written
    # (until 2026-11-30 `<a href="x">` and `[text](url)` in backticks were dropped and an
    # indented code block lost its backslashes).
    text = _code_set_aside(text, codes)
    text = _LINK_DEFINITION.sub("", text)
    text = _LINK.sub(r"\1", _PICTURE.sub("", text))
    text = _ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], text)
    length = len(text) + sum(
        len(codes[int(place.group(1).translate(_NUMBER))]) - len(place.group())
        for place in _CODE_PLACE.finditer(text)
    )
    if length > MAX_BODY_CHARACTERS:
        # No article body may be this long (the most an operator may allow), and Markdown's
        # time grows faster than the text: 200,000 characters of backslashes took seconds.
        raise MalformedArticle(
            f"the body is {length:,} characters long before its formatting is removed; an "
            f"article may have at most {MAX_BODY_CHARACTERS:,}. Split it into parts."
        )
    converter = markdown_lib.Markdown()
    for name in _LINK_PATTERNS:
        converter.inlinePatterns.deregister(name)
    converter.treeprocessors.register(LinearInlineProcessor(converter), "inline", 20)
    # Only the tags that make blocks (and Markdown's own block-level ones) are left for it to
    # read: each inline tag it set aside rebuilt the rest of its paragraph (quadratic).
    kept = ACTED_ON | frozenset(converter.block_level_elements)
    html = converter.convert(without_stray_brackets(text, _STRAY, kept, _DROPPED))
    blocks = html_to_blocks(html.replace(_DROPPED, ""))
    read = (
        replace(
            b,
            text=_code_put_back(b.text.translate(_UNESCAPED), codes),
            attribution=_code_put_back(b.attribution.translate(_UNESCAPED), codes),
        )
        for b in blocks
    )
    return tuple(b for b in read if b.text)  # a code span of spaces alone says nothing


class _AliasRefused(Exception):
    def __init__(self, anchor: str) -> None:
        super().__init__(anchor)
        self.anchor = anchor


class _NoAliasLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML has no types
    """YAML without aliases (`*name`), which front matter has no use for: a few hundred bytes of
    nested aliases ("billion laughs") expand to billions of items once read as text."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().anchor)
        return super().compose_node(parent, index)


class _FrontMatterYAML(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader


def _front_matter(text: str) -> frontmatter.Post:
    handler = frontmatter.detect_format(text, frontmatter.handlers)
    if isinstance(handler, YAMLHandler):
        handler = _FrontMatterYAML()
    return frontmatter.loads(text, handler=handler)


def _opens_front_matter(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    return first == "---"


def parse(text: str, default_tz: tzinfo = UTC) -> ImportedArticle:
    try:
        post = _front_matter(text)
    except _AliasRefused as exc:
        raise MalformedArticle(
            f"front matter uses a YAML alias (*{exc.anchor}); write the value out instead"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise MalformedArticle(f"front matter is not valid YAML{where}") from None
    except ValueError as exc:  # YAML reads 2026-13-45 as a date and the calendar refuses it
        raise MalformedArticle(f"front matter has a value that cannot be read: {exc}") from None
    except RecursionError:
        raise MalformedArticle("front matter is nested too deeply") from None
    meta: dict[str, Any] = dict(post.metadata)
    blocks = markdown_to_blocks(post.content)
    headline = _text(meta, "headline", "title")
    if not headline and blocks and blocks[0].kind == "heading":
        headline, blocks = blocks[0].text, blocks[1:]  # a leading `# Title` is the headline
    if not headline and not meta and _opens_front_matter(text):
        # Read as no front matter at all, it said "add `headline:`" to a file that had one.
        raise MalformedArticle(
            "the front matter that starts on line 1 (---) is never closed: end it with a line "
            "of --- before the body"
        )
    if not headline:
        raise MalformedArticle("no headline: add `headline:` to the front matter")
    if not any(block.kind == "paragraph" for block in blocks):
        raise MalformedArticle("the article has no body paragraphs")
    return ImportedArticle(
        format=FORMAT,
        headline=headline,
        standfirst=_text(meta, "standfirst", "summary", "description", "dek"),
        byline=_names(_first(meta, "byline", "author", "authors")),
        source=_text(meta, "source"),
        published_at=parse_datetime(_first(meta, "date", "published", "published_at"), default_tz),
        updated_at=parse_datetime(_first(meta, "updated", "updated_at", "modified"), default_tz),
        section=_text(meta, "section"),
        tags=_tags(meta.get("tags")),
        photo=_photo(meta),
        external_id=_text(meta, "id", "guid", "uri"),
        slug=_text(meta, "slug"),
        status=_choice(meta, "status", STATUSES),
        comments_mode=_choice(meta, "comments", COMMENTS_MODES),
        body=blocks,
    )
