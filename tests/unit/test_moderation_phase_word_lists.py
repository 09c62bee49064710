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


def test_a_banned_address_matches_that_address_not_every_link():
    # A link normalises to a placeholder: the entry "spam-shop.com" used to ban every link.
    policy = Policy(banned_words_reject=("spam-shop.com",))
    other = "The report is at https://council.gov.uk/bridge and example.org"
    assert word_lists.check(submission(other), policy, FAKES).decision is None
    text = "Cheap bricks at https://www.Spam-Shop.com/deals today"
    result = word_lists.check(submission(text), policy, FAKES)
    assert result.decision == "reject"
    (span,) = result.spans
    assert text[span.start : span.end] == "Spam-Shop.com"
    assert word_lists.check(submission("Try notspam-shop.com"), policy, FAKES).decision is None


def test_a_banned_mention_matches_that_name_not_every_mention():
    policy = Policy(suspect_words=("@spammer",))
    assert word_lists.check(submission("As @alice said, yes"), policy, FAKES).decision is None
    assert word_lists.check(submission("Ask @Spammer now"), policy, FAKES).decision == "hold"


def test_an_entry_that_is_no_word_at_all_matches_nothing():
    # Only a combining accent (a stray line pasted into the list): it normalises to nothing and
    # used to match after every full stop, rejecting nearly every comment.
    policy = Policy(banned_words_reject=("\u0301", "scumbag"))
    assert word_lists.check(submission("The bridge is overdue."), policy, FAKES).decision is None
    assert word_lists.check(submission("A scumbag."), policy, FAKES).decision == "reject"


def test_regex_characters_and_unicode_entries_match_literally():
    policy = Policy(banned_words_hold=("a.b", "c++", "(x)", "гад", "خائن"))
    assert word_lists.check(submission("aXb and c and x"), policy, FAKES).decision is None
    for text in ("You гад", "هو خائن", "we like (x) here"):
        assert word_lists.check(submission(text), policy, FAKES).decision == "hold", text


def test_a_listed_word_spelt_with_look_alike_letters_of_another_alphabet_matches():
    # "мoron" with a Cyrillic м, "МORON" with a Cyrillic М, "mοron" with a Greek ο
    matcher = word_lists.matcher(("moron",))
    for text in ("you \u043coron", "\u041cORON!", "what a m\u03bfron"):
        assert matcher.search(text), text
    spans = matcher.spans("you \u043coron", "banned_word")
    assert [(s.start, s.end) for s in spans] == [(4, 9)]


def test_a_word_wholly_in_another_alphabet_is_not_read_as_latin():
    # Every letter of "СОР" has a Latin look-alike ("COP"), but none of them is Latin.
    assert not word_lists.matcher(("cop",)).search(
        "\u0421\u041e\u0420 \u0438 \u041c\u0410\u041c\u0410"
    )
