"""`masthead prune_media` finds the photo files under MEDIA_ROOT/photos/ that no article names
and that were last written more than --older-than-hours ago (24 by default): left by a
process that died between writing a photo and committing its article. It only lists them
unless given --delete. A photo an article names, a file younger than the limit and anything
outside photos/ (narration audio) are never touched. Bad options are one line, status 2."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles.models import Article

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("prune_media", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def put(settings, name: str, age_seconds: float) -> Path:  # type: ignore[no-untyped-def]
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * 10)
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


@pytest.fixture
def media(settings, make_article):  # type: ignore[no-untyped-def]
    named = put(settings, "photos/2026/01/named.jpg", 3 * DAY)
    article = make_article()
    Article.objects.filter(pk=article.pk).update(photo="photos/2026/01/named.jpg")
    return {
        "named": named,
        "orphan": put(settings, "photos/2026/01/orphan.jpg", 2 * DAY),
        "young": put(settings, "photos/2026/11/young.png", 3600),
        "audio": put(settings, "narration/old.mp3", 30 * DAY),
    }


def test_without_delete_it_lists_the_old_unnamed_photo_and_deletes_nothing(media):
    code, out, _ = run()
    assert code == 0
    assert out.splitlines() == [
        "would delete photos/2026/01/orphan.jpg (10 bytes)",
        "1 photo file(s) (10 bytes) no article names, older than 24 hour(s): run with --delete "
        "to delete them",
    ]
    assert all(path.exists() for path in media.values())


def test_with_delete_only_the_old_unnamed_photo_goes(media):
    code, out, _ = run("--delete")
    assert code == 0
    assert out.splitlines()[0] == "deleted photos/2026/01/orphan.jpg (10 bytes)"
    assert not media["orphan"].exists()
    assert media["named"].exists() and media["young"].exists() and media["audio"].exists()


def test_a_shorter_age_takes_younger_files_too(media):
    code, _, _ = run("--delete", "--older-than-hours", "1")
    assert code == 0
    assert not media["young"].exists() and not media["orphan"].exists()
    assert media["named"].exists()


@pytest.mark.parametrize("hours", ["0", "-3", "x", "1e9"])
def test_a_bad_age_is_one_line_and_status_2(media, hours, capsys):
    code, _, err = run("--older-than-hours", hours)
    assert code == 2
    lines = (err + capsys.readouterr().err).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("prune_media: error: ")
    assert media["orphan"].exists()


def test_no_photos_folder_is_nothing_to_do(settings, db):  # type: ignore[no-untyped-def]
    code, out, _ = run("--delete")
    assert code == 0
    assert out.startswith("0 photo file(s)")
