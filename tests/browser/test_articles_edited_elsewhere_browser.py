"""The newsroom's article form, open in one tab, says when the article is saved in another (or
by a colleague) as soon as the editor comes back to it, before they type over the newer version
(saving would be refused: the "edited meanwhile" check). A form nobody else touched says
nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "newsroom-desk-pass-3"
TOLD = "[data-edited-elsewhere]"


def _editor() -> None:
    editor = User.objects.create_user("desk-editor", "ed@example.org", PASSWORD, is_staff=True)
    for codename in ("view_article", "change_article", "publish_article"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))


def test_a_form_open_in_one_tab_says_so_when_the_article_is_saved_in_another(
    live_server, page, make_article
):
    article = make_article(slug="harbour-wall", headline="Harbour wall to be rebuilt")
    _editor()
    change = f"/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server.url, "desk-editor", PASSWORD, change)
    with page.expect_response(lambda r: "/version.json" in r.url) as first:
        page.evaluate("() => window.dispatchEvent(new Event('focus'))")
    assert first.value.status == 200
    with page.expect_response(lambda r: "/version.json" in r.url) as second:
        page.evaluate("() => window.dispatchEvent(new Event('focus'))")
    assert second.value.status == 304  # unchanged: the page sent its ETag, no body came back
    assert page.locator(TOLD).count() == 0

    other = page.context.new_page()  # the same editor in a second tab
    other.goto(live_server.url + change)
    other.locator("#id_headline").fill("Harbour wall rebuild approved")
    other.locator("input[name=_save]").click()
    other.wait_for_url(lambda url: url.rstrip("/").endswith("/admin/articles/article"))

    page.evaluate("() => window.dispatchEvent(new Event('focus'))")  # back to the first tab
    told = page.locator(TOLD)
    told.wait_for()
    assert told.get_attribute("role") == "alert"
    assert told.inner_text().startswith("This article was saved elsewhere after you opened it")
    # it is the form's own message box, above the fields
    assert page.locator(f"#article_form {TOLD}").count() == 1
