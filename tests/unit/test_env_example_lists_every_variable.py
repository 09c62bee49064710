""".env.example lists every variable masthead reads (house rule 8). MASTHEAD_DB_CACHE and
MASTHEAD_TESTING were read by masthead/settings.py but missing (found by a docs review)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_masthead_variable_the_code_names_is_in_env_example():
    listed = set(re.findall(r"^# ([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    read = {
        name
        for path in (ROOT / "masthead").rglob("*.py")
        for name in re.findall(r"[\"'](MASTHEAD_[A-Z0-9_]+)[\"']", path.read_text())
    }
    assert "MASTHEAD_DB_CACHE" in read
    assert sorted(read - listed) == []
