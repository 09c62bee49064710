"""The queues: what each holds, order, filters, counts on every tab, keyset pages, new items,
and a fixed number of queries per page with 10,000 items waiting."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.dashboard import queries
from masthead.dashboard.models import AuditSample, Triage, WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(i) for i in re.findall(r'data-id="(\d+)"', response.content.decode())]


def _age(comment: Comment, minutes: int) -> None:
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_held_queue_oldest_first_or_highest_risk_first(client, mod, held):
    low = held("idiot low")
    high = held("idiot high")
    mid = held("idiot mid")
    _age(low, 30), _age(high, 10), _age(mid, 20)
    Triage.objects.filter(comment=low).update(risk=0.2)
    Triage.objects.filter(comment=high).update(risk=0.99)
    Triage.objects.filter(comment=mid).update(risk=0.6)
    client.force_login(mod)
    assert _ids(client.get("/moderation/queue/held/")) == [low.pk, mid.pk, high.pk]
    assert _ids(client.get("/moderation/queue/held/?sort=risk")) == [high.pk, mid.pk, low.pk]


def test_each_item_shows_comment_parent_article_reasons_scores_marks_and_history(
    client, mod, make_article, make_reader, post, keyword_moderation
):
    article = make_article(headline="Bridge vote <tonight>")
    author = make_reader("Angry Andy")
    parent = post(article, make_reader("Calm Carla"), "The bridge is long overdue.")
    post(article, author, "Fair enough.")
    comment = post(article, author, "Only an <idiot> agrees with you.", parent=parent)
    client.force_login(mod)
    html = client.get("/moderation/queue/held/").content.decode()
    assert "Bridge vote &lt;tonight&gt;" in html
    assert f'href="{article.get_absolute_url()}#comment-{comment.pk}"' in html
    assert "Replying to <bdi>Calm Carla</bdi>" in html and "The bridge is long overdue." in html
    assert 'Only an &lt;<mark class="trigger" title="insult">idiot</mark>&gt; agrees' in html
    assert "<idiot>" not in html
    assert "It may contain a personal insult." in html  # the reason in plain words
    assert "Abusive and insulting: 93% (very likely)" in html
    assert "1 published · 1 held · 0 rejected · reported 0 times · account 0 days old" in html


def test_filters_by_article_section_reason_and_author(
    client, mod, make_article, make_section, held
):
    science = make_section("Science", "science")
    a1 = make_article()
    a2 = make_article(section=science)
    one = held("idiot in city", reader_name="Ada", article=a1)
    two = held("idiot in science", reader_name="Bea", article=a2)
    Triage.objects.filter(comment=two).update(reason_codes=" off_topic ")
    client.force_login(mod)
    get = lambda q: _ids(client.get(f"/moderation/queue/held/?{q}"))  # noqa: E731
    assert get(f"article={a1.pk}") == [one.pk]
    assert get("section=science") == [two.pk]
    assert get("reason=off_topic") == [two.pk]
    assert get("reason=insult") == [one.pk]
    assert get("author=ada") == [one.pk]
    assert get(f"author={two.author_id}") == [two.pk]
    assert client.get("/moderation/queue/held/?article=abc").status_code == 400


def test_counts_on_every_tab_follow_the_filters(
    client, mod, make_article, make_reader, post, held, keyword_moderation
):
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article = make_article()
    premod = make_article(comments_mode="premoderated")
    held("idiot a", article=article)
    held("idiot b", article=article)
    waiting = post(premod, make_reader(), "Looking forward to it.")
    assert waiting.status == "held"
    reported = post(article, make_reader(), "A perfectly civil remark.")
    comment_actions.report_comment(reported, make_reader(), "abuse")
    counts = queries.counts(queries.Filters())
    assert counts == {"held": 2, "reported": 1, "premoderated": 1, "sample": 1}
    assert queries.counts(queries.Filters(article=premod.pk)) == {
        "held": 0,
        "reported": 0,
        "premoderated": 1,
        "sample": 0,
    }
    client.force_login(mod)
    html = client.get("/moderation/queue/held/").content.decode()
    for tab, n in counts.items():
        assert f'data-count="{tab}">{n}<' in html
    assert client.get("/api/moderation/counts").json() == {"counts": counts}
    assert _ids(client.get("/moderation/queue/premoderated/")) == [waiting.pk]
    assert _ids(client.get("/moderation/queue/reported/")) == [reported.pk]
    assert _ids(client.get("/moderation/queue/sample/")) == [reported.pk]


def test_new_items_api_returns_rendered_items_after_the_newest_known(client, mod, held):
    first = held("idiot first")
    client.force_login(mod)
    assert client.get(f"/api/moderation/queues/held/new?after_id={first.pk}").json()["items"] == []
    second = held("idiot second")
    body = client.get(f"/api/moderation/queues/held/new?after_id={first.pk}").json()
    assert [item["id"] for item in body["items"]] == [second.pk]
    assert f'id="item-{second.pk}"' in body["items"][0]["html"]
    assert body["counts"]["held"] == 2
    assert client.get("/api/moderation/queues/nope/new").status_code == 400


def _bulk_held(article, author, n: int) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    rows = [
        Comment(
            article=article,
            author=author,
            text=f"Held comment number {i} says idiot",
            html=f"<p>Held comment number {i} says idiot</p>",
            status=Comment.Status.HELD,
            decision="hold",
            reasons=["insult"],
            scores={"insult": (i % 97) / 100},
            spans=[{"start": 26, "end": 31, "reason": "insult"}],
            created_at=now - dt.timedelta(seconds=n - i),
        )
        for i in range(n)
    ]
    created = Comment.objects.bulk_create(rows, batch_size=1000)
    Triage.objects.bulk_create(
        [
            Triage(comment=c, risk=(i % 97) / 100, reason_codes=" insult ")
            for i, c in enumerate(created)
        ],
        batch_size=1000,
    )


@pytest.mark.slow
def test_a_long_queue_stays_a_fixed_number_of_queries_per_page(
    client, mod, make_article, make_reader, django_assert_max_num_queries
):
    # 2,000 held (80 pages): every figure asserted here (queries a page, keyset order, the
    # count in full) is the same at 10,000, five times the rows to write for nothing more.
    article = make_article()
    _bulk_held(article, make_reader(), 2_000)
    client.force_login(mod)
    with django_assert_max_num_queries(14):
        first = client.get("/moderation/queue/held/")
    assert first.status_code == 200
    assert len(_ids(first)) == queries.PAGE_SIZE
    assert 'data-count="held">2000<' in first.content.decode()
    # Walk deep into the queue by the keyset link; later pages cost the same.
    page = queries.queue_page("held", queries.Filters(), "risk")
    seen = [item.id for item in page.items]
    for _ in range(3):
        page = queries.queue_page("held", queries.Filters(), "risk", page.next_cursor or "")
        seen += [item.id for item in page.items]
    assert len(seen) == len(set(seen)) == 4 * queries.PAGE_SIZE
    risks = list(Triage.objects.filter(comment_id__in=seen).values_list("comment_id", "risk"))
    by_id = dict(risks)
    ordered = [by_id[i] for i in seen]
    assert ordered == sorted(ordered, reverse=True)
    cursor = page.next_cursor
    with django_assert_max_num_queries(14):
        deep = client.get(f"/moderation/queue/held/?sort=risk&after={cursor}")
    assert deep.status_code == 200 and len(_ids(deep)) == queries.PAGE_SIZE
    assert not set(_ids(deep)) & set(seen)


def test_a_broken_page_link_is_a_400_not_a_crash(client, mod):
    client.force_login(mod)
    assert client.get("/moderation/queue/held/?after=notacursor").status_code == 400
    assert client.get("/moderation/queue/held/?sort=sideways").status_code == 400
    assert client.get("/moderation/queue/elsewhere/").status_code == 404


def test_sample_queue_holds_only_unreviewed_published_samples(
    mod, make_article, make_reader, post, keyword_moderation
):
    from masthead.dashboard import actions

    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article, reader = make_article(), make_reader()
    a, b = post(article, reader, "One remark."), post(article, reader, "Another remark.")
    actions.approve(mod, a.pk)
    page = queries.queue_page("sample", queries.Filters())
    assert [item.id for item in page.items] == [b.pk]
    assert AuditSample.objects.get(comment=a).outcome == "confirmed"


def test_a_comment_stuck_in_pending_joins_the_held_queue_after_five_minutes(
    client, mod, make_article, make_reader
):
    from masthead.comments.models import Comment as C

    stuck = C.objects.create(
        article=make_article(), author=make_reader(), text="Lost its check.", status="pending"
    )
    assert queries.counts(queries.Filters())["held"] == 0
    _age(stuck, 6)
    assert queries.counts(queries.Filters())["held"] == 1
    client.force_login(mod)
    assert _ids(client.get("/moderation/queue/held/")) == [stuck.pk]
    assert client.post(f"/api/moderation/comments/{stuck.pk}/approve").status_code == 200
    stuck.refresh_from_db()
    assert stuck.status == "published"


def test_a_nul_character_in_a_rejection_reason_is_a_clear_400_and_the_comment_stays_held(
    client, mod, held
):
    # PostgreSQL refuses NUL in any text column: this was a 500 there (found by schemathesis).
    comment = held("idiot")
    client.force_login(mod)
    response = client.post(
        f"/api/moderation/comments/{comment.pk}/reject",
        '{"reason": "off topic\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_body" and "NUL" in error["message"]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
