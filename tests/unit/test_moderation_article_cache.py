"""The topic model keeps articles' vectors by the memory they take, not by their number.

A batch of comments on thousands of title-only articles (`masthead moderate-file` on a file
shuffled across articles) must embed each title once; long articles must still not fill the
memory. Real model, real embeddings.
"""

from __future__ import annotations

import numpy as np
import pytest

from masthead.moderation.core.classifiers import topic
from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR, embedding_model_path
from masthead.moderation.core.classifiers.topic import MiniLMTopic, segments_of
from masthead.moderation.core.types import ArticleText


@pytest.fixture()
def model() -> MiniLMTopic:
    return MiniLMTopic(WEIGHTS_DIR, embedding_model_path())


def title_only(i: int) -> ArticleText:
    return ArticleText(f"Council report number {i} on bus routes", "", "")


def count_embedded(model: MiniLMTopic) -> list[str]:
    seen: list[str] = []
    inner = model.embedder.embed

    def embed(texts, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(texts)
        return inner(texts, *args, **kwargs)

    model.embedder.embed = embed  # type: ignore[method-assign]
    return seen


def test_a_thousand_title_only_articles_are_all_kept_so_none_is_embedded_twice(model):
    articles = [title_only(i) for i in range(1000)]
    for a in articles:
        model.context(a)
    seen = count_embedded(model)
    for a in reversed(articles):  # the oldest first evicted under a count bound of 256
        model.context(a)
    assert seen == []
    assert all(model.knows_article(a) for a in articles)


def test_the_memory_bound_evicts_the_least_recently_used_articles_first(model, monkeypatch):
    first = model.context(title_only(0))
    monkeypatch.setattr(topic, "ARTICLE_CACHE_BYTES", first.nbytes * 3 + first.nbytes // 2)
    for i in range(1, 3):
        model.context(title_only(i))
    model.context(title_only(0))  # used again: now the most recent
    model.context(title_only(3))  # over the bound: the least recently used (1) goes
    assert [model.knows_article(title_only(i)) for i in range(4)] == [True, False, True, True]
    assert model._article_bytes == sum(c.nbytes for c in model._articles.values())


def test_an_article_larger_than_the_whole_bound_is_still_kept_while_it_is_the_newest(
    model, monkeypatch
):
    monkeypatch.setattr(topic, "ARTICLE_CACHE_BYTES", 1)
    long = ArticleText("Ferry rota", "Crews object", " ".join(["word"] * 2000))
    model.context(title_only(1))
    ctx = model.context(long)
    assert model.knows_article(long) and not model.knows_article(title_only(1))
    assert ctx.vectors.shape[0] == len(segments_of(long))


def test_a_kept_article_gives_the_same_score_as_a_fresh_model(model):
    article = title_only(7)
    for i in range(600):
        model.context(title_only(1000 + i))
    model.context(article)
    kept = model.score("Which bus routes does the report cut?", article, None)
    fresh = MiniLMTopic(WEIGHTS_DIR, embedding_model_path())
    again = fresh.score("Which bus routes does the report cut?", article, None)
    assert np.isclose(kept.off_topic, again.off_topic)
    assert kept.features == pytest.approx(again.features)


def test_the_context_size_estimate_counts_its_vectors(model):
    ctx = model.context(ArticleText("Headline", "Standfirst", "A body of some words."))
    assert ctx.nbytes >= ctx.vectors.nbytes + ctx.all.nbytes


def test_a_batch_whose_new_texts_overflow_the_text_cache_still_reads_its_cached_ones(
    model, monkeypatch
):
    """A text found in the cache is read before the batch's new texts push anything out, so
    a batch never fails (it fell back to scoring one by one, with a warning, before)."""
    monkeypatch.setattr(topic, "TEXT_CACHE_SIZE", 4)
    model.embed_cached(["an old parent comment"])
    batch = ["an old parent comment"] + [f"a new comment about buses {i}" for i in range(6)]
    vectors = model.embed_cached(batch)
    alone = model.embed_comments(batch)
    assert np.allclose(vectors, alone, atol=1e-6)
    assert len(model._texts) == 4


def test_a_text_used_again_is_the_last_the_text_cache_forgets(model, monkeypatch):
    monkeypatch.setattr(topic, "TEXT_CACHE_SIZE", 3)
    model.embed_cached(["first", "second", "third"])
    model.embed_cached(["first"])  # used again
    model.embed_cached(["fourth"])  # over the size: the least recently used ("second") goes
    assert set(model._texts) == {"third", "first", "fourth"}


def test_threads_sharing_one_model_keep_its_caches_consistent(model, monkeypatch):
    """The web server's threads share the topic model: many threads scoring comments on more
    articles and texts than the caches hold raise nothing, and the article cache's byte count
    stays the sum of what it holds."""
    import threading

    first = model.context(title_only(0))
    monkeypatch.setattr(topic, "ARTICLE_CACHE_BYTES", first.nbytes * 5)
    monkeypatch.setattr(topic, "TEXT_CACHE_SIZE", 8)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(40):
                article = title_only((n * 7 + i) % 23)
                model.score(
                    f"Which bus routes does report {i % 11} cut?", article, f"parent {i % 5}"
                )
        except BaseException as exc:  # noqa: BLE001 - any error fails the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert model._article_bytes == sum(c.nbytes for c in model._articles.values())
    assert len(model._texts) <= 8
