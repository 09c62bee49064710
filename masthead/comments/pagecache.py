"""Which comment lists the page cache may keep, and what makes them stale (core.pagecache).

Every saved or deleted comment, like or reader profile makes the pages that show it stale
once its transaction commits; a display name appears on many articles, so a profile change
makes the whole site stale.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from masthead.core import pagecache


def _article_of_like(like: Any) -> int | None:
    from masthead.comments.models import Comment

    article_id: int | None = (
        Comment.objects.filter(pk=like.comment_id).values_list("article_id", flat=True).first()
    )
    return article_id


def _existing_article(kwargs: dict[str, Any]) -> int | None:
    """The article of a comment list, if there is one: any number reaches the view (and a 404),
    and looking up a version for it stored a cache entry with no expiry, one per number asked."""
    from masthead.articles.models import Article

    article_id = int(kwargs["article_id"])
    return article_id if Article.objects.filter(pk=article_id).exists() else None


def known_sort(value: str) -> bool:
    """An order the lists offer; the views read any other as the default, one more copy."""
    from masthead.comments import queries

    return value in queries.SORTS


def issued_cursor(value: str) -> bool:
    """A cursor the site would issue now: it names a comment that exists, written exactly as
    `encode_cursor` writes it. Any time and id decode (the view answers them), so a page keyed
    by a forged one would be one more copy per request."""
    from masthead.comments import queries
    from masthead.comments.errors import CommentError
    from masthead.comments.models import Comment

    try:
        padded = value + "=" * (-len(value) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        sort, pk = data["s"], int(data["v"][-1])
    except (ValueError, KeyError, TypeError, IndexError, json.JSONDecodeError):
        return False
    if sort not in queries.SORTS:
        return False
    comment = Comment.objects.filter(pk=pk).first()
    if comment is None:
        return False
    try:
        return queries.encode_cursor(sort, comment) == value
    except CommentError:
        return False


def register() -> None:
    # Both read the order and the cursor of the page (views.thread, api.list_comments).
    valid = {"sort": known_sort, "after": issued_cursor}
    for name in ("comments:thread", "api:list_comments"):
        pagecache.cache_route(name, _existing_article, params=("sort", "after"), valid=valid)
    # The comments section under an article reads ?sort= too (comments_tags.comments_section).
    pagecache.check_values("articles:detail", {"sort": known_sort})
    pagecache.watch("comments.Comment", lambda comment: comment.article_id)
    pagecache.watch("comments.CommentLike", _article_of_like)
    pagecache.watch("comments.ReaderProfile", lambda _profile: None)
    pagecache.watch("comments.CommentsSettings", lambda _settings: None)
