"""The roles: Django groups and who may do what in the workspace.

- Moderators: the queues, decisions and audit log, and the stats page.
- Moderation leads: all that, and the settings (thresholds, word lists, modes, FAQ).
- Editors: articles only; no moderation permission.
Every workspace view and API call also requires a staff account.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, router

MODERATE = "dashboard.moderate"
VIEW_STATS = "dashboard.view_stats"
CHANGE_SETTINGS = "dashboard.change_settings"

# (app_label, codename) per group.
MODERATOR_PERMS = (
    ("dashboard", "moderate"),
    ("dashboard", "view_stats"),
    ("comments", "moderate_comment"),
)
LEAD_PERMS = (
    *MODERATOR_PERMS,
    ("dashboard", "change_settings"),
)
ROLES: dict[str, tuple[tuple[str, str], ...]] = {
    "Moderators": MODERATOR_PERMS,
    "Moderation leads": LEAD_PERMS,
}


def allowed(user: Any, permission: str) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(permission)
    )


def _permissions(
    pairs: tuple[tuple[str, str], ...],
    model: Any = Permission,
    using: str = DEFAULT_DB_ALIAS,
) -> list[Any]:
    found = []
    for app_label, codename in pairs:
        perm = (
            model.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if perm is not None:
            found.append(perm)
    return found


def create_missing_groups(apps: Any = None, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """After migrate: create the role groups that do not exist yet (existing ones are left as
    an administrator set them). Works on the migrated state (`apps`): a partial migrate that
    has not created the tables of auth or of the apps whose permissions the roles hold yet
    (`masthead migrate sessions` on a fresh database) leaves the groups to the migrate that
    does, as Django's own permission step does."""
    if apps is None:
        apps = global_apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
        # the apps whose permissions the roles hold: a group made before they exist would
        # stay empty (an existing group is left alone)
        for app_label in {label for pairs in ROLES.values() for label, _ in pairs}:
            apps.get_app_config(app_label)
    except LookupError:  # not migrated in this plan's state: their tables are not there yet
        return
    if not router.allow_migrate_model(using, group_model):
        return
    for name, pairs in ROLES.items():
        group, created = group_model.objects.using(using).get_or_create(name=name)
        if created:
            group.permissions.add(*_permissions(pairs, permission_model, using))


def ensure_roles() -> dict[str, Group]:
    """Make the role groups hold exactly their workspace permissions (the demo calls this):
    they gain the role's permissions and lose every other permission of this app (settings
    for Moderators; changing audit entries for anyone); their other permissions are left
    alone. Editors get no workspace permission."""
    groups: dict[str, Group] = {}
    for name, pairs in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = _permissions(pairs)
        # Nobody edits the audit log by hand: no add/change/delete on the workspace's models.
        extra = group.permissions.filter(content_type__app_label="dashboard").exclude(
            pk__in=[p.pk for p in wanted]
        )
        group.permissions.remove(*extra)
        group.permissions.add(*wanted)
        groups[name] = group
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *editors.permissions.filter(content_type__app_label="dashboard"),
            *editors.permissions.filter(codename="moderate_comment"),
        )
        groups["Editors"] = editors
    return groups
