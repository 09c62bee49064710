"""The page of more replies (what "More replies" opens without JavaScript) shows replies
without the comment they answer: their "Replying to X" links lead to X's comment, not to an
anchor that is not on the page.

Found by a QA walk as a reader (2026-11-30): every "Replying to X" there linked to
#comment-N, and the comment N was on the article page only, so the link went nowhere."""

from __future__ import annotations

import re

import pytest

from masthead.comments import actions, queries
from tests.support.comment_fixtures import HOLD_ALL, PUBLISH_ALL

pytestmark = pytest.mark.django_db


def test_replying_to_on_the_more_replies_page_leads_to_a_comment_that_is_there(
    client, make_article, make_reader, post, use_moderator
):
    use_moderator(PUBLISH_ALL)
    article = make_article()
    root = post(article, make_reader("Joan Whitfield"), "The night bus is back.")
    readers = [make_reader(f"Reader {n}") for n in range(3)]
    for n in range(queries.REPLIES_SHOWN + 3):
        post(article, readers[n % 3], f"Reply number {n}.", parent=root)
    first = client.get(article.get_absolute_url()).content.decode()
    more = re.search(r'href="(/comments/\d+/replies/\?after=[^"]+)"', first)
    assert more is not None

    page = client.get(more.group(1).replace("&amp;", "&")).content.decode()
    assert "Reply number 12." in page
    assert "Replying to" in page
    ids = set(re.findall(r'id="([^"]+)"', page))
    anchors = re.findall(r'href="#([^"]+)"', page)
    assert [a for a in anchors if a not in ids and a != "main"] == []
    assert f'href="/comments/{root.pk}/"' in page  # X's comment, wherever it is shown

    # On the article, the same replies still jump within the page.
    assert f'href="#comment-{root.pk}"' in first


def test_an_editors_pick_replying_to_a_comment_on_a_later_page_links_to_that_comment(
    client, make_article, make_reader, post, use_moderator, masthead_settings, moderator_user
):
    # An editors' pick is shown above the threads; when it answers a comment whose thread is
    # on a later page of comments, its "Replying to X" linked to #comment-N, not on the page.
    use_moderator(PUBLISH_ALL)
    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    reader = make_reader("Joan Whitfield")
    old = post(article, reader, "An old thread.")
    pick = post(article, make_reader("Sam Ortiz"), "A reply worth reading.", parent=old)
    actions.feature_comment(pick, moderator_user)
    for n in range(3):
        post(article, reader, f"A newer thread {n}.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'id="pick-{pick.pk}"' in page
    assert f'id="comment-{old.pk}"' not in page  # its thread is on a later page
    ids = set(re.findall(r'id="([^"]+)"', page))
    anchors = re.findall(r'href="#([^"]+)"', page)
    assert [a for a in anchors if a not in ids and a != "main"] == []
    assert f'href="/comments/{old.pk}/"' in page


def test_a_held_reply_waiting_above_the_threads_links_to_the_comment_it_answers(
    client, make_article, make_reader, post, use_moderator, masthead_settings
):
    # The author's held reply is listed under "Your comments waiting for a moderator", above
    # the threads; the comment it answers may be in a thread on a later page.
    use_moderator(PUBLISH_ALL)
    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    reader = make_reader("Joan Whitfield")
    old = post(article, reader, "An old thread.")
    for n in range(3):
        post(article, reader, f"A newer thread {n}.")
    use_moderator(HOLD_ALL)
    author = make_reader("Sam Ortiz")
    post(article, author, "A reply that waits.", parent=old)
    client.force_login(author)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "A reply that waits." in page
    assert f'id="comment-{old.pk}"' not in page
    ids = set(re.findall(r'id="([^"]+)"', page))
    anchors = re.findall(r'href="#([^"]+)"', page)
    assert [a for a in anchors if a not in ids and a != "main"] == []
    assert f'href="/comments/{old.pk}/"' in page
