from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import trust
from masthead.moderation.core.types import AuthorHistory, Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_reader_with_many_rejections_is_held():
    author = AuthorHistory(published=1, rejected=4)
    result = trust.check(submission("Fine words", author=author), Policy(), FAKES)
    assert result.reasons == ("author_history",)


def test_trusted_reader_is_not_held_for_history():
    author = AuthorHistory(published=1, rejected=4, trusted=True)
    assert trust.check(submission("Fine words", author=author), Policy(), FAKES).decision is None
