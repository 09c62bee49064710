"""A link in a comment whose address is refused (javascript:, data:, a relative address) shows
as the plain words; it was an <a> with no address, link-coloured and going nowhere."""

from __future__ import annotations

import pytest

from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db


def test_a_refused_link_in_a_comment_shows_as_plain_text_and_a_good_link_stays(
    client, make_article, make_reader, post, use_moderator
):
    use_moderator(PUBLISH_ALL)
    article = make_article()
    reader = make_reader()
    comment = post(
        article,
        reader,
        "See [the plans](javascript:alert(1)) and [the council](https://council.example.org/).",
    )
    assert comment.html == (
        "<p>See the plans and "
        '<a href="https://council.example.org/" rel="nofollow ugc noopener noreferrer">the council</a>.</p>'
    )
    other = post(article, reader, "Also [this *one*](data:text/html,hi) and [that](/admin/).")
    assert other.html == "<p>Also this <em>one</em> and that.</p>"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "See the plans and" in page and "Also this <em>one</em> and that." in page
    assert "<a rel=" not in page
