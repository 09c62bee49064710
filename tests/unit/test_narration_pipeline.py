"""Engines, paragraph cache, joining and MP3 encoding, without a database."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import miniaudio
import pytest

from masthead.articles.body import parse_body
from masthead.narration.engines import EngineUnavailable, UnknownEngine, get_engine
from masthead.narration.engines.espeak import EspeakEngine
from masthead.narration.engines.fake import FakeEngine
from masthead.narration.pipeline import (
    SegmentCache,
    encode_mp3,
    mp3_duration,
    render,
    script_key,
    segment_key,
)
from masthead.narration.script import build_script

BODY = "The council voted 9-4 for the bridge.\n\n## Cost\n\nIt will cost £40m. Work starts in 2027."


def _script(body: str = BODY):  # type: ignore[no-untyped-def]
    return build_script("Council backs bridge", "A vote after years of debate.", parse_body(body))


def test_fake_engine_is_deterministic_and_times_every_sentence() -> None:
    engine = FakeEngine()
    first = engine.synthesize(["One two three.", "Four five."])
    again = FakeEngine().synthesize(["One two three.", "Four five."])
    assert first.pcm == again.pcm
    assert len(first.sentences) == 2
    assert 0 == first.sentences[0].start < first.sentences[0].end < first.sentences[1].start
    assert first.sentences[1].end == pytest.approx(first.duration, abs=0.01)


def test_unknown_engine_is_refused_with_the_choices() -> None:
    with pytest.raises(UnknownEngine, match="piper, espeak, fake"):
        get_engine("festival")


def test_missing_espeak_program_says_how_to_install_it() -> None:
    engine = EspeakEngine(program="espeak-ng-not-installed-here")
    with pytest.raises(EngineUnavailable, match="apt-get install espeak-ng"):
        engine.synthesize(["Hello."])


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None and os.environ.get("CI") != "true",
    reason="espeak-ng is not installed",
)
def test_espeak_speaks_each_sentence_with_its_timing() -> None:
    engine = EspeakEngine("en_US-joe-medium")  # a Piper voice name falls back to its language
    assert engine.voice == "en-us"
    result = engine.synthesize(["The bridge opens in spring.", "Tolls will be low."])
    assert result.sample_rate == 22050
    assert result.duration > 1.5
    assert [round(s.start, 2) for s in result.sentences][0] == 0
    assert result.sentences[0].end < result.sentences[1].start
    assert engine.version.startswith("espeak-ng-")


def test_render_joins_paragraphs_with_monotonic_sentence_timings(tmp_path: Path) -> None:
    script = _script()
    rendered = render(script, FakeEngine(), SegmentCache(tmp_path))
    sentences = rendered.timings["sentences"]
    assert len(sentences) == sum(len(p.sentences) for p in script.paragraphs)
    starts = [s["start"] for s in sentences]
    assert starts == sorted(starts)
    assert all(s["start"] < s["end"] for s in sentences)
    assert all(a["end"] <= b["start"] for a, b in zip(sentences, sentences[1:], strict=False))
    assert sentences[-1]["end"] <= rendered.duration
    assert rendered.segments_synthesised == rendered.segments_total == len(script.paragraphs)
    assert {s["target"] for s in sentences} == {
        "headline",
        "standfirst",
        "body/0",
        "body/1",
        "body/2",
    }


def test_render_synthesises_only_paragraphs_not_in_the_cache(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    engine = FakeEngine()
    first = render(_script(), engine, cache)
    engine.calls.clear()
    again = render(_script(), engine, cache)
    assert again.segments_synthesised == 0 and engine.calls == []
    assert again.mp3 == first.mp3

    edited = BODY.replace("9-4", "10-3")
    after_edit = render(_script(edited), engine, cache)
    assert after_edit.segments_synthesised == 1
    assert engine.calls == ["The council voted ten to three for the bridge."]


def test_cache_key_depends_on_text_and_engine_version() -> None:
    paragraph = _script().paragraphs[0]
    assert segment_key(paragraph, "fake-1/a") != segment_key(paragraph, "fake-1/b")
    assert script_key(_script(), "v") != script_key(_script(BODY + "\n\nMore."), "v")


def test_a_torn_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    engine = FakeEngine()
    first = render(_script(), engine, cache)
    piece = next(tmp_path.rglob("*.mp3"))
    piece.write_bytes(piece.read_bytes()[:100])  # a torn encoded paragraph: encoded again
    engine.calls.clear()
    again = render(_script(), engine, cache)
    assert again.segments_synthesised == 0 and again.mp3 == first.mp3

    pcm_file = next(tmp_path.rglob("*.pcm"))
    pcm_file.write_bytes(pcm_file.read_bytes()[:100])
    for encoded in tmp_path.rglob("*.mp3*"):
        encoded.unlink()
    rebuilt = render(_script(), engine, cache)
    assert rebuilt.segments_synthesised == 1


def test_mp3_decodes_to_the_rendered_length_with_sentences_where_the_timings_say(
    tmp_path: Path,
) -> None:
    import numpy as np

    rendered = render(_script(), FakeEngine(), SegmentCache(tmp_path))
    decoded = miniaudio.mp3_read_s16(rendered.mp3)
    samples = np.array(decoded.samples, dtype=np.float64)
    rate = decoded.sample_rate
    assert rate == 22050 and decoded.nchannels == 1
    assert len(samples) / rate == pytest.approx(rendered.duration, abs=0.01)
    assert mp3_duration(rendered.mp3) == pytest.approx(rendered.duration, abs=0.01)

    def loudness(start: float, end: float) -> float:
        window = samples[int(start * rate) : int(end * rate)]
        return float(np.sqrt(np.mean(window**2)))

    sentences = rendered.timings["sentences"]
    for sentence in sentences:  # the fake voice's tone sounds inside every sentence
        assert loudness(sentence["start"] + 0.05, sentence["start"] + 0.2) > 500
    for before, after in zip(sentences, sentences[1:], strict=False):
        if after["start"] - before["end"] > 0.3:  # a paragraph pause is silent
            assert loudness(before["end"] + 0.05, after["start"] - 0.05) < 50
    # 48 kbit/s: about 6 KB a second
    assert len(rendered.mp3) / rendered.duration < 6500


def test_lame_delay_constant_matches_the_encoder() -> None:
    import numpy as np

    from masthead.narration.pipeline import ENCODER_DELAY_SAMPLES

    pcm = np.zeros(22050, dtype=np.int16)
    pcm[1000:1200] = (np.sin(np.arange(200) * 0.5) * 20000).astype(np.int16)
    decoded = np.array(miniaudio.mp3_read_s16(encode_mp3(pcm.tobytes(), 22050)).samples)
    onset = int(np.argmax(np.abs(decoded) > 3000))
    assert abs(onset - 1000 - ENCODER_DELAY_SAMPLES) <= 3
