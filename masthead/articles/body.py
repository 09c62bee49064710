"""The article body format (pure): plain text that editors type in a textarea.

Blocks are separated by blank lines. A line starting with `## ` is a sub-heading wherever it is
in a block: the lines before and after it, with no blank line between, are blocks of their own
(as an ATX heading in Markdown: "## Cost\\nThe bridge..." is a sub-heading and a paragraph, and
so is "...by Friday.\\n## Cost" a paragraph and a sub-heading). A block whose lines start with
`> ` is a block quote (an optional last line `-- Name` attributes it), and anything else is a
paragraph; a backslash before a marker (`\\## `, `\\>`) keeps a block that starts with one a
paragraph, and `\\## ` keeps a line inside a paragraph text (the backslash is not shown). A
heading or quote marker with no words after it is dropped. Every consumer (page, narration,
JSON-LD, feeds) reads the body through `parse_body`, so they cannot disagree about what the
article says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "heading", "quote"]

_BLANK_LINES = re.compile(r"\n\s*\n")
# A backslash before a marker (or before another backslash) makes the block a paragraph.
_ESCAPED = {"\\#", "\\>", "\\\\"}


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    attribution: str = ""


def parse_body(source: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    normalised = source.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not normalised:
        return ()
    for chunk in _BLANK_LINES.split(normalised):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        # Every sub-heading line is a heading of its own wherever it is in the block (as an ATX
        # heading in CommonMark interrupts a paragraph); the lines between headings are read
        # by the other rules. Until 2026-11-29 a "## " line after text stayed in that
        # paragraph, shown and read aloud with its "##".
        run: list[str] = []
        for line in lines:
            if not _is_heading(line):
                run.append(line)
                continue
            _add_run(blocks, run)
            run = []
            # A marker with nothing after it ("## " loses its space to strip) says nothing:
            # no empty heading on the page, and no "##" read aloud.
            if heading := line[2:].strip():
                blocks.append(Block("heading", heading))
        _add_run(blocks, run)
    return tuple(blocks)


def _add_run(blocks: list[Block], lines: list[str]) -> None:
    """The block that lines with no sub-heading among them make: a quote, or a paragraph."""
    if not lines:
        return
    if lines[0][:2] in _ESCAPED:
        # "\## text", "\> text": a paragraph that starts with a marker, written as such
        # (render_body writes an imported one so; editors may type it).
        blocks.append(Block("paragraph", " ".join(_unescaped(lines))[1:]))
    elif all(line.startswith(">") for line in lines):
        quote_lines = [line[1:].strip() for line in lines]
        attribution = ""
        if len(quote_lines) > 1 and quote_lines[-1].startswith("-- "):
            attribution = quote_lines.pop()[3:].strip()
        # Lone ">" lines (and a quote of nothing but them) add no words: no empty quote box.
        if quoted := " ".join(line for line in quote_lines if line):
            blocks.append(Block("quote", quoted, attribution))
    else:
        blocks.append(Block("paragraph", " ".join(_unescaped(lines))))


def _unescaped(lines: list[str]) -> list[str]:
    """A paragraph's lines after its first with the backslash of an escaped sub-heading marker
    dropped: "\\## is trending" on a line of its own inside a paragraph is text, not a
    heading, and reads without its backslash."""
    return lines[:1] + [line[1:] if line.startswith("\\#") else line for line in lines[1:]]


def _is_heading(line: str) -> bool:
    return line == "##" or line.startswith("## ")


def render_body(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The inverse of parse_body: blocks back to editor text (used by importers)."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            parts.append(f"## {block.text}")
        elif block.kind == "quote":
            quote = f"> {block.text}"
            if block.attribution:
                quote += f"\n> -- {block.attribution}"
            parts.append(quote)
        elif (
            block.text == "##" or block.text.startswith(("## ", ">")) or block.text[:2] in _ESCAPED
        ):
            # An imported paragraph such as "> 50 people were ..." or "## is a hashtag" would
            # be read back as a quote or a sub-heading: escaped, it stays a paragraph.
            parts.append("\\" + block.text)
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


# Control characters a body may not keep: every C0 one but tab, line feed and carriage return,
# and DEL. Word's soft line break (a vertical tab) and a form feed (page break) end a line.
_BODY_CONTROL: dict[int, str | None] = {
    code: None for code in [*range(0x00, 0x20), 0x7F] if chr(code) not in "\t\n\r"
}
_BODY_CONTROL[0x0B] = _BODY_CONTROL[0x0C] = "\n"


def clean_source(source: str) -> str:
    """Body text as an editor pasted it, without the control characters no page, feed or
    database holds (a NUL, a vertical tab from Word): a vertical tab or form feed becomes a
    line break, the other control characters are dropped; tabs and line breaks are kept, so
    paragraphs stay where they were."""
    return source.translate(_BODY_CONTROL)


def plain_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    return "\n\n".join(block.text for block in blocks)
