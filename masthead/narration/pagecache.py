"""The player on an article page shows the narration's state: its changes make the page stale.
They make the podcast feed stale too (`narration.feeds.register`)."""

from __future__ import annotations

from masthead.core import pagecache


def register() -> None:
    from masthead.narration import feeds

    pagecache.watch("narration.Narration", lambda narration: narration.article_id)
    feeds.register()
