"""Whole numbers typed by people: only ASCII digits, not too many of them."""

import pytest

from masthead.core.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "value"), [("7", 7), (" 42 ", 42), ("0007", 7), ("999999999", 999_999_999)]
)
def test_ascii_digits_are_read(text, value):
    assert whole_number(text) == value


@pytest.mark.parametrize(
    "text", [None, "", " ", "²", "٣", "1e3", "-1", "+1", "1.0", "9" * 10, "9" * 5000, "1 2"]
)
def test_anything_else_is_none_never_an_exception(text):
    assert whole_number(text) is None
