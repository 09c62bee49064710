"""Pages made for one signed-in person say that no cache may keep them (security review,
2026-11-30). Only the page cache's own routes (an article, its comment list) did: the reader's
"My comments" (their e-mail address and held comments), the workspace's queues and audit log
(readers' comments and notes), the FAQ editor and the account pages carried no Cache-Control, so
a shared cache set to keep HTML (an nginx micro-cache, a CDN rule) could serve one reader's
page to the next, and a shared computer's browser could show it again after logging out."""

from __future__ import annotations

import pytest

from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize(
    "path", ["/accounts/profile/", "/accounts/signup/", "/comments/faq/", "/", "/nowhere/"]
)
def test_a_readers_pages_say_private_no_store(client, make_reader, make_article, path):
    make_article()
    client.force_login(make_reader())
    response = client.get(path)
    assert response["Content-Type"].startswith("text/html")
    assert {"private", "no-store"} <= _directives(response), (path, response.status_code)


@pytest.mark.parametrize(
    "path", ["/moderation/queue/held/", "/moderation/audit/", "/moderation/stats/"]
)
def test_the_workspace_says_private_no_store(client, lead, path):
    client.force_login(lead)
    response = client.get(path)
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response), path


def test_anonymous_pages_and_a_signed_in_readers_photos_are_left_alone(
    client, make_reader, settings, tmp_path
):
    assert "no-store" not in _directives(client.get("/"))
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    client.force_login(make_reader())
    photo = client.get("/media/photos/p.png")
    assert photo.status_code == 200
    assert "no-store" not in _directives(photo)
