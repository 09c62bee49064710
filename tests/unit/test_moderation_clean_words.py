"""Clean words (`train.py --clean-words-floor`, features.py `clean_words`): a model may name a list
of correctly spelt, non-abusive English words whose tokens give no character n-grams, so that
"idiomatic" no longer shares n-grams with "idiot". Training (batch) and run time (one comment)
leave out the same n-grams; a model that names no list (spam, threat, older abuse models) keeps
every word's n-grams. No model is trained here."""

from __future__ import annotations

import json

import numpy as np
import pytest

from masthead.moderation.core.classifiers.abuse import LinearTextModel
from masthead.moderation.core.classifiers.features import (
    CHAR_BUCKETS,
    WORD_BUCKETS,
    HashedTfidf,
    bare,
    bucket_counts,
    char_terms,
    counts_one,
    read_clean_words,
    word_terms,
    write_clean_words,
)
from masthead.moderation.core.normalise import normalise
from training.moderation.train import clean_word_list, inflected

CLEAN = frozenset({"the", "idiomatic", "english", "is", "hard", "council's", "well", "said"})
TEXTS = [
    "",
    "Idiomatic English is hard.",
    "the THE (the) 'the' the... the!!",
    "You are an id10t and a b1tch, the idiot",
    "  spaced   out\ttext\nwith\r\nthe  breaks  ",
    "The council's 2029 budget (€4.5m) isn't enough — says Dr. Smith.",
    "“Well,” said she… «the» end",
    "f*ck th1s s h i t",
]


def char_counts(indices, counts):
    return dict(zip(indices.tolist(), counts.tolist(), strict=True))


@pytest.mark.parametrize("text", TEXTS + [normalise(t) for t in TEXTS])
def test_with_a_clean_list_the_one_comment_counts_equal_the_training_counts(text):
    word, char = HashedTfidf.counts([text], CLEAN)
    wi, wc, ci, cc = counts_one(text, CLEAN)
    assert char_counts(wi, wc) == char_counts(word.indices, word.data)
    assert char_counts(ci, cc) == char_counts(char.indices, char.data)
    ref_ci, ref_cc = bucket_counts(char_terms(text, 2, 5, CLEAN), CHAR_BUCKETS)
    assert ci.tolist() == ref_ci.tolist() and cc.tolist() == ref_cc.tolist()


def test_a_clean_word_gives_word_features_but_no_character_ngrams_whatever_its_case_or_punctuation():
    for token in ("idiomatic", "Idiomatic", "idiomatic.", "(Idiomatic),", "“idiomatic”"):
        wi, _, ci, _ = counts_one(token, CLEAN)
        assert ci.size == 0
        assert wi.tolist() == bucket_counts(word_terms(token), WORD_BUCKETS)[0].tolist()
    assert counts_one("idiomatic")[2].size > 0  # no list: n-grams as before


def test_an_obfuscated_or_abusive_token_keeps_its_character_ngrams():
    clean = frozenset({"idiomatic", "bitter"})
    for token in ("b1tch", "id10t", "idiot", "idiomatik"):
        assert counts_one(token, clean)[2].tolist() == counts_one(token)[2].tolist()
    text = "idiomatic b1tch"
    assert counts_one(text, clean)[2].tolist() == counts_one("b1tch")[2].tolist()


def test_the_batch_transform_leaves_out_the_same_ngrams_as_the_one_comment_path():
    rng = np.random.default_rng(0)
    idf_w = rng.random(WORD_BUCKETS).astype(np.float32) + 1
    idf_c = rng.random(CHAR_BUCKETS).astype(np.float32) + 1
    with_list = HashedTfidf(idf_w, idf_c, clean_words=CLEAN)
    x = with_list.transform(TEXTS).toarray()
    plain = HashedTfidf(idf_w, idf_c).transform(TEXTS).toarray()
    idiomatic = TEXTS.index("Idiomatic English is hard.")
    assert not x[idiomatic, WORD_BUCKETS:].any() and plain[idiomatic, WORD_BUCKETS:].any()
    assert np.allclose(x[:, :WORD_BUCKETS], plain[:, :WORD_BUCKETS])


def test_bare_form_is_lower_case_without_surrounding_punctuation():
    assert bare("(Bitcoin),") == "bitcoin"
    assert bare("council's") == "council's"
    assert bare("…") == ""


def test_the_written_list_is_sorted_reproducible_and_checked_against_its_sha256(tmp_path):
    a, b = tmp_path / "a.txt.gz", tmp_path / "b.txt.gz"
    digest = write_clean_words(a, ["zebra", "apple", "apple"])
    assert write_clean_words(b, ["apple", "zebra"]) == digest
    assert a.read_bytes() == b.read_bytes()
    assert read_clean_words(a, digest) == frozenset({"apple", "zebra"})
    with pytest.raises(ValueError, match="sha256"):
        read_clean_words(a, "0" * 64)


def write_model(folder, meta_extra):
    np.savez_compressed(
        folder / "abuse.npz",
        idf_word=np.ones(WORD_BUCKETS, dtype=np.float16),
        idf_char=np.ones(CHAR_BUCKETS, dtype=np.float16),
        coef=np.zeros((1, WORD_BUCKETS + CHAR_BUCKETS), dtype=np.float16),
        intercept=np.zeros(1, dtype=np.float32),
    )
    meta = {"version": "t", "heads": ["abusive"], "calibration": {"a": 1.0, "b": 0.0}}
    (folder / "abuse.json").write_text(json.dumps(meta | meta_extra))


def test_a_model_uses_a_clean_list_only_when_its_json_names_one(tmp_path):
    write_model(tmp_path, {})
    assert LinearTextModel(tmp_path, "abuse").features.clean_words == frozenset()
    digest = write_clean_words(tmp_path / "clean.txt.gz", ["idiomatic"])
    write_model(tmp_path, {"clean_words": {"file": "clean.txt.gz", "sha256": digest}})
    assert LinearTextModel(tmp_path, "abuse").features.clean_words == frozenset({"idiomatic"})
    write_model(tmp_path, {"clean_words": {"file": "clean.txt.gz", "sha256": "0" * 64}})
    with pytest.raises(ValueError, match="sha256"):
        LinearTextModel(tmp_path, "abuse")


def test_a_model_whose_clean_list_is_muted_is_refused_at_load(tmp_path):
    # The muted variant was removed; scoring such a model without it would be wrong (fail closed).
    digest = write_clean_words(tmp_path / "clean.txt.gz", ["idiomatic"])
    clean = {"file": "clean.txt.gz", "sha256": digest}
    write_model(tmp_path, {"clean_words": clean | {"muted": True}})
    with pytest.raises(ValueError, match="muted"):
        LinearTextModel(tmp_path, "abuse")
    write_model(tmp_path, {"clean_words": clean | {"muted": False}})
    assert LinearTextModel(tmp_path, "abuse").features.clean_words == frozenset({"idiomatic"})


def test_inflections_of_an_abusive_word_cover_plurals_and_derived_forms():
    assert {"idiots", "idiotic", "idiocy"} & inflected("idiot") == {"idiots", "idiotic"}
    assert {"hating", "hater", "haters", "hated"} <= inflected("hate")
    assert {"scummy", "scums"} <= inflected("scum")
    assert {"pussies"} <= inflected("pussy")


def test_the_clean_list_leaves_out_abusive_words_their_inflections_and_words_tied_to_abuse():
    # "stupendous" is in 3 abusive training texts and no civil one (tied to abuse); "ferry" in 3
    # abusive and 3 civil ones; "idiomatic" in none
    texts = ["a stupendous x"] * 3 + ["the ferry"] * 6
    y = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0])
    clean = clean_word_list(("moron",), texts, y, 50)
    assert "ferry" in clean and "idiomatic" in clean
    assert "stupendous" not in clean
    assert "stupendous" in clean_word_list(("moron",), texts[1:], y[1:], 50)  # 2 texts: too few
    for word in ("moron", "morons", "idiot", "idiotic", "stupid", "hateful", "kill", "gay"):
        assert word not in clean
    assert clean == sorted(clean)


def test_a_narrower_scope_keeps_only_clean_words_with_a_rude_looking_string():
    texts, y = ["the ferry"], np.array([0])
    strings = clean_word_list(("moron",), texts, y, 50, "rude-strings")
    stems = clean_word_list(("moron",), texts, y, 50, "rude-stems")
    # "idiomatic" starts like "idiot", "stupendous" like "stupid", "retardant" like "retard"
    for word in ("idiomatic", "stupendous", "retardant", "moroccan"):
        assert word in strings and word in stems
    assert "ferry" not in strings and "ferry" not in stems
    assert "making" in strings and "making" not in stems  # "king" is inside "fucking"
    assert set(stems) < set(strings)
    assert "moron" not in strings


def test_a_model_with_a_clean_list_scores_a_comment_alone_as_in_a_batch(tmp_path):
    rng = np.random.default_rng(2)
    np.savez_compressed(
        tmp_path / "abuse.npz",
        idf_word=(rng.random(WORD_BUCKETS) + 1).astype(np.float16),
        idf_char=(rng.random(CHAR_BUCKETS) + 1).astype(np.float16),
        coef=rng.normal(size=(2, WORD_BUCKETS + CHAR_BUCKETS)).astype(np.float16),
        intercept=np.zeros(2, dtype=np.float32),
    )
    digest = write_clean_words(tmp_path / "clean.txt.gz", CLEAN)
    meta = {"version": "t", "heads": ["abusive", "insult"], "calibration": {"a": 1.0, "b": 0.0}}
    meta["clean_words"] = {"file": "clean.txt.gz", "sha256": digest}
    (tmp_path / "abuse.json").write_text(json.dumps(meta))
    model = LinearTextModel(tmp_path, "abuse")
    texts = [normalise(t) for t in TEXTS]
    batch = model.raw(texts)
    for text, row in zip(texts, batch, strict=True):
        assert np.allclose(model.raw_one(text), row, atol=1e-4)
