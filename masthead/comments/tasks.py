"""Background work for comments: reply notifications, password-reset and sign-up e-mails
(small, idempotent, by id; a sign-up refused for a banned address carries that address)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from masthead.comments import text as comment_text
from masthead.comments.models import Comment, ReaderProfile

logger = logging.getLogger(__name__)

# Template names (ruff's S105 reads "PASSWORD" in a name as a secret).
PASSWORD_RESET_SUBJECT = "comments/accounts/password_reset_subject.txt"  # noqa: S105
PASSWORD_RESET_EMAIL = "comments/accounts/password_reset_email.txt"  # noqa: S105


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


class _ResetForAccounts(PasswordResetForm):
    """Django's reset form, sending to the accounts the request found (by id) rather than
    looking the address up again; what each e-mail says is the form's own."""

    def __init__(self, user_ids: list[int]) -> None:
        super().__init__()
        self.user_ids = user_ids
        self.cleaned_data = {"email": ""}

    def get_users(self, email: str) -> Iterator[Any]:
        # Still active, with a password, and an address, when the worker runs.
        for user in get_user_model()._default_manager.filter(pk__in=self.user_ids, is_active=True):
            if user.has_usable_password() and user.email:
                yield user


@task()
def send_password_reset(user_ids: list[int], next_path: str = "") -> None:
    """Send the password-reset e-mail to these accounts (none for an address with no
    account): Django's reset form's text, link and token (made here, valid
    PASSWORD_RESET_TIMEOUT from now). Run by the worker, not the request, so the reset page
    takes as long for an address with an account as for one without: sending mail only for
    known addresses inside the request told them apart by time. Takes ids, not the address,
    so the task queue (kept in the database) holds no address anyone typed. A mail server
    that refuses is logged by Django's form (django.contrib.auth), not raised."""
    # The link names the site's public address (MASTHEAD_SITE_URL), as the reply e-mails do,
    # never the Host header of whoever asked for the reset.
    site = urlsplit(settings.SITE_URL)
    _ResetForAccounts(user_ids).save(
        domain_override=site.netloc,
        subject_template_name=PASSWORD_RESET_SUBJECT,
        email_template_name=PASSWORD_RESET_EMAIL,
        use_https=site.scheme == "https",
        extra_email_context={
            "site_name": settings.SITE_NAME,
            "protocol": site.scheme,
            "domain": site.netloc,
            # The page the reader asked from, for the link's `next` (a path, never a host).
            "next": next_path if next_path != "/" else "",
        },
    )


def queue_password_reset(email: str, next_path: str) -> None:
    """Find the accounts a reset e-mail goes to (Django's rule: active, with a password, this
    address) and queue the task, with their ids or none: the request does the same work
    whether or not the address has an account. A queue that cannot be reached (Redis down)
    is logged and the page answers as usual; that e-mail is not sent and the reader asks
    again. Sending it from the request instead would tell, while the queue is down, which
    addresses have accounts."""
    user_ids = [user.pk for user in PasswordResetForm().get_users(email)]
    try:
        send_password_reset.enqueue(user_ids, next_path)
    except Exception:
        logger.exception("could not queue a password-reset e-mail; it is not sent")


@task()
def send_signup_email(
    kind: str,
    user_id: int | None = None,
    since: str = "",
    to_field: str = "",
    address: str = "",
    next_path: str = "",
) -> bool:
    """Send the e-mail a sign-up queued (comments.actions.SignupMail says what each argument
    is), made now: the confirmation link and its token are made when the worker runs, so the
    queue holds neither. Nothing is sent for an account gone, confirmed or signed up for again
    meanwhile. Run by the worker, not the request, as the password reset's e-mail is. Returns
    whether an e-mail was sent."""
    from masthead.comments import actions

    return actions.send_signup_mail(
        actions.signup_account_mail(kind, user_id, since, to_field, address, next_path)
    )
