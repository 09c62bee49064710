"""espeak-ng: the light fallback voice (formant synthesis, robotic but tiny and fast).

Uses the `espeak-ng` program from the Debian package of that name (`make run` installs it). When
the program is absent the engine says so, and narration fails with that reason.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import wave
from collections.abc import Sequence

from masthead.narration.engines.base import (
    EngineError,
    EngineUnavailable,
    Synthesis,
    WordTiming,
    join_sentences,
)

WORDS_PER_MINUTE = 165


def _espeak_voice(voice: str) -> str:
    """Accept Piper-style names ("en_US-joe-medium") by keeping their language ("en-us")."""
    if "_" in voice:
        return voice.split("-", 1)[0].replace("_", "-").lower()
    return voice


@functools.lru_cache(maxsize=1)
def _program_version(program: str) -> str:
    out = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=10)
    return out.stdout.split("Data at")[0].replace("eSpeak NG text-to-speech:", "").strip()


class EspeakEngine:
    name = "espeak"

    def __init__(self, voice: str = "en-us", rate: float = 1.0, program: str = "espeak-ng") -> None:
        self.voice = _espeak_voice(voice)
        self.rate = rate
        self.program = program

    def _binary(self) -> str:
        path = shutil.which(self.program)
        if path is None:
            raise EngineUnavailable(
                f"{self.program} is not installed (Debian: apt-get install espeak-ng)"
            )
        return path

    @property
    def version(self) -> str:
        return f"espeak-ng-{_program_version(self._binary())}/{self.voice}/rate-{self.rate:g}"

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        binary = self._binary()
        pieces: list[tuple[bytes, tuple[WordTiming, ...]]] = []
        sample_rate = 22050
        for sentence in sentences:
            try:
                done = subprocess.run(
                    [
                        binary,
                        "-v",
                        self.voice,
                        "-s",
                        str(round(WORDS_PER_MINUTE * self.rate)),
                        "-z",
                        "--stdout",
                        "--stdin",
                    ],
                    input=sentence.encode(),
                    capture_output=True,
                    timeout=120,
                    check=True,
                )
            except subprocess.CalledProcessError as exc:
                reason = exc.stderr.decode(errors="replace").strip().splitlines()
                raise EngineError(f"espeak-ng failed: {reason[-1] if reason else exc}") from exc
            except subprocess.TimeoutExpired as exc:
                raise EngineError("espeak-ng took too long") from exc
            with wave.open(io.BytesIO(_fix_stream_wav(done.stdout))) as wav:
                sample_rate = wav.getframerate()
                pcm = wav.readframes(wav.getnframes())
            pieces.append((pcm, ()))
        return join_sentences(pieces, sample_rate)


def _fix_stream_wav(data: bytes) -> bytes:
    """espeak-ng writes a streamed WAV whose size fields are 0xFFFFFFFF; make them true."""
    if len(data) < 44 or data[:4] != b"RIFF":
        raise EngineError("espeak-ng produced no audio")
    fixed = bytearray(data)
    fixed[4:8] = (len(data) - 8).to_bytes(4, "little")
    index = fixed.find(b"data", 12)
    if index < 0:
        raise EngineError("espeak-ng produced no audio")
    fixed[index + 4 : index + 8] = (len(data) - index - 8).to_bytes(4, "little")
    return bytes(fixed)
