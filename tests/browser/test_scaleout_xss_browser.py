"""Hostile text in every place readers and editors can put it stays inert in a real browser.

Every payload of tests/data/hostile/xss.txt goes into comment text, display names, article
fields (headline, standfirst, byline, source, caption, body, correction, section, tag) and
query strings. Chromium then opens the pages readers, authors and moderators see, with the
Content-Security-Policy bypassed so the test proves the escaping itself, not only the CSP:
no alert/confirm/prompt may fire and no active markup (event handler, script, javascript: URL)
may appear in the DOM.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from tests.conftest import TEST_DATA
from tests.support.comment_fixtures import HOLD_ALL, PUBLISH_ALL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    line
    for line in (TEST_DATA / "hostile" / "xss.txt").read_text().splitlines()
    if line.strip() and not line.startswith("# ")
]

WATCH = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__xss.push(name + ":" + String(args[0])); };
}
"""

# Active markup that must not come from user text anywhere in the page.
FIND_ACTIVE = """
() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.replace(/\\s+/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(el.tagName + "[" + name + "]");
      if (["href", "src", "action", "data", "formaction", "xlink:href", "srcdoc"].includes(name)
          && (value.startsWith("javascript:") || value.startsWith("data:text/html")
              || (name === "srcdoc" && value.length))) {
        found.push(el.tagName + "[" + name + "=" + attr.value.slice(0, 40) + "]");
      }
    }
    if (el.tagName === "SCRIPT" && el.type === "application/ld+json") {
      // Data, not code, but a "</script>" in it would break out: it must still be whole JSON.
      try { JSON.parse(el.textContent); } catch (e) { found.push("broken JSON-LD"); }
    } else if (el.tagName === "SCRIPT" && /xss/i.test(el.textContent)) {
      found.push("SCRIPT:" + el.textContent.slice(0, 40));
    }
    if (el.tagName === "META" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh") found.push("META refresh");
    if (el.tagName === "BASE") found.push("BASE");
    if (["IFRAME", "OBJECT", "EMBED"].includes(el.tagName)) found.push(el.tagName);
  }
  return found;
}
"""


def build_hostile_site(make_section, make_reader, masthead_settings, moderator_user):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from masthead.articles import actions as article_actions
    from masthead.articles.models import Article, Tag
    from masthead.comments import actions
    from masthead.comments.errors import CommentError
    from masthead.comments.models import Comment, ReaderProfile

    masthead_settings(
        PAGE_SIZE=200, COMMENT_RATE_PER_READER="1000/60", COMMENT_RATE_PER_IP="1000/60"
    )
    section = make_section(name=PAYLOADS[0][:80], slug="hostile")
    tag = Tag.objects.create(name=PAYLOADS[1][:60], slug="hostile-tag")
    article = article_actions.save_article(
        Article(
            headline=" ".join(PAYLOADS[:4])[:200],
            slug="hostile-article",
            standfirst="\n".join(PAYLOADS),
            byline=PAYLOADS[2][:200],
            source=PAYLOADS[3][:100],
            photo_caption=" ".join(PAYLOADS[4:8])[:500],
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timezone.timedelta(hours=1),
            body="\n\n".join(PAYLOADS),
        ),
        tag_ids=[tag.pk],
    )
    article_actions.add_correction(article, " ".join(PAYLOADS[5:9]))
    readers = [make_reader() for _ in range(4)]
    # Display names are validated (letters, digits, spaces, . ' -), so hostile names can only
    # come from older or imported data: written straight to the table here.
    for reader, payload in zip(readers, PAYLOADS[8:], strict=False):
        ReaderProfile.objects.filter(user=reader).update(display_name=payload[:40])
    published, held = [], None
    masthead_settings(COMMENT_MODERATOR=PUBLISH_ALL)
    for index, payload in enumerate(PAYLOADS):
        try:
            comment = actions.post_comment(
                article, readers[index % 4], actions.Posting(text=payload)
            )
        except CommentError:  # e.g. too many links: refused, so never shown
            continue
        published.append(comment)
    # A reply and a held comment (shown to its author and to moderators).
    actions.post_comment(
        article, readers[1], actions.Posting(text=PAYLOADS[1], parent_id=published[0].pk)
    )
    # A guest's name (guests' names are validated too, so again straight to the table) and a
    # reader's report note, which moderators read in the reported queue.
    Comment.objects.filter(pk=published[1].pk).update(author=None, guest_name=PAYLOADS[12][:40])
    actions.report_comment(published[2], readers[3], "abuse", " ".join(PAYLOADS[13:16])[:500])
    masthead_settings(COMMENT_MODERATOR=HOLD_ALL)
    held = actions.post_comment(article, readers[0], actions.Posting(text=PAYLOADS[1]))
    masthead_settings(COMMENT_MODERATOR=PUBLISH_ALL)
    assert len(published) >= len(PAYLOADS) - 5
    return article, readers, published, held


def session_cookie(user: Any, base_url: str) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}


def assert_inert(page: Any, url: str, dialogs: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 500, f"{url}: {response and response.status}"
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # handlers such as onfocus/ontoggle/onbegin fire after load
    fired = page.evaluate("window.__xss")
    assert fired == [] and dialogs == [], f"script ran on {url}: {fired} {dialogs}"
    active = page.evaluate(FIND_ACTIVE)
    assert active == [], f"active markup on {url}: {active}"


def test_hostile_text_everywhere_stays_inert_for_readers_authors_and_moderators(
    browser, live_server, make_section, make_reader, masthead_settings, moderator_user
):
    article, readers, published, held = build_hostile_site(
        make_section, make_reader, masthead_settings, moderator_user
    )
    base = live_server.url
    hostile_query = quote(PAYLOADS[3])
    anonymous_pages = [
        "/",
        "/section/hostile/",
        article.get_absolute_url(),
        f"{article.get_absolute_url()}?sort={hostile_query}",
        f"/comments/article/{article.pk}/?sort=oldest&after={hostile_query}",
        f"/comments/article/{article.pk}/",
        f"/comments/{published[0].pk}/",
        f"/accounts/login/?next={quote(PAYLOADS[10])}",
        f"/accounts/signup/?next={hostile_query}",
        f"/comments/faq/?q={hostile_query}",
    ]
    views = [
        (None, anonymous_pages),
        (readers[0], [article.get_absolute_url()]),  # the author sees their held comment
        (
            moderator_user,
            [
                "/moderation/queue/held/",
                "/moderation/queue/reported/",
                "/moderation/queue/sample/",
                "/moderation/audit/",
                f"/moderation/comments/{held.pk}/edit/",
            ],
        ),
    ]
    for user, paths in views:
        context = browser.new_context(bypass_csp=True)
        if user is not None:
            context.add_cookies([session_cookie(user, base)])
        context.add_init_script(WATCH)
        page = context.new_page()
        dialogs: list[str] = []
        page.on(
            "dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss())
        )
        try:
            for path in paths:
                assert_inert(page, base + path, dialogs)
            if user is None:
                # The page did render the hostile headline, as text.
                page.goto(base + article.get_absolute_url())
                assert "alert('XSS')" in page.inner_text("h1")
        finally:
            context.close()


def test_a_hostile_comment_posted_through_the_page_is_inserted_inert(
    browser, live_server, make_article, make_reader, masthead_settings
):
    masthead_settings(COMMENT_MODERATOR=PUBLISH_ALL)
    article = make_article()
    reader = make_reader()
    context = browser.new_context(bypass_csp=True)
    context.add_cookies([session_cookie(reader, live_server.url)])
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        page.goto(live_server.url + article.get_absolute_url())
        payload = "<img src=x onerror=alert('XSS')> <svg onload=alert('XSS')>"
        form = page.locator("form[data-comment-form]").first
        form.locator("textarea[name=text]").fill(payload)
        form.locator("button[type=submit]").click()
        page.wait_for_selector("[data-comment] .comment__body")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__xss") == []
        assert page.evaluate(FIND_ACTIVE) == []
    finally:
        context.close()


def test_the_watch_itself_catches_a_payload_that_does_reach_the_page(browser):
    # Proves the two checks above can fail: unescaped markup is seen by both.
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        page.set_content(f"<p>{PAYLOADS[1]}</p><a href=\"javascript:alert('XSS')\">x</a>")
        page.wait_for_timeout(150)
        assert page.evaluate("window.__xss") == ["alert:XSS"]
        assert page.evaluate(FIND_ACTIVE) == ["IMG[onerror]", "A[href=javascript:alert('XSS')]"]
    finally:
        context.close()
