"""Fixtures for the comments tests; import the ones a test module uses."""

from __future__ import annotations

import pytest

PUBLISH_ALL = "tests.support.moderators.publish_all"
HOLD_ALL = "tests.support.moderators.hold_all"
BY_KEYWORD = "tests.support.moderators.by_keyword"
EXPLODE = "tests.support.moderators.explode"
READER_PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def use_moderator(settings):  # type: ignore[no-untyped-def]
    def use(path: str) -> None:
        settings.MASTHEAD = {**settings.MASTHEAD, "COMMENT_MODERATOR": path}

    use(BY_KEYWORD)
    return use


@pytest.fixture
def masthead_settings(settings):  # type: ignore[no-untyped-def]
    def change(**values: object) -> None:
        settings.MASTHEAD = {**settings.MASTHEAD, **values}

    return change


@pytest.fixture
def make_reader(db):  # type: ignore[no-untyped-def]
    from masthead.comments import actions

    counter = {"n": 0}

    def make(name: str | None = None, email: str | None = None, password: str = READER_PASSWORD):
        counter["n"] += 1
        name = name or f"Reader {chr(64 + counter['n'])}"
        email = email or f"reader{counter['n']}@example.org"
        return actions.register_reader(email, name, password)

    return make


@pytest.fixture
def moderator_user(db):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user(
        "moderator", "mod@example.org", "moderator-pass-123", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def post(db):  # type: ignore[no-untyped-def]
    from masthead.comments import actions

    def do(article, author, text: str = "A fair point about the bridge.", parent=None, **extra):  # type: ignore[no-untyped-def]
        return actions.post_comment(
            article,
            author,
            actions.Posting(text=text, parent_id=parent.pk if parent else None, **extra),
        )

    return do
