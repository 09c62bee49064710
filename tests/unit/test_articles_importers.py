"""Each importer against real sample files and their expected results (tests/data/importers)."""

from __future__ import annotations

import json
import os
from datetime import UTC
from pathlib import Path

import pytest

from masthead.articles.importers import detect, markdown, ninjs, plaintext
from masthead.articles.importers.base import MalformedArticle, clean_text
from masthead.articles.importers.html import html_to_blocks

DATA = Path(__file__).resolve().parent.parent / "data" / "importers"
SAMPLES_DIR = DATA / "samples"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_7576158e81c2d592.txt"

SAMPLES = ["ferry-strike.txt", "tram-reopens.md", "heatwave-ninjs2.json", "windfarm-ninjs1.json"]


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_file_imports_to_its_expected_result(name):
    sample = SAMPLES_DIR / name
    expected = json.loads((DATA / "expected" / f"{sample.stem}.json").read_text())
    article = detect.parse_file(name, sample.read_text(), UTC)
    assert article.as_dict() == expected


@pytest.mark.skipif(
    not SEED.exists() and os.environ.get("CI") != "true",
    reason="the team's seed file is not beside this checkout",
)
def test_seed_page_text_imports_headline_standfirst_dateline_caption_and_body():
    expected = json.loads((DATA / "expected" / "seed-000.json").read_text())
    lines = SEED.read_text().split("\n")

    def line(number: int) -> str:
        return clean_text(lines[number - 1])

    article = plaintext.parse(SEED.read_text())
    assert article.headline == line(expected["headline_line"])
    assert article.standfirst == " ".join(line(n) for n in expected["standfirst_lines"])
    assert article.source == expected["source"]
    assert article.byline == expected["byline"]
    assert article.published_at is not None
    assert article.published_at.isoformat() == expected["published_at"]
    assert article.photo is not None
    caption_line = line(expected["caption_line"])
    assert caption_line.startswith(article.photo.caption)
    assert caption_line.endswith("PHOTO: " + expected["photo_credit"])
    assert article.photo.credit == expected["photo_credit"]
    assert [(b.kind, b.text) for b in article.body] == [
        (kind, line(number)) for kind, number in expected["body"]
    ]
    texts = {b.text for b in article.body} | {article.headline, article.standfirst}
    for number in expected["dropped_lines"] + [expected["dateline_line"]]:
        assert line(number) not in texts


def test_plaintext_drops_readers_comments_and_their_usernames():
    article = plaintext.parse((SAMPLES_DIR / "ferry-strike.txt").read_text())
    every_text = " ".join(b.text for b in article.body)
    assert "harbourwatcher" not in every_text
    assert "crossing in January" not in every_text
    assert "Comments are moderated" not in every_text


def test_plaintext_keeps_a_short_line_ending_with_a_full_stop_as_a_paragraph():
    text = "Headline here\n\nSummary line.\n\nReuters March 1, 2026\n\nFirst paragraph of the story.\n\nIt rained.\n\nA real sub-heading\n\nMore text follows here."
    kinds = [(b.kind, b.text) for b in plaintext.parse(text).body]
    assert kinds == [
        ("paragraph", "First paragraph of the story."),
        ("paragraph", "It rained."),
        ("heading", "A real sub-heading"),
        ("paragraph", "More text follows here."),
    ]


def test_plaintext_reads_day_month_year_datelines_with_a_time():
    text = "Headline\nSummary.\nAFP 3 March 2026 14:05\nBody paragraph one.\nBody paragraph two."
    article = plaintext.parse(text)
    assert article.source == "AFP"
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2026-03-03T14:05:00+00:00"


def test_plaintext_without_a_body_is_malformed():
    with pytest.raises(MalformedArticle):
        plaintext.parse("Only a headline\n\nListen to article\n\nCOMMENTS\n\nsomeone\n\nhello")


def test_markdown_without_a_headline_is_malformed_with_a_one_line_message():
    with pytest.raises(MalformedArticle) as caught:
        markdown.parse((DATA / "malformed" / "no-headline.md").read_text())
    assert "headline" in str(caught.value) and "\n" not in str(caught.value)


def test_markdown_with_broken_front_matter_is_malformed():
    with pytest.raises(MalformedArticle, match="YAML"):
        markdown.parse("---\nheadline: [unclosed\n---\nBody text.")


def test_markdown_rejects_an_unknown_status():
    with pytest.raises(MalformedArticle, match="status"):
        markdown.parse("---\nheadline: H\nstatus: live\n---\nBody text.")


def test_markdown_takes_a_leading_h1_as_the_headline_when_front_matter_has_none():
    article = markdown.parse("# Bridge closes for repairs\n\nThe bridge shuts on Monday.")
    assert article.headline == "Bridge closes for repairs"
    assert [b.text for b in article.body] == ["The bridge shuts on Monday."]


def test_ninjs_that_is_not_json_is_malformed_with_its_position():
    with pytest.raises(MalformedArticle, match="line 2"):
        ninjs.parse((DATA / "malformed" / "malformed.json").read_text())


def test_ninjs_picture_item_is_not_an_article():
    with pytest.raises(MalformedArticle, match="picture"):
        ninjs.parse('{"type": "picture", "headline": "A photo", "body_text": "x"}')


def test_ninjs_withheld_item_imports_as_a_draft():
    item = '{"headline": "H", "body_text": "Some text.", "pubstatus": "withheld"}'
    assert ninjs.parse(item).status == "draft"


def test_html_bodies_lose_scripts_tags_and_attributes():
    blocks = html_to_blocks(
        '<p onclick="x()">Safe <b>text</b></p><script>alert(1)</script>'
        "<style>p{}</style><iframe src=x>inside</iframe><p>&lt;b&gt;shown literally&lt;/b&gt;</p>"
    )
    assert [b.text for b in blocks] == ["Safe text", "<b>shown literally</b>"]


def test_detect_picks_the_format_by_extension_then_by_content():
    assert detect.format_for("a.txt", "") == "plaintext"
    assert detect.format_for("a.md", "") == "markdown"
    assert detect.format_for("a.json", "") == "ninjs"
    assert detect.format_for("story", "{}") == "ninjs"
    assert detect.format_for("story", "---\nheadline: x\n---") == "markdown"
    with pytest.raises(MalformedArticle):
        detect.format_for("photo.png", "\x89PNG")


def test_plaintext_reads_windows_line_endings_and_no_break_spaces_like_the_seed():
    text = (
        "Headline here\r\n\r\nSummary line.\r\n\r\nReuters March 1, 2026\r\n"
        "A caption. PHOTO: AFP\r\n\r\nListen\u00a0to\u00a0article\r\n\r\nFirst paragraph.\r\n"
    )
    article = plaintext.parse(text)
    assert article.photo is not None and article.photo.credit == "AFP"
    assert [b.text for b in article.body] == ["First paragraph."]


def test_plaintext_without_a_dateline_takes_the_second_line_as_standfirst():
    article = plaintext.parse("Headline\n\nThe summary.\n\nBody one.\n\nBody two.")
    assert article.standfirst == "The summary."
    assert article.source == "" and article.published_at is None
    assert [b.text for b in article.body] == ["Body one.", "Body two."]


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("title: [Tram, line]", "front matter `title` must be text, not a list"),
        # Aliases are refused outright since a security review (billion laughs).
        ("title: &a [*a]", "front matter uses a YAML alias (*a); write the value out instead"),
        (
            "title: Tram\nsection: {name: City}",
            "front matter `section` must be text, not a mapping",
        ),
        ("title: Tram\nid: [1, 2]", "front matter `id` must be text, not a list"),
    ],
)
def test_markdown_with_a_list_or_mapping_where_text_belongs_is_malformed(front_matter, message):
    # It was stored as Python's repr: a headline reading "['Tram', 'line']" or "[[...]]".
    with pytest.raises(MalformedArticle) as raised:
        markdown.parse(f"---\n{front_matter}\n---\nA paragraph.\n", UTC)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"headline": ["Ferry", "strike"]}, "ninjs `headline` must be text, not a list"),
        ({"headline": "Ferry", "uri": {"id": 1}}, "ninjs `uri` must be text, not an object"),
    ],
)
def test_ninjs_with_a_list_or_object_where_text_belongs_is_malformed(item, message):
    with pytest.raises(MalformedArticle) as raised:
        ninjs.parse(json.dumps({**item, "body_text": "Crews return today."}), UTC)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("date", "problem"), [("2026-13-45", "month must be in 1..12"), ("2026-02-30", "day")]
)
def test_markdown_with_an_impossible_date_is_malformed_not_a_crash(date, problem):
    # YAML reads it as a date and the calendar refuses it: a ValueError the import did not catch.
    with pytest.raises(MalformedArticle) as raised:
        markdown.parse(f"---\ntitle: Tram\ndate: {date}\n---\nA paragraph.\n", UTC)
    assert str(raised.value).startswith("front matter has a value that cannot be read: ")
    assert problem in str(raised.value)


def test_ninjs_nested_too_deeply_is_malformed_not_a_crash():
    with pytest.raises(MalformedArticle) as raised:
        ninjs.parse('{"headline": ' + "[" * 100_000 + "]" * 100_000 + "}", UTC)
    assert str(raised.value) == "not a ninjs item: the JSON is nested too deeply"
