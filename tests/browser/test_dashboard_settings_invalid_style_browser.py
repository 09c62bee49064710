"""On a refused settings save the box the message names is marked aria-invalid (e39bd36) and,
since 2026-11-30, shows it too: a border three times as thick as the other boxes' and a warning
sign before its label, not colour alone, and both stay in forced-colors (contrast theme) mode.
Before, nothing on the screen told a sighted lead which box the message at the top was about."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from masthead.dashboard import roles
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "lead-invalid-style-pass-1"

# The box's border width and what its label's ::before shows, as the browser draws them.
STYLE = """(id) => {
  const box = document.getElementById(id);
  const label = document.querySelector(`label[for="${id}"]`);
  return {width: getComputedStyle(box).borderTopWidth,
          sign: getComputedStyle(label, '::before').content};
}"""


@pytest.mark.parametrize("forced_colors", ["none", "active"])
def test_the_box_a_refused_save_names_is_drawn_with_a_thick_border_and_a_sign(
    page, live_server, forced_colors
):
    roles.ensure_roles()
    user = User.objects.create_user("lead", "lead@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Moderation leads"))
    page.emulate_media(forced_colors=forced_colors)
    log_in(page, live_server.url, "lead", PASSWORD, "/moderation/settings/")
    page.locator("#s-spam").fill("abc")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_function(
        "() => document.querySelector('#s-spam[aria-invalid=\"true\"]') !== null"
    )
    assert page.locator("#settings-error").is_visible()
    page.wait_for_load_state("load")  # the stylesheets are in
    assert page.evaluate("() => matchMedia('(forced-colors: active)').matches") is (
        forced_colors == "active"
    )
    marked = page.evaluate(STYLE, "s-spam")
    other = page.evaluate(STYLE, "s-topic")
    assert marked["width"] == "3px", marked
    assert "\u26a0" in marked["sign"], marked
    # Only the named box: the others keep their usual 1px border and no sign.
    assert other["width"] == "1px", other
    assert other["sign"] in ("none", "normal"), other
