"""The moderation core drops the direction overrides U+202D and U+202E from a comment and the
comment it answers (2026-11-30), as the site does before storing a comment
(comments.text.normalise, 1b35ae4): a caller of the core or `masthead moderate-file` gets the
verdict the site gives. Marks and isolates, which right-to-left writing needs, stay."""

from __future__ import annotations

import io
import json

from masthead.moderation.core import cli
from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.pipeline import moderate
from masthead.moderation.core.types import Policy
from tests.unit.moderation_helpers import ARTICLE, submission

# An override inside a word: the site stores "idiot"; read as given, the word is "id?iot".
HIDDEN = "The bridge vote was decided by an id\u202eiot council"
STORED = "The bridge vote was decided by an idiot council"


def test_a_submission_reads_its_text_and_parent_without_direction_overrides():
    given = submission("\u202dabc\u202e def", parent="\u202eparent")
    assert given.text == "abc def"
    assert given.parent_text == "parent"


def test_marks_and_isolates_stay():
    text = "\u200fשלום\u200e \u2067עולם\u2069 \u2066x\u2069 \u2068y\u2069"
    assert submission(text).text == text


def test_an_override_inside_a_word_gets_the_verdict_of_the_text_the_site_stores():
    fakes = fake_classifiers()
    for policy in (Policy(), Policy(banned_words_hold=("idiot",))):
        hidden = moderate(submission(HIDDEN), policy, fakes)
        stored = moderate(submission(STORED), policy, fakes)
        assert hidden.decision == stored.decision == "hold"
        assert hidden.reasons == stored.reasons


def test_moderate_file_holds_the_comment_the_site_would_hold():
    article = {"headline": ARTICLE.headline, "standfirst": ARTICLE.standfirst, "body": ARTICLE.body}
    lines = [
        json.dumps({"id": ident, "text": text, "article": article, "parent": None})
        for ident, text in (("hidden", HIDDEN), ("stored", STORED))
    ]
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(io.StringIO("\n".join(lines) + "\n"), out, err, Policy(), fake_classifiers)
    hidden, stored = (json.loads(x) for x in out.getvalue().splitlines())
    assert code == 0 and err.getvalue() == ""
    assert hidden["decision"] == stored["decision"] == "hold"
    assert {k: v for k, v in hidden.items() if k != "id"} == {
        k: v for k, v in stored.items() if k != "id"
    }
