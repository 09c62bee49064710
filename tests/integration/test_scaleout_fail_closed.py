"""When the moderation models fail, comments are held for a moderator: never lost, never
published unchecked. Through the real posting path (API and form), not just the gateway."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def broken_models(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The real gateway, pointed at a model folder holding garbage instead of weights."""
    from masthead.moderation import gateway
    from masthead.moderation.core.classifiers import loader

    broken = tmp_path / "models"
    broken.mkdir()
    for name in ("abuse.npz", "spam.npz", "topic.npz", "model.onnx", "meta.json"):
        (broken / name).write_bytes(b"not a model")
    settings.MASTHEAD = {
        **settings.MASTHEAD,
        "COMMENT_MODERATOR": "masthead.moderation.gateway.moderate_comment",
        "MODERATION_MODEL_DIR": str(broken),
    }
    assert gateway.get_classifiers is gateway.real_classifiers
    loader.clear_cache()
    yield broken
    loader.clear_cache()


def reader_client(make_reader) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(make_reader())
    return client


def test_comment_posted_through_the_api_is_held_when_the_models_cannot_load(
    broken_models, make_article, make_reader
):
    article = make_article()
    response = reader_client(make_reader).post(
        f"/api/articles/{article.pk}/comments",
        {"text": "A perfectly civil remark about the bridge."},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()["comment"]
    assert body["status"] == "held"
    stored = Comment.objects.get(pk=body["id"])
    assert stored.status == Comment.Status.HELD
    assert stored.reasons == ["classifier_unavailable"]
    assert stored.published_at is None
    # Readers do not see it; the author is told a moderator will look at it.
    listing = Client().get(f"/api/articles/{article.pk}/comments").json()
    assert listing["total"] == 0


def test_comment_posted_through_the_form_is_held_when_the_moderator_raises(
    settings, make_article, make_reader
):
    settings.MASTHEAD = {
        **settings.MASTHEAD,
        "COMMENT_MODERATOR": "tests.support.moderators.explode",
    }
    article = make_article()
    client = reader_client(make_reader)
    response = client.post(
        f"/comments/article/{article.pk}/post/", {"text": "The ferry was better."}
    )
    assert response.status_code == 302
    stored = Comment.objects.get(article=article)
    assert (stored.status, stored.reasons) == (Comment.Status.HELD, ["classifier_unavailable"])


def test_an_unimportable_moderator_setting_holds_comments(settings, make_article, make_reader):
    settings.MASTHEAD = {**settings.MASTHEAD, "COMMENT_MODERATOR": "masthead.nowhere.moderate"}
    article = make_article()
    response = reader_client(make_reader).post(
        f"/api/articles/{article.pk}/comments", {"text": "Still here?"}, content_type=JSON
    )
    assert response.status_code == 201
    assert Comment.objects.get(article=article).status == Comment.Status.HELD


def test_held_for_unavailable_models_is_counted_in_the_metrics(
    broken_models, make_article, make_reader, django_capture_on_commit_callbacks
):
    from prometheus_client import REGISTRY

    def held() -> float:
        value = REGISTRY.get_sample_value(
            "masthead_verdicts_total", {"decision": "hold", "reason": "classifier_unavailable"}
        )
        return value or 0.0

    def posted() -> float:
        return REGISTRY.get_sample_value("masthead_comments_posted_total") or 0.0

    before_held, before_posted = held(), posted()
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        reader_client(make_reader).post(
            f"/api/articles/{article.pk}/comments", {"text": "Counted?"}, content_type=JSON
        )
    assert held() == before_held + 1
    assert posted() == before_posted + 1
    body = Client().get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'masthead_verdicts_total{decision="hold",reason="classifier_unavailable"}' in body
