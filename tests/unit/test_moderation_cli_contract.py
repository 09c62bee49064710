"""The batch CLI contract: one output line per good input line, errors on stderr, exit code 2."""

import io
import json

from masthead.moderation.core import cli
from masthead.moderation.core.classifiers.fake import fake_classifiers
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
