from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import abuse
from masthead.moderation.core.types import AuthorHistory, Policy, Thresholds
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_abusive_comment_holds_with_kind_and_spans():
    result = abuse.check(submission("You idiot"), Policy(), FAKES)
    assert result.decision == "hold"
    assert result.reasons == ("abusive", "insult")
    assert result.spans and result.spans[0].start == 4


def test_civil_comment_has_no_opinion_but_records_score():
    result = abuse.check(submission("I disagree with the council"), Policy(), FAKES)
    assert result.decision is None
    assert dict(result.scores)["abuse"] == 0.02


def test_trusted_reader_gets_the_looser_threshold():
    policy = Policy(thresholds=Thresholds(abuse=0.5, abuse_trusted=0.99))
    trusted = AuthorHistory(published=50, trusted=True)
    assert abuse.check(submission("You idiot", author=trusted), policy, FAKES).decision is None
