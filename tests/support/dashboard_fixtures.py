"""Fixtures for the moderators' workspace tests: people in each role, and held comments.

Import the ones a test module uses: `from tests.support.dashboard_fixtures import *`.
"""

from __future__ import annotations

import pytest

from tests.support.comment_fixtures import BY_KEYWORD

PASSWORD = "workspace-pass-123"


@pytest.fixture
def roles_ready(db):  # type: ignore[no-untyped-def]
    from masthead.dashboard import roles

    return roles.ensure_roles()


@pytest.fixture
def make_staff(db, roles_ready):  # type: ignore[no-untyped-def]
    """make_staff("name", "Moderators") -> a staff user in that group (None: no group)."""
    from django.contrib.auth.models import Group, User

    def make(username: str, group: str | None, *, staff: bool = True) -> User:
        user = User.objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=staff
        )
        if group:
            if group == "Editors":
                Group.objects.get_or_create(name="Editors")
            user.groups.add(Group.objects.get(name=group))
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def mod(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("mod", "Moderators")


@pytest.fixture
def lead(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("lead", "Moderation leads")


@pytest.fixture
def editor(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("ed", "Editors")


@pytest.fixture
def keyword_moderation(use_moderator, masthead_settings):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)
    # These tests post many comments as one reader; the posting limit has its own tests.
    masthead_settings(COMMENT_RATE_PER_READER="10000/60")


@pytest.fixture
def held(make_article, make_reader, post, keyword_moderation):  # type: ignore[no-untyped-def]
    """held("text") -> a comment the keyword moderator holds (the text must say "idiot")."""
    state = {"article": None, "readers": {}}

    def make(text: str = "You idiot, read the report.", reader_name: str = "", article=None):  # type: ignore[no-untyped-def]
        if article is None:
            if state["article"] is None:
                state["article"] = make_article()
            article = state["article"]
        key = reader_name or "default"
        if key not in state["readers"]:
            state["readers"][key] = make_reader(reader_name or None)
        comment = post(article, state["readers"][key], text)
        assert comment.status == "held", comment.status
        return comment

    return make


def client_for(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client
