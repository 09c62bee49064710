"""A listener of `article_changed` that fails does not stop the others hearing the edit (the
narration among them), nor turn a save that succeeded into an error: it is logged."""

from __future__ import annotations

import logging

import pytest

from masthead.articles import actions
from masthead.articles.signals import article_changed

pytestmark = pytest.mark.django_db


def test_a_failing_listener_is_logged_and_the_next_one_still_hears_the_edit(
    make_article, django_capture_on_commit_callbacks, caplog
):
    article = make_article()
    heard: list[int] = []

    def failing(**_: object) -> None:
        raise RuntimeError("database is locked")

    def recording(article_id: int, **_: object) -> None:
        heard.append(article_id)

    article_changed.connect(failing, weak=False, dispatch_uid="test-failing")
    article_changed.connect(recording, weak=False, dispatch_uid="test-recording")
    try:
        article.body = "The council voted 10 to 3 for the bridge."
        with caplog.at_level(logging.ERROR, logger="masthead.articles.actions"):
            with django_capture_on_commit_callbacks(execute=True):
                actions.save_article(article)
    finally:
        article_changed.disconnect(dispatch_uid="test-failing")
        article_changed.disconnect(dispatch_uid="test-recording")

    assert heard == [article.pk]
    assert f"article {article.pk} was saved, but " in caplog.text
    assert "database is locked" in caplog.text
