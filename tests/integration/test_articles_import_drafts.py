"""`masthead import` makes drafts unless told `--publish`: an editor reviews an import (page
text's guessed sub-headings, a photo to upload) before readers see it, as in the newsroom, and
re-importing a file never changes whether a story is on the site."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles import actions
from masthead.articles.models import Article

pytestmark = pytest.mark.django_db


def run_import(*args: object) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def story(tmp_path: Path, front: str = "", name: str = "story.md") -> Path:
    path = tmp_path / name
    path.write_text(
        f"---\nheadline: Harbour wall repairs start\nid: harbour-wall\n{front}---\n\n"
        "Work on the harbour wall begins on Monday.\n",
        encoding="utf-8",
    )
    return path


def test_a_file_that_says_published_is_a_draft_without_the_publish_option(tmp_path, client):
    code, out, _ = run_import(story(tmp_path, "status: published\n"))
    article = Article.objects.get()
    assert code == 0 and article.status == Article.Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "the file says published: import it with --publish for that" in out
    assert out.splitlines()[-1] == (
        "1 imported, 0 failed (1 draft); drafts are not on the site: publish them in the "
        "newsroom, or import again with --publish"
    )


def test_the_draft_option_makes_a_draft_even_when_the_file_says_published(tmp_path):
    run_import("--draft", story(tmp_path, "status: published\n"))
    assert Article.objects.get().status == Article.Status.DRAFT


def test_reimporting_a_story_an_editor_withdrew_does_not_put_it_back_on_the_site(tmp_path, client):
    path = story(tmp_path)
    run_import("--publish", path)
    article = Article.objects.get()
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.DRAFT  # withdrawn in the newsroom, for a legal reason
    actions.save_article(article)

    code, out, _ = run_import(path)  # the same file, unchanged, in the next wire run

    article.refresh_from_db()
    assert code == 0 and article.status == Article.Status.DRAFT
    assert ": unchanged draft" in out
    assert client.get(article.get_absolute_url()).status_code == 404


def test_reimporting_a_live_story_without_the_publish_option_keeps_it_live(tmp_path, client):
    path = story(tmp_path)
    run_import("--publish", path)
    path.write_text(path.read_text().replace("on Monday", "on Tuesday"), encoding="utf-8")

    code, out, _ = run_import(path)

    article = Article.objects.get()
    assert code == 0 and ": updated published" in out
    assert "on Tuesday" in article.body
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_publish_option_keeps_a_file_scheduled_and_a_file_that_asks_for_a_draft(tmp_path):
    later = story(tmp_path, "status: scheduled\ndate: 2999-01-01T08:00:00+00:00\n", "later.md")
    held = tmp_path / "held.md"
    held.write_text(
        "---\nheadline: Embargoed report\nstatus: draft\n---\n\nNot yet.\n", encoding="utf-8"
    )

    code, out, _ = run_import("--publish", later, held)

    assert code == 0
    assert Article.objects.get(headline__startswith="Harbour").status == "scheduled"
    assert Article.objects.get(headline="Embargoed report").status == "draft"
    assert out.splitlines()[-1] == (
        "2 imported, 0 failed (1 draft, 1 scheduled); drafts are not on the site: publish "
        "them in the newsroom"
    )


def test_publish_and_draft_together_are_refused_in_one_line(tmp_path):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import", "--publish", "--draft", str(story(tmp_path)), stdout=StringIO(), stderr=err
        )
    assert exit_.value.code == 2
    assert not Article.objects.exists()
