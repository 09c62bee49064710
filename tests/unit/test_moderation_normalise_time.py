"""Normalising a comment takes time in proportion to its length (security review, 2026-11-30).

The bare-domain part of URL_RE was tried from every word boundary of a run of letters, digits
and hyphens, reading the rest of the run each time, whenever the comment named a domain
anywhere: "a-a-a-...", 20,000 characters (MASTHEAD_COMMENT_MAX_LENGTH's ceiling, and the
moderation batch's lines) and " x.com" took 3.7 s, 3,000 characters 0.1 s.

These tests count the regex engine's reading instead of timing it (a timed test flakes on a
busy CI machine; the times are in bench/worst_case_text.py and docs/benchmarks.md). How far an
attempt from position i reads into a run cannot depend on what follows the run, since the
engine only sees that on reaching the run's end; so we end the run with what completes a match
and add up, over every start position, the length matched from there. An attempt that reads
to the run's end in the worst case is exactly one that matches here. Linear: the sum grows
about 4 times when the run does; quadratic: about 16 times."""

from __future__ import annotations

import re

from masthead.moderation.core import normalise as n


def characters_read(pattern: re.Pattern[str], text: str) -> int:
    """Sum over every start position of the length `pattern` matches from there."""
    total = 0
    for i in range(len(text)):
        match = pattern.match(text, i)
        if match:
            total += match.end() - i
    return total


def test_a_long_hyphenated_run_beside_a_domain_is_read_once():
    small = characters_read(n.URL_RE, "a-" * 1_000 + "a.com")
    large = characters_read(n.URL_RE, "a-" * 4_000 + "a.com")
    # Before the fix: 2,011,005 and 32,044,005 characters (16 times); after, 2,268 for both.
    assert large <= 5 * small, (small, large)
    n.clear_cache()
    assert n.normalise("a-" * 9_997 + " x.com").endswith("xxurl")


def test_a_label_longer_than_a_host_name_is_not_read_whole():
    """The bound that makes it linear: a DNS label is at most 63 characters, so no more than
    that before the TLD is taken as a domain (before the fix, the whole run was)."""
    text = "a-" * 50 + "a.com"
    found = n.URL_RE.search(text)
    assert found is not None
    assert found.end() == len(text)
    assert found.end() - found.start() <= 63 + len(".com")


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
    each word with no mask in it, each attempt reading the rest of the word: 20,000 letters
    took 2.8 s. Now it is tried from a word's first letter only."""
    small = characters_read(n.MASKED_RE, "ab" * 1_000 + "*")
    large = characters_read(n.MASKED_RE, "ab" * 4_000 + "*")
    # Before the fix: 2,003,001 and 32,012,001 characters (16 times); after, 2,001 and 8,001.
    assert large <= 5 * small, (small, large)
    n.clear_cache()
    assert n.normalise("ab" * 9_998 + " *", ("idiot", "stupid")).startswith("abab")
    n.clear_cache()
    assert n.normalise("you st*pid id**t, f#ck", ("idiot", "stupid")) == "you stupid idiot, f#ck"
