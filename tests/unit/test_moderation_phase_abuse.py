from dataclasses import replace

from masthead.moderation.core.classifiers.base import AbuseScores, Classifiers
from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import abuse
from masthead.moderation.core.types import AuthorHistory, Policy, Span, Thresholds
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


class ThreatOnly:
    """An abuse model whose words are mild but whose threat model is sure: "I know where you live"."""

    version = "threat-only-1"

    def __init__(self, threat: float) -> None:
        self.threat = threat

    def score(self, text: str) -> AbuseScores:
        return AbuseScores(0.05, {"threat": 0.1}, (), self.threat, Span(0, len(text), "threat"))


def with_abuse(model: object) -> Classifiers:
    return replace(FAKES, abuse=model)


def test_a_threat_in_mild_words_is_held_with_the_threat_reason_and_its_sentence():
    policy = Policy(thresholds=Thresholds(abuse=0.5, threat=0.7))
    text = "I know where you live."
    result = abuse.check(submission(text), policy, with_abuse(ThreatOnly(0.9)))
    assert result.decision == "hold"
    assert result.reasons == ("threat",)
    assert result.spans == (Span(0, len(text), "threat"),)
    assert dict(result.scores)["threat_of_violence"] == 0.9


def test_a_threat_score_under_its_threshold_holds_nothing_but_is_recorded():
    policy = Policy(thresholds=Thresholds(abuse=0.5, threat=0.7))
    result = abuse.check(submission("See you at the match."), policy, with_abuse(ThreatOnly(0.3)))
    assert result.decision is None
    assert dict(result.scores)["threat_of_violence"] == 0.3


def test_a_trusted_reader_gets_no_extra_room_for_threats():
    policy = Policy(thresholds=Thresholds(abuse=0.5, abuse_trusted=0.99, threat=0.7))
    trusted = AuthorHistory(published=50, trusted=True)
    result = abuse.check(
        submission("I know where you live.", author=trusted), policy, with_abuse(ThreatOnly(0.8))
    )
    assert result.decision == "hold" and result.reasons == ("threat",)


def test_an_abusive_threat_names_both_reasons_once():
    class Both(ThreatOnly):
        def score(self, text: str) -> AbuseScores:
            return AbuseScores(0.9, {"threat": 0.8}, (Span(0, 3, "abusive"),), 0.95, None)

    result = abuse.check(submission("You scum"), Policy(), with_abuse(Both(0.95)))
    assert result.reasons == ("abusive", "threat")
    assert result.spans == (Span(0, 3, "abusive"),)
