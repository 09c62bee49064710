"""Comment pages and form endpoints. They work without JavaScript (forms post and redirect);
`comments.js` sends the same forms with `X-Requested-With: fetch` and gets JSON back.

Thin: parse the request, call one action, render. Errors from actions become a page that
keeps what the reader typed (or a JSON error body), never a traceback.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from masthead.articles.models import Article
from masthead.comments import actions, queries
from masthead.comments import text as comment_text
from masthead.comments.errors import (
    CommentError,
    InvalidComment,
    LoginRequired,
    NotFound,
    RateLimited,
)
from masthead.comments.models import Comment, CommentReport, CommentsSettings
from masthead.core.numbers import whole_number

HELD_MESSAGE = "Your comment is held for review. Only you can see it until a moderator decides."
PUBLISHED_MESSAGE = "Your comment is published."
REJECTED_MESSAGE = "Your comment was not published."
# A guest has no account to see a held comment with: once the page reloads it is gone from
# their view, so they are told so, and why, at once.
GUEST_HELD_MESSAGE = (
    "Your comment is held for review. It will appear once a moderator approves it; until then "
    "it is not shown, to you either."
)


def client_ip(request: HttpRequest) -> str | None:
    """The reader's address. Behind the proxy (MASTHEAD_BEHIND_PROXY) the proxy's last hop."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def error_body(error: CommentError) -> dict[str, Any]:
    body: dict[str, Any] = {"error": {"code": error.code, "message": error.message}}
    if error.field:
        body["error"]["field"] = error.field
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        body["error"]["retry_after"] = retry_after
    return body


def login_challenge() -> str:
    """What a 401 says in `WWW-Authenticate` (HTTP requires one): the only way in is the
    session cookie the log-in form sets, named with the Cookie scheme (form and cookie), so a
    client can tell "log in" from "not allowed" (403) and learn where (API QA, 2026-11-30)."""
    return (
        f'Cookie realm="masthead", form-action="{reverse("accounts:login")}", '
        f'cookie-name="{settings.SESSION_COOKIE_NAME}"'
    )


def _with_retry_after(response: HttpResponse, error: CommentError) -> HttpResponse:
    """The headers an error brings: Retry-After for a limit, the log-in challenge for a 401."""
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    if response.status_code == 401:
        response["WWW-Authenticate"] = login_challenge()
    return response


def _error_response(
    request: HttpRequest, error: CommentError, template: str, context: dict[str, Any]
) -> HttpResponse:
    if wants_json(request):
        response: HttpResponse = JsonResponse(error_body(error), status=error.status)
    else:
        context = {**context, "error": error}
        response = render(request, template, context, status=error.status)
    return _with_retry_after(response, error)


def _article(article_id: int) -> Article:
    article = get_object_or_404(Article.objects.select_related("section"), pk=article_id)
    if not article.is_live:
        raise Http404("No such article")
    return article


def _visible_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("article", "author__reader", "parent__author__reader"),
        pk=pk,
    )
    own = request.user.is_authenticated and comment.author_id == request.user.pk
    # A story taken back to draft takes its comments along, except from their authors, who may
    # still edit or delete what they wrote.
    if not comment.article.is_live and not own:
        raise Http404("No such comment")
    if comment.status != Comment.Status.PUBLISHED and not own:
        raise Http404("No such comment")
    return comment


def _back_to(comment: Comment, sort: str | None) -> str:
    """Where a reader goes after editing or reporting `comment`: its permalink, on the article in
    the order they chose when its thread is on that order's first page there (a comment on a
    later page, or on a comments page of its own, keeps the permalink: the order's first page
    would not show it)."""
    url = queries.permalink_url(comment)
    article = comment.article
    on_article = f"{article.get_absolute_url()}#comment-{comment.pk}"
    if sort is None or url != on_article or not queries.is_shown(comment):
        return url
    root = comment.root if comment.root_id else comment
    first_page, _ = queries.top_level(article, sort, None, queries.page_size())
    if root is None or root.pk not in {row.pk for row in first_page}:
        return url
    return f"{article.get_absolute_url()}?sort={sort}#comment-{comment.pk}"


def outcome_message(comment: Comment) -> str:
    """What the author is told at once (the page's notice, the live region, the API): the
    outcome and, when the comment waits or was not published, why, in plain words. A guest has
    no account to see the reason on later; a reader using a screen reader hears only this."""
    if comment.status == Comment.Status.PUBLISHED:
        return PUBLISHED_MESSAGE
    if comment.status == Comment.Status.REJECTED:
        message = REJECTED_MESSAGE
    elif comment.author_id is None:
        message = GUEST_HELD_MESSAGE
    else:
        message = HELD_MESSAGE
    reason = comment.reason_words
    return f"{message} {reason}" if reason else message


def _comment_html(request: HttpRequest, comment: Comment) -> str:
    return render_to_string(
        "comments/_comment.html",
        {"comment": comment, "children": [], "liked": set(), "fresh": True},
        request=request,
    )


def _not_yours(request: HttpRequest, comment: Comment) -> HttpResponse | None:
    """The edit and delete pages offer a comment only to its author: others would see "Edit
    your comment" with someone else's words and a button that can only fail."""
    try:
        actions.check_own(comment, request.user)
    except LoginRequired:
        return redirect_to_login(request.get_full_path())
    except CommentError as error:
        return render(
            request, "comments/forbidden.html", {"message": error.message}, status=error.status
        )
    return None


# --- posting -------------------------------------------------------------------------------


def _form_field(request: HttpRequest, error: CommentError) -> str:
    """The field of the comment form a refusal is about, where the form shows it ("" for none:
    the form says it at its top). comments.js does the same with a fetch answer's `field`."""
    shown = {"text"} if request.user.is_authenticated else {"text", "guest_name", "guest_email"}
    field = error.field or ""
    return field if field in shown else ""


@require_http_methods(["GET", "POST"])
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article(article_id)
    if request.method == "GET":  # the address of a form's answer, opened again from history
        return HttpResponseRedirect(f"{article.get_absolute_url()}#comments")
    parent_raw = request.POST.get("parent_id") or ""
    posting = actions.Posting(
        text=request.POST.get("text", ""),
        parent_id=whole_number(parent_raw),
        guest_name=request.POST.get("guest_name", ""),
        guest_email=request.POST.get("guest_email", ""),
        honeypot=request.POST.get("website", ""),
        ip_address=client_ip(request),
        idempotency_key=request.POST.get("idempotency_key")
        or request.headers.get("Idempotency-Key", ""),
    )
    try:
        comment = actions.post_comment(article, request.user, posting)
    except CommentError as error:
        # The retry form answers the same comment, named as on the article page; one that can
        # no longer be answered (held, removed, deleted meanwhile) is left out, so the text can
        # be posted as a new comment instead of failing again.
        parent = (
            Comment.objects.filter(
                pk=posting.parent_id, article=article, status=Comment.Status.PUBLISHED
            )
            .select_related("author__reader")
            .first()
            if posting.parent_id is not None
            else None
        )
        return _error_response(
            request,
            error,
            "comments/form_error.html",
            {
                "article": article,
                "posting": posting,
                "parent_id": parent.pk if parent else "",
                "reply_to": parent.author_name if parent else "",
                "parent_gone": posting.parent_id is not None and parent is None,
                "error_field": _form_field(request, error),
            },
        )
    message = outcome_message(comment)
    if wants_json(request):
        return JsonResponse(
            {
                "id": comment.pk,
                "status": comment.status,
                "parent_id": comment.display_parent_id,
                "message": message,
                "html": _comment_html(request, comment),
                # the heading's count, so a page that added the comment in place stays true
                "total": queries.published_count(article),
            },
            status=201,
        )
    messages.info(request, message)
    # Where the comment is shown: the article, or the comments page of an older thread or of a
    # long thread's later replies (the article's #comment-N is not there).
    return HttpResponseRedirect(queries.permalink_url(comment))


@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    context: dict[str, Any] = {"comment": comment, "text": comment.text}
    if request.method == "GET":
        refusal = _not_yours(request, comment)
        if refusal is not None:
            return refusal
        if not actions.can_edit(comment, request.user):
            # No form with a Save button that can only fail: the words and a way back.
            context["error"] = CommentError("This comment can no longer be edited.")
            context["closed"] = True
        return render(request, "comments/edit.html", context)
    text = request.POST.get("text", "")
    try:
        comment = actions.edit_comment(comment, request.user, text, client_ip(request))
    except CommentError as error:
        return _error_response(request, error, "comments/edit.html", {**context, "text": text})
    message = outcome_message(comment)
    if wants_json(request):
        return JsonResponse(
            {
                "id": comment.pk,
                "status": comment.status,
                "message": message,
                "html": _comment_html(request, comment),
                "total": queries.published_count(comment.article),
            }
        )
    messages.info(request, "Your edit is saved. " + message, extra_tags=queries.notice_tag(comment))
    return HttpResponseRedirect(_back_to(comment, queries.kept_sort(request)))


@require_http_methods(["GET", "POST"])
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    if request.method == "GET":
        return _not_yours(request, comment) or render(
            request, "comments/delete.html", {"comment": comment}
        )
    try:
        actions.delete_comment(comment, request.user)
    except CommentError as error:
        return _error_response(request, error, "comments/delete.html", {"comment": comment})
    if wants_json(request):
        return JsonResponse({"id": comment.pk, "status": "deleted"})
    messages.info(request, "Your comment is deleted.")
    sort = queries.kept_sort(request)
    query = f"?sort={sort}" if sort else ""
    return HttpResponseRedirect(f"{comment.article.get_absolute_url()}{query}#comments")


@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    context: dict[str, Any] = {"comment": comment, "reasons": CommentReport.Reason.choices}
    if request.method == "GET":
        if not request.user.is_authenticated:  # log in before writing a note, not after
            return redirect_to_login(request.get_full_path())
        # A suspended or banned reader, one's own comment, one reported already: the reader
        # is told at once, not after writing a note.
        refusal = actions.report_refusal(comment, request.user)
        if refusal is not None:
            context.update(error=refusal, refused=True)
            return render(request, "comments/report.html", context, status=refusal.status)
        return render(request, "comments/report.html", context)
    reason, note = request.POST.get("reason", ""), request.POST.get("note", "")
    try:
        actions.report_comment(comment, request.user, reason, note)
    except CommentError as error:
        # Only a missing reason or too many reports leave the form worth sending again.
        refused = not isinstance(error, (InvalidComment, RateLimited))
        context.update(reason=reason, note=note, refused=refused)
        return _error_response(request, error, "comments/report.html", context)
    message = "Thank you. A moderator will look at this comment."
    if wants_json(request):
        return JsonResponse({"id": comment.pk, "message": message}, status=201)
    messages.info(request, message, extra_tags=queries.notice_tag(comment))
    return HttpResponseRedirect(_back_to(comment, queries.kept_sort(request)))


@require_http_methods(["GET", "POST"])
def like_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    if request.method == "GET":  # as above: never a blank 405 page
        return HttpResponseRedirect(queries.permalink_url(comment))
    undo = request.POST.get("undo") == "1"
    try:
        if undo:
            count = actions.unlike_comment(comment, request.user)
        else:
            count = actions.like_comment(comment, request.user)
    except CommentError as error:
        if wants_json(request):
            return _with_retry_after(JsonResponse(error_body(error), status=error.status), error)
        messages.error(request, error.message)
        return HttpResponseRedirect(queries.permalink_url(comment))
    if wants_json(request):
        return JsonResponse({"id": comment.pk, "likes": count, "liked": not undo})
    return HttpResponseRedirect(queries.permalink_url(comment))


# --- reading -------------------------------------------------------------------------------


def _reply_forms(request: HttpRequest, article: Article) -> dict[str, Any]:
    """What decides whether the comments on these pages offer reply forms, as on the article
    (closed comments, a suspended or banned reader: none), and Recommend and Report buttons
    (a suspended or banned reader: none)."""
    refusal = actions.account_refusal(request.user)
    return {
        "closed_reason": actions.comments_closed_reason(article) or refusal,
        "standing_refused": refusal is not None,
        "allow_guests": actions.conf("ALLOW_GUEST_COMMENTS"),
    }


def thread(request: HttpRequest, article_id: int) -> HttpResponse:
    """An article's comments, a page at a time: "load more" with or without JavaScript."""
    article = _article(article_id)
    try:
        page = queries.thread_page(
            article, request.user, request.GET.get("sort"), request.GET.get("after") or None
        )
    except CommentError as error:
        return _error_response(request, error, "comments/thread.html", {"article": article})
    context = {
        "article": article,
        "page": page,
        "policy": CommentsSettings.load(),
        **_reply_forms(request, article),
    }
    template = "comments/_page.html" if wants_json(request) else "comments/thread.html"
    return render(request, template, context)


def _shown_comment(request: HttpRequest, pk: int) -> Comment:
    """A comment the thread shows: published, or deleted or withheld (a placeholder above its
    replies, with its own link and "More replies" too), or the viewer's own."""
    comment = get_object_or_404(Comment.objects.select_related("article", "author__reader"), pk=pk)
    if not comment.article.is_live:  # a story taken back to draft takes its comments along
        raise Http404("No such comment")
    own = request.user.is_authenticated and comment.author_id == request.user.pk
    if not queries.is_shown(comment) and not own:
        raise Http404("No such comment")
    return comment


def more_replies(request: HttpRequest, pk: int) -> HttpResponse:
    root = _shown_comment(request, pk)
    try:
        replies, cursor = queries.replies_after(
            root, request.GET.get("after") or None, queries.REPLIES_SHOWN * 5
        )
    except CommentError as error:
        return _error_response(request, error, "comments/replies.html", {"root": root})
    context = {
        "root": root,
        "replies": replies,
        "next_cursor": cursor,
        "liked": queries.liked_by(request.user, [reply.pk for reply in replies]),
        "reported": queries.reported_by(request.user, [reply.pk for reply in replies]),
        **_reply_forms(request, root.article),
    }
    template = "comments/_replies.html" if wants_json(request) else "comments/replies.html"
    return render(request, template, context)


def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _shown_comment(request, pk)
    return HttpResponseRedirect(queries.permalink_url(comment))


# --- the FAQ -------------------------------------------------------------------------------


def faq(request: HttpRequest) -> HttpResponse:
    policy = CommentsSettings.load()
    return render(
        request,
        "comments/faq.html",
        {
            "policy": policy,
            "faq_html": comment_text.render_faq(policy.faq),
            "can_edit": actions.can_edit_faq(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def faq_edit(request: HttpRequest) -> HttpResponse:
    if not actions.can_edit_faq(request.user):
        return render(request, "comments/forbidden.html", status=403)
    policy = CommentsSettings.load()
    if request.method == "GET":
        return render(request, "comments/faq_edit.html", {"faq": policy.faq})
    text = request.POST.get("faq", "")
    try:
        actions.update_faq(text, request.user)
    except CommentError as error:
        return _error_response(request, error, "comments/faq_edit.html", {"faq": text})
    messages.info(request, "The Comments FAQ is updated.")
    return HttpResponseRedirect("/comments/faq/")


# --- e-mail unsubscribe ----------------------------------------------------------------------


_BAD_UNSUBSCRIBE_LINK = (
    "That unsubscribe link is not valid. You can change e-mail settings on your account page."
)


def _unsubscribe_done(request: HttpRequest, token: str) -> HttpResponse:
    profile = actions.unsubscribe_replies(token)
    if profile is None:
        error = NotFound(_BAD_UNSUBSCRIBE_LINK)
        return render(request, "comments/unsubscribed.html", {"error": error}, status=404)
    return render(request, "comments/unsubscribed.html", {"profile": profile})


def _unsubscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if queries.reader_by_unsubscribe_token(token) is None:
        error = NotFound(_BAD_UNSUBSCRIBE_LINK)
        return render(request, "comments/unsubscribed.html", {"error": error}, status=404)
    return render(request, "comments/unsubscribe_confirm.html", {"token": token})


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail. GET only asks (mail scanners follow links); the button POSTs."""
    if request.method == "GET":
        return _unsubscribe_confirm(request, token)
    return _unsubscribe_done(request, token)


@csrf_exempt  # RFC 8058: the mail program POSTs without a session; the secret token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe_one_click(request: HttpRequest, token: str) -> HttpResponse:
    """The List-Unsubscribe URL. Only the RFC 8058 POST unsubscribes; a GET asks first."""
    if request.method == "GET":
        return _unsubscribe_confirm(request, token)
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return render(
            request,
            "comments/unsubscribed.html",
            {"error": CommentError("A one-click unsubscribe sends List-Unsubscribe=One-Click.")},
            status=400,
        )
    return _unsubscribe_done(request, token)
