"""Load the demo: idempotent, so `make run` can call it every time without duplicating."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from masthead.articles import actions
from masthead.articles.body import parse_body
from masthead.articles.importers.base import ImportedArticle, PhotoReference
from masthead.articles.models import Article, Section
from masthead.demo import photos
from masthead.demo.content import ARTICLES, SECTIONS

# Demo-only logins, printed by `make run` and listed in the README. Never on a real site.
DEMO_USERS = (
    ("editor", "demo-editor-pass", "Editors"),
    ("moderator", "demo-moderator-pass", "Moderators"),
)
# Editors write articles and look after their narration (status, Regenerate, pronunciations).
EDITOR_APPS = ("articles", "narration")
PHOTO_CREDIT = "Masthead demo illustration"

Report = Callable[[str], None]


def _ensure_sections() -> None:
    for position, (name, slug, description) in enumerate(SECTIONS):
        Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position, "description": description}
        )


def load_articles(report: Report) -> None:
    _ensure_sections()
    now = timezone.now()
    with tempfile.TemporaryDirectory() as folder:
        for demo in ARTICLES:
            key = f"demo:{demo.key}"
            existing = Article.objects.filter(import_key=key).first()
            photo = Path(folder) / f"{demo.key}.jpg"
            photo.write_bytes(photos.draw(demo.scene))
            imported = ImportedArticle(
                format="demo",
                headline=demo.headline,
                standfirst=demo.standfirst,
                byline=demo.byline,
                source=demo.source,
                # A first load dates the stories a few hours apart; a later one keeps their dates.
                published_at=existing.published_at
                if existing
                else now - timedelta(hours=demo.hours_ago),
                section=demo.section,
                tags=demo.tags,
                photo=PhotoReference(caption=demo.caption, credit=PHOTO_CREDIT, alt=demo.alt),
                comments_mode=demo.comments,
                body=parse_body(demo.body),
            )
            article, outcome = actions.import_article(imported, import_key=key, photo_file=photo)
            report(f"  {outcome}: {article.headline} ({article.get_absolute_url()})")


def _group(name: str, app_labels: tuple[str, ...], extra: list[Permission]) -> Group:
    """Add the demo's permissions to a group; what the group holds already stays (the
    workspace's roles, `masthead.dashboard.roles`, own the moderation permissions)."""
    group, _ = Group.objects.get_or_create(name=name)
    wanted = set(Permission.objects.filter(content_type__app_label__in=app_labels)) | set(extra)
    missing = wanted - set(group.permissions.all())
    if missing:
        group.permissions.add(*missing)
    return group


@transaction.atomic
def load_accounts(report: Report) -> None:
    view_article = list(Permission.objects.filter(codename="view_article"))
    groups = {
        "Editors": _group("Editors", EDITOR_APPS, []),
        # Moderators read articles; their workspace permissions come from dashboard.roles.
        "Moderators": _group("Moderators", (), view_article),
    }
    users = get_user_model()
    for username, password, group_name in DEMO_USERS:
        user = users.objects.filter(username=username).first()
        if user is None:
            user = users.objects.create_user(username=username, password=password, is_staff=True)
            report(f"  created user {username}")
        user.groups.add(groups[group_name])


def load_other_demos(report: Report) -> None:
    """Features built on articles add their own demo content: comment threads, then the
    moderation history that the workspace's queues and stats show."""
    from masthead.comments.demo import load_demo_comments
    from masthead.dashboard.demo import load_demo_moderation

    for loader in (load_demo_comments, load_demo_moderation):
        loader()
        report(f"  {loader.__module__}.{loader.__name__}() done")


def load_demo(report: Report) -> None:
    report("Demo articles:")
    load_articles(report)
    report("Demo accounts:")
    load_accounts(report)
    load_other_demos(report)
