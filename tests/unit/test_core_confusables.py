"""Look-alike letters of other alphabets, read as Latin ones only inside mixed words."""

from __future__ import annotations

from masthead.core.confusables import fold_mixed_words


def test_a_word_mixing_latin_and_cyrillic_or_greek_letters_is_read_in_latin():
    assert fold_mixed_words("you \u043coron") == "you moron"  # Cyrillic м
    assert fold_mixed_words("\u0391dmin here") == "admin here"  # Greek Α


def test_words_wholly_in_one_alphabet_stay_as_written():
    text = "\u043c\u0430\u043c\u0430 and papa"
    assert fold_mixed_words(text) == text


def test_cyrillic_en_reads_as_h_in_both_cases():
    # Н by the hand-picked list; н by Unicode's data, through the small capital H (ʜ).
    assert fold_mixed_words("\u041dello") == "hello"
    assert fold_mixed_words("w\u043dat") == "what"
    assert fold_mixed_words("\u029cello") == "hello"
