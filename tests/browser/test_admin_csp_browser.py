"""The newsroom (Django's admin) has a Content-Security-Policy too (security review, 2026-11-30).

It had none: the admin was left out of the site's policy for inline scripts it no longer has,
so the pages where an editor's or an administrator's session can do the most (people,
permissions, every article) were the only ones where injected markup could run a script. Its
policy allows scripts and styles from the site only, plus the inline styles Django's admin
writes; here its pages are used in Chromium with the policy on: nothing is refused and its
scripts work (the slug fills in from the headline, the date shortcuts appear).
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__refused = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__refused.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


def test_the_admin_works_under_its_content_security_policy(
    page, live_server, admin_user, make_article
):
    article = make_article()
    page.context.add_init_script(WATCH)
    base = live_server.url
    login = page.goto(base + "/admin/login/?next=/admin/")
    assert login is not None and "script-src 'self'" in login.headers["content-security-policy"]
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    pages = [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/section/add/",
        "/admin/auth/user/",
        f"/admin/auth/user/{admin_user.pk}/change/",
        "/admin/comments/comment/",
        "/admin/comments/readerprofile/",
        "/admin/narration/narration/",
        "/admin/narration/pronunciationentry/add/",
        "/admin/dashboard/auditentry/",
    ]
    for path in pages:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert "content-security-policy" in response.headers, path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__refused") == [], path

    response = page.goto(base + "/admin/articles/article/add/")
    assert response is not None and response.status == 200
    page.fill("#id_headline", "Ferry timetable changes")
    page.locator("#id_headline").blur()
    assert page.input_value("#id_slug") == "ferry-timetable-changes"
    assert page.locator(".datetimeshortcuts").count() > 0  # the admin's date widgets ran
    assert page.evaluate("window.__refused") == []
