from masthead.articles.body import Block, parse_body, render_body


def test_blank_lines_separate_paragraphs_and_hashes_make_subheadings():
    blocks = parse_body("First para\nwraps here.\n\n## A heading\n\nSecond para.")
    assert blocks == (
        Block("paragraph", "First para wraps here."),
        Block("heading", "A heading"),
        Block("paragraph", "Second para."),
    )


def test_quote_lines_become_a_block_quote_with_attribution():
    (block,) = parse_body("> We will rebuild.\n> -- The mayor")
    assert block == Block("quote", "We will rebuild.", "The mayor")


def test_render_body_round_trips():
    source = "Para one.\n\n## Sub\n\n> Quoted words\n> -- Someone\n\nPara two."
    assert parse_body(render_body(parse_body(source))) == parse_body(source)


def test_empty_body_has_no_blocks():
    assert parse_body("  \n\n ") == ()
    assert parse_body("") == ()


def test_windows_line_endings_are_understood():
    assert len(parse_body("One.\r\n\r\nTwo.")) == 2


def test_empty_heading_and_quote_markers_make_no_block():
    body = "Before.\n\n## \n\n>\n\n> \n> -- Nobody\n\n##\n\nAfter."
    assert parse_body(body) == (Block("paragraph", "Before."), Block("paragraph", "After."))


def test_lone_quote_markers_inside_a_quote_add_no_space():
    (block,) = parse_body(">\n> We will rebuild.\n>\n> -- The mayor")
    assert block == Block("quote", "We will rebuild.", "The mayor")


def test_an_imported_paragraph_starting_with_a_marker_stays_a_paragraph():
    """Found by a QA review: a wire paragraph "> 50 people were hurt" or "## is trending" came
    back from the stored body as a quote or a sub-heading (and was narrated as one)."""
    blocks = (
        Block("paragraph", "> 50 people were hurt"),
        Block("paragraph", "## is trending"),
        Block("paragraph", "##"),
        Block("paragraph", "\\## already escaped"),
        Block("paragraph", "#1 seed, no escape needed"),
        Block("heading", "A heading"),
        Block("quote", "A quote", "Someone"),
    )
    stored = render_body(blocks)
    assert parse_body(stored) == blocks
    assert "\n\n#1 seed" in stored  # nothing added where nothing is needed


def test_a_backslash_before_a_marker_makes_the_block_a_paragraph():
    assert parse_body("\\## Not a heading\n\n\\> not a quote") == (
        Block("paragraph", "## Not a heading"),
        Block("paragraph", "> not a quote"),
    )
