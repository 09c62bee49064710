"""Two leads on the settings page: the second's save is refused (someone saved meanwhile) and
the refused page must let them save again without undoing the first lead's change. Before
2026-11-30 the refused page showed every field as the second lead's page had loaded it, so
"save again", as the message said, put back the old word lists and FAQ the first lead had
just changed."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from masthead.comments.models import CommentsSettings
from masthead.dashboard import actions
from masthead.moderation.models import ModerationPolicy
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The values a browser would send for the settings form (the one posting to itself)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_form = a.get("method") == "post" and "settings" in a.get("class", "")
        if not self._in_form or a.get("form"):
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[a["name"]] = "on"
            else:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            # As a browser sends a textarea: \r\n line ends.
            self.values[self._textarea] += data.replace("\n", "\r\n")


def _form(html: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(html)
    return parser.values


def test_saving_again_after_a_refused_save_keeps_the_other_leads_change(client, lead, make_staff):
    other = make_staff("other_lead", "Moderation leads")
    actions.update_settings(other, {"banned_words_hold": "flibber"}, faq="Be kind.")
    client.force_login(lead)
    mine = _form(client.get("/moderation/settings/").content.decode())
    assert mine["banned_words_hold"] == "flibber" and mine["faq"] == "Be kind."

    # The other lead changes the word lists and the FAQ; this lead, on the page loaded before,
    # changes only the spam threshold.
    actions.update_settings(
        other,
        {"banned_words_hold": "flibber\nwobble", "suspect_words": "toll"},
        faq="Be kind. Really.",
    )
    refused = client.post("/moderation/settings/", {**mine, "spam_threshold": "0.95"})
    assert refused.status_code == 409
    again = _form(refused.content.decode())
    # The refused page: the other lead's values where this lead changed nothing, this lead's
    # threshold where they did.
    assert again["spam_threshold"] == "0.95"
    assert again["banned_words_hold"] == "flibber\r\nwobble"
    assert again["suspect_words"] == "toll"
    assert again["faq"] == "Be kind. Really."

    assert client.post("/moderation/settings/", again).status_code == 302
    policy = ModerationPolicy.load()
    assert policy.spam_threshold == pytest.approx(0.95)
    assert policy.banned_words_hold.split() == ["flibber", "wobble"]
    assert policy.suspect_words.split() == ["toll"]
    assert CommentsSettings.load().faq == "Be kind. Really."


def test_a_field_both_leads_changed_keeps_what_this_lead_typed(client, lead, make_staff):
    other = make_staff("other_lead", "Moderation leads")
    client.force_login(lead)
    mine = _form(client.get("/moderation/settings/").content.decode())
    actions.update_settings(other, {"suspect_words": "toll", "premoderate_links": True})
    refused = client.post("/moderation/settings/", {**mine, "suspect_words": "wibble"})
    assert refused.status_code == 409
    again = _form(refused.content.decode())
    assert again["suspect_words"] == "wibble"  # theirs is in the audit log, mine is on the form
    assert again.get("premoderate_links") == "on"  # a box only the other lead ticked stays ticked


def test_a_refused_save_for_a_bad_value_still_shows_everything_as_typed(client, lead):
    client.force_login(lead)
    mine = _form(client.get("/moderation/settings/").content.decode())
    refused = client.post(
        "/moderation/settings/", {**mine, "spam_threshold": "2", "suspect_words": "wibble"}
    )
    assert refused.status_code == 400
    again = _form(refused.content.decode())
    assert again["spam_threshold"] == "2" and again["suspect_words"] == "wibble"
