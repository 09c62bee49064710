"""`masthead moderate-file` threshold options fail closed: NaN, infinity or a number outside
0..1 would switch a check off and publish what it should hold, so they are a usage error (exit
2, nothing scored); `--threat-threshold` sets the threat threshold like the others (found by a
QA review)."""

from __future__ import annotations

import json

import pytest

from masthead.moderation.core import cli

ARTICLE = {"headline": "Council approves bridge", "standfirst": "", "body": "The bridge."}


@pytest.fixture
def comments(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "The bridge", "article": ARTICLE}) + "\n")
    return path


@pytest.mark.parametrize(
    "option",
    ["--abuse-threshold", "--off-topic-threshold", "--spam-threshold", "--threat-threshold"],
)
@pytest.mark.parametrize("typed", ["nan", "inf", "-inf", "5", "-0.1", "1.01", "high"])
def test_a_threshold_option_outside_0_to_1_is_a_usage_error_and_nothing_is_scored(
    comments, capsys, monkeypatch, option, typed
):
    monkeypatch.setattr(cli, "run", lambda *a, **k: pytest.fail("scored with a bad threshold"))
    assert cli.main([str(comments), f"{option}={typed}"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"argument {option}: must be a number from 0 to 1, not {typed!r}" in captured.err


@pytest.mark.parametrize(
    ("option", "field"),
    [
        ("--abuse-threshold", "abuse"),
        ("--off-topic-threshold", "off_topic"),
        ("--spam-threshold", "spam"),
        ("--threat-threshold", "threat"),
    ],
)
@pytest.mark.parametrize(("typed", "value"), [("0", 0.0), ("-0", 0.0), ("0.45", 0.45), ("1", 1.0)])
def test_each_threshold_option_from_0_to_1_is_the_one_in_force(
    comments, monkeypatch, option, field, typed, value
):
    seen = {}

    def fake_run(lines, out, err, policy, get_classifiers, jobs=1):
        seen["thresholds"] = policy.thresholds
        return 0

    monkeypatch.setattr(cli, "run", fake_run)
    assert cli.main([str(comments), f"{option}={typed}"]) == 0
    assert str(getattr(seen["thresholds"], field)) == str(value)


def test_verdicts_that_cannot_be_written_are_one_error_line_and_exit_74(comments, tmp_path):
    # A full disk stopped the run with an OSError traceback and exit 1, the status that means
    # "models missing, every line held" (found by a QA review).
    import errno
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "masthead.cli", "moderate-file", str(comments)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
    assert done.returncode == cli.EXIT_OUTPUT_FAILED == 74
    assert done.stderr == (
        f"error: cannot write the verdicts: {os.strerror(errno.ENOSPC)}; the output is incomplete\n"
    )


def weights_with(tmp_path, **changes):
    from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR

    shipped = json.loads((WEIGHTS_DIR / "thresholds.json").read_text())
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "thresholds.json").write_text(json.dumps({**shipped, **changes}))
    return shipped, folder


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 5, -0.5, True])
def test_a_threshold_in_thresholds_json_outside_0_to_1_holds_every_comment_on_that_check(
    tmp_path, caplog, bad
):
    # NaN (which json reads), infinity or 5 in a model folder's thresholds.json switched the
    # check off, in the batch CLI and on the site (site_thresholds reads the same file); the
    # check now fails closed and says so (found by a QA review).
    shipped, folder = weights_with(tmp_path, abuse=bad)
    thresholds = cli.default_policy(str(folder)).thresholds
    assert thresholds.abuse == 0.0
    assert (thresholds.spam, thresholds.threat) == (shipped["spam"], shipped["threat"])
    assert "abuse must be a number from 0 to 1" in caplog.text


def test_good_thresholds_json_values_are_used_as_they_are(tmp_path, caplog):
    shipped, folder = weights_with(tmp_path, threat=0)
    thresholds = cli.default_policy(str(folder)).thresholds
    assert (thresholds.abuse, thresholds.threat) == (shipped["abuse"], 0)
    assert caplog.text == ""
