"""The page cache's file backend for a site without Redis: Django's FileBasedCache, which lists
its whole folder only when the folder may have reached MAX_ENTRIES.

Django's backend lists the folder (up to MAX_ENTRIES files, 5,000 here) before every write to
decide whether to cull, and a version bump is a write: with about 4,400 files that listing cost
a podcast feed's miss 13.4 -> 18.9 ms of CPU (docs/benchmarks.md). This one lists the folder,
and culls as Django does, when

- this process has not listed it yet;
- the files it last counted plus the writes it made since could reach MAX_ENTRIES (every
  write is counted as a new file, though most replace one), or
- it has made CHECK_EVERY writes since it last counted (other processes write to the same
  folder: their files are seen at the latest then).

Django makes one backend object per thread; the count is kept per folder for the whole process.
So one process alone never keeps more than MAX_ENTRIES files, as Django's backend does; with
several processes writing, the folder can pass MAX_ENTRIES by at most CHECK_EVERY writes of
each process before one of them culls it.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


@dataclass
class _FolderCount:
    counted: int | None = None  # files found at the last listing, less those culled
    writes_since: int = 0
    listings: int = 0  # how often the folder was listed (tests, metrics)
    lock: threading.Lock = field(default_factory=threading.Lock)


_folders: dict[str, _FolderCount] = {}
_folders_lock = threading.Lock()


def folder_count(path: str) -> _FolderCount:
    with _folders_lock:
        return _folders.setdefault(path, _FolderCount())


class CountingFileBasedCache(FileBasedCache):  # type: ignore[misc]
    # Writes between two listings of the folder, at most (OPTIONS: CHECK_EVERY).
    CHECK_EVERY = 100

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        options = params.get("OPTIONS") or {}
        self._check_every = max(1, int(options.get("CHECK_EVERY", self.CHECK_EVERY)))
        self._count = folder_count(self._dir)

    def _cull(self) -> None:
        count = self._count
        with count.lock:
            if (
                count.counted is not None
                and count.writes_since < self._check_every
                and count.counted + count.writes_since < self._max_entries
            ):
                count.writes_since += 1
                return
            count.listings += 1
            count.counted = self._cull_now()
            # This write comes next.
            count.writes_since = 1

    def _cull_now(self) -> int:
        """Django's cull; returns how many files are left."""
        filelist = self._list_cache_files()
        num_entries = len(filelist)
        if num_entries < self._max_entries:
            return num_entries
        if self._cull_frequency == 0:
            for fname in filelist:
                self._delete(fname)
            return 0
        doomed = random.sample(filelist, int(num_entries / self._cull_frequency))
        for fname in doomed:
            self._delete(fname)
        return num_entries - len(doomed)

    def clear(self) -> None:
        with self._count.lock:
            super().clear()
            self._count.counted = 0
            self._count.writes_since = 0
