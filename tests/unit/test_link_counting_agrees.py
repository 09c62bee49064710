"""One definition of a link (masthead.core.links): the comment form's limit, moderation's
`too_many_links` and pre-moderation's "comments with links" count the same links in the same
text. They used to differ (found by a QA review): the form did not count bare domains and
counted `[www.a.example](https://a.example)` once, moderation counted it twice and counted
`spam.ru`; a comment could pass one and be held by the other for the same links."""

from __future__ import annotations

import pytest

from masthead.comments import text
from masthead.core import links as core_links
from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import links, premoderation
from masthead.moderation.core.types import Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()

TABLE = [
    ("no links here", 0),
    ("The bridge costs 40.5 million. E.g. more than planned.", 0),
    ("Tom &amp; Jerry &lt;3 the bridge", 0),
    ("write to me@spam.ru", 0),  # an e-mail address is not a link
    ("spam.ru", 1),
    ("cheap pills at cheap-pills.shop, now", 1),
    ("sub.domain.example.com/path?q=1", 1),
    ("www.example.org", 1),
    ("http://a.example and https://b.example", 2),
    ("HTTPS://SHOUTING.EXAMPLE/PAGE", 1),
    ("Ftp://files.example/x", 1),
    ("see https://a.example/x. Then www.b.example, and c.com!", 3),
    ("(https://a.example/page)", 1),
    ("https://a.example/www.b.example/c.com", 1),  # one address, however it reads
    ("[www.a.example](https://a.example)", 1),  # one Markdown link, its text not again
    ('[a](https://a.example "title") and ![pic](https://b.example/i.png)', 2),
    ('<a href="https://a.example">https://a.example</a>', 1),
    ('<a href="/x">x</a>', 1),  # an anchor counts, whatever its address
    ("[a](https:&#x2F;&#x2F;spam.example)", 1),
    ("https&#58;//spam.example", 1),  # shown on the page as https://spam.example
    ("[a](https:&#x2F;&#x2F;s.example) [b](https&#58;//s.example) [c](www&#46;x.example)", 3),
    ("&lt;a href=&quot;https://a.example&quot;&gt;", 1),
    ("https://пример.рф/страница", 1),
    ("пример.рф", 1),
    ("münchen.com and xn--mnchen-3ya.com", 2),
    ("https://xn--e1afmkfd.xn--p1ai", 1),
    # Reference links (found by a review of the session's diff): one definition used four
    # times renders four links; the definition line shows nothing, so it adds none.
    ("[a][1] [b][1] [c][1] [d][1]\n\n[1]: http://spam.example", 4),
    ("[a][] and [A] and [b] [a]\n\n[a]: https:&#x2F;&#x2F;spam.example", 3),
    ("[1][zzz]\n\n> [1]: <http://a.example> 'title'", 1),
    ("intro\n[x]: http://a.example\n\n[see] [x] and [sic]", 1),
    ("[1]: http://unused.example", 0),
    ("[1]: http://a.example is not a definition, so it shows", 1),
    ("       [1]: http://a.example\n\nindented: code, shown", 1),
    ("[sic] and [1] with no definition", 0),
]


@pytest.mark.parametrize(("comment", "expected"), TABLE)
def test_the_comment_form_and_moderation_count_the_same_links(comment, expected):
    assert core_links.count_links(comment) == expected
    assert text.count_links(comment) == expected
    assert links.count_links(comment) == expected
    scores = dict(links.check(submission(comment), Policy(max_links=10), FAKES).scores)
    assert scores["links"] == expected


@pytest.mark.parametrize(("comment", "expected"), TABLE)
def test_premoderation_of_comments_with_links_holds_exactly_those_with_a_link(comment, expected):
    result = premoderation.check(
        submission(comment), Policy(premoderation=frozenset({"links"})), FAKES
    )
    assert ("has_links" in result.reasons) is (expected > 0)


@pytest.mark.parametrize(("comment", "expected"), TABLE)
def test_every_link_the_comment_renders_to_is_counted(comment, expected):
    assert text.render(comment).count("<a href=") <= text.count_links(comment)


@pytest.mark.parametrize(("comment", "expected"), TABLE)
def test_the_link_limit_holds_one_link_over_it(comment, expected):
    if expected == 0:
        return
    held = links.check(submission(comment), Policy(max_links=expected - 1), FAKES)
    passed = links.check(submission(comment), Policy(max_links=expected), FAKES)
    assert (held.decision, passed.decision) == ("hold", None)
    assert len(held.spans) == len(core_links.find_links(comment))
