"""Every number the moderators' workspace shows, checked against a count made by hand: the
queue tabs' badges against the rows each tab lists, the stats page's figures, what a
percentage is of, a comment held for several reasons, an empty site, very large counts."""

from __future__ import annotations

import re

import pytest

from masthead.articles.models import Article
from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.comments.ports import CommentForModeration, ModerationOutcome
from masthead.dashboard import actions, charts, present
from masthead.dashboard.models import WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
TWO_REASONS = "tests.integration.test_dashboard_numbers_review.insult_and_links"


def insult_and_links(comment: CommentForModeration) -> ModerationOutcome:
    """Holds "idiot ... http" for two reasons at once; else as the keyword moderator."""
    from tests.support.moderators import by_keyword

    lowered = comment.text.lower()
    if "idiot" in lowered and "http" in lowered:
        return ModerationOutcome(
            decision="hold",
            reasons=("insult", "too_many_links"),
            scores={"insult": 0.93},
            model_version="test-two-1",
        )
    return by_keyword(comment)


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="item" id="item-(\d+)"', html)]


def _badges(html: str) -> dict[str, int]:
    return {k: int(n) for k, n in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def test_every_tab_badge_equals_the_rows_the_tab_lists_through_the_edge_cases(
    client, mod, make_article, make_reader, post, held, keyword_moderation
):
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article = make_article()
    author, other = make_reader(), make_reader()
    waiting = held("idiot, still waiting", article=article)
    approved = held("idiot, then approved", article=article)
    rejected = held("idiot, then rejected", article=article)
    deleted = held("idiot, then deleted by its author", reader_name="Deleter", article=article)
    actions.approve(mod, approved.pk)
    actions.reject(mod, rejected.pk, "Insult.")
    comment_actions.delete_comment(deleted, deleted.author)
    # A held reply whose parent was taken down.
    parent = post(article, author, "A civil parent.")
    reply = post(article, other, "You idiot, replying.", parent=parent)
    actions.take_down(mod, parent.pk, "Off topic.")
    # A held comment on an article taken back to draft.
    drafted = make_article()
    on_draft = post(drafted, author, "idiot on a story later unpublished")
    Article.objects.filter(pk=drafted.pk).update(status=Article.Status.DRAFT)
    # Published, reported; another reported then deleted by its author.
    reported = post(article, author, "A remark readers dislike.")
    comment_actions.report_comment(reported, other, "abuse")
    gone = post(article, other, "Another remark readers dislike.")
    comment_actions.report_comment(gone, author, "abuse")
    comment_actions.delete_comment(gone, other)
    # Edited by its author and checked again: held again, counted once.
    edited = post(article, author, "Fine at first.")
    comment_actions.edit_comment(edited, author, "Now you idiot.")
    assert Comment.objects.get(pk=edited.pk).status == "held"

    expected = {
        "held": {waiting.pk, reply.pk, on_draft.pk, edited.pk},
        "reported": {reported.pk},
        "premoderated": set(),
        # Auto-published and not yet reviewed (a sampled comment a moderator approved or took
        # down is reviewed; one its author deleted has left every queue).
        "sample": {
            c.pk
            for c in Comment.objects.filter(status="published", audit_sample__outcome="pending")
        },
    }
    assert reported.pk in expected["sample"]
    client.force_login(mod)
    for tab, want in expected.items():
        html = client.get(f"/moderation/queue/{tab}/").content.decode()
        listed = _ids(html)
        assert sorted(listed) == sorted(want), tab
        assert _badges(html)[tab] == len(listed) == len(set(listed)), tab
    assert client.get("/api/moderation/counts").json()["counts"] == {
        tab: len(want) for tab, want in expected.items()
    }


def test_a_comment_held_for_two_reasons_counts_under_each_and_the_page_says_so(
    client, mod, make_article, make_reader, post, use_moderator, masthead_settings
):
    use_moderator(TWO_REASONS)
    masthead_settings(COMMENT_RATE_PER_READER="10000/60")
    article, reader = make_article(), make_reader()
    both = post(article, reader, "You idiot, see http://example.org")
    one = post(article, reader, "You idiot.")
    assert both.status == one.status == "held"
    client.force_login(mod)
    html = client.get("/moderation/stats/?days=7").content.decode()
    assert re.search(r"<code>insult</code>[^<]*\(2\)</li>", html)
    assert re.search(r"<code>too_many_links</code>[^<]*\(1\)</li>", html)
    # Two comments held, three reasons counted: the page says why they add up to more.
    assert re.search(r"counts under each", html)
    assert re.search(r"2 comments were held", html)


def test_the_share_published_automatically_says_what_it_is_a_share_of(
    client, mod, make_article, make_reader, post, keyword_moderation
):
    article, reader = make_article(), make_reader()
    for i in range(3):
        post(article, reader, f"Sensible remark {i}.")
    post(article, reader, "You idiot.")
    client.force_login(mod)
    html = client.get("/moderation/stats/?days=7").content.decode()
    assert '<dd id="fig-auto-share">75%' in html
    assert "3 of 4 comments checked" in html


def test_a_small_audit_sample_share_is_not_shown_as_zero(client, mod):
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=0.005)
    client.force_login(mod)
    html = client.get("/moderation/stats/?days=7").content.decode()
    assert "The audit sample is 0.5% of automatically published comments" in html


def test_an_empty_site_shows_dashes_not_nan_none_or_a_division_error(client, mod):
    client.force_login(mod)
    for url in ("/moderation/stats/?days=90", "/moderation/stats/thresholds/?days=90"):
        response = client.get(url)
        assert response.status_code == 200
        text = re.sub(r"<[^>]+>", " ", response.content.decode())
        for word in ("nan", "None", "inf"):
            assert not re.search(rf"\b{word}\b", text), (url, word)
    html = client.get("/moderation/queue/held/").content.decode()
    assert _badges(html) == {"held": 0, "reported": 0, "premoderated": 0, "sample": 0}


def test_a_percentage_short_of_all_or_above_none_never_reads_100_or_0():
    assert present.percent(199 / 200) == "99.5%"
    assert present.percent(0.9999) == "99.99%"
    assert present.percent(0.004) == "0.4%"
    assert present.percent(0.00001) == "0.001%"
    assert present.percent(1.0) == "100%"
    assert present.percent(0.0) == "0%"
    assert present.percent(10 / 15) == "67%"
    assert present.percent(None) == "–"


def test_charts_write_a_large_count_in_full_not_in_scientific_notation():
    bars = charts.horizontal_bars("Why held", [("insult", 1_234_567)])
    assert "1,234,567" in bars and "e+" not in bars
    stacked = charts.stacked_bars("Per day", ["1 Nov"], [("held", [2_000_001])])
    assert "2,000,001 held" in stacked and "e+" not in stacked
    queue = charts.lines("Minutes", ["1 Nov"], [("median", [1_500_000.5])])
    assert "1,500,000.5" in queue and "e+" not in queue
    share = charts.lines("Share", ["1 Nov"], [("published", [99.6])], percent=True)
    assert "published 99.6%" in share


SHADOW_INSULT = "tests.integration.test_dashboard_numbers_review.shadow_insult"
INSULT_FROM_A_NEW_READER = "tests.integration.test_dashboard_numbers_review.new_reader_insult"


def shadow_insult(comment: CommentForModeration) -> ModerationOutcome:
    """Shadow mode: the models would hold "idiot" for insult, but publish it."""
    insult = "idiot" in comment.text.lower()
    return ModerationOutcome(
        decision="publish",
        reasons=("insult",) if insult else (),
        scores={"insult": 0.93 if insult else 0.02},
        model_version="test-shadow-1",
        shadow=True,
        shadow_decision="hold" if insult else "publish",
        enforced_reasons=(),
    )


def new_reader_insult(comment: CommentForModeration) -> ModerationOutcome:
    """Pre-moderation of first comments and an insult, both enforced."""
    insult = "idiot" in comment.text.lower()
    reasons = ("insult", "first_comment") if insult else ("first_comment",)
    return ModerationOutcome(
        decision="hold", reasons=reasons, scores={"insult": 0.9}, model_version="test-new-1"
    )


def test_a_shadow_reason_that_held_nothing_is_not_counted_as_why_a_comment_was_held(
    client, mod, make_article, make_reader, post, use_moderator, masthead_settings
):
    """On a pre-moderated article in shadow mode, pre-moderation holds the comment; the
    models' insult was recorded, not enforced: the comment was held for pre-moderation only."""
    from masthead.dashboard import stats

    use_moderator(SHADOW_INSULT)
    masthead_settings(COMMENT_RATE_PER_READER="10000/60")
    article = make_article(comments_mode="premoderated")
    comment = post(article, make_reader(), "You idiot.")
    assert comment.status == "held"
    assert comment.enforced_reasons == ["pre_moderation"]
    figures = stats.compute(7)
    assert [code for code, _, _ in figures.held_reasons] == ["pre_moderation"]
    assert {r.code: r.held for r in figures.reasons}.get("insult", 0) == 0
    actions.approve(mod, comment.pk)
    figures = stats.compute(7)
    # Pre-moderation's hold: time in queue, not a missed publish of the checks.
    assert figures.total.counts.held_decided == 0
    assert len(figures.total.queue_minutes) == 1


def test_a_hold_for_an_insult_and_pre_moderation_counts_for_the_insult_row(
    mod, make_article, make_reader, post, use_moderator, masthead_settings
):
    """Per reason R, hold precision is held-for-R comments rejected / decided (docs): a new
    reader's insult, held for both, rejected by a moderator, is a right hold for insult."""
    from masthead.dashboard import stats

    use_moderator(INSULT_FROM_A_NEW_READER)
    masthead_settings(COMMENT_RATE_PER_READER="10000/60")
    article = make_article()
    rude, civil = (post(article, make_reader(), t) for t in ("You idiot.", "Hello all."))
    actions.reject(mod, rude.pk, "Insult.")
    actions.approve(mod, civil.pk)
    rows = {r.code: r for r in stats.compute(7).reasons}
    assert rows["insult"].held == 1
    assert (rows["insult"].counts.held_decided, rows["insult"].counts.held_rejected) == (1, 1)
    assert rows["insult"].quality.precision == 1.0
    # Pre-moderation's own rows and the checks' overall figures leave its holds out.
    assert rows["first_comment"].counts.held_decided == 0
    assert stats.compute(7).total.counts.held_decided == 0


def test_the_share_chart_does_not_round_all_but_one_in_ten_thousand_to_100(
    client, mod, make_article, make_reader
):
    """9,999 of 10,000 checked comments published automatically today (rows written directly):
    the day's point on the share chart reads 99.99%, not 100%."""
    from django.utils import timezone

    from masthead.dashboard.models import AuditEntry

    article, reader = make_article(), make_reader()
    now = timezone.now()
    comments = Comment.objects.bulk_create(
        Comment(article=article, author=reader, text=f"c{i}", created_at=now, status="published")
        for i in range(10_000)
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(
            comment=c,
            action="auto_hold" if i == 0 else "auto_publish",
            reason="insult" if i == 0 else "no problem found",
            created_at=now,
        )
        for i, c in enumerate(comments)
    )
    client.force_login(mod)
    html = client.get("/moderation/stats/?days=7").content.decode()
    assert "published automatically 99.99%" in html
    assert '<dd id="fig-auto-share">99.99%</dd>' in html
    # Counts in full with separators, as the charts write them (they read 9999 and 10000).
    assert "(9,999 of 10,000 comments checked)" in html
    assert '<dd id="fig-comments">10,000</dd>' in html
    assert "<td>10,000</td><td>9,999</td><td>1</td><td>0</td>" in html


def test_a_held_item_marks_a_shadow_reason_as_not_why_it_was_held(
    client, mod, make_article, make_reader, post, use_moderator, masthead_settings
):
    use_moderator(SHADOW_INSULT)
    article = make_article(comments_mode="premoderated")
    comment = post(article, make_reader(), "You idiot.")
    client.force_login(mod)
    html = client.get("/moderation/queue/premoderated/").content.decode()
    item = html[html.index(f'id="item-{comment.pk}"') :]
    item = item[: item.index("</ul>")]
    assert re.search(r"<code>insult</code>[^<]*<em[^>]*>\(recorded in shadow mode; not why", item)
    assert not re.search(r"<code>pre_moderation</code>[^<]*<em", item)


def test_what_if_shares_short_of_all_or_above_none_never_read_100_0_or_0_0():
    from masthead.dashboard import whatif

    assert whatif._percent(0.9996) == "99.96%"
    assert whatif._percent(0.0004) == "0.04%"
    assert whatif._percent(0.5) == "50.0%"
    assert whatif._percent(1.0) == "100.0%"
    assert whatif._percent(0.0) == "0.0%"
