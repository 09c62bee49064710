"""Serving narration: Range requests, headers, timings, the player on the page, the podcast
feed, JSON-LD, regenerate, and the `narrate` / `speak` commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from masthead.articles.models import Article
from masthead.narration.models import Narration
from masthead.narration.presenters import audio_object, clock, parts_summary
from masthead.narration.tasks import run_narration
from tests.support.narration import SHORT_BODY, audio_bytes, fake_engine, use_engine

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def narrated(make_article):  # type: ignore[no-untyped-def]
    fake_engine()
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    narration = run_narration(article.pk)
    assert narration.status == "ready"
    return article, narration


def _audio_url(article: Article) -> str:
    return f"/listen/{article.slug}.mp3"


def test_audio_is_served_whole_with_type_length_and_caching_headers(client, narrated):
    article, narration = narrated
    response = client.get(_audio_url(article))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Accept-Ranges"] == "bytes"
    assert int(response["Content-Length"]) == narration.size == len(body)
    assert response["ETag"] == f'"{narration.audio_hash}"'
    assert "max-age=300" in response["Cache-Control"]
    assert body == audio_bytes(narration)


def test_a_versioned_audio_url_is_cached_for_good(client, narrated):
    article, narration = narrated
    response = client.get(_audio_url(article), {"v": narration.audio_hash[:16]})
    assert "immutable" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("range_header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, None),
        ("bytes=-500", -500, None),
        ("bytes=10-10", 10, 10),
    ],
)
def test_range_requests_return_206_with_the_exact_bytes(client, narrated, range_header, start, end):
    article, narration = narrated
    data = audio_bytes(narration)
    size = len(data)
    response = client.get(_audio_url(article), HTTP_RANGE=range_header)
    body = b"".join(response.streaming_content)
    first = start if start >= 0 else size + start
    last = size - 1 if end is None else end
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert int(response["Content-Length"]) == last - first + 1
    assert body == data[first : last + 1]
    assert response["Content-Type"] == "audio/mpeg"


@pytest.mark.parametrize("range_header", ["bytes=999999999-", "bytes=-0"])
def test_unsatisfiable_ranges_get_416(client, narrated, range_header):
    article, narration = narrated
    response = client.get(_audio_url(article), HTTP_RANGE=range_header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{narration.size}"


@pytest.mark.parametrize("range_header", ["bytes=50-10", "bytes=abc", "bytes=-", "bytes=0-1,5-9"])
def test_malformed_or_multiple_ranges_get_the_whole_file(client, narrated, range_header):
    article, narration = narrated
    response = client.get(_audio_url(article), HTTP_RANGE=range_header)
    assert response.status_code == 200
    assert int(response["Content-Length"]) == narration.size


def test_if_none_match_gets_304_and_a_stale_if_range_gets_the_whole_file(client, narrated):
    article, narration = narrated
    etag = f'"{narration.audio_hash}"'
    assert client.get(_audio_url(article), HTTP_IF_NONE_MATCH=etag).status_code == 304
    response = client.get(_audio_url(article), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert response.status_code == 200


def test_download_link_sends_an_attachment(client, narrated):
    article, _ = narrated
    response = client.get(_audio_url(article), {"download": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="bridge-vote.mp3"'


def test_no_audio_and_drafts_give_404(client, make_article):
    article = make_article()
    assert client.get(_audio_url(article)).status_code == 404
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    fake_engine()
    run_narration(draft.pk)
    assert client.get(_audio_url(draft)).status_code == 404


def test_timings_endpoint_gives_sentences_in_order(client, narrated):
    article, narration = narrated
    data = client.get(f"/listen/{article.slug}/timings.json").json()
    assert data["duration"] == narration.duration
    starts = [s["start"] for s in data["sentences"]]
    assert starts == sorted(starts)
    assert data["sentences"][0]["target"] == "headline"


def test_article_page_offers_listen_with_the_duration_known_before_playing(client, narrated):
    article, narration = narrated
    html = client.get(article.get_absolute_url()).content.decode()
    assert "data-narration" in html
    assert f'data-duration="{narration.duration}"' in html
    assert "Listen to article" in html
    assert "narration/player.js" in html and "<script>" not in html  # no inline script (CSP)
    assert "Regenerate" not in html  # readers get no editor tools


def test_article_page_says_audio_is_being_prepared_while_queued(client, make_article):
    article = make_article()
    Narration.objects.create(article=article, status=Narration.Status.QUEUED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "being prepared" in html
    assert "data-audio-url" not in html


def test_a_failed_narration_without_audio_shows_readers_no_player(client, make_article):
    article = make_article()
    Narration.objects.create(article=article, status=Narration.Status.FAILED, reason="boom")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "data-audio-url" not in html and "being prepared" not in html and "boom" not in html


def test_editors_see_status_reason_and_can_regenerate(client, make_article):
    article = make_article()
    Narration.objects.create(article=article, status=Narration.Status.FAILED, reason="disk full")
    editor = User.objects.create_user("ed", password="pw-ed-12345", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_narration"))
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "disk full" in html and "Regenerate audio" in html
    fake_engine()
    response = client.post(f"/listen/{article.slug}/regenerate")
    assert response.status_code == 302
    assert Narration.objects.get(article=article).status in {"queued", "ready"}


def test_regenerate_of_a_draft_is_a_404_for_staff_who_may_not_change_articles(client, make_article):
    draft = make_article(status="draft")
    staff = User.objects.create_user("narr-only", password="pw-narr-123", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_narration"))
    client.force_login(staff)
    assert client.post(f"/listen/{draft.slug}/regenerate").status_code == 404
    assert not Narration.objects.filter(article=draft).exists()


def test_readers_cannot_regenerate(client, make_article):
    article = make_article()
    User.objects.create_user("reader", password="pw-reader-123")
    client.login(username="reader", password="pw-reader-123")
    assert client.post(f"/listen/{article.slug}/regenerate").status_code == 403
    assert client.get(f"/listen/{article.slug}/regenerate").status_code == 405


def test_status_endpoint_reports_progress_without_reasons_for_readers(client, make_article):
    article = make_article()
    Narration.objects.create(article=article, status=Narration.Status.FAILED, reason="secret path")
    data = client.get(f"/listen/{article.slug}/status.json").json()
    assert data["status"] == "failed" and "reason" not in data and data["has_audio"] is False


def test_podcast_feed_lists_narrated_articles_with_enclosures_and_itunes_tags(client, narrated):
    article, narration = narrated
    response = client.get("/feeds/podcast.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    channel = root.find("channel")
    assert channel is not None and channel.find(f"{itunes}author") is not None
    items = channel.findall("item")
    assert len(items) == 1
    enclosure = items[0].find("enclosure")
    assert enclosure is not None
    assert enclosure.get("type") == "audio/mpeg"
    assert enclosure.get("length") == str(narration.size)
    assert enclosure.get("url", "").endswith(
        f"/listen/{article.slug}.mp3?v={narration.audio_hash[:16]}"
    )
    assert items[0].findtext(f"{itunes}duration") == clock(narration.duration)
    assert items[0].findtext("title") == article.headline


def test_audio_object_for_json_ld(narrated):
    article, narration = narrated
    data = audio_object(article)
    assert data is not None
    assert data["@type"] == "AudioObject"
    assert data["encodingFormat"] == "audio/mpeg"
    assert data["contentUrl"].endswith(f".mp3?v={narration.audio_hash[:16]}")
    assert data["duration"].startswith("PT")


def test_audio_object_is_none_without_audio(make_article):
    assert audio_object(make_article()) is None


def test_admin_lists_status_and_regenerates(admin_client, narrated):
    article, narration = narrated
    page = admin_client.get("/admin/narration/narration/")
    assert page.status_code == 200 and "ready" in page.content.decode()
    response = admin_client.post(
        "/admin/narration/narration/",
        {"action": "regenerate_selected", "_selected_action": [narration.pk]},
    )
    assert response.status_code == 302
    assert Narration.objects.get(pk=narration.pk).status in {"queued", "ready"}


def test_narrate_command_narrates_and_reports(narrated, capsys):
    article, narration = narrated
    call_command("narrate", article.slug)
    out = capsys.readouterr().out
    # narrated already: every part comes from the cache, and the line says so
    total = narration.segments_total
    assert "bridge-vote: ready" in out and f"{total} parts, all reused from the cache" in out


def test_parts_summary_says_which_parts_were_made_and_which_reused():
    assert parts_summary(7, 7) == "7 parts, all synthesised"
    assert parts_summary(0, 7) == "7 parts, all reused from the cache"
    assert parts_summary(2, 7) == "7 parts: 2 synthesised, 5 reused from the cache"
    assert parts_summary(1, 1) == "1 part, synthesised"
    assert parts_summary(0, 1) == "1 part, reused from the cache"
    assert parts_summary(0, 0) == ""


def test_after_regenerating_from_the_cache_editors_read_parts_reused_not_0_synthesised(
    client, narrated
):
    article, first = narrated
    total = first.segments_total
    assert first.segments_synthesised == total > 1
    again = run_narration(article.pk, force=True)  # what "Regenerate" runs
    assert again.status == "ready" and again.segments_synthesised == 0
    editor = User.objects.create_user("ed", password="pw-ed-12345", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_narration"))
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"last render: {total} parts, all reused from the cache" in html
    assert "synthesised 0 of" not in html
    # the line editor_status.js keeps up to date comes from the same words
    data = client.get(f"/listen/{article.slug}/status.json").json()
    assert data["parts_summary"] == f"{total} parts, all reused from the cache"
    assert "parts_summary" not in Client().get(f"/listen/{article.slug}/status.json").json()


def test_narrate_command_rejects_an_unknown_slug_with_exit_code_2():
    with pytest.raises(CommandError) as error:
        call_command("narrate", "no-such-article")
    assert error.value.returncode == 2


@pytest.mark.parametrize(
    ("setup", "engine", "message"),
    [
        ("missing", None, "no such file"),
        ("empty", None, "no text to speak"),
        ("ok", "festival", "unknown engine"),
    ],
)
def test_speak_command_refuses_bad_input_with_exit_code_2(tmp_path, setup, engine, message):
    source = tmp_path / "in.txt"
    if setup == "empty":
        source.write_text("  \n\n")
    elif setup == "ok":
        source.write_text("Hello there.")
    args = [str(source), str(tmp_path / "out.mp3")] + (["--engine", engine] if engine else [])
    with pytest.raises(CommandError, match=message) as error:
        call_command("speak", *args)
    assert error.value.returncode == 2


def test_speak_cli_prints_one_line_and_exits_2_for_a_missing_file(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "masthead.cli",
            "speak",
            str(tmp_path / "nope.txt"),
            str(tmp_path / "o.mp3"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no such file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_speak_with_piper_writes_an_mp3_and_reports_duration_and_real_time_factor(
    settings, tmp_path, capsys
):
    import miniaudio

    use_engine(settings, "piper")
    source = tmp_path / "in.txt"
    source.write_text("The talks lasted six hours.\n\nBoth sides called them useful.")
    out = tmp_path / "out.mp3"
    call_command("speak", str(source), str(out))
    line = capsys.readouterr().out
    assert "s of audio" in line and "real-time factor" in line
    decoded = miniaudio.mp3_read_s16(out.read_bytes())
    assert decoded.num_frames / decoded.sample_rate > 2


def test_bad_narration_settings_fail_the_system_checks(settings):
    from masthead.narration.apps import check_narration_settings

    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ENGINE": "festival", "NARRATION_RATE": 3.0}
    ids = [error.id for error in check_narration_settings()]
    assert ids == ["narration.E001", "narration.E002"]


def test_a_parallel_setting_that_is_not_a_number_fails_the_system_checks(settings, monkeypatch):
    from masthead.narration.apps import check_narration_settings

    monkeypatch.delenv("MASTHEAD_NARRATION_PARALLEL", raising=False)
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_PARALLEL": "lots"}
    errors = check_narration_settings()
    assert [error.id for error in errors] == ["narration.E004"]
    assert "MASTHEAD_NARRATION_PARALLEL must be a whole number" in errors[0].msg
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_PARALLEL": "auto"}
    assert check_narration_settings() == []


def test_speak_reports_a_bad_engine_setting_in_one_line(settings, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Hello there.")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ENGINE": "festival"}
    with pytest.raises(CommandError, match="unknown speech engine 'festival'") as error:
        call_command("speak", str(source), str(tmp_path / "out.mp3"))
    assert error.value.returncode == 2


def test_article_json_ld_carries_the_audio_object_once_narrated(client, narrated, make_article):
    import json
    import re

    def json_ld(article: Article) -> dict:
        html = client.get(article.get_absolute_url()).content.decode()
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert match, "the article page has JSON-LD"
        return json.loads(match.group(1))

    article, narration = narrated
    audio = json_ld(article)["audio"]
    assert audio["@type"] == "AudioObject" and audio["encodingFormat"] == "audio/mpeg"
    assert audio["contentUrl"].startswith("http") and audio["contentSize"] == str(narration.size)
    assert "audio" not in json_ld(make_article())


def test_healthz_reports_the_speech_engine(client, settings, monkeypatch):
    data = client.get("/healthz").json()
    assert data["checks"]["narration"] == {**data["checks"]["narration"], "ok": True}
    assert data["checks"]["narration"]["detail"].startswith("fake-1")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ENGINE": "espeak"}
    monkeypatch.setattr("masthead.narration.engines.espeak.shutil.which", lambda name: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "espeak-ng is not installed" in response.json()["checks"]["narration"]["detail"]
    # Piper's voice missing, espeak-ng missing too: unhealthy; with espeak-ng: the fallback
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ENGINE": "piper", "NARRATION_VOICE": "x"}
    assert client.get("/healthz").status_code == 503
    monkeypatch.undo()
    if __import__("shutil").which("espeak-ng"):
        check = client.get("/healthz").json()["checks"]["narration"]
        assert check["ok"] and check["detail"].startswith("fallback espeak-ng")


def test_a_new_narration_refreshes_the_cached_article_page(client, settings, make_article):
    settings.MASTHEAD = {**settings.MASTHEAD, "PAGE_CACHE_SECONDS": 300}
    # A page cache of this test's own (the shared file cache may hold other runs' versions).
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "n-pages",
        },
    }
    fake_engine()
    article = make_article()
    Narration.objects.create(article=article, status=Narration.Status.QUEUED)
    for _ in range(2):  # a first view may create rows of its own (comments) that bump the page
        client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert cached.headers.get("X-Page-Cache") == "hit"
    assert "being prepared" in cached.content.decode()
    run_narration(article.pk)
    fresh = client.get(article.get_absolute_url()).content.decode()
    assert "being prepared" not in fresh and "data-audio-url" in fresh


def test_a_drafts_audio_and_timings_shown_to_its_editor_are_kept_from_shared_caches(
    client, make_article
):
    # They were "public, max-age=..." (a year, immutable, for a versioned URL): a proxy in
    # front of the site could keep an embargoed story's audio and text and serve them to anyone.
    draft = make_article(
        slug="embargoed", body=SHORT_BODY, status=Article.Status.DRAFT, published_at=None
    )
    fake_engine()
    narration = run_narration(draft.pk)
    editor = User.objects.create_user("ed", password="pw-ed-12345", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(editor)
    for url, query in (
        (_audio_url(draft), {}),
        (_audio_url(draft), {"v": narration.audio_hash[:16]}),
        (f"/listen/{draft.slug}/timings.json", {}),
    ):
        response = client.get(url, query)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_the_players_audio_and_the_editors_status_box_have_accessible_names(client, narrated):
    # Without JavaScript the <audio> had no name ("audio" to a screen reader; its label was a
    # neighbouring span), and the editors' box an aria-label on a plain div, which is ignored.
    import re

    article, _ = narrated
    html = client.get(article.get_absolute_url()).content.decode()
    label = re.search(r'<span class="listen__label" id="([^"]+)">Listen to article', html)
    assert label is not None
    assert re.search(rf'<audio [^>]*aria-labelledby="{label.group(1)}"', html)
    editor = User.objects.create_user("ed", password="pw-ed-12345", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_narration"))
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<div class="listen__editor" role="group" aria-label="Narration status', html)
