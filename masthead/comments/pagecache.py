"""Which comment lists the page cache may keep, and what makes them stale (core.pagecache).

Every saved or deleted comment, like or reader profile makes the pages that show it stale
once its transaction commits; a display name appears on many articles, so a profile change
makes the whole site stale.
"""

from __future__ import annotations

from typing import Any

from masthead.core import pagecache


def _article_of_like(like: Any) -> int | None:
    from masthead.comments.models import Comment

    article_id: int | None = (
        Comment.objects.filter(pk=like.comment_id).values_list("article_id", flat=True).first()
    )
    return article_id


def register() -> None:
    # Both read the order and the cursor of the page (views.thread, api.list_comments).
    pagecache.cache_route(
        "comments:thread", lambda kwargs: int(kwargs["article_id"]), params=("sort", "after")
    )
    pagecache.cache_route(
        "api:list_comments", lambda kwargs: int(kwargs["article_id"]), params=("sort", "after")
    )
    pagecache.watch("comments.Comment", lambda comment: comment.article_id)
    pagecache.watch("comments.CommentLike", _article_of_like)
    pagecache.watch("comments.ReaderProfile", lambda _profile: None)
    pagecache.watch("comments.CommentsSettings", lambda _settings: None)
