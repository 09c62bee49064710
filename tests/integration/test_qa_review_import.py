"""`masthead import` with files a newsroom's tools really produce now and then: a NUL or a
lone surrogate in a field, a section name longer than a section may have. Each was stored as
is (or broke the run with a traceback on PostgreSQL, losing the files after it); now the
characters are dropped and a too-long section is one line on stderr, the others imported."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles.models import Article, Section

pytestmark = pytest.mark.django_db


def run_import(*args: object) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_nul_and_control_characters_in_a_file_are_dropped_not_stored(tmp_path: Path):
    (tmp_path / "a.md").write_text(
        '---\ntitle: "Tram\\0 line\\x07 reopens"\nbyline: "Priya\\0"\n---\n'
        "The line \x00reopens on Monday.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.json").write_text(
        '{"uri": "b", "headline": "Ferry\\u0000 strike \\ud800ends", '
        '"body_text": "Crews return\\u0000 today."}',
        encoding="utf-8",
    )
    code, out, err = run_import(tmp_path)
    assert code == 0, err
    assert "2 imported, 0 failed" in out
    for article in Article.objects.all():
        for value in (article.headline, article.byline, article.body):
            assert "\x00" not in value and "\x07" not in value and "\ud800" not in value
    assert set(Article.objects.values_list("headline", flat=True)) == {
        "Tram line reopens",
        "Ferry strike ends",
    }


def test_a_section_name_longer_than_a_section_may_have_is_one_line_and_the_rest_imported(
    tmp_path: Path,
):
    (tmp_path / "a-long.md").write_text(
        f"---\ntitle: Long section\nsection: {'S' * 300}\n---\nA paragraph.\n", encoding="utf-8"
    )
    (tmp_path / "b-fine.md").write_text(
        "---\ntitle: Fine section\nsection: City\n---\nA paragraph.\n", encoding="utf-8"
    )
    code, out, err = run_import(tmp_path)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "a-long.md: error: section: A section name has at most 80 characters" in lines[0]
    assert "1 imported, 1 failed" in out
    assert list(Article.objects.values_list("headline", flat=True)) == ["Fine section"]
    assert not Section.objects.filter(name__startswith="SSS").exists()


@pytest.mark.parametrize(
    ("front_matter", "same"),
    [("title: Letters", "same headline"), ("title: Letters {n}\nid: letters-2026", "same id")],
)
def test_two_files_of_one_import_naming_the_same_story_keep_the_first_and_say_so(
    tmp_path: Path, front_matter: str, same: str
):
    # The second overwrote the first's article: "2 imported" and one letter lost.
    for n, name in enumerate(("a.md", "b.md"), start=1):
        (tmp_path / name).write_text(
            f"---\n{front_matter.format(n=n)}\n---\nLetter number {n}.\n", encoding="utf-8"
        )
    code, out, err = run_import(tmp_path)
    assert code == 2
    assert "1 imported, 1 failed" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{tmp_path / 'b.md'}: error: {tmp_path / 'a.md'} in this import")
    assert same in lines[0]
    assert "Letter number 1." in Article.objects.get().body


def test_importing_the_same_file_again_in_a_later_run_still_updates_it(tmp_path: Path):
    story = tmp_path / "a.md"
    story.write_text("---\ntitle: Letters\n---\nFirst version.\n", encoding="utf-8")
    assert run_import(story)[0] == 0
    story.write_text("---\ntitle: Letters\n---\nSecond version.\n", encoding="utf-8")
    code, out, _ = run_import(story)
    assert code == 0 and ": updated draft" in out
    assert "Second version." in Article.objects.get().body


def test_a_file_with_an_impossible_date_is_one_line_and_the_files_after_it_are_imported(
    tmp_path: Path,
):
    # It stopped the whole run with a ValueError traceback.
    (tmp_path / "a-bad.md").write_text(
        "---\ntitle: Bad date\ndate: 2026-13-45\n---\nA paragraph.\n", encoding="utf-8"
    )
    (tmp_path / "b-deep.json").write_text(
        '{"headline": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8"
    )
    (tmp_path / "c-good.md").write_text("---\ntitle: Good\n---\nA paragraph.\n", encoding="utf-8")
    code, out, err = run_import(tmp_path)
    assert code == 2
    assert "1 imported, 2 failed" in out
    assert len(err.strip().splitlines()) == 2
    assert "a-bad.md: error: front matter has a value that cannot be read" in err
    assert "b-deep.json: error: not a ninjs item: the JSON is nested too deeply" in err
    assert list(Article.objects.values_list("headline", flat=True)) == ["Good"]


@pytest.mark.parametrize("content", [b"", b"not a picture at all"])
def test_a_photo_file_that_is_not_a_picture_is_refused_in_one_line(tmp_path: Path, content: bytes):
    # It was attached ("with photo") and shown as a broken image on the page.
    (tmp_path / "pic.jpg").write_bytes(content)
    (tmp_path / "a.md").write_text(
        "---\ntitle: Tram\nphoto: {file: pic.jpg, caption: The tram}\n---\nA paragraph.\n",
        encoding="utf-8",
    )
    code, out, err = run_import(tmp_path / "a.md")
    assert code == 2
    assert err.strip() == (
        f"{tmp_path / 'a.md'}: error: photo pic.jpg is not a picture (JPEG, PNG, WebP or GIF)"
    )
    assert not Article.objects.exists()


def test_a_blank_section_option_is_refused_not_made_into_a_nameless_section(tmp_path: Path):
    story = tmp_path / "a.md"
    story.write_text("---\ntitle: Letters\n---\nA paragraph.\n", encoding="utf-8")
    code, out, err = run_import("--section", "  ", story)
    assert code == 2
    assert err.strip() == f"{story}: error: section: A section needs a name."
    assert not Section.objects.exists() and not Article.objects.exists()
