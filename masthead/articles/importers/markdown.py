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

Inline markup (emphasis, links) becomes plain text: the body format holds text only.
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
# Inside a code span a backslash is a character (`a\*b` in backticks reads a\*b), as Markdown
# has it: code spans are found in the same pass (until 2026-11-30 they lost the backslash too).
_ESCAPABLE = "\\`*_{}[]()>#+-.!"
_ESCAPE_OR_TICKS = re.compile(r"\\([" + re.escape(_ESCAPABLE) + r"])|`+")
_TICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ESCAPED = {char: chr(0xE001 + index) for index, char in enumerate(_ESCAPABLE)}
_UNESCAPED = {ord(code): char for char, code in _ESCAPED.items()} | {ord(_STRAY): "<"}
# An inline tag dropped before Markdown reads the body stands in as this character, removed from
# what Markdown wrote: dropped outright, a tag alone on its line left a blank line (a new
# paragraph) and `<b>## x</b>` a heading, which Markdown, reading the tag, never made.
_DROPPED = "\ue020"
_PRIVATE = dict.fromkeys([*_UNESCAPED, ord(_DROPPED)])
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


def _escapes_set_aside(text: str) -> str:
    """`text` with each backslash escape outside code spans written as its stand-in character.
    A code span opens with a run of backticks not escaped and closes at the next run of exactly
    as many (backslashes in it are characters) in the same paragraph; a run that none closes is
    text. Closers are looked up by bisection in lists made once, so the pass is linear (up to a
    logarithm) whatever backticks the text holds."""
    runs: dict[int, list[int]] = {}
    for run in _TICKS.finditer(text):
        runs.setdefault(run.end() - run.start(), []).append(run.start())
    blank_lines = [line.start() for line in _BLANK_LINE.finditer(text)]
    out: list[str] = []
    position = 0
    while (found := _ESCAPE_OR_TICKS.search(text, position)) is not None:
        out.append(text[position : found.start()])
        position = found.end()
        if found.group(1) is not None:
            out.append(_ESCAPED[found.group(1)])
            continue
        out.append(found.group())
        starts = runs.get(len(found.group()), [])
        closer = bisect_left(starts, position)
        if closer == len(starts):
            continue
        paragraph_end = bisect_left(blank_lines, position)
        if paragraph_end < len(blank_lines) and blank_lines[paragraph_end] < starts[closer]:
            continue
        end = starts[closer] + len(found.group())
        out.append(text[position:end])
        position = end
    out.append(text[position:])
    return "".join(out)


def markdown_to_blocks(content: str) -> tuple[Block, ...]:
    """The body's blocks, in time linear in its length whatever brackets it holds."""
    text = _LINK_DEFINITION.sub("", content.translate(_PRIVATE))
    text = _LINK.sub(r"\1", _PICTURE.sub("", text))
    text = _escapes_set_aside(text)
    if len(text) > MAX_BODY_CHARACTERS:
        # No article body may be this long (the most an operator may allow), and Markdown's
        # time grows faster than the text: 200,000 characters of backslashes took seconds.
        raise MalformedArticle(
            f"the body is {len(text):,} characters long before its formatting is removed; an "
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
    return tuple(
        replace(
            b, text=b.text.translate(_UNESCAPED), attribution=b.attribution.translate(_UNESCAPED)
        )
        for b in blocks
    )


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
