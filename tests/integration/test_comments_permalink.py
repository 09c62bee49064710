"""A comment's own link (`/comments/N/`: its time on the page, the reply e-mail's "Read the
conversation", "My comments") opens a page that shows the comment (QA walk as a reader,
2026-11-30). It went to the article, which shows the newest threads a page at a time, each
with its first replies: a comment in an older thread, or a reply behind "More replies", was not
there, and the reader was left at the top of the article."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from masthead.comments import actions, queries
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publish_everything(use_moderator, masthead_settings):
    use_moderator("tests.support.moderators.publish_all")
    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60", COMMENT_RATE_PER_IP="1000/60")


def _written(comment: Comment, at: dt.datetime) -> Comment:
    Comment.objects.filter(pk=comment.pk).update(created_at=at)
    comment.refresh_from_db()
    return comment


def _threads(article, reader, count: int) -> list[Comment]:  # type: ignore[no-untyped-def]
    start = timezone.now() - dt.timedelta(hours=2)
    return [
        _written(
            actions.post_comment(article, reader, actions.Posting(text=f"Thread {n} here.")),
            start + dt.timedelta(minutes=n),
        )
        for n in range(count)
    ]


def _opened(client: Client, comment: Comment) -> tuple[str, str]:
    response = client.get(f"/comments/{comment.pk}/")
    assert response.status_code == 302
    location = response["Location"]
    page = client.get(location.split("#")[0])
    assert page.status_code == 200
    return location, page.content.decode()


def test_a_thread_on_the_article_s_first_page_is_linked_there(make_article, make_reader):
    article = make_article()
    threads = _threads(article, make_reader(), 3)
    location, html = _opened(Client(), threads[-1])
    assert location == f"{article.get_absolute_url()}#comment-{threads[-1].pk}"
    assert f'id="comment-{threads[-1].pk}"' in html


def test_an_older_thread_opens_the_comments_page_from_that_thread_on(make_article, make_reader):
    article = make_article()
    threads = _threads(article, make_reader(), 5)  # the article shows threads 4 and 3
    for old in (threads[2], threads[0]):
        location, html = _opened(Client(), old)
        assert location.startswith(f"/comments/article/{article.pk}/?sort=newest")
        assert location.endswith(f"#comment-{old.pk}")
        assert f'id="comment-{old.pk}"' in html
        # it is the first thread there: the page starts with it
        assert html.index('<article id="comment-') == html.index(f'<article id="comment-{old.pk}"')


def test_a_reply_behind_more_replies_opens_its_thread_s_replies_from_it_on(
    make_article, make_reader
):
    article = make_article()
    reader = make_reader()
    (root,) = _threads(article, reader, 1)
    replies = [
        _written(
            actions.post_comment(
                article, reader, actions.Posting(text=f"Reply {n}.", parent_id=root.pk)
            ),
            root.created_at + dt.timedelta(seconds=n + 1),
        )
        for n in range(queries.REPLIES_SHOWN + 3)
    ]
    shown, hidden = replies[queries.REPLIES_SHOWN - 1], replies[queries.REPLIES_SHOWN + 1]

    location, html = _opened(Client(), shown)
    assert location == f"{article.get_absolute_url()}#comment-{shown.pk}"
    assert f'id="comment-{shown.pk}"' in html

    location, html = _opened(Client(), hidden)
    assert location.startswith(f"/comments/{root.pk}/replies/?after=")
    assert location.endswith(f"#comment-{hidden.pk}")
    assert html.index('<article id="comment-') == html.index(f'<article id="comment-{hidden.pk}"')
    # and back to the discussion goes to where the thread's first comment is shown
    assert f'<a href="/comments/{root.pk}/">← Back to the discussion</a>' in html


def test_a_reply_to_an_older_thread_opens_that_thread(make_article, make_reader):
    # The reply e-mail's case: a new reply under a comment the article no longer shows.
    article = make_article()
    reader = make_reader()
    threads = _threads(article, reader, 4)
    reply = actions.post_comment(
        article, make_reader(), actions.Posting(text="Late answer.", parent_id=threads[0].pk)
    )
    location, html = _opened(Client(), reply)
    assert location.startswith(f"/comments/article/{article.pk}/?sort=newest&after=")
    assert f'id="comment-{reply.pk}"' in html and f'id="comment-{threads[0].pk}"' in html


def test_my_comments_links_each_comment_through_its_own_link(make_article, make_reader):
    article = make_article()
    reader = make_reader()
    threads = _threads(article, reader, 3)
    client = Client()
    client.force_login(reader)
    html = client.get("/accounts/profile/").content.decode()
    for thread in threads:
        assert f'href="/comments/{thread.pk}/"' in html


def test_a_reply_posted_without_javascript_is_shown_where_the_reader_lands(
    make_article, make_reader
):
    # The form's answer without JavaScript went to the article's #comment-N too: a reply to a
    # thread whose first replies were already on show, or to an older thread, was not there.
    article = make_article()
    reader = make_reader()
    (root,) = _threads(article, reader, 1)
    for n in range(queries.REPLIES_SHOWN):
        _written(
            actions.post_comment(
                article, reader, actions.Posting(text=f"Reply {n}.", parent_id=root.pk)
            ),
            root.created_at + dt.timedelta(seconds=n + 1),
        )
    client = Client()
    client.force_login(make_reader())
    response = client.post(
        f"/comments/article/{article.pk}/post/", {"text": "My late reply.", "parent_id": root.pk}
    )
    mine = Comment.objects.get(text="My late reply.")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/comments/{root.pk}/replies/?after=")
    assert response["Location"].endswith(f"#comment-{mine.pk}")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="comment-{mine.pk}"' in html and "My late reply." in html
    assert '<p class="notice notice--info">Your comment is published.</p>' in html
