"""`masthead rerender_comments`: comments stored with HTML an older rendering rule made get the
current rules' HTML, and nothing else of theirs changes; the cached pages showing them go stale;
--dry-run changes nothing; a second run changes nothing."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from masthead.comments import text as comment_text
from masthead.comments.models import Comment, CommentRevision
from tests.support.environment import run_masthead

pytestmark = pytest.mark.django_db

LINKED = "The plans are [on the council site](https://example.org/bridge) & worth a read."
# What an older rule stored for it: the link without rel="nofollow ugc noopener", and the
# ampersand unescaped.
OLD_HTML = '<p>The plans are <a href="https://example.org/bridge">on the council site</a> & worth a read.</p>'


def rerender(*args: str) -> str:
    out = io.StringIO()
    call_command("rerender_comments", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.fixture
def old_comment(make_article):  # type: ignore[no-untyped-def]
    """A published, once-edited comment whose HTML an older rule made, with a revision."""
    article = make_article()
    long_ago = timezone.now() - timedelta(days=30)
    comment = Comment.objects.create(
        article=article,
        guest_name="Ruth",
        text=LINKED,
        html=OLD_HTML,
        status=Comment.Status.PUBLISHED,
        created_at=long_ago,
        published_at=long_ago,
        edited_at=long_ago + timedelta(minutes=2),
    )
    CommentRevision.objects.create(
        comment=comment, text="The plans are online.", created_at=long_ago
    )
    Comment.objects.filter(pk=comment.pk).update(updated_at=long_ago + timedelta(minutes=2))
    comment.refresh_from_db()
    return comment


def stored(comment: Comment) -> dict[str, object]:
    row = Comment.objects.filter(pk=comment.pk).values().get()
    row["revisions"] = list(CommentRevision.objects.filter(comment=comment.pk).values())
    return row


def test_a_comment_rendered_by_an_older_rule_gets_the_current_html(old_comment):
    assert comment_text.render(LINKED) != OLD_HTML  # the rules did change since
    assert rerender() == "1 comment(s) read, 1 rendered again"
    old_comment.refresh_from_db()
    assert old_comment.html == comment_text.render(LINKED)
    assert 'rel="nofollow ugc noopener noreferrer"' in old_comment.html
    assert "&amp; worth" in old_comment.html


def test_only_the_html_changes_not_the_text_history_or_any_time(old_comment):
    before = stored(old_comment)
    rerender()
    after = stored(old_comment)
    assert after.pop("html") == comment_text.render(LINKED)
    assert before.pop("html") == OLD_HTML
    assert after == before  # text, revisions, created/updated/edited/published times, status


def test_the_dry_run_says_how_many_and_changes_nothing(old_comment):
    before = stored(old_comment)
    assert rerender("--dry-run") == "1 comment(s) read, 1 would be rendered again"
    assert stored(old_comment) == before


def test_a_second_run_changes_nothing(old_comment):
    rerender()
    after_first = stored(old_comment)
    assert rerender() == "1 comment(s) read, 0 rendered again"
    assert stored(old_comment) == after_first


def test_comments_already_current_and_deleted_ones_are_left_alone(make_article, old_comment):
    article = make_article()
    current = Comment.objects.create(
        article=article, text="Plain words.", html=comment_text.render("Plain words.")
    )
    gone = Comment.objects.create(article=article, text="", html="", status=Comment.Status.DELETED)
    assert rerender() == "2 comment(s) read, 1 rendered again"
    assert Comment.objects.get(pk=current.pk).html == "<p>Plain words.</p>"
    assert Comment.objects.get(pk=gone.pk).html == ""


def test_more_comments_than_one_batch_are_all_rendered_again(make_article):
    article = make_article()
    for n in range(7):
        Comment.objects.create(article=article, text=f"Comment *{n}*", html=f"<p>Comment *{n}*</p>")
    assert rerender("--batch-size", "3") == "7 comment(s) read, 7 rendered again"
    assert set(Comment.objects.values_list("html", flat=True)) == {
        f"<p>Comment <em>{n}</em></p>" for n in range(7)
    }


def test_a_comment_edited_while_it_ran_keeps_the_edits_html(old_comment, monkeypatch):
    """The edit stored its own text's HTML; the command's rendering of the old text must not
    overwrite it."""
    real_render = comment_text.render

    def render_then_edit(text: str) -> str:
        html = real_render(text)
        Comment.objects.filter(pk=old_comment.pk).update(
            text="Edited words.", html="<p>Edited words.</p>"
        )
        return html

    monkeypatch.setattr(comment_text, "render", render_then_edit)
    assert rerender() == "1 comment(s) read, 0 rendered again"
    old_comment.refresh_from_db()
    assert (old_comment.text, old_comment.html) == ("Edited words.", "<p>Edited words.</p>")


@pytest.mark.parametrize("route", ["articles:detail", "comments:thread"])
def test_readers_see_the_new_html_at_once_on_cached_pages(client, old_comment, route):
    article = old_comment.article
    url = reverse(
        route,
        kwargs={"slug": article.slug} if route == "articles:detail" else {"article_id": article.pk},
    )
    first = client.get(url)
    assert first.status_code == 200
    assert OLD_HTML.encode() in first.content
    assert client.get(url)["X-Page-Cache"] == "hit"
    rerender()
    again = client.get(url)
    assert OLD_HTML.encode() not in again.content
    assert comment_text.render(LINKED).encode() in again.content


def test_a_bad_batch_size_is_one_line_and_status_2(tmp_path):
    result = run_masthead(
        tmp_path,
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"},
        "rerender_comments",
        "--batch-size",
        "0",
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("rerender_comments: error: argument --batch-size")
