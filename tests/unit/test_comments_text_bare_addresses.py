"""An http(s) address written out in a comment is a link (reader QA, 2026-11-30: the form's
hint said "links work" and a pasted https://... stayed text). Safe whatever is typed, and never
more links shown than masthead.core.links counts (moderation's too_many_links, has_links)."""

from __future__ import annotations

import re

import pytest

from masthead.comments.text import MAX_ADDRESS_SHOWN, plain, render
from masthead.core.links import count_links

REL = 'rel="nofollow ugc noopener noreferrer"'


def anchors(html: str) -> list[str]:
    return re.findall(r"<a [^>]*>.*?</a>", html)


def test_a_bare_address_is_a_link_without_the_punctuation_after_it():
    html = render("The plans: https://council.example/bridge?a=1&b=2. Worth a read!")
    assert html == (
        '<p>The plans: <a href="https://council.example/bridge?a=1&amp;b=2" '
        f"{REL}>https://council.example/bridge?a=1&amp;b=2</a>. Worth a read!</p>"
    )


@pytest.mark.parametrize("address", ["http://a.example/x", "HTTPS://A.EXAMPLE/"])
def test_http_and_https_in_any_case_make_links(address):
    assert len(anchors(render(f"see {address}"))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "javascript://a.example/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example/x",
        "www.a.example",
        "vbscript://a.example",
        "https://bank.example@evil.example/",  # user@ poses as another host
        "https://a.example:99999/",  # no such port
        "https://" + "a" * 70 + ".example/",  # a label longer than DNS allows
        "https:///nohost",
    ],
)
def test_no_link_for_other_schemes_or_addresses_that_are_not_ones(text):
    html = render(text)
    assert "<a " not in html
    assert "<script" not in html


@pytest.mark.parametrize(
    "text",
    [
        'https://a.example/"onmouseover="alert(1)',
        "https://a.example/'onmouseover='alert(1)",
        "https://a.example/<script>alert(1)</script>",
        "https://a.example/&quot;onmouseover=alert(1)",
        "https://a.example/&lt;img src=x onerror=alert(1)&gt;",
        "https://a.example/?q=<svg/onload=alert(1)>",
        "<a href='https://a.example/'>https://b.example/</a>",
        "[https://b.example/](https://a.example/)",
    ],
)
def test_what_is_typed_around_or_in_an_address_stays_text(text):
    html = render(text)
    for tag in re.findall(r"<[^>]*>", html):
        assert re.fullmatch(
            rf'<(?:/?(?:p|em|strong|blockquote|br)|/a|a href="https?://[^"<>\s]*" {REL})>', tag
        ), tag
    assert "onmouseover=" not in "".join(re.findall(r"<[^>]*>", html))
    assert "<script" not in html and "<svg" not in html and "<img" not in html
    assert len(anchors(html)) == 1


def test_an_address_inside_a_link_is_not_linked_again():
    html = render("[https://shown.example](https://real.example) and <https://auto.example>")
    assert len(anchors(html)) == 2
    assert "<a" not in re.sub(r"<a [^>]*>.*?</a>", "", html)


def test_a_host_in_another_alphabet_shows_the_name_it_really_is():
    html = render("log in at https://\u0430pple.com/login")  # Cyrillic a
    assert 'href="https://xn--pple-43d.com/login"' in html
    assert '<span class="comment__link-host">(xn--pple-43d.com)</span>' in html
    assert "comment__link-host" not in render("https://apple.com/login")


def test_a_long_address_is_shortened_on_the_page_but_whole_in_the_link_and_in_plain_text():
    address = "https://a.example/" + "path/" * 30
    html = render(f"see {address}")
    shown = re.search(r">([^<]*)</a>", html).group(1)
    assert len(shown) == MAX_ADDRESS_SHOWN and shown.endswith("\u2026")
    assert f'href="{address}"' in html
    assert address in plain(f"see {address}")  # e-mails show it whole, no link


@pytest.mark.parametrize(
    "text",
    [
        "h<b></b>ttps://a.example",  # an address only once the tag is dropped
        "h<!-- -->ttps://a.example",
        "ht<em>tp</em>s://a.example",
        "https:/<b></b>/a.example",
        "[1]: https://hidden.example\n\nno use of it",
        "https://a.example https://b.example https://c.example",
        "*https://a.example*, _https://b.example_ and **https://c.example**",
        "https://a.example/*b*https://c.example/",
        "https&#58;//a.example/ and https:&#x2F;&#x2F;b.example/",
        "> https://quoted.example/\n\n[x](https://m.example) https://m.example",
    ],
)
def test_never_more_links_shown_than_moderation_counts(text):
    assert len(anchors(render(text))) <= count_links(text)


def test_every_counted_address_written_plainly_is_shown_as_a_link():
    text = "https://a.example, https://b.example and https://a.example."
    assert len(anchors(render(text))) == count_links(text) == 3
