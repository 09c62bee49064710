"""Rendering helpers for article metadata (no database)."""

from __future__ import annotations

import json

from masthead.articles import structured_data


def test_script_json_cannot_close_its_script_element_and_still_parses():
    data = {"headline": "</script><script>alert('x')</script> & <!-- -->"}
    payload = structured_data.to_script_json(data)
    assert "<" not in payload and ">" not in payload and "&" not in payload
    assert json.loads(payload) == data


def test_bylines_split_into_people():
    assert structured_data._people("Ana Ruiz and Tom Hale") == ["Ana Ruiz", "Tom Hale"]
    assert structured_data._people("A. One, B. Two & C. Three") == ["A. One", "B. Two", "C. Three"]
    assert structured_data._people("Priya Natarajan") == ["Priya Natarajan"]


def test_absolute_url_prefixes_the_site_address_once(settings):
    settings.SITE_URL = "https://news.example.org"
    assert structured_data.absolute_url("/news/a/") == "https://news.example.org/news/a/"
    assert structured_data.absolute_url("media/x.jpg") == "https://news.example.org/media/x.jpg"
    assert (
        structured_data.absolute_url("https://cdn.example.org/x.jpg")
        == "https://cdn.example.org/x.jpg"
    )
