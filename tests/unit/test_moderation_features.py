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
    _unique_counts,
    bucket_counts,
    char_terms,
    clear_caches,
    counts_one,
    weigh_one,
    weigh_tf,
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


def test_unique_counts_are_what_numpy_unique_gives():
    rng = np.random.default_rng(3)
    arrays = [np.zeros(0, dtype=np.int32), np.array([7], dtype=np.int32)]
    arrays += [np.full(5, 9, dtype=np.int32), np.arange(6, dtype=np.int32)[::-1].copy()]
    arrays += [rng.integers(0, n, size=s).astype(np.int32) for n, s in ((3, 50), (1000, 300))]
    for buckets in arrays:
        indices, counts = _unique_counts(buckets)
        ref_indices, ref_counts = np.unique(buckets, return_counts=True)
        assert indices.dtype == np.int32 and counts.dtype == np.float32
        assert indices.tolist() == ref_indices.tolist()
        assert counts.tolist() == ref_counts.astype(np.float32).tolist()


@pytest.mark.parametrize("text", TEXTS)
def test_the_counts_carry_one_plus_their_log_and_the_character_columns(text):
    counts = counts_one(text)
    wi, wc, ci, cc = counts
    assert counts.char_columns.tolist() == (ci + WORD_BUCKETS).tolist()
    assert counts.word_tf.tobytes() == (1.0 + np.log(wc)).tobytes()
    assert counts.char_tf.tobytes() == (1.0 + np.log(cc)).tobytes()
    idf = np.linspace(1.0, 3.0, CHAR_BUCKETS, dtype=np.float32)
    assert weigh_tf(ci, counts.char_tf, idf).tobytes() == weigh_one(ci, cc, idf).tobytes()


def test_a_model_scores_a_text_bit_for_bit_as_it_did_by_indexing_columns(abuse):  # type: ignore[no-untyped-def]
    # raw_one gathers the comment's rows of the feature-major copy; the block it multiplies is
    # the one `coef[:, columns]` gave, laid out the same, so the scores are the same bits.
    # The abuse model has five heads, the threat model one (as has the spam model).
    for model in (abuse.model, abuse.threat.model):
        assert model.rows.flags["C_CONTIGUOUS"] and model.coef.shape[0] == len(model.heads)
        coef = np.ascontiguousarray(model.coef)  # heads x features, as the file holds it
        for text in TEXTS + [normalise(t) for t in TEXTS]:
            f = model.features
            wi, wc, ci, cc = counts_one(text, f.clean_words)
            before = (
                coef[:, wi] @ weigh_one(wi, wc, f.idf_word)
                + coef[:, f.idf_word.size + ci] @ weigh_one(ci, cc, f.idf_char)
                + model.intercept
            )
            assert model.raw_one(text).tobytes() == before.tobytes(), text
