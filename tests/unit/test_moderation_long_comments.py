"""A comment longer than the checks read whole (MAX_TEXT_CHARS) is held as `too_long` and read
window by window, so scoring it costs bounded memory; shorter comments are read as before."""

from __future__ import annotations

import itertools
import random
import tracemalloc
from dataclasses import replace

import pytest

from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.classifiers.loader import load_classifiers
from masthead.moderation.core.cli import default_policy
from masthead.moderation.core.pipeline import PHASES, moderate, moderate_many
from masthead.moderation.core.types import REASONS, PhaseResult, Policy
from masthead.moderation.core.windows import (
    MAX_TEXT_CHARS,
    OVERLAP,
    Window,
    first_window,
    windows,
)
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()
CIVIL = "The bridge over the river will help the town and its ferry users. "
WORDS = (
    "the council bridge river town vote plan cost money years people road traffic ferry school "
    "housing builders budget report residents would should could think agree because when while "
    "after before about against between across more less many some every new old"
).split()


def civil_text(chars: int, seed: int = 7) -> str:
    """Varied civil sentences (no two windows alike), about `chars` long."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
        parts.append(words.capitalize() + ".")
        size += len(parts[-1]) + 1
    return " ".join(parts)


@pytest.fixture(scope="module")
def real():
    return load_classifiers()


@pytest.fixture(scope="module")
def policy():
    # A generous budget (the batch CLI's is 30 s), so a slow machine does not fail these closed.
    return replace(default_policy(), time_budget_s=600.0)


def test_windows_tile_the_text_overlap_the_next_and_split_no_word():
    text = civil_text(100_000)
    parts = list(windows(text))
    assert "".join(w.text[: w.own] for w in parts) == text
    assert all(text[w.start : w.start + len(w.text)] == w.text for w in parts)
    assert all(len(w.text) <= MAX_TEXT_CHARS + OVERLAP for w in parts)
    for w, after in itertools.pairwise(parts):
        assert w.start + w.own == after.start
        assert len(w.text) - w.own >= OVERLAP - 30  # up to one word short of the overlap
        assert text[after.start - 1] == " " and text[w.start + len(w.text) - 1] == " "
    assert list(windows("short")) == [Window(0, "short", 5)]
    assert first_window(text) == parts[0].text and first_window("short") == "short"


def test_a_comment_longer_than_the_limit_is_held_as_too_long_and_told_why():
    text = (CIVIL * (MAX_TEXT_CHARS // len(CIVIL) + 1))[: MAX_TEXT_CHARS + 1]
    verdict = moderate(submission(text), Policy(), FAKES)
    assert (verdict.decision, verdict.reasons) == ("hold", ("too_long",))
    assert verdict.explanation == REASONS["too_long"]


def test_a_comment_at_the_limit_is_read_whole_and_published_as_before():
    text = (CIVIL * (MAX_TEXT_CHARS // len(CIVIL) + 1))[:MAX_TEXT_CHARS]
    verdict = moderate(submission(text), Policy(), FAKES)
    assert (verdict.decision, verdict.reasons) == ("publish", ())


def test_every_phase_reads_a_comment_within_the_limit_itself():
    seen = []

    def spy(name):
        def check(sub, policy, classifiers):
            seen.append((name, sub))
            return PhaseResult()

        return check

    original = submission("x " * (MAX_TEXT_CHARS // 2), parent="The parent comment.")
    moderate(original, Policy(), FAKES, phases=[(name, spy(name)) for name, _ in PHASES])
    assert [name for name, _ in seen] == [name for name, _ in PHASES]
    assert all(sub is original for _, sub in seen)


def test_abusive_words_late_in_a_long_comment_are_found_at_their_place():
    late = " You are an idiot."
    text = CIVIL * (3 * MAX_TEXT_CHARS // len(CIVIL)) + late
    verdict = moderate(submission(text), Policy(), FAKES)
    assert verdict.decision == "hold"
    assert verdict.reasons[:3] == ("too_long", "abusive", "insult")
    idiot = text.rindex("idiot")
    assert [(s.start, s.end) for s in verdict.spans if s.reason == "abusive"] == [
        (idiot, idiot + len("idiot"))
    ]


def test_abusive_words_late_in_a_long_comment_raise_its_abuse_score(real, policy):
    civil = civil_text(5 * MAX_TEXT_CHARS)
    insult = "You are a complete idiot and a disgrace."
    rant = " ".join([insult, "Shut up, you stupid moron.", "Nobody cares, pathetic loser."] * 10)
    clean = moderate(submission(civil), policy, real)
    one = moderate(submission(f"{civil} {insult}"), policy, real)
    ranting = moderate(submission(f"{civil} {rant}"), policy, real)
    # The window is scored as a whole, as a comment of its length would be: one insult in
    # 20,000 characters weighs little, a paragraph of them holds it as abusive.
    assert clean.scores["abuse"] < one.scores["abuse"]
    assert clean.scores["abuse"] < policy.thresholds.abuse <= ranting.scores["abuse"]
    assert "abusive" not in clean.reasons
    assert {"too_long", "abusive"} <= set(ranting.reasons)


def aligned_blocks(count: int) -> str:
    """Civil text of `count` blocks of MAX_TEXT_CHARS, each ending in a space: windows start at
    each block (their own parts are cut at the last space before the limit)."""
    blocks = [
        civil_text(MAX_TEXT_CHARS + 200, seed)[: MAX_TEXT_CHARS - 1] + " " for seed in range(count)
    ]
    return "".join(blocks)


def test_a_threat_in_a_late_window_is_held_as_a_threat(real, policy):
    # The threat model reads each window's first sentences, as it reads a comment's.
    before = aligned_blocks(3)
    text = before + "I hope someone kills you and your family. " + civil_text(3 * MAX_TEXT_CHARS)
    assert [w.start for w in windows(text)][:4] == [0, 20_000, 40_000, 60_000]
    verdict = moderate(submission(text), policy, real)
    assert verdict.scores["threat_of_violence"] >= policy.thresholds.threat
    assert "threat" in verdict.reasons
    (span,) = [s for s in verdict.spans if s.reason == "threat"]
    assert text[span.start : span.end] == "I hope someone kills you and your family."
    clean = moderate(submission(before + civil_text(3 * MAX_TEXT_CHARS)), policy, real)
    assert clean.scores["threat_of_violence"] < policy.thresholds.threat


def test_links_in_different_windows_add_up():
    gap = CIVIL * (MAX_TEXT_CHARS // len(CIVIL))
    text = f"See https://a.example {gap} and https://b.example {gap} and https://c.example"
    verdict = moderate(submission(text), Policy(max_links=2), FAKES)
    assert verdict.scores["links"] == 3.0
    assert {"too_long", "too_many_links"} <= set(verdict.reasons)
    starts = [s.start for s in verdict.spans if s.reason == "too_many_links"]
    assert starts == [text.index("https://a"), text.index("https://b"), text.index("https://c")]


def test_a_banned_word_in_a_late_window_still_rejects():
    text = CIVIL * (2 * MAX_TEXT_CHARS // len(CIVIL)) + " What a scumbag."
    verdict = moderate(submission(text), Policy(banned_words_reject=("scumbag",)), FAKES)
    assert verdict.decision == "reject"
    assert "banned_word" in verdict.enforced


def test_a_long_comment_past_the_time_budget_is_held_and_says_it_is_too_long():
    ticks = itertools.count(0.0, 0.1)
    text = CIVIL * (10 * MAX_TEXT_CHARS // len(CIVIL))
    verdict = moderate(
        submission(text), Policy(time_budget_s=2.0), FAKES, clock=lambda: next(ticks)
    )
    assert (verdict.decision, verdict.reasons) == ("hold", ("too_long", "classifier_unavailable"))


def test_the_topic_model_is_primed_with_the_opening_of_a_long_comment_and_parent():
    primed = []

    class Topic(type(FAKES.topic)):  # type: ignore[misc]
        def prime(self, items):
            primed.extend(items)

    classifiers = type(FAKES)(abuse=FAKES.abuse, topic=Topic(), spam=FAKES.spam)
    long_text = CIVIL * (2 * MAX_TEXT_CHARS // len(CIVIL))
    moderate_many([submission(long_text, parent=long_text)], Policy(), classifiers)
    ((text, _, parent),) = primed
    assert text == parent == first_window(long_text)


def test_scoring_a_five_megabyte_comment_takes_bounded_memory(real, policy):
    # Before windows, scoring took about 36 bytes a character that Python itself allocates (the
    # tokenizer's share, which tracemalloc does not see, came on top): 180 MB here. One window
    # takes a few MB whatever the length.
    text = "The bridge is long overdue. " * 190_000
    assert len(text) > 5_000_000
    moderate(submission("warm the caches up"), policy, real)
    tracemalloc.start()
    try:
        verdict = moderate(submission(text), policy, real)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert verdict.decision == "hold" and verdict.reasons[0] == "too_long"
    assert peak < 50_000_000


def test_links_premoderation_holds_a_long_comment_whose_reference_link_is_defined_in_another_part():
    # the use in the first window, the definition past the limit: counted a part at a time, the
    # link is not seen, but the rule is a hard one (shadow mode too), so it must fail closed
    text = "See [the council report][1]. " + civil_text(MAX_TEXT_CHARS + 5_000)
    text += "\n\n[1]: https://spam.example/offer\n"
    shadow = replace(
        default_policy(), shadow=True, premoderation=frozenset({"links"}), time_budget_s=600.0
    )
    verdict = moderate(submission(text), shadow, FAKES)
    assert verdict.decision == "hold"
    assert "has_links" in verdict.enforced_reasons


def test_links_premoderation_lets_a_long_comment_without_any_link_mark_through_in_shadow_mode():
    text = civil_text(MAX_TEXT_CHARS + 5_000)
    shadow = replace(
        default_policy(), shadow=True, premoderation=frozenset({"links"}), time_budget_s=600.0
    )
    verdict = moderate(submission(text), shadow, FAKES)
    assert "has_links" not in verdict.reasons
