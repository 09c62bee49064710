"""Benchmark "Listen to article": the neural Piper voice against espeak-ng, in the same run.

    python -m bench.narration [--threads 1] [--parallel 2] [--out var/bench/narration.json]

For a 1,000-word article (bench/data/narration_article.txt, written for this benchmark) with an
empty cache, pinned to one core and onnxruntime on one thread:
- real-time factor: seconds of audio per second of compute (synthesis + MP3 encoding + joining),
  by the wall clock and by the CPU time used (the machine may be shared);
- first audio: seconds from the start of a narration (voice already loaded, as in a running
  worker) until the first part (the headline) is ready to play - the wait before progressive
  playback can start; then the first body paragraph's first part, and the whole first body
  paragraph (after headline and standfirst); also the cold figure with the voice load;
- stalls: had a listener started at the first part, at 1x and at 2x, how long would playback
  have waited for parts not yet made;
- size of the encoded MP3 (48 kbit/s mono);
- re-narration after a one-paragraph edit, as a share of the full narration's time.
espeak-ng (the fallback) is measured the same way when installed. A separate row
(`piper_parallel2`, `--parallel 2`) measures Piper with two parts synthesised at once
(NARRATION_PARALLEL=2) pinned to two cores: the whole article and the first body paragraph's
readiness when the worker has both cores, next to `piper_2cores_serial` (one part at a time on
the same two cores, same run) for what the parallel parts gain, and `piper_2cores_auto` (the
default NARRATION_PARALLEL=auto: the second part starts beside the first as soon as another core
is measured idle, else the choice is made once the first part is ready; `parallel_chosen`,
`parallel_started_s`; `piper_2cores_auto_after_first`: the same rule asked only once the first
part is ready, as before the early start); the one-core row stays the target's condition. `--compare-graph` also
measures Piper without the 1-D -> 2-D convolution rewrite (`piper_graph`), in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from masthead.articles.body import parse_body  # noqa: E402
from masthead.narration.config import IdleMeter  # noqa: E402
from masthead.narration.engines import get_engine  # noqa: E402
from masthead.narration.pipeline import (  # noqa: E402
    PartReady,
    SegmentCache,
    mp3_duration,
    plan_parts,
    render,
)
from masthead.narration.script import Script, build_script  # noqa: E402

ARTICLE = ROOT / "bench" / "data" / "narration_article.txt"


def article_script(edit: bool = False) -> Script:
    lines = ARTICLE.read_text().split("\n\n", 2)
    headline, standfirst, body = lines[0].strip(), lines[1].strip(), lines[2]
    if edit:  # one paragraph changes: a corrected figure
        body = body.replace("About 200 residents", "About 250 residents")
    return build_script(headline, standfirst, parse_body(body))


def cpu_name() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
        match = re.search(r"model name\s*:\s*(.+)", text)
        return match.group(1).strip() if match else platform.processor()
    except OSError:
        return platform.processor()


def cpu() -> float:
    """CPU seconds of this process and of the programs it ran (espeak-ng runs as one)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def stall_seconds(ready: list[float], starts: list[float], speed: float) -> float:
    """Total wait of a listener who starts when the first part is ready and plays at `speed`:
    part i plays at first-ready + waits so far + starts[i] / speed, if it is ready by then."""
    if not ready:
        return 0.0
    clock, waited = ready[0], 0.0
    for index, (at, start) in enumerate(zip(ready, starts, strict=True)):
        due = clock + start / speed if index else clock
        if at > due:
            waited += at - due
            clock += at - due
    return waited


def measure(
    engine_name: str, threads: int, fast_graph: bool = True, parallel: int | str = 1
) -> dict[str, Any]:
    def workers() -> int | IdleMeter | Callable[[], int]:
        if parallel == "auto":  # decided in each narration, as in the worker
            return IdleMeter()
        if parallel == "auto-after-first":  # the same rule, never asked before the first part
            return IdleMeter().__call__
        return int(parallel)

    cold_started = time.perf_counter()
    get_engine.cache_clear()
    engine = get_engine(engine_name, "", 1.0, threads)
    if hasattr(engine, "fast_graph"):
        engine.fast_graph = fast_graph
    load = getattr(engine, "load", None)
    if load is not None:
        load()
    load_seconds = time.perf_counter() - cold_started
    script = article_script()
    plans = plan_parts(script)
    first_body = next(i for i, p in enumerate(script.paragraphs) if p.target.startswith("body/"))
    body_parts = [n for n, plan in enumerate(plans) if plan.paragraph == first_body]
    with tempfile.TemporaryDirectory() as scratch:
        cache = SegmentCache(Path(scratch))
        ready_at: dict[int, tuple[float, float]] = {}
        starts: list[float] = []
        lengths: list[float] = []
        started, cpu_started = time.perf_counter(), cpu()

        def progress(done: int, _total: int, part: PartReady) -> None:
            ready_at[done] = (time.perf_counter() - started, cpu() - cpu_started)
            starts.append(part.start)
            lengths.append(part.duration)

        rendered = render(script, engine, cache, progress=progress, parallel=workers())
        data = rendered.mp3
        full_seconds = time.perf_counter() - started
        full_cpu = cpu() - cpu_started
        audio_seconds = mp3_duration(data)

        edited = article_script(edit=True)
        started, cpu_started = time.perf_counter(), cpu()
        again = render(edited, engine, cache, parallel=workers())
        edit_seconds = time.perf_counter() - started
        edit_cpu = cpu() - cpu_started
    segments = rendered.timings["segments"]
    ready = [ready_at[n + 1][0] for n in range(len(plans))]
    first_ready, first_cpu = ready_at[1]
    body_first_ready, body_first_cpu = ready_at[body_parts[0] + 1]
    body_ready, body_cpu = ready_at[body_parts[-1] + 1]
    return {
        "engine": engine.version + ("" if fast_graph else " (1-D convolutions as shipped)"),
        "parallel_parts": parallel,
        "parallel_chosen": rendered.parallel,
        # when the second worker started (s from the start; null: never): before the first
        # part was ready when `auto` saw an idle core early
        "parallel_started_s": (
            None
            if rendered.parallel_started_seconds is None
            else round(rendered.parallel_started_seconds, 2)
        ),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1,
        "words": script.word_count,
        "paragraphs": len(script.paragraphs),
        "parts": len(plans),
        "first_body_paragraph_parts": len(body_parts),
        "voice_load_s": round(load_seconds, 2),
        "audio_s": round(audio_seconds, 1),
        "compute_s": round(full_seconds, 2),
        "cpu_s": round(full_cpu, 2),
        "synthesis_s": round(rendered.synthesis_seconds, 2),
        "real_time_factor": round(audio_seconds / full_seconds, 1),
        "real_time_factor_cpu": round(audio_seconds / full_cpu, 1),
        "first_audio_ready_s": round(first_ready, 2),
        "first_audio_ready_cpu_s": round(first_cpu, 2),
        "first_body_part_ready_s": round(body_first_ready, 2),
        "first_body_part_ready_cpu_s": round(body_first_cpu, 2),
        "first_body_part_audio_s": round(lengths[body_parts[0]], 2),
        "first_paragraph_ready_s": round(body_ready, 2),
        "first_paragraph_ready_cpu_s": round(body_cpu, 2),
        "first_paragraph_audio_s": round(
            segments[first_body]["end"] - segments[first_body]["start"], 2
        ),
        "first_audio_ready_cold_s": round(first_ready + load_seconds, 2),
        "stall_1x_s": round(stall_seconds(ready, starts, 1.0), 2),
        "stall_2x_s": round(stall_seconds(ready, starts, 2.0), 2),
        "mp3_bytes": len(data),
        "mp3_mb": round(len(data) / 1_000_000, 2),
        "edit_parts_synthesised": again.segments_synthesised,
        "edit_s": round(edit_seconds, 2),
        "edit_cost_ratio": round(edit_seconds / full_seconds, 3),
        "edit_cost_ratio_cpu": round(edit_cpu / full_cpu, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench" / "narration.json"))
    parser.add_argument(
        "--compare-graph",
        action="store_true",
        help="also measure Piper without the convolution rewrite, in the same run",
    )
    parser.add_argument(
        "--parallel",
        type=int,
        default=2,
        help="also measure Piper with this many parts at once on as many cores (0: skip)",
    )
    args = parser.parse_args(argv)
    all_cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [0]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {all_cores[0]})
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{cpu_name()}, {os.cpu_count()} cores visible, pinned to 1 "
        "(the parallel row: to as many cores as parts at once)",
        "python": platform.python_version(),
        "threads": args.threads,
        "engines": {},
    }
    engines = ["piper"] + (["espeak"] if shutil.which("espeak-ng") else [])
    for name in engines:
        print(f"measuring {name} ...", file=sys.stderr)
        results["engines"][name] = measure(name, args.threads)
    if args.compare_graph:
        print("measuring piper without the convolution rewrite ...", file=sys.stderr)
        results["engines"]["piper_1d"] = measure("piper", args.threads, fast_graph=False)
    if args.parallel > 1 and hasattr(os, "sched_setaffinity"):
        if len(all_cores) >= args.parallel:
            print(f"measuring piper, {args.parallel} parts at once ...", file=sys.stderr)
            os.sched_setaffinity(0, set(all_cores[: args.parallel]))
            key = f"piper_parallel{args.parallel}"
            results["engines"][key] = measure("piper", args.threads, parallel=args.parallel)
            # the same cores, one part at a time: what parallel parts gain on this machine now
            print(
                f"measuring piper on {args.parallel} cores, one part at a time ...", file=sys.stderr
            )
            results["engines"][f"piper_{args.parallel}cores_serial"] = measure(
                "piper", args.threads, parallel=1
            )
            if args.parallel == 2:  # what the default setting does on this machine now
                print("measuring piper on 2 cores, NARRATION_PARALLEL=auto ...", file=sys.stderr)
                results["engines"]["piper_2cores_auto"] = measure(
                    "piper", args.threads, parallel="auto"
                )
                # the same without the early start: what starting beside the first part gains
                print(
                    "measuring piper on 2 cores, auto decided after the first part ...",
                    file=sys.stderr,
                )
                results["engines"]["piper_2cores_auto_after_first"] = measure(
                    "piper", args.threads, parallel="auto-after-first"
                )
            os.sched_setaffinity(0, {all_cores[0]})
        else:
            results["engines"][f"piper_parallel{args.parallel}"] = (
                f"only {len(all_cores)} core(s) here: not measured"
            )
    if "espeak" not in results["engines"]:
        results["engines"]["espeak"] = "espeak-ng is not installed (apt-get install espeak-ng)"
    try:
        results["load_average"] = os.getloadavg()
    except OSError:
        pass
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    piper = results["engines"]["piper"]
    targets = {
        "real-time factor >= 10 (wall clock)": piper["real_time_factor"] >= 10,
        "real-time factor >= 10 (CPU time of the one core)": piper["real_time_factor_cpu"] >= 10,
        "first playable audio <= 2 s (wall clock)": piper["first_audio_ready_s"] <= 2,
        "first body paragraph's first part <= 2 s (wall clock)": piper["first_body_part_ready_s"]
        <= 2,
        "whole first body paragraph <= 2 s (wall clock)": piper["first_paragraph_ready_s"] <= 2,
        "progressive playback never waits at 1x": piper["stall_1x_s"] == 0,
        "1,000-word audio <= 4 MB": piper["mp3_bytes"] <= 4_000_000,
        "one-paragraph edit <= 20 %": piper["edit_cost_ratio"] <= 0.2,
    }
    for name, met in targets.items():
        print(f"{'met' if met else 'MISSED'}: {name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
