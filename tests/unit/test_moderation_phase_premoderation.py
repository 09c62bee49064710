from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import premoderation
from masthead.moderation.core.types import AuthorHistory, Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_premoderated_article_holds_everything_as_a_hard_rule():
    result = premoderation.check(submission("Nice", premoderated=True), Policy(), FAKES)
    assert (result.decision, result.reasons, result.hard) == ("hold", ("pre_moderation",), True)


def test_site_mode_everything_holds():
    policy = Policy(premoderation=frozenset({"everything"}))
    assert premoderation.check(submission("Nice"), policy, FAKES).reasons == ("pre_moderation",)


def test_new_readers_first_comment_is_held():
    policy = Policy(premoderation=frozenset({"new_readers"}))
    new = AuthorHistory(published=0)
    assert premoderation.check(submission("Hi", author=new), policy, FAKES).reasons == (
        "first_comment",
    )
    regular = AuthorHistory(published=3)
    assert premoderation.check(submission("Hi", author=regular), policy, FAKES).decision is None


def test_comments_with_links_mode_holds_only_linked_comments():
    policy = Policy(premoderation=frozenset({"links"}))
    linked = premoderation.check(submission("See https://x.org"), policy, FAKES)
    assert linked.reasons == ("has_links",)
    assert premoderation.check(submission("No link"), policy, FAKES).decision is None


def test_comments_with_links_mode_sees_a_link_spelt_with_entities():
    policy = Policy(premoderation=frozenset({"links"}))
    hidden = premoderation.check(submission("[a](https:&#x2F;&#x2F;x.example)"), policy, FAKES)
    assert hidden.reasons == ("has_links",)


def test_trusted_reader_skips_link_premoderation():
    policy = Policy(premoderation=frozenset({"links"}))
    trusted = AuthorHistory(published=9, trusted=True)
    assert (
        premoderation.check(submission("https://x.org", author=trusted), policy, FAKES).decision
        is None
    )
