"""Benchmark `masthead moderate-file` on a file whose comments are spread over many articles.

    python -m bench.moderate_file [--lines 4000] [--repeats 3] [--jobs 1,2,auto]

The batch CLI keeps each article's passage vectors in memory so that its comments do not embed
the article again. A file taken from several newspapers and shuffled puts comments on hundreds
or thousands of articles in random order. This benchmark writes such files (seeded, synthetic
English text; each article a headline, a standfirst and a short body, or a headline alone) and
times the whole command, model loading included, as an evaluator would run it:

- few articles: the comments spread over 20 articles;
- many articles: over 500 articles with bodies, shuffled;
- many titles: over 2,000 articles that have a headline only, shuffled.

Each file is run with every `--jobs` value asked for (default 1, 2 and auto), one after the
other within each repeat, so that the machine's noise falls on all of them alike; the outputs
must be byte for byte the same (the benchmark stops if they are not). For each it prints the
median wall-clock time, comments a second, the speed-up over the first value, and the CPU time
of the command and its workers (median).

Peer, in the same run and on the same texts: alt-profanity-check (abuse only: no article, no
topic model), loaded and run in a fresh process, timed the same way. Figures are wall-clock
seconds for the whole process and comments a second; the machine is noisy, so compare the
medians and the ratios, not single runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MASTHEAD = Path(sys.executable).with_name("masthead")
SEED = 20261130
WORDS = (
    "the council bus route plan money city people school river bridge budget report "
    "residents station market library housing rent shop street park week year said "
    "would could think good bad fair late early new old more less cost vote trial"
).split()
PEER = """
import sys, json
from profanity_check import predict_prob
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for i in range(0, len(texts), 256):
    predict_prob(texts[i : i + 256])
"""


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, i: int, body: bool) -> dict[str, str]:
    return {
        "headline": f"Report {i}: " + sentence(rng, 5, 10),
        "standfirst": sentence(rng, 8, 16) if body else "",
        "body": "\n\n".join(" ".join(sentence(rng, 8, 18) for _ in range(4)) for _ in range(3))
        if body
        else "",
    }


def write_file(path: Path, lines: int, articles: int, body: bool) -> None:
    rng = random.Random(SEED + articles)
    pool = [article(rng, i, body) for i in range(articles)]
    with path.open("w", encoding="utf-8") as out:
        for i in range(lines):
            reply = rng.random() < 0.3
            row = {
                "id": str(i),
                "text": " ".join(sentence(rng, 4, 20) for _ in range(rng.randint(1, 3))),
                "article": rng.choice(pool),
                "parent": {"text": sentence(rng, 6, 20)} if reply else None,
            }
            out.write(json.dumps(row) + "\n")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(command: list[str]) -> tuple[float, float, str]:
    """Wall-clock seconds, CPU seconds (the command and the workers it waited for), and the
    SHA-256 of its output."""
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, cwd=ROOT)
    wall = time.perf_counter() - start
    return wall, children_cpu() - cpu, hashlib.sha256(done.stdout).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", default="1,2,auto", help="--jobs values to compare")
    args = parser.parse_args(argv)
    jobs = args.jobs.split(",")
    cases = (("few articles", 20, True), ("many articles", 500, True), ("many titles", 2000, False))
    try:
        import profanity_check  # noqa: F401

        have_peer = True
    except ImportError:
        have_peer = False
    from masthead.moderation.core.parallel import auto_jobs

    print(
        f"moderate-file, {args.lines} comments a file, {args.repeats} runs; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs "
        f"(--jobs auto = {auto_jobs()}), load {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, articles, body in cases:
            path = Path(tmp) / f"{articles}.jsonl"
            write_file(path, args.lines, articles, body)
            walls: dict[str, list[float]] = {j: [] for j in jobs}
            cpus: dict[str, list[float]] = {j: [] for j in jobs}
            digests = set()
            for _ in range(args.repeats):
                for j in jobs:
                    wall, cpu, digest = timed_run(
                        [str(MASTHEAD), "moderate-file", str(path), "--jobs", j]
                    )
                    walls[j].append(wall)
                    cpus[j].append(cpu)
                    digests.add(digest)
            if len(digests) != 1:
                print(f"{name}: the outputs differ between --jobs values", file=sys.stderr)
                return 1
            base = statistics.median(walls[jobs[0]])
            print(f"{name} ({articles} articles), same output for every --jobs:")
            for j in jobs:
                median = statistics.median(walls[j])
                print(
                    f"  --jobs {j:4}: median {median:.1f} s = {args.lines / median:.0f} "
                    f"comments/s, x{base / median:.2f} (runs {', '.join(f'{t:.1f}' for t in walls[j])});"
                    f" CPU {statistics.median(cpus[j]):.1f} s",
                    flush=True,
                )
            if have_peer:
                theirs = [
                    timed([sys.executable, "-c", PEER, str(path)]) for _ in range(args.repeats)
                ]
                print(
                    f"  peer alt-profanity-check (abuse only): median "
                    f"{statistics.median(theirs):.1f} s = "
                    f"{args.lines / statistics.median(theirs):.0f} comments/s",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
