"""The settings page's "Learning from your decisions" panel: the site adapter in use and its
check in plain words, the kept adapters with "Use this", "Stop using it"; only for those who
may change the settings, through moderation.actions.use_site_adapter (audited), and a forged
or unknown version is a 400 that changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from masthead.comments.models import Comment
from masthead.dashboard.models import AuditEntry
from masthead.moderation.actions import use_site_adapter
from masthead.moderation.core.adapter import EMBEDDING_SIZE
from masthead.moderation.models import ModerationPolicy, SiteAdapterRecord
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

SETTINGS = "/moderation/settings/"
PANEL = "/moderation/settings/site-adapter/"
ABUSE = "abuse-test+respell2"
TOPIC = "topic-test+minilm"
REPORT = {
    "decisions": 812,
    "rejected": 120,
    "articles": 45,
    "checked": 190,
    "checked_rejected": 30,
    "threshold": 0.7,
    "shipped_auc": 0.7123,
    "adapted_auc": 0.8051,
    "shipped_at_threshold": {"approved_published": 0.9, "rejected_published": 0.3},
    "adapted_at_threshold": {"approved_published": 0.9425, "rejected_published": 0.185},
}


@pytest.fixture
def make_adapter(db):  # type: ignore[no-untyped-def]
    def make(version: str, *, fitted_by: str = "adapt-moderation", **report: object):
        return SiteAdapterRecord.objects.create(
            version=version,
            adapter={
                "version": version,
                "abuse_model": ABUSE,
                "topic_model": TOPIC,
                "weights": [1.0] + [0.0] * EMBEDDING_SIZE,
                "intercept": 0.0,
            },
            report={**REPORT, **report},
            days=365,
            fitted_by=fitted_by,
        )

    return make


def _checked_comment(article, model_version: str, scores: dict, **fields) -> Comment:  # type: ignore[no-untyped-def]
    return Comment.objects.create(
        article=article,
        text="A fair point.",
        status=Comment.Status.PUBLISHED,
        decision="publish",
        model_version=model_version,
        scores=scores,
        **fields,
    )


def _in_use() -> str | None:
    adapter = ModerationPolicy.load().site_adapter
    return adapter.version if adapter is not None else None


def test_without_an_adapter_the_panel_says_the_shipped_model_decides_and_how_to_fit_one(
    client, lead
):
    client.force_login(lead)
    page = client.get(SETTINGS).content.decode()
    assert "Learning from your decisions" in page
    assert "None: the shipped model decides." in page
    assert "No site adapter has been fitted yet." in page
    assert "masthead adapt-moderation" in page
    assert "Stop using it" not in page


def test_a_lead_puts_a_kept_adapter_in_use_and_the_change_is_audited(client, lead, make_adapter):
    make_adapter("sa-20261129-aaaa")
    client.force_login(lead)
    assert "Use this" in client.get(SETTINGS).content.decode()
    response = client.post(PANEL, {"action": "use", "version": "sa-20261129-aaaa"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/moderation/settings/#site-adapter")
    page = response.content.decode()
    assert "Site adapter sa-20261129-aaaa is in use." in page
    assert _in_use() == "sa-20261129-aaaa"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SETTINGS)
    assert entry.actor == lead
    assert entry.after == {"site_adapter": "sa-20261129-aaaa"}
    # The panel shows it with its check, shipped model -> adapter, in plain words.
    assert "812 moderators&#x27; decisions (120 of them rejections) on 45 articles" in page
    assert "shipped model 0.712 -&gt; adapter 0.805" in page
    assert "approved comments published: shipped model 90.0% -&gt; adapter 94.2%" in page
    assert "rejected comments published: shipped model 30.0% -&gt; adapter 18.5%" in page
    assert f"Fitted for the abuse model {ABUSE} and the on-topic model {TOPIC}." in page
    assert "Stop using it" in page


def test_a_lead_stops_using_the_adapter(client, lead, make_adapter):
    make_adapter("sa-20261129-aaaa")
    use_site_adapter("sa-20261129-aaaa", lead)
    client.force_login(lead)
    response = client.post(PANEL, {"action": "stop"}, follow=True)
    page = response.content.decode()
    assert "No site adapter in use: the shipped abuse model decides." in page
    assert "None: the shipped model decides." in page
    assert _in_use() is None
    assert AuditEntry.objects.filter(after={"site_adapter": None}).count() == 1


def test_a_moderator_without_the_settings_permission_gets_403_and_nothing_changes(
    client, mod, make_adapter
):
    make_adapter("sa-20261129-aaaa")
    client.force_login(mod)
    assert client.post(PANEL, {"action": "use", "version": "sa-20261129-aaaa"}).status_code == 403
    assert _in_use() is None
    use_site_adapter("sa-20261129-aaaa")
    assert client.post(PANEL, {"action": "stop"}).status_code == 403
    assert _in_use() == "sa-20261129-aaaa"


@pytest.mark.parametrize(
    "form",
    [
        {"action": "use", "version": "sa-never-fitted"},
        {"action": "use", "version": "x" * 500},
        {"action": "use", "version": ""},
        {"action": "use"},
        {"action": "delete", "version": "sa-20261129-aaaa"},
        {},
    ],
)
def test_an_unknown_or_forged_choice_is_a_400_with_a_message_and_changes_nothing(
    client, lead, make_adapter, form
):
    make_adapter("sa-20261129-aaaa")
    use_site_adapter("sa-20261129-aaaa")
    client.force_login(lead)
    response = client.post(PANEL, form)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert _in_use() == "sa-20261129-aaaa"


def test_the_unknown_version_message_names_no_typed_markup(client, lead):
    client.force_login(lead)
    response = client.post(PANEL, {"action": "use", "version": "<script>alert(1)</script>"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is no kept site adapter with that version" in page
    assert "<script>alert(1)" not in page


def test_the_buttons_need_a_post_with_the_csrf_token(lead, make_adapter):
    make_adapter("sa-20261129-aaaa")
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    assert client.get(PANEL).status_code == 405
    assert client.post(PANEL, {"action": "use", "version": "sa-20261129-aaaa"}).status_code == 403
    assert _in_use() is None
    page = client.get(SETTINGS).content.decode()
    panel = page[page.index('id="site-adapter"') :]
    assert panel.count('name="csrfmiddlewaretoken"') == 1  # the one "Use this" form


def test_the_kept_list_shows_the_five_newest_and_marks_the_one_in_use(client, lead, make_adapter):
    now = timezone.now()
    for day in range(7):
        record = make_adapter(f"sa-202611{10 + day}-kept")
        SiteAdapterRecord.objects.filter(pk=record.pk).update(
            fitted_at=now - dt.timedelta(days=7 - day)
        )
    use_site_adapter("sa-20261115-kept")
    client.force_login(lead)
    page = client.get(SETTINGS).content.decode()
    panel = page[page.index('id="site-adapter"') :]
    shown = [
        f"sa-202611{10 + day}-kept" for day in range(7) if f"sa-202611{10 + day}-kept<" in panel
    ]
    assert shown == [f"sa-202611{10 + day}-kept" for day in range(2, 7)]
    assert panel.index("sa-20261116-kept<") < panel.index("sa-20261112-kept<")
    assert panel.count("Use this") == 4
    assert 'value="sa-20261115-kept"' not in panel  # in use: no button for it


def test_what_a_fitting_stored_is_escaped(client, lead, make_adapter):
    make_adapter("sa-<b>bold</b>", fitted_by="<img src=x onerror=alert(1)>")
    use_site_adapter("sa-<b>bold</b>")
    client.force_login(lead)
    page = client.get(SETTINGS).content.decode()
    assert "<b>bold</b>" not in page
    assert "sa-&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<img src=x" not in page


def test_the_panel_says_the_adapter_does_not_apply_when_the_latest_check_used_other_models(
    client, lead, make_adapter, make_article
):
    make_adapter("sa-20261129-aaaa")
    use_site_adapter("sa-20261129-aaaa")
    _checked_comment(
        make_article(), f"abuse=abuse-newer+respell2;spam=s;topic={TOPIC}", {"abuse": 0.1}
    )
    client.force_login(lead)
    page = client.get(SETTINGS).content.decode()
    assert "It does not apply: the most recent comment was checked by the abuse model" in page
    assert f"abuse-newer+respell2, not {ABUSE}" in page


def test_the_panel_says_the_adapter_applies_when_the_latest_comment_was_scored_through_it(
    client, lead, make_adapter, make_article
):
    make_adapter("sa-20261129-aaaa")
    use_site_adapter("sa-20261129-aaaa")
    _checked_comment(
        make_article(),
        f"abuse={ABUSE};site_adapter=sa-20261129-aaaa;spam=s;topic={TOPIC}",
        {"abuse": 0.4, "abuse_model": 0.2},
    )
    client.force_login(lead)
    page = client.get(SETTINGS).content.decode()
    assert "It applies: the most recent comment was scored through it." in page


def test_a_check_from_before_the_change_does_not_tell_whether_it_applies(
    client, lead, make_adapter, make_article
):
    make_adapter("sa-20261129-aaaa")
    use_site_adapter("sa-20261129-aaaa")
    _checked_comment(
        make_article(),
        f"abuse={ABUSE};spam=s;topic={TOPIC}",
        {"abuse": 0.4},
        created_at=timezone.now() - dt.timedelta(days=1),
    )
    client.force_login(lead)
    page = client.get(SETTINGS).content.decode()
    assert "whether it applies is not known yet" in page


def test_a_comment_checked_since_the_change_but_not_through_the_adapter_means_it_does_not_apply(
    client, lead, make_adapter, make_article
):
    make_adapter("sa-20261129-aaaa")
    use_site_adapter("sa-20261129-aaaa")
    # The versions recorded match, yet no "abuse_model" score: the adapter did not read it.
    _checked_comment(make_article(), f"abuse={ABUSE};spam=s;topic={TOPIC}", {"abuse": 0.4})
    client.force_login(lead)
    page = client.get(SETTINGS).content.decode()
    assert "posted after it was put in use, was not scored through it" in page
