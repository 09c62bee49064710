"""Time the word-list phase on the first comment a process checks after a list is saved.

    python -m bench.word_lists [--entries 20000] [--runs 3]

Each run is a fresh process: a list of N made-up entries (seeded, 4 to 12 letters) is set as
banned words to hold, and the word-list phase checks one plain comment, then one with a masked
word ("sc*mbag", which makes the list unmask it); the first check builds the list's matcher.
Prints the median over runs of: build + first check, and the masked comment's check. Uses only
`word_lists.check`, so an older tree can be measured with PYTHONPATH pointing at it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import subprocess
import sys
import time

PLAIN = "The council should publish the costs before the vote, not after it."
MASKED = "What a sc*mbag thing to do, and the council knew it."


def one_run(entries: int) -> dict[str, float]:
    from masthead.moderation.core.classifiers.fake import fake_classifiers
    from masthead.moderation.core.phases import word_lists
    from masthead.moderation.core.types import ArticleText, Policy, Submission

    rng = random.Random(7)
    words: set[str] = set()
    while len(words) < entries:
        words.add("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 12))))
    policy = Policy(banned_words_hold=(*sorted(words), "scumbag"))
    article = ArticleText(headline="Bridge", standfirst="", body="")
    fakes = fake_classifiers()
    started = time.perf_counter()
    word_lists.check(Submission(text=PLAIN, article=article), policy, fakes)
    first = time.perf_counter() - started
    started = time.perf_counter()
    result = word_lists.check(Submission(text=MASKED, article=article), policy, fakes)
    masked = time.perf_counter() - started
    assert result.decision == "hold", result
    return {"first_check_s": first, "masked_check_s": masked}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.entries)))
        return
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-m", "bench.word_lists", "--one", "--entries", str(args.entries)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(out))
    for key in ("first_check_s", "masked_check_s"):
        values = [r[key] for r in runs]
        print(
            f"{key}: median {statistics.median(values):.3f} s  runs {[round(v, 3) for v in values]}"
        )


if __name__ == "__main__":
    main()
