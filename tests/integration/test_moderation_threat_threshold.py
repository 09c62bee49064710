"""The threat-of-violence threshold can be set per site in the stored policy, like the spam
threshold: saved from a script or the settings page, refused when it is not a plain number
from 0 to 1 (with a message naming the box), used by current_policy when set (the site default
when empty), audited, and shown on the settings page with what it does."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from masthead.dashboard import calibration, whatif
from masthead.dashboard.models import AuditEntry
from masthead.moderation import actions
from masthead.moderation.models import ModerationPolicy
from masthead.moderation.policy import current_policy, site_thresholds
from tests.integration.test_dashboard_qa_workspace import settings_form
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def settings_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="settings").order_by("id"))


def test_a_stored_threat_threshold_is_the_one_in_force_and_empty_means_the_site_default():
    default = site_thresholds().threat
    assert current_policy().thresholds.threat == default
    actions.update_policy(threat_threshold="0.45")
    assert ModerationPolicy.load().threat_threshold == 0.45
    assert current_policy().thresholds.threat == 0.45
    actions.update_policy(threat_threshold="")
    assert ModerationPolicy.load().threat_threshold is None
    assert current_policy().thresholds.threat == default


def test_the_stored_threat_threshold_overrides_the_environment(masthead_settings):
    masthead_settings(MODERATION_THREAT_THRESHOLD=0.9)
    assert current_policy().thresholds.threat == 0.9
    actions.update_policy(threat_threshold=0.3)
    assert current_policy().thresholds.threat == 0.3


def test_the_threat_threshold_does_not_change_the_other_thresholds():
    before = current_policy().thresholds
    actions.update_policy(threat_threshold=0.2)
    after = current_policy().thresholds
    assert (after.abuse, after.abuse_trusted, after.off_topic, after.spam) == (
        before.abuse,
        before.abuse_trusted,
        before.off_topic,
        before.spam,
    )


@pytest.mark.parametrize(
    "typed", ["nan", "inf", "-inf", "1e2", "1e-1", "0x1", "1_0", "2", "-0.1", "high", True]
)
def test_a_threat_threshold_that_is_not_a_plain_number_from_0_to_1_is_refused(typed):
    with pytest.raises(ValidationError) as raised:
        actions.update_policy(threat_threshold=typed)
    assert '"Threat of violence"' in " ".join(raised.value.messages)
    assert raised.value.params == {"field": "threat_threshold"}
    assert ModerationPolicy.load().threat_threshold is None
    assert not settings_entries()


def test_a_threat_threshold_outside_0_to_1_cannot_be_stored_even_past_the_action():
    ModerationPolicy.objects.create(pk=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationPolicy.objects.filter(pk=1).update(threat_threshold=1.5)


def test_minus_zero_threat_threshold_is_stored_as_zero():
    policy = actions.update_policy(threat_threshold="-0")
    policy.refresh_from_db()
    assert str(policy.threat_threshold) == "0.0"


def test_a_script_changing_the_threat_threshold_is_audited_naming_it():
    actions.update_policy(threat_threshold="0.5", actor="masthead import-policy")
    [entry] = settings_entries()
    assert entry.actor_name == "masthead import-policy"
    assert entry.before == {"threat_threshold": None}
    assert entry.after == {"threat_threshold": 0.5}
    assert entry.reason == "Changed threat_threshold"
    actions.update_policy(threat_threshold=0.5)  # no change: no second entry
    assert len(settings_entries()) == 1


def test_the_settings_page_saves_the_threat_threshold_and_audits_it_once(client, lead):
    client.force_login(lead)
    response = client.post("/moderation/settings/", settings_form(threat_threshold="0.55"))
    assert response.status_code == 302
    assert ModerationPolicy.load().threat_threshold == 0.55
    assert current_policy().thresholds.threat == 0.55
    [entry] = settings_entries()
    assert entry.actor == lead
    assert entry.before["threat_threshold"] is None and entry.after["threat_threshold"] == 0.55
    assert "threat_threshold" in entry.reason


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("nan", '"Threat of violence" must be a number between 0 and 1'),
        ("1.5", '"Threat of violence" must be between 0 and 1, not 1.5.'),
    ],
)
def test_the_settings_page_refuses_a_bad_threat_threshold_with_a_400_naming_the_box(
    client, lead, typed, expected
):
    client.force_login(lead)
    response = client.post("/moderation/settings/", settings_form(threat_threshold=typed))
    assert response.status_code == 400
    assert expected in html.unescape(response.content.decode())
    assert ModerationPolicy.load().threat_threshold is None
    assert not settings_entries()


def test_the_settings_page_shows_the_threat_box_its_default_and_what_it_does(client, lead):
    client.force_login(lead)
    page = client.get("/moderation/settings/").content.decode()
    assert '<label for="s-threat">Threat of violence</label>' in page
    assert 'name="threat_threshold"' in page and 'id="s-threat"' in page
    assert f"({site_thresholds().threat})" in page
    assert "Held at or above this score; trusted readers get no extra room." in page
    actions.update_policy(threat_threshold="0.4")
    page = client.get("/moderation/settings/").content.decode()
    assert 'aria-describedby="s-threat-note" value="0.4"' in page


def test_the_what_if_report_uses_the_stored_threat_threshold(client, lead):
    actions.update_policy(threat_threshold="0.35")
    report = calibration.what_if(7).report
    assert report.thresholds.threat == 0.35
    assert whatif.as_dict(report)["thresholds"]["threat"] == 0.35
    client.force_login(lead)
    page = client.get("/moderation/stats/thresholds/?days=7")
    assert page.status_code == 200
    assert "current threshold (0.35)" in page.content.decode()
