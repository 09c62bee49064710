"""The section menu in every page's header is never older than the page around it (2026-11-30).

It was cached for 300 s and dropped only when an article changed, so a renamed section kept its
old name in the menu, and a story going live by the clock in a section with no other live story
was missing from it, for up to 300 s; a page rebuilt in that time (the site's version moves on a
section change) was then kept in the page cache with the stale menu. The menu is now cached
under the page cache's versions and only until the next story due to go live."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest

from tests.support.code_clock import CodeClock, wait_out

pytestmark = pytest.mark.django_db


def menu(client, url: str = "/") -> str:  # type: ignore[no-untyped-def]
    page = client.get(url).content.decode()
    found = re.search(r'<nav aria-label="Sections".*?</nav>', page, re.S)
    return found.group(0) if found else ""


def test_a_renamed_section_is_renamed_in_the_menu_at_once(client, make_article):
    story = make_article(headline="Harbour wall to be rebuilt after storm")
    assert story.section.name in menu(client)
    story.section.name = "Harbourside"
    story.section.save()
    assert "Harbourside" in menu(client)
    assert "Harbourside" in menu(client, story.get_absolute_url())


def test_a_section_whose_first_story_goes_live_by_the_clock_joins_the_menu_then(
    client, make_article, monkeypatch
):
    from masthead.articles.models import Article, Section

    clock = CodeClock()  # the code's clock: it stands still while the page is built
    make_article(headline="Harbour wall to be rebuilt after storm")
    science = Section.objects.create(name="Science", slug="science")
    due = clock.now() + timedelta(seconds=1.5)
    make_article(
        headline="Comet seen over the bay",
        section=science,
        status=Article.Status.SCHEDULED,
        published_at=due,
    )
    clock.install(monkeypatch)
    assert "Science" not in menu(client)  # the page kept for int(1.5) = 1 s, the menu till due
    kept_at = time.monotonic()
    clock.advance(timedelta(seconds=1.6))  # the story is due
    wait_out(kept_at, 1)  # and the page cache has dropped its copy of the front page
    assert "Science" in menu(client)
