"""The identity and second news-register batches written for the project (identity_examples.py,
news_register_more.py) are abuse sets of their own, split train / dev by a hash of the text,
never test, with near-copies of the functional suite left out; the abuse model learns from
them only when train.py is told to (ABUSE_WRITTEN / --abuse-written). Training code; no model
is trained here."""

from __future__ import annotations

from training.moderation import identity_examples
from training.moderation.datasets import (
    ABUSE_WRITTEN,
    OPTIONAL_WRITTEN,
    SETS,
    abuse_trains_on,
    functional_sentences,
    written_rows,
)


def test_a_written_batch_is_split_train_and_dev_by_text_and_never_test():
    batches = ((0, identity_examples.IDENTITY_CIVIL), (1, identity_examples.IDENTITY_HATE))
    rows = list(written_rows("identity_written", batches, []))
    assert len(rows) == len(identity_examples.IDENTITY_CIVIL) + len(identity_examples.IDENTITY_HATE)
    assert {r.split for r in rows} == {"train", "dev"}
    dev = sum(r.split == "dev" for r in rows)
    assert 0.05 < dev / len(rows) < 0.15
    # the split follows the text, not its position in the list
    again = list(
        written_rows("identity_written", ((1, identity_examples.IDENTITY_HATE[::-1]),), [])
    )
    by_text = {r.text: r.split for r in rows}
    assert all(by_text[r.text] == r.split for r in again)
    assert {r.label for r in rows if r.text in identity_examples.IDENTITY_HATE} == {1}


def test_a_near_copy_of_a_functional_sentence_is_left_out():
    suite = functional_sentences()
    copy = suite[1] + " Indeed."
    rows = list(
        written_rows("identity_written", ((1, [copy, "A sentence of its own here."]),), suite)
    )
    assert [r.text for r in rows] == ["A sentence of its own here."]


def test_the_abuse_model_learns_from_an_optional_written_batch_only_when_told():
    for name in OPTIONAL_WRITTEN:
        assert SETS[name].task == "abuse" and SETS[name].shipped
        assert abuse_trains_on(name, True, (name,))
        assert not abuse_trains_on(name, True, ())
        assert abuse_trains_on(name, True, ABUSE_WRITTEN) == (name in ABUSE_WRITTEN)
    assert abuse_trains_on("news_register", True, ())
    assert not abuse_trains_on("c3", True, OPTIONAL_WRITTEN)
    assert abuse_trains_on("c3", False, ())


def test_a_written_batchs_dev_text_is_held_out_from_the_abuse_model_alone(monkeypatch):
    """A text in a written batch's dev split keeps another set's training row for the spam,
    threat and topic models (so `make models` reproduces them as committed), and is in
    `written_dev_keys`, which the abuse model's training leaves out."""
    from training.moderation import datasets
    from training.moderation.datasets import Row, text_key, written_dev_keys

    rows = [
        Row("short_replies", "lol", 0, "short-0", "dev"),
        Row("youtube_spam", "lol", 0, "video-1", "train"),
        Row("cat_wikipedia", "A reply held out for testing.", 0, "thread-2", "test"),
        Row("youtube_spam", "A reply held out for testing.", 0, "video-3", "train"),
    ]
    monkeypatch.setattr(datasets, "_rows", lambda: iter(rows))
    loaded = datasets.load()

    assert ("youtube_spam", "lol") in {(r.dataset, r.text) for r in loaded}
    # a shared set's held-out text still trains nothing
    assert ("youtube_spam", "A reply held out for testing.") not in {
        (r.dataset, r.text) for r in loaded
    }
    assert written_dev_keys(loaded) == {text_key("lol")}


def test_the_threat_models_written_sentences_keep_its_split_when_offered_to_the_abuse_model():
    """threat_written (--abuse-written threat_written) holds out exactly the sentences the
    threat model's threshold is chosen on, so neither model learns the other's dev texts."""
    from training.moderation import threat_examples
    from training.moderation.datasets import threat_written_rows
    from training.moderation.threats import written_split

    rows = list(threat_written_rows([]))
    assert len(rows) == len(threat_examples.THREAT_TRAIN) + len(threat_examples.CIVIL_VIOLENT_TRAIN)
    assert all(r.split == written_split(r.text) for r in rows)
    assert {r.split for r in rows} == {"train", "dev"}
    assert {r.label for r in rows if r.text in threat_examples.THREAT_TRAIN} == {1}


def test_the_short_statements_are_short_and_each_text_has_one_label():
    from training.moderation import short_statements as s

    civil = [*s.STATEMENTS_CIVIL, *s.VIOLENT_WORDS_CIVIL]
    for text in [*civil, *s.STATEMENTS_ABUSIVE]:
        assert 3 <= len(text.split()) <= 12, text
    assert not set(civil) & set(s.STATEMENTS_ABUSIVE)
    rows = list(written_rows("short_statements", ((0, civil), (1, s.STATEMENTS_ABUSIVE)), []))
    assert {r.split for r in rows} == {"train", "dev"}


def test_the_ordinary_words_batch_leaves_the_disguised_checks_words_out():
    """The civil half of the disguised-spelling check ("The bitcoin price fell again.") measures
    ordinary words the abuse model never learnt from: the ordinary-words batch (abuse training
    text since abuse-tfidf-shipped-20261130-08ee352e) uses none of its trigger words."""
    from training.moderation import ordinary_words

    words = (
        "bitcoin",
        "idiom",
        "stupendous",
        "retardant",
        "dicken",
        "moroni",
        "bastille",
        "assess",
    )
    texts = [t.lower() for t in [*ordinary_words.CIVIL_ORDINARY, *ordinary_words.ABUSIVE_RUDE]]
    assert not [(w, t) for w in words for t in texts if w in t]
    assert "ordinary_words" in ABUSE_WRITTEN
