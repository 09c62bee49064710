"""`masthead narrate` on a full disk (operator QA, 2026-11-30): the audio file cannot be
written, and the command says so in one line, logged without a traceback; the narration is
failed with the reason, and no half-written temporary file is left in the media folder."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.support.narration import SHORT_BODY, fake_engine

pytestmark = pytest.mark.django_db

FULL = "could not write the audio files: No space left on device"


@pytest.fixture
def full_disk(monkeypatch):  # type: ignore[no-untyped-def]
    """Writing the audio file fails as on a full disk: the file opens, its write raises."""
    real_fdopen = os.fdopen
    state = {"on": True, "refused": 0}

    class Full:
        def __init__(self, fd: int, *args: object) -> None:
            self.handle = real_fdopen(fd, "wb")

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            if not state["on"]:
                return self.handle.write(data)
            state["refused"] += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("masthead.narration.tasks.os.fdopen", Full)
    return state


@pytest.mark.parametrize("parts_cached", [False, True], ids=["parts-to-make", "parts-cached"])
def test_narrate_on_a_full_disk_fails_in_one_line_without_a_traceback(
    make_article, full_disk, caplog, parts_cached
):
    """Whether the disk fills while the parts are cached (var/) or only when the article's file
    is written (MEDIA_ROOT: every part already cached, one write), it is one line."""
    fake_engine()
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    if parts_cached:
        full_disk["on"] = False
        assert run_narration(article.pk).status == "ready"
    full_disk["on"] = True
    caplog.set_level(logging.INFO)
    with pytest.raises(CommandError) as error:
        call_command("narrate", article.slug)
    writes = full_disk["refused"]
    assert writes == 1 if parts_cached else writes >= 1
    assert str(error.value) == f"narration failed: {FULL}"
    assert error.value.returncode == 1
    assert [r for r in caplog.records if r.exc_info] == []
    assert all("\n" not in r.getMessage() for r in caplog.records)
    assert any(FULL in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    narration = Narration.objects.get(article=article)
    assert (narration.status, narration.reason) == ("failed", FULL)
    folder = Path(settings.MEDIA_ROOT) / "narration"
    assert not list(folder.glob(".tmp-*"))
