"""The workspace's pure arithmetic and presentation: sample draw, percentiles, precision and
recall, safe highlighting, plain-word scores, charts."""

from __future__ import annotations

import pytest

from masthead.dashboard import charts, measures, present


def test_sample_draw_is_deterministic_and_close_to_the_rate():
    first = [measures.in_sample(i, 0.1) for i in range(1, 20001)]
    again = [measures.in_sample(i, 0.1) for i in range(1, 20001)]
    assert first == again
    assert 0.09 < sum(first) / len(first) < 0.11


def test_sample_rate_zero_takes_nothing_and_one_takes_everything():
    assert not any(measures.in_sample(i, 0) for i in range(1, 500))
    assert all(measures.in_sample(i, 1) for i in range(1, 500))


def test_a_higher_rate_keeps_every_comment_a_lower_rate_chose():
    low = {i for i in range(1, 5000) if measures.in_sample(i, 0.05)}
    high = {i for i in range(1, 5000) if measures.in_sample(i, 0.2)}
    assert low <= high


def test_percentiles_interpolate_and_empty_is_none():
    assert measures.percentile([], 0.5) is None
    assert measures.percentile([7], 0.9) == 7
    assert measures.percentile([1, 2, 3, 4], 0.5) == 2.5
    assert measures.percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)


def test_publishing_precision_comes_from_the_sample_and_recall_from_overrides():
    quality = measures.publishing_quality(
        measures.PublishingCounts(
            auto_published=100,
            sample_reviewed=10,
            sample_rejected=1,
            held_decided=20,
            held_approved=10,
        )
    )
    assert quality.precision == pytest.approx(0.9)
    assert quality.estimated_good_published == pytest.approx(90)
    assert quality.recall == pytest.approx(90 / 100)


def test_no_reviews_means_no_precision_rather_than_a_made_up_one():
    quality = measures.publishing_quality(measures.PublishingCounts(auto_published=50))
    assert quality.precision is None and quality.recall is None


def test_reason_recall_scales_sample_misses_up_to_all_published_comments():
    counts = measures.ReasonCounts(
        held_decided=10, held_rejected=8, sample_missed=1, auto_rejected=2
    )
    quality = measures.reason_quality(counts, sample_share=0.1)
    assert quality.precision == pytest.approx(0.8)
    assert quality.estimated_missed == pytest.approx(10)
    assert quality.recall == pytest.approx(10 / 20)


def test_highlight_escapes_text_and_marks_only_the_spans():
    html = present.highlight(
        "<b>you</b> idiot & fool", [{"start": 11, "end": 16, "reason": "insult"}]
    )
    assert html == (
        '&lt;b&gt;you&lt;/b&gt; <mark class="trigger" title="insult">idiot</mark> &amp; fool'
    )


def test_highlight_merges_overlaps_and_ignores_bad_spans():
    html = present.highlight(
        "abcdef",
        [
            {"start": 1, "end": 3, "reason": "a"},
            {"start": 2, "end": 4, "reason": "b"},
            {"start": 10, "end": 12},
            {"start": "x"},
        ],
    )
    assert html == 'a<mark class="trigger" title="a, b">bcd</mark>ef'


def test_a_span_reason_cannot_break_out_of_its_attribute():
    html = present.highlight("hello", [{"start": 0, "end": 5, "reason": '"><script>'}])
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html


def test_scores_in_plain_words_highest_first():
    rows = present.describe_scores({"spam": 0.1, "insult": 0.93})
    assert rows == [
        ("abusive and insulting", "93%", "very likely"),
        ("spam or advertising", "10%", "unlikely"),
    ]


def test_risk_is_the_highest_bad_score():
    assert present.risk_of({"insult": 0.4, "spam": 0.7, "on_topic": 0.99}) == pytest.approx(0.7)
    assert present.risk_of({}) == 0


def test_charts_are_svg_with_escaped_labels():
    svg = charts.stacked_bars("Per day", ["<1>", "2"], [("a", [1, 2]), ("b", [0, 3])])
    assert svg.startswith("<svg") and "&lt;1&gt;" in svg and "<1>" not in svg
    line = charts.lines("Share", ["d1", "d2", "d3"], [("p", [50.0, None, 75.0])], percent=True)
    assert line.count("<circle") == 2
