"""`masthead moderate-file INPUT.jsonl`: moderate a file of comments, one JSON object a line.

Input line:  {"id": "...", "text": "...", "article": {"headline": "...", "standfirst": "...",
              "body": "..."}, "parent": {"text": "..."} or null}
Output line: {"id": "...", "decision": "publish"|"hold", "abuse": 0..1, "off_topic": 0..1,
              "spam": 0..1, "reasons": [...]}, one per input line, in order, on stdout.

A malformed line gets one error line on stderr (its id, or its line number), no stdout line,
and the exit code is 2 at the end; every other line is still scored. No database, no Django.
If the models cannot be loaded every line is held with `classifier_unavailable` (fail closed),
and the exit code is 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, TypeVar

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.loader import ModelUnavailable, load_classifiers
from masthead.moderation.core.pipeline import moderate_many
from masthead.moderation.core.types import ArticleText, Policy, Submission, Verdict

T = TypeVar("T")


class BadLine(ValueError):
    pass


def _string(obj: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BadLine(f'{where}"{key}" must be a string')
    return value


def parse_line(line: str) -> tuple[str, Submission]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise BadLine("must be a JSON object")
    raw_id = obj.get("id")
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        raise BadLine('"id" must be a string')
    ident = str(raw_id)
    try:
        text = _string(obj, "text", "")
        article = obj.get("article")
        if not isinstance(article, dict):
            raise BadLine('"article" must be an object with "headline", "standfirst", "body"')
        headline = _string(article, "headline", "article.")
        standfirst = _string(article, "standfirst", "article.", required=False)
        body = _string(article, "body", "article.", required=False)
        parent = obj.get("parent")
        parent_text: str | None = None
        if parent is not None:
            if not isinstance(parent, dict):
                raise BadLine('"parent" must be an object with "text", or null')
            parent_text = _string(parent, "text", "parent.")
    except BadLine as exc:
        raise BadLine(f"id {ident}: {exc}") from None
    return ident, Submission(
        text=text, article=ArticleText(headline, standfirst, body), parent_text=parent_text
    )


def output(ident: str, verdict: Verdict) -> dict[str, Any]:
    scores = verdict.scores
    decision = verdict.decision if verdict.decision != "reject" else "hold"
    return {
        "id": ident,
        "decision": decision,
        "abuse": round(scores.get("abuse", 1.0), 4),
        "off_topic": round(scores.get("off_topic", 1.0), 4),
        "spam": round(scores.get("spam", 1.0), 4),
        "reasons": list(verdict.reasons),
    }


def unavailable_verdict() -> Verdict:
    return Verdict("hold", ("classifier_unavailable",), {}, {})


# Lines read, checked and scored together (the topic model embeds a chunk's comments together).
CHUNK = 256


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    lines: TextIO,
    out: TextIO,
    err: TextIO,
    policy: Policy,
    get_classifiers: Callable[[], Classifiers],
) -> int:
    status = 0
    classifiers: Classifiers | None = None
    unavailable = False
    for chunk in chunks(enumerate(lines, start=1), CHUNK):
        parsed: list[tuple[str, Submission]] = []
        for number, line in chunk:
            if not line.strip():
                continue
            try:
                parsed.append(parse_line(line))
            except BadLine as exc:
                message = str(exc) if str(exc).startswith("id ") else f"line {number}: {exc}"
                err.write(f"error: {message}\n")
                status = 2
        if parsed and classifiers is None and not unavailable:
            try:
                classifiers = get_classifiers()
            except ModelUnavailable as exc:
                err.write(f"error: {exc}; every comment is held (classifier_unavailable)\n")
                unavailable = True
        if classifiers is None:
            verdicts = [unavailable_verdict() for _ in parsed]
        else:
            verdicts = moderate_many([s for _, s in parsed], policy, classifiers)
        for (ident, _), verdict in zip(parsed, verdicts, strict=True):
            out.write(json.dumps(output(ident, verdict), ensure_ascii=False) + "\n")
    out.flush()
    if status == 0 and unavailable:
        status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="masthead moderate-file",
        description="Moderate comments from a JSON-lines file; one verdict per line on stdout.",
    )
    parser.add_argument("input", help="JSON-lines file, or - for standard input")
    parser.add_argument("--models", default=None, help="folder with the model files")
    parser.add_argument("--abuse-threshold", type=float, default=None)
    parser.add_argument("--off-topic-threshold", type=float, default=None)
    parser.add_argument("--spam-threshold", type=float, default=None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    policy = default_policy(args.models)
    from dataclasses import replace

    thresholds = policy.thresholds
    if args.abuse_threshold is not None:
        thresholds = replace(thresholds, abuse=args.abuse_threshold)
    if args.off_topic_threshold is not None:
        thresholds = replace(thresholds, off_topic=args.off_topic_threshold)
    if args.spam_threshold is not None:
        thresholds = replace(thresholds, spam=args.spam_threshold)
    # Batch scoring has no live reader waiting, so the per-comment budget is generous.
    policy = replace(policy, thresholds=thresholds, time_budget_s=30.0)
    try:
        handle = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        sys.stderr.write(f"error: cannot read {args.input}: {exc.strerror}\n")
        return 2
    try:
        return run(handle, sys.stdout, sys.stderr, policy, lambda: load_classifiers(args.models))
    except UnicodeDecodeError:
        sys.stderr.write(f"error: {args.input} is not UTF-8 text\n")
        return 2
    finally:
        if handle is not sys.stdin:
            handle.close()


def default_policy(directory: str | None = None) -> Policy:
    """The thresholds the shipped models were tuned for (thresholds.json beside the weights)."""
    from pathlib import Path

    from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR
    from masthead.moderation.core.types import Thresholds

    path = Path(directory or WEIGHTS_DIR) / "thresholds.json"
    try:
        values = json.loads(path.read_text())
        return Policy(thresholds=Thresholds(**values))
    except (OSError, ValueError, TypeError):
        return Policy()
