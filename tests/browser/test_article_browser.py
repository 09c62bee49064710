"""An article page in a real browser: what a reader sees, on a desktop and on a phone,
with no WCAG 2.2 A/AA violations that axe-core can find."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from masthead.articles.models import Article
from tests.browser.conftest import PHONE, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_article(transactional_db):  # type: ignore[no-untyped-def]
    call_command("demo", stdout=StringIO())
    return Article.objects.get(import_key="demo:market-street")


def test_article_page_shows_headline_photo_caption_and_subheadings_accessibly(
    live_server, page, run_axe, artifacts, demo_article
):
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    response = page.goto(live_server.url + demo_article.get_absolute_url())
    assert response.status == 200

    assert page.locator("h1").inner_text() == demo_article.headline
    photo = page.locator(".article__photo img")
    assert photo.get_attribute("alt") == demo_article.photo_alt
    page.wait_for_function(
        "() => { const i = document.querySelector('.article__photo img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    assert photo.evaluate("img => img.naturalWidth") == 1200
    caption = page.locator(".article__photo figcaption").inner_text()
    assert demo_article.photo_caption in caption
    assert "photo: masthead demo illustration" in caption.lower()
    subheadings = page.locator(".article__body h2").all_inner_texts()
    assert subheadings == ["Traders divided", "What happens next"]
    assert page.locator(".article__body blockquote").count() == 1

    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    page.screenshot(path=str(artifacts / "article-desktop.png"), full_page=True)

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.locator("h1").is_visible()
    # Nothing wider than the phone's screen: no sideways scrolling to read the story.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    page.screenshot(path=str(artifacts / "article-phone.png"), full_page=True)
    csp_errors = [e for e in console_errors if "Content Security Policy" in e]
    assert not csp_errors, csp_errors


def test_front_and_section_pages_have_no_accessibility_violations(
    live_server, page, run_axe, artifacts, demo_article
):
    for path in ("/", "/section/city/"):
        page.goto(live_server.url + path)
        violations = run_axe(page)
        assert not violations, f"{path}: " + describe_violations(violations)
    page.goto(live_server.url + "/")
    page.screenshot(path=str(artifacts / "front-desktop.png"), full_page=True)
