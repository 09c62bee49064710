"""IPTC ninjs (News in JSON), versions 1.x and 2.x: the format news agencies deliver in.

Read: the headline (`headline` / `headlines[]`), summary (`description_*` / `descriptions[]`),
body (`body_html`, `body_text` / `bodies[]`; HTML is reduced to text blocks), byline
(`byline` / `by` / `bylines[]`), source (`infosources[]`, `copyrightholder`, `provider`), times
(`firstcreated`, `versioncreated`), subjects as tags, and the first picture association as the
photo with its caption and credit. `uri` (or `guid`) identifies the story across re-imports.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, tzinfo
from typing import Any

from masthead.articles.body import Block
from masthead.articles.importers.base import (
    ImportedArticle,
    MalformedArticle,
    PhotoReference,
    clean_text,
    join_names,
    parse_datetime,
)
from masthead.articles.importers.html import html_to_blocks, text_to_blocks

FORMAT = "ninjs"
_PREFERRED_PICTURES = ("featureimage", "featuremedia", "mainpicture", "main", "picture")
_PREFERRED_ROLES = ("main", "summary", "text", "body", "html5", "")


def _by_role(items: Any, roles: tuple[str, ...] = _PREFERRED_ROLES) -> list[Mapping[str, Any]]:
    """ninjs 2 lists (headlines, descriptions, bodies), most wanted role first."""
    if not isinstance(items, list):
        return []
    found = [item for item in items if isinstance(item, Mapping)]

    def rank(item: Mapping[str, Any]) -> int:
        role = str(item.get("role") or "").lower()
        return roles.index(role) if role in roles else len(roles)

    return sorted(found, key=rank)


def _text_of(item: Mapping[str, Any]) -> str:
    value = str(item.get("value") or "")
    if "html" in str(item.get("contenttype") or "").lower():
        return " ".join(block.text for block in html_to_blocks(value))
    return clean_text(value)


def _scalar(item: Mapping[str, Any], key: str) -> Any:
    """`item[key]` where text belongs: a list or object there is refused by name (stored, it
    read "{'a': 1}" on the page or as the story's identifier)."""
    value = item.get(key)
    if isinstance(value, list | dict):
        kind = "an object" if isinstance(value, dict) else "a list"
        raise MalformedArticle(f"ninjs `{key}` must be text, not {kind}")
    return value


def _headline(item: Mapping[str, Any]) -> str:
    if _scalar(item, "headline"):
        return clean_text(item["headline"])
    for entry in _by_role(item.get("headlines")):
        if _text_of(entry):
            return _text_of(entry)
    return ""


def _description(item: Mapping[str, Any]) -> str:
    if item.get("description_text"):
        return clean_text(item["description_text"])
    if item.get("description_html"):
        return " ".join(b.text for b in html_to_blocks(str(item["description_html"])))
    descriptions = item.get("descriptions")
    if isinstance(descriptions, Mapping):  # 1.x patternProperties form: {"role": "text"}
        descriptions = [{"role": k, "value": v} for k, v in descriptions.items()]
    for entry in _by_role(descriptions, ("summary", "main", "text", "caption", "")):
        if _text_of(entry):
            return _text_of(entry)
    return ""


def _body(item: Mapping[str, Any], headline: str) -> tuple[Block, ...]:
    blocks: tuple[Block, ...] = ()
    if item.get("body_html"):
        blocks = html_to_blocks(str(item["body_html"]))
    elif item.get("body_text"):
        blocks = text_to_blocks(str(item["body_text"]))
    else:
        bodies = _by_role(item.get("bodies"))
        html = [b for b in bodies if "html" in str(b.get("contenttype") or "").lower()]
        plain = [
            b for b in bodies if str(b.get("contenttype") or "text/plain").lower() == "text/plain"
        ]
        if html:
            blocks = html_to_blocks(str(html[0].get("value") or ""))
        elif plain:
            blocks = text_to_blocks(str(plain[0].get("value") or ""))
    # HTML bodies often repeat the headline as their <h1>.
    while blocks and blocks[0].text == headline:
        blocks = blocks[1:]
    return blocks


def _names(value: Any, key: str = "name") -> list[str]:
    if isinstance(value, str):
        return [clean_text(value)] if clean_text(value) else []
    if isinstance(value, Mapping):
        return _names(value.get(key) or value.get("name") or value.get("literal"))
    if isinstance(value, list):
        return [name for entry in value for name in _names(entry, key)]
    return []


def _source(item: Mapping[str, Any]) -> str:
    infosources = item.get("infosources")
    if isinstance(infosources, list):
        ranked = _by_role(infosources, ("source", "originating", "originator", "provider", ""))
        for entry in ranked:
            if clean_text(entry.get("name")):
                return clean_text(entry.get("name"))
    for key in ("copyrightholder", "provider", "source"):
        names = _names(item.get(key))
        if names:
            return names[0]
    return ""


def _pictures(associations: Any) -> list[tuple[str, Mapping[str, Any]]]:
    if isinstance(associations, Mapping):  # 1.x: {"featureimage": {...}}
        pairs = [(str(k), v) for k, v in associations.items() if isinstance(v, Mapping)]
    elif isinstance(associations, list):  # 2.x: [{"name": "featureimage", ...}]
        pairs = [(str(v.get("name") or ""), v) for v in associations if isinstance(v, Mapping)]
    else:
        return []
    pictures = [
        (name, v) for name, v in pairs if str(v.get("type") or "picture") in {"picture", "graphic"}
    ]
    pictures.sort(
        key=lambda pair: (
            _PREFERRED_PICTURES.index(pair[0].lower())
            if pair[0].lower() in _PREFERRED_PICTURES
            else len(_PREFERRED_PICTURES)
        )
    )
    return pictures


def _rendition(picture: Mapping[str, Any]) -> str:
    renditions = picture.get("renditions")
    if isinstance(renditions, Mapping):
        renditions = [dict(v, name=k) for k, v in renditions.items() if isinstance(v, Mapping)]
    if isinstance(renditions, list):
        usable = [r for r in renditions if isinstance(r, Mapping) and r.get("href")]
        original = [
            r for r in usable if str(r.get("name") or "").lower() in {"original", "baseimage"}
        ]
        if original:
            return clean_text(original[0]["href"])
        if usable:
            widest = max(usable, key=lambda r: int(r.get("width") or 0))
            return clean_text(widest["href"])
    return clean_text(picture.get("uri"))


def _photo(item: Mapping[str, Any]) -> PhotoReference | None:
    pictures = _pictures(item.get("associations"))
    if not pictures:
        return None
    picture = pictures[0][1]
    caption = _description(picture) or clean_text(picture.get("body_text")) or _headline(picture)
    credit_names = (
        _names(picture.get("creditline"))
        or _names(picture.get("by"))
        or _names(picture.get("byline"))
        or _names(picture.get("bylines"), "byline")
        or _names(picture.get("copyrightholder"))
    )
    return PhotoReference(
        location=_rendition(picture),
        caption=caption,
        credit=credit_names[0] if credit_names else "",
        alt=clean_text(picture.get("alt_text") or picture.get("alttext")),
    )


def parse(text: str, default_tz: tzinfo = UTC) -> ImportedArticle:
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedArticle(
            f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise MalformedArticle("not a ninjs item: the JSON is nested too deeply") from None
    if not isinstance(item, dict):
        raise MalformedArticle("a ninjs item must be a JSON object")
    kind = str(item.get("type") or "text")
    if kind not in {"text", "composite"}:
        raise MalformedArticle(f"ninjs item of type {kind!r} is not a text article")
    headline = _headline(item)
    if not headline:
        raise MalformedArticle("ninjs item has no headline")
    body = _body(item, headline)
    if not any(block.kind == "paragraph" for block in body):
        raise MalformedArticle("ninjs item has no body text")
    first = item.get("firstcreated") or item.get("contentcreated") or item.get("versioncreated")
    updated = item.get("versioncreated")
    published_at = parse_datetime(first, default_tz)
    updated_at = parse_datetime(updated, default_tz)
    byline = join_names(
        _names(item.get("byline"))
        or _names(item.get("by"))
        or _names(item.get("bylines"), "byline")
    )
    subjects = _names(item.get("subjects") or item.get("subject")) + _names(item.get("keywords"))
    pubstatus = str(item.get("pubstatus") or "usable").lower()
    return ImportedArticle(
        format=FORMAT,
        headline=headline,
        standfirst=_description(item),
        byline=byline,
        source=_source(item),
        published_at=published_at,
        updated_at=updated_at if updated_at != published_at else None,
        tags=tuple(dict.fromkeys(subjects)),
        photo=_photo(item),
        external_id=clean_text(_scalar(item, "uri") or _scalar(item, "guid")),
        status="" if pubstatus == "usable" else "draft",
        body=body,
    )
