"""`masthead import` reads UTF-16 files with a byte order mark (Windows Notepad's "Unicode"),
and refuses other non-UTF-8 text saying where and what to do: both were "not UTF-8 text"."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles.models import Article

pytestmark = pytest.mark.django_db

PAGE = (
    "Harbour café reopens after flood\r\n\r\nThe quayside café reopens on Monday.\r\n\r\n"
    "Masthead Wire March 3, 2026\r\n\r\nThe owners rebuilt the kitchen over the winter.\r\n"
)


def run_import(*paths: Path) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *[str(p) for p in paths], stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_with_a_byte_order_mark_imports(tmp_path: Path, encoding: str) -> None:
    story = tmp_path / "cafe.txt"
    data = PAGE.encode(encoding)
    story.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    code, _, err = run_import(story)
    assert code == 0, err
    article = Article.objects.get()
    assert article.headline == "Harbour café reopens after flood"
    assert article.source == "Masthead Wire"
    assert article.body == "The owners rebuilt the kitchen over the winter."


def test_latin1_text_is_refused_naming_the_byte_and_line(tmp_path: Path) -> None:
    story = tmp_path / "cafe.txt"
    story.write_bytes(PAGE.encode("latin-1"))
    code, _, err = run_import(story)
    assert code == 2
    assert err == (
        f"{story}: error: not UTF-8 text (byte 0xE9 on line 1; perhaps Latin-1 or "
        "Windows-1252): save it as UTF-8 and import again\n"
    )
    assert not Article.objects.exists()


def test_a_file_name_with_a_line_break_is_printed_on_one_line(tmp_path: Path) -> None:
    story = tmp_path / "cafe\nreopens.md"
    story.write_text("---\nheadline: Harbour café reopens\n---\n\nIt opens Monday.\n")
    broken = tmp_path / "notes\r.md"
    broken.write_text("no front matter and no heading\n")
    code, out, err = run_import(tmp_path)
    assert code == 2
    assert out.splitlines()[0].startswith(f"{str(story)!r}: created draft")
    assert err.splitlines() == [
        f"{str(broken)!r}: error: no headline: add `headline:` to the front matter"
    ]
