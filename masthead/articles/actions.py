"""Every state change of an article, one function each, in a transaction.

Listeners (narration, caches) hear about it through `article_changed`, sent on commit so
they never see a half-written article.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from masthead.articles.models import Article, Correction
from masthead.articles.signals import article_changed


def _announce(article: Article, was_live: bool) -> None:
    article_id = article.pk
    became_live = article.is_live and not was_live
    transaction.on_commit(
        lambda: article_changed.send(sender=Article, article_id=article_id, became_live=became_live)
    )


@transaction.atomic
def save_article(article: Article, tag_ids: list[int] | None = None) -> Article:
    """Create or update an article; publishing sets published_at if the editor left it empty."""
    was_live = False
    if article.pk:
        previous = Article.objects.filter(pk=article.pk).first()
        was_live = bool(previous and previous.is_live)
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.full_clean(exclude=["photo"] if not article.photo else None)
    article.save()
    if tag_ids is not None:
        article.tags.set(tag_ids)
    _announce(article, was_live)
    return article


@transaction.atomic
def publish_article(article: Article) -> Article:
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > timezone.now():
        article.published_at = timezone.now()
    return save_article(article)


@transaction.atomic
def add_correction(article: Article, text: str) -> Correction:
    correction = Correction.objects.create(article=article, text=text.strip())
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    _announce(article, was_live=article.is_live)
    return correction
