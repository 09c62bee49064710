"""From script to a playable file: synthesise parts (cached), join them, encode MP3.

The unit of work is a *part*: a few sentences of one paragraph, about ten seconds of speech
(`plan_parts`; a paragraph of short sentences is one part, a long one several). A part's audio is
cached under a key made of its spoken sentences and the engine's version (engine, voice, rate),
and so is the part encoded as MP3 with its pauses; after an edit only the parts whose spoken
text changed are synthesised and encoded again, and the file is the encoded parts joined. Parts
are made in reading order (several at once when `parallel` > 1) and reported, strictly in reading
order, as they become ready (`progress`), so a player can start on the first part while the rest
is still being synthesised. Every sentence's start and end (and
word times where the engine gives them) are kept on the joined timeline, which the player uses
to highlight the sentence and word being read.

No database here: `masthead.narration.tasks` records the outcome.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from masthead.narration.engines.base import (
    SENTENCE_GAP_SECONDS,
    SentenceTiming,
    SpeechEngine,
    Synthesis,
    WordTiming,
    silence,
)
from masthead.narration.script import Paragraph, Script

MP3_BITRATE_KBPS = 48
TIMINGS_FORMAT = 1
# A part closes once it holds this many words (about ten seconds of speech at rate 1.0); a
# longer sentence is a part on its own. Sentences are never split: each is spoken whole.
PART_WORDS = 30


def speech_key(spoken: Sequence[str], engine_version: str) -> str:
    """Cache key of the speech of these sentences (in order) by this engine, voice and rate."""
    digest = hashlib.sha256(engine_version.encode())
    for sentence in spoken:
        digest.update(b"\x00")
        digest.update(sentence.encode())
    return digest.hexdigest()


def segment_key(paragraph: Paragraph, engine_version: str) -> str:
    """Cache key of a whole paragraph's speech (the key of its only part when it is short)."""
    return speech_key([s.spoken for s in paragraph.sentences], engine_version)


def group_sentences(word_counts: Sequence[int], limit: int = PART_WORDS) -> list[tuple[int, int]]:
    """Consecutive sentences grouped into parts of at most `limit` words: (first, end) index
    ranges covering every sentence in order; a sentence longer than `limit` is a part alone."""
    groups: list[tuple[int, int]] = []
    first, words = 0, 0
    for index, count in enumerate(word_counts):
        if index > first and words + count > limit:
            groups.append((first, index))
            first, words = index, 0
        words += count
    if word_counts:
        groups.append((first, len(word_counts)))
    return groups


@dataclass(frozen=True)
class PartPlan:
    """Sentences `first`:`end` of paragraph `paragraph`, with the silence around them."""

    paragraph: int
    first: int
    end: int
    pause_before: float
    pause_after: float


def plan_parts(script: Script, limit: int = PART_WORDS) -> list[PartPlan]:
    """The parts of a script in reading order. A paragraph's pauses go before its first part
    and after its last; between two parts of one paragraph there is the sentence gap, shortened
    by the encoder's delay (`PART_JOIN_GAP`) so the join sounds like any other sentence gap."""
    plans: list[PartPlan] = []
    last = len(script.paragraphs) - 1
    for index, paragraph in enumerate(script.paragraphs):
        groups = group_sentences([len(s.spoken.split()) for s in paragraph.sentences], limit)
        for number, (first, end) in enumerate(groups):
            if number < len(groups) - 1:
                after = PART_JOIN_GAP
            else:
                after = paragraph.pause_after if index < last else 0.3
            before = paragraph.pause_before if number == 0 else 0.0
            plans.append(PartPlan(index, first, end, before, after))
    return plans


def script_key(script: Script, engine_version: str) -> str:
    """Identifies the narration a script would produce (used to skip work already done)."""
    digest = hashlib.sha256(engine_version.encode())
    for paragraph in script.paragraphs:
        digest.update(segment_key(paragraph, engine_version).encode())
        digest.update(
            f"{paragraph.target}:{paragraph.pause_before}:{paragraph.pause_after}".encode()
        )
        for sentence in paragraph.sentences:
            digest.update(f"{sentence.start}:{sentence.end}".encode())
    return digest.hexdigest()


def read_along(script: Script) -> list[dict[str, Any]]:
    """Where each sentence of the script sits on the page, in reading order, as the timings
    list them (`render`): its target, its printed text and that text's offsets."""
    return [
        {
            "target": paragraph.target,
            "from": sentence.start,
            "to": sentence.end,
            "text": sentence.text,
        }
        for paragraph in script.paragraphs
        for sentence in paragraph.sentences
    ]


def read_along_key(sentences: Iterable[Mapping[str, Any]]) -> str:
    """Identifies the read-along of a narration: each sentence's target, printed text and
    offsets in reading order (from `read_along(script)` or from stored timings' "sentences",
    which give the same key). Audio is served only while this matches the article as parsed
    now (`narration.readalong`); the spoken forms, the lexicon and the voice are not part of
    it: they change how the same sentences sound, not which sentences the page highlights.
    Migration 0006 computes it from stored timings with its own copy of this function."""
    digest = hashlib.sha256(b"read-along 1")
    for sentence in sentences:
        row = [sentence["target"], sentence["from"], sentence["to"], sentence["text"]]
        digest.update(b"\x00" + json.dumps(row, ensure_ascii=False).encode())
    return digest.hexdigest()


class SegmentCache:
    """Part audio on disk (a part: a few sentences of one paragraph): `<key>.pcm` (16-bit mono)
    and `<key>.json` (rate, timings)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.root / key[:2]
        return folder / f"{key}.pcm", folder / f"{key}.json"

    def get(self, key: str) -> Synthesis | None:
        pcm_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text())
            pcm = pcm_path.read_bytes()
        except (OSError, ValueError):
            return None
        if len(pcm) != meta.get("bytes"):
            return None  # a torn write: synthesise again
        sentences = tuple(
            SentenceTiming(
                s["start"],
                s["end"],
                tuple(_word(w) for w in s.get("words", [])),
            )
            for s in meta["sentences"]
        )
        return Synthesis(pcm, int(meta["sample_rate"]), sentences)

    def put(self, key: str, synthesis: Synthesis) -> None:
        pcm_path, meta_path = self._paths(key)
        pcm_path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "sample_rate": synthesis.sample_rate,
            "bytes": len(synthesis.pcm),
            "sentences": [
                {
                    "start": s.start,
                    "end": s.end,
                    "words": [[w.word, w.start, w.end] for w in s.words],
                }
                for s in synthesis.sentences
            ],
        }
        _atomic_write(pcm_path, synthesis.pcm)
        _atomic_write(meta_path, json.dumps(meta).encode())

    def get_piece(self, key: str) -> Piece | None:
        mp3_path, meta_path = self._piece_paths(key)
        try:
            meta = json.loads(meta_path.read_text())
            mp3 = mp3_path.read_bytes()
        except (OSError, ValueError):
            return None
        if len(mp3) != meta.get("bytes"):
            return None
        sentences = tuple(
            SentenceTiming(s["start"], s["end"], tuple(_word(w) for w in s.get("words", [])))
            for s in meta["sentences"]
        )
        return Piece(mp3, float(meta["seconds"]), sentences)

    def put_piece(self, key: str, piece: Piece) -> None:
        mp3_path, meta_path = self._piece_paths(key)
        mp3_path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "bytes": len(piece.mp3),
            "seconds": piece.seconds,
            "sentences": [
                {
                    "start": s.start,
                    "end": s.end,
                    "words": [[w.word, w.start, w.end] for w in s.words],
                }
                for s in piece.sentences
            ],
        }
        _atomic_write(mp3_path, piece.mp3)
        _atomic_write(meta_path, json.dumps(meta).encode())

    def piece_path(self, key: str) -> Path | None:
        """The encoded part's MP3 file, if it is in the cache whole (for serving it)."""
        mp3_path, meta_path = self._piece_paths(key)
        try:
            meta = json.loads(meta_path.read_text())
            size = mp3_path.stat().st_size
        except (OSError, ValueError):
            return None
        return mp3_path if size == meta.get("bytes") else None

    def _piece_paths(self, key: str) -> tuple[Path, Path]:
        folder = self.root / key[:2]
        return folder / f"{key}.mp3", folder / f"{key}.mp3.json"

    def __contains__(self, key: str) -> bool:
        return all(path.exists() for path in self._paths(key))


def _word(raw: list[Any]) -> WordTiming:
    return WordTiming(str(raw[0]), float(raw[1]), float(raw[2]))


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# LAME delays its output by this many samples (encoder + decoder delay); players that find no
# gapless tag (we write none) play it, so every piece's audio starts this much into the piece.
ENCODER_DELAY_SAMPLES = 1105
# Silence that ends a part followed by another part of the same paragraph: the sentence gap less
# the encoder delay that starts the next part (22,050 Hz voices), so the joined gap is about the
# same as between two sentences of one part.
PART_JOIN_GAP = round(SENTENCE_GAP_SECONDS - ENCODER_DELAY_SAMPLES / 22050, 3)


def piece_key(segment: str, pause_before: float, pause_after: float) -> str:
    """The encoded paragraph: its audio (segment key), its pauses and the encoding."""
    raw = f"{segment}:{pause_before}:{pause_after}:mp3-{MP3_BITRATE_KBPS}k-v1"
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Piece:
    """One paragraph encoded on its own: MP3 frames that can be joined to other pieces.

    An MP3 stream starts with no reference to earlier frames and the encoder flushes its last
    frame, so pieces concatenate into one valid stream; joins fall inside the pauses.
    """

    mp3: bytes
    seconds: float
    sentences: tuple[SentenceTiming, ...]


@dataclass
class Rendered:
    mp3: bytes
    timings: dict[str, Any]
    segments_total: int = 0
    segments_synthesised: int = 0
    synthesised_keys: list[str] = field(default_factory=list)
    first_segment_seconds: float = 0.0
    synthesis_seconds: float = 0.0
    parallel: int = 1  # parts made at once after the first
    # when the parts beyond one at a time started, in seconds from the start (None: never);
    # before `first_segment_seconds` when a `Parallelism` said so while the first was made
    parallel_started_seconds: float | None = None

    @property
    def duration(self) -> float:
        return float(self.timings.get("duration", 0.0))


def _encode_piece(synthesis: Synthesis, pause_before: float, pause_after: float) -> Piece:
    rate = synthesis.sample_rate
    pcm = silence(pause_before, rate) + synthesis.pcm + silence(pause_after, rate)
    mp3 = encode_mp3(pcm, rate)
    shift = ENCODER_DELAY_SAMPLES / rate + pause_before
    sentences = tuple(
        SentenceTiming(
            round(shift + t.start, 3),
            round(shift + t.end, 3),
            tuple(
                WordTiming(w.word, round(shift + w.start, 3), round(shift + w.end, 3))
                for w in t.words
            ),
        )
        for t in synthesis.sentences
    )
    return Piece(mp3, mp3_duration(mp3), sentences)


@dataclass(frozen=True)
class PartReady:
    """What `render` reports after each part, in reading order: that part (its cache key, its
    start and length on the final timeline) and copies of the sentences it times, with their
    times (indexes `first_sentence`:`end_sentence` of the script's sentences). With the first
    part only, `script` is every sentence of the script as it stands then (the first part's
    timed, the rest with null times), so a player can be given the whole text once. Each report
    is proportional to its part, not to the article: the parts before it were reported already,
    and the sentences after it have no times yet."""

    index: int
    key: str
    start: float
    duration: float
    first_sentence: int
    sentences: list[dict[str, Any]]
    script: list[dict[str, Any]] | None = None

    @property
    def end_sentence(self) -> int:
        return self.first_sentence + len(self.sentences)


Progress = Callable[[int, int, PartReady], None]


@dataclass(frozen=True)
class _Made:
    """One part as `_make_part` leaves it: encoded (under cache key `key`), and whether its
    speech was synthesised."""

    key: str
    piece: Piece
    synthesised_key: str | None
    synthesis_seconds: float


def _make_part(
    spoken: Sequence[str], plan: PartPlan, engine: SpeechEngine, cache: SegmentCache
) -> _Made:
    """The encoded part from the cache, or synthesised (and encoded) and cached. Safe to run
    in several threads at once: cache files are written whole (`_atomic_write`)."""
    version = engine.version
    key = speech_key(spoken, version)
    pkey = piece_key(key, plan.pause_before, plan.pause_after)
    piece = cache.get_piece(pkey)
    if piece is not None:
        return _Made(pkey, piece, None, 0.0)
    synthesis = cache.get(key)
    made_key, seconds = None, 0.0
    if synthesis is None:
        began = time.perf_counter()
        synthesis = engine.synthesize(spoken)
        seconds = time.perf_counter() - began
        if len(synthesis.sentences) != len(spoken):
            raise ValueError(
                f"{engine.name} returned {len(synthesis.sentences)} sentence timings "
                f"for {len(spoken)} sentences"
            )
        cache.put(key, synthesis)
        made_key = key
    piece = _encode_piece(synthesis, plan.pause_before, plan.pause_after)
    cache.put_piece(pkey, piece)
    return _Made(pkey, piece, made_key, seconds)


@runtime_checkable
class Parallelism(Protocol):
    """How many parts to make at once, decided while a narration runs (`config.IdleMeter`).

    `early()` is asked again and again while the first part is made: a number > 1 starts that
    many workers at once (the first part is not over yet); None (or 1): not yet. If it never
    says, the call itself decides once the first part is made."""

    def early(self) -> int | None: ...

    def __call__(self) -> int: ...


# How often `Parallelism.early` is asked while the first part is made (seconds).
EARLY_POLL_SECONDS = 0.02


class _Workers:
    """Parts handed out in reading order: each worker thread makes the next part no one has
    taken, until none is left or `stop`; `results[n]` is part n's outcome. Which part is made
    when therefore follows reading order whatever the number of workers, and how many there
    are may grow while they run."""

    def __init__(self, jobs: Sequence[Callable[[], _Made]]) -> None:
        self.jobs = list(jobs)
        self.results: list[Future[_Made]] = [Future() for _ in self.jobs]
        self.taken = 0
        self.stopped = False
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def _take(self) -> int | None:
        with self.lock:
            if self.stopped or self.taken >= len(self.jobs):
                return None
            self.taken += 1
            return self.taken - 1

    def _work(self) -> None:
        while (number := self._take()) is not None:
            future = self.results[number]
            future.set_running_or_notify_cancel()
            try:
                future.set_result(self.jobs[number]())
            except BaseException as exc:  # the consumer raises it, in reading order
                future.set_exception(exc)
                self.stop()

    def add(self, count: int) -> None:
        for _ in range(count):
            thread = threading.Thread(target=self._work, name="narration-part", daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        """No part is started any more; parts being made are finished."""
        with self.lock:
            self.stopped = True
            for future in self.results[self.taken :]:
                future.cancel()

    def join(self) -> None:
        for thread in self.threads:
            thread.join()


def render(
    script: Script,
    engine: SpeechEngine,
    cache: SegmentCache,
    progress: Progress | None = None,
    parallel: int | Callable[[], int] | Parallelism = 1,
) -> Rendered:
    """Synthesise (or fetch) every part, encode each with its pauses, join the MP3s.

    Work is cached at two levels: a part's speech (by text and voice) and the encoded part
    (speech plus pauses), so an edit costs the synthesis and encoding of the parts it touched.
    Parts are made by worker threads taking them in reading order. With `parallel` > 1, the
    first part is made alone (the first audio as soon as it can be), then that many parts at
    once (`parallel` may be a function, asked once the first part is made). A `Parallelism`
    may say earlier, while the first part is made, that another core is idle: the second
    worker then starts at once, on the second part, beside the first. (The engine must allow
    concurrent `synthesize` calls: Piper's onnxruntime session does, its phonemiser is
    serialised by a lock.) Parts are always *joined* in reading order: after each,
    `progress(done, total, part)` is called (in the calling thread), `part` (a `PartReady`)
    being the `done`-th part and the sentences it times (with the first part, the script's
    sentences too), so a player only ever gets the first `done` parts, never a later part
    before an earlier one.

    On one core the order of making cannot bring a later part sooner without holding back
    an earlier one (they are reported in reading order), so it stays reading order.
    """
    if not script.paragraphs:
        raise ValueError("nothing to narrate: the text is empty")
    version = engine.version
    started = time.perf_counter()
    plans = plan_parts(script)
    out = bytearray()
    offset = 0.0
    # Every sentence of the script, in reading order; times are filled in as parts are made.
    sentences_out: list[dict[str, Any]] = []
    first_sentence: list[int] = []
    for paragraph in script.paragraphs:
        first_sentence.append(len(sentences_out))
        sentences_out.extend(
            {
                "target": paragraph.target,
                "from": sentence.start,
                "to": sentence.end,
                "text": sentence.text,
                "start": None,
                "end": None,
                "words": [],
                "marks": [],
            }
            for sentence in paragraph.sentences
        )
    spoken_parts = [
        [s.spoken for s in script.paragraphs[plan.paragraph].sentences[plan.first : plan.end]]
        for plan in plans
    ]
    result = Rendered(b"", {}, segments_total=len(plans))
    workers = _Workers(
        [
            functools.partial(_make_part, spoken, plan, engine, cache)
            for spoken, plan in zip(spoken_parts, plans, strict=True)
        ]
    )
    try:
        workers.add(1)  # the first part, then the next ones in order
        _add_workers(workers, parallel, len(plans), result, started)
        for number, plan in enumerate(plans):
            spoken = spoken_parts[number]
            made = workers.results[number].result()  # waits for this part, in reading order
            piece = made.piece
            result.synthesis_seconds += made.synthesis_seconds
            if made.synthesised_key is not None:
                result.segments_synthesised += 1
                result.synthesised_keys.append(made.synthesised_key)
            if number == 0:
                result.first_segment_seconds = time.perf_counter() - started
            if len(piece.sentences) != len(spoken):
                raise ValueError("a cached part does not match its sentences")
            out += piece.mp3
            base = first_sentence[plan.paragraph] + plan.first
            for index, timing in enumerate(piece.sentences):
                words = [
                    (w.word, round(offset + w.start, 3), round(offset + w.end, 3))
                    for w in timing.words
                ]
                entry = sentences_out[base + index]
                entry.update(
                    start=round(offset + timing.start, 3),
                    end=round(offset + timing.end, 3),
                    words=[list(w) for w in words],
                    marks=word_marks(entry["text"], words),
                )
            start, offset = offset, offset + piece.seconds
            if progress is not None:
                timed = sentences_out[base : base + len(piece.sentences)]
                ready = PartReady(
                    index=number,
                    key=made.key,
                    start=round(start, 3),
                    duration=round(piece.seconds, 3),
                    first_sentence=base,
                    sentences=[dict(s) for s in timed],
                    # the whole script once, with the first part (later parts' times null)
                    script=[dict(s) for s in sentences_out] if number == 0 else None,
                )
                progress(number + 1, len(plans), ready)
    finally:
        workers.stop()  # on a failure: parts not started are dropped, not made
        workers.join()
    segments = []
    for index, paragraph in enumerate(script.paragraphs):
        first = sentences_out[first_sentence[index]]
        final = sentences_out[first_sentence[index] + len(paragraph.sentences) - 1]
        segments.append({"target": paragraph.target, "start": first["start"], "end": final["end"]})
    result.mp3 = bytes(out)
    result.timings = {
        "format": TIMINGS_FORMAT,
        "engine": version,
        "duration": round(offset, 3),
        "segments": segments,
        "sentences": sentences_out,
    }
    return result


def _add_workers(
    workers: _Workers,
    parallel: int | Callable[[], int] | Parallelism,
    parts: int,
    result: Rendered,
    started: float,
) -> None:
    """Start the workers beyond the first: early, while the first part is made, if a
    `Parallelism` says so; else once it is made, as many as `parallel` says then."""
    first = workers.results[0]
    count: int | None = None
    early = parallel.early if isinstance(parallel, Parallelism) else None
    if early is not None and parts > 1:
        while count is None and not wait_for([first], timeout=EARLY_POLL_SECONDS).done:
            said = early()
            count = said if said is not None and said > 1 else None
    if count is None:
        if first.exception() is not None:
            return  # the first part failed: the narration stops there
        count = parallel() if callable(parallel) else parallel
    result.parallel = max(1, count)
    if count > 1 and parts > 1:
        result.parallel_started_seconds = time.perf_counter() - started
        workers.add(count - 1)


_PRINTED_TOKEN = re.compile(r"[^\s\-\u2010-\u2015/]+")
_LETTERS = "0-9A-Za-z\u00c0-\uffff\u00a3\u20ac$\u00a5%"  # with currency signs and %
_LEADING = re.compile(f"^[^{_LETTERS}]*")
_TRAILING = re.compile(f"[^{_LETTERS}]*$")


def _normal(word: str) -> str:
    return re.sub(r"[^0-9a-z\u00e0-\uffff']", "", word.lower().replace("\u2019", "'"))


def word_marks(printed: str, words: Sequence[tuple[str, float, float]]) -> list[list[int | float]]:
    """Where each spoken word sits in the printed sentence: [from, to, start, end] (character
    offsets in `printed`, seconds), in order, for the player's word highlight.

    The voice reads a rewritten text ("2029" -> "twenty twenty-nine", "Dr." -> "Doctor"), so
    printed and spoken words are aligned: words that match pair up one to one; a run of printed
    words read differently takes the time of the spoken words between the matches (all of
    "£48m" lights while "forty-eight million pounds" is read). Words with nothing to pair with
    are not marked."""
    tokens: list[tuple[int, int, str]] = []
    for match in _PRINTED_TOKEN.finditer(printed):
        text = match.group()
        lead = _LEADING.match(text).end()  # type: ignore[union-attr]
        trail = len(text) - _TRAILING.search(text).start()  # type: ignore[union-attr]
        if lead + trail >= len(text):
            continue  # punctuation only
        start, end = match.start() + lead, match.end() - trail
        tokens.append((start, end, _normal(printed[start:end])))
    if not tokens or not words:
        return []
    spoken = [_normal(word) for word, _, _ in words]
    matcher = difflib.SequenceMatcher(None, [t[2] for t in tokens], spoken, autojunk=False)
    marks: list[list[int | float]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                token, word = tokens[i1 + offset], words[j1 + offset]
                marks.append([token[0], token[1], word[1], word[2]])
        elif tag == "replace":
            marks.append([tokens[i1][0], tokens[i2 - 1][1], words[j1][1], words[j2 - 1][2]])
    return marks


def encode_mp3(pcm: bytes, sample_rate: int, bitrate_kbps: int = MP3_BITRATE_KBPS) -> bytes:
    """Constant-bitrate mono MP3: every browser plays it and can seek in it without an index."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    data = encoder.encode(pcm)
    data += encoder.flush()
    return bytes(data)


def mp3_duration(data: bytes) -> float:
    """Duration of a CBR/VBR MP3 by walking its frame headers (no decoder needed)."""
    bitrates = {
        1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
        2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    }
    rates = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}
    position, seconds = 0, 0.0
    if data[:3] == b"ID3":
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        position = 10 + size
    while position + 4 <= len(data):
        header = int.from_bytes(data[position : position + 4], "big")
        if header >> 21 != 0x7FF:
            position += 1
            continue
        version_bits = (header >> 19) & 3
        layer_bits = (header >> 17) & 3
        bitrate_index = (header >> 12) & 15
        rate_index = (header >> 10) & 3
        padding = (header >> 9) & 1
        if version_bits == 1 or layer_bits != 1 or bitrate_index in (0, 15) or rate_index == 3:
            position += 1
            continue
        mpeg1 = version_bits == 3
        bitrate = bitrates[1 if mpeg1 else 2][bitrate_index] * 1000
        sample_rate = rates[version_bits][rate_index]
        samples = 1152 if mpeg1 else 576
        length = (samples // 8) * bitrate // sample_rate + padding
        seconds += samples / sample_rate
        position += max(length, 1)
    return seconds
