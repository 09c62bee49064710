"""The roles: Django groups and who may do what in the workspace.

- Moderators: the queues, decisions and audit log, and the stats page.
- Moderation leads: all that, and the settings (thresholds, word lists, modes, FAQ).
- Editors: articles only; no moderation permission.
Every workspace view and API call also requires a staff account.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

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


def _permissions(pairs: tuple[tuple[str, str], ...]) -> list[Permission]:
    found = []
    for app_label, codename in pairs:
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is not None:
            found.append(perm)
    return found


def create_missing_groups(**_: Any) -> None:
    """After migrate: create the role groups that do not exist yet (existing ones are left as
    an administrator set them)."""
    for name, pairs in ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.add(*_permissions(pairs))


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
