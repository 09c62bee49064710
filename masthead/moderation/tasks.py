"""The article vectors task: small, idempotent, takes an article id.

Makes the on-topic model's passage vectors of an article (headline, standfirst, body passages)
and stores them, so no web process embeds the article while a commenter waits. Queued on commit
when an article that takes comments is published or its text changes (`actions.article_changed`),
and run for many articles by `masthead embed-articles`.
"""

from __future__ import annotations

import logging

from django_tasks import task

from masthead.articles.models import Article
from masthead.moderation import actions, gateway
from masthead.moderation.core.classifiers.loader import ModelUnavailable
from masthead.moderation.core.classifiers.topic import article_text_hash

logger = logging.getLogger(__name__)


def refresh_article_vectors(article_id: int) -> str:
    """Make and store the article's vectors unless current ones are stored. Returns what
    happened: "stored", "current", "gone" (no such article), "unavailable" (the models cannot
    be loaded here) or "unsupported" (a topic model that takes no vectors, e.g. the fake)."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "gone"
    try:
        topic = gateway.get_classifiers().topic
    except ModelUnavailable:
        logger.exception("passage vectors of article %s not made: models unavailable", article_id)
        return "unavailable"
    if not isinstance(topic, gateway.UsesArticleVectors):
        return "unsupported"
    text = actions.article_text(article)
    stored = gateway.read_stored_vectors(article_id, text, topic)
    if stored is not None:
        try:
            topic.use_article_vectors(text, stored)
            return "current"
        except ValueError as exc:
            logger.warning("stored vectors of article %s are unusable: %s", article_id, exc)
    vectors = topic.article_vectors(text)
    row = actions.store_article_vectors(
        article_id, article_text_hash(text), topic.vectors_version, vectors
    )
    return "stored" if row is not None else "gone"


@task()
def embed_article(article_id: int) -> str:
    """Background entry point (django-tasks): safe to run twice, returns what happened."""
    return refresh_article_vectors(article_id)
