"""A demo story without lines of its own gets the general ones, never the same text twice.
In a module of its own: it runs the demo with a story's lines taken away, so it must not share
the demo that tests/integration/test_demo_comments_fit_their_article.py loads once a module."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from masthead.comments.models import Comment
from masthead.dashboard import demo
from masthead.demo.voices import VOICES

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_a_story_without_lines_of_its_own_gets_the_general_ones_never_twice(monkeypatch):
    monkeypatch.delitem(VOICES, "library-hours")
    call_command("demo", stdout=StringIO())
    history = Comment.objects.filter(model_version=demo.MODEL_VERSION).select_related("article")
    library = [c for c in history if c.article.import_key == "demo:library-hours"]
    assert len(library) >= 10
    general = {
        text
        for role in ("good", "robust", "rude", "insult", "aside", "stray", "spam")
        for text, _ in demo.lines("library-hours", role)
    }
    assert {c.text for c in library} <= general
    assert len({c.text for c in library}) == len(library)
