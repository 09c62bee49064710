"""The default Comments FAQ says only what the code does (readers reach it from the policy line)."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments import actions
from masthead.comments.errors import InvalidComment, LoginRequired
from masthead.comments.faq import DEFAULT_FAQ
from masthead.comments.models import Comment, CommentsSettings
from masthead.moderation.core.types import REASONS
from masthead.moderation.core.windows import MAX_TEXT_CHARS

pytestmark = pytest.mark.django_db

# The FAQ as one line of words (its Markdown quotes and line breaks are layout, not content).
FAQ = " ".join(DEFAULT_FAQ.replace(">", " ").split())

# Where the FAQ covers each reason a reader can be told about (core/types.py REASONS, and the
# comments app's own pre-moderation hold).
COVERED_BY = {
    "abusive": "Personal attacks on other readers or on the people in the story",
    "insult": "Personal attacks",
    "threat": "threats",
    "identity_hate": "hateful remarks about any group",
    "obscene": "obscene language",
    "off_topic": "nothing to do with the article or the comment they answer",
    "spam": "spam and advertising",
    "too_many_links": "more links than we allow",
    "repeated": "the same comment was posted before",
    "banned_word": "Some words are not allowed here",
    "suspect_word": "a word a moderator checks first",
    actions.PREMODERATION_REASON: "moderated by hand",
    "first_comment": "a new reader's first comment",
    "has_links": "it has links",
    "other_language": "clearly written in a language other than English",
    "author_history": "several of your earlier comments were not published",
    "classifier_unavailable": "when our automatic checks are not running, every comment waits",
}


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def test_faq_covers_every_reason_a_reader_can_be_told_and_only_those():
    # "empty" never reaches a reader as a hold: the form refuses an empty comment. Nor does
    # "too_long" (moderation's limit for comments from elsewhere, the batch CLI's files): the
    # form refuses a comment far shorter.
    with pytest.raises(InvalidComment):
        actions.check_text("   ")
    assert int(actions.conf("COMMENT_MAX_LENGTH")) < MAX_TEXT_CHARS
    assert set(COVERED_BY) == set(REASONS) - {"empty", "too_long"}
    missing = {code: words for code, words in COVERED_BY.items() if words not in FAQ}
    assert not missing


def test_faq_uses_only_the_markdown_the_renderer_knows():
    # The small subset has paragraphs, quotes, emphasis and links: a "- " list or a "#" heading
    # would lose its markers and run its lines together on the page.
    assert not [
        line
        for line in DEFAULT_FAQ.splitlines()
        if line.lstrip().startswith(("- ", "* ", "#", "1. "))
    ]


def test_faq_names_no_length_rule_since_a_long_comment_is_refused_never_held(masthead_settings):
    masthead_settings(COMMENT_MAX_LENGTH=20)
    with pytest.raises(InvalidComment) as refused:
        actions.check_text("x" * 21)
    assert refused.value.code == "too_long"
    readers_told = set(REASONS) - {"too_long"}  # see the first test
    assert not any("long" in code or "length" in code for code in readers_told)
    assert "long" not in FAQ.lower()


def test_faq_tells_readers_and_guests_who_sees_a_held_comment(
    client, make_article, make_reader, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    article = make_article()
    url = article.get_absolute_url()
    # A reader's held comment: shown to its author only.
    reader = make_reader()
    reader_client = Client()
    reader_client.force_login(reader)
    reader_client.post(f"/comments/article/{article.pk}/post/", {"text": "You idiot, reader."})
    assert Comment.objects.get(author=reader).status == Comment.Status.HELD
    assert "You idiot, reader." in reader_client.get(url).content.decode()
    assert "You idiot, reader." not in Client().get(url).content.decode()
    assert "If you have an account, only you can see a waiting comment" in FAQ
    # A guest's held comment: the reason comes with the answer to the post, then it is gone,
    # for the guest too, until a moderator publishes it.
    response = client.post(
        f"/comments/article/{article.pk}/post/",
        {"text": "You idiot, visitor.", "guest_name": "Visitor", "guest_email": "v@example.org"},
        follow=True,
    )
    assert "It may contain a personal insult." in response.content.decode()
    assert Comment.objects.get(author=None).status == Comment.Status.HELD
    assert "You idiot, visitor." not in client.get(url).content.decode()
    assert "hidden from everyone, you included, until a moderator publishes it" in FAQ
    assert "only you can see it" not in FAQ


def test_faq_says_only_account_holders_edit_delete_and_report(
    make_article, post, masthead_settings
):
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    guest_comment = post(make_article(), None, guest_name="Visitor", guest_email="v@example.org")
    assert not actions.can_edit(guest_comment, None)
    with pytest.raises(LoginRequired):
        actions.delete_comment(guest_comment, None)
    with pytest.raises(LoginRequired):
        actions.report_comment(guest_comment, None, "spam")
    assert "With a reader account, yes" in FAQ
    assert "A comment posted as a visitor cannot be edited or deleted" in FAQ
    assert 'Log in, use "Report"' in FAQ


def test_a_stored_faq_is_kept_and_only_a_site_that_never_saved_gets_the_default(client):
    assert CommentsSettings.load().faq == DEFAULT_FAQ
    assert (
        "clearly written in a language other than English"
        in client.get("/comments/faq/").content.decode()
    )
    policy = CommentsSettings.load()
    policy.faq = "Our own FAQ, written by the desk."
    policy.save()
    page = client.get("/comments/faq/").content.decode()
    assert "Our own FAQ, written by the desk." in page and "other than English" not in page
