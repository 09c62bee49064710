"""Thresholds, what if: the pure estimate of what the checks would publish at other thresholds,
weighted so that a reviewed audit sample and decided holds stand for every comment."""

from __future__ import annotations

import json
import random

import pytest

from masthead.dashboard import whatif
from masthead.dashboard.whatif import Observation
from masthead.moderation.core.types import Thresholds

CURRENT = Thresholds(abuse=0.5, off_topic=0.8, spam=0.7, abuse_trusted=0.8)
SMALL_GRID = (0.2, 0.4, 0.6, 0.8)


def obs(abuse: float, acceptable: bool, **more: object) -> Observation:
    return Observation({"abuse": abuse, "off_topic": 0.1, "spam": 0.0}, acceptable, **more)  # type: ignore[arg-type]


def row(table: whatif.ScoreTable, threshold: float) -> whatif.Row:
    return next(r for r in table.rows if r.threshold == pytest.approx(threshold))


def test_shares_published_at_each_threshold_are_counted_by_hand():
    data = [obs(0.1, True), obs(0.6, True), obs(0.7, False), obs(0.3, False)]
    table = whatif.score_table(data, CURRENT, "abuse", grid=(0.25, 0.65))
    assert [r.threshold for r in table.rows] == [0.25, 0.5, 0.65]  # the current one is added
    assert [r.current for r in table.rows] == [False, True, False]
    assert row(table, 0.25).acceptable.estimate == 0.5
    assert row(table, 0.25).rejected.estimate == 0.0
    assert row(table, 0.5).acceptable.estimate == 0.5
    assert row(table, 0.5).rejected.estimate == 0.5
    assert row(table, 0.65).acceptable.estimate == 1.0
    assert (row(table, 0.65).acceptable.published, row(table, 0.65).acceptable.labelled) == (2, 2)
    assert (row(table, 0.65).rejected.published, row(table, 0.65).rejected.labelled) == (1, 2)


def test_a_score_at_the_threshold_holds_and_a_missing_score_counts_as_zero():
    assert whatif.held_by_checks(obs(0.5, True), CURRENT)
    assert not whatif.held_by_checks(obs(0.4999, True), CURRENT)
    assert not whatif.held_by_checks(Observation({}, True), CURRENT)
    assert whatif.held_by_checks(Observation({"spam": 0.7}, True), CURRENT)


def test_a_comment_the_threat_model_held_stays_held_whatever_the_abuse_threshold():
    threat = Observation({"abuse": 0.05, "threat_of_violence": 0.9}, False)
    assert whatif.held_by_checks(threat, CURRENT)
    assert whatif.held_by_checks(threat, Thresholds(abuse=0.99, abuse_trusted=0.99))
    assert not whatif.held_by_checks(
        Observation({"abuse": 0.05, "threat_of_violence": 0.2}, True), CURRENT
    )


def test_weights_make_a_labelled_comment_stand_for_its_stratum():
    # One published acceptable comment standing for 3, one held acceptable standing for 1.
    data = [obs(0.1, True, weight=3.0), obs(0.6, True, weight=1.0)]
    share = row(whatif.score_table(data, CURRENT, "abuse", grid=()), 0.5).acceptable
    assert share.estimate == pytest.approx(0.75)
    # Linearised variance (9 x 0.25^2 + 1 x 0.75^2) / 4^2 gives 2.67 comments, capped at 2.
    assert share.effective_n == pytest.approx(2.0)
    assert whatif.kish([3.0, 1.0]) == pytest.approx(16 / 10)  # (3 + 1)^2 / (9 + 1)
    assert whatif.stratum_weight(200, 10) == 20.0
    assert whatif.stratum_weight(200, 0) is None
    assert whatif.stratum_weight(0, 0) is None


def test_weighted_interval_is_wilson_on_the_effective_sample_size():
    low, high = whatif.wilson(0.0, 10)
    assert low == 0.0
    assert high == pytest.approx(1.959964**2 / (10 + 1.959964**2), rel=1e-6)  # 0.2775
    low, high = whatif.wilson(0.5, 4)
    assert (low, high) == (pytest.approx(0.1500, abs=1e-4), pytest.approx(0.8500, abs=1e-4))
    # A share carried by one heavy comment is as uncertain as one comment.
    lone = whatif.estimate_share([True] + [False] * 20, [20.0] + [1.0] * 20)
    assert lone.estimate == pytest.approx(0.5)
    assert lone.effective_n == pytest.approx(0.25 / ((400 * 0.25 + 20 * 0.25) / 40**2))
    # Four comments of weight 5 carry no more certainty than four of weight 1.
    heavy = whatif.estimate_share([True, False, True, False], [5.0] * 4)
    light = whatif.estimate_share([True, False, True, False], [1.0] * 4)
    assert (heavy.low, heavy.high) == (light.low, light.high)


def test_trusted_readers_keep_their_own_abuse_threshold_when_abuse_varies():
    trusted = obs(0.6, True, trusted=True)
    table = whatif.score_table([trusted], CURRENT, "abuse", grid=SMALL_GRID)
    assert {r.threshold: r.acceptable.estimate for r in table.rows} == {
        0.2: 1.0,
        0.4: 1.0,
        0.5: 1.0,
        0.6: 1.0,
        0.8: 1.0,
    }
    very = obs(0.85, True, trusted=True)  # over the trusted threshold at any abuse threshold
    table = whatif.score_table([very], CURRENT, "abuse", grid=SMALL_GRID)
    assert {r.acceptable.estimate for r in table.rows} == {0.0}


def test_a_rule_hold_is_held_at_every_threshold():
    held = obs(0.0, True, rule_hold=True)
    for score in whatif.SCORES:
        table = whatif.score_table([held], CURRENT, score, grid=(0.05, 0.95))
        assert {r.acceptable.estimate for r in table.rows} == {0.0}


def test_rule_hold_reads_reason_codes_and_ignores_thresholds_and_pre_moderation():
    premoderation = {"pre_moderation", "first_comment", "has_links", "premoderated"}
    assert not whatif.rule_hold(["abusive", "insult"], premoderation)
    assert not whatif.rule_hold(["pre_moderation"], premoderation)
    assert not whatif.rule_hold([], premoderation)
    assert whatif.rule_hold(["off_topic", "suspect_word"], premoderation)
    assert whatif.rule_hold(["classifier_unavailable"], premoderation)
    assert whatif.rule_hold(["too_many_links"], premoderation)


def test_no_data_gives_empty_shares_and_no_suggestion():
    report = whatif.what_if([], CURRENT)
    assert [t.score for t in report.tables] == ["abuse", "off_topic", "spam"]
    for table in report.tables:
        assert all(
            r.acceptable.estimate is None and r.rejected.estimate is None for r in table.rows
        )
        assert table.suggestion.threshold is None
        assert table.suggestion.reason == (
            "too few decisions: 0 rejected and 0 acceptable comments labelled, 30 of each needed"
        )


def test_one_class_missing_gives_its_shares_as_none():
    report = whatif.what_if([obs(0.1, True)] * 40, CURRENT)
    table = report.tables[0]
    assert row(table, 0.5).acceptable.estimate == 1.0
    assert row(table, 0.5).rejected.estimate is None
    assert table.suggestion.reason == "too few decisions: 0 rejected comments labelled, 30 needed"


def suggestion_data(rejected_low: int = 2) -> list[Observation]:
    good = [obs(0.1, True)] * 20 + [obs(0.35, True)] * 10 + [obs(0.55, True)] * 10
    bad = [obs(0.9, False)] * (40 - rejected_low) + [obs(0.5, False), obs(0.3, False)][
        :rejected_low
    ]
    return good + bad


def test_suggestion_publishes_the_most_acceptable_within_the_target():
    # Rejected published: 0.2 -> 0/40, 0.4 and 0.5 -> 1/40 (2.5%), 0.6 -> 2/40 (5%).
    # Acceptable published: 0.2 -> 50%, 0.4 and 0.5 -> 75%, 0.6 -> 100%.
    table = whatif.score_table(suggestion_data(), CURRENT, "abuse", grid=SMALL_GRID)
    assert row(table, 0.6).rejected.estimate == pytest.approx(0.05)
    assert table.suggestion.threshold == 0.5  # ties with 0.4; the current one needs no change
    assert table.suggestion.row is row(table, 0.5)
    assert table.suggestion.reason.startswith(
        "publishes an estimated 75.0% of acceptable comments automatically, with 2.5% of "
        "rejected comments published (95% interval"
    )
    looser = whatif.score_table(suggestion_data(), CURRENT, "abuse", grid=SMALL_GRID, target=0.05)
    assert looser.suggestion.threshold == 0.6
    moved = whatif.score_table(suggestion_data(), Thresholds(abuse=0.3), "abuse", grid=SMALL_GRID)
    assert moved.suggestion.threshold == 0.4  # a tie away from the current: the lowest


def test_too_few_rejected_decisions_give_no_suggestion_and_say_why():
    data = suggestion_data()[:-11]  # 29 rejected left
    table = whatif.score_table(data, CURRENT, "abuse", grid=SMALL_GRID)
    assert table.suggestion.threshold is None
    assert table.suggestion.reason == "too few decisions: 29 rejected comments labelled, 30 needed"


def test_no_suggestion_when_no_threshold_meets_the_target():
    # A quarter of rejected comments score low on everything: no threshold catches them.
    data = suggestion_data() + [Observation({}, False)] * 15
    table = whatif.score_table(data, CURRENT, "abuse", grid=SMALL_GRID)
    assert table.suggestion.threshold is None
    assert table.suggestion.reason == (
        "no threshold keeps the estimated share of rejected comments published at or under "
        "3.0%: at 0.2, 27.3%"
    )


def test_a_target_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        whatif.what_if([], CURRENT, target=3)


def test_text_and_json_forms_carry_the_same_figures():
    report = whatif.what_if(suggestion_data(), CURRENT, grid=SMALL_GRID)
    data = json.loads(json.dumps(whatif.as_dict(report)))
    abuse = data["scores"][0]
    assert abuse["score"] == "abuse" and abuse["suggestion"]["threshold"] == 0.5
    current = next(r for r in abuse["rows"] if r["current"])
    assert current["acceptable_published"]["estimate"] == pytest.approx(0.75)
    text = whatif.as_text(report)
    assert "     0.5 *  75.0% (" in text
    assert "Suggestion: 0.5: publishes an estimated 75.0% of acceptable comments" in text


# --- the estimate stands for the whole population -------------------------------------------


def population(rng: random.Random, size: int) -> list[Observation]:
    """Comments of a made-up site: 85% acceptable; rejected ones abusive, off-topic or spam."""
    out = []
    for _ in range(size):
        acceptable = rng.random() < 0.85
        kind = rng.random()
        low = {
            "abuse": rng.betavariate(1.2, 8),
            "off_topic": rng.betavariate(2, 6),
            "spam": rng.betavariate(1, 15),
        }
        if not acceptable:
            if kind < 0.7:
                low["abuse"] = rng.betavariate(3, 2.5)
            elif kind < 0.85:
                low["off_topic"] = rng.betavariate(6, 2)
            else:
                low["spam"] = rng.betavariate(8, 1.5)
        out.append(
            Observation(low, acceptable, rule_hold=rng.random() < 0.02, trusted=rng.random() < 0.1)
        )
    return out


def test_weighted_estimate_matches_the_whole_populations_shares():
    """A site at CURRENT: 5% of auto-published comments reviewed, 90% of holds decided. The
    weighted estimates match the shares counted on every comment; unweighted ones do not."""
    rng = random.Random(20261129)
    everyone = population(rng, 20000)
    published = [o for o in everyone if not whatif.held_by_checks(o, CURRENT)]
    held = [o for o in everyone if whatif.held_by_checks(o, CURRENT)]
    sample = [o for o in published if rng.random() < 0.05]
    decided = [o for o in held if rng.random() < 0.9]
    w_published = whatif.stratum_weight(len(published), len(sample))
    w_held = whatif.stratum_weight(len(held), len(decided))
    assert w_published is not None and w_held is not None
    labelled = [
        Observation(o.scores, o.acceptable, w_published, o.rule_hold, o.trusted) for o in sample
    ] + [Observation(o.scores, o.acceptable, w_held, o.rule_hold, o.trusted) for o in decided]
    report = whatif.what_if(labelled, CURRENT)

    checked = covered = 0
    for table in report.tables:
        for r in table.rows:
            at = whatif._at(CURRENT, table.score, r.threshold)
            for acceptable, share in ((True, r.acceptable), (False, r.rejected)):
                members = [o for o in everyone if o.acceptable == acceptable]
                truth = sum(not whatif.held_by_checks(o, at) for o in members) / len(members)
                assert share.estimate is not None and share.low is not None
                assert share.high is not None
                # Within twice the 95% half-width: about four standard errors.
                assert abs(share.estimate - truth) <= share.high - share.low, (table.score, r)
                checked += 1
                covered += share.low <= truth <= share.high
    assert checked == 3 * 19 * 2  # 0.05 to 0.95; the current thresholds are on the grid
    assert covered / checked >= 0.9

    # Without weights, the held comments (mostly rejected, all decided) swamp the sample.
    at_current = row(report.tables[0], CURRENT.abuse)
    truth = sum(not whatif.held_by_checks(o, CURRENT) for o in everyone if not o.acceptable)
    truth /= sum(not o.acceptable for o in everyone)
    unweighted = whatif.estimate_share(
        [not whatif.held_by_checks(o, CURRENT) for o in labelled if not o.acceptable],
        [1.0 for o in labelled if not o.acceptable],
    )
    assert unweighted.estimate is not None and at_current.rejected.estimate is not None
    assert abs(at_current.rejected.estimate - truth) < 0.04
    assert abs(unweighted.estimate - truth) > 0.2


def test_the_one_pass_tables_give_the_same_figures_as_deciding_each_comment_at_each_threshold():
    """score_table sorts each class once and reads every threshold off running sums; the
    reference decides every comment again at every threshold (held_by_checks) and estimates
    the share from the list (estimate_share). Same shares, intervals and counts."""
    rng = random.Random(7)
    labelled = [
        Observation(o.scores, o.acceptable, rng.choice((1.0, 2.5, 19.0)), o.rule_hold, o.trusted)
        for o in population(rng, 3000)
    ]
    labelled.append(Observation({"abuse": float("nan")}, False, 2.5))
    labelled.append(Observation({"abuse": 0.4}, True, 0.0))  # no weight: left out
    report = whatif.what_if(labelled, CURRENT)
    checked = 0
    for table in report.tables:
        for r in table.rows:
            at = whatif._at(CURRENT, table.score, r.threshold)
            for acceptable, share in ((True, r.acceptable), (False, r.rejected)):
                members = [o for o in labelled if o.acceptable == acceptable and o.weight > 0]
                expected = whatif.estimate_share(
                    [not whatif.held_by_checks(o, at) for o in members],
                    [o.weight for o in members],
                )
                assert (share.published, share.labelled) == (expected.published, expected.labelled)
                for got, want in (
                    (share.estimate, expected.estimate),
                    (share.low, expected.low),
                    (share.high, expected.high),
                    (share.effective_n, expected.effective_n),
                ):
                    assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
                checked += 1
    assert checked == 3 * 19 * 2  # 0.05 to 0.95; the current thresholds are on the grid
