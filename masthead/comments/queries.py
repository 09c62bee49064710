"""Reading comments: threads a page at a time (keyset pagination), counts, a reader's export.

Keyset pagination: each page asks for "the next N after this (sort key, id)", which the
indexes on Comment answer without counting or skipping rows, so the 5,000th page of a
100,000-comment discussion costs what the first does.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from masthead.articles.models import Article
from masthead.comments.errors import InvalidComment
from masthead.comments.models import Comment, CommentLike, CommentReport, ReaderProfile
from masthead.core import pagecache

SORTS = ("newest", "oldest", "replies")
SORT_LABELS = {"newest": "Newest", "oldest": "Oldest", "replies": "Most replies"}
PUBLIC = [Comment.Status.PUBLISHED, Comment.Status.DELETED]
OWN_WAITING = [Comment.Status.PENDING, Comment.Status.HELD, Comment.Status.REJECTED]
# A comment a moderator held or rejected after readers' replies to it were published stays in
# the thread as a placeholder ("not available"), as a deleted one does; else those replies,
# published and counted, would vanish with it. So does one being checked again after its
# author's edit (pending), until its new verdict.
WITHHELD = [Comment.Status.HELD, Comment.Status.REJECTED, Comment.Status.PENDING]
SHOWN = Q(status__in=PUBLIC) | Q(status__in=WITHHELD, reply_count__gt=0)


def is_shown(comment: Comment) -> bool:
    """Whether the thread shows `comment` (in full, or as a placeholder): `SHOWN` for one row."""
    return comment.status in PUBLIC or (comment.status in WITHHELD and comment.reply_count > 0)


def is_hidden_from(comment: Comment, user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether `user` sees `comment` as a "not available" placeholder: a held or rejected
    comment the thread shows because it holds up replies (see WITHHELD), to anyone but its
    author. A comment with no published replies is never a placeholder: the thread leaves it
    out, and the one who just posted it (a guest too) is shown it in full with the reason."""
    if comment.status not in WITHHELD or comment.reply_count <= 0:
        return False
    return not (user is not None and user.is_authenticated and comment.author_id == user.pk)


# What everyone but its author is told of such a placeholder's status (the API's `status`, the
# page's `comment--withheld`): one word for held, rejected and pending alike, as its words say
# only "not available". Naming the status told anyone the moderation outcome of someone else's
# comment (API QA, 2026-11-30).
WITHHELD_STATUS = "withheld"


def status_shown(comment: Comment, user: AbstractBaseUser | AnonymousUser | None) -> str:
    """The status `user` is told of `comment`: its own, or "withheld" for a placeholder."""
    return WITHHELD_STATUS if is_hidden_from(comment, user) else comment.status


@dataclass(frozen=True)
class ParentReference:
    """How a reply names the comment it answers ("Replying to ...")."""

    label: str  # the parent's author, or what the parent is when its author is not shown
    named: bool  # `label` is a name (isolated with <bdi> on the page)
    linked: bool  # the parent is in the thread, so #comment-N leads somewhere


def parent_reference(
    reply: Comment, user: AbstractBaseUser | AnonymousUser | None
) -> ParentReference | None:
    """Past the depth cap a reply hangs beside the comment it answers, which then holds up no
    replies of its own (reply_count follows display_parent): held, rejected or deleted, that
    comment is left out of the thread, and the reply must neither name its author nor link to
    an anchor that is not there. A deleted or withheld parent that the thread shows as a
    placeholder (it holds up replies) is linked, with the placeholder's words."""
    parent = reply.parent if reply.parent_id else None
    if parent is None:
        return None
    own = user is not None and user.is_authenticated and parent.author_id == user.pk
    if parent.status == Comment.Status.DELETED:
        return ParentReference("a deleted comment", named=False, linked=parent.reply_count > 0)
    if parent.status == Comment.Status.PUBLISHED or own:
        # the author sees their own held comment in the thread or under "waiting for review"
        return ParentReference(parent.author_name, named=True, linked=True)
    return ParentReference(
        "a comment that is not available", named=False, linked=is_hidden_from(parent, user)
    )


REPLIES_SHOWN = 10
PICKS_SHOWN = 5

_ORDER = {
    "newest": ["-created_at", "-id"],
    "oldest": ["created_at", "id"],
    "replies": ["-reply_count", "-created_at", "-id"],
}


@dataclass
class Node:
    comment: Comment
    children: list[Node] = field(default_factory=list)
    more_replies: str | None = None  # cursor for "more replies" under a thread's first comment


@dataclass
class ThreadPage:
    article: Article
    sort: str
    nodes: list[Node]
    picks: list[Comment]
    waiting: list[Comment]
    next_cursor: str | None
    liked: set[int]
    total: int
    reported: set[int] = field(default_factory=set)  # of those shown, the ones this reader reported


def page_size() -> int:
    return max(1, int(settings.MASTHEAD["PAGE_SIZE"]))


def encode_cursor(sort: str, comment: Comment) -> str:
    values: list[Any] = [comment.created_at.isoformat(), comment.pk]
    if sort == "replies":
        values.insert(0, comment.reply_count)
    raw = json.dumps({"s": sort, "v": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if data["s"] != sort:
            raise ValueError("sort changed")
        values = list(data["v"])
        values[-2] = dt.datetime.fromisoformat(values[-2])
        values[-1] = int(values[-1])
        if sort == "replies":
            values[0] = int(values[0])
            if len(values) != 3:
                raise ValueError("length")
        elif len(values) != 2:
            raise ValueError("length")
        return values
    except (ValueError, KeyError, TypeError, json.JSONDecodeError, IndexError):
        raise InvalidComment(
            "That link to more comments is out of date; please reload the page.", "bad_cursor"
        ) from None


def _after(sort: str, values: list[Any]) -> Q:
    if sort == "oldest":
        created, pk = values
        return Q(created_at__gt=created) | Q(created_at=created, id__gt=pk)
    if sort == "newest":
        created, pk = values
        return Q(created_at__lt=created) | Q(created_at=created, id__lt=pk)
    replies, created, pk = values
    return (
        Q(reply_count__lt=replies)
        | Q(reply_count=replies, created_at__lt=created)
        | Q(reply_count=replies, created_at=created, id__lt=pk)
    )


def clean_sort(sort: str | None) -> str:
    return sort if sort in SORTS else "newest"


def kept_sort(request: Any) -> str | None:
    """The order of the comments the reader chose (?sort=, or the `sort` field of a form that
    carries it) when it is one the comments offer and not the default: kept through the edit,
    delete and report forms and back (views' redirects, comments_tags.sort_query). Nothing
    else the reader sent is ever put in the address they are sent back to."""
    if request is None:
        return None
    sort = request.POST.get("sort") or request.GET.get("sort")
    return sort if sort in SORTS and sort != clean_sort(None) else None


# A notice about one comment carries this tag and its id (views, comments_tags.notices_for),
# to be shown beside it rather than above the comments, out of sight of a reader sent to
# #comment-N.
NOTICE_TAG_PREFIX = "comment-"


def notice_tag(comment: Comment) -> str:
    return f"{NOTICE_TAG_PREFIX}{comment.pk}"


def top_level(
    article: Article, sort: str, cursor: str | None, limit: int
) -> tuple[list[Comment], str | None]:
    qs = Comment.objects.filter(SHOWN, article=article, depth=0)
    if cursor:
        qs = qs.filter(_after(sort, decode_cursor(cursor, sort)))
    rows = list(qs.order_by(*_ORDER[sort]).select_related("author__reader")[: limit + 1])
    for row in rows:
        row.article = article  # templates link to the article; no query per comment
    next_cursor = encode_cursor(sort, rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor


def replies_after(
    root: Comment, cursor: str | None, limit: int
) -> tuple[list[Comment], str | None]:
    """A thread's replies in the order they were written, `limit` at a time."""
    qs = Comment.objects.filter(SHOWN, root=root)
    if cursor:
        qs = qs.filter(_after("oldest", decode_cursor(cursor, "oldest")))
    rows = list(
        qs.order_by("created_at", "id").select_related("author__reader", "parent__author__reader")[
            : limit + 1
        ]
    )
    for row in rows:
        row.article = root.article
    next_cursor = encode_cursor("oldest", rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor


# Threads with at most this many replies get their first replies in one shared query (a window
# function numbers each thread's replies); a bigger thread gets its own query that stops after
# one page, so a 100,000-reply thread costs no more than a small one.
SHARED_QUERY_MAX_REPLIES = 200


def first_replies(roots: list[Comment], limit: int) -> dict[int, tuple[list[Comment], str | None]]:
    """The first `limit` replies of each thread, with a cursor when there are more."""
    result: dict[int, tuple[list[Comment], str | None]] = {}
    small = [root for root in roots if root.reply_count <= SHARED_QUERY_MAX_REPLIES]
    if small:
        rows = list(
            Comment.objects.filter(SHOWN, root_id__in=[root.pk for root in small])
            .annotate(
                position=Window(
                    RowNumber(),
                    partition_by=[F("root_id")],
                    order_by=[F("created_at").asc(), F("id").asc()],
                )
            )
            .filter(position__lte=limit + 1)
            .select_related("author__reader")
            .order_by("root_id", "created_at", "id")
        )
        grouped: dict[int, list[Comment]] = {root.pk: [] for root in small}
        for row in rows:
            grouped[row.root_id].append(row)  # type: ignore[index]
        for root in small:
            replies = grouped[root.pk]
            for row in replies:
                row.article = root.article
            cursor = encode_cursor("oldest", replies[limit - 1]) if len(replies) > limit else None
            result[root.pk] = (replies[:limit], cursor)
    for root in roots:
        if root.pk not in result:
            result[root.pk] = replies_after(root, None, limit)
    _attach_parents(roots, [r for replies, _ in result.values() for r in replies])
    return result


def _attach_parents(roots: list[Comment], replies: list[Comment]) -> None:
    """Give each reply its parent object ("Replying to X") without a query per reply."""
    known = {c.pk: c for c in [*roots, *replies]}
    missing = {r.parent_id for r in replies if r.parent_id and r.parent_id not in known}
    if missing:
        for parent in Comment.objects.filter(pk__in=missing).select_related("author__reader"):
            known[parent.pk] = parent
    for reply in replies:
        if reply.parent_id in known:
            reply.parent = known[reply.parent_id]


def _tree(root: Comment, replies: list[Comment]) -> Node:
    top = Node(root)
    nodes = {root.pk: top}
    for reply in replies:
        node = Node(reply)
        nodes[reply.pk] = node
        holder = nodes.get(reply.display_parent_id or root.pk, top)
        holder.children.append(node)
    return top


def _prune(nodes: list[Node]) -> list[Node]:
    """Drop deleted (or withheld) comments nobody answered; keep the ones that hold up
    replies."""
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if (
            node.comment.status != Comment.Status.PUBLISHED
            and not node.children
            and not node.comment.reply_count
        ):
            continue
        kept.append(node)
    return kept


def _reply_before(root: Comment, comment: Comment) -> Comment | None:
    """The reply of `root`'s thread shown just before `comment` (replies in written order)."""
    return (
        Comment.objects.filter(SHOWN, root=root)
        .filter(
            Q(created_at__lt=comment.created_at)
            | Q(created_at=comment.created_at, id__lt=comment.pk)
        )
        .order_by("-created_at", "-id")
        .first()
    )


def permalink_url(comment: Comment) -> str:
    """Where a comment's own link (its time, a reply e-mail, "My comments") takes the reader: to
    a page that shows it. The article shows the newest threads, a page of them, each with its
    first replies; a comment in an older thread opens the comments page from its thread on,
    and a reply behind "More replies" opens its thread's replies from that reply on (before,
    every link went to the article, where such a comment was not, and the reader was left at
    the top of the page)."""
    article = comment.article
    anchor = f"#comment-{comment.pk}"
    on_article = f"{article.get_absolute_url()}{anchor}"
    if not is_shown(comment):  # the author's own waiting comment: the article lists it
        return on_article
    root = comment.root if comment.root_id else comment
    if root is None:
        return on_article
    if comment.pk != root.pk:
        shown, _ = replies_after(root, None, REPLIES_SHOWN)
        if comment.pk not in {reply.pk for reply in shown}:
            before = _reply_before(root, comment)
            url = reverse("comments:replies", args=[root.pk])
            if before is not None:
                url += f"?after={encode_cursor('oldest', before)}"
            return url + anchor
    first_page, _ = top_level(article, "newest", None, page_size())
    if root.pk in {row.pk for row in first_page}:
        return on_article
    newer = (
        Comment.objects.filter(SHOWN, article=article, depth=0)
        .filter(Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, id__gt=root.pk))
        .order_by("created_at", "id")
        .first()
    )
    url = f"{reverse('comments:thread', args=[article.pk])}?sort=newest"
    if newer is not None:
        url += f"&after={encode_cursor('newest', newer)}"
    return url + anchor


def published_count(article: Article) -> int:
    # Counting scans the whole thread (100,000 rows on a big story): remembered until a
    # comment of this article changes (core.pagecache versions).
    return int(
        pagecache.memo(
            article.pk,
            "published_count",
            lambda: Comment.objects.filter(
                article=article, status=Comment.Status.PUBLISHED
            ).count(),
        )
    )


def waiting_for(article: Article, user: AbstractBaseUser | AnonymousUser | None) -> list[Comment]:
    """The viewer's own comments that others cannot see (held, rejected, being checked); one
    the thread shows as a placeholder to others is in the thread, in full for its author."""
    if user is None or not user.is_authenticated:
        return []
    own = list(
        Comment.objects.filter(article=article, author=user, status__in=OWN_WAITING)
        .exclude(status__in=WITHHELD, reply_count__gt=0)
        .select_related("parent__author__reader", "author__reader")
        .order_by("-created_at")[:20]
    )
    for comment in own:
        comment.article = article
    return own


def thread_page(
    article: Article,
    user: AbstractBaseUser | AnonymousUser | None,
    sort: str | None = None,
    cursor: str | None = None,
) -> ThreadPage:
    sort = clean_sort(sort)
    roots, next_cursor = top_level(article, sort, cursor, page_size())
    nodes = []
    replies_by_root = first_replies(roots, REPLIES_SHOWN)
    for root in roots:
        replies, more = replies_by_root[root.pk]
        node = _tree(root, replies)
        node.more_replies = more
        nodes.append(node)
    nodes = _prune(nodes)
    picks: list[Comment] = []
    if not cursor:
        picks = list(
            Comment.objects.filter(
                article=article, status=Comment.Status.PUBLISHED, is_editors_pick=True
            )
            .select_related("author__reader", "parent__author__reader")
            .order_by("-published_at", "-id")[:PICKS_SHOWN]
        )
        for pick in picks:
            pick.article = article
    shown = [c.pk for c in picks] + [c.pk for c in _walk(nodes)]
    liked: set[int] = set()
    if user is not None and user.is_authenticated and shown:
        liked = set(
            CommentLike.objects.filter(user=user, comment_id__in=shown).values_list(
                "comment_id", flat=True
            )
        )
    return ThreadPage(
        article=article,
        sort=sort,
        nodes=nodes,
        picks=picks,
        waiting=waiting_for(article, user) if not cursor else [],
        next_cursor=next_cursor,
        liked=liked,
        total=published_count(article),
        reported=reported_by(user, shown),
    )


def liked_by(user: AbstractBaseUser | AnonymousUser | None, ids: list[int]) -> set[int]:
    """Which of these comments this reader has recommended, in one query: their Recommend
    button shows pressed and takes the recommendation back."""
    if user is None or not user.is_authenticated or not ids:
        return set()
    return set(
        CommentLike.objects.filter(user=user, comment_id__in=ids).values_list(
            "comment_id", flat=True
        )
    )


def reported_by(user: AbstractBaseUser | AnonymousUser | None, ids: list[int]) -> set[int]:
    """Which of these comments this reader has reported, in one query: their Report link
    becomes "Reported" (`actions.report_refusal`)."""
    if user is None or not user.is_authenticated or not ids:
        return set()
    return set(
        CommentReport.objects.filter(reporter_id=user.pk, comment_id__in=ids).values_list(
            "comment_id", flat=True
        )
    )


def _walk(nodes: list[Node]) -> list[Comment]:
    out: list[Comment] = []
    for node in nodes:
        out.append(node.comment)
        out.extend(_walk(node.children))
    return out


def reader_comments(user: AbstractBaseUser) -> QuerySet[Comment]:
    return Comment.objects.filter(author=user).select_related("article").order_by("-created_at")


def export_reader(user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the site holds that a reader wrote, for "download my comments"."""
    profile = getattr(user, "reader", None)
    comments = []
    for comment in reader_comments(user).prefetch_related("revisions"):
        comments.append(
            {
                "id": comment.pk,
                "article": {
                    "id": comment.article_id,
                    "headline": comment.article.headline,
                    "url": settings.SITE_URL + comment.article.get_absolute_url(),
                },
                "in_reply_to": comment.parent_id,
                "text": comment.text,
                "status": comment.status,
                "created_at": comment.created_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
                "moderation": {
                    "decision": comment.decision,
                    "reasons": comment.reasons,
                    "explanation": comment.explanation,
                },
                "likes": comment.like_count,
                "earlier_versions": [
                    {"text": rev.text, "replaced_at": rev.created_at.isoformat()}
                    for rev in comment.revisions.all()
                ],
            }
        )
    reports = [
        {
            "comment_id": report.comment_id,
            "reason": report.reason,
            "note": report.note,
            "created_at": report.created_at.isoformat(),
        }
        for report in user.comment_reports.all()  # type: ignore[attr-defined]
    ]
    return {
        "site": settings.SITE_NAME,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        "account": {
            "email": getattr(user, "email", ""),
            "display_name": profile.display_name if profile else "",
            "notify_replies": profile.notify_replies if profile else False,
            "joined": user.date_joined.isoformat() if hasattr(user, "date_joined") else None,
        },
        "comments": comments,
        "reports": reports,
        "recommended_comment_ids": list(
            CommentLike.objects.filter(user=user).values_list("comment_id", flat=True)
        ),
    }


def reader_by_unsubscribe_token(token: str) -> ReaderProfile | None:
    """The reader an e-mail's unsubscribe link belongs to (None for an unknown token)."""
    return ReaderProfile.objects.filter(unsubscribe_token=token).first() if token else None
