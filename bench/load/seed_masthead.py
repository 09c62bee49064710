"""Seed a masthead database for the load benchmark: articles with 100, 1,000 and 100,000
published comments (bulk inserts), and reader accounts to post as.

Run with the benchmark's environment: `python -m bench.load.seed_masthead`.
Prints one JSON line: the articles' slugs and ids, and the readers' names.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

THREADS = {"thread-100": 100, "thread-1000": 1000, "thread-100000": 100_000, "posting": 0}
READERS = 50
PASSWORD = "bench-reader-pass-1"  # noqa: S105 - a throwaway account in a throwaway database


def insert_rows(prototype: Any, rows: Iterator[dict[str, Any]]) -> None:
    """Insert many rows like `prototype`, varying some columns: plain executemany, because
    the ORM's bulk_create spends a minute preparing 100,000 objects."""
    from django.db import connection, transaction

    meta = prototype._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    fixed = {
        field.attname: field.get_db_prep_save(getattr(prototype, field.attname), connection)
        for field in fields
    }
    by_name = {field.attname: field for field in fields}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model, values bound
    batch: list[list[Any]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            values = dict(fixed)
            for name, value in row.items():
                values[name] = by_name[name].get_db_prep_save(value, connection)
            batch.append([values[field.attname] for field in fields])
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def sessions(readers: list[Any]) -> list[list[str]]:
    """A logged-in session and a CSRF secret per reader, as a browser would hold them."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore
    out = []
    for user in readers:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out.append([session.session_key, get_random_string(32)])
    return out


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from masthead.articles import actions as article_actions
    from masthead.articles.models import Article, Section
    from masthead.comments import text as comment_text
    from masthead.comments.models import Comment, ReaderProfile

    user_model = get_user_model()
    section, _ = Section.objects.get_or_create(slug="world", defaults={"name": "World"})
    password = make_password(PASSWORD)
    readers = []
    for i in range(READERS):
        user, created = user_model.objects.get_or_create(
            username=f"bench{i}", defaults={"email": f"bench{i}@example.org", "password": password}
        )
        if created:
            ReaderProfile.objects.create(user=user, display_name=f"Bench reader {i}")
        readers.append(user)
    now = timezone.now()
    articles = {}
    for slug, count in THREADS.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            article = article_actions.save_article(
                Article(
                    headline=f"Council approves the new river crossing ({slug})",
                    slug=slug,
                    standfirst="The bridge will link both halves of the town by 2029.",
                    source="Masthead wire",
                    section=section,
                    status=Article.Status.PUBLISHED,
                    published_at=now - dt.timedelta(days=1),
                    body=(
                        "The council voted 9 to 4 for the bridge on Tuesday.\n\n## Cost\n\n"
                        "It will cost 40 million pounds, paid over ten years."
                    ),
                )
            )
        articles[slug] = article.pk
        have = Comment.objects.filter(article=article).count()
        if have >= count:
            continue
        start = now - dt.timedelta(seconds=count + 10)
        # Rendering is the same for every seeded text but the number: render once, fill in.
        words = "the crossing will help the market traders on the east bank."
        html = comment_text.render(f"Comment 7777777: {words}")
        prototype = Comment(
            article=article,
            author=readers[0],
            text="",
            status=Comment.Status.PUBLISHED,
            decision=Comment.Decision.PUBLISH,
            model_version="bench-seed",
        )
        insert_rows(
            prototype,
            (
                {
                    "author_id": readers[i % READERS].pk,
                    "text": f"Comment {i}: {words}",
                    "html": html.replace("7777777", str(i)),
                    "created_at": (created := start + dt.timedelta(seconds=i)),
                    "updated_at": created,
                    "published_at": created,
                    "moderated_at": created,
                }
                for i in range(have, count)
            ),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as the worker's hourly statistics refresh would
    print(json.dumps({"articles": articles, "sessions": sessions(readers)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
