"""The comments JSON API (django-ninja): list, post, reply, edit, delete, report, like.

Same actions as the pages, so both behave alike. Session cookies authenticate; every unsafe
request must carry the CSRF token (header X-CSRFToken), like the forms. Errors share one body:
`{"error": {"code": "...", "message": "...", "field": "..."}}`.

Login and the CSRF token are checked as ninja auth, which runs before the path, query and body
are read: a visitor's or a token-less request is 401/403 however malformed it is, and only a
request that may go ahead learns (400) what is wrong with its body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.utils import check_csrf
from pydantic import ConfigDict

from masthead.articles.models import Article
from masthead.comments import actions, queries
from masthead.comments.errors import CommentError, LoginRequired, NotAllowed, NotFound
from masthead.comments.models import Comment
from masthead.comments.views import client_ip

router = Router(tags=["comments"])


class ErrorDetail(Schema):
    code: str = Field(..., description="Stable snake_case code, e.g. too_many_links")
    message: str = Field(..., description="Plain words for the reader")
    field: str | None = None
    retry_after: int | None = Field(None, description="Seconds to wait (429 only)")


class ErrorOut(Schema):
    error: ErrorDetail


class CommentOut(Schema):
    id: int
    article_id: int
    parent_id: int | None
    display_parent_id: int | None
    root_id: int | None
    depth: int
    author: str
    guest: bool = Field(
        False, description="Posted by a visitor without an account: the name is not verified"
    )
    replying_to: str | None
    status: str = Field(
        description="published or deleted; held, pending or rejected to its author only;"
        " withheld to anyone else (a placeholder kept for its published replies)"
    )
    text: str
    html: str
    created_at: dt.datetime
    edited_at: dt.datetime | None
    likes: int
    replies: int
    editors_pick: bool
    liked: bool
    can_edit: bool
    held_reason: str | None = Field(
        None, description="Why the comment waits or was not published; only for its author"
    )


class ThreadOut(Schema):
    comment: CommentOut
    replies: list[CommentOut]
    more_replies_after: str | None


class ListOut(Schema):
    article_id: int
    sort: str
    total: int
    picks: list[CommentOut]
    threads: list[ThreadOut]
    waiting: list[CommentOut]
    next_after: str | None


class RepliesOut(Schema):
    replies: list[CommentOut]
    next_after: str | None


class Body(Schema):
    """A request body: a field this address does not take is refused (a misspelt `parentId`
    posted a top-level comment instead of a reply), and no value is converted to another type
    (`"parent_id": true` replied to comment 1)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class PostIn(Body):
    text: str
    parent_id: int | None = None
    guest_name: str = ""
    guest_email: str = ""
    website: str = Field("", description="Honeypot: must stay empty")


class ReplyIn(Body):
    text: str
    guest_name: str = ""
    guest_email: str = ""
    website: str = Field("", description="Honeypot: must stay empty")


class EditIn(Body):
    text: str


class ReportIn(Body):
    reason: str = Field(
        ..., description="abuse, hate, spam, off_topic, personal_info, misinformation or other"
    )
    note: str = ""


class PostedOut(Schema):
    comment: CommentOut
    message: str


class LikeOut(Schema):
    id: int
    likes: int
    liked: bool


class DeletedOut(Schema):
    id: int
    status: str


class ReportedOut(Schema):
    id: int
    message: str


ERRORS: dict[int, Any] = {code: ErrorOut for code in (400, 401, 403, 404, 409, 429)}


def _csrf(request: HttpRequest) -> None:
    if check_csrf(request) is not None:
        raise NotAllowed(
            "The form's security token is missing or out of date; reload the page and try again.",
            "csrf_failed",
        )


def _posting_auth(request: HttpRequest) -> Any:
    """Posting and replying: a reader, or a visitor where the site takes guests' comments."""
    if not request.user.is_authenticated and not actions.conf("ALLOW_GUEST_COMMENTS"):
        raise LoginRequired("Please log in or create a free account to comment.")
    _csrf(request)
    return True


def _reader_auth(message: str) -> Callable[[HttpRequest], Any]:
    """Editing, deleting, reporting, liking: a logged-in reader only."""

    def check(request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            raise LoginRequired(message)
        _csrf(request)
        return request.user

    return check


_reader = _reader_auth("Please log in first.")


def _out(
    comment: Comment, request: HttpRequest, liked: set[int] | None = None, fresh: bool = False
) -> CommentOut:
    """`fresh`: the comment this request just posted or edited, its author asking (a guest too,
    who has no account to be recognised by)."""
    user = request.user
    own = fresh or (user.is_authenticated and comment.author_id == user.pk)
    # A withheld comment holding up replies is a placeholder to everyone but its author.
    hidden = queries.is_hidden_from(comment, user)
    deleted = comment.status == Comment.Status.DELETED or hidden
    held_reason = None
    if own and comment.status in queries.OWN_WAITING:
        held_reason = comment.reason_words or "A moderator will check it."
    reference = queries.parent_reference(comment, user)
    return CommentOut(
        id=comment.pk,
        article_id=comment.article_id,
        parent_id=comment.parent_id,
        display_parent_id=comment.display_parent_id,
        root_id=comment.root_id,
        depth=comment.depth,
        author="" if deleted else comment.author_name,
        guest=not deleted and comment.is_guest,
        replying_to=reference.label if reference else None,
        status=queries.status_shown(comment, user),
        text="" if deleted else comment.text,
        html="" if deleted else comment.html,
        created_at=comment.created_at,
        # an edit being checked again (pending) would tell a placeholder's outcome apart
        edited_at=None if hidden else comment.edited_at,
        likes=comment.like_count,
        replies=comment.reply_count,
        editors_pick=comment.is_editors_pick,
        liked=comment.pk in (liked or set()),
        can_edit=actions.can_edit(comment, user),
        held_reason=held_reason,
    )


def _live_article(article_id: int) -> Article:
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not article.is_live:
        raise NotFound("There is no such article.")
    return article


def _comment(request: HttpRequest, comment_id: int, thread_root: bool = False) -> Comment:
    comment = (
        Comment.objects.select_related("article", "author__reader", "parent__author__reader")
        .filter(pk=comment_id)
        .first()
    )
    own = (
        comment is not None
        and request.user.is_authenticated
        and comment.author_id == request.user.pk
    )
    if (
        comment is None
        # a story taken back to draft (or not yet live) takes its comments along, except from
        # their authors, who may still edit or delete what they wrote
        or (not comment.article.is_live and not own)
        or not (
            own
            or comment.status == Comment.Status.PUBLISHED
            or (thread_root and queries.is_shown(comment))
        )
    ):
        raise NotFound("There is no such comment.")
    return comment


def _walk(node: queries.Node) -> list[Comment]:
    out: list[Comment] = []
    for child in node.children:
        out.append(child.comment)
        out.extend(_walk(child))
    return out


@router.get("/articles/{article_id}/comments", response={200: ListOut, **ERRORS})
def list_comments(
    request: HttpRequest,
    article_id: int,
    sort: Literal["newest", "oldest", "replies"] = "newest",
    after: str | None = None,
) -> Any:
    """An article's discussion a page at a time: editors' picks first, then threads."""
    article = _live_article(article_id)
    page = queries.thread_page(article, request.user, sort, after)
    return ListOut(
        article_id=article.pk,
        sort=page.sort,
        total=page.total,
        picks=[_out(c, request, page.liked) for c in page.picks],
        threads=[
            ThreadOut(
                comment=_out(node.comment, request, page.liked),
                replies=[_out(c, request, page.liked) for c in _walk(node)],
                more_replies_after=node.more_replies,
            )
            for node in page.nodes
        ],
        waiting=[_out(c, request) for c in page.waiting],
        next_after=page.next_cursor,
    )


def _posted(
    request: HttpRequest, article: Article, posting: actions.Posting
) -> tuple[int, PostedOut]:
    from masthead.comments.views import outcome_message

    comment = actions.post_comment(article, request.user, posting)
    comment = Comment.objects.select_related("author__reader", "parent__author__reader").get(
        pk=comment.pk
    )
    return Status(
        201,
        PostedOut(comment=_out(comment, request, fresh=True), message=outcome_message(comment)),
    )


def _posting(
    request: HttpRequest, payload: PostIn | ReplyIn, parent_id: int | None
) -> actions.Posting:
    return actions.Posting(
        text=payload.text,
        parent_id=parent_id,
        guest_name=payload.guest_name,
        guest_email=payload.guest_email,
        honeypot=payload.website,
        ip_address=client_ip(request),
        idempotency_key=request.headers.get("Idempotency-Key", ""),
    )


@router.post(
    "/articles/{article_id}/comments", response={201: PostedOut, **ERRORS}, auth=_posting_auth
)
def post_comment(request: HttpRequest, article_id: int, payload: PostIn) -> Any:
    """Post a comment (or a reply with parent_id). It is moderated at once."""
    article = _live_article(article_id)
    return _posted(request, article, _posting(request, payload, payload.parent_id))


@router.post(
    "/comments/{comment_id}/replies", response={201: PostedOut, **ERRORS}, auth=_posting_auth
)
def reply(request: HttpRequest, comment_id: int, payload: ReplyIn) -> Any:
    """Reply to a published comment."""
    parent = _comment(request, comment_id)
    return _posted(request, parent.article, _posting(request, payload, parent.pk))


@router.get("/comments/{comment_id}/replies", response={200: RepliesOut, **ERRORS})
def list_replies(request: HttpRequest, comment_id: int, after: str | None = None) -> Any:
    """A thread's replies in the order they were written (keyset pagination); a deleted or
    withheld comment's too, as the thread shows them under its placeholder."""
    root = _comment(request, comment_id, thread_root=True)
    replies, next_after = queries.replies_after(root, after, queries.REPLIES_SHOWN * 5)
    liked = queries.liked_by(request.user, [c.pk for c in replies])
    return RepliesOut(replies=[_out(c, request, liked) for c in replies], next_after=next_after)


@router.patch("/comments/{comment_id}", response={200: PostedOut, **ERRORS}, auth=_reader)
def edit(request: HttpRequest, comment_id: int, payload: EditIn) -> Any:
    """Edit your own comment within the edit window; it is moderated again."""
    from masthead.comments.views import outcome_message

    comment = _comment(request, comment_id)
    comment = actions.edit_comment(comment, request.user, payload.text, client_ip(request))
    comment = Comment.objects.select_related("author__reader", "parent__author__reader").get(
        pk=comment.pk
    )
    return Status(
        200,
        PostedOut(comment=_out(comment, request, fresh=True), message=outcome_message(comment)),
    )


@router.delete("/comments/{comment_id}", response={200: DeletedOut, **ERRORS}, auth=_reader)
def delete(request: HttpRequest, comment_id: int) -> Any:
    """Delete your own comment; replies to it stay in place."""
    comment = actions.delete_comment(_comment(request, comment_id), request.user)
    return Status(200, DeletedOut(id=comment.pk, status=comment.status))


@router.post(
    "/comments/{comment_id}/reports",
    response={201: ReportedOut, **ERRORS},
    auth=_reader_auth("Please log in to report a comment."),
)
def report(request: HttpRequest, comment_id: int, payload: ReportIn) -> Any:
    """Report someone else's comment to the moderators."""
    comment = _comment(request, comment_id)
    actions.report_comment(comment, request.user, payload.reason, payload.note)
    return Status(
        201, ReportedOut(id=comment.pk, message="Thank you. A moderator will look at it.")
    )


@router.post(
    "/comments/{comment_id}/like",
    response={201: LikeOut, **ERRORS},
    auth=_reader_auth("Please log in to recommend comments."),
)
def like(request: HttpRequest, comment_id: int) -> Any:
    """Recommend a comment (once per reader; again is 409)."""
    comment = _comment(request, comment_id)
    return Status(
        201, LikeOut(id=comment.pk, likes=actions.like_comment(comment, request.user), liked=True)
    )


@router.delete("/comments/{comment_id}/like", response={200: LikeOut, **ERRORS}, auth=_reader)
def unlike(request: HttpRequest, comment_id: int) -> Any:
    """Take back a recommendation."""
    comment = _comment(request, comment_id)
    return Status(
        200,
        LikeOut(id=comment.pk, likes=actions.unlike_comment(comment, request.user), liked=False),
    )


def error_response(api: Any, request: HttpRequest, error: CommentError) -> Any:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.field:
        body["field"] = error.field
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        body["retry_after"] = retry_after
    response = api.create_response(request, {"error": body}, status=error.status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    if error.status == 401:
        from masthead.comments.views import login_challenge

        response["WWW-Authenticate"] = login_challenge()
    return response


def register(api: Any) -> None:
    """Attach the comments router and its error handler to the site's NinjaAPI."""
    api.add_router("/", router)
    api.add_exception_handler(CommentError, lambda request, exc: error_response(api, request, exc))
