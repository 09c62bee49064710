"""The generator of `confusables_data.py`: which lines of Unicode's confusables.txt become
look-alike letters, and that the committed table is what it says it is."""

from __future__ import annotations

import importlib

from masthead.core.confusables_data import UNICODE_LOOKALIKES
from training import confusables_build

# Lines in confusables.txt's format (source ; prototype ; type # comment).
SAMPLE = [
    "\ufeff# confusables.txt",
    "# Version: 13.0.0",
    "0430 ;\t0061 ;\tMA\t# Cyrillic small a -> a",
    "AB7A ;\t1D00 ;\tMA\t# Cherokee small go -> small capital A",
    "0627 ;\t006C ;\tMA\t# Arabic alef -> l (right to left: left out)",
    "0661 ;\t006C ;\tMA\t# Arabic-Indic digit one -> l (not a letter: left out)",
    "00D7 ;\t0078 ;\tMA\t# multiplication sign -> x (not a letter: left out)",
    "1D41A ;\t0061 ;\tMA\t# mathematical bold small a -> a (NFKD reads it already)",
    "0131 ;\t0069 ;\tMA\t# dotless i -> i",
    "0276 ;\t006F 1D07 ;\tMA\t# small capital OE -> o, small capital E (two letters)",
    "0031 ;\t006C ;\tMA\t# digit one -> l (ASCII: left out)",
]


def test_letters_whose_prototype_is_one_latin_letter_are_kept():
    table = confusables_build.lookalikes(confusables_build.parse(SAMPLE))
    assert table["\u0430"] == "a"
    assert table["\u0131"] == "i"


def test_a_prototype_that_is_a_small_capital_reads_as_its_latin_letter():
    table = confusables_build.lookalikes(confusables_build.parse(SAMPLE))
    assert table["\uab7a"] == "a"
    assert table["\u1d00"] == "a"  # the small capital itself, by its name


def test_digits_symbols_right_to_left_letters_and_ascii_are_left_out():
    table = confusables_build.lookalikes(confusables_build.parse(SAMPLE))
    for left_out in ("\u0627", "\u0661", "\u00d7", "\U0001d41a", "\u0276", "1"):
        assert left_out not in table


def test_the_committed_table_has_the_small_capitals_and_only_latin_letters():
    capitals = confusables_build.small_capitals()
    assert capitals["\u0299"] == "b"  # ʙ
    assert all(UNICODE_LOOKALIKES[c] == x for c, x in capitals.items())
    assert all(len(x) == 1 and x.isascii() and x.isalpha() for x in UNICODE_LOOKALIKES.values())


def test_render_writes_a_table_python_reads_back(tmp_path, monkeypatch):
    table = confusables_build.lookalikes(confusables_build.parse(SAMPLE))
    (tmp_path / "rendered_lookalikes.py").write_text(
        confusables_build.render(table, "0" * 64, "13.0.0"), encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    rendered = importlib.import_module("rendered_lookalikes")
    assert rendered.UNICODE_LOOKALIKES == table
