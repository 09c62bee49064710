"""Narration end to end: real voices, the publish/edit signal, caching, failures and retries."""

from __future__ import annotations

import io
import os
import wave
from datetime import timedelta
from pathlib import Path

import miniaudio
import pytest
from django.utils import timezone

from masthead.articles import actions as article_actions
from masthead.articles.models import Article
from masthead.narration import actions
from masthead.narration.models import Narration
from masthead.narration.pipeline import SegmentCache
from masthead.narration.tasks import article_script, run_narration
from tests.conftest import SEED_FILE
from tests.support.narration import (
    SHORT_BODY,
    audio_bytes,
    fake_engine,
    seed_article_fields,
    use_engine,
)

pytestmark = pytest.mark.django_db


def _edit(article: Article, capture, **fields: object) -> None:  # type: ignore[no-untyped-def]
    for name, value in fields.items():
        setattr(article, name, value)
    with capture(execute=True):
        article_actions.save_article(article)


@pytest.mark.slow
@pytest.mark.skipif(
    not SEED_FILE.exists() and os.environ.get("CI") != "true",
    reason="the shared seed article is not present",
)
def test_real_article_narrated_with_piper_decodes_with_the_right_length_and_ordered_timings(
    settings, make_article
):
    use_engine(settings, "piper")
    article = make_article(slug="diplomats-meet", **seed_article_fields(paragraphs=2))
    narration = run_narration(article.pk)

    assert narration.status == Narration.Status.READY, narration.reason
    assert narration.engine == "piper" and "en_US-joe-medium" in narration.engine_version
    data = audio_bytes(narration)
    assert data[:3] == b"ID3" or data[0] == 0xFF
    decoded = miniaudio.mp3_read_s16(data)
    decoded_seconds = decoded.num_frames / decoded.sample_rate
    assert decoded.sample_rate == 22050 and decoded.nchannels == 1
    assert 10 < decoded_seconds < 120

    # the sum of its parts: every paragraph's cached audio plus the pauses between them
    script = article_script(article)
    cache = SegmentCache(settings.MASTHEAD["NARRATION_CACHE_DIR"])
    from masthead.narration.config import configured_engine
    from masthead.narration.pipeline import segment_key

    version = configured_engine().version
    parts = [cache.get(segment_key(p, version)) for p in script.paragraphs]
    assert all(part is not None for part in parts)
    parts_seconds = sum(part.duration for part in parts if part) + sum(
        p.pause_before + p.pause_after for p in script.paragraphs
    )
    assert decoded_seconds == pytest.approx(parts_seconds, rel=0.10)
    assert narration.duration == pytest.approx(decoded_seconds, rel=0.02)

    sentences = narration.timings["sentences"]
    assert len(sentences) == sum(len(p.sentences) for p in script.paragraphs)
    points = [t for s in sentences for t in (s["start"], s["end"])]
    assert points == sorted(points) and points[-1] <= decoded_seconds
    words = [w for s in sentences for w in s["words"]]
    assert words, "Piper gives word timings for at least some sentences"
    for sentence in sentences:
        times = [t for w in sentence["words"] for t in (w[1], w[2])]
        assert times == sorted(times)
        if times:
            assert sentence["start"] <= times[0] and times[-1] <= sentence["end"] + 0.05
    # the printed sentence is where the timings say it is on the page
    assert sentences[0]["target"] == "headline"
    assert article.headline[sentences[0]["from"] : sentences[0]["to"]] == sentences[0]["text"]


@pytest.mark.slow
def test_an_edit_resynthesises_only_the_changed_paragraph(
    settings, make_article, django_capture_on_commit_callbacks
):
    use_engine(settings, "piper")
    article = make_article(body=SHORT_BODY)
    first = run_narration(article.pk)
    assert first.status == "ready", first.reason
    assert first.segments_synthesised == first.segments_total == 6
    cache_files = set(settings.MASTHEAD["NARRATION_CACHE_DIR"] and _cache_files(settings))

    edited = SHORT_BODY.replace("five to six hours", "about seven hours")
    _edit(article, django_capture_on_commit_callbacks, body=edited)  # the signal narrates

    after = Narration.objects.get(article=article)
    assert after.status == "ready", after.reason
    assert after.segments_synthesised == 1 and after.segments_total == 6
    # one paragraph's speech (.pcm, .json) and its encoding (.mp3, .mp3.json)
    assert len(_cache_files(settings) - cache_files) == 4
    assert after.audio != first.audio and not first.audio_path.exists()
    spoken = " ".join(s["text"] for s in after.timings["sentences"])
    assert "about seven hours" in spoken


def _cache_files(settings) -> set[str]:  # type: ignore[no-untyped-def]
    from pathlib import Path

    return {
        str(p) for p in Path(settings.MASTHEAD["NARRATION_CACHE_DIR"]).rglob("*") if p.is_file()
    }


def test_publishing_an_article_narrates_it(make_article, django_capture_on_commit_callbacks):
    fake_engine()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    assert not Narration.objects.filter(article=draft).exists()
    with django_capture_on_commit_callbacks(execute=True):
        article_actions.publish_article(draft)
    narration = Narration.objects.get(article=draft)
    assert narration.status == "ready"
    assert narration.source_hash == draft.content_hash


def test_drafts_are_not_narrated(make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_article(status=Article.Status.DRAFT, published_at=None)
    assert not Narration.objects.filter(article=draft).exists()


def test_narration_on_publish_can_be_switched_off(
    settings, make_article, django_capture_on_commit_callbacks
):
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()
    assert not Narration.objects.filter(article=article).exists()


def test_a_change_nobody_hears_does_not_renarrate(make_article, django_capture_on_commit_callbacks):
    engine = fake_engine()
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()
    engine.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article_actions.add_correction(article, "An earlier version misspelt a name.")
    assert engine.calls == []
    assert Narration.objects.get(article=article).attempts == 1


def test_running_the_task_twice_does_no_work_the_second_time(make_article):
    engine = fake_engine()
    article = make_article()
    first = run_narration(article.pk)
    engine.calls.clear()
    second = run_narration(article.pk)
    assert second.status == "ready" and engine.calls == []
    assert second.audio == first.audio


def test_missing_engine_leaves_a_clear_failure_and_a_retry_works(
    settings, make_article, monkeypatch
):
    article = make_article()
    use_engine(settings, "espeak")
    monkeypatch.setattr("masthead.narration.engines.espeak.shutil.which", lambda name: None)
    failed = run_narration(article.pk)
    assert failed.status == "failed"
    assert "espeak-ng is not installed" in failed.reason
    assert not failed.has_audio

    use_engine(settings, "fake")
    fake_engine()
    actions.regenerate(article)  # on_commit is not run under the test transaction
    retried = run_narration(article.pk, force=True)
    assert retried.status == "ready" and retried.reason == ""
    assert retried.attempts == 2


def test_a_crash_mid_narration_keeps_the_old_audio_and_the_retry_resumes(
    make_article, django_capture_on_commit_callbacks
):
    engine = fake_engine()
    article = make_article(body=SHORT_BODY)
    good = run_narration(article.pk)
    assert good.status == "ready"

    engine.fail_on = "about seven hours"
    engine.calls.clear()
    _edit(
        article,
        django_capture_on_commit_callbacks,
        headline="Diplomats meet again",
        body=SHORT_BODY.replace("five to six hours", "about seven hours"),
    )
    crashed = Narration.objects.get(article=article)
    assert crashed.status == "failed"
    assert "fake engine crashed" in crashed.reason
    assert crashed.audio == good.audio and crashed.audio_path.exists()  # the old audio still plays
    assert engine.calls == ["Diplomats meet again."]  # the headline was done before the crash

    engine.fail_on = None
    engine.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)
    retried = Narration.objects.get(article=article)
    assert retried.status == "ready"
    assert retried.segments_synthesised == 1  # the headline came from the cache
    assert engine.calls == [
        "State television said the meeting was expected to last about seven hours."
    ]


def test_a_worker_that_died_mid_task_reads_as_failed_with_a_retry(client, admin_user, make_article):
    article = make_article()
    Narration.objects.create(
        article=article,
        status=Narration.Status.GENERATING,
        started_at=timezone.now() - timedelta(hours=1),
    )
    narration = Narration.objects.get(article=article)
    assert narration.shown_status == "failed"
    assert "interrupted" in narration.shown_reason
    client.force_login(admin_user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "interrupted" in html and "Regenerate audio" in html


def test_an_unknown_engine_in_settings_fails_with_the_reason(settings, make_article):
    article = make_article()
    use_engine(settings, "festival")
    narration = run_narration(article.pk)
    assert narration.status == "failed"
    assert "unknown speech engine 'festival'" in narration.reason


@pytest.mark.skipif(
    __import__("shutil").which("espeak-ng") is None and os.environ.get("CI") != "true",
    reason="espeak-ng missing",
)
def test_espeak_fallback_narrates_an_article(settings, make_article):
    use_engine(settings, "espeak")
    article = make_article(body=SHORT_BODY)
    narration = run_narration(article.pk)
    assert narration.status == "ready", narration.reason
    assert narration.engine == "espeak"
    decoded = miniaudio.mp3_read_s16(audio_bytes(narration))
    assert decoded.num_frames / decoded.sample_rate == pytest.approx(narration.duration, rel=0.05)


def test_espeak_streamed_wav_sizes_are_repaired() -> None:
    # espeak-ng writes 0xFFFFFFFF sizes to stdout; the engine corrects them before reading.
    from masthead.narration.engines.espeak import _fix_stream_wav

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x01\x00" * 100)
    data = bytearray(buffer.getvalue())
    data[4:8] = b"\xff\xff\xff\xff"
    data[40:44] = b"\xff\xff\xff\xff"
    with wave.open(io.BytesIO(_fix_stream_wav(bytes(data)))) as fixed:
        assert fixed.getnframes() == 100


def test_a_slow_worker_does_not_overwrite_audio_of_newer_text(make_article):
    from masthead.narration.tasks import run_narration as narrate

    fake_engine()
    article = make_article(body=SHORT_BODY)
    old_text = narrate(article.pk)
    stale_audio = {
        field: getattr(old_text, field)
        for field in [
            "audio",
            "audio_hash",
            "duration",
            "size",
            "timings",
            "script_hash",
            "source_hash",
        ]
    }
    article.body = SHORT_BODY + "\n\nA late paragraph."
    article.save()
    newer = narrate(article.pk)
    assert newer.source_hash == article.content_hash
    kept = actions.complete_narration(article.pk, stale_audio)  # the slow worker finishes last
    assert kept.audio == newer.audio and kept.source_hash == article.content_hash


def _audio_file(article: Article, data: bytes) -> dict[str, object]:
    """A run's finished audio as the task hands it to `complete_narration`."""
    import hashlib

    from django.conf import settings

    audio_hash = hashlib.sha256(data).hexdigest()
    relative = f"narration/{article.pk}-{audio_hash[:16]}.mp3"
    path = settings.MEDIA_ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {
        "audio": relative,
        "audio_hash": audio_hash,
        "duration": 1.0,
        "size": len(data),
        "timings": [],
        "script_hash": "script",
        "source_hash": article.content_hash,
    }


def test_a_run_that_was_started_again_finishing_late_does_not_end_the_newer_run(
    make_article, monkeypatch, django_capture_on_commit_callbacks
):
    from django.conf import settings

    from masthead.narration import tasks

    fake_engine()
    article = make_article(body=SHORT_BODY)
    real_render = tasks.render

    def render_while_restarted(*args, **kwargs):  # type: ignore[no-untyped-def]
        rendered = real_render(*args, **kwargs)
        actions.start_narration(article.pk)  # meanwhile another worker starts run 2
        return rendered

    monkeypatch.setattr(tasks, "render", render_while_restarted)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_narration(article.pk)  # run 1 ends after run 2 began
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.GENERATING and narration.attempts == 2
    assert narration.audio == "" and narration.progress == 0
    # run 1's file stays: run 2, still going, may write the very same file (named by its hash)
    assert len(list((settings.MEDIA_ROOT / "narration").glob("*.mp3"))) == 1

    # run 2's own completion then ends it
    done = actions.complete_narration(article.pk, _audio_file(article, b"run 2"), run=2)
    assert done.status == Narration.Status.READY and done.progress == 100
    assert done.audio_path is not None and done.audio_path.read_bytes() == b"run 2"


def test_a_run_that_was_started_again_finding_nothing_to_do_does_not_mark_the_newer_run_ready(
    make_article, monkeypatch
):
    from masthead.narration import tasks

    fake_engine()
    article = make_article(body=SHORT_BODY)
    assert run_narration(article.pk).status == Narration.Status.READY  # audio matches the text
    real_ready_engine = tasks.ready_engine

    def ready_engine_while_restarted():  # type: ignore[no-untyped-def]
        actions.start_narration(article.pk)  # meanwhile another worker starts a newer run
        return real_ready_engine()

    monkeypatch.setattr(tasks, "ready_engine", ready_engine_while_restarted)
    stale = tasks.run_narration(article.pk)  # finds the audio current: would skip
    newer = Narration.objects.get(article=article)
    assert stale.status == newer.status == Narration.Status.GENERATING
    assert newer.attempts == 3 and newer.progress == 0 and newer.finished_at is None
    # the newer run's own skip then ends it
    done = actions.skip_narration(article.pk, run=3)
    assert done.status == Narration.Status.READY and done.progress == 100


def test_a_run_finishing_after_its_replacement_keeps_the_replacements_audio(
    make_article, django_capture_on_commit_callbacks
):
    article = make_article(body=SHORT_BODY)
    first = actions.start_narration(article.pk).attempts
    second = actions.start_narration(article.pk).attempts
    late, current = _audio_file(article, b"run 1"), _audio_file(article, b"run 2")
    with django_capture_on_commit_callbacks(execute=True):
        actions.complete_narration(article.pk, current, run=second)
        kept = actions.complete_narration(article.pk, late, run=first)
    assert kept.status == Narration.Status.READY and kept.audio == current["audio"]
    assert Narration.objects.get(article=article).audio_path.read_bytes() == b"run 2"
    assert not (kept.audio_path.parent / Path(str(late["audio"])).name).exists()  # removed


def test_deleting_an_article_deletes_its_audio(make_article, django_capture_on_commit_callbacks):
    fake_engine()
    article = make_article()
    narration = run_narration(article.pk)
    path = narration.audio_path
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert not path.exists()


def test_the_task_for_a_deleted_article_ends_quietly(make_article):
    from masthead.narration.tasks import narrate_article

    article = make_article()
    article_id = article.pk
    article.delete()
    result = narrate_article.enqueue(article_id, False)
    assert result.return_value == "gone"


@pytest.mark.skipif(__import__("shutil").which("espeak-ng") is None, reason="espeak-ng missing")
def test_when_the_neural_voice_cannot_run_espeak_reads_it_and_editors_are_told(
    settings, make_article
):
    use_engine(settings, "piper", voice="en_GB-no-such-voice-low")
    article = make_article()
    narration = run_narration(article.pk)
    assert narration.status == "ready"
    assert narration.engine == "espeak"
    assert "fallback voice (espeak-ng)" in narration.reason and "not found" in narration.reason


def test_when_no_engine_can_run_the_narration_fails_with_the_reason(
    settings, make_article, monkeypatch
):
    use_engine(settings, "piper", voice="en_GB-no-such-voice-low")
    monkeypatch.setattr("masthead.narration.engines.espeak.shutil.which", lambda name: None)
    narration = run_narration(make_article().pk)
    assert narration.status == "failed"
    assert "Piper voice 'en_GB-no-such-voice-low' not found" in narration.reason


@pytest.mark.slow
def test_piper_narrates_with_two_parts_at_once_in_reading_order(settings, make_article, tmp_path):
    """NARRATION_PARALLEL=2 with the real voice: one onnxruntime session used by two threads
    (phonemes made one text at a time) gives the same parts, in order, as one at a time."""
    from masthead.narration.config import ready_engine
    from masthead.narration.pipeline import render

    use_engine(settings, "piper")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_PARALLEL": 2}
    article = make_article(slug="two-at-once", body=SHORT_BODY)
    narration = run_narration(article.pk)
    assert narration.status == Narration.Status.READY, narration.reason
    assert narration.segments_synthesised == narration.segments_total == 6
    decoded = miniaudio.mp3_read_s16(audio_bytes(narration))
    assert narration.duration == pytest.approx(decoded.num_frames / decoded.sample_rate, rel=0.02)
    sentences = narration.timings["sentences"]
    points = [t for s in sentences for t in (s["start"], s["end"])]
    assert points == sorted(points)
    assert any(s["words"] for s in sentences)

    engine, _ = ready_engine()
    serial = render(article_script(article), engine, SegmentCache(tmp_path), parallel=1)
    assert [s["text"] for s in serial.timings["sentences"]] == [s["text"] for s in sentences]
    # Piper samples its durations (noise in the duration predictor): the same sentence can come
    # out a few per cent longer or shorter each time, so the lengths are compared loosely.
    for one, other in zip(serial.timings["sentences"], sentences, strict=True):
        expected = one["end"] - one["start"]
        assert other["end"] - other["start"] == pytest.approx(expected, rel=0.15, abs=0.3)


@pytest.mark.parametrize("status", [Article.Status.SCHEDULED, Article.Status.PUBLISHED])
def test_an_article_scheduled_for_later_is_narrated_before_it_goes_live(
    make_article, django_capture_on_commit_callbacks, status
):
    # Nothing happens when a scheduled time passes, and the article was not narrated while
    # it waited either: it went live without audio until someone edited it.
    fake_engine()
    later = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(status=status, published_at=later)
    assert not article.is_live
    narration = Narration.objects.get(article=article)
    assert narration.status == "ready"
    assert narration.source_hash == article.content_hash
    with django_capture_on_commit_callbacks(execute=True):
        article.body = article.body.replace("the", "a", 1)
        article_actions.save_article(article)
    narration.refresh_from_db()
    assert narration.source_hash == article.content_hash  # edits while it waits re-narrate too
