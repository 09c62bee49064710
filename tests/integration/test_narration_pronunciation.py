"""A pronunciation entry created, changed or deleted re-narrates the live and scheduled articles
whose narration reads the word (old and new), by the lexicon's own rule (case-sensitive, whole
words, possessives), with no Regenerate: the tasks are queued on commit, the audio being served
stays served until the new one is ready, and only the parts whose speech changed are
synthesised again (the parts cache is keyed by the spoken text)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from masthead.articles.models import Article
from masthead.narration import actions
from masthead.narration.models import Narration, PronunciationEntry
from masthead.narration.tasks import run_narration
from tests.support.narration import fake_engine

pytestmark = pytest.mark.django_db

ADD = "/admin/narration/pronunciationentry/add/"
BODY = "Officials met on Thursday for talks on the embassies.\n\n{mention}\n\nTalks resume in May."


@pytest.fixture
def narrated(make_article):  # type: ignore[no-untyped-def]
    """Articles narrated with the fake voice, each reading (or not) the word Szijjarto."""
    fake_engine()
    later = timezone.now() + timezone.timedelta(days=1)
    articles = {
        "body": make_article(
            slug="body", body=BODY.format(mention="Szijjarto said the talks went well.")
        ),
        "possessive": make_article(
            slug="possessive",
            headline="Szijjarto's visit ends early",
            body=BODY.format(mention="Nobody said why."),
        ),
        "scheduled": make_article(
            slug="scheduled",
            status=Article.Status.SCHEDULED,
            published_at=later,
            body=BODY.format(mention="Szijjarto will attend."),
        ),
        # not the word as printed: another word, another case, part of a longer word
        "other": make_article(
            slug="other",
            body=BODY.format(mention="The Szijjartos, szijjarto fans and Szijjarto-led teams."),
        ),
        "draft": make_article(
            slug="draft",
            status=Article.Status.DRAFT,
            published_at=None,
            body=BODY.format(mention="Szijjarto is in this draft."),
        ),
        "orban": make_article(slug="orban", body=BODY.format(mention="Orban did not comment.")),
    }
    for article in articles.values():
        narration = run_narration(article.pk)
        assert narration.status == Narration.Status.READY
    return articles


@pytest.fixture
def enqueued(monkeypatch):  # type: ignore[no-untyped-def]
    """The slugs of the articles whose narration task went to the queue (on commit)."""
    slugs: list[str] = []

    def record(article_id: int, force: bool) -> None:
        slugs.append(Article.objects.get(pk=article_id).slug)

    monkeypatch.setattr(actions, "_enqueue", record)
    return slugs


def _statuses() -> dict[str, str]:
    return dict(Narration.objects.values_list("article__slug", "status"))


def _queued() -> list[str]:
    return sorted(slug for slug, status in _statuses().items() if status == "queued")


def test_adding_an_entry_in_the_admin_queues_exactly_the_articles_reading_the_word(
    admin_client, narrated, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD, {"word": "Szijjarto", "say_as": "See-yar-toe", "note": ""}, follow=True
        )
    assert response.status_code == 200
    assert _queued() == ["body", "possessive", "scheduled"]
    assert sorted(enqueued) == ["body", "possessive", "scheduled"]  # on commit, one each
    assert "Narration queued again for 3 article(s)" in response.content.decode()


def test_the_new_audio_reuses_the_unchanged_parts_and_the_old_audio_plays_meanwhile(
    client, narrated, django_capture_on_commit_callbacks
):
    article = narrated["body"]
    before = Narration.objects.get(article=article)
    engine = fake_engine()
    with django_capture_on_commit_callbacks() as queued_tasks:
        actions.save_pronunciation(PronunciationEntry(word="Szijjarto", say_as="See-yar-toe"))
    assert Narration.objects.get(article=article).status == Narration.Status.QUEUED
    # a pronunciation fix is not a change of text: the audio being served stays served
    audio = client.get(f"/listen/{article.slug}.mp3")
    assert audio.status_code == 200
    state = json.loads(client.get(f"/listen/{article.slug}/status.json").content)
    assert state["has_audio"] is True and state["status"] == "queued"

    for task in queued_tasks:
        task()  # the immediate task backend narrates in place
    after = Narration.objects.get(article=article)
    assert after.status == Narration.Status.READY and after.is_current
    assert after.audio_hash != before.audio_hash
    # only the part with the name was said again, with the new respelling; the headline,
    # standfirst and other paragraphs came from the cache
    assert after.segments_total == before.segments_total == 5
    assert after.segments_synthesised == 1
    said = [call for call in engine.calls if "yar-toe" in call]
    assert "See-yar-toe said the talks went well." in said
    assert not any("Szijjarto" in call for call in engine.calls)
    assert client.get(f"/listen/{article.slug}.mp3").status_code == 200
    assert Narration.objects.get(article=narrated["orban"]).attempts == 1


def test_changing_the_word_queues_the_articles_of_the_old_and_of_the_new_word(
    admin_client, narrated, django_capture_on_commit_callbacks
):
    entry = PronunciationEntry.objects.create(word="Szijjarto", say_as="See-yar-toe")
    with django_capture_on_commit_callbacks():
        admin_client.post(
            f"/admin/narration/pronunciationentry/{entry.pk}/change/",
            {"word": "Orban", "say_as": "Or-bahn", "note": ""},
        )
    assert _queued() == ["body", "orban", "possessive", "scheduled"]


def test_changing_the_respelling_queues_the_word_and_the_note_alone_queues_nothing(
    admin_client, narrated, enqueued, django_capture_on_commit_callbacks
):
    entry = PronunciationEntry.objects.create(word="Orban", say_as="Or-bahn")
    url = f"/admin/narration/pronunciationentry/{entry.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"word": "Orban", "say_as": "Or-bahn", "note": "checked"})
    assert _queued() == [] and enqueued == []
    assert PronunciationEntry.objects.get(pk=entry.pk).note == "checked"

    with django_capture_on_commit_callbacks():
        admin_client.post(url, {"word": "Orban", "say_as": "Ohr-ban", "note": "checked"})
    assert _queued() == ["orban"]


def test_deleting_an_entry_or_several_queues_the_articles_reading_their_words(
    admin_client, narrated, django_capture_on_commit_callbacks
):
    one = PronunciationEntry.objects.create(word="Orban", say_as="Or-bahn")
    with django_capture_on_commit_callbacks():
        admin_client.post(f"/admin/narration/pronunciationentry/{one.pk}/delete/", {"post": "yes"})
    assert not PronunciationEntry.objects.filter(pk=one.pk).exists()
    assert _queued() == ["orban"]

    Narration.objects.update(status=Narration.Status.READY)
    first = PronunciationEntry.objects.create(word="Szijjarto", say_as="See-yar-toe")
    second = PronunciationEntry.objects.create(word="Zalanyi", say_as="Zah-lan-yee")
    with django_capture_on_commit_callbacks():
        admin_client.post(
            "/admin/narration/pronunciationentry/",
            {
                "action": "delete_selected",
                "_selected_action": [first.pk, second.pk],
                "post": "yes",
            },
        )
    assert not PronunciationEntry.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert _queued() == ["body", "possessive", "scheduled"]


def test_nothing_is_queued_where_articles_are_narrated_by_hand(
    narrated, settings, enqueued, django_capture_on_commit_callbacks
):
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    with django_capture_on_commit_callbacks(execute=True):
        queued = actions.save_pronunciation(PronunciationEntry(word="Orban", say_as="Or-bahn"))
    assert queued == [] and enqueued == [] and _queued() == []
    assert PronunciationEntry.objects.filter(word="Orban").exists()


def test_a_queued_narration_is_left_alone_and_a_generating_one_is_queued_again(
    narrated, enqueued, django_capture_on_commit_callbacks
):
    Narration.objects.filter(article=narrated["body"]).update(status=Narration.Status.QUEUED)
    Narration.objects.filter(article=narrated["possessive"]).update(
        status=Narration.Status.GENERATING
    )
    assert [a.slug for a in actions.renarrate_reading({"Szijjarto"}, dry_run=True)] == [
        "possessive",
        "scheduled",
    ]
    assert _statuses()["possessive"] == "generating"  # a dry run queues nothing
    with django_capture_on_commit_callbacks(execute=True):
        queued = actions.save_pronunciation(PronunciationEntry(word="Szijjarto", say_as="Seeyarto"))
    # the queued one's task reads the lexicon when it starts; the generating one read it before
    assert [a.slug for a in queued] == ["possessive", "scheduled"]
    assert enqueued == ["possessive", "scheduled"]
    assert _queued() == ["body", "possessive", "scheduled"]


def _refresh(*args: str) -> str:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("narration-refresh", *args, stdout=out)
    return out.getvalue()


def test_the_refresh_command_shows_and_queues_the_articles_reading_a_word(narrated, settings):
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}  # by hand too
    out = _refresh("--word", "Szijjarto", "--dry-run")
    assert out.splitlines() == [
        "body: reads it",
        "possessive: reads it",
        "scheduled: reads it",
        "3 narrations reading Szijjarto would be queued",
    ]
    assert _queued() == []
    out = _refresh("--word", "Orban", "--word", "Szijjarto")
    assert out.splitlines()[-1] == "4 narrations reading Orban, Szijjarto queued"
    assert _queued() == ["body", "orban", "possessive", "scheduled"]
    assert _refresh().splitlines() == ["0 stale narrations queued"]  # unchanged without --word


def test_the_refresh_command_refuses_an_empty_word_in_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        _refresh("--word", " ")
    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        "narration-refresh: error: argument --word: must not be empty\n"
    )
