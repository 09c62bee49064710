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


def test_patterns_are_skipped_only_where_they_cannot_match():
    # A pattern is tried only on text holding one of its words (or on any text not in ASCII,
    # where a letter of another alphabet may match one of ASCII's without its case).
    texts = [
        "WhatsApp +44 7700 900123 now",
        "TELEGRAM me: +1 555 123 4567",
        "wa.me 0300 1234567",
        "Check out my CHANNEL",
        "check my blog",
        "EARN $500 a DAY",
        "make 300 dollars per week",
        "Working from home, I earn well",
        "home based job paid weekly",
        "Bitcoin gives guaranteed returns",
        "forex profit",
        "VIAGRA, cialis, casino and escort",
        "Subscribe to my page",
        "ſubscribe to my page",  # the long s matches "s" under IGNORECASE
        "bıtcoin returns",  # so does the dotless i "i"
        "nothing to see here",
    ]
    for text in texts:
        expected = [
            (m.start(), m.end()) for pattern in spam.PATTERNS for m in pattern.finditer(text)
        ]
        result = spam.check(submission(text), Policy(), FAKES)
        assert [(s.start, s.end) for s in result.spans] == expected, text
    assert len(spam.NEEDS) == len(spam.PATTERNS)
