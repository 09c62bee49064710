from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import word_lists
from masthead.moderation.core.types import Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_banned_word_to_reject_rejects_as_a_hard_rule():
    policy = Policy(banned_words_reject=("scumbag",))
    result = word_lists.check(submission("What a scumbag thing to do"), policy, FAKES)
    assert result.decision == "reject"
    assert result.reasons == ("banned_word",)
    assert result.hard


def test_banned_word_matches_disguised_spellings():
    policy = Policy(banned_words_hold=("scumbag",))
    for text in ("sc*mbag", "s c u m b a g", "5cumb4g", "SCUMBAG!"):
        result = word_lists.check(submission(f"You {text}"), policy, FAKES)
        assert result.decision == "hold", text


def test_banned_word_span_points_at_the_word_in_the_original_text():
    policy = Policy(banned_words_hold=("scumbag",))
    text = "You are a 5cumb4g, honestly"
    result = word_lists.check(submission(text), policy, FAKES)
    (span,) = result.spans
    assert text[span.start : span.end].startswith("5cumb4g")


def test_words_only_match_whole_words():
    policy = Policy(banned_words_hold=("ass",))
    assert word_lists.check(submission("A classic assessment"), policy, FAKES).decision is None


def test_suspect_word_holds_for_a_look():
    policy = Policy(suspect_words=("lawsuit",))
    result = word_lists.check(submission("Expect a lawsuit"), policy, FAKES)
    assert (result.decision, result.reasons) == ("hold", ("suspect_word",))
    assert not result.hard


def test_no_lists_no_opinion():
    assert word_lists.check(submission("Anything at all"), Policy(), FAKES).decision is None
