"""The player on an article page shows the narration's state: its changes make the page stale."""

from __future__ import annotations

from masthead.core import pagecache


def register() -> None:
    pagecache.watch("narration.Narration", lambda narration: narration.article_id)
