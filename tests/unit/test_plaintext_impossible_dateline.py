"""Page text whose source-and-date line names a day or time that does not exist is refused in
one line: it was read as a sub-heading ("## Wire 2026-02-30" atop the body), and the article
imported with no date at all."""

from __future__ import annotations

import pytest

from masthead.articles.importers import plaintext
from masthead.articles.importers.base import MalformedArticle


def _page(dateline: str) -> str:
    return (
        "Harbour wall repairs start\n\nWork begins on Monday after years of delay.\n\n"
        f"{dateline}\n\nThe council approved the repairs in May.\n"
    )


@pytest.mark.parametrize(
    "dateline", ["Masthead Wire 2026-02-30", "Masthead Wire March 3, 2026 25:99 PM"]
)
def test_an_impossible_date_or_time_on_the_dateline_is_refused_in_one_line(dateline: str) -> None:
    with pytest.raises(MalformedArticle) as refused:
        plaintext.parse(_page(dateline))
    message = str(refused.value)
    assert message.startswith(f"the source-and-date line {dateline!r} has a date or time")
    assert "\n" not in message


def test_a_real_date_on_the_dateline_still_gives_source_and_time() -> None:
    article = plaintext.parse(_page("Masthead Wire March 3, 2026 7:45 AM"))
    assert article.source == "Masthead Wire"
    assert article.published_at is not None and article.published_at.hour == 7
    assert [b.kind for b in article.body] == ["paragraph"]


@pytest.mark.parametrize(
    "dateline",
    [
        "Masthead Wire \u017feptember 3, 2026",  # long s: re's IGNORECASE reads it as s
        "Masthead Wire 3 Aprıl 2026",  # dotless i: read as i
        "Masthead Wire Augu\u017ft 3, 2026",
    ],
)
def test_a_month_spelt_with_a_non_latin_lookalike_is_no_dateline_and_no_crash(
    dateline: str,
) -> None:
    # Python's case-insensitive matching took these for month names, and the month lookup
    # (by lower case) then raised KeyError: `masthead import` stopped with a traceback.
    article = plaintext.parse(_page(dateline))
    assert article.published_at is None
    assert dateline in [b.text for b in article.body]
