"""Markdown front matter with YAML aliases, found by a security review (2026-11-29): nine
nested levels of nine aliases each (a "billion laughs", a few hundred bytes) made `masthead
import` build a text of billions of characters for `tags` or `byline` and never finish."""

from __future__ import annotations

import pytest

from masthead.articles.importers import markdown
from masthead.articles.importers.base import MalformedArticle

ALIASED = """---
headline: Tram line reopens
base: &names [Ana Ruiz, Li Wei]
byline: *names
---
The line reopened on Monday.
"""


def test_front_matter_with_a_yaml_alias_is_refused_in_one_line():
    with pytest.raises(MalformedArticle, match=r"alias \(\*names\)"):
        markdown.parse(ALIASED)


def test_front_matter_without_aliases_still_reads_lists():
    article = markdown.parse(
        ALIASED.replace("base: &names [Ana Ruiz, Li Wei]\n", "").replace(
            "*names", "[Ana Ruiz, Li Wei]"
        )
    )
    assert article.byline == "Ana Ruiz and Li Wei"
