"""Re-rendering comments is one function in comments.actions (house rule 2), so code other
than `masthead rerender_comments` (a shell, a data migration, a future admin button) changes
the same thing the same way; the command only parses options and prints."""

from __future__ import annotations

import pytest

from masthead.comments import actions
from masthead.comments import text as comment_text
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_the_action_renders_old_html_again_and_says_how_many(make_article):
    article = make_article()
    old = Comment.objects.create(article=article, text="A *word*", html="<p>A *word*</p>")
    current = Comment.objects.create(article=article, text="Plain.", html="<p>Plain.</p>")

    assert actions.rerender_comments(dry_run=True) == actions.Rerendered(read=2, changed=1)
    assert Comment.objects.get(pk=old.pk).html == "<p>A *word*</p>"

    assert actions.rerender_comments(batch_size=1) == actions.Rerendered(read=2, changed=1)
    assert Comment.objects.get(pk=old.pk).html == comment_text.render("A *word*")
    assert Comment.objects.get(pk=current.pk).html == "<p>Plain.</p>"


def test_each_batch_is_written_in_a_transaction_of_its_own(make_article, monkeypatch):
    """A failure while storing the second batch leaves the first batch stored and the whole
    second one untouched: not one transaction for the whole run, and not none."""
    article = make_article()
    first = Comment.objects.create(article=article, text="One *a*", html="<p>old</p>")
    second = Comment.objects.create(article=article, text="Two *b*", html="<p>old</p>")
    third = Comment.objects.create(article=article, text="Three *c*", html="<p>old</p>")
    fourth = Comment.objects.create(article=article, text="Four *d*", html="<p>old</p>")
    real_update = type(Comment.objects.all()).update

    def update(queryset, **kwargs):  # type: ignore[no-untyped-def]
        done = real_update(queryset, **kwargs)
        if queryset.filter(pk=fourth.pk).exists():
            raise RuntimeError("the database went away")
        return done

    monkeypatch.setattr(type(Comment.objects.all()), "update", update)
    with pytest.raises(RuntimeError):
        actions.rerender_comments(batch_size=2)
    stored = dict(Comment.objects.values_list("pk", "html"))
    assert stored[first.pk] == comment_text.render("One *a*")
    assert stored[second.pk] == comment_text.render("Two *b*")
    # The second batch failed at its last comment: its first one is rolled back with it.
    assert stored[third.pk] == "<p>old</p>"
    assert stored[fourth.pk] == "<p>old</p>"
