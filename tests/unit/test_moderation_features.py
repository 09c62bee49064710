"""The run-time hashing of comment text gives exactly the features the models were trained on.

Training builds features with scikit-learn's HashingVectorizer; run time uses our own terms and
MurmurHash3 so that loading the models does not import scikit-learn. These tests compare both.
"""

from __future__ import annotations

import numpy as np
import pytest

from masthead.moderation.core.classifiers.features import (
    CHAR_BUCKETS,
    WORD_BUCKETS,
    HashedTfidf,
    bucket_counts,
    char_terms,
    clear_caches,
    counts_one,
    word_terms,
)
from masthead.moderation.core.normalise import normalise

TEXTS = [
    "",
    "a",
    "ok",
    "Well said!",
    "Source?",
    "You are an idiot!! Go away?!",
    "  spaced   out\ttext\nwith\r\nbreaks  ",
    "The council's 2029 budget (€4.5m) isn't enough — says Dr. Smith.",
    "Ünïcödé wörds, naïve café, 東京 and emoji 🙂🙂 mixed in",
    "yeh kya bakwas hai yaar, tum log pagal ho",
    "f*ck th1s s h i t",
    "x" * 300,
    "Check out my channel http://spam.example/a?b=c&d=e NOW!!!",
    "tab\tseparated\tvalues and a_word_with_underscores 123 4.56",
]


@pytest.mark.parametrize("text", TEXTS + [normalise(t) for t in TEXTS])
def test_runtime_hashing_gives_the_same_counts_as_the_training_vectorisers(text):
    word, char = HashedTfidf.counts([text])
    wi, wc, ci, cc = counts_one(text)
    for ours, theirs in ((wi, word), (ci, char)):
        assert ours.tolist() == sorted(theirs.indices.tolist())
    assert dict(zip(wi.tolist(), wc.tolist(), strict=True)) == dict(
        zip(word.indices.tolist(), word.data.tolist(), strict=True)
    )
    assert dict(zip(ci.tolist(), cc.tolist(), strict=True)) == dict(
        zip(char.indices.tolist(), char.data.tolist(), strict=True)
    )


def test_word_terms_are_words_then_pairs_of_neighbours():
    assert word_terms("not a troll!") == ["not", "a", "troll", "!", "not a", "a troll", "troll !"]


def test_char_terms_pad_each_word_and_count_a_short_word_once():
    assert char_terms("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]
    assert char_terms("a") == [" a", "a ", " a "]


def test_empty_text_has_no_buckets():
    indices, counts = bucket_counts([], WORD_BUCKETS)
    assert indices.size == 0 and counts.size == 0


def test_buckets_stay_inside_the_feature_width():
    indices, _ = bucket_counts(char_terms("anything at all " * 20), CHAR_BUCKETS)
    assert indices.min() >= 0 and indices.max() < CHAR_BUCKETS
    assert np.all(np.diff(indices) > 0)  # sorted, one entry a bucket


def test_a_lone_surrogate_is_hashed_as_a_replacement_character_not_a_crash():
    # JSON input may carry "\ud800"; the hash library would crash the process on it.
    with_surrogate = counts_one("you \ud800 idiot")
    with_mark = counts_one("you ? idiot")
    assert all(a.tolist() == b.tolist() for a, b in zip(with_surrogate, with_mark, strict=True))


def test_submission_text_with_a_lone_surrogate_becomes_well_formed_and_plain_text_is_untouched():
    from masthead.moderation.core.types import ArticleText, Submission

    s = Submission("a \ud800 b", ArticleText("head \udfff"), parent_text="p \ud801")
    assert "\ud800" not in s.text and "\ufffd" in s.text
    assert "\udfff" not in s.article.headline and "\ud801" not in (s.parent_text or "")
    plain = "Ünïcödé 🙂 text"
    assert Submission(plain, ArticleText(plain)).text == plain


def test_words_remembered_from_earlier_texts_give_the_same_counts_as_hashing_afresh():
    clear_caches()
    first = "the council voted for the bridge, the ferry stays"
    second = "the ferry and the bridge: the council voted again!! bridge bridge"
    counts_one(first)  # its words' buckets are remembered now
    for text in (second, first):
        wi, wc, ci, cc = counts_one.__wrapped__(text)
        ref_wi, ref_wc = bucket_counts(word_terms(text), WORD_BUCKETS)
        ref_ci, ref_cc = bucket_counts(char_terms(text), CHAR_BUCKETS)
        assert wi.tolist() == ref_wi.tolist() and wc.tolist() == ref_wc.tolist()
        assert ci.tolist() == ref_ci.tolist() and cc.tolist() == ref_cc.tolist()
        assert ci.dtype == ref_ci.dtype and cc.dtype == ref_cc.dtype
