"""A headline, standfirst or paragraph holding a word or an address longer than a phone is wide
(a compound, a pasted link) breaks inside the column instead of widening the page (QA walk as
an editor, 2026-11-30: the front page was 622 px wide on a 390 px phone, so every story
scrolled sideways)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung"
LONG_LINK = "https://example.org/a/very/long/path/that/has/no/place/to/break/at/all/really"

FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.mark.parametrize("path", ["front", "section", "article"])
def test_long_words_break_inside_a_phones_width(page, live_server, make_article, path):
    article = make_article(
        headline=f"{LONG_WORD} retires after forty years",
        standfirst=f"Her pension papers are at {LONG_LINK}",
        body=f"A paragraph that quotes {LONG_LINK} in full.\n\n## {LONG_WORD}",
    )
    url = {
        "front": "/",
        "section": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
    }[path]
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + url)
    page.get_by_text(LONG_WORD, exact=False).first.wait_for()
    page.wait_for_function(FITS, timeout=5_000)
