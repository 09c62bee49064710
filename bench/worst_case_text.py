"""Time the text functions the 2026-11-30 security review made linear, on the inputs that were
quadratic, beside the same function on ordinary text of the same length.

    python -m bench.worst_case_text [--runs 3] [--scale 1.0]

Cases (sizes at --scale 1):
- `speakable`, a run of 4,000 digits (spelt as one number and re-read by the percent pattern
  from each digit before b944953);
- `speakable`, "111," 4,000 times (16,000 characters; the unit and percent patterns read the
  rest of the list again from each group before 88e9f60);
- `split_sentences`, "a. " 10,000 times (30,000 characters; each stop copied the text around
  it before a463b89);
- `normalise`, "a-" 9,997 times and " x.com" (20,000 characters; URL_RE before 9d7a1ee);
- `normalise` with a word list, a 19,996-letter word and " *" (MASKED_RE before fa7eda3).
The peer is the same function on ordinary prose cut to the same length (with the same " x.com"
or " *" where the case needs one, so the same patterns run). Prints medians over runs, in
seconds, and worst/peer. Uses only those public functions, so an older tree can be measured by
running this file from an export of it (b944953^ holds all four old versions):
`git archive b944953^ | tar -x -C /tmp/old`, copy this file to /tmp/old/bench/, and run
`python -m bench.worst_case_text` in /tmp/old. The unit
tests prove the fixes by counting work (tests/unit/test_narration_long_numbers.py,
test_narration_sentence_split_time.py, test_moderation_normalise_time.py); the times are here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import masthead

PROSE = (
    "The council met on Tuesday to discuss the bridge. Mr. Hughes, who chairs the roads "
    "committee, said the repairs would cost 1,500 pounds more than planned, about 12% over "
    "the budget, and that the work should finish by the spring. Residents asked why the "
    "estimate had changed twice since March; the engineer said the steel had gone up. "
)


def ordinary(length: int, tail: str = "") -> str:
    body = (PROSE * (length // len(PROSE) + 1))[: length - len(tail)]
    return body + tail


def cases(scale: float) -> list[tuple[str, Callable[[str], object], str, str]]:
    from masthead.moderation.core import normalise as n
    from masthead.narration.script import speakable, split_sentences

    def fresh_normalise(text: str) -> object:
        n.clear_cache()
        return n.normalise(text)

    def fresh_normalise_masked(text: str) -> object:
        n.clear_cache()
        return n.normalise(text, ("idiot", "stupid"))

    digits = int(4_000 * scale)
    stops = int(10_000 * scale)
    pairs = int(9_997 * scale)
    letters = int(9_998 * scale)
    groups = int(4_000 * scale)
    worst_number = "8" * digits
    worst_groups = "111," * groups + "111"
    worst_stops = "a. " * stops
    worst_url = "a-" * pairs + " x.com"
    worst_mask = "ab" * letters + " *"
    return [
        ("speakable: digits", speakable, worst_number, ordinary(len(worst_number))),
        ("speakable: '111,' groups", speakable, worst_groups, ordinary(len(worst_groups))),
        ("split_sentences: 'a. '", split_sentences, worst_stops, ordinary(len(worst_stops))),
        (
            "normalise: 'a-' + domain",
            fresh_normalise,
            worst_url,
            ordinary(len(worst_url), " x.com"),
        ),
        (
            "normalise: word + mask",
            fresh_normalise_masked,
            worst_mask,
            ordinary(len(worst_mask), " *"),
        ),
    ]


def timed(function: Callable[[str], object], text: str) -> float:
    started = time.perf_counter()
    function(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    print(f"masthead from {os.path.dirname(masthead.__file__)}; runs {args.runs}")
    print(f"{'case':28} {'chars':>7} {'worst s':>9} {'peer s':>9} {'worst/peer':>10}")
    for name, function, worst, peer in cases(args.scale):
        worst_times, peer_times = [], []
        for _ in range(args.runs):  # interleaved, so both see the same load
            worst_times.append(timed(function, worst))
            peer_times.append(timed(function, peer))
        w, p = statistics.median(worst_times), statistics.median(peer_times)
        print(f"{name:28} {len(worst):>7} {w:>9.4f} {p:>9.4f} {w / p:>10.1f}")


if __name__ == "__main__":
    main()
