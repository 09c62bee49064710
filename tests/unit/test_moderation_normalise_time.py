"""Normalising a comment takes time in proportion to its length (security review, 2026-11-30).

The bare-domain part of URL_RE was tried from every word boundary of a run of letters, digits
and hyphens, reading the rest of the run each time, whenever the comment named a domain
anywhere: "a-a-a-...", 20,000 characters (MASTHEAD_COMMENT_MAX_LENGTH's ceiling, and the
moderation batch's lines) and " x.com" took 3.7 s, 3,000 characters 0.1 s."""

from __future__ import annotations

import time

from masthead.moderation.core import normalise as n


def test_a_long_hyphenated_run_beside_a_domain_is_read_once():
    n.clear_cache()
    started = time.perf_counter()
    said = n.normalise("a-" * 9_997 + " x.com")
    assert time.perf_counter() - started < 0.5
    assert said.endswith("xxurl")


def test_domains_are_still_found():
    for text, expected in [
        ("see spam-site.com now", "see xxurl now"),
        ("-foo.com and x--bar.ru/path", "- xxurl and xxurl"),
        ("a-www.example.org", "a- xxurl"),
        ("visit https://a.example/x?y", "visit xxurl"),
    ]:
        n.clear_cache()
        assert n.normalise(text) == expected, text


def test_a_long_word_in_a_comment_with_a_mask_is_read_once():
    """MASKED_RE (a comment with '*', '#' or '%' and a word list) was tried from every letter of
    each word with no mask in it: 20,000 letters took 2.8 s."""
    n.clear_cache()
    started = time.perf_counter()
    n.normalise("ab" * 9_998 + " *", ("idiot", "stupid"))
    assert time.perf_counter() - started < 0.5
    n.clear_cache()
    assert n.normalise("you st*pid id**t, f#ck", ("idiot", "stupid")) == "you stupid idiot, f#ck"
