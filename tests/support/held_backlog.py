"""A held backlog for the moderators' queue browser tests: a moderator who can walk it, and
`size` held comments, each by its own reader, oldest first a minute apart (100 minutes ago on)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, User
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.dashboard import roles
from masthead.dashboard.models import AuditEntry


def held_backlog(  # type: ignore[no-untyped-def]
    make_article, make_reader, size: int, *, username: str, password: str
) -> list[Comment]:
    """Make the Moderators' member `username` and `size` held comments, oldest first.

    The comments say "idiot": the keyword moderator (BY_KEYWORD) must be in use.
    """
    roles.ensure_roles()
    desk = User.objects.create_user(username, f"{username}@example.org", password, is_staff=True)
    desk.groups.add(Group.objects.get(name="Moderators"))
    article = make_article()
    held = []
    for n in range(size):
        reader = make_reader(f"Reader {n}", f"reader-{n}@example.org")
        comment = comment_actions.post_comment(
            article, reader, comment_actions.Posting(text=f"An idiot's view, number {n}.")
        )
        assert comment.status == "held"
        long_ago = timezone.now() - dt.timedelta(minutes=100 - n)
        Comment.objects.filter(pk=comment.pk).update(created_at=long_ago, updated_at=long_ago)
        AuditEntry.objects.filter(comment=comment).update(created_at=long_ago)
        held.append(comment)
    return held
