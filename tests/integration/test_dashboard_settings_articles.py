"""The settings page: any article can be reached for its comments mode (a search by headline
or slug, and pages of 50), and two saves from pages loaded alike cannot both pass the check
for a stale form (the policy row is locked before the settings are read)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments.errors import Conflict
from masthead.dashboard import actions
from masthead.moderation.models import ModerationPolicy
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


# The settings as a fresh site shows them, sent back unchanged.
SAVED_AS_SHOWN = {
    **{
        name: ""
        for name in (
            "abuse_threshold",
            "abuse_threshold_trusted",
            "off_topic_threshold",
            "spam_threshold",
            "threat_threshold",
            "max_links",
            "banned_words_reject",
            "banned_words_hold",
            "suspect_words",
            "audit_sample_rate",
            "close_after_days",
        )
    },
    "shadow_mode": "default",
    "faq": "Be kind.",
}


@pytest.fixture
def many_articles(make_article):  # type: ignore[no-untyped-def]
    """55 articles; the oldest (the 55th newest) is about harbour dredging."""
    now = timezone.now()
    old = make_article(
        headline="Harbour dredging row goes to appeal",
        slug="harbour-dredging-appeal",
        published_at=now - timezone.timedelta(days=400),
    )
    for i in range(54):
        make_article(published_at=now - timezone.timedelta(days=i, hours=1))
    return old


def _loaded(page: str) -> str:
    return re.search(r'name="loaded" value="(\w+)"', page).group(1)


def test_an_article_older_than_the_first_50_is_found_by_headline_and_its_mode_set(
    client, lead, many_articles
):
    old = many_articles
    client.force_login(lead)
    first = client.get("/moderation/settings/").content.decode()
    assert f'name="mode_{old.pk}"' not in first
    assert "Page 1 of 2" in first
    found = client.get("/moderation/settings/", {"article_q": "harbour DREDGING"})
    page = found.content.decode()
    assert f'name="mode_{old.pk}"' in page
    assert "1 article found" in page
    assert len(re.findall(r'name="mode_\d+"', page)) == 1
    # The save posts to the same address and comes back to the same search.
    response = client.post(
        "/moderation/settings/?article_q=harbour+DREDGING",
        {
            **SAVED_AS_SHOWN,
            "loaded": _loaded(page),
            f"mode_{old.pk}": "premoderated",
            f"shown_mode_{old.pk}": "open",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/moderation/settings/?article_q=harbour+DREDGING"
    assert Article.objects.get(pk=old.pk).comments_mode == "premoderated"


def test_an_old_article_is_found_by_slug_and_on_the_second_page(client, lead, many_articles):
    old = many_articles
    client.force_login(lead)
    page = client.get("/moderation/settings/", {"article_q": "dredging-appeal"}).content.decode()
    assert f'name="mode_{old.pk}"' in page
    second = client.get("/moderation/settings/", {"page": "2"}).content.decode()
    assert f'name="mode_{old.pk}"' in second
    assert "Page 2 of 2" in second
    nothing = client.get("/moderation/settings/", {"article_q": "<b>zebra</b>"}).content.decode()
    assert "0 articles found for “&lt;b&gt;zebra&lt;/b&gt;”" in nothing
    assert not re.findall(r'name="mode_\d+"', nothing)


def test_the_second_of_two_saves_from_the_same_page_gets_the_stale_error(lead, make_staff):
    other = make_staff("other_lead", "Moderation leads")
    loaded = actions.settings_fingerprint()
    actions.update_settings(other, {"suspect_words": "toll"}, loaded=loaded)
    with pytest.raises(Conflict) as refused:
        actions.update_settings(lead, {"suspect_words": ""}, loaded=loaded)
    assert refused.value.code == "settings_changed"
    assert ModerationPolicy.load().suspect_words == "toll"


def _locked_by_another_transaction() -> bool:
    """Whether another connection (another process) finds the policy row locked now."""
    import threading

    from django.db import DatabaseError, connections, transaction

    result: list[bool] = []

    def probe() -> None:
        try:
            with transaction.atomic():
                ModerationPolicy.objects.select_for_update(nowait=True).filter(pk=1).first()
            result.append(False)
        except DatabaseError:
            result.append(True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return result[0]


@pytest.mark.django_db(transaction=True)  # the probe runs on another connection
def test_the_stale_check_runs_while_the_policy_row_is_locked(lead, monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite: select_for_update is a no-op there")
    ModerationPolicy.objects.get_or_create(pk=1)
    checked_under_lock: list[bool] = []
    check_not_stale = actions.check_not_stale

    def watched(loaded, state):  # type: ignore[no-untyped-def]
        checked_under_lock.append(_locked_by_another_transaction())
        return check_not_stale(loaded, state)

    monkeypatch.setattr(actions, "check_not_stale", watched)
    actions.update_settings(lead, {"suspect_words": "toll"}, loaded=actions.settings_fingerprint())
    assert checked_under_lock == [True]
    assert ModerationPolicy.load().suspect_words == "toll"


def test_the_article_search_is_text_not_markup_or_a_pattern(
    client, lead, many_articles, make_article
):
    # Review of the session's diff: what a lead types is shown escaped in the field and the
    # result line, and %, _ and quotes are searched for as written (not LIKE wildcards).
    make_article(headline='Rates cut by 50% on "Bridge_Day"', slug="rates-cut-bridge-day")
    client.force_login(lead)
    percent = client.get("/moderation/settings/", {"article_q": "%"}).content.decode()
    assert "1 article found" in percent
    # As a LIKE pattern "l_r" would find the 54 "council-river-…" slugs.
    underscore = client.get("/moderation/settings/", {"article_q": "l_r"}).content.decode()
    assert "0 articles found" in underscore
    typed = '"><script>alert(1)</script>'
    page = client.get("/moderation/settings/", {"article_q": typed}).content.decode()
    assert "<script>alert(1)" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "0 articles found for “&quot;&gt;&lt;script&gt;" in page
    # The pager carries the search URL-encoded (55 + 1 articles have a hyphen in the slug).
    paged = client.get("/moderation/settings/", {"article_q": "-"}).content.decode()
    assert 'href="?article_q=-&amp;page=2"' in paged
