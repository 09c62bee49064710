"""Feed generators whose text always makes well-formed XML.

XML 1.0 cannot hold most control characters, and Django's feed writer refuses them with an
exception, so one stray character in one article (a vertical tab is how Word marks a soft line
break, and pasted or imported text brings it along) turned every feed that listed the article
into a 500 for every reader. These generators write such characters as a space instead.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import feedgenerator

# What XML 1.0 forbids in text (tab, newline and carriage return are allowed), and the two
# non-characters U+FFFE and U+FFFF, which parsers refuse too.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """`value` with every character XML cannot hold written as a space; lists, tuples and
    dicts are cleaned item by item, anything else is returned as it is."""
    if isinstance(value, str):
        return NOT_XML.sub(" ", value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(item) for item in value)
    if isinstance(value, dict):
        return {key: xml_text(item) for key, item in value.items()}
    return value


class XmlSafeFeedMixin:
    """Cleans the feed's own fields and every item's before the generator stores them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*xml_text(args), **xml_text(kwargs))  # type: ignore[call-arg]

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*xml_text(args), **xml_text(kwargs))  # type: ignore[misc]


class Rss201rev2Feed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    pass


class Atom1Feed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    pass
