"""The page cache in files (one machine, no Redis) keeps its bound of MAX_ENTRIES files without
listing its folder on every write (perf, 2026-11-30: Django's FileBasedCache lists up to 5,000
files before each write and each version bump; about 4,400 files made a podcast miss 13.4 ->
18.9 ms of CPU)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]


def production_page_cache() -> dict[str, Any]:
    """CACHES["pages"] as settings.py makes it without REDIS_URL (tests replace it)."""
    env = {**os.environ, "REDIS_URL": "", "DJANGO_SETTINGS_MODULE": "masthead.settings"}
    code = "import json, masthead.settings as s; print(json.dumps(s.CACHES['pages']))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    import json

    config: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return config


@pytest.fixture(scope="module")
def backend_class() -> type[FileBasedCache]:
    cls: type[FileBasedCache] = import_string(production_page_cache()["BACKEND"])
    assert issubclass(cls, FileBasedCache)
    return cls


def files(folder: Path) -> int:
    return sum(1 for name in os.listdir(folder) if name.endswith(".djcache"))


def counting_listings(cache: FileBasedCache, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = cache._list_cache_files

    def listed() -> list[str]:
        found = real()
        calls.append(len(found))
        return found

    monkeypatch.setattr(cache, "_list_cache_files", listed)
    return calls


def test_the_settings_keep_a_bound_of_5000_files_without_redis() -> None:
    assert production_page_cache()["OPTIONS"]["MAX_ENTRIES"] == 5000


def test_writes_to_a_full_folder_do_not_list_it_each_time(
    backend_class: type[FileBasedCache], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = backend_class(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 5000}})
    for n in range(1500):
        cache.set(f"page:{n}", b"x", 300)
    listings = counting_listings(cache, monkeypatch)
    for n in range(150):
        cache.set(f"pv:article:{n}", n, None)
        cache.incr(f"pv:article:{n}")
    # 300 writes (a set and a version bump each): Django's backend lists the folder before
    # every one of them.
    assert len(listings) <= 300 // 100 + 1
    assert files(tmp_path) == 1650


def test_one_process_never_passes_max_entries(
    backend_class: type[FileBasedCache], tmp_path: Path
) -> None:
    cache = backend_class(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50}})
    for n in range(600):
        cache.set(f"page:{n}", b"x", 300)
        assert files(tmp_path) <= 50
    assert files(tmp_path) >= 30  # culled by a third at a time, as Django does


def test_other_writers_are_seen_within_check_every_writes(
    backend_class: type[FileBasedCache], tmp_path: Path
) -> None:
    """Another process (here a plain FileBasedCache that never culls) fills the same folder:
    this one's count misses those files only until its next listing."""
    cache = backend_class(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50, "CHECK_EVERY": 10}})
    other = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10**9}})
    for n in range(600):
        other.set(f"other:{n}", b"x", 300)
        cache.set(f"page:{n}", b"x", 300)
        assert files(tmp_path) <= 50 + 2 * 10


def test_a_cleared_cache_counts_from_zero(
    backend_class: type[FileBasedCache], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = backend_class(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50}})
    for n in range(40):
        cache.set(f"page:{n}", b"x", 300)
    cache.clear()
    assert files(tmp_path) == 0
    listings = counting_listings(cache, monkeypatch)
    for n in range(45):
        cache.set(f"page:{n}", b"x", 300)
    assert listings == []
    assert files(tmp_path) == 45
