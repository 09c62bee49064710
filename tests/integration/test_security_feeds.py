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


def test_podcast_description_carries_the_standfirst_as_text_and_its_summary_as_plain_text(
    make_article, client
):
    from masthead.narration.tasks import run_narration
    from tests.support.narration import SHORT_BODY, fake_engine

    fake_engine()
    article = make_article(
        slug="bridge-vote", body=SHORT_BODY, standfirst='Tom & <img src=x onerror="alert(1)">'
    )
    run_narration(article.pk)
    body = client.get("/feeds/podcast.xml").content.decode()
    assert "&lt;img" not in body.split("<description>", 2)[2].split("</description>")[0]
    assert "<description>Tom &amp;amp; &amp;lt;img src=x" in body
    # iTunes reads its summary as plain text: the characters themselves, escaped once for XML.
    assert "<itunes:summary>Tom &amp; &lt;img src=x" in body
