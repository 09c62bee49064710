"""Comment text and display names: the pure rules, without a database."""

from __future__ import annotations

import pytest

from masthead.comments import names, text


def test_render_keeps_the_small_markdown_subset():
    html = text.render("*soft* and **loud**\n\n> quoted line\n\n[a link](https://example.org/x)")
    assert "<em>soft</em>" in html and "<strong>loud</strong>" in html
    assert "<blockquote>" in html
    assert (
        '<a href="https://example.org/x" rel="nofollow ugc noopener noreferrer">a link</a>' in html
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[x](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<p style="position:fixed" onclick="alert(1)">x</p>',
        "<iframe src=https://evil.example></iframe>",
        '<svg onload="alert(1)"></svg>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_render_removes_anything_that_could_run(hostile):
    html = text.render(hostile).lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<svg",
        "style=",
        "data:",
    ):
        assert bad not in html


def test_headings_lists_and_images_fall_back_to_plain_text():
    html = text.render("# Big\n\n- item\n\n![alt](https://example.org/i.png)")
    assert "<h1>" not in html and "<li>" not in html and "<img" not in html
    assert "Big" in html and "item" in html


def test_count_links_counts_urls_www_and_html_anchors():
    assert text.count_links("no links here") == 0
    assert text.count_links("see https://a.example and http://b.example") == 2
    assert text.count_links("www.c.example and [d](https://d.example)") == 2
    assert text.count_links('<a href="/x">x</a>') == 1


def test_normalise_trims_and_drops_control_characters():
    assert text.normalise("  hello\x07 world \r\n\r\nbye  ") == "hello world\n\nbye"


@pytest.mark.parametrize(
    "name",
    [
        "Admin",
        "The Moderator",
        "m0derat0r",
        "EDITOR-in-chief",
        "Staff Picks",
        "Masthead fan",
        "Ädmin",
    ],
)
def test_staff_like_names_are_refused(name):
    assert names.check_display_name(name, [], "The Herald") is not None


def test_names_of_staff_and_the_site_are_refused():
    assert names.check_display_name("Jane Doe", ["janedoe"], "Herald") is not None
    assert names.check_display_name("Riverside Gazette", [], "Riverside Gazette") is not None


@pytest.mark.parametrize("name", ["Priya Raman", "O'Brien", "Jean-Luc", "Zoë"])
def test_ordinary_names_are_accepted(name):
    assert names.check_display_name(name, ["janedoe"], "The Herald") is None


@pytest.mark.parametrize("name", ["x", "a" * 41, "<b>bold</b>", "1234"])
def test_too_short_too_long_markup_or_no_letters_are_refused(name):
    assert names.check_display_name(name, [], "Herald") is not None


def test_normalise_drops_lone_surrogates_and_keeps_real_characters():
    assert text.normalise("a \ud800b \U0001f642") == "a b \U0001f642"


@pytest.mark.parametrize(
    "name", ["Дмитрий", "Анна Петрова", "محمد", "李明", "Ναταλία", "Łukasz", "Ørjan"]
)
def test_names_written_in_other_scripts_are_accepted(name):
    # They were refused with "needs some letters": only Latin letters were counted.
    assert names.check_display_name(name, ["janedoe"], "The Herald") is None


@pytest.mark.parametrize(
    "name",
    [
        "\u041coderator",  # Cyrillic capital M
        "\u0410dmin",  # Cyrillic capital A
        "\u0395ditor",  # Greek capital Epsilon
        "Adm\u0131n",  # Latin dotless i
        "\u0405taff",  # Cyrillic capital Dze
        "Sta\u0192\u0192",  # Latin small f with hook
        "\u041c\u041eD\u0415R\u0410\u0422\u041eR",  # MODERATOR, mostly Cyrillic capitals
    ],
)
def test_staff_words_spelt_with_look_alike_letters_of_other_alphabets_are_refused(name):
    assert names.check_display_name(name, [], "The Herald") is not None


def test_a_staff_members_name_spelt_in_look_alike_cyrillic_letters_is_refused():
    assert names.check_display_name("\u0410nna", ["Anna"], "Herald") is not None


def test_a_link_whose_address_is_spelt_with_entities_is_counted():
    # It rendered to a working link while count_links saw no URL in the text.
    hidden = "[a](https:&#x2F;&#x2F;spam.example) [b](https&#58;//spam.example/2)"
    assert text.count_links(hidden) == 2


def test_a_scheme_relative_link_to_another_site_is_not_rendered():
    html = text.render("[cheap pills](//spam.example/buy)")
    assert "spam.example" not in html and "href" not in html
    assert "cheap pills" in html


@pytest.mark.parametrize(
    "blank",
    ["\u200b\u200b", "\u200d \u200c", "\u202e\u2066", "\u3164\u3164", "\u0301\u0301", "\u2800"],
)
def test_text_of_zero_width_direction_or_filler_characters_shows_nothing(blank):
    assert not text.has_visible_text(blank)


@pytest.mark.parametrize(
    "shown", ["ok\u200b", "\U0001f44d", "\u2764\ufe0f", "\u0645\u0631\u062d\u0628\u0627", "."]
)
def test_letters_emoji_and_punctuation_show(shown):
    assert text.has_visible_text(shown)


def test_plain_text_for_e_mails_has_the_characters_not_html_entities():
    # A reply e-mail read "Tom &amp; Jerry ... 5 &lt; 6".
    assert text.plain("Tom & Jerry say 5 < 6, *really*.\n\n> a quote") == (
        "Tom & Jerry say 5 < 6, really.\n\na quote"
    )


@pytest.mark.parametrize(
    "name",
    [
        "\u092a\u094d\u0930\u093f\u092f\u093e",  # Priya in Devanagari: virama, vowel sign
        "Jose\u0301",  # the accent typed as its own character
        "Nguye\u0302\u0303n Va\u0306n An",
        "O\u2019Brien",  # a phone's apostrophe
    ],
)
def test_names_with_combining_marks_or_a_typographic_apostrophe_are_accepted(name):
    # Refused with "may use letters, digits, spaces, dots, apostrophes and hyphens".
    assert names.check_display_name(name, [], "The Herald") is None


def test_a_name_is_stored_composed_and_with_a_plain_apostrophe():
    assert names.clean_display_name("O\u2019Brien  Jose\u0301") == "O'Brien Jos\u00e9"


@pytest.mark.parametrize("name", ["A" + "\u0301" * 5 + "lice", "\u0301Alice", "A\u0335dmin"])
def test_stacked_or_loose_combining_marks_and_struck_staff_words_are_refused(name):
    assert names.check_display_name(name, [], "The Herald") is not None
