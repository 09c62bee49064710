"""Many comments at once (`moderate_many`, `masthead moderate-file`): the same verdicts, faster."""

from __future__ import annotations

import io
import json

import pytest

from masthead.moderation.core import cli
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.fake import FakeAbuse, FakeSpam, FakeTopic
from masthead.moderation.core.classifiers.loader import load_classifiers
from masthead.moderation.core.cli import default_policy
from masthead.moderation.core.pipeline import moderate, moderate_many
from masthead.moderation.core.types import ArticleText, Policy, Submission
from tests.unit.moderation_helpers import ARTICLE, submission

OTHER = ArticleText(
    "Cup final tonight", "United meet City at Wembley.", "Kick-off is at 8pm. " * 20
)
BATCH = [
    submission("The bridge is long overdue; the ferry has been unreliable for years."),
    submission("Source?", parent="The council should publish the cost of the bridge."),
    Submission("City will win it in extra time, mark my words.", OTHER),
    submission("My favourite recipe for banana bread uses three ripe bananas."),
    submission("You are a complete idiot."),
    Submission("Wembley is the right place for a final.", OTHER, "What about the pitch?"),
]


def essentials(verdict):
    return verdict.decision, verdict.reasons, verdict.scores


class PrimingTopic(FakeTopic):
    def __init__(self, fail_prime=False, fail_score=False):
        self.primed = []
        self.fail_prime, self.fail_score = fail_prime, fail_score

    def prime(self, items):
        if self.fail_prime:
            raise RuntimeError("embedding batch failed")
        self.primed.append(items)

    def score(self, text, article, parent_text):
        if self.fail_score:
            raise RuntimeError("model broken")
        return super().score(text, article, parent_text)


def fakes(topic):
    return Classifiers(abuse=FakeAbuse(), topic=topic, spam=FakeSpam())


def test_moderate_many_primes_the_topic_model_once_and_keeps_the_order():
    topic = PrimingTopic()
    verdicts = moderate_many(BATCH, Policy(), fakes(topic))
    assert [essentials(v) for v in verdicts] == [
        essentials(moderate(s, Policy(), fakes(PrimingTopic()))) for s in BATCH
    ]
    assert len(topic.primed) == 1 and len(topic.primed[0]) == len(BATCH)
    assert topic.primed[0][1] == (BATCH[1].text, ARTICLE, BATCH[1].parent_text)


def test_a_failed_batch_embedding_still_scores_every_comment_on_its_own():
    verdicts = moderate_many(BATCH, Policy(), fakes(PrimingTopic(fail_prime=True)))
    expected = [essentials(moderate(s, Policy(), fakes(PrimingTopic()))) for s in BATCH]
    assert [essentials(v) for v in verdicts] == expected


def test_a_broken_topic_model_in_a_batch_holds_every_comment():
    verdicts = moderate_many(BATCH, Policy(), fakes(PrimingTopic(fail_score=True)))
    assert {(v.decision, v.reasons) for v in verdicts} == {("hold", ("classifier_unavailable",))}


@pytest.fixture(scope="module")
def real():
    return load_classifiers()


def forget(classifiers):
    classifiers.topic._texts.clear()
    classifiers.topic._articles.clear()


def test_real_models_give_the_same_verdicts_in_a_batch_as_one_by_one(real):
    policy = default_policy()
    forget(real)
    one_by_one = [moderate(s, policy, real) for s in BATCH]
    forget(real)
    together = moderate_many(BATCH, policy, real)
    assert [v.decision for v in together] == [v.decision for v in one_by_one]
    assert [v.reasons for v in together] == [v.reasons for v in one_by_one]
    for a, b in zip(together, one_by_one, strict=True):
        assert a.scores == pytest.approx(b.scores, abs=2e-4)


def test_the_cli_embeds_a_repeated_article_once(real, monkeypatch):
    forget(real)
    calls = []
    embed = real.topic.embedder.embed

    def spy(texts, *args, **kwargs):
        calls.append(list(texts))
        return embed(texts, *args, **kwargs)

    monkeypatch.setattr(real.topic.embedder, "embed", spy)
    article = {"headline": ARTICLE.headline, "standfirst": ARTICLE.standfirst, "body": ARTICLE.body}
    texts = ["The bridge is overdue.", "Too expensive.", "Who pays for it?", "I like ferries."]
    lines = [
        json.dumps({"id": str(i), "text": t, "article": article, "parent": None})
        for i, t in enumerate(texts)
    ]
    policy = default_policy()
    for chunk_size in (cli.CHUNK, 1):  # one chunk, then a chunk per line
        forget(real)
        calls.clear()
        monkeypatch.setattr(cli, "CHUNK", chunk_size)
        out = io.StringIO()
        assert cli.run(io.StringIO("\n".join(lines)), out, io.StringIO(), policy, lambda: real) == 0
        assert len(out.getvalue().splitlines()) == len(texts)
        headline_embedded = [c for c in calls if ARTICLE.headline in c]
        assert len(headline_embedded) == 1, chunk_size
