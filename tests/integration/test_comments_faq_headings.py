"""The Comments FAQ's questions are headings (h2, under the page's h1), so a screen reader can
jump from question to question; they were bold words at the start of a paragraph."""

from __future__ import annotations

import re

import pytest

from masthead.comments.faq import DEFAULT_FAQ
from masthead.comments.models import CommentsSettings

pytestmark = pytest.mark.django_db


def _faq_body(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/comments/faq/").content.decode()
    return page.split('<div class="faq__body">', 1)[1].split("</div>", 1)[0]


def test_each_question_of_the_default_faq_is_a_level_two_heading(client):
    questions = re.findall(r"\*\*(.+?\?)\*\*", DEFAULT_FAQ)
    assert len(questions) >= 8
    body = _faq_body(client)
    assert re.findall(r"<h2>(.*?)</h2>", body) == [q.replace("'", "&#x27;") for q in questions]
    assert "<strong>" not in body
    assert "Anyone with a free reader account." in body  # the answer stays, as a paragraph


def test_a_leads_own_faq_gets_headings_too_and_other_bold_words_stay_bold(client):
    policy = CommentsSettings.load()
    policy.faq = (
        "**Can I post pictures?** No, only words and links.\n\n"
        "**Contact**\n\nWrite to the desk.\n\n"
        "**Note:** comments close after a week."
    )
    policy.save()
    body = _faq_body(client)
    assert "<h2>Can I post pictures?</h2>\n<p>No, only words and links.</p>" in body
    assert "<h2>Contact</h2>" in body
    assert "<p><strong>Note:</strong> comments close after a week.</p>" in body
