"""The batch CLI contract: one output line per good input line, errors on stderr, exit code 2."""

import io
import json

from masthead.moderation.core import cli
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.fake import (
    FakeAbuse,
    FakeSpam,
    FakeTopic,
    fake_classifiers,
)
from masthead.moderation.core.classifiers.loader import ModelUnavailable
from masthead.moderation.core.types import Policy

ARTICLE = {
    "headline": "Council approves bridge",
    "standfirst": "Vote was 9 to 4",
    "body": "The bridge over the river.",
}


def line(ident, text, parent=None):
    return json.dumps({"id": ident, "text": text, "article": ARTICLE, "parent": parent})


def run(lines, get=fake_classifiers):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(io.StringIO("\n".join(lines) + "\n"), out, err, Policy(), get)
    return code, [json.loads(x) for x in out.getvalue().splitlines()], err.getvalue()


def test_each_line_gets_one_verdict_in_order_with_the_contract_fields():
    code, rows, err = run(
        [line("a", "The bridge is good"), line("b", "You idiot", {"text": "bridge"})]
    )
    assert code == 0 and err == ""
    assert [r["id"] for r in rows] == ["a", "b"]
    assert set(rows[0]) == {"id", "decision", "abuse", "off_topic", "spam", "reasons"}
    assert rows[0]["decision"] == "publish" and rows[1]["decision"] == "hold"
    assert all(0 <= r[k] <= 1 for r in rows for k in ("abuse", "off_topic", "spam"))


def test_malformed_lines_report_on_stderr_and_exit_2_while_others_are_scored():
    lines = [
        line("a", "The bridge is good"),
        "{not json",
        json.dumps({"id": "c", "text": 5, "article": ARTICLE}),
        json.dumps({"id": "d", "text": "x"}),
        json.dumps(["a list"]),
        line("f", "The bridge again"),
    ]
    code, rows, err = run(lines)
    assert code == 2
    assert [r["id"] for r in rows] == ["a", "f"]
    errors = err.strip().splitlines()
    assert len(errors) == 4
    assert "line 2" in errors[0]
    assert "id c" in errors[1] and "id d" in errors[2] and "line 5" in errors[3]


def test_missing_models_hold_every_comment_as_classifier_unavailable():
    def broken():
        raise ModelUnavailable("abuse.npz missing")

    code, rows, err = run([line("a", "The bridge is good")], get=broken)
    assert code == 1
    assert rows == [
        {
            "id": "a",
            "decision": "hold",
            "abuse": 1.0,
            "off_topic": 1.0,
            "spam": 1.0,
            "reasons": ["classifier_unavailable"],
        }
    ]
    assert "abuse.npz missing" in err


def test_missing_input_file_is_a_one_line_error(tmp_path, capsys):
    assert cli.main([str(tmp_path / "nope.jsonl")]) == 2
    assert capsys.readouterr().err.startswith("error: cannot read")


def test_order_is_kept_across_chunks_and_errors_keep_line_numbers():
    lines = [line(str(i), f"The bridge {i}") for i in range(150)]
    lines[100] = "oops"
    code, rows, err = run(lines)
    assert code == 2
    assert [r["id"] for r in rows] == [str(i) for i in range(150) if i != 100]
    assert err.startswith("error: line 101:")


# --- hardening: no input crashes the run or costs another line its verdict -------------------


def run_bytes(data, get=fake_classifiers):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(io.BytesIO(data), out, err, Policy(), get)
    return code, [json.loads(x) for x in out.getvalue().splitlines()], err.getvalue()


def good(ident, text="The bridge is good"):
    return line(ident, text).encode()


def test_a_line_nested_too_deeply_is_an_error_line_and_the_others_are_scored():
    code, rows, err = run([line("a", "The bridge is good"), "[" * 100_000, line("c", "Bridge")])
    assert code == 2
    assert [r["id"] for r in rows] == ["a", "c"]
    assert err == "error: line 2: not valid JSON (nested too deeply)\n"


def test_an_integer_too_long_to_convert_is_an_error_line_and_the_others_are_scored():
    code, rows, err = run([line("a", "The bridge"), '{"id": ' + "9" * 5000 + "}", line("c", "x")])
    assert code == 2
    assert [r["id"] for r in rows] == ["a", "c"]
    assert err.startswith("error: line 2: not valid JSON (Exceeds the limit")
    assert len(err.splitlines()) == 1


def test_a_utf8_byte_order_mark_at_the_start_is_ignored():
    code, rows, err = run_bytes(b"\xef\xbb\xbf" + good("a") + b"\n" + good("b") + b"\n")
    assert (code, err) == (0, "")
    assert [r["id"] for r in rows] == ["a", "b"]
    code, rows, err = run(["\ufeff" + line("a", "The bridge is good")])  # already decoded
    assert (code, err, [r["id"] for r in rows]) == (0, "", ["a"])


def test_a_byte_order_mark_starting_a_later_line_is_ignored_too():
    # Two files saved by a Windows tool, joined with cat.
    code, rows, err = run_bytes(b"\xef\xbb\xbf" + good("a") + b"\r\n\xef\xbb\xbf" + good("b"))
    assert (code, err, [r["id"] for r in rows]) == (0, "", ["a", "b"])


def test_a_line_that_is_not_utf8_is_an_error_line_and_every_other_line_is_scored():
    data = good("a") + b"\n" + b'{"id": "b", "text": "caf\xe9"}\n' + good("c") + b"\n"
    code, rows, err = run_bytes(data)
    assert code == 2
    assert [r["id"] for r in rows] == ["a", "c"]
    assert err == "error: line 2: not UTF-8 text (byte 0xe9 at byte 25 of the line)\n"


def test_a_utf16_file_says_so_on_its_first_error_line():
    data = ("\ufeff" + line("a", "The bridge") + "\r\n").encode("utf-16-le")
    code, rows, err = run_bytes(data)
    assert (code, rows) == (2, [])
    assert err.splitlines()[0] == (
        "error: line 1: not UTF-8 text (a UTF-16 byte-order mark; save the input as UTF-8)"
    )


def test_crlf_line_ends_and_blank_lines_are_fine_when_reading_bytes():
    data = good("a") + b"\r\n\r\n  \t\r\n" + good("b", "Caf\xe9 by the bridge") + b"\r\n"
    code, rows, err = run_bytes(data)
    assert (code, err, [r["id"] for r in rows]) == (0, "", ["a", "b"])


def fake_models(monkeypatch, classifiers=None):
    monkeypatch.setattr(
        cli, "load_classifiers", lambda models=None: classifiers or fake_classifiers()
    )


def test_main_reads_a_file_with_a_bom_crlf_and_a_bad_line_line_by_line(
    tmp_path, capsys, monkeypatch
):
    fake_models(monkeypatch)
    data = tmp_path / "in.jsonl"
    data.write_bytes(b"\xef\xbb\xbf" + good("a") + b'\r\n{"id": "b\xff"}\r\n' + good("c") + b"\r\n")
    assert cli.main([str(data)]) == 2
    captured = capsys.readouterr()
    assert [json.loads(x)["id"] for x in captured.out.splitlines()] == ["a", "c"]
    assert captured.err == "error: line 2: not UTF-8 text (byte 0xff at byte 10 of the line)\n"


def test_main_reads_standard_input_as_bytes_line_by_line(capsys, monkeypatch):
    fake_models(monkeypatch)
    data = b"\xef\xbb\xbf" + good("a") + b"\n" + b'{"id": "b\xc3"}\n' + good("c") + b"\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert cli.main(["-"]) == 2
    captured = capsys.readouterr()
    assert [json.loads(x)["id"] for x in captured.out.splitlines()] == ["a", "c"]
    assert captured.err.startswith("error: line 2: not UTF-8 text")


def test_json_values_that_are_not_objects_are_error_lines():
    code, rows, err = run(["null", "42", '"a string"', "true", line("e", "The bridge")])
    assert code == 2
    assert [r["id"] for r in rows] == ["e"]
    assert err.splitlines() == [f"error: line {n}: must be a JSON object" for n in (1, 2, 3, 4)]


def test_whitespace_only_lines_are_not_inputs():
    code, rows, err = run(["", "   ", "\t", "\r", line("a", "The bridge"), " \u00a0 "])
    assert (code, err, [r["id"] for r in rows]) == (0, "", ["a"])


def with_id(ident):
    return json.dumps({"id": ident, "text": "The bridge", "article": ARTICLE, "parent": None})


def test_an_id_must_be_a_string_or_an_integer():
    code, rows, err = run(
        [with_id(True), with_id(1.5), with_id({"x": 1}), with_id(None), with_id(7), with_id("s")]
    )
    assert code == 2
    assert [r["id"] for r in rows] == ["7", "s"]
    assert err.splitlines() == [f'error: line {n}: "id" must be a string' for n in (1, 2, 3, 4)]


def test_an_id_with_a_lone_surrogate_is_an_error_line_not_a_crash_on_output():
    code, rows, err = run([with_id("\ud800"), with_id("ok")])
    assert code == 2
    assert [r["id"] for r in rows] == ["ok"]
    assert err.startswith('error: line 1: "id" must be Unicode text')


def test_an_unprintable_or_huge_id_is_shown_escaped_on_one_error_line():
    bad = {"id": "a\nb", "text": 5, "article": ARTICLE}
    huge = {"id": "x" * 10_000, "text": 5, "article": ARTICLE}
    code, _, err = run([json.dumps(bad), json.dumps(huge)])
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == 'error: id "a\\nb": "text" must be a string'
    assert lines[1] == 'error: id "' + "x" * 80 + '"...: "text" must be a string'


def test_null_parent_text_and_null_headline_are_clear_error_lines():
    parent_null = json.dumps(
        {"id": "p", "text": "The bridge", "article": ARTICLE, "parent": {"text": None}}
    )
    headline_null = json.dumps(
        {"id": "h", "text": "The bridge", "article": {**ARTICLE, "headline": None}}
    )
    code, rows, err = run([parent_null, headline_null, line("ok", "The bridge")])
    assert code == 2
    assert [r["id"] for r in rows] == ["ok"]
    assert err.splitlines() == [
        'error: id p: parent."text" must be a string',
        'error: id h: article."headline" must be a string',
    ]


def test_a_five_megabyte_line_is_scored_and_held_as_too_long():
    huge = line("big", "The bridge is long overdue. " * 190_000)
    assert len(huge) > 5_000_000
    out, err = io.StringIO(), io.StringIO()
    lines = io.StringIO("\n".join([line("a", "The bridge"), huge, line("c", "The bridge")]))
    # The batch CLI's generous per-comment budget, so the test does not hang on the clock.
    policy = Policy(time_budget_s=600.0)
    code = cli.run(lines, out, err, policy, fake_classifiers)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert (code, err.getvalue()) == (0, "")
    assert [r["id"] for r in rows] == ["a", "big", "c"]
    # Read window by window (core/windows.py) and held: nothing found but its length.
    assert (rows[1]["decision"], rows[1]["reasons"]) == ("hold", ["too_long"])


def test_good_lines_are_written_exactly_as_before():
    out, err = io.StringIO(), io.StringIO()
    data = (line("café-1", "The bridge is good") + "\n" + line(7, "You idiot") + "\n").encode()
    assert cli.run(io.BytesIO(data), out, err, Policy(), fake_classifiers) == 0
    assert out.getvalue() == (
        '{"id": "café-1", "decision": "publish", "abuse": 0.02, "off_topic": 0.1, '
        '"spam": 0.05, "reasons": []}\n'
        '{"id": "7", "decision": "hold", "abuse": 0.95, "off_topic": 0.1, "spam": 0.05, '
        '"reasons": ["abusive", "insult"]}\n'
    )


class ExplodingAbuse(FakeAbuse):
    def score(self, text):
        if "boom" in text:
            raise RuntimeError("abuse model exploded")
        return super().score(text)


class PrimeIsBroken(FakeTopic):
    @property
    def prime(self):  # not an AttributeError, so it escapes moderate_many's getattr
        raise RuntimeError("cannot prime")


def test_a_comment_that_makes_a_classifier_raise_is_held_and_the_run_goes_on():
    classifiers = Classifiers(abuse=ExplodingAbuse(), topic=FakeTopic(), spam=FakeSpam())
    code, rows, err = run(
        [line("a", "The bridge"), line("b", "The bridge boom"), line("c", "The bridge")],
        get=lambda: classifiers,
    )
    assert code == 0
    assert [(r["id"], r["decision"], r["reasons"]) for r in rows] == [
        ("a", "publish", []),
        ("b", "hold", ["classifier_unavailable"]),
        ("c", "publish", []),
    ]


def test_when_the_batch_itself_raises_each_comment_is_scored_on_its_own():
    classifiers = Classifiers(abuse=FakeAbuse(), topic=PrimeIsBroken(), spam=FakeSpam())
    code, rows, err = run(
        [line("a", "The bridge"), line("b", "You idiot")], get=lambda: classifiers
    )
    assert code == 0
    assert [(r["id"], r["decision"]) for r in rows] == [("a", "publish"), ("b", "hold")]


def test_a_comment_whose_scoring_raises_anyway_is_held_as_classifier_unavailable(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("pipeline bug")

    monkeypatch.setattr(cli, "moderate_many", broken)
    monkeypatch.setattr(cli, "moderate", broken)
    code, rows, err = run([line("a", "The bridge"), line("b", "The bridge")])
    assert code == 0
    assert [(r["id"], r["decision"], r["reasons"]) for r in rows] == [
        ("a", "hold", ["classifier_unavailable"]),
        ("b", "hold", ["classifier_unavailable"]),
    ]


def test_a_failing_classifier_is_one_warning_line_on_stderr_not_a_traceback(tmp_path):
    """In a fresh process with no logging set up, as `masthead moderate-file` runs."""
    import subprocess
    import sys

    data = tmp_path / "in.jsonl"
    data.write_bytes(good("a") + b"\n" + good("b", "The bridge boom") + b"\n")
    code = (
        "import sys\n"
        "from masthead.moderation.core import cli\n"
        "from masthead.moderation.core.classifiers.base import Classifiers\n"
        "from masthead.moderation.core.classifiers.fake import FakeAbuse, FakeSpam, FakeTopic\n"
        "class Boom(FakeAbuse):\n"
        "    def score(self, text):\n"
        "        raise RuntimeError('abuse model exploded')\n"
        "cli.load_classifiers = lambda m=None: Classifiers(Boom(), FakeTopic(), FakeSpam())\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(data)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0
    assert [json.loads(x)["reasons"] for x in proc.stdout.splitlines()] == [
        ["classifier_unavailable"],
        ["classifier_unavailable"],
    ]
    assert (
        proc.stderr.splitlines()
        == ["warning: moderation phase abuse failed (RuntimeError: abuse model exploded)"] * 2
    )


def test_a_reader_that_goes_away_stops_the_run_quietly(tmp_path):
    """`masthead moderate-file big.jsonl | head -1`: no traceback when the pipe closes."""
    import subprocess
    import sys

    data = tmp_path / "in.jsonl"
    data.write_bytes(b"".join(good(str(i)) + b"\n" for i in range(3000)))
    code = (
        "import sys\n"
        "from masthead.moderation.core import cli\n"
        "from masthead.moderation.core.classifiers.fake import fake_classifiers\n"
        "cli.load_classifiers = lambda m=None: fake_classifiers()\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    # One process (a lambda cannot reach worker processes); test_moderation_cli_jobs.py has
    # the same with workers.
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(data), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert json.loads(proc.stdout.readline())["id"] == "0"
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141
    assert stderr == ""


def test_ctrl_c_ends_the_run_with_one_line_and_status_130_not_a_traceback():
    """An operator stops a long run (here: waiting for more lines on standard input)."""
    import signal
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from masthead.moderation.core import cli\n"
        "from masthead.moderation.core.classifiers.fake import fake_classifiers\n"
        "cli.load_classifiers = lambda m=None: fake_classifiers()\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "-", "--jobs", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # A whole chunk, so that its verdicts are written while the run waits for the next line.
    proc.stdin.write(b"".join(good(str(i)) + b"\n" for i in range(cli.CHUNK)))
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["id"] == "0"
    proc.send_signal(signal.SIGINT)
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 130
    proc.stdin.close()
    proc.stdout.close()
    proc.stderr.close()
    assert stderr == "error: interrupted; the output is incomplete\n"


def test_chunks_are_cut_by_total_size_and_a_heavy_item_goes_alone():
    items = [5, 1, 1, 9, 1, 4, 4]
    assert list(cli.chunks(items, 256, 6, lambda n: n)) == [[5, 1], [1], [9], [1, 4], [4]]
    assert list(cli.chunks(range(5), 2)) == [[0, 1], [2, 3], [4]]


def test_a_file_of_big_lines_is_scored_a_few_lines_at_a_time(monkeypatch):
    # a file of huge lines is held a few lines at a time: a chunk holds at most CHUNK_BYTES
    seen = []

    def spy(submissions, policy, classifiers):
        seen.append(len(submissions))
        return real_score(submissions, policy, classifiers)

    real_score = cli.score
    monkeypatch.setattr(cli, "score", spy)
    monkeypatch.setattr(cli, "CHUNK_BYTES", 3500)  # two lines of about 1.5 kB
    code, rows, _ = run([line(str(i), "bridge " * 200) for i in range(5)])
    assert code == 0 and [r["id"] for r in rows] == ["0", "1", "2", "3", "4"]
    assert seen == [2, 2, 1]
