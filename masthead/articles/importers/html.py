"""HTML to body blocks (pure), for formats that carry HTML bodies (ninjs, Markdown).

Only text survives: tags, attributes, scripts and styles are dropped, so nothing a wire
service sends can reach a reader's browser as markup. Headings become sub-headings,
blockquotes quotes (a <footer> or <cite> inside attributes them), everything else that
holds text becomes a paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from html.parser import HTMLParser

from masthead.articles.body import Block, BlockKind
from masthead.articles.importers.base import clean_text

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {
    "p",
    "li",
    "dd",
    "dt",
    "pre",
    "td",
    "th",
    "caption",
    "address",
    "div",
    "section",
    "article",
}
_SKIPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "svg",
    "math",
    "head",
    "figure",
    "button",
    "form",
    "select",
    "textarea",
}
_DASHES = ("—", "–", "-- ", "- ")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _BlockCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] = []
        self._kind: BlockKind = "paragraph"
        self._skip_depth = 0
        self._quote_depth = 0
        self._quote_parts: list[str] = []
        self._attribution: list[str] = []
        self._in_attribution = 0

    # A block ends whenever a block-level tag opens or closes: text between them is one block.
    def _flush(self) -> None:
        raw = "".join(self._text)
        text = clean_text(raw)
        self._text = []
        if not text:
            return
        if self._quote_depth:
            if self._in_attribution:
                self._attribution.append(text)
                return
            # "> We waited.\n> -- Mara Quill" in Markdown is one paragraph: its last line, when
            # it starts with a dash, is a part of its own, which attributes the quote if it is
            # the last (as the body format reads a quote's last "-- Name" line).
            lines = [line for line in raw.split("\n") if line.strip()]
            if len(lines) > 1 and lines[-1].strip().startswith(_DASHES):
                self._quote_parts.append(clean_text("\n".join(lines[:-1])))
                self._quote_parts.append(clean_text(lines[-1]))
            else:
                self._quote_parts.append(text)
            return
        self.blocks.append(Block(self._kind, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self._text.append(" ")
            return
        if self._skip_depth or tag in _SKIPPED:
            self._skip_depth += 1
            return
        if tag == "blockquote":
            self._flush()
            self._quote_depth += 1
        elif self._quote_depth and tag in {"footer", "cite"}:
            self._flush()
            self._in_attribution += 1
        elif tag in _HEADINGS:
            self._flush()
            self._kind = "heading"
        elif tag in _BLOCKS or tag in {"ul", "ol", "table", "tr", "blockquote"}:
            self._flush()
            self._kind = "paragraph"

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._skip_depth:
            self._skip_depth -= 1
            return
        if tag == "blockquote" and self._quote_depth:
            self._flush()
            self._quote_depth -= 1
            if not self._quote_depth:
                parts = self._quote_parts
                attribution = " ".join(self._attribution).lstrip("—–- ").strip()
                if not attribution and len(parts) > 1 and parts[-1].startswith(_DASHES):
                    attribution = parts.pop().lstrip("—–- ").strip()
                quote = " ".join(parts)
                if quote:
                    self.blocks.append(Block("quote", quote, attribution))
                self._quote_parts, self._attribution = [], []
        elif self._quote_depth and tag in {"footer", "cite"} and self._in_attribution:
            self._flush()
            self._in_attribution -= 1
        elif tag in _HEADINGS:
            self._flush()
            self._kind = "paragraph"
        elif tag in _BLOCKS or tag in {"ul", "ol", "table", "tr"}:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        if self._quote_parts:
            self.blocks.append(Block("quote", " ".join(self._quote_parts)))


class _StartTagEnds:
    """Where the start tag opened by each `<` ends, the way HTMLParser reads it: a `>` inside
    a quoted attribute value (`title="a<b>c"`) does not end it, and a `<` outside one means it
    was no tag. The scan moves between the characters that change its state, found by bisection
    in lists made once, and every (position, state) it passes is remembered with its outcome,
    so all the `<` of a text together cost time linear in its length (up to a logarithm)."""

    _HITS = {
        "tag": re.compile(r"[<>=]"),  # in a name, or between attributes
        "bare": re.compile(r"[>\s]"),  # an unquoted value (may hold `<`)
        '"': re.compile('"'),
        "'": re.compile("'"),
    }
    _EQUALS = re.compile(r"[\s=]*")

    def __init__(self, text: str) -> None:
        self.text = text
        self.hits = {
            state: [m.start() for m in p.finditer(text)] for state, p in self._HITS.items()
        }
        self.outcome: dict[tuple[int, str], int] = {}

    def _next(self, state: str, position: int) -> int:
        hits = self.hits[state]
        index = bisect_left(hits, position)
        return hits[index] if index < len(hits) else -1

    def end(self, angle: int) -> int:
        """The index of the `>` that closes the tag opened at `angle`, or -1 if none does."""
        text, path = self.text, []
        position, state = angle + 1, "tag"
        while True:
            key = (position, state)
            if key in self.outcome:
                result = self.outcome[key]
                break
            path.append(key)
            if state == "equals":  # after `=`: spaces and more `=`, then the value
                run = self._EQUALS.match(text, position)  # always matches: `*`
                found = run.end() if run else position
                char = text[found : found + 1]
                if not char:
                    result = -1
                    break
                if char == ">":
                    result = found
                    break
                position, state = (found + 1, char) if char in "\"'" else (found, "bare")
                continue
            found = self._next(state, position)
            if found == -1 or text[found] == "<" and state == "tag":
                result = -1
                break
            char = text[found]
            if state in ("tag", "bare") and char == ">":
                result = found
                break
            position, state = found + 1, "equals" if char == "=" and state == "tag" else "tag"
        for key in path:
            self.outcome[key] = result
        return result


_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
# The tags html_to_blocks acts on; any other tag (<b>, <span>, <a>) only wraps text.
ACTED_ON = frozenset(
    _HEADINGS
    | _BLOCKS
    | _SKIPPED
    | {"blockquote", "footer", "cite", "br", "ul", "ol", "table", "tr"}
)


def without_stray_brackets(
    markup: str,
    stray: str = "&lt;",
    keep_tags: frozenset[str] | None = None,
    dropped: str = "",
) -> str:
    """Markup a parser reads in linear time: comments dropped (an unclosed one hides the rest,
    as in a browser), and a `<` that cannot open a tag (no `>` before the next `<`) written as
    `stray` (`&lt;`, which is text). Python's HTMLParser and Python-Markdown look for the end of a tag
    from every `<`: 8,000 characters of `<a ` took a second, a 100,000-character body minutes,
    and a wire file of such text stopped `masthead import` for good. A start tag's quoted
    attribute values may hold `<` and `>` (`<p title="a<b">`): until 2026-11-30 such a `<`
    made the tag text, and its attributes leaked into the body. With `keep_tags`, a start or
    end tag named otherwise is dropped (Markdown's reader sets each tag aside one at a time,
    rebuilding the rest of its paragraph: a body of `<b>` took seconds), and written as `dropped`
    (a character the caller removes later, so that a tag alone on its line leaves no blank line
    and one before `## ` leaves no heading). A start tag so dropped that has no attributes and
    no end tag after it (`vitamin <B>`, `press <Enter>`) is text someone typed, not markup: it
    stays, its `<` written as `stray` (until 2026-11-30 it was dropped)."""
    kept: list[str] = []
    start = 0
    while (opening := markup.find("<!--", start)) != -1:
        kept.append(markup[start:opening])
        closing = markup.find("-->", opening + 4)
        start = len(markup) if closing == -1 else closing + 3
    kept.append(markup[start:])
    text = "".join(kept)
    tags = _StartTagEnds(text)
    out: list[str] = []
    gone: list[tuple[int, int, int]] = []  # (index in out, `<`, `>`) of each tag dropped
    position = 0
    angle = text.find("<")
    after = 0  # the first `>` past the current `<` (-1: none left); searched forward only
    while angle != -1:
        out.append(text[position:angle])
        if text[angle + 1 : angle + 2].isascii() and text[angle + 1 : angle + 2].isalpha():
            end = tags.end(angle)
            if end != -1:
                if keep_tags is None or _kept(text, angle, keep_tags):
                    out.append(text[angle : end + 1])
                else:
                    gone.append((len(out), angle, end))
                    out.append(dropped)
                position = end + 1
                angle = text.find("<", position)
                continue
            out.append(stray)
            position, angle = angle + 1, text.find("<", angle + 1)
            continue
        following = text.find("<", angle + 1)
        if after != -1 and after <= angle:
            after = text.find(">", angle + 1)
        closes = after != -1 and (following == -1 or after < following)
        if closes and keep_tags is not None and not _kept(text, angle, keep_tags):
            gone.append((len(out), angle, after))
            out.append(dropped)
            position = after + 1
            angle = text.find("<", position)
            continue
        out.append("<" if closes else stray)
        position, angle = angle + 1, following
    out.append(text[position:])
    for index in _unclosed(text, gone):
        _, angle, end = gone[index]
        out[gone[index][0]] = stray + text[angle + 1 : end + 1]
    return "".join(out)


_BARE_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\s*>")


def _unclosed(text: str, gone: list[tuple[int, int, int]]) -> list[int]:
    """Which of the dropped tags `gone` are bare start tags (`<B>`, no attributes, not a void
    element such as <br>) that no end tag of the same name after them closes: each end tag
    closes the latest start tag of its name still open (names compared in any case)."""
    open_by_name: dict[str, list[int]] = {}
    for index, (_, angle, _end) in enumerate(gone):
        name = _TAG_NAME.match(text, angle)
        if name is None:
            continue
        opened = open_by_name.setdefault(name.group(1).lower(), [])
        if text[angle + 1] == "/":
            if opened:
                opened.pop()
        else:
            opened.append(index)
    return sorted(
        index
        for name, opened in open_by_name.items()
        if name not in _VOID
        for index in opened
        if _BARE_START_TAG.fullmatch(text, gone[index][1], gone[index][2] + 1)
    )


def _kept(text: str, angle: int, keep_tags: frozenset[str]) -> bool:
    """Whether the tag at `angle` stays: one of `keep_tags`, or no plain tag name (`<!x>`,
    `<https://...>`, which Markdown reads as a link)."""
    name = _TAG_NAME.match(text, angle)
    return name is None or name.group(1).lower() in keep_tags


def html_to_blocks(markup: str) -> tuple[Block, ...]:
    collector = _BlockCollector()
    collector.feed(without_stray_brackets(markup))
    collector.close()
    return tuple(collector.blocks)


def text_to_blocks(text: str) -> tuple[Block, ...]:
    """Plain text body: paragraphs separated by blank lines (or by single newlines if none)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not normalised:
        return ()
    chunks = normalised.split("\n\n") if "\n\n" in normalised else normalised.split("\n")
    return tuple(Block("paragraph", clean_text(c)) for c in chunks if clean_text(c))
