"""A signed-in test client for a staff account holding only the permissions named."""

from __future__ import annotations

from django.contrib.auth.models import Permission, User
from django.test import Client


def staff_client(name: str, *codenames: str) -> Client:
    """A client logged in as new staff user `name` with exactly the permissions `codenames`."""
    user = User.objects.create_user(name, password="pw-for-tests-only", is_staff=True)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client
