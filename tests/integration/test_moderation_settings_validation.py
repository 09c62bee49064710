"""The moderation settings refuse numbers that are not what a lead means (NaN, infinity, "1e2",
values outside 0..1, a trusted threshold below everyone's) with a plain 400, in the action
scripts use and on the workspace's settings page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from masthead.comments.errors import InvalidComment
from masthead.dashboard import actions as dashboard
from masthead.dashboard.models import WorkspaceSettings
from masthead.moderation import actions
from masthead.moderation.models import ModerationPolicy
from masthead.moderation.policy import site_thresholds
from tests.integration.test_dashboard_qa_workspace import settings_form
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_a_trusted_abuse_threshold_below_the_normal_one_is_refused_naming_both():
    with pytest.raises(ValidationError) as raised:
        actions.update_policy(abuse_threshold=0.7, abuse_threshold_trusted=0.5)
    message = " ".join(raised.value.messages)
    assert "0.5" in message and "0.7" in message and "trusted" in message
    assert ModerationPolicy.load().abuse_threshold is None


def test_the_trusted_threshold_is_compared_with_the_default_in_force():
    # Trusted left empty: the site default applies, so a higher threshold for everyone is a
    # mistake.
    trusted_default = site_thresholds().abuse_trusted
    with pytest.raises(ValidationError) as raised:
        actions.update_policy(abuse_threshold=min(1.0, trusted_default + 0.1))
    assert f"({trusted_default:g}, the site default)" in " ".join(raised.value.messages)
    actions.update_policy(abuse_threshold=0.6, abuse_threshold_trusted=0.6)  # equal is fine


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-inf", "1e2", "1e-1", "0x1", "1_0", "2"])
def test_a_threshold_that_is_not_a_plain_number_from_0_to_1_is_refused(typed):
    with pytest.raises(ValidationError) as raised:
        actions.update_policy(spam_threshold=typed)
    assert '"Spam"' in " ".join(raised.value.messages)
    assert raised.value.params == {"field": "spam_threshold"}
    assert ModerationPolicy.load().spam_threshold is None


@pytest.mark.parametrize("typed", [float("nan"), float("inf"), True])
def test_a_script_cannot_store_nan_infinity_or_a_boolean_as_a_threshold(typed):
    with pytest.raises(ValidationError):
        actions.update_policy(off_topic_threshold=typed)


def test_minus_zero_is_stored_as_zero():
    policy = actions.update_policy(spam_threshold="-0", off_topic_threshold=-0.0)
    policy.refresh_from_db()
    assert str(policy.spam_threshold) == "0.0" and str(policy.off_topic_threshold) == "0.0"


@pytest.mark.parametrize("typed", ["1e1", "2.5", "nan", "٣"])
def test_most_links_must_be_a_plain_whole_number(typed):
    with pytest.raises(ValidationError):
        actions.update_policy(max_links=typed)


@pytest.mark.parametrize("typed", ["nan", "inf", "1e-2", "-0.1", "1.5"])
def test_the_audit_sample_rate_refuses_what_is_not_a_plain_fraction(typed):
    with pytest.raises(InvalidComment) as raised:
        dashboard.check_sample_rate(typed)
    assert raised.value.field == "audit_sample_rate"


def test_the_audit_sample_rate_minus_zero_is_zero():
    assert str(dashboard.check_sample_rate("-0")) == "0.0"


@pytest.mark.parametrize("typed", ["-5", "1e2", "3.5", "99999"])
def test_the_closing_age_must_be_whole_days_from_0_to_3650(typed):
    with pytest.raises(InvalidComment) as raised:
        dashboard.check_close_after_days(typed)
    assert raised.value.field == "close_after_days"


def test_the_settings_page_refuses_a_trusted_threshold_below_the_normal_one_with_a_400(
    client, lead
):
    client.force_login(lead)
    form = settings_form(abuse_threshold="0.7", abuse_threshold_trusted="0.5")
    response = client.post("/moderation/settings/", form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "must be at least" in page and "0.5" in page and "0.7" in page
    assert ModerationPolicy.load().abuse_threshold is None


@pytest.mark.parametrize(
    "field,typed",
    [
        ("spam_threshold", "nan"),
        ("off_topic_threshold", "inf"),
        ("abuse_threshold", "1e2"),
        ("audit_sample_rate", "NaN"),
        ("max_links", "1e1"),
    ],
)
def test_the_settings_page_answers_nonsense_numbers_with_a_400(client, lead, field, typed):
    client.force_login(lead)
    response = client.post("/moderation/settings/", settings_form(**{field: typed}))
    assert response.status_code == 400
    assert WorkspaceSettings.load().audit_sample_rate is None


def test_the_settings_page_shows_minus_zero_as_zero(client, lead):
    client.force_login(lead)
    form = settings_form(spam_threshold="-0", audit_sample_rate="-0")
    assert client.post("/moderation/settings/", form).status_code == 302
    page = client.get("/moderation/settings/").content.decode()
    assert "-0.0" not in page
    assert 'name="spam_threshold" inputmode="decimal" size="5" value="0.0"' in page
