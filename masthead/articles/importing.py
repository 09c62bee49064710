"""Importing files: read a file, let the pure importer parse it, store it with
`actions.import_article`. Used by `masthead import`.

A photo is attached only when the file names a picture lying beside it (a relative path that
stays inside the file's folder), or, for page text, when a picture has the text file's name;
URLs are never fetched, since nothing is downloaded at run time.
Their caption and credit are kept all the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError

from masthead.articles import actions, media
from masthead.articles.importers import detect
from masthead.articles.importers.base import ImportedArticle, MalformedArticle
from masthead.articles.models import Article

MAX_FILE_BYTES = 5_000_000
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


class ImportFailed(Exception):
    """A file could not be imported; the message is one line."""


@dataclass(frozen=True)
class ImportResult:
    path: Path
    article: Article
    outcome: str  # created | updated | unchanged
    photo_attached: bool
    # The status the file itself names ("" when none), to say when it was not applied.
    asked_status: str = ""

    def describe(self) -> str:
        photo = "with photo" if self.photo_attached else "no photo file"
        line = (
            f"{self.outcome} {self.article.get_status_display().lower()} "
            f'"{self.article.headline}" at {self.article.get_absolute_url()} ({photo})'
        )
        if self.asked_status and self.asked_status != self.article.status:
            line += f"; the file says {self.asked_status}: import it with --publish for that"
        return line


def shown(path: Path) -> str:
    """A path as printed: quoted with escapes when it holds a line break or another character
    that does not print, which split a file's one line of output in two."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def decode(data: bytes) -> str:
    """A file's text: UTF-8, or UTF-16 when it starts with UTF-16's byte order mark (Windows
    Notepad's "Unicode"), line ends made \\n. Anything else is refused saying where the first
    byte that is not UTF-8 is; the refusal said only "not UTF-8 text"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed("starts as UTF-16 text but is not: save it as UTF-8") from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ImportFailed(
                f"not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}; perhaps Latin-1 "
                "or Windows-1252): save it as UTF-8 and import again"
            ) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def import_key_for(path: Path, imported: ImportedArticle) -> str:
    """The file's own identifier if it has one, else its format and headline."""
    if imported.external_id:
        return f"{imported.format}:id:{imported.external_id}"[:300]
    digest = hashlib.sha256(imported.headline.casefold().encode()).hexdigest()[:16]
    return f"{imported.format}:headline:{digest}"


def local_photo(path: Path, imported: ImportedArticle) -> Path | None:
    if imported.photo is None:
        return None
    location = imported.photo.location
    if not location:
        # Page text cannot name its picture: one with the text file's name stands in for it
        # (ferry-strike.txt -> ferry-strike.jpg).
        for suffix in sorted(PHOTO_SUFFIXES):
            sibling = path.with_suffix(suffix)
            if sibling.is_file():
                return sibling.resolve()
        return None
    if "://" in location or location.startswith(("/", "\\")) or ":" in location.split("/")[0]:
        return None
    folder = path.parent.resolve()
    candidate = (folder / location).resolve()
    if not candidate.is_relative_to(folder) or candidate.suffix.lower() not in PHOTO_SUFFIXES:
        return None
    return candidate if candidate.is_file() else None


def check_picture(path: Path) -> None:
    """Refuse a photo file that is not a picture (an empty file, a text saved as .jpg): it was
    attached and shown as a broken image on the page and in link previews."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
    except Image.DecompressionBombError:
        raise ImportFailed(f"photo {path.name} has too many pixels to be safe to open") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImportFailed(f"photo {path.name} is not a picture (JPEG, PNG, WebP or GIF)") from None


def import_file(
    path: Path,
    *,
    default_section: str = "News",
    publish: bool = False,
    claimed: dict[str, Path] | None = None,
) -> ImportResult:
    """Import one file. `claimed` (one dict for a whole run) remembers which file each story
    came from: a second file of the same run that names the same story (the same id, or no id
    and the same headline) is refused rather than overwriting the first one's article."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFailed(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        text = decode(path.read_bytes())
    except OSError as exc:
        raise ImportFailed(exc.strerror or "cannot read the file") from None
    try:
        imported = detect.parse_file(path.name, text, ZoneInfo(settings.TIME_ZONE))
    except MalformedArticle as exc:
        raise ImportFailed(str(exc)) from None
    import_key = import_key_for(path, imported)
    if claimed is not None:
        first = claimed.setdefault(import_key, path)
        if first != path:
            same = "id" if imported.external_id else "headline (and neither has an id)"
            raise ImportFailed(
                f"{shown(first)} in this import has the same {same}; importing both would keep only "
                "the last, so give each story its own id"
            )
    photo = local_photo(path, imported)
    if photo is not None:
        check_picture(photo)
    try:
        article, outcome = actions.import_article(
            imported,
            import_key=import_key,
            photo_file=photo,
            default_section=default_section,
            publish=publish,
        )
    except ValidationError as exc:
        problems = []
        for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
            problems.append(f"{field}: {' '.join(messages)}" if field else " ".join(messages))
        raise ImportFailed("; ".join(problems)) from None
    finally:
        # A photo whose transaction did not commit goes now (a no-op inside a caller's
        # transaction still open: it goes when that one ends).
        media.remove_uncommitted()
    return ImportResult(
        path=path,
        article=article,
        outcome=outcome,
        photo_attached=bool(photo),
        asked_status=imported.status,
    )


def files_to_import(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file named or found in a named folder, with an error for a path that is neither."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and detect.is_importable(p.name) and not p.name.startswith(".")
            )
            if not found:
                yield path, "no .txt, .md or .json files in this folder"
            for file in found:
                yield file, None
        elif path.is_file():
            yield path, None
        else:
            yield path, "no such file or folder"
