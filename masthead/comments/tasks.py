"""Background work for comments: reply notifications by e-mail (small, idempotent, by id)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from masthead.comments import text as comment_text
from masthead.comments.models import Comment, ReaderProfile


@task()
def send_reply_notification(comment_id: int) -> bool:
    """Tell a comment's author that a published reply answers it. Returns whether mail went."""
    reply = (
        Comment.objects.select_related("article", "parent__author", "author__reader")
        .filter(pk=comment_id)
        .first()
    )
    if reply is None or reply.status != Comment.Status.PUBLISHED or reply.parent is None:
        return False
    parent = reply.parent
    if parent.status == Comment.Status.DELETED or parent.author is None:
        return False
    profile = ReaderProfile.objects.filter(user=parent.author).first()
    if profile is None or not profile.notify_replies or not parent.author.email:
        return False
    unsubscribe_url = settings.SITE_URL + reverse(
        "comments:unsubscribe", args=[profile.unsubscribe_token]
    )
    one_click_url = settings.SITE_URL + reverse(
        "comments:unsubscribe_one_click", args=[profile.unsubscribe_token]
    )
    comment_url = f"{settings.SITE_URL}{reverse('comments:permalink', args=[reply.pk])}"
    context = {
        "site_name": settings.SITE_NAME,
        "reader": profile.display_name,
        "replier": reply.author_name,
        "article": reply.article,
        "reply_text": comment_text.plain(reply.text),
        "comment_url": comment_url,
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMessage(
        subject=f"{reply.author_name} replied to your comment on {settings.SITE_NAME}",
        body=render_to_string("comments/email/reply_notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[parent.author.email],
        headers={
            # RFC 8058: mail programs show an unsubscribe button that POSTs here in one click.
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    return True
