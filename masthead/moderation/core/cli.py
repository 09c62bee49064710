"""`masthead moderate-file INPUT.jsonl`: moderate a file of comments, one JSON object a line.

Input line:  {"id": "...", "text": "...", "article": {"headline": "...", "standfirst": "...",
              "body": "..."}, "parent": {"text": "..."} or null}
Output line: {"id": "...", "decision": "publish"|"hold", "abuse": 0..1, "off_topic": 0..1,
              "spam": 0..1, "reasons": [...]}, one per input line, in order, on stdout.

A malformed line gets one error line on stderr (its id, or its line number), no stdout line,
and the exit code is 2 at the end; every other line is still scored. No database, no Django.
If the models cannot be loaded every line is held with `classifier_unavailable` (fail closed),
and the exit code is 1.

No input crashes the run or costs another line its verdict. The input is read as bytes and
decoded line by line, so a line that is not UTF-8 (or nests too deeply for the JSON parser, or
holds an integer too long to convert) is one error line. A UTF-8 byte-order mark at the start
of the input, or of any line, is ignored; CRLF line ends are fine; a blank (whitespace-only)
line is not an input. A comment whose scoring raises is held with `classifier_unavailable`.
A comment longer than MAX_TEXT_CHARS (core/windows.py) is held with `too_long`, its scores read
a window at a time, so memory stays bounded however long a line is.

`--jobs N` (default auto: the usable CPUs, at most 4): an input longer than one chunk is scored
by this process and N-1 worker processes (core/parallel.py), each holding its own models. This
process still reads, parses and writes every line, so the output, the error lines and their
order are those of one process; a worker that fails costs no comment its verdict (this process
scores what it did not return).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TextIO, TypeVar

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.loader import ModelUnavailable, load_classifiers
from masthead.moderation.core.parallel import HERE, MAX_AUTO_JOBS, ScoringPool, auto_jobs
from masthead.moderation.core.pipeline import moderate, moderate_many
from masthead.moderation.core.types import ArticleText, Policy, Submission, Verdict

T = TypeVar("T")

logger = logging.getLogger(__name__)

BOM = "\ufeff"


class BadLine(ValueError):
    pass


class OutputFailed(Exception):
    """The verdicts could not be written (a full disk, say): the output is incomplete."""


# Exit status when the verdicts could not be written (EX_IOERR in sysexits.h): not 1 or 2, which
# promise a verdict line for every good input line.
EXIT_OUTPUT_FAILED = 74


def _string(obj: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BadLine(f'{where}"{key}" must be a string')
    return value


def decode_line(raw: bytes | str) -> str:
    """One input line as text, without a leading byte-order mark; BadLine if not UTF-8."""
    if isinstance(raw, bytes):
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise BadLine("not UTF-8 text (a UTF-16 byte-order mark; save the input as UTF-8)")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadLine(
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} of the line)"
            ) from None
    else:
        line = raw
    return line[1:] if line.startswith(BOM) else line


def is_unicode(value: str) -> bool:
    """False for a string with a lone surrogate (JSON allows "\\ud800"; UTF-8 cannot carry it)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def show_id(ident: str, limit: int = 80) -> str:
    """An id as it may appear in a one-line error message."""
    if ident.isprintable() and len(ident) <= limit:
        return ident
    shown = json.dumps(ident[:limit])
    return shown + "..." if len(ident) > limit else shown


def parse_line(line: str) -> tuple[str, Submission]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise BadLine("not valid JSON (nested too deeply)") from None
    except ValueError as exc:  # an integer with more digits than Python will convert
        raise BadLine(f"not valid JSON ({str(exc).split(':')[0]})") from None
    if not isinstance(obj, dict):
        raise BadLine("must be a JSON object")
    raw_id = obj.get("id")
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        raise BadLine('"id" must be a string')
    ident = str(raw_id)
    if not is_unicode(ident):
        raise BadLine('"id" must be Unicode text (it has a lone surrogate escape)')
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
        raise BadLine(f"id {show_id(ident)}: {exc}") from None
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
# ... and at most this many bytes of input a chunk, so a file of huge lines is held in memory a
# few lines at a time. Scoring one no longer grows with its length: a comment over the
# pipeline's MAX_TEXT_CHARS is held as `too_long` and read a window at a time (core/windows.py).
CHUNK_BYTES = 2_000_000


def chunks(
    items: Iterable[T],
    size: int,
    limit: int | None = None,
    weight: Callable[[T], int] | None = None,
) -> Iterator[list[T]]:
    """Lists of at most `size` items and, with `weight`, of at most `limit` total weight (an
    item heavier than `limit` goes alone). The chunking never changes a verdict."""
    batch: list[T] = []
    total = 0
    for item in items:
        w = weight(item) if weight is not None else 0
        if batch and limit is not None and total + w > limit:
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += w
        if len(batch) == size:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def score(submissions: list[Submission], policy: Policy, classifiers: Classifiers) -> list[Verdict]:
    """moderate_many, and if it raises after all, each comment on its own; one that still
    raises is held with `classifier_unavailable` (fail closed)."""
    try:
        return moderate_many(submissions, policy, classifiers)
    except Exception:
        logger.exception("batch moderation failed; scoring the comments one by one")
    verdicts = []
    for submission in submissions:
        try:
            verdicts.append(moderate(submission, policy, classifiers))
        except Exception:
            logger.exception("moderation failed; the comment is held")
            verdicts.append(unavailable_verdict())
    return verdicts


def write(out: TextIO, text: str) -> None:
    """Write (and, for no text, flush) the verdicts; OutputFailed when that fails, except when
    the reader has gone (BrokenPipeError, handled by main)."""
    try:
        if text:
            out.write(text)
        else:
            out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(exc.strerror or type(exc).__name__) from None


def parsed_chunks(
    lines: Iterable[bytes] | Iterable[str], err: TextIO, status: list[int]
) -> Iterator[list[tuple[str, Submission]]]:
    """The input's good lines, parsed, a chunk at a time; each bad line's error is written to
    `err` as its chunk is read (so in input order), and sets status[0] to 2."""
    numbered: Iterable[tuple[int, bytes | str]] = enumerate(lines, start=1)
    for chunk in chunks(numbered, CHUNK, CHUNK_BYTES, lambda item: len(item[1])):
        parsed: list[tuple[str, Submission]] = []
        for number, raw in chunk:
            try:
                line = decode_line(raw)
                if not line.strip():
                    continue
                parsed.append(parse_line(line))
            except BadLine as exc:
                message = str(exc) if str(exc).startswith("id ") else f"line {number}: {exc}"
                err.write(f"error: {message}\n")
                status[0] = 2
            except Exception as exc:  # no line may stop the others being scored
                err.write(f"error: line {number}: cannot be read ({type(exc).__name__})\n")
                status[0] = 2
        yield parsed


# Chunks handed to the workers and not yet written: enough to keep each one busy while the
# main process writes, few enough that memory stays bounded on a huge input.
IN_FLIGHT = 3


# A chunk read and not yet written: its comments, and its parts, each the indices of some of its
# comments, their work (units, core/parallel.py), and the worker scoring them with its answer to
# come, or None, None: to be scored in this process when the chunk is written.
Part = tuple[list[int], int, int | None, "Future[tuple[list[Verdict], float]] | None"]


def run(
    lines: Iterable[bytes] | Iterable[str],
    out: TextIO,
    err: TextIO,
    policy: Policy,
    get_classifiers: Callable[[], Classifiers],
    jobs: int = 1,
) -> int:
    """Lines are bytes (decoded here, one at a time, as UTF-8) or already text.

    With `jobs` > 1, an input longer than one chunk is scored by this process and `jobs` - 1
    worker processes (core/parallel.py; `get_classifiers` must then be picklable: a
    module-level function or a functools.partial of one). This process still reads, parses
    and writes everything, in input order, and scores itself whatever a worker fails to
    return. The verdicts are the same as with one process.
    """
    status = [0]
    classifiers: Classifiers | None = None
    unavailable = False
    pool: ScoringPool | None = None
    pending: deque[tuple[list[tuple[str, Submission]], list[Part]]] = deque()

    def part_verdicts(submissions: list[Submission], part: Part) -> list[Verdict]:
        indices, units, worker, future = part
        assert classifiers is not None
        chosen = [submissions[i] for i in indices]
        if future is not None and pool is not None and worker is not None:
            try:
                verdicts, seconds = future.result()
                pool.measured(worker, units, seconds)
                return verdicts
            except BrokenProcessPool as exc:
                if worker in pool.live():
                    err.write(
                        f"warning: scoring worker {worker} stopped ({describe(exc)}); the "
                        "comments it had not returned are scored by the other processes\n"
                    )
                    pool.drop(worker)
            except CancelledError:
                pass  # its worker was dropped, and said so
            except Exception as exc:
                err.write(
                    f"warning: scoring worker {worker} failed on {len(chosen)} comments "
                    f"({describe(exc)}); they are scored in the main process\n"
                )
        start = time.perf_counter()
        verdicts = score(chosen, policy, classifiers)
        if pool is not None and future is None:
            pool.measured(HERE, units, time.perf_counter() - start)
        return verdicts

    def flush(keep: int) -> None:
        """Write the oldest pending chunks' verdicts until at most `keep` chunks are pending."""
        while len(pending) > keep:
            parsed, parts = pending.popleft()
            submissions = [s for _, s in parsed]
            verdicts: list[Verdict | None] = [None] * len(parsed)
            # this process's own part first, while the workers finish theirs
            for part in sorted(parts, key=lambda p: p[3] is not None):
                for i, verdict in zip(part[0], part_verdicts(submissions, part), strict=True):
                    verdicts[i] = verdict
            for (ident, _), maybe in zip(parsed, verdicts, strict=True):
                verdict = maybe if maybe is not None else unavailable_verdict()
                write(out, json.dumps(output(ident, verdict), ensure_ascii=False) + "\n")
            write(out, "")  # each chunk's verdicts reach a reader of a pipe as they are made

    def spread(parsed: list[tuple[str, Submission]]) -> list[Part]:
        """The chunk's parts: all of it for this process, or spread over the pool."""
        if pool is None:
            return [(list(range(len(parsed))), len(parsed), None, None)]
        submissions = [s for _, s in parsed]
        parts: list[Part] = []
        for worker, (indices, units) in pool.split(submissions).items():
            if worker == HERE:
                parts.append((indices, units, None, None))
                continue
            try:
                future = pool.submit(worker, [submissions[i] for i in indices])
            except Exception as exc:  # a stopped worker, or a loader that cannot be pickled
                err.write(
                    f"warning: scoring worker {worker} cannot be used ({describe(exc)}); its "
                    "comments are scored by the other processes\n"
                )
                pool.drop(worker)
                parts.append((indices, units, None, None))
                continue
            parts.append((indices, units, worker, future))
        return parts

    aborted = True
    try:
        for parsed in parsed_chunks(lines, err, status):
            if parsed and classifiers is None and not unavailable:
                try:
                    classifiers = get_classifiers()
                except ModelUnavailable as exc:
                    err.write(f"error: {exc}; every comment is held (classifier_unavailable)\n")
                    unavailable = True
            if classifiers is None:
                for ident, _ in parsed:
                    line = json.dumps(output(ident, unavailable_verdict()), ensure_ascii=False)
                    write(out, line + "\n")
                continue
            if not parsed:
                continue
            if jobs > 1 and pool is None and pending:
                # A second chunk: the input is longer than one, so the workers are worth
                # starting. The first chunk, held back until now, is spread too.
                try:
                    pool = ScoringPool(jobs - 1, get_classifiers, policy)
                except Exception as exc:
                    err.write(
                        f"warning: no scoring worker can be started ({describe(exc)}); the "
                        "comments are scored in this process\n"
                    )
                    jobs = 1
                pending = deque((held, spread(held)) for held, _ in pending)
            pending.append((parsed, spread(parsed)))
            if jobs == 1:
                flush(0)
            elif pool is not None:
                flush(IN_FLIGHT)
            # else: the first chunk, held back until it is known whether another follows
        flush(0)
        aborted = False
    finally:
        if pool is not None:
            pool.close(abort=aborted)
    write(out, "")
    if status[0] == 0 and unavailable:
        return 1
    return status[0]


def describe(exc: BaseException) -> str:
    """An exception as a few words on one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def fraction(typed: str) -> float:
    """A threshold option: a finite number from 0 to 1. NaN, infinity or 5 would switch the
    check off and publish what it should hold, so they are refused (usage error, exit 2)."""
    try:
        value = float(typed)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, not {typed!r}") from None
    if not is_fraction(value):
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, not {typed!r}")
    return value + 0.0  # -0.0 -> 0.0


def is_fraction(value: object) -> bool:
    """A usable threshold: a finite number from 0 to 1 (not a bool). Anything else (NaN,
    infinity, 5) would switch its check off; the option and thresholds.json both ask this."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= 1
    )


def jobs_option(typed: str) -> int:
    """`--jobs`: a whole number from 1, or "auto"."""
    if typed.strip().lower() == "auto":
        return auto_jobs()
    try:
        value = int(typed)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1, or auto, not {typed!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="masthead moderate-file",
        description="Moderate comments from a JSON-lines file; one verdict per line on stdout.",
    )
    parser.add_argument("input", help="JSON-lines file, or - for standard input")
    parser.add_argument("--models", default=None, help="folder with the model files")
    parser.add_argument("--abuse-threshold", type=fraction, default=None)
    parser.add_argument("--off-topic-threshold", type=fraction, default=None)
    parser.add_argument("--spam-threshold", type=fraction, default=None)
    parser.add_argument("--threat-threshold", type=fraction, default=None)
    parser.add_argument(
        "--jobs",
        type=jobs_option,
        default="auto",
        metavar="N",
        help="processes that score a file longer than one chunk (256 lines): this one and N-1 "
        f"workers, each with its own models; a number, or auto (the usable CPUs, at most "
        f"{MAX_AUTO_JOBS}; the default)",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    one_line_warnings()
    policy = default_policy(args.models)
    from dataclasses import replace

    thresholds = policy.thresholds
    if args.abuse_threshold is not None:
        thresholds = replace(thresholds, abuse=args.abuse_threshold)
    if args.off_topic_threshold is not None:
        thresholds = replace(thresholds, off_topic=args.off_topic_threshold)
    if args.spam_threshold is not None:
        thresholds = replace(thresholds, spam=args.spam_threshold)
    if args.threat_threshold is not None:
        thresholds = replace(thresholds, threat=args.threat_threshold)
    # Batch scoring has no live reader waiting, so the per-comment budget is generous.
    policy = replace(policy, thresholds=thresholds, time_budget_s=30.0)
    stdin = getattr(sys.stdin, "buffer", sys.stdin)  # bytes, unless stdin was replaced by text
    try:
        handle = stdin if args.input == "-" else open(args.input, "rb")  # noqa: SIM115
    except OSError as exc:
        sys.stderr.write(f"error: cannot read {args.input}: {exc.strerror}\n")
        return 2
    utf8_streams()
    try:
        loader = partial(load_classifiers, args.models)  # picklable: the workers load it too
        return run(handle, sys.stdout, sys.stderr, policy, loader, args.jobs)
    except BrokenPipeError:
        # Whoever read the verdicts has gone (`| head`): stop quietly, with the status a shell
        # gives a program ended by SIGPIPE, and let nothing more be written to the closed pipe.
        quiet_stdout()
        return 141
    except OutputFailed as exc:
        sys.stderr.write(f"error: cannot write the verdicts: {exc}; the output is incomplete\n")
        quiet_stdout()
        return EXIT_OUTPUT_FAILED
    except KeyboardInterrupt:
        # Ctrl-C (the workers ignore it; run() has stopped them): one line, no traceback, and
        # the status a shell gives a program ended by SIGINT. What was written stays valid
        # lines; the rest of the input has no verdict.
        sys.stderr.write("error: interrupted; the output is incomplete\n")
        return 130
    finally:
        if handle is not stdin:
            handle.close()


def quiet_stdout() -> None:
    """Let nothing more be written to an output that failed (not even the flush at exit)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def utf8_streams() -> None:
    """Verdicts are UTF-8 whatever the locale; an odd character in an error line is escaped."""
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(encoding="utf-8", errors=errors)


class OneLine(logging.Formatter):
    """A logged problem as one stderr line (the exception's type and message, no traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            message += f" ({type(exc).__name__}: {exc})"
        return "warning: " + " ".join(message.split())


def one_line_warnings() -> None:
    """Pipeline log records (a failed phase, a comment past its time budget) as one line each,
    where nothing else has set up logging."""
    root = logging.getLogger()
    moderation = logging.getLogger("masthead.moderation")
    if root.handlers or moderation.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(OneLine())
    moderation.addHandler(handler)


def default_policy(directory: str | None = None) -> Policy:
    """The thresholds the shipped models were tuned for (thresholds.json beside the weights)."""
    from pathlib import Path

    from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR
    from masthead.moderation.core.types import Thresholds

    path = Path(directory or WEIGHTS_DIR) / "thresholds.json"
    try:
        values = json.loads(path.read_text())
        if isinstance(values, dict):
            values = {key: closed(path, key, value) for key, value in values.items()}
        return Policy(thresholds=Thresholds(**values))
    except (OSError, ValueError, TypeError):
        return Policy()


def closed(path: object, key: str, value: object) -> object:
    """A threshold from thresholds.json as it is when it is a number from 0 to 1; otherwise 0,
    which holds every comment on that check (fail closed): NaN, infinity or 5 would switch the
    check off and publish what it should hold."""
    if is_fraction(value):
        return value
    logger.error(
        "%s: %s must be a number from 0 to 1, not %s; that check holds every comment",
        path,
        key,
        json.dumps(value),
    )
    return 0.0
