"""An article's version as its editors' form sees it: a short digest of every field the form
edits, as stored. The newsroom form refuses a save made from an older version (`admin.py`,
"edited meanwhile"); the editors' pages ask for it while open, to say that the article was
changed elsewhere before the editor types over it (`narration/static/narration/editor_status.js`,
`articles/static/articles/edited_elsewhere.js`)."""

from __future__ import annotations

import hashlib

from masthead.articles.models import Article

# What an editor's form was made from: every field the form edits, as stored, so that a save
# made from an older copy of the article is noticed (a colleague's save, an import, a
# moderator closing comments, which does not move updated_at).
_VERSIONED = (
    "headline",
    "slug",
    "standfirst",
    "byline",
    "source",
    "section_id",
    "status",
    "published_at",
    "comments_mode",
    "photo",
    "photo_caption",
    "photo_credit",
    "photo_alt",
    "body",
)


def stored_version(article_id: int, *, lock: bool = False) -> str:
    """`lock`: hold the article's row until the transaction ends (the admin saves in one)."""
    rows = Article.objects.select_for_update() if lock else Article.objects
    stored = rows.filter(pk=article_id).values(*_VERSIONED).first()
    if stored is None:
        return ""
    tags = sorted(
        Article.tags.through.objects.filter(article_id=article_id).values_list("tag_id", flat=True)
    )
    digest = hashlib.sha256(repr((sorted(stored.items()), tags)).encode())
    return digest.hexdigest()[:32]
