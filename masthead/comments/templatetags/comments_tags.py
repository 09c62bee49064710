"""Template tags other pages use to show comments: `{% load comments_tags %}`.

`{% comments_section article %}` renders the whole discussion under an article;
`{% comment_count article %}` a link such as "12 comments" for cards on the front page.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from masthead.comments import actions, queries
from masthead.comments.errors import CommentError
from masthead.comments.faq import POLICY_SENTENCE
from masthead.comments.models import Comment, CommentReport

register = template.Library()


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comments_section(context: template.Context, article: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    sort = request.GET.get("sort") if request is not None else None
    error = None
    try:
        page = queries.thread_page(article, user, sort)
    except CommentError as exc:  # pragma: no cover - thread_page without a cursor cannot fail
        page, error = None, exc
    refusal = actions.account_refusal(user)
    return {
        "request": request,
        "user": user,
        "article": article,
        "page": page,
        "error": error,
        # A closed article, or a suspended or banned reader: a sentence instead of the forms.
        "closed_reason": actions.comments_closed_reason(article) or refusal,
        # A suspended or banned reader: no Recommend or Report buttons either, only counts.
        "standing_refused": refusal is not None,
        "policy_sentence": POLICY_SENTENCE,
        "sorts": queries.SORT_LABELS,
        "allow_guests": actions.conf("ALLOW_GUEST_COMMENTS"),
        "messages": context.get("messages"),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def comment_max_length() -> int:
    """The comment box's limit, the same as the server's (MASTHEAD_COMMENT_MAX_LENGTH) on every
    page with a form: the article, "more comments", "more replies", a refused post, an edit."""
    return int(actions.conf("COMMENT_MAX_LENGTH"))


@register.simple_tag
def new_idempotency_key() -> str:
    """A fresh key for one comment form: resubmitting the form cannot post twice."""
    return secrets.token_urlsafe(18)


@register.simple_tag
def comment_count(article: Any) -> str:
    count = queries.published_count(article)
    label = "1 comment" if count == 1 else f"{count} comments"
    return format_html(
        '<a class="comment-count" href="{}#comments">{}</a>', article.get_absolute_url(), label
    )


@register.filter
def can_edit(comment: Comment, user: Any) -> bool:
    return actions.can_edit(comment, user)


@register.filter
def hidden_from(comment: Comment, user: Any) -> bool:
    """A held or rejected comment the thread shows to others as "not available"."""
    return queries.is_hidden_from(comment, user)


@register.filter
def replying_to(comment: Comment, user: Any) -> queries.ParentReference | None:
    """How the reply names its parent, and whether the parent is on the page to link to."""
    return queries.parent_reference(comment, user)


@register.filter
def is_own(comment: Comment, user: Any) -> bool:
    return bool(user and user.is_authenticated and comment.author_id == user.pk)


@register.simple_tag(takes_context=True)
def report_link(context: template.Context, comment: Comment) -> str:
    """The Report link under a comment, only where reporting it would be accepted
    (`actions.report_refusal`); "Reported" where this reader has reported it already. The
    page's `reported` ids spare a query per comment; `standing_refused` is asked once a page."""
    user = context.get("user")
    if user is None or not user.is_authenticated or context.get("standing_refused"):
        return ""
    refusal = actions.report_refusal(
        comment, user, reported=context.get("reported"), standing_checked=True
    )
    if refusal is None:
        url = reverse("comments:report", args=[comment.pk]) + sort_query(context)
        return format_html('<a href="{}" data-report>Report</a>', url)
    if refusal.code == "already_reported":
        return format_html('<span class="comment__reported">{}</span>', "Reported")
    return ""


@register.simple_tag(takes_context=True)
def sort_query(context: template.Context) -> str:
    """`?sort=oldest` to keep the reader's order on a link to the edit, delete or report form
    (and back), so the page they come back to is in the order they left; "" for the default."""
    sort = queries.kept_sort(context.get("request"))
    return f"?sort={sort}" if sort else ""


@register.simple_tag(takes_context=True)
def sort_field(context: template.Context) -> str:
    """The form field that carries the reader's order (sort_query) to the view's redirect."""
    sort = queries.kept_sort(context.get("request"))
    return format_html('<input type="hidden" name="sort" value="{}">', sort) if sort else ""


@register.filter
def notices_for(messages: Any, comment: Comment) -> list[Any]:
    """The messages about `comment` (queries.notice_tag), shown beside it: the reader is sent
    to #comment-N, far below the comments' other notices."""
    tag = queries.notice_tag(comment)
    return [message for message in messages or () if message.extra_tags == tag]


@register.filter
def general_notices(messages: Any) -> list[Any]:
    """The messages not about one comment (notices_for), shown above the comments."""
    return [
        message
        for message in messages or ()
        if not (message.extra_tags or "").startswith(queries.NOTICE_TAG_PREFIX)
    ]


@register.simple_tag
def report_reasons() -> list[tuple[str, str]]:
    return list(CommentReport.Reason.choices)


@register.simple_tag
def thread_url(article: Any, sort: str) -> str:
    return f"{article.get_absolute_url()}?sort={sort}#comments"


@register.simple_tag
def more_url(article: Any, sort: str, cursor: str) -> str:
    return f"{reverse('comments:thread', args=[article.pk])}?sort={sort}&after={cursor}"
