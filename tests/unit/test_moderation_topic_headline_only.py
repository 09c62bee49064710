"""The shipped on-topic model when a page gives the article's title only (no standfirst, no body).

The batch CLI and the outside evaluation give {"headline": title, "standfirst": "", "body": ""};
the model was fitted on its pairs with the article in full and cut to less
(training/moderation/topic_pairs.py, CONTEXT_CUTS), so that with a title alone it is less sure a
comment is off-topic (docs/moderation.md, "On-topic with the headline only").
"""

from __future__ import annotations

import json

import pytest

from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR, load_classifiers
from masthead.moderation.core.cli import default_policy
from masthead.moderation.core.pipeline import moderate
from masthead.moderation.core.types import ArticleText, AuthorHistory, Submission

TITLE_ONLY = ArticleText("Council approves new river crossing", "", "")


@pytest.fixture(scope="module")
def real():
    return load_classifiers()


@pytest.fixture(scope="module")
def policy():
    return default_policy()


@pytest.mark.parametrize(
    "text",
    [
        "Forty million pounds for a bridge seems a lot. Who pays if it runs over budget?",
        "I live on the east side and would welcome it; the ferry has been unreliable for years.",
        "About time. Traffic through the centre is unbearable every morning.",
    ],
)
def test_civil_comments_about_a_title_only_article_are_published(real, policy, text):
    verdict = moderate(
        Submission(text, TITLE_ONLY, author=AuthorHistory(published=5)), policy, real
    )
    assert verdict.decision == "publish", verdict


def test_a_comment_about_something_else_is_still_held_as_off_topic_under_a_title_alone(
    real, policy
):
    text = "My favourite recipe for banana bread uses three ripe bananas and walnuts."
    verdict = moderate(
        Submission(text, TITLE_ONLY, author=AuthorHistory(published=5)), policy, real
    )
    assert verdict.decision == "hold"
    assert "off_topic" in verdict.reasons


def test_the_shipped_topic_model_was_fitted_with_title_only_articles_too():
    meta = json.loads((WEIGHTS_DIR / "topic.json").read_text())
    assert "headline only" in meta["context_cuts"]
    assert "full" in meta["context_cuts"]
    assert meta["trained_on"] == ["cat (pairs)"]
