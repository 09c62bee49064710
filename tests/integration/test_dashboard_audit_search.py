"""The audit log's search finds a comment by its number as the log shows it ("no. 140"), by a
link to it, or by the bare number, and then that comment's entries only. Before 2026-11-30 the
number was matched as text as well, so comment 140 came with every entry on a story headlined
"... 140 trees ..." (and the CSV export with them), and "no. 140" found nothing."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _comment_numbers(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/moderation/comments/(\d+)/"', html)}


def test_a_comment_number_finds_that_comments_entries_not_headlines_with_the_digits(
    client, mod, make_article, held
):
    wanted = held("You idiot, read the report.")
    digits = str(wanted.pk)
    other = make_article(headline=f"Volunteers find {digits}0 old trees", slug="trees")
    noise = held("You idiot, count again.", article=other)
    client.force_login(mod)

    link = f"https://news.example.org{wanted.article.get_absolute_url()}#comment-{wanted.pk}"
    for given in (digits, f"no. {digits}", f"#{digits}", link):
        page = client.get("/moderation/audit/", {"q": given}).content.decode()
        assert _comment_numbers(page) == {wanted.pk}, given
        rows = list(
            csv.DictReader(
                io.StringIO(
                    b"".join(
                        client.get("/moderation/audit.csv", {"q": given}).streaming_content
                    ).decode()
                )
            )
        )
        assert rows and {row["comment_id"] for row in rows} == {digits}, given

    # Words still search reasons, moderators and headlines.
    page = client.get("/moderation/audit/", {"q": "old trees"}).content.decode()
    assert _comment_numbers(page) == {noise.pk}
