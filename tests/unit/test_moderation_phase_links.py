from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import links
from masthead.moderation.core.types import Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_links_up_to_the_limit_pass():
    text = "See https://example.org/a and www.example.com/b"
    result = links.check(submission(text), Policy(max_links=2), FAKES)
    assert result.decision is None
    assert dict(result.scores)["links"] == 2


def test_more_links_than_the_limit_hold_with_spans():
    text = "a http://a.com b http://b.com c spam.ru"
    result = links.check(submission(text), Policy(max_links=2), FAKES)
    assert result.decision == "hold"
    assert result.reasons == ("too_many_links",)
    assert len(result.spans) == 3


def test_plain_text_has_no_links():
    assert not links.find_links("The bridge costs 40.5 million. E.g. more than planned.")
