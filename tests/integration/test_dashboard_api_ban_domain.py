"""The workspace API's ban takes `block_domain` as the Ban form does (review, 2026-11-30): the
form could block a banned reader's own domain, the API (same action, dashboard.js and scripts)
refused the field as unknown, so the two did not behave alike."""

from __future__ import annotations

import json

import pytest

from masthead.comments import actions as comments
from masthead.comments import blocklist
from masthead.comments.models import BlockedAddress, ReaderProfile
from tests.integration.test_comments_ban_domain import DOMAIN, OWN, held_by  # noqa: F401
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

API = "/api/moderation/readers/{}/ban"
CSRF = {"X-CSRFToken": "x"}


def ban(client, reader_id: int, body: dict):  # type: ignore[no-untyped-def]
    return client.post(
        API.format(reader_id), json.dumps(body), content_type="application/json", headers=CSRF
    )


def test_the_api_ban_with_block_domain_blocks_the_readers_domain(client, mod, held_by):  # noqa: F811
    comment = held_by(OWN)
    client.force_login(mod)
    response = ban(client, comment.author_id, {"reason": "Spam", "block_domain": True})
    assert response.status_code == 200, response.content
    assert response.json()["message"] == (
        "Banned; every address at their e-mail domain is blocked too."
    )
    assert ReaderProfile.objects.get(user_id=comment.author_id).banned
    assert BlockedAddress.objects.filter(digest=blocklist.domain_digest(DOMAIN)).exists()
    assert comments.is_address_blocked("someone.else@ann-lee.example")


def test_the_api_ban_without_block_domain_blocks_only_the_address(client, mod, held_by):  # noqa: F811
    comment = held_by(OWN)
    client.force_login(mod)
    response = ban(client, comment.author_id, {"reason": "Spam"})
    assert response.status_code == 200, response.content
    assert response.json()["message"] == "Banned."
    assert comments.is_address_blocked(OWN)
    assert not comments.is_address_blocked("someone.else@ann-lee.example")


def test_the_api_refuses_to_block_a_public_providers_domain(client, mod, held_by):  # noqa: F811
    comment = held_by("ann.lee@outlook.com")
    client.force_login(mod)
    response = ban(client, comment.author_id, {"block_domain": True})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "domain_not_blockable"
    assert not ReaderProfile.objects.get(user_id=comment.author_id).banned
    assert not BlockedAddress.objects.exists()
