"""The article body format (pure): plain text that editors type in a textarea.

Blocks are separated by blank lines. A block starting with `## ` is a sub-heading, one whose
lines start with `> ` is a block quote (an optional last line `-- Name` attributes it), and
anything else is a paragraph. Every consumer (page, narration, JSON-LD, feeds) reads the
body through `parse_body`, so they cannot disagree about what the article says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "heading", "quote"]

_BLANK_LINES = re.compile(r"\n\s*\n")


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
        if not lines:
            continue
        if lines[0].startswith("## ") and len(lines) == 1:
            blocks.append(Block("heading", lines[0][3:].strip()))
        elif all(line.startswith(">") for line in lines):
            quote_lines = [line[1:].strip() for line in lines]
            attribution = ""
            if len(quote_lines) > 1 and quote_lines[-1].startswith("-- "):
                attribution = quote_lines.pop()[3:].strip()
            blocks.append(Block("quote", " ".join(quote_lines), attribution))
        else:
            blocks.append(Block("paragraph", " ".join(lines)))
    return tuple(blocks)


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
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


def plain_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    return "\n\n".join(block.text for block in blocks)


def word_count(blocks: tuple[Block, ...] | list[Block]) -> int:
    return sum(len(block.text.split()) for block in blocks)
