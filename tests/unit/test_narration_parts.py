"""Parts: long paragraphs are synthesised a few sentences at a time, in reading order, and the
parts ready so far are reported so that a player can start before the narration is complete."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from masthead.articles.body import parse_body
from masthead.narration.engines import SENTENCE_GAP_SECONDS
from masthead.narration.engines.fake import FakeEngine
from masthead.narration.pipeline import (
    PART_JOIN_GAP,
    PartReady,
    SegmentCache,
    group_sentences,
    plan_parts,
    render,
)
from masthead.narration.script import build_script

LONG = " ".join(
    f"Sentence {n} of the long paragraph has exactly twelve words in it, all told."
    for n in ("one", "two", "three", "four", "five")
)
BODY = f"A short first paragraph.\n\n{LONG}\n\nA short last paragraph."


def _script(body: str = BODY):  # type: ignore[no-untyped-def]
    return build_script("Bridge vote", "", parse_body(body))


@pytest.mark.parametrize(
    ("words", "limit", "groups"),
    [
        ([], 30, []),
        ([10, 10, 10], 30, [(0, 3)]),
        ([15, 15], 30, [(0, 2)]),
        ([20, 20], 30, [(0, 1), (1, 2)]),
        ([40, 5, 5], 30, [(0, 1), (1, 3)]),
        ([5, 40, 5], 30, [(0, 1), (1, 2), (2, 3)]),
        ([12, 12, 12, 12, 12], 30, [(0, 2), (2, 4), (4, 5)]),
    ],
)
def test_sentences_are_grouped_in_order_up_to_the_word_limit(words, limit, groups):
    assert group_sentences(words, limit) == groups


def test_a_long_paragraph_is_several_parts_with_its_pauses_only_at_its_ends() -> None:
    script = _script()
    plans = plan_parts(script)
    long_index = next(i for i, p in enumerate(script.paragraphs) if len(p.sentences) == 5)
    long_parts = [p for p in plans if p.paragraph == long_index]
    assert [(p.first, p.end) for p in long_parts] == [(0, 2), (2, 4), (4, 5)]
    paragraph = script.paragraphs[long_index]
    assert long_parts[0].pause_before == paragraph.pause_before
    assert [p.pause_before for p in long_parts[1:]] == [0.0, 0.0]
    assert [p.pause_after for p in long_parts[:-1]] == [PART_JOIN_GAP, PART_JOIN_GAP]
    assert long_parts[-1].pause_after == paragraph.pause_after
    assert plans[-1].pause_after == 0.3  # the end of the narration
    # every sentence of the script is in exactly one part, in reading order
    covered = [(p.paragraph, s) for p in plans for s in range(p.first, p.end)]
    expected = [(i, s) for i, p in enumerate(script.paragraphs) for s in range(len(p.sentences))]
    assert covered == expected


def test_progress_reports_each_part_on_the_final_timeline_in_reading_order(
    tmp_path: Path,
) -> None:
    cache = SegmentCache(tmp_path)
    reports: list[tuple[int, int, PartReady]] = []
    rendered = render(
        _script(), FakeEngine(), cache, progress=lambda d, t, p: reports.append((d, t, p))
    )
    total = rendered.segments_total
    assert [d for d, _, _ in reports] == list(range(1, total + 1))
    assert all(t == total for _, t, _ in reports)
    parts = [p for _, _, p in reports]
    assert [p.index for p in parts] == list(range(total))

    # with the first part, every sentence of the script; only the first part's have times yet
    first = parts[0]
    assert first.script is not None
    assert len(first.script) == len(rendered.timings["sentences"])
    timed = [s for s in first.script if s["start"] is not None]
    assert [s["text"] for s in timed] == ["Bridge vote"] == [s["text"] for s in first.sentences]
    assert all(p.script is None for p in parts[1:])  # the script is given once

    # the parts follow one another on the final timeline, each with its sentences' final times
    for before, after in zip(parts, parts[1:], strict=False):
        assert after.start == pytest.approx(before.start + before.duration, abs=0.002)
        assert after.first_sentence == before.end_sentence
    assert parts[-1].end_sentence == len(rendered.timings["sentences"])
    assert parts[-1].start + parts[-1].duration == pytest.approx(rendered.duration, abs=0.01)
    assert [s for p in parts for s in p.sentences] == rendered.timings["sentences"]
    # the parts, played one after another, are exactly the final file
    joined = b"".join(cache.get_piece(p.key).mp3 for p in parts)  # type: ignore[union-attr]
    assert joined == rendered.mp3


def _report_size(report: object) -> int:
    """Characters of a progress report as JSON (a dataclass as its fields)."""
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        report = dataclasses.asdict(report)
    return len(json.dumps(report))


def test_each_progress_report_is_the_size_of_its_part_not_of_the_article(tmp_path: Path) -> None:
    # 120 paragraphs of one part each: were every report the parts and sentences so far,
    # the reports together would be about 60 times the article's timings
    body = "\n\n".join(f"Paragraph {n} says the council will vote." for n in range(1, 121))
    script = build_script("Bridge vote", "", parse_body(body))
    sizes: list[int] = []
    rendered = render(
        script,
        FakeEngine(),
        SegmentCache(tmp_path),
        progress=lambda done, total, part: sizes.append(_report_size(part)),
    )
    assert len(sizes) == rendered.segments_total == 121
    whole = len(json.dumps(rendered.timings["sentences"]))
    # the first report carries the script's sentences once; every later one only its part
    assert sizes[0] < 2 * whole
    assert max(sizes[1:]) < whole / 20
    assert sum(sizes) < 4 * whole


def test_joins_inside_a_paragraph_sound_like_a_sentence_gap(tmp_path: Path) -> None:
    rendered = render(_script(), FakeEngine(), SegmentCache(tmp_path))
    sentences = rendered.timings["sentences"]
    long = [s for s in sentences if s["text"].startswith("Sentence")]
    gaps = [b["start"] - a["end"] for a, b in zip(long, long[1:], strict=False)]
    assert len(gaps) == 4
    for gap in gaps:  # within a part, and across the two joins between parts
        assert gap == pytest.approx(SENTENCE_GAP_SECONDS, abs=0.04)


def test_an_edit_in_a_long_paragraph_resynthesises_only_its_part(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    engine = FakeEngine()
    render(_script(), engine, cache)
    engine.calls.clear()
    body = BODY.replace("Sentence four of the", "Sentence four of this")
    edited = render(_script(body), engine, cache)
    assert edited.segments_synthesised == 1 and edited.segments_total == 6
    # the part of sentences three and four; not the paragraph's other two parts
    assert engine.calls == [
        "Sentence three of the long paragraph has exactly twelve words in it, all told.",
        "Sentence four of this long paragraph has exactly twelve words in it, all told.",
    ]


def test_a_spelling_that_sounds_the_same_costs_no_synthesis(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    engine = FakeEngine()
    render(_script(), engine, cache)
    engine.calls.clear()
    edited = render(_script(BODY.replace("Sentence four", "Sentence 4")), engine, cache)
    assert edited.segments_synthesised == 0 and engine.calls == []
