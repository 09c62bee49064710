"""Whole numbers typed by people (form fields, query parameters, options).

`str.isdigit()` also takes "²" and "٣", which `int()` refuses or reads differently, and any
length (`int()` refuses over 4,300 digits; a database integer overflows far sooner): each was a
500 somewhere. Every such number goes through `whole_number`.
"""

from __future__ import annotations

# Nine digits fit every integer column of the site (ids, days, counts).
MAX_DIGITS = 9


def whole_number(text: str | None, max_digits: int = MAX_DIGITS) -> int | None:
    """`text` (surrounding spaces allowed) as a whole number in ASCII digits, or None."""
    text = (text or "").strip()
    if text and len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None
