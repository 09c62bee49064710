"""The demo's reader comments read like comments on the story they sit under: each story's
history comes from lines written for it (masthead/demo/voices.py), and no story shows the
same text twice, whoever posted it."""

from __future__ import annotations

from collections import Counter

import pytest

from masthead.comments import text as comment_text
from masthead.comments.models import Comment
from masthead.dashboard import demo
from masthead.demo.voices import VOICES

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _key(comment: Comment) -> str:
    return comment.article.import_key.removeprefix("demo:")


def _history() -> list[Comment]:
    return list(Comment.objects.filter(model_version=demo.MODEL_VERSION).select_related("article"))


def test_no_demo_article_shows_two_comments_with_the_same_text(loaded_demo):
    texts = Counter(Comment.objects.values_list("article_id", "text"))
    assert len(texts) > 300
    assert [pair for pair, count in texts.items() if count > 1] == []


def test_every_published_history_comment_is_one_written_for_its_own_article(loaded_demo):
    history = _history()
    commented = {_key(c) for c in history}
    # Every story that gets history comments has lines of its own: the general pool unused.
    assert commented <= set(VOICES) and len(commented) >= 12
    published = [c for c in history if c.status == Comment.Status.PUBLISHED]
    assert len(published) > 200
    for comment in published:
        own = {comment_text.normalise(t) for t in VOICES[_key(comment)].publishable()}
        assert comment.text in own, (_key(comment), comment.text)
    # And the story's civil lines are its own: none is shared with another story.
    for key, voices in VOICES.items():
        others = set().union(*(v.good for k, v in VOICES.items() if k != key))
        assert not set(voices.good) & others, key


def test_held_insults_highlight_the_words_their_line_names(loaded_demo):
    named = {
        text: span
        for key in [*VOICES, "no-lines-of-its-own"]
        for role in ("robust", "insult")
        for text, span in demo.lines(key, role)
    }
    held = [c for c in _history() if "insult" in c.reasons]
    assert len(held) >= 30
    for comment in held:
        assert [comment.text[s["start"] : s["end"]] for s in comment.spans] == [named[comment.text]]
