"""The site header names a signed-in reader by their display name: sign-up promises the log-in
e-mail address is never shown, and the header showed it on every page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def _header(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/").content.decode()
    return page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_the_header_shows_a_readers_display_name_not_their_log_in_address(client, make_reader):
    reader = make_reader(name="Harriet Vane", email="harriet.private@example.org")
    client.force_login(reader)
    header = _header(client)
    assert '<span class="account-nav__name">Harriet Vane</span>' in header
    assert "harriet.private@example.org" not in client.get("/").content.decode()


def test_staff_without_a_reader_profile_keep_their_username_in_the_header(client):
    editor = User.objects.create_user(
        "deskeditor", "desk@example.org", "pass-12345-xyz", is_staff=True
    )
    client.force_login(editor)
    assert '<span class="account-nav__name">deskeditor</span>' in _header(client)
