"""The JSON-LD articleBody says whose words a quote are, as the page does under the quote."""

from __future__ import annotations

import html
import json
import re

import pytest

pytestmark = pytest.mark.django_db

BODY = (
    "The council voted 9 to 4 for the bridge.\n\n"
    "> We have waited forty years for this crossing.\n"
    "> -- Mara Quill, council leader\n\n"
    "Work starts in spring."
)


def json_ld(page: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_json_ld_article_body_carries_a_quotes_attribution_as_the_page_shows_it(
    client, make_article
):
    article = make_article(body=BODY)
    page = client.get(article.get_absolute_url()).content.decode()
    footers = [html.unescape(text) for text in re.findall(r"<footer>(.*?)</footer>", page)]
    assert "Mara Quill, council leader" in footers
    data = json_ld(page)
    assert data["articleBody"] == (
        "The council voted 9 to 4 for the bridge.\n\n"
        "We have waited forty years for this crossing.\n"
        "Mara Quill, council leader\n\n"
        "Work starts in spring."
    )
    assert data["wordCount"] == len(data["articleBody"].split())


def test_json_ld_article_body_of_a_quote_without_attribution_is_its_text(client, make_article):
    article = make_article(body="> Nobody would say who wrote this.\n\nThe end.")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["articleBody"] == "Nobody would say who wrote this.\n\nThe end."
