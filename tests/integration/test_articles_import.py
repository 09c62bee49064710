"""`masthead import`: files and folders, one line per result, exit code 2 for bad files,
and re-importing never duplicates."""

from __future__ import annotations

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles.models import Article

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "importers"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_7576158e81c2d592.txt"


def run_import(*args: object) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_importing_the_sample_folder_creates_one_draft_per_file():
    code, out, err = run_import(DATA / "samples")
    assert code == 0, err
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 4
    assert out.count(": created draft") == 4
    assert "4 imported, 0 failed (4 drafts)" in out


def test_the_publish_option_publishes_the_sample_folder():
    code, out, err = run_import("--publish", DATA / "samples")
    assert code == 0, err
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 4
    assert out.count(": created published") == 4
    assert out.splitlines()[-1] == "4 imported, 0 failed (4 published)"


def test_importing_the_same_files_twice_changes_nothing():
    run_import(DATA / "samples")
    before = {a.pk: (a.updated_at, a.body, a.photo.name) for a in Article.objects.all()}
    code, out, _ = run_import(DATA / "samples")
    assert code == 0
    assert out.count(": unchanged") == 4
    after = {a.pk: (a.updated_at, a.body, a.photo.name) for a in Article.objects.all()}
    assert after == before


def test_reimporting_an_edited_file_updates_the_same_article(tmp_path):
    sample = tmp_path / "tram-reopens.md"
    shutil.copy(DATA / "samples" / "tram-reopens.md", sample)
    shutil.copy(DATA / "samples" / "tram.jpg", tmp_path / "tram.jpg")
    run_import("--publish", sample)
    sample.write_text(sample.read_text().replace("every eight minutes", "every six minutes"))
    code, out, _ = run_import("--publish", sample)
    assert code == 0 and ": updated published" in out
    article = Article.objects.get()
    assert "every six minutes" in article.body


def test_a_malformed_file_is_reported_in_one_line_and_the_others_still_import(tmp_path):
    shutil.copy(DATA / "malformed" / "malformed.json", tmp_path / "a-broken.json")
    shutil.copy(DATA / "samples" / "windfarm-ninjs1.json", tmp_path / "b-good.json")
    code, out, err = run_import(tmp_path, tmp_path / "missing.txt")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert re.match(r".*a-broken\.json: error: not JSON: .* line 2 column 1$", lines[0])
    assert lines[1].endswith("missing.txt: error: no such file or folder")
    assert "Traceback" not in err
    assert Article.objects.filter(headline__startswith="Offshore wind farm").exists()
    assert "1 imported, 2 failed" in out


def test_markdown_import_sets_section_tags_photo_file_and_comments_setting():
    run_import(DATA / "samples" / "tram-reopens.md")
    article = Article.objects.get()
    assert article.section.name == "City"
    assert sorted(article.tags.values_list("name", flat=True)) == ["floods", "transport"]
    assert article.photo and article.photo.width == 480
    assert article.photo_credit == "Tom Ashworth/Masthead"
    assert article.photo_alt.startswith("A green tram")
    assert article.comments_mode == Article.CommentsMode.PREMODERATED
    assert "> We designed it expecting the water to come back" in article.body


def test_ninjs_photo_given_only_as_a_url_keeps_caption_and_credit_without_downloading():
    run_import(DATA / "samples" / "windfarm-ninjs1.json")
    article = Article.objects.get()
    assert not article.photo
    assert article.photo_caption.startswith("A survey vessel")
    assert article.photo_credit == "Masthead Wire"


def test_page_text_takes_the_picture_named_like_it(tmp_path):
    shutil.copy(DATA / "samples" / "ferry-strike.txt", tmp_path / "ferry.txt")
    shutil.copy(DATA / "samples" / "tram.jpg", tmp_path / "ferry.jpg")
    code, out, _ = run_import(tmp_path / "ferry.txt")
    assert code == 0 and "(with photo)" in out
    article = Article.objects.get()
    assert article.photo and article.photo_credit == "MASTHEAD WIRE/EWAN ROSS"


def test_draft_option_imports_unpublished_articles(client):
    run_import("--draft", DATA / "samples" / "ferry-strike.txt")
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.skipif(
    not SEED.exists() and os.environ.get("CI") != "true",
    reason="the team's seed file is not beside this checkout",
)
def test_seed_file_imports_into_a_correct_article_page(client):
    code, _, err = run_import("--publish", SEED)
    assert code == 0, err
    article = Article.objects.get()
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in SEED.read_text().split("\n")]
    html = client.get(article.get_absolute_url()).content.decode()
    from html import unescape

    text = unescape(html)
    assert f">{lines[0]}</h1>" in text
    assert lines[2] in text  # standfirst
    assert "Reuters" in text and "2025-02-27" in html
    # No picture travels with page text: caption and credit wait for an editor to add one.
    assert lines[6].startswith(article.photo_caption) and article.photo_credit == "REUTERS"
    assert f'<h2 dir="auto">{lines[32]}</h2>' in text  # the sub-heading
    body = text.split('class="article__body"', 1)[1].split("</div>", 1)[0]
    assert body.count('<p dir="auto">') == 22
    for furniture in ("Listen to article", "COMMENTS", "Replying to X", "Comments FAQ"):
        assert furniture not in body


def test_a_file_whose_body_is_over_the_length_limit_fails_with_one_line_and_exit_2(
    tmp_path, masthead_settings
):
    masthead_settings(ARTICLE_BODY_MAX_LENGTH=2_000)
    long_file = tmp_path / "long-report.md"
    paragraphs = "\n\n".join(["The long report goes on for another paragraph."] * 60)
    long_file.write_text(f"---\nheadline: A very long report\n---\n\n{paragraphs}\n")
    code, out, err = run_import(long_file)
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"{long_file}: error: body: The body is ")
    assert "an article may have at most 2,000" in err
    assert "0 imported, 1 failed" in out
    assert not Article.objects.exists()
