"""Is an article's audio current? Its read-along against the article as parsed now.

The audio is served only while the sentences it times (target, printed text, offsets; see
`pipeline.read_along_key`) are the sentences the page shows now. That follows the body parser
as well as the text: when `articles.body.parse_body` reads an unchanged body differently (a
'## ' line after text became a sub-heading, a10ce3a), the stored audio speaks, and times, the
old reading, so it is withdrawn like audio of an earlier text, and re-narrated
(`actions.refresh_narrations`, run after every `migrate`). Before, the raw text's hash decided,
and such audio stayed "current" with read-along lighting the wrong sentences until an editor
pressed Regenerate.

The key is computed without the pronunciation lexicon (which only changes spoken forms, not the
printed sentences) so it costs no query, and it is kept per process by the article's content
hash: the parser and the script builder do not change while a process runs.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from masthead.articles.body import parse_body
from masthead.narration.pipeline import read_along, read_along_key
from masthead.narration.script import build_script

if TYPE_CHECKING:
    from masthead.articles.models import Article
    from masthead.narration.models import Narration

_KEYS: dict[str, str] = {}
_KEYS_MAX = 2048
_lock = threading.Lock()


def text_read_along_key(headline: str, standfirst: str, body: str) -> str:
    """The read-along key of an article with this text, as the running code parses it."""
    return read_along_key(read_along(build_script(headline, standfirst, parse_body(body))))


def article_read_along_key(article: Article) -> str:
    """`text_read_along_key` of the article, kept per process by its content hash."""
    digest = article.content_hash
    key = _KEYS.get(digest)
    if key is None:
        key = text_read_along_key(article.headline, article.standfirst, article.body)
        with _lock:
            if len(_KEYS) >= _KEYS_MAX:
                _KEYS.clear()
            _KEYS[digest] = key
    return key


def audio_is_current(narration: Narration, article: Article) -> bool:
    """The narration has audio and it times the sentences the article's page shows now."""
    return bool(narration.audio) and narration.read_along_key == article_read_along_key(article)


def forget_keys() -> None:
    """Drop the keys kept in this process (tests that swap the body parser; a running site's
    parser does not change under it)."""
    with _lock:
        _KEYS.clear()
