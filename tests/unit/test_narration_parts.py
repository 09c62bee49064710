"""Parts: long paragraphs are synthesised a few sentences at a time, in reading order, and the
parts ready so far are reported so that a player can start before the narration is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from masthead.articles.body import parse_body
from masthead.narration.engines import SENTENCE_GAP_SECONDS
from masthead.narration.engines.fake import FakeEngine
from masthead.narration.pipeline import (
    PART_JOIN_GAP,
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


def test_progress_reports_the_parts_ready_so_far_on_the_final_timeline(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    snapshots: list[tuple[int, int, dict]] = []  # type: ignore[type-arg]
    rendered = render(
        _script(), FakeEngine(), cache, progress=lambda d, t, p: snapshots.append((d, t, p))
    )
    total = rendered.segments_total
    assert [d for d, _, _ in snapshots] == list(range(1, total + 1))
    assert all(t == total for _, t, _ in snapshots)

    first = snapshots[0][2]
    assert len(first["parts"]) == 1 and first["parts_total"] == total
    # all sentences are known from the start; only the first part's have times yet
    assert len(first["sentences"]) == len(rendered.timings["sentences"])
    timed = [s for s in first["sentences"] if s["start"] is not None]
    assert [s["text"] for s in timed] == ["Bridge vote"]

    final = snapshots[-1][2]
    parts = final["parts"]
    for before, after in zip(parts, parts[1:], strict=False):
        assert after["start"] == pytest.approx(before["start"] + before["duration"], abs=0.002)
    assert final["duration_ready"] == pytest.approx(rendered.duration, abs=0.01)
    assert final["sentences"] == rendered.timings["sentences"]
    # the parts, played one after another, are exactly the final file
    joined = b"".join(cache.get_piece(p["key"]).mp3 for p in parts)  # type: ignore[union-attr]
    assert joined == rendered.mp3


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
