"""Operators set the reader rate limits from the environment, like the other limits."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.environment import ROOT, settings_value


def test_report_and_like_rates_come_from_the_environment():
    env = {"MASTHEAD_REPORT_RATE_PER_READER": "3/60", "MASTHEAD_LIKE_RATE_PER_READER": "7/10"}
    assert settings_value("s.MASTHEAD['REPORT_RATE_PER_READER']", env, repr_=False) == "3/60"
    assert settings_value("s.MASTHEAD['LIKE_RATE_PER_READER']", env, repr_=False) == "7/10"


def test_report_and_like_rates_default_to_the_documented_values():
    env = {"MASTHEAD_REPORT_RATE_PER_READER": "", "MASTHEAD_LIKE_RATE_PER_READER": ""}
    clean = {k: v for k, v in os.environ.items() if k not in env}
    code = (
        "import masthead.settings as s; "
        "print(s.MASTHEAD['REPORT_RATE_PER_READER'], s.MASTHEAD['LIKE_RATE_PER_READER'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["10/600", "30/60"]
