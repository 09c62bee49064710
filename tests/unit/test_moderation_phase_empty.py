from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import empty
from masthead.moderation.core.types import Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_empty_comment_is_held():
    assert empty.check(submission("   "), Policy(), FAKES).reasons == ("empty",)
