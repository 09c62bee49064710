"""The site adapter panel's plain words (masthead.dashboard.present): its check as shipped
model -> adapter, the model versions a verdict recorded, and whether the adapter applies."""

from __future__ import annotations

from masthead.dashboard.present import (
    LatestCheck,
    adapter_applies,
    adapter_check_lines,
    adapter_fit_summary,
    recorded_model_versions,
)

REPORT = {
    "decisions": 1234,
    "rejected": 210,
    "articles": 88,
    "checked": 240,
    "checked_rejected": 41,
    "threshold": 0.7,
    "shipped_auc": 0.7123,
    "adapted_auc": 0.8051,
    "shipped_at_threshold": {"approved_published": 0.9, "rejected_published": 0.3},
    "adapted_at_threshold": {"approved_published": 0.9425, "rejected_published": 0.185},
}
FITTED = {"abuse_model": "abuse-a+respell2", "topic_model": "topic-t+minilm"}


def test_the_check_reads_shipped_then_adapter_for_ranking_and_both_shares_at_the_threshold():
    lines = adapter_check_lines(REPORT)
    assert lines[0] == "Checked on 240 decisions (41 rejected) on articles it did not learn from."
    assert "shipped model 0.712 -> adapter 0.805" in lines[1]
    assert lines[2] == (
        "At the abuse threshold 0.7, approved comments published: shipped model 90.0% -> "
        "adapter 94.2% (higher is better)."
    )
    assert lines[3] == (
        "At the abuse threshold 0.7, rejected comments published: shipped model 30.0% -> "
        "adapter 18.5% (lower is better)."
    )


def test_a_broken_or_empty_report_gives_no_made_up_figures():
    assert adapter_check_lines({}) == ["Its check was not recorded."]
    broken = {
        "checked": "lots",
        "shipped_auc": float("nan"),
        "adapted_auc": 0.8,
        "shipped_at_threshold": {"approved_published": 7, "rejected_published": None},
        "adapted_at_threshold": {"approved_published": True},
    }
    lines = adapter_check_lines(broken)
    assert not any("ROC-AUC" in line for line in lines)
    assert (
        "At the threshold, approved comments published: shipped model – -> adapter –" in (lines[0])
    )
    assert adapter_fit_summary({"decisions": -3}) == (
        "? moderators' decisions (? of them rejections) on ? articles"
    )


def test_the_fit_summary_counts_decisions_rejections_and_articles():
    assert adapter_fit_summary(REPORT) == (
        "1,234 moderators' decisions (210 of them rejections) on 88 articles"
    )


def test_recorded_versions_leave_out_the_entry_a_full_field_may_have_cut():
    assert recorded_model_versions("abuse=a;spam=s;topic=t") == {
        "abuse": "a",
        "spam": "s",
        "topic": "t",
    }
    cut = ("abuse=" + "a" * 80 + ";site_adapter=sa-2026")[:100]
    assert recorded_model_versions(cut) == {"abuse": "a" * 80}
    assert recorded_model_versions("unavailable") == {}


def test_an_adapter_is_stale_when_the_latest_check_used_another_abuse_model():
    latest = LatestCheck("abuse=abuse-b+respell2;spam=s;topic=topic-t+minilm", {}, True)
    state, sentence = adapter_applies(FITTED, latest)
    assert state == "stale"
    assert "abuse-b+respell2, not abuse-a+respell2" in sentence


def test_an_adapter_is_stale_when_the_latest_check_used_another_on_topic_model():
    latest = LatestCheck("abuse=abuse-a+respell2;spam=s;topic=topic-u", {"abuse": 0.1}, False)
    assert adapter_applies(FITTED, latest)[0] == "stale"


def test_an_adapter_applies_when_the_latest_comment_was_scored_through_it():
    latest = LatestCheck(
        "abuse=abuse-a+respell2;spam=s;topic=topic-t+minilm",
        {"abuse": 0.4, "abuse_model": 0.2},
        True,
    )
    assert adapter_applies(FITTED, latest)[0] == "applies"


def test_a_comment_after_the_change_not_scored_through_it_means_it_does_not_apply():
    latest = LatestCheck("abuse=abuse-a+respell2;spam=s;topic=topic-t+minilm", {"abuse": 0.4}, True)
    assert adapter_applies(FITTED, latest)[0] == "stale"


def test_without_a_check_since_the_change_it_is_not_known_whether_it_applies():
    older = LatestCheck("abuse=abuse-a+respell2;spam=s;topic=topic-t+minilm", {"abuse": 0.4}, False)
    assert adapter_applies(FITTED, older)[0] == "unknown"
    assert adapter_applies(FITTED, None)[0] == "unknown"
