"""`masthead embed-articles`: make the on-topic model's passage vectors of existing articles now.

For articles published before stored vectors existed, and after the embedding model changed
(`masthead train-moderation`, a new model file): every article that takes comments and has no
current vectors gets them; `--slug` names articles (any status), `--prune` also deletes vectors
made by another model. One line at the end; bad input: one line and exit status 2.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from masthead.articles.models import Article
from masthead.core.commands import OneLineErrorsCommand
from masthead.moderation import gateway
from masthead.moderation.core.classifiers.loader import ModelUnavailable
from masthead.moderation.models import ArticleVectors
from masthead.moderation.tasks import refresh_article_vectors


class Command(OneLineErrorsCommand):
    error_prefix = "embed-articles: error: "
    help = "Store the on-topic model's passage vectors of articles that take comments."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--slug",
            action="append",
            default=[],
            help="Only this article (repeatable); default: every article that takes comments.",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Also delete vectors made by another embedding model than the loaded one.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slugs: list[str] = options["slug"]
        if slugs:
            found = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))
            missing = [s for s in slugs if s not in found]
            if missing:
                raise CommandError(f"no article with slug {missing[0]!r}", returncode=2)
            ids = [found[s] for s in dict.fromkeys(slugs)]
        else:
            ids = list(
                Article.objects.exclude(status=Article.Status.DRAFT)
                .exclude(comments_mode=Article.CommentsMode.CLOSED)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        try:
            topic = gateway.get_classifiers().topic
        except ModelUnavailable as exc:
            raise CommandError(str(exc), returncode=1) from None
        if not isinstance(topic, gateway.UsesArticleVectors):
            raise CommandError("the configured topic model takes no stored vectors", returncode=1)
        counts: dict[str, int] = {}
        for article_id in ids:
            outcome = refresh_article_vectors(article_id)
            counts[outcome] = counts.get(outcome, 0) + 1
        pruned = 0
        if options["prune"]:
            pruned, _ = ArticleVectors.objects.exclude(embedder=topic.vectors_version).delete()
        self.stdout.write(
            f"{len(ids)} articles: {counts.get('stored', 0)} stored, "
            f"{counts.get('current', 0)} already current"
            + (f", {counts['gone']} gone meanwhile" if counts.get("gone") else "")
            + (f"; {pruned} vectors of another model deleted" if options["prune"] else "")
        )
