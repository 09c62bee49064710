"""Whether an article's audio is current follows what its page shows and its audio times (the
body as parsed now), not the raw text: when the body parser reads an unchanged body differently
(as a10ce3a did with a '## ' line right after text), the stored audio times the old reading, so
read-along would light the wrong sentences. Such audio is stale (withdrawn like audio of an
earlier text), is queued again after `migrate` or by `masthead narration-refresh`, and an
article whose reading did not change keeps its audio, across migration 0006 too."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps as global_apps
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from masthead.articles import actions as article_actions
from masthead.articles import body as body_module
from masthead.articles.body import Block
from masthead.narration import actions, readalong
from masthead.narration.models import Narration
from masthead.narration.pipeline import read_along, read_along_key
from masthead.narration.tasks import article_script, run_narration
from tests.support.cli_batch import run_in_turn
from tests.support.narration import fake_engine

# Read as one paragraph before a10ce3a ("... in 2029. ## Cost The bridge ..."), as a
# paragraph, a sub-heading and a paragraph since.
CHANGED = "It will open in 2029.\n## Cost\nThe bridge will cost 40 million pounds."
# Read the same by both.
SAME = "It will open in 2029.\n\n## Cost\n\nThe bridge will cost 40 million pounds."


def _old_parse_body(source: str) -> tuple[Block, ...]:
    """The parser as it was for CHANGED: a '## ' line after text stayed in that paragraph."""
    blocks: list[Block] = []
    for chunk in source.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if len(lines) == 1 and lines[0].startswith("## "):
            blocks.append(Block("heading", lines[0][3:]))
        else:
            blocks.append(Block("paragraph", " ".join(lines)))
    return tuple(blocks)


@pytest.fixture
def old_parser(monkeypatch):  # type: ignore[no-untyped-def]
    """Narrate under the earlier parser; `upgrade()` puts the current one back, as a restart
    with the new code would (with no keys kept from before)."""
    readalong.forget_keys()
    monkeypatch.setattr("masthead.articles.models.parse_body", _old_parse_body)
    monkeypatch.setattr("masthead.narration.readalong.parse_body", _old_parse_body)

    def upgrade() -> None:
        monkeypatch.undo()
        readalong.forget_keys()

    yield upgrade
    readalong.forget_keys()


@pytest.fixture
def narrated_before_upgrade(make_article, old_parser):  # type: ignore[no-untyped-def]
    fake_engine()
    changed = make_article(slug="changed-reading", body=CHANGED)
    same = make_article(slug="same-reading", body=SAME)
    for article in (changed, same):
        narration = run_narration(article.pk)
        assert narration.status == Narration.Status.READY and narration.is_current
    assert "## Cost" in json.dumps(Narration.objects.get(article=changed).timings)
    old_parser()  # the upgrade
    return changed, same


def _narration(article) -> Narration:  # type: ignore[no-untyped-def]
    return Narration.objects.select_related("article").get(article=article)


@pytest.mark.django_db
def test_audio_of_an_unchanged_text_read_differently_by_the_parser_now_is_stale(
    client, narrated_before_upgrade
):
    changed, same = narrated_before_upgrade
    stale = _narration(changed)
    assert stale.source_hash == changed.content_hash  # the raw text did not change
    assert not stale.is_current
    assert client.get(f"/listen/{changed.slug}.mp3").status_code == 410
    assert client.get(f"/listen/{changed.slug}/timings.json").status_code == 410
    state = json.loads(client.get(f"/listen/{changed.slug}/status.json").content)
    assert state["has_audio"] is False and state["outdated"] is True
    assert "timings_url" not in state

    kept = _narration(same)
    assert kept.is_current
    assert client.get(f"/listen/{same.slug}.mp3").status_code == 200
    assert client.get(f"/listen/{same.slug}/timings.json").status_code == 200


@pytest.mark.django_db
def test_refresh_queues_exactly_the_stale_narrations_and_the_worker_makes_them_current(
    client, narrated_before_upgrade
):
    changed, same = narrated_before_upgrade
    assert [a.slug for a in actions.refresh_narrations(dry_run=True)] == [changed.slug]
    assert _narration(changed).status == Narration.Status.READY  # a dry run queues nothing

    assert [a.slug for a in actions.refresh_narrations()] == [changed.slug]
    assert _narration(changed).status == Narration.Status.QUEUED
    assert _narration(same).status == Narration.Status.READY
    page = client.get(changed.get_absolute_url()).content.decode()
    assert "The audio is being updated after an edit." in page

    engine = fake_engine()
    renarrated = run_narration(changed.pk)
    assert renarrated.status == Narration.Status.READY and _narration(changed).is_current
    # re-narrated by the usual path, with the parts cache: the headline and standfirst are its
    # own earlier parts, the re-read body's are the other article's (same sentences, read alike)
    assert engine.calls == [] and renarrated.segments_synthesised == 0
    assert renarrated.segments_total == 5
    timings = json.loads(client.get(f"/listen/{changed.slug}/timings.json").content)
    assert [s["text"] for s in timings["sentences"]][-3:] == [
        "It will open in 2029.",
        "Cost",
        "The bridge will cost 40 million pounds.",
    ]
    assert actions.refresh_narrations() == []


@pytest.mark.django_db
def test_migrate_queues_the_stale_narrations_by_itself(narrated_before_upgrade, settings):
    changed, same = narrated_before_upgrade
    emit_post_migrate_signal(0, False, "default", apps=global_apps, plan=[])
    assert _narration(changed).status == Narration.Status.QUEUED
    assert _narration(same).status == Narration.Status.READY


@pytest.mark.django_db
def test_migrate_queues_nothing_where_articles_are_narrated_by_hand(
    narrated_before_upgrade, settings
):
    changed, _ = narrated_before_upgrade
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    emit_post_migrate_signal(0, False, "default", apps=global_apps, plan=[])
    assert _narration(changed).status == Narration.Status.READY
    out = _call("narration-refresh")  # the operator's command does it anyway
    assert out.splitlines() == [f"{changed.slug}: queued", "1 stale narrations queued"]
    assert _narration(changed).status == Narration.Status.QUEUED


def _call(*args: str) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_refresh_command_lists_stale_articles_with_dry_run(narrated_before_upgrade):
    changed, _ = narrated_before_upgrade
    out = _call("narration-refresh", "--dry-run")
    assert out.splitlines() == [f"{changed.slug}: stale", "1 stale narrations would be queued"]
    assert _narration(changed).status == Narration.Status.READY
    assert _call("narration_refresh", "--dry-run") == out


@pytest.mark.django_db
def test_any_save_of_an_article_whose_reading_changed_renarrates_it(
    narrated_before_upgrade, django_capture_on_commit_callbacks
):
    changed, _ = narrated_before_upgrade
    with django_capture_on_commit_callbacks(execute=True):
        article_actions.add_correction(changed, "An earlier version gave the wrong year.")
    narration = _narration(changed)
    assert narration.status == Narration.Status.READY and narration.is_current
    assert narration.attempts == 2


@pytest.mark.django_db
def test_migration_0006_keeps_current_audio_current_and_audio_of_an_earlier_reading_stale(
    narrated_before_upgrade,
):
    changed, same = narrated_before_upgrade
    # rows as they were before 0006: no key yet
    Narration.objects.update(read_along_key="")
    assert not _narration(same).is_current
    migration = importlib.import_module(
        "masthead.narration.migrations.0006_narration_read_along_key"
    )
    migration.keys_from_timings(global_apps, None)
    assert _narration(same).is_current  # nothing to synthesise again on upgrade
    assert not _narration(changed).is_current  # its timings are of the old reading
    assert [a.slug for a in actions.refresh_narrations()] == [changed.slug]


@pytest.mark.django_db
def test_migration_0006_keys_agree_with_the_running_code(make_article):
    migration = importlib.import_module(
        "masthead.narration.migrations.0006_narration_read_along_key"
    )
    article = make_article(body=SAME + "\n\n> We waited thirty years.\n> -- Joan Hill")
    sentences = read_along(article_script(article))
    assert migration.read_along_key(sentences) == read_along_key(sentences)
    assert migration.key_of_timings({"sentences": sentences}) == read_along_key(sentences)
    assert migration.key_of_timings({}) == migration.key_of_timings({"sentences": [{}]}) == ""


@pytest.mark.django_db
def test_the_current_parser_is_the_one_these_tests_call_new():
    assert [b.kind for b in body_module.parse_body(CHANGED)] == [
        "paragraph",
        "heading",
        "paragraph",
    ]
    assert [b.kind for b in _old_parse_body(CHANGED)] == ["paragraph"]
    assert body_module.parse_body(SAME) == _old_parse_body(SAME)


@pytest.mark.django_db
def test_an_edit_printed_differently_but_read_the_same_gets_timings_of_the_new_text(
    client, make_article
):
    # the script key (which decides "nothing to synthesise") leaves out printed text read the
    # same; the stored timings must still be the page's sentences, or read-along would not match
    straight = 'The council voted.\n\n"It will cost 40 million pounds," she said.'
    curly = straight.replace('"', "\u201c", 1).replace('"', "\u201d", 1)
    fake_engine()
    article = make_article(slug="quotes", body=straight)
    first = run_narration(article.pk)
    article.body = curly
    article_actions.save_article(article)
    assert not _narration(article).is_current  # the page's sentence changed
    assert client.get(f"/listen/{article.slug}/timings.json").status_code == 410

    engine = fake_engine()
    again = run_narration(article.pk)
    assert engine.calls == []  # read the same: every part from the cache
    assert again.status == Narration.Status.READY and _narration(article).is_current
    assert again.audio_hash == first.audio_hash
    timings = json.loads(client.get(f"/listen/{article.slug}/timings.json").content)
    assert "\u201cIt will cost 40 million pounds,\u201d she said." in [
        s["text"] for s in timings["sentences"]
    ]


@pytest.mark.slow
@pytest.mark.own_database  # names its own database: run in the first pass only
def test_the_refresh_command_says_what_is_wrong_in_one_line_and_migrate_runs_the_refresh(
    tmp_path,
):
    # The four command lines in turn on one new SQLite file, in one process
    # (tests/support/cli_batch.py: each with its own stdout, stderr and exit status).
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}
    never_migrated, bad, migrated, done = run_in_turn(
        tmp_path,
        env,
        [
            ["narration-refresh"],
            ["narration-refresh", "--slug", "x"],
            ["migrate", "--noinput"],  # 0006 and the refresh after it
            ["narration-refresh"],
        ],
    )
    assert never_migrated.returncode == 1
    assert never_migrated.stderr == (
        "narration-refresh: error: the database has no tables: run `masthead migrate` first\n"
    )
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1
    assert bad.stderr.startswith("narration-refresh: error: ") and "Traceback" not in bad.stderr

    assert migrated.returncode == 0, migrated.stderr
    assert "Traceback" not in migrated.stderr
    assert (done.returncode, done.stdout) == (0, "0 stale narrations queued\n")
