from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import spam
from masthead.moderation.core.types import AuthorHistory, Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_known_spam_pattern_holds_even_when_the_model_is_unsure():
    result = spam.check(submission("Check out my channel for more!"), Policy(), FAKES)
    assert result.decision == "hold"
    assert "spam" in result.reasons
    assert result.spans


def test_model_score_over_threshold_holds():
    result = spam.check(submission("Buy now, cheap watches"), Policy(), FAKES)
    assert result.decision == "hold"
    assert dict(result.scores)["spam"] == 0.9


def test_repeated_identical_comment_holds():
    author = AuthorHistory(published=3, identical_recent=1)
    result = spam.check(submission("The bridge is late.", author=author), Policy(), FAKES)
    assert result.reasons == ("repeated",)


def test_ordinary_comment_passes():
    result = spam.check(submission("The bridge is late again."), Policy(), FAKES)
    assert result.decision is None
