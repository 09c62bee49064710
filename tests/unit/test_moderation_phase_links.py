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


def test_links_spelt_with_entities_count_like_written_ones():
    # Rendered, each of these is a working link, though no URL is written out.
    text = (
        "[a](https:&#x2F;&#x2F;spam.example) [b](https&#58;//spam.example) [c](www&#46;x.example)"
    )
    assert len(links.find_links(text)) == 3  # the three Markdown links, marked for moderators
    result = links.check(submission(text), Policy(max_links=2), FAKES)
    assert result.decision == "hold"
    assert result.reasons == ("too_many_links",)
    assert dict(result.scores)["links"] == 3


def test_an_ampersand_in_plain_text_is_not_a_link():
    assert links.count_links("Tom &amp; Jerry &lt;3 the bridge") == 0
