"""Article text in feeds, found by a security review (2026-11-29)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_feed_descriptions_carry_article_text_as_text_not_markup(make_article, client, url):
    """Feed readers read an item's description (RSS) and an html summary (Atom) as HTML; the
    article's text is plain text, so a '<' in it must reach them escaped once more."""
    make_article(standfirst='Readers wrote <img src=x onerror="alert(1)"> & more')
    body = client.get(url).content.decode()
    assert "&lt;img" not in body
    assert "&amp;lt;img src=x onerror=" in body
