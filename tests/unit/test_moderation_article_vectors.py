"""The topic model takes an article's passage vectors made elsewhere (another process, stored).

Real models, real article text: the vectors one process makes and another is given must lead to
exactly the scores the second would have computed itself, without embedding the article again.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR, embedding_model_path
from masthead.moderation.core.classifiers.topic import (
    MiniLMTopic,
    article_text_hash,
    segments_of,
)
from masthead.moderation.core.types import ArticleText
from tests.conftest import TEST_DATA

SAMPLE = (TEST_DATA / "importers" / "samples" / "ferry-strike.txt").read_text()
HEADLINE, STANDFIRST, BODY = SAMPLE.split("\n\n", 2)
ARTICLE = ArticleText(HEADLINE, STANDFIRST, BODY)
COMMENTS = [
    ("Fourteen-day rotations on a winter crossing are asking for trouble.", None),
    ("Who won the football last night?", None),
    ("Exactly this.", "The operator should hire the relief officers before changing the rota."),
    ("My cat prefers tuna to salmon these days", "Will the freight still get through?"),
]


def fresh_model() -> MiniLMTopic:
    """A topic model as a new process loads it (nothing cached)."""
    return MiniLMTopic(WEIGHTS_DIR, embedding_model_path())


@pytest.fixture(scope="module")
def maker() -> MiniLMTopic:
    return fresh_model()


class Recorder:
    """Wraps the embedder's `embed` and keeps every text it was asked to embed."""

    def __init__(self, model: MiniLMTopic) -> None:
        self.texts: list[str] = []
        inner = model.embedder.embed

        def embed(texts, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.texts.extend(texts)
            return inner(texts, *args, **kwargs)

        model.embedder.embed = embed  # type: ignore[method-assign]


def test_the_article_has_several_body_passages():
    assert len(segments_of(ARTICLE)) >= 6


def test_article_vectors_are_one_unit_float32_row_per_passage(maker):
    vectors = maker.article_vectors(ARTICLE)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(segments_of(ARTICLE)), maker.dims)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_given_vectors_give_the_same_scores_as_computed_ones_and_embed_no_passage(maker):
    stored = np.frombuffer(maker.article_vectors(ARTICLE).tobytes(), dtype=np.float32)
    stored = stored.reshape(len(segments_of(ARTICLE)), maker.dims)
    computing, given = fresh_model(), fresh_model()
    recorder = Recorder(given)
    assert not given.knows_article(ARTICLE)
    given.use_article_vectors(ARTICLE, stored)
    assert given.knows_article(ARTICLE)
    for text, parent in COMMENTS:
        assert given.score(text, ARTICLE, parent) == computing.score(text, ARTICLE, parent)
    passages = set(segments_of(ARTICLE))
    assert recorder.texts and not passages & set(recorder.texts)
    assert {t for t, _ in COMMENTS} <= set(recorder.texts)


def test_without_given_vectors_the_first_comment_embeds_the_passages():
    model = fresh_model()
    recorder = Recorder(model)
    model.score(COMMENTS[0][0], ARTICLE, None)
    assert set(segments_of(ARTICLE)) <= set(recorder.texts)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda v: v[:-1],  # a passage short: made from another text
        lambda v: v[:, :100],  # another model's width
        lambda v: np.where(np.arange(v.shape[1]) == 3, np.nan, v).astype(np.float32),
        lambda v: v * 2,  # not unit length: not an embedding
        lambda v: np.zeros_like(v),
    ],
    ids=["rows", "width", "nan", "length", "zeros"],
)
def test_vectors_that_cannot_be_the_articles_are_refused_and_then_computed(maker, spoil):
    model = fresh_model()
    with pytest.raises(ValueError):
        model.use_article_vectors(ARTICLE, spoil(maker.article_vectors(ARTICLE)))
    assert not model.knows_article(ARTICLE)
    recorder = Recorder(model)
    assert model.score(COMMENTS[0][0], ARTICLE, None) == maker.score(COMMENTS[0][0], ARTICLE, None)
    assert set(segments_of(ARTICLE)) <= set(recorder.texts)


def test_the_text_hash_follows_the_passages_not_the_spacing():
    same = ArticleText(HEADLINE, STANDFIRST, BODY.replace("\n\n", "\n"))
    edited = ArticleText(HEADLINE, STANDFIRST, BODY.replace("412", "413"))
    retitled = ArticleText(HEADLINE + " again", STANDFIRST, BODY)
    assert article_text_hash(same) == article_text_hash(ARTICLE)
    assert len({article_text_hash(a) for a in (ARTICLE, edited, retitled)}) == 3


def test_the_vectors_version_changes_with_how_the_embedder_runs(maker, tmp_path):
    copy = tmp_path / "weights"
    shutil.copytree(WEIGHTS_DIR, copy)
    meta = json.loads((copy / "topic.json").read_text())
    meta["embedder"]["int8"] = not meta["embedder"]["int8"]
    (copy / "topic.json").write_text(json.dumps(meta))
    other = MiniLMTopic(copy, embedding_model_path())
    assert other.vectors_version != maker.vectors_version
    assert fresh_model().vectors_version == maker.vectors_version
