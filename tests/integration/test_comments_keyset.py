"""Big discussions open as fast as small ones: keyset pages walk an index, never count or skip."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.comments import queries
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


def fill(article, author, count: int, replies_to: Comment | None = None) -> list[Comment]:
    start = timezone.now() - dt.timedelta(days=1)
    rows = [
        Comment(
            article=article,
            author=author,
            text=f"comment {n}",
            html=f"<p>comment {n}</p>",
            status=Comment.Status.PUBLISHED,
            created_at=start + dt.timedelta(seconds=n),
            published_at=start + dt.timedelta(seconds=n),
            parent=replies_to,
            display_parent=replies_to,
            root=replies_to,
            depth=1 if replies_to else 0,
        )
        for n in range(count)
    ]
    return Comment.objects.bulk_create(rows, batch_size=500)


def fill_fast(article, author, count: int) -> None:
    """Insert many first-level comments in one statement (the ORM would take a minute)."""
    if connection.vendor == "postgresql":
        series = "SELECT generate_series(1, %s) AS n"
        stamp = "NOW() - INTERVAL '2 days' + n * INTERVAL '1 second'"
    else:
        series = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %s) SELECT n FROM seq"
        stamp = "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', '-2 days', '+' || n || ' seconds')"
    sql = f"""
        INSERT INTO comments_comment (article_id, author_id, guest_name, guest_email, depth, text,
            html, status, created_at, updated_at, published_at, is_editors_pick, reply_count,
            like_count, report_count, decision, reasons, scores, model_version, shadow_decision,
            explanation, spans, rejection_reason)
        SELECT %s, %s, '', '', 0, 'bulk ' || n, '<p>bulk</p>', 'published', {stamp}, {stamp},
            {stamp}, FALSE, n %% 7, 0, 0, 'publish', '[]', '{{}}', 'bulk', '', '', '[]', ''
        FROM ({series}) AS numbers
    """  # noqa: S608 - fixed SQL fragments; the values go as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [article.pk, author.pk, count])


def queries_for_page(article, sort: str, cursor: str | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        page = queries.thread_page(article, None, sort, cursor)
        assert page.nodes
    return len(captured.captured_queries)


def test_page_costs_the_same_queries_for_30_or_1000_comments(
    make_article, make_reader, masthead_settings
):
    masthead_settings(PAGE_SIZE=10)
    reader = make_reader()
    small, big = make_article(), make_article()
    fill(small, reader, 30)
    fill(big, reader, 1000)
    for sort in queries.SORTS:
        assert queries_for_page(small, sort) == queries_for_page(big, sort)


def test_deep_page_is_reached_by_cursor_not_offset(make_article, make_reader, masthead_settings):
    masthead_settings(PAGE_SIZE=50)
    article = make_article()
    fill(article, make_reader(), 500)
    cursor, pages, seen = None, 0, []
    while True:
        page = queries.thread_page(article, None, "oldest", cursor)
        seen += [node.comment.text for node in page.nodes]
        pages += 1
        cursor = page.next_cursor
        if not cursor:
            break
    assert pages == 10
    assert seen == [f"comment {n}" for n in range(500)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize("sort", queries.SORTS)
def test_first_level_pages_walk_an_index_without_sorting(make_article, make_reader, sort):
    article = make_article()
    comments = fill(article, make_reader(), 200)
    cursor = queries.encode_cursor(sort, comments[100])
    qs = Comment.objects.filter(article=article, depth=0, status__in=queries.PUBLIC).filter(
        queries._after(sort, queries.decode_cursor(cursor, sort))
    )
    plan = qs.order_by(*queries._ORDER[sort])[:21].explain()
    index = "comment_thread_replies" if sort == "replies" else "comment_thread_time"
    assert index in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_replies_of_a_thread_walk_an_index_without_sorting(make_article, make_reader):
    article = make_article()
    reader = make_reader()
    root = fill(article, reader, 1)[0]
    fill(article, reader, 300, replies_to=root)
    plan = (
        Comment.objects.filter(root=root, status__in=queries.PUBLIC)
        .order_by("created_at", "id")[:11]
        .explain()
    )
    assert "comment_root_time" in plan and "TEMP B-TREE" not in plan


def test_more_replies_pages_through_a_long_thread(make_article, make_reader):
    article = make_article()
    reader = make_reader()
    root = fill(article, reader, 1)[0]
    fill(article, reader, 120, replies_to=root)
    page = queries.thread_page(article, None, "oldest")
    assert len(page.nodes[0].children) == queries.REPLIES_SHOWN
    assert page.nodes[0].more_replies
    seen = [c.comment.text for c in page.nodes[0].children]
    cursor = page.nodes[0].more_replies
    while cursor:
        replies, cursor = queries.replies_after(root, cursor, 50)
        seen += [c.text for c in replies]
    assert seen == [f"comment {n}" for n in range(120)]


@pytest.mark.slow
def test_a_100000_comment_discussion_opens_about_as_fast_as_a_100_comment_one(
    make_article, make_reader, client
):
    import time

    reader = make_reader()
    small, big = make_article(), make_article()
    fill(small, reader, 100)
    fill_fast(big, reader, 100_000)
    assert Comment.objects.filter(article=big).count() == 100_000

    def best_of_three(article) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(article.get_absolute_url() + "?sort=replies")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        return min(times)

    small_time, big_time = best_of_three(small), best_of_three(big)
    print(
        f"first page: 100 comments {small_time * 1000:.1f} ms, 100,000 comments {big_time * 1000:.1f} ms"
    )
    # The big page may cost a little more (deeper index, a bigger count), not 1000 times more.
    assert big_time < small_time * 3 + 0.05, (small_time, big_time)


def test_big_threads_get_their_own_bounded_query_with_the_same_result(make_article, make_reader):
    article = make_article()
    reader = make_reader()
    small_root, big_root = fill(article, reader, 2)
    fill(article, reader, 15, replies_to=small_root)
    fill(article, reader, 15, replies_to=big_root)
    Comment.objects.filter(pk=big_root.pk).update(reply_count=queries.SHARED_QUERY_MAX_REPLIES + 1)
    page = queries.thread_page(article, None, "oldest")
    small_node, big_node = page.nodes
    assert [c.comment.text for c in small_node.children] == [
        c.comment.text for c in big_node.children
    ]
    assert len(big_node.children) == queries.REPLIES_SHOWN
    assert small_node.more_replies and big_node.more_replies
    assert all(c.comment.parent.pk == big_root.pk for c in big_node.children)
