"""Pick the importer for a file by its name, then by its first characters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from pathlib import PurePath

from masthead.articles.importers import markdown, ninjs, plaintext
from masthead.articles.importers.base import ImportedArticle, MalformedArticle

Parser = Callable[[str, tzinfo], ImportedArticle]
PARSERS: dict[str, Parser] = {
    "plaintext": plaintext.parse,
    "markdown": markdown.parse,
    "ninjs": ninjs.parse,
}
EXTENSIONS = {
    ".txt": "plaintext",
    ".text": "plaintext",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "ninjs",
    ".ninjs": "ninjs",
}


def format_for(name: str, text: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "ninjs"
    if head.startswith("---"):
        return "markdown"
    if suffix in {"", ".news", ".story"}:
        return "plaintext"
    raise MalformedArticle(f"unknown article format {suffix!r} (use .txt, .md or .json)")


def is_importable(name: str) -> bool:
    return PurePath(name).suffix.lower() in EXTENSIONS


def parse_file(name: str, text: str, default_tz: tzinfo) -> ImportedArticle:
    return PARSERS[format_for(name, text)](text.lstrip("\ufeff"), default_tz)
