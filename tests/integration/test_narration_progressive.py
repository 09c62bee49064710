"""Progressive playback: while an article without audio is narrated, `segments.json` lists the
parts ready so far and serves them; once the joined file is ready it points to that instead."""

from __future__ import annotations

import json
from typing import Any

import pytest

from masthead.narration import actions
from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.support.narration import SHORT_BODY, fake_engine

pytestmark = pytest.mark.django_db

LONG_BODY = (
    SHORT_BODY
    + "\n\n"
    + " ".join(
        f"Background sentence {n} says both sides expelled staff and want their buildings back."
        for n in ("one", "two", "three", "four", "five", "six")
    )
)


def _segments(client, slug: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.get(f"/listen/{slug}/segments.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.json()  # type: ignore[no-any-return]


def _during_narration(monkeypatch, check) -> None:  # type: ignore[no-untyped-def]
    """Call `check(done, total)` after each part is recorded, while the narration runs."""
    original = actions.record_progress

    def recording(article_id: int, done: int, total: int, partial: Any = None, run=None) -> None:  # type: ignore[no-untyped-def]
        original(article_id, done, total, partial, run=run)
        check(done, total)

    monkeypatch.setattr(actions, "record_progress", recording)


def test_parts_are_listed_and_served_while_the_narration_is_generated(
    client, make_article, monkeypatch
):
    fake_engine()
    article = make_article(slug="long-talks", body=LONG_BODY)
    seen: list[dict[str, Any]] = []
    joined: list[bytes] = []

    def check(done: int, total: int) -> None:
        state = _segments(client, article.slug)
        seen.append(state)
        assert state["status"] == "generating" and state["complete"] is False
        assert not state["has_audio"] and len(state["parts"]) == done
        assert state["parts_total"] == total
        first = state["parts"][0]
        response = client.get(first["url"])
        assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
        assert response["Accept-Ranges"] == "bytes"
        ranged = client.get(first["url"], HTTP_RANGE="bytes=0-99")
        assert ranged.status_code == 206 and int(ranged["Content-Length"]) == 100
        if done == total:
            joined.append(
                b"".join(b"".join(client.get(p["url"]).streaming_content) for p in state["parts"])
            )

    _during_narration(monkeypatch, check)
    narration = run_narration(article.pk)
    assert narration.status == "ready"
    assert len(seen) == narration.segments_total > 6  # the long paragraph is several parts

    middle = seen[2]
    starts = [p["start"] for p in middle["parts"]]
    assert starts == sorted(starts) and starts[0] == 0
    assert middle["duration_ready"] == pytest.approx(
        sum(p["duration"] for p in middle["parts"]), abs=0.01
    )
    timed = [s for s in middle["sentences"] if s["start"] is not None]
    assert 0 < len(timed) < len(middle["sentences"])  # times arrive as the parts do
    assert all(s["end"] <= middle["duration_ready"] for s in timed)

    # once the joined file is ready: no parts, the final audio instead
    done = _segments(client, article.slug)
    assert done["complete"] is True and done["has_audio"] and done["parts"] == []
    assert done["audio_url"].startswith(f"/listen/{article.slug}.mp3")
    assert client.get(seen[-1]["parts"][0]["url"]).status_code == 404  # no longer listed
    # the parts played in order are the final file, byte for byte, on the same timeline
    assert joined == [narration.audio_path.read_bytes()]  # type: ignore[union-attr]
    assert done["duration"] == pytest.approx(seen[-1]["duration_ready"], abs=0.05)


def test_only_listed_parts_are_served(client, make_article, monkeypatch):
    fake_engine()
    article = make_article(slug="listed-only", body=LONG_BODY)
    codes: list[int] = []

    def check(done: int, total: int) -> None:
        if done == 1:
            codes.append(client.get(f"/listen/{article.slug}/parts/{'0' * 64}.mp3").status_code)
            codes.append(client.get(f"/listen/{article.slug}/parts/..%2Fsecret.mp3").status_code)

    _during_narration(monkeypatch, check)
    run_narration(article.pk)
    assert codes == [404, 404]


def test_a_renarration_keeps_the_last_good_audio_and_lists_no_parts(
    client, make_article, monkeypatch
):
    fake_engine()
    article = make_article(slug="edited-talks", body=LONG_BODY)
    run_narration(article.pk)
    states: list[dict[str, Any]] = []
    _during_narration(
        monkeypatch, lambda done, total: states.append(_segments(client, "edited-talks"))
    )
    run_narration(article.pk, force=True)
    assert states and all(s["has_audio"] and s["parts"] == [] for s in states)


def test_a_failure_mid_narration_says_so_and_lists_no_parts(client, make_article):
    engine = fake_engine()
    article = make_article(slug="crashing-talks", body=LONG_BODY)
    engine.fail_on = "Background sentence five"
    narration = run_narration(article.pk)
    assert narration.status == Narration.Status.FAILED
    state = _segments(client, article.slug)
    assert state["status"] == "failed" and state["parts"] == [] and not state["has_audio"]
    assert Narration.objects.get(pk=narration.pk).partial == {}


def test_polling_after_n_parts_returns_only_the_newer_parts_and_the_sentences_they_time(
    client, make_article, monkeypatch
):
    fake_engine()
    article = make_article(slug="incremental-talks", body=LONG_BODY)
    full: list[dict[str, Any]] = []
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def check(done: int, total: int) -> None:
        whole = _segments(client, article.slug)
        full.append(whole)
        if done >= 2:
            response = client.get(f"/listen/{article.slug}/segments.json?after={done - 1}")
            assert response.status_code == 200 and response["Cache-Control"] == "no-store"
            pairs.append((whole, response.json()))

    _during_narration(monkeypatch, check)
    run_narration(article.pk)
    assert pairs
    for whole, newer in pairs:
        done = len(whole["parts"])
        assert newer["parts_from"] == done - 1 and newer["parts_ready"] == done
        assert newer["parts"] == whole["parts"][done - 1 :]  # just the newest part
        assert newer["parts_total"] == whole["parts_total"]
        assert newer["duration_ready"] == whole["duration_ready"]
        first = newer["sentences_from"]
        assert 0 < first and newer["sentences"]
        assert newer["sentences"] == whole["sentences"][first : first + len(newer["sentences"])]
        assert all(s["start"] is not None for s in newer["sentences"])
        # the sentences before it were sent already; the ones after it have no times yet
        later = whole["sentences"][first + len(newer["sentences"]) :]
        assert all(s["start"] is None for s in later)
        assert len(json.dumps(newer)) < len(json.dumps(whole)) / 2

    # without `after` (the first ask) every sentence of the script comes, timed or not
    middle = full[3]
    assert middle["parts_from"] == 0 and middle["sentences_from"] == 0
    assert len(middle["sentences"]) == middle["sentences_total"]


def test_polling_when_nothing_is_new_or_the_count_is_ahead(client, make_article, monkeypatch):
    fake_engine()
    article = make_article(slug="caught-up-talks", body=LONG_BODY)
    answers: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def check(done: int, total: int) -> None:
        if done == 3:
            same = client.get(f"/listen/{article.slug}/segments.json?after=3").json()
            ahead = client.get(f"/listen/{article.slug}/segments.json?after=9").json()
            answers.append((same, ahead))

    _during_narration(monkeypatch, check)
    run_narration(article.pk)
    (same, ahead) = answers[0]
    assert same["parts"] == [] and same["sentences"] == [] and same["parts_ready"] == 3
    assert same["status"] == "generating" and same["complete"] is False
    assert ahead["parts_from"] == 0 and len(ahead["parts"]) == 3
    assert len(ahead["sentences"]) == ahead["sentences_total"]


@pytest.mark.parametrize("after", ["-1", "two", "1.5", "\u00b2", "9999999"])
def test_a_bad_after_is_a_clear_400(client, make_article, after):
    article = make_article(slug="bad-after")
    response = client.get(f"/listen/{article.slug}/segments.json", {"after": after})
    assert response.status_code == 400
    assert b"after must be a whole number" in response.content


def test_once_the_file_is_ready_polling_after_n_parts_points_to_it(client, make_article):
    fake_engine()
    article = make_article(slug="finished-talks", body=LONG_BODY)
    run_narration(article.pk)
    state = client.get(f"/listen/{article.slug}/segments.json?after=4").json()
    assert state["complete"] is True and state["has_audio"] and state["parts"] == []
    assert state["audio_url"].startswith(f"/listen/{article.slug}.mp3")


def test_polling_after_a_failure_says_failed(client, make_article):
    engine = fake_engine()
    article = make_article(slug="failed-poll", body=LONG_BODY)
    engine.fail_on = "Background sentence five"
    run_narration(article.pk)
    state = client.get(f"/listen/{article.slug}/segments.json?after=4").json()
    assert state["status"] == "failed" and state["parts"] == [] and not state["has_audio"]


def _part_queries(client, url: str) -> tuple[dict[str, Any], list[str]]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.json(), [q["sql"] for q in queries.captured_queries]


def test_a_poll_after_n_parts_reads_only_the_newer_parts_not_the_script(
    client, make_article, monkeypatch
):
    fake_engine()
    article = make_article(slug="cheap-polls", body=LONG_BODY)
    seen: list[tuple[dict[str, Any], list[str], dict[str, Any], list[str]]] = []

    def check(done: int, total: int) -> None:
        if done == 5:
            first, first_sql = _part_queries(client, f"/listen/{article.slug}/segments.json")
            later, later_sql = _part_queries(
                client, f"/listen/{article.slug}/segments.json?after=4"
            )
            seen.append((first, first_sql, later, later_sql))

    _during_narration(monkeypatch, check)
    run_narration(article.pk)
    ((first, first_sql, later, later_sql),) = seen
    script_column = '"narration_narration"."partial"'
    # the first ask reads the script's sentences once; a later poll never does
    assert any(script_column in sql for sql in first_sql)
    assert not any(script_column in sql for sql in later_sql)
    part_reads = [sql for sql in later_sql if "narration_narrationpart" in sql]
    assert len(part_reads) == 1 and '"index" >= 3' in part_reads[0]
    assert later["parts_from"] == 4 and later["parts_ready"] == 5 and len(later["parts"]) == 1
    assert later["parts"] == first["parts"][4:]
    assert (
        later["sentences"]
        == first["sentences"][later["sentences_from"] :][: len(later["sentences"])]
    )
    assert later["run"] == first["run"] == Narration.objects.get(article=article).attempts


def test_the_parts_are_rows_of_the_current_run_and_go_when_it_ends(
    client, make_article, monkeypatch
):
    from masthead.narration.models import NarrationPart

    fake_engine()
    article = make_article(slug="rows-talks", body=LONG_BODY)
    rows: list[list[int]] = []
    _during_narration(
        monkeypatch,
        lambda done, total: rows.append(
            list(NarrationPart.objects.order_by("index").values_list("index", flat=True))
        ),
    )
    narration = run_narration(article.pk)
    assert rows == [list(range(done)) for done in range(1, narration.segments_total + 1)]
    assert NarrationPart.objects.count() == 0  # the file is ready: no parts to list


def test_a_narration_started_again_lists_only_its_own_parts_and_the_old_run_writes_nothing(
    client, make_article, monkeypatch
):
    fake_engine()
    article = make_article(slug="restarted-talks", body=LONG_BODY)
    states: list[dict[str, Any]] = []

    def check(done: int, total: int) -> None:
        if done == 3:
            states.append(_segments(client, article.slug))
            # another worker starts the narration again (e.g. after an edit)
            actions.start_narration(article.pk)
        if done >= 3:
            states.append(client.get(f"/listen/{article.slug}/segments.json?after=3").json())

    _during_narration(monkeypatch, check)
    first_run = Narration.objects.get_or_create(article=article)[0].attempts + 1
    run_narration(article.pk)
    before, *after = states
    assert before["run"] == first_run and before["parts_ready"] == 3
    assert after and all(state["run"] == first_run + 1 for state in after)
    # the first run's later parts were not recorded into the new run: nothing is listed, and a
    # player that had three parts is told to start over (parts_from 0)
    assert all(state["parts"] == [] and state["parts_ready"] == 0 for state in after)
    assert all(state["parts_from"] == 0 for state in after)


def test_a_retry_after_a_failure_starts_a_new_run_from_its_first_part(
    client, make_article, monkeypatch
):
    engine = fake_engine()
    article = make_article(slug="retried-talks", body=LONG_BODY)
    engine.fail_on = "Background sentence five"
    failed = run_narration(article.pk)
    assert failed.status == Narration.Status.FAILED
    engine.fail_on = None
    seen: list[dict[str, Any]] = []

    def check(done: int, total: int) -> None:
        if done == 2:  # a player of the failed run had four parts
            seen.append(client.get(f"/listen/{article.slug}/segments.json?after=4").json())

    _during_narration(monkeypatch, check)
    run_narration(article.pk, force=True)
    (state,) = seen
    assert state["run"] == failed.attempts + 1
    assert state["parts_from"] == 0 and state["parts_ready"] == 2 and len(state["parts"]) == 2
    assert len(state["sentences"]) == state["sentences_total"]


def test_a_run_that_was_started_again_cannot_fail_the_run_that_replaced_it(
    client, make_article, monkeypatch
):
    engine = fake_engine()
    article = make_article(slug="superseded-talks", body=LONG_BODY)

    def check(done: int, total: int) -> None:
        if done == 3:
            actions.start_narration(article.pk)  # a new run, e.g. on another worker
            engine.fail_on = "Background sentence five"  # then the old run crashes

    _during_narration(monkeypatch, check)
    run_narration(article.pk)
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.GENERATING  # the new run is still going
    assert narration.reason == ""
    assert _segments(client, article.slug)["run"] == narration.attempts


def test_what_is_stored_after_each_part_is_that_part_of_the_final_timeline_and_the_script_once(
    make_article, monkeypatch
):
    from masthead.narration.config import segment_cache
    from masthead.narration.models import NarrationPart

    fake_engine()
    article = make_article(slug="stored-talks", body=LONG_BODY)
    stored: list[tuple[dict[str, Any], int, list[dict[str, Any]]]] = []
    fields = ["index", "key", "start", "duration", "first_sentence", "end_sentence", "sentences"]

    def check(done: int, total: int) -> None:
        narration = Narration.objects.get(article=article)
        rows = NarrationPart.objects.filter(narration=narration).order_by("index")
        stored.append((narration.partial, narration.parts_planned, list(rows.values(*fields))))

    _during_narration(monkeypatch, check)
    narration = run_narration(article.pk)
    total, final = narration.segments_total, narration.timings["sentences"]
    assert len(stored) == total > 6
    rows = stored[-1][2]
    # each part's row, once written, stays as it was: the rows grow by one part at a time
    assert [state[2] for state in stored] == [rows[:done] for done in range(1, total + 1)]
    assert all(state[1] == total for state in stored)
    # the parts cover every sentence once, in order, each with its final times
    assert [row["index"] for row in rows] == list(range(total))
    assert rows[0]["first_sentence"] == 0 and rows[-1]["end_sentence"] == len(final)
    for before, after in zip(rows, rows[1:], strict=False):
        assert after["first_sentence"] == before["end_sentence"]
        assert after["start"] == pytest.approx(before["start"] + before["duration"], abs=0.002)
    for row in rows:
        assert row["sentences"] == final[row["first_sentence"] : row["end_sentence"]]
    # played one after another, the parts are the final file
    cache = segment_cache()
    joined = b"".join(cache.get_piece(row["key"]).mp3 for row in rows)  # type: ignore[union-attr]
    assert joined == narration.audio_path.read_bytes()  # type: ignore[union-attr]
    # the script's sentences are written once, with the first part: only its sentences timed
    first_end = rows[0]["end_sentence"]
    untimed = {"start": None, "end": None, "words": [], "marks": []}
    script = final[:first_end] + [{**s, **untimed} for s in final[first_end:]]
    assert all(state[0] == {"sentences": script} for state in stored)


def test_a_part_that_does_not_follow_the_last_one_recorded_is_not_written(make_article):
    from masthead.narration.models import NarrationPart
    from masthead.narration.pipeline import PartReady

    article = make_article(slug="ordered-talks", body=LONG_BODY)
    run = actions.start_narration(article.pk).attempts
    script = [{"text": "Talks", "start": 0.1, "end": 0.9}, {"text": "More", "start": None}]

    def part(index: int) -> PartReady:
        return PartReady(
            index=index,
            key=f"{index:064d}",
            start=float(index),
            duration=1.0,
            first_sentence=index,
            sentences=[script[index]],
            script=script if index == 0 else None,
        )

    actions.record_progress(article.pk, 2, 2, part(1), run=run)  # before the first: a gap
    assert NarrationPart.objects.count() == 0
    actions.record_progress(article.pk, 1, 2, part(0), run=run)
    actions.record_progress(article.pk, 1, 2, part(0), run=run)  # the same part again
    assert list(NarrationPart.objects.values_list("index", flat=True)) == [0]
    actions.record_progress(article.pk, 2, 2, part(1), run=run)
    assert list(NarrationPart.objects.values_list("index", flat=True)) == [0, 1]
    narration = Narration.objects.get(article=article)
    assert narration.partial == {"sentences": script} and narration.parts_planned == 2
