"""With the shipped models, `--jobs 2` writes byte for byte what `--jobs 1` writes.

The worker scores its comments in other batches than one process does, with its own caches of
article vectors and comment embeddings; the int8 embedding is made a text at a time, so none
of that may change a digit. Chunks are cut small here (the main process cuts them), so a few
hundred comments make several chunks and the worker gets a share of each.
"""

from __future__ import annotations

import io
import json
import random
from functools import partial
from pathlib import Path

import pytest

from bench.moderate_file import write_file
from masthead.moderation.core import cli, parallel
from masthead.moderation.core.classifiers.loader import load_classifiers

VARIED = [
    "You are a complete idiot and a disgrace.",
    "I hope someone kills you and your family.",
    "Buy cheap watches at www.example-shop.biz now!!!",
    "My favourite recipe for banana bread uses three ripe bananas.",
    "Source?",
    "Das ist eine sehr gute Entscheidung des Stadtrats.",
    "The bridge is long overdue; the ferry has been unreliable for years. " * 30,
    "Y0u are a m0r0n",
    "",
]


@pytest.fixture(scope="module")
def comments(tmp_path_factory) -> bytes:
    path = Path(tmp_path_factory.mktemp("jobs")) / "comments.jsonl"
    write_file(path, 300, 40, True)
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    rng = random.Random(7)
    for i in range(0, len(rows), 7):  # varied texts in every chunk
        rows[i]["text"] = rng.choice(VARIED)
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(150, "{not json")
    return ("\n".join(lines) + "\n").encode()


def run(data: bytes, jobs: int) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    policy = cli.default_policy()
    from dataclasses import replace

    policy = replace(policy, time_budget_s=30.0)  # as the command runs
    code = cli.run(io.BytesIO(data), out, err, policy, partial(load_classifiers, None), jobs)
    return code, out.getvalue(), err.getvalue()


def test_two_jobs_give_byte_identical_verdicts_with_the_real_models(comments, monkeypatch):
    monkeypatch.setattr(cli, "CHUNK", 50)  # seven chunks
    monkeypatch.setattr(parallel, "STARTUP_S", 0.0)  # the worker's share from the first chunk
    sent = []
    submit = parallel.ScoringPool.submit

    def spy(self, worker, submissions):
        sent.extend(submissions)
        return submit(self, worker, submissions)

    monkeypatch.setattr(parallel.ScoringPool, "submit", spy)
    one = run(comments, 1)
    two = run(comments, 2)
    assert len(sent) >= 100  # the worker scored a good share
    assert (
        one[0] == 2
        and one[2]
        == "error: line 151: not valid JSON (Expecting property name enclosed in double quotes)\n"
    )
    assert two == one
    rows = [json.loads(x) for x in one[1].splitlines()]
    assert len(rows) == 300
    assert {r["decision"] for r in rows} == {"publish", "hold"}
