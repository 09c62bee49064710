from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import topic
from masthead.moderation.core.types import Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_off_topic_comment_holds():
    result = topic.check(submission("Football results tonight were amazing"), Policy(), FAKES)
    assert (result.decision, result.reasons) == ("hold", ("off_topic",))


def test_on_topic_comment_passes_with_score():
    result = topic.check(submission("The bridge should have been cheaper"), Policy(), FAKES)
    assert result.decision is None
    assert dict(result.scores)["off_topic"] == 0.1
