"""Editors' journeys a QA review walked: an article deleted while its narration runs, ..."""

from __future__ import annotations

import pytest

from masthead.articles.models import Article
from masthead.narration.models import Narration
from tests.support.narration import SHORT_BODY, fake_engine

pytestmark = pytest.mark.django_db


def test_an_article_deleted_while_its_narration_runs_leaves_no_audio_file_and_no_traceback(
    settings, make_article, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """The run finished after the article was gone: it wrote its MP3, then failed to record it
    (and to record the failure: an IntegrityError), leaving a file nobody would ever delete."""
    from masthead.narration import tasks

    fake_engine()
    article = make_article(body=SHORT_BODY)
    article_id = article.pk
    real_render = tasks.render

    def render_then_delete(*args, **kwargs):  # type: ignore[no-untyped-def]
        rendered = real_render(*args, **kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            Article.objects.filter(pk=article_id).delete()  # an editor deletes it meanwhile
        return rendered

    monkeypatch.setattr(tasks, "render", render_then_delete)
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.narrate_article.enqueue(article_id, False)
    assert result.return_value == "gone"
    assert not Narration.objects.filter(article_id=article_id).exists()
    assert list((settings.MEDIA_ROOT / "narration").glob("*.mp3")) == []
    assert "crashed" not in caplog.text
