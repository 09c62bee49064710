"""Articles' passage vectors: made in the background on publish/edit, stored, and given to the
on-topic model at a process's first comment on the article, with the same verdicts.

Real models and a real article. Each "process" is a freshly made topic model (nothing cached);
its embedder records every text it embeds, so a test can tell whether the article's passages
were embedded there. The processes share the one loaded ONNX session and tokenizer (stateless:
loading them again for each of the ~34 processes took about 8 s), each through an embedder of its
own; the topic model, its caches and its warm-up are made anew each time.

Articles here are not narrated on publish (NARRATION_ON_PUBLISH off, as an operator may set it):
narrating the ferry article at each of its ~20 publishes and edits took about 6 s, and nothing
here is about audio.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from masthead.articles import actions as article_actions
from masthead.articles.models import Article
from masthead.comments.models import Comment
from masthead.comments.ports import CommentForModeration
from masthead.moderation import gateway, tasks
from masthead.moderation.core.classifiers import topic as topic_module
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.classifiers.loader import (
    WEIGHTS_DIR,
    ModelUnavailable,
    embedding_model_path,
    load_classifiers,
)
from masthead.moderation.core.classifiers.topic import (
    MiniLM,
    MiniLMTopic,
    article_text_hash,
    make_embedder,
    segments_of,
)
from masthead.moderation.models import ArticleVectors
from tests.conftest import TEST_DATA
from tests.support.environment import run_masthead


@pytest.fixture(autouse=True)
def no_narration_on_publish(settings):  # type: ignore[no-untyped-def]
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}


SAMPLE = (TEST_DATA / "importers" / "samples" / "ferry-strike.txt").read_text()
HEADLINE, STANDFIRST, BODY = SAMPLE.split("\n\n", 2)
COMMENTS = [
    ("Fourteen-day rotations on a winter crossing are asking for trouble.", None),
    ("Who won the football last night?", None),
    ("My cat prefers tuna to salmon these days", "Will the freight still get through?"),
]


_loaded: dict[tuple[object, ...], MiniLM] = {}


def _embedder_loaded_once(directory, config, threads=1, onnx_path=None):  # type: ignore[no-untyped-def]
    """topic.make_embedder, loading each model once: every caller gets its own shallow copy
    (its own attributes, so one process's recording never sees another's texts), sharing the
    session and tokenizer."""
    key = (directory, config, threads, onnx_path)
    if key not in _loaded:
        _loaded[key] = make_embedder(directory, config, threads, onnx_path)
    return copy.copy(_loaded[key])


class Process:
    """A web or worker process as it starts: real models, nothing cached, embedding recorded."""

    def __init__(self) -> None:
        shared = load_classifiers()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(topic_module, "make_embedder", _embedder_loaded_once)
            self.topic = MiniLMTopic(WEIGHTS_DIR, embedding_model_path())
        self.classifiers = Classifiers(abuse=shared.abuse, topic=self.topic, spam=shared.spam)
        self.embedded: list[str] = []
        inner = self.topic.embedder.embed

        def embed(texts, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.embedded.extend(texts)
            return inner(texts, *args, **kwargs)

        self.topic.embedder.embed = embed  # type: ignore[method-assign]

    def embedded_passages_of(self, article: Article) -> bool:
        return bool(set(segments_of(gateway_text(article))) & set(self.embedded))


def gateway_text(article: Article):  # type: ignore[no-untyped-def]
    from masthead.moderation.actions import article_text

    return article_text(article)


@pytest.fixture
def become(monkeypatch):  # type: ignore[no-untyped-def]
    """Switch the gateway (and the task) to a new process's models."""

    def start() -> Process:
        process = Process()
        monkeypatch.setattr(gateway, "get_classifiers", lambda: process.classifiers)
        return process

    return start


@pytest.fixture
def publish(make_article, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Publish the ferry article; on-commit work (the queued task, run at once here) happens."""

    def do(**fields: object) -> Article:
        values: dict[str, object] = {"headline": HEADLINE, "standfirst": STANDFIRST, "body": BODY}
        values.update(fields)
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(**values)
        return Article.objects.get(pk=article.pk)

    return do


def edit(article: Article, capture, **fields: object) -> None:  # type: ignore[no-untyped-def]
    for name, value in fields.items():
        setattr(article, name, value)
    with capture(execute=True):
        article_actions.save_article(article)


class Queue:
    """Stands in for the task object, to see (or break) what is queued."""

    def __init__(self, enqueue) -> None:  # type: ignore[no-untyped-def]
        self.enqueue = enqueue


def for_moderation(article: Article, text: str, parent: str | None = None) -> CommentForModeration:
    return CommentForModeration(
        comment_id=None,
        text=text,
        article_id=article.pk,
        article_headline=article.headline,
        article_standfirst=article.standfirst,
        article_body=article.body,
        article_comments_mode=article.comments_mode,
        parent_text=parent,
        author_published_count=3,
    )


def verdicts(article: Article) -> list[tuple[object, ...]]:
    out = []
    for text, parent in COMMENTS:
        o = gateway.moderate_comment(for_moderation(article, text, parent))
        out.append((o.decision, o.reasons, dict(o.scores), o.model_version))
    return out


def stored(article: Article) -> ArticleVectors:
    return ArticleVectors.objects.get(article=article)


# --- made on publish and edit ---------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_an_article_stores_the_vectors_a_process_would_make(become, publish):
    worker = become()
    article = publish()
    row = stored(article)
    text = gateway_text(article)
    assert row.embedder == worker.topic.vectors_version
    assert row.text_hash == article_text_hash(text)
    assert (row.count, row.dims) == (len(segments_of(text)), 384)
    assert np.array_equal(row.matrix(), Process().topic.article_vectors(text))


@pytest.mark.django_db
def test_drafts_and_articles_closed_to_comments_get_no_vectors(become, publish):
    become()
    draft = publish(status=Article.Status.DRAFT, published_at=None, slug="a-draft")
    closed = publish(comments_mode=Article.CommentsMode.CLOSED, slug="closed")
    assert not ArticleVectors.objects.filter(article__in=[draft, closed]).exists()


@pytest.mark.django_db
def test_nothing_is_made_when_another_moderator_judges_comments(become, publish, use_moderator):
    become()
    use_moderator("tests.support.moderators.publish_all")
    article = publish()
    assert not ArticleVectors.objects.filter(article=article).exists()


@pytest.mark.django_db
def test_a_scheduled_article_gets_them_before_it_goes_live(become, publish):
    from django.utils import timezone

    become()
    later = timezone.now() + timezone.timedelta(hours=2)
    article = publish(status=Article.Status.SCHEDULED, published_at=later, slug="later")
    assert stored(article).text_hash == article_text_hash(gateway_text(article))


@pytest.mark.django_db
def test_editing_the_text_makes_the_vectors_stale_and_they_are_made_again(
    become, publish, django_capture_on_commit_callbacks
):
    become()
    article = publish()
    before = stored(article)
    edit(article, django_capture_on_commit_callbacks, body=BODY.replace("412", "413"))
    after = stored(article)
    assert after.pk == before.pk  # replaced, not added
    assert after.text_hash == article_text_hash(gateway_text(article)) != before.text_hash
    assert not np.array_equal(after.matrix(), before.matrix())


@pytest.mark.django_db
def test_an_edit_that_leaves_the_text_alone_queues_nothing(
    become, publish, django_capture_on_commit_callbacks, monkeypatch
):
    become()
    article = publish()
    queued: list[int] = []
    monkeypatch.setattr(tasks, "embed_article", Queue(queued.append))
    edit(article, django_capture_on_commit_callbacks, byline="Morag Lindsay and Ewan Ross")
    assert queued == []
    edit(article, django_capture_on_commit_callbacks, standfirst=STANDFIRST + " Talks resume.")
    assert queued == [article.pk]


@pytest.mark.django_db
def test_a_queue_that_is_down_does_not_break_the_editors_save(
    become, publish, django_capture_on_commit_callbacks, monkeypatch
):
    become()
    article = publish()

    def down(*args: object) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks, "embed_article", Queue(down))
    edit(article, django_capture_on_commit_callbacks, headline="Ferry crews strike")
    assert Article.objects.get(pk=article.pk).headline == "Ferry crews strike"


# --- used by the first comment --------------------------------------------------------------


@pytest.mark.django_db
def test_the_first_comment_uses_the_stored_vectors_and_gets_the_same_verdicts(become, publish):
    become()
    article = publish()
    web = become()
    with_stored = verdicts(article)
    assert not web.embedded_passages_of(article)
    assert {t for t, _ in COMMENTS} <= set(web.embedded)  # the comments themselves are embedded

    ArticleVectors.objects.all().delete()
    alone = become()
    assert verdicts(article) == with_stored
    assert alone.embedded_passages_of(article)
    assert {d for d, *_ in with_stored} == {"publish", "hold"}  # both kinds of verdict compared


@pytest.mark.django_db
def test_a_comment_posted_through_the_comments_app_uses_them(become, publish, post, make_reader):
    become()
    article = publish()
    web = become()
    comment = post(article, make_reader(), "Tired officers on the bridge in a storm: no thanks.")
    assert comment.status == Comment.Status.PUBLISHED
    assert not web.embedded_passages_of(article)


@pytest.mark.django_db
def test_without_stored_vectors_the_first_comment_makes_them_and_stores_them_for_others(
    become, make_article
):
    article = make_article(headline=HEADLINE, standfirst=STANDFIRST, body=BODY)  # nothing ran
    assert not ArticleVectors.objects.exists()
    first = become()
    verdict = verdicts(article)
    assert first.embedded_passages_of(article)
    assert stored(article).text_hash == article_text_hash(gateway_text(article))
    second = become()
    assert verdicts(article) == verdict
    assert not second.embedded_passages_of(article)


@pytest.mark.django_db
def test_vectors_of_the_text_before_an_edit_are_not_used(become, make_article):
    article = make_article(headline=HEADLINE, standfirst=STANDFIRST, body=BODY)
    become()
    verdicts(article)  # stores vectors of this text
    Article.objects.filter(pk=article.pk).update(body=BODY.replace("412", "413"))  # no signal
    article.refresh_from_db()
    web = become()
    verdicts(article)
    assert web.embedded_passages_of(article)
    assert stored(article).text_hash == article_text_hash(gateway_text(article))


@pytest.mark.django_db
def test_vectors_made_by_another_model_are_ignored_and_kept(become, publish):
    become()
    article = publish()
    ArticleVectors.objects.filter(article=article).update(embedder="minilm-another-model")
    web = become()
    verdicts(article)
    assert web.embedded_passages_of(article)
    assert set(ArticleVectors.objects.values_list("embedder", flat=True)) == {
        "minilm-another-model",
        web.topic.vectors_version,
    }


@pytest.mark.parametrize(
    "spoil",
    [
        lambda v: v.tobytes()[:-3],  # cut short
        lambda v: np.full_like(v, np.nan).tobytes(),
        lambda v: (v * 3).tobytes(),  # not unit vectors
        lambda v: b"",
    ],
    ids=["truncated", "nan", "not-unit", "empty"],
)
@pytest.mark.django_db
def test_a_corrupt_row_is_made_again_and_replaced_with_the_same_verdicts(become, publish, spoil):
    become()
    article = publish()
    good = stored(article).matrix()
    expected = verdicts(article)
    ArticleVectors.objects.filter(article=article).update(vectors=spoil(good))
    web = become()
    assert verdicts(article) == expected
    assert web.embedded_passages_of(article)
    assert np.array_equal(stored(article).matrix(), good)


@pytest.mark.django_db
def test_a_failing_lookup_falls_back_to_making_the_vectors(become, publish, monkeypatch):
    become()
    article = publish()
    expected = verdicts(article)

    def broken(*args: object) -> None:
        raise RuntimeError("database gone away")

    monkeypatch.setattr(gateway, "read_stored_vectors", broken)
    web = become()
    assert verdicts(article) == expected
    assert web.embedded_passages_of(article)


@pytest.mark.django_db
def test_models_that_cannot_load_still_hold_the_comment(publish, monkeypatch):
    monkeypatch.setattr(gateway, "get_classifiers", fake_classifiers)
    article = publish()  # the fake topic model takes no vectors: nothing stored
    assert not ArticleVectors.objects.exists()

    def unavailable():  # type: ignore[no-untyped-def]
        raise ModelUnavailable("weights missing")

    monkeypatch.setattr(gateway, "get_classifiers", unavailable)
    outcome = gateway.moderate_comment(for_moderation(article, "Fair point about the ferry."))
    assert (outcome.decision, outcome.reasons) == ("hold", ("classifier_unavailable",))
    assert tasks.refresh_article_vectors(article.pk) == "unavailable"


# --- the task and the backfill command ------------------------------------------------------


@pytest.mark.django_db
def test_the_task_is_idempotent(become, make_article):
    article = make_article(headline=HEADLINE, standfirst=STANDFIRST, body=BODY)
    become()
    assert tasks.refresh_article_vectors(article.pk) == "stored"
    made_at = stored(article).made_at
    worker = become()
    assert tasks.refresh_article_vectors(article.pk) == "current"
    assert stored(article).made_at == made_at and not worker.embedded_passages_of(article)
    assert tasks.refresh_article_vectors(article.pk + 1000) == "gone"


@pytest.mark.django_db
def test_embed_articles_backfills_articles_that_take_comments(become, make_article, capsys):
    become()
    articles = [make_article(body=f"{BODY}\n\nUpdate {n}.") for n in range(2)]
    make_article(comments_mode=Article.CommentsMode.CLOSED)
    ArticleVectors.objects.create(
        article=articles[0], embedder="old-model", text_hash="x", count=1, dims=1, vectors=b"1234"
    )
    call_command("embed-articles")
    assert "2 articles: 2 stored, 0 already current" in capsys.readouterr().out
    call_command("embed-articles", "--prune")
    assert "2 articles: 0 stored, 2 already current; 1 vectors of another model deleted" in (
        capsys.readouterr().out
    )
    assert ArticleVectors.objects.filter(article__in=articles).count() == 2


@pytest.mark.django_db
def test_embed_articles_by_slug_and_bad_input(become, make_article):
    become()
    article = make_article(status=Article.Status.DRAFT, published_at=None, slug="draft-one")
    call_command("embed-articles", "--slug", "draft-one")
    assert stored(article)
    with pytest.raises(CommandError, match="no article with slug 'nope'") as raised:
        call_command("embed-articles", "--slug", "nope")
    assert raised.value.returncode == 2


@pytest.mark.own_database  # names its own database: run in the first pass only
def test_embed_articles_bad_arguments_give_one_line_and_status_2(tmp_path):
    # Its own database (never opened: the arguments are refused first), so the same in both
    # passes.
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": ""}
    done = run_masthead(tmp_path, env, "embed-articles", "--slgu", "x", timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "embed-articles: error: unrecognized arguments: --slgu x"
    ]


@pytest.fixture
def between_read_and_write():  # type: ignore[no-untyped-def]
    """Run something once, just before `store_article_vectors` writes its row: what another
    process could do between that function's read and its write."""
    from django.db.models.signals import pre_save

    pending: list = []

    def receiver(instance, **_):  # type: ignore[no-untyped-def]
        while pending:
            pending.pop()(instance)

    pre_save.connect(receiver, sender=ArticleVectors, weak=False)
    yield pending.append
    pre_save.disconnect(receiver, sender=ArticleVectors)


@pytest.mark.django_db
def test_storing_vectors_again_replaces_the_row(make_article):
    from masthead.moderation import actions

    article = make_article()
    actions.store_article_vectors(article.pk, "old", "e5", np.ones((2, 3)))
    row = actions.store_article_vectors(article.pk, "new", "e5", np.zeros((4, 3)))
    assert row is not None and row.text_hash == "new"
    (kept,) = ArticleVectors.objects.filter(article=article)
    assert (kept.text_hash, kept.count, kept.dims) == ("new", 4, 3)


@pytest.mark.django_db
def test_a_row_inserted_between_the_read_and_the_write_does_not_make_storing_fail(
    make_article, between_read_and_write
):
    """The clash on the unique (article, embedder) row is rolled back and the write decided
    again; here the clashing row was in the same transaction, so it went with the rollback."""
    from masthead.moderation import actions

    article = make_article()

    def other_process_stores(_):  # type: ignore[no-untyped-def]
        ArticleVectors.objects.bulk_create(  # no signal: a plain INSERT, as another process does
            [ArticleVectors(article=article, embedder="e5", text_hash="theirs", count=1, dims=1)]
        )

    between_read_and_write(other_process_stores)
    row = actions.store_article_vectors(article.pk, "ours", "e5", np.ones((2, 3)))
    assert row is not None
    (kept,) = ArticleVectors.objects.filter(article=article)
    assert (kept.pk, kept.text_hash, kept.count) == (row.pk, "ours", 2)


@pytest.mark.django_db
def test_vectors_of_a_deleted_article_give_none(make_article):
    from masthead.moderation import actions

    article = make_article()
    article_id = article.pk
    article.delete()
    assert actions.store_article_vectors(article_id, "h", "e5", np.ones((2, 3))) is None
    assert not ArticleVectors.objects.exists()


def _committed_by_another_process(work) -> None:  # type: ignore[no-untyped-def]
    """Run `work` on another database connection and commit it, as another process would.
    PostgreSQL only: SQLite lets one writer in at a time, so there this race cannot happen."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: no second process can write meanwhile")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors, errors


@pytest.mark.django_db
@pytest.mark.django_db(transaction=True)  # our write and theirs are separate transactions
def test_vectors_another_process_committed_meanwhile_are_written_over(
    make_article, between_read_and_write
):
    from masthead.moderation import actions

    article = make_article()
    ArticleVectors.objects.filter(article=article).delete()  # what publishing made
    between_read_and_write(
        lambda _: _committed_by_another_process(
            lambda: ArticleVectors.objects.create(
                article_id=article.pk, embedder="e5", text_hash="theirs", count=1, dims=1
            )
        )
    )
    row = actions.store_article_vectors(article.pk, "ours", "e5", np.ones((2, 3)))
    assert row is not None
    (kept,) = ArticleVectors.objects.filter(article=article)
    assert (kept.pk, kept.text_hash, kept.count) == (row.pk, "ours", 2)


@pytest.mark.django_db
@pytest.mark.django_db(transaction=True)  # the article's foreign key is checked at commit
def test_vectors_of_an_article_another_process_deleted_meanwhile_give_none(
    make_article, between_read_and_write
):
    from masthead.moderation import actions

    article = make_article()
    between_read_and_write(
        lambda _: _committed_by_another_process(
            lambda: Article.objects.filter(pk=article.pk).delete()
        )
    )
    assert actions.store_article_vectors(article.pk, "h", "e5", np.ones((2, 3))) is None
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not ArticleVectors.objects.exists()
