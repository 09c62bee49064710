"""Benchmark the first comment on a long article in a process, with and without stored vectors.

    python -m bench.article_vectors [--rounds 3]

The same long articles as `bench.moderation`'s "first comment on a long article" (5 articles of
24 passages of 60 words plus headline and standfirst, made of the benchmark's own comments), in
a throwaway SQLite database, through the Django gateway (`moderate_comment`), pinned to one core,
onnxruntime on one thread. For each article and round, in turn:

- core, made inline: `moderate` of the pure core on an article this process has not seen (what
  every process did before stored vectors; no database);
- gateway, none stored: the gateway finds no vectors, the model makes them, and the gateway
  stores them for the other processes (the fallback; the commenter waits for both);
- gateway, stored: the vectors the background task stored are read and given to the model;
- gateway and core, known: the article already embedded in this process (every later comment);
- the background task itself (`refresh_article_vectors`: embed and store), not waited for.

Before each measured comment the process forgets every article and comment embedding, as a
process that has not seen this article. Medians over articles x rounds; wall and CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(directory: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["MASTHEAD_TASKS_BACKEND"] = "database"  # queued tasks wait; nothing runs them
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def long_articles(n: int) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Articles and a first comment on each, as bench.moderation.first_on_long_article has them."""
    from bench.moderation import inputs
    from masthead.moderation.core.classifiers.topic import BODY_CHUNK_WORDS, MAX_BODY_CHUNKS

    data = inputs(400)
    words = " ".join(t for t, _, _ in data).split()
    size = BODY_CHUNK_WORDS * MAX_BODY_CHUNKS
    articles = [
        (
            f"Long article {i}",
            " ".join(words[i : i + 25]),
            " ".join((words * 2)[i * 97 : i * 97 + size]),
        )
        for i in range(n)
    ]
    return articles, [data[i % len(data)][0] for i in range(n)]


def timed(run: Any, *args: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run(*args)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="First comment on a long article, stored vectors")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=5)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    from bench.moderation import pin_one_core

    pin_one_core()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        from django.utils import timezone

        from masthead.articles.actions import save_article
        from masthead.articles.models import Article, Section
        from masthead.comments.ports import CommentForModeration
        from masthead.moderation import gateway
        from masthead.moderation.actions import article_text
        from masthead.moderation.core.classifiers.topic import segments_of
        from masthead.moderation.core.pipeline import moderate
        from masthead.moderation.core.types import Submission
        from masthead.moderation.models import ArticleVectors
        from masthead.moderation.policy import current_policy
        from masthead.moderation.tasks import refresh_article_vectors

        made, texts = long_articles(args.articles)
        section = Section.objects.create(name="Bench", slug="bench")
        articles = [
            save_article(
                Article(
                    headline=h,
                    slug=f"long-{i}",
                    standfirst=s,
                    body=b,
                    section=section,
                    status=Article.Status.PUBLISHED,
                    published_at=timezone.now(),
                )
            )
            for i, (h, s, b) in enumerate(made)
        ]
        classifiers = gateway.get_classifiers()
        topic: Any = classifiers.topic
        policy = current_policy()
        passages = len(segments_of(article_text(articles[0])))

        def forget() -> None:
            topic._articles.clear()
            topic._texts.clear()

        def comment(article: Article, text: str) -> CommentForModeration:
            return CommentForModeration(
                comment_id=None,
                text=text,
                article_id=article.pk,
                article_headline=article.headline,
                article_standfirst=article.standfirst,
                article_body=article.body,
                article_comments_mode=article.comments_mode,
                author_published_count=3,
            )

        rows: dict[str, list[tuple[float, float]]] = {
            k: []
            for k in (
                "core_inline",
                "gateway_none_stored",
                "gateway_stored",
                "gateway_known",
                "core_known",
            )
        }
        task: list[tuple[float, float]] = []
        same = True
        for _ in range(args.rounds):
            for article, text in zip(articles, texts, strict=True):
                submission = Submission(text, article_text(article))
                forget()
                wall, cpu, inline = timed(moderate, submission, policy, classifiers)
                rows["core_inline"].append((wall, cpu))
                forget()
                ArticleVectors.objects.filter(article=article).delete()
                wall, cpu, fallback = timed(gateway.moderate_comment, comment(article, text))
                rows["gateway_none_stored"].append((wall, cpu))
                forget()
                ArticleVectors.objects.filter(article=article).delete()
                wall, cpu, _ = timed(refresh_article_vectors, article.pk)
                task.append((wall, cpu))
                forget()
                wall, cpu, used = timed(gateway.moderate_comment, comment(article, text))
                rows["gateway_stored"].append((wall, cpu))
                topic._texts.clear()
                wall, cpu, _ = timed(gateway.moderate_comment, comment(article, text))
                rows["gateway_known"].append((wall, cpu))
                topic._texts.clear()
                wall, cpu, _ = timed(moderate, submission, policy, classifiers)
                rows["core_known"].append((wall, cpu))
                same = same and used == fallback and dict(used.scores) == inline.scores

        def median(values: list[tuple[float, float]]) -> dict[str, float]:
            return {
                "wall_ms": round(statistics.median(w for w, _ in values), 1),
                "cpu_ms": round(statistics.median(c for _, c in values), 1),
                "n": len(values),
            }

        results: dict[str, Any] = {
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}",
            "load_average_before": load_before,
            "passages": passages,
            **{k: median(v) for k, v in rows.items()},
            "background_task": median(task),
            "stored_bytes": len(bytes(ArticleVectors.objects.first().vectors)),  # type: ignore[union-attr]
            "same_verdicts_and_scores": same,
            "load_average_after": os.getloadavg(),
        }
    out = ROOT / "var" / "bench-article-vectors.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
