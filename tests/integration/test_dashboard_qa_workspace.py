"""QA review of the moderators' workspace: decisions on comments someone already decided, the
queues' scores and tabs, the health of the checks, what readers are told."""

from __future__ import annotations

import re

import pytest

from masthead.comments.errors import Conflict
from masthead.comments.models import Comment
from masthead.dashboard import actions
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


# --- decisions on comments already decided (stale page, two moderators, double submit) -------


def test_a_second_moderator_cannot_publish_what_the_first_rejected(mod, make_staff, held):
    other = make_staff("other", "Moderators")
    comment = held()
    actions.reject(mod, comment.pk, "Personal attacks are not allowed.")
    with pytest.raises(Conflict) as raised:
        actions.approve(other, comment.pk)  # from a page loaded before mod's decision
    assert "mod already rejected" in raised.value.message
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert comment.rejection_reason == "Personal attacks are not allowed."
    assert not AuditEntry.objects.filter(actor=other).exists()
    with pytest.raises(Conflict):
        actions.edit_and_approve(other, comment.pk, "Tidied up.")
    assert Comment.objects.get(pk=comment.pk).status == "rejected"


def test_a_double_submitted_decision_is_refused_not_logged_twice(mod, make_staff, held):
    first, second = held("idiot one"), held("idiot two")
    actions.approve(mod, first.pk)
    with pytest.raises(Conflict):
        actions.approve(mod, first.pk)
    actions.reject(mod, second.pk, "No insults.")
    with pytest.raises(Conflict):
        actions.reject(mod, second.pk, "Something else.")
    assert Comment.objects.get(pk=second.pk).rejection_reason == "No insults."
    assert AuditEntry.objects.filter(actor=mod).count() == 2
    # Taking down what a colleague just approved from a stale held page is refused too.
    other = make_staff("other", "Moderators")
    with pytest.raises(Conflict) as raised:
        actions.reject(other, first.pk, "Rude.")
    assert "mod already approved" in raised.value.message
    assert Comment.objects.get(pk=first.pk).status == "published"


def test_the_form_answers_a_stale_decision_with_a_409_page(client, mod, make_staff, held):
    comment = held()
    actions.reject(make_staff("other", "Moderators"), comment.pk, "No insults.")
    client.force_login(mod)
    response = client.post(f"/moderation/comments/{comment.pk}/approve/")
    assert response.status_code == 409
    assert "other already rejected this comment" in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == "rejected"


def test_bulk_leaves_comments_decided_meanwhile_and_says_which(client, mod, make_staff, held):
    from masthead.comments import actions as comment_actions

    comments = [held(f"idiot {i}") for i in range(4)]
    actions.reject(make_staff("other", "Moderators"), comments[1].pk, "No insults.")
    author = comments[2].author
    comment_actions.delete_comment(Comment.objects.get(pk=comments[2].pk), author)
    client.force_login(mod)
    response = client.post(
        "/moderation/bulk/", {"action": "approve", "ids": [c.pk for c in comments]}, follow=True
    )
    page = response.content.decode()
    assert "2 comments done" in page
    assert f"no. {comments[1].pk}" in page and f"no. {comments[2].pk}" in page
    statuses = dict(
        Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("pk", "status")
    )
    assert [statuses[c.pk] for c in comments] == ["published", "rejected", "deleted", "published"]
    # Nothing left to do at all: a 409 with the reason, nothing written.
    before = AuditEntry.objects.count()
    response = client.post(
        "/moderation/bulk/", {"action": "reject", "ids": [comments[1].pk], "reason": "x"}
    )
    assert response.status_code == 409
    assert AuditEntry.objects.count() == before


# --- what each item shows, and which tab it waits in ----------------------------------------


@pytest.fixture
def gateway_with_fakes(use_moderator, masthead_settings, monkeypatch):
    """The real gateway and pipeline, with the small fake models."""
    from masthead.moderation import gateway
    from masthead.moderation.core.classifiers.fake import fake_classifiers

    use_moderator("masthead.moderation.gateway.moderate_comment")
    masthead_settings(COMMENT_RATE_PER_READER="10000/60")
    monkeypatch.setattr(gateway, "get_classifiers", fake_classifiers)


@pytest.fixture
def three_links_posted_two_allowed(settings):  # type: ignore[no-untyped-def]
    """The form refuses more than COMMENT_MAX_LINKS links and moderation holds more than the
    policy's "Most links allowed"; both count links alike (masthead.core.links), so a comment
    held for its links needs the policy's number below the form's."""
    from masthead.moderation import actions as policy_actions

    settings.MASTHEAD = {**settings.MASTHEAD, "COMMENT_MAX_LINKS": 3}
    policy_actions.update_policy(max_links=2)


def test_the_number_of_links_is_a_count_not_a_300_percent_risk(
    client, mod, make_article, make_reader, post, gateway_with_fakes, three_links_posted_two_allowed
):
    article, reader = make_article(), make_reader()
    links = post(article, reader, "The bridge plans: http://a.example.com www.b.org and c.net")
    insult = post(article, reader, "The bridge council are idiot planners")
    assert links.status == insult.status == "held"
    assert links.scores["links"] == 3.0
    client.force_login(mod)
    page = client.get("/moderation/queue/held/?sort=risk").content.decode()
    assert "300%" not in page
    assert "Links: 3" in page
    # The insult (abuse 0.95) is riskier than three links with nothing abusive in them.
    assert page.index(f'id="item-{insult.pk}"') < page.index(f'id="item-{links.pk}"')


def test_a_comment_held_for_an_insult_waits_in_held_even_when_pre_moderation_applies(
    client, mod, make_article, make_reader, post, gateway_with_fakes
):
    from masthead.moderation import actions as policy_actions

    policy_actions.update_policy(premoderate_new_readers=True)
    article = make_article()
    insult = post(article, make_reader(), "The bridge council are idiot planners")
    first = post(article, make_reader(), "The bridge is overdue.")
    assert insult.reasons == ["abusive", "insult", "first_comment"]
    assert first.reasons == ["first_comment"]
    client.force_login(mod)
    held_page = client.get("/moderation/queue/held/").content.decode()
    premod_page = client.get("/moderation/queue/premoderated/").content.decode()
    assert f'id="item-{insult.pk}"' in held_page and f'id="item-{insult.pk}"' not in premod_page
    assert f'id="item-{first.pk}"' in premod_page and f'id="item-{first.pk}"' not in held_page


def test_the_migration_reindexes_verdicts_stored_before_the_fix(
    make_article, make_reader, post, gateway_with_fakes, three_links_posted_two_allowed
):
    import importlib

    from django.apps import apps

    from masthead.dashboard.models import Triage

    migration = importlib.import_module("masthead.dashboard.migrations.0004_reindex_triage")
    comment = post(make_article(), make_reader(), "Plans: http://a.example.com www.b.org c.net")
    Triage.objects.filter(comment=comment).update(risk=1.0, premoderated=True)  # as before
    migration.reindex(apps, None)
    triage = Triage.objects.get(comment=comment)
    assert triage.risk == pytest.approx(max(v for k, v in comment.scores.items() if k != "links"))
    assert not triage.premoderated


# --- shadow mode, from the settings page to the reader -------------------------------------


def settings_form(**fields: str) -> dict[str, str]:
    data = {
        "abuse_threshold": "",
        "abuse_threshold_trusted": "",
        "off_topic_threshold": "",
        "spam_threshold": "",
        "threat_threshold": "",
        "max_links": "",
        "banned_words_reject": "",
        "banned_words_hold": "",
        "suspect_words": "",
        "shadow_mode": "default",
        "audit_sample_rate": "",
        "close_after_days": "",
        "faq": "Be kind.",
    }
    data.update(fields)
    return data


def test_shadow_mode_publishes_records_and_switching_back_enforces(
    client, lead, make_article, make_reader, post, gateway_with_fakes
):
    article, reader = make_article(), make_reader()
    client.force_login(lead)
    assert client.post("/moderation/settings/", settings_form(shadow_mode="on")).status_code == 302
    shadowed = post(article, reader, "The bridge council are idiot planners")
    assert shadowed.status == "published"
    assert shadowed.shadow_decision == "hold" and "insult" in shadowed.reasons
    assert shadowed.explanation == ""
    entry = AuditEntry.objects.get(comment=shadowed)
    assert entry.action == "auto_publish" and entry.after["shadow_decision"] == "hold"
    change = AuditEntry.objects.filter(action="settings").latest("id")
    assert change.before["shadow_mode"] is None and change.after["shadow_mode"] is True
    assert client.post("/moderation/settings/", settings_form(shadow_mode="off")).status_code == 302
    enforced = post(article, reader, "The bridge council are idiot planners, again")
    assert enforced.status == "held" and enforced.shadow_decision == ""


def test_in_shadow_mode_a_reader_held_by_pre_moderation_is_told_only_that(
    make_article, make_reader, post, gateway_with_fakes
):
    from masthead.moderation import actions as policy_actions

    policy_actions.update_policy(shadow_mode=True, premoderate_everything=True)
    comment = post(make_article(), make_reader(), "The bridge council are idiot planners")
    assert comment.status == "held"
    # The insult was recorded for moderators, but not enforced: the reader waits because the
    # site pre-moderates, and is told that, not that the comment 'contains a personal insult'.
    assert "insult" in comment.reasons
    assert "checked by a moderator before" in comment.explanation
    assert "insult" not in comment.explanation and "abusive" not in comment.explanation


def test_the_settings_page_says_which_rules_shadow_mode_still_enforces(client, lead):
    client.force_login(lead)
    page = client.get("/moderation/settings/").content.decode()
    shadow = page[page.index("<legend>Shadow mode</legend>") :]
    shadow = shadow[: shadow.index("</fieldset>")]
    # Not "banned words still apply": words on the hold list do not, pre-moderation does.
    assert "banned words to reject" in shadow
    assert "pre-moderation" in shadow and "could not run" in shadow


# --- failing closed: what moderators see -----------------------------------------------------


def test_the_queue_says_when_the_checks_are_not_running(
    client, mod, make_article, make_reader, post, use_moderator, masthead_settings
):
    from tests.support.comment_fixtures import BY_KEYWORD, EXPLODE

    masthead_settings(COMMENT_RATE_PER_READER="10000/60")
    article, reader = make_article(), make_reader()
    client.force_login(mod)
    assert "checks are not running" not in client.get("/moderation/queue/held/").content.decode()
    use_moderator(EXPLODE)
    unchecked = post(article, reader, "The bridge is overdue.")
    assert (unchecked.status, unchecked.reasons) == ("held", ["classifier_unavailable"])
    page = client.get("/moderation/queue/held/").content.decode()
    assert "The automatic checks are not running" in page
    assert "1 comment waits" in page and "?reason=classifier_unavailable" in page
    item = page[page.index(f'id="item-{unchecked.pk}"') :]
    assert "Checked by unavailable" not in item
    assert "Not checked: the automatic checks could not run" in item
    # Once a comment is checked again, the warning goes (the held one still waits).
    use_moderator(BY_KEYWORD)
    post(article, reader, "A fair point about the bridge.")
    page = client.get("/moderation/queue/held/").content.decode()
    assert "The automatic checks are not running" not in page
    assert f'id="item-{unchecked.pk}"' in page


# --- hostile and right-to-left text in an item -------------------------------------------------


def test_an_item_escapes_html_and_keeps_right_to_left_text_in_its_own_direction(client, mod, held):
    comment = held("<script>alert(1)</script> idiot هذا تعليق", reader_name="سارة")
    client.force_login(mod)
    page = client.get("/moderation/queue/held/").content.decode()
    item = page[page.index(f'id="item-{comment.pk}"') :]
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in item
    # An Arabic comment or name is laid out right to left without turning the line around it.
    assert '<div class="item__text" dir="auto">' in item
    assert "<bdi>سارة</bdi> on" in item
    edit = client.get(f"/moderation/comments/{comment.pk}/edit/").content.decode()
    assert 'name="text" dir="auto"' in edit


# --- settings: comments mode of each article ---------------------------------------------------


def test_saving_the_settings_page_keeps_a_mode_someone_changed_since_it_was_loaded(
    client, lead, make_article
):
    import re

    from masthead.articles.models import Article

    article = make_article()
    client.force_login(lead)
    page = client.get("/moderation/settings/").content.decode()
    shown = dict(re.findall(r'name="(shown_mode_\d+)" value="(\w+)"', page))
    assert shown == {f"shown_mode_{article.pk}": "open"}
    # An editor closes comments on the story while the lead's page is open.
    Article.objects.filter(pk=article.pk).update(comments_mode="closed")
    form = settings_form(abuse_threshold="0.4", **{f"mode_{article.pk}": "open"}, **shown)
    assert client.post("/moderation/settings/", form).status_code == 302
    assert Article.objects.get(pk=article.pk).comments_mode == "closed"
    # A refused save shows the lead's choice and still compares with what was first shown.
    form = settings_form(abuse_threshold="7", **{f"mode_{article.pk}": "premoderated"}, **shown)
    refused = client.post("/moderation/settings/", form).content.decode()
    assert f'name="shown_mode_{article.pk}" value="open"' in refused
    assert '<option value="premoderated" selected>' in refused
    # A mode the lead did change on the page is applied.
    form = settings_form(**{f"mode_{article.pk}": "premoderated"}, **shown)
    assert client.post("/moderation/settings/", form).status_code == 302
    assert Article.objects.get(pk=article.pk).comments_mode == "premoderated"


def test_the_audit_entry_of_a_mode_change_names_only_the_article_changed(lead, make_article):
    articles = [make_article() for _ in range(3)]
    entry = actions.update_settings(
        lead, {}, article_modes={a.pk: "open" for a in articles[:2]} | {articles[2].pk: "closed"}
    )
    assert entry.before == {"article_modes": {str(articles[2].pk): "open"}}
    assert entry.after == {"article_modes": {str(articles[2].pk): "closed"}}


def test_a_settings_page_loaded_before_another_leads_save_does_not_undo_it(
    client, lead, make_staff
):
    import re

    from masthead.comments.models import CommentsSettings
    from masthead.moderation.models import ModerationPolicy

    other = make_staff("other_lead", "Moderation leads")
    client.force_login(lead)
    page = client.get("/moderation/settings/").content.decode()
    loaded = re.search(r'name="loaded" value="(\w+)"', page).group(1)
    actions.update_settings(other, {"suspect_words": "toll"}, faq="Be kind. Really.")
    # lead's page still shows the old FAQ and no suspect words; saving it would erase both.
    form = settings_form(abuse_threshold="0.4", faq="Be kind.", loaded=loaded)
    response = client.post("/moderation/settings/", form)
    assert response.status_code == 409
    assert "other_lead at" in response.content.decode()
    assert ModerationPolicy.load().abuse_threshold is None
    assert ModerationPolicy.load().suspect_words == "toll"
    assert CommentsSettings.load().faq == "Be kind. Really."
    # The refused page carries the settings as they are now: saving it again applies.
    fresh = re.search(r'name="loaded" value="(\w+)"', response.content.decode()).group(1)
    form = settings_form(abuse_threshold="0.4", suspect_words="toll", faq="Be kind. Really.")
    assert client.post("/moderation/settings/", {**form, "loaded": fresh}).status_code == 302
    assert ModerationPolicy.load().abuse_threshold == pytest.approx(0.4)


def test_a_pre_moderated_comment_whose_new_check_was_lost_still_waits_in_a_queue(
    client, mod, make_article, make_reader, post, gateway_with_fakes
):
    import datetime as dt

    from django.utils import timezone

    from masthead.dashboard import queries
    from masthead.moderation import actions as policy_actions

    policy_actions.update_policy(premoderate_new_readers=True)
    comment = post(make_article(), make_reader(), "The bridge is overdue.")
    assert comment.triage.premoderated
    # The author edits it and the process stops before the new check stores a verdict: the
    # comment stays "pending" with the old index row saying "pre-moderated".
    Comment.objects.filter(pk=comment.pk).update(
        status="pending", created_at=timezone.now() - dt.timedelta(minutes=30)
    )
    assert queries.counts(queries.Filters())["held"] == 1
    client.force_login(mod)
    assert f'id="item-{comment.pk}"' in client.get("/moderation/queue/held/").content.decode()


def test_in_shadow_mode_a_comment_held_by_pre_moderation_waits_in_pre_moderated(
    client, mod, make_article, make_reader, post, gateway_with_fakes
):
    from masthead.moderation import actions as policy_actions

    # In shadow mode the insult is only recorded: pre-moderation alone holds the comment.
    policy_actions.update_policy(shadow_mode=True, premoderate_new_readers=True)
    comment = post(make_article(), make_reader(), "The bridge council are idiot planners")
    assert comment.status == "held" and comment.shadow_decision == "hold"
    client.force_login(mod)
    premod_page = client.get("/moderation/queue/premoderated/").content.decode()
    assert f'id="item-{comment.pk}"' in premod_page
    assert f'id="item-{comment.pk}"' not in client.get("/moderation/queue/held/").content.decode()


# --- the audit log shows what a settings change or a reader action changed ---------------------


def test_the_audit_page_shows_before_and_after_of_settings_and_reader_actions(client, lead, held):
    comment = held()
    actions.update_settings(lead, {"abuse_threshold": "0.5", "suspect_words": "toll\n<b>x</b>"})
    actions.ban(lead, comment.author_id)
    client.force_login(lead)
    page = client.get("/moderation/audit/").content.decode()
    assert "abuse_threshold: <bdi>–</bdi> → <bdi>0.5</bdi>" in page
    assert "suspect_words: <bdi>–</bdi> → <bdi>toll, &lt;b&gt;x&lt;/b&gt;</bdi>" in page
    assert "banned: <bdi>False</bdi> → <bdi>True</bdi>" in page


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "https://evil.example/phish", "//evil.example"]
)
def test_the_edit_pages_cancel_link_stays_on_this_site(client, mod, held, target):
    from urllib.parse import quote

    comment = held()
    client.force_login(mod)
    page = client.get(f"/moderation/comments/{comment.pk}/edit/?next={quote(target)}")
    html = page.content.decode()
    # The header's log-out form echoes this page's own address (query included) as where to
    # come back to, which the log-out view checks (same site only); nothing else may carry it.
    html = re.sub(r'<input type="hidden" name="next" value="[^"]*">', "", html)
    assert target not in html
    assert 'href="/moderation/queue/held/">Cancel</a>' in html


def test_most_links_allowed_above_what_posting_accepts_is_refused_with_the_reason(
    client, lead, masthead_settings
):
    from masthead.moderation.models import ModerationPolicy

    # Posting refuses a comment with more than MASTHEAD_COMMENT_MAX_LINKS links outright, so a
    # higher "Most links allowed" would be shown as in force and never apply.
    masthead_settings(COMMENT_MAX_LINKS=2)
    client.force_login(lead)
    response = client.post("/moderation/settings/", settings_form(max_links="5"))
    assert response.status_code == 400
    assert "at most 2" in response.content.decode()
    assert "MASTHEAD_COMMENT_MAX_LINKS" in response.content.decode()
    assert ModerationPolicy.load().max_links is None
    assert client.post("/moderation/settings/", settings_form(max_links="1")).status_code == 302
    assert ModerationPolicy.load().max_links == 1


def test_kind_scores_are_shown_as_likely_as_the_abuse_they_depend_on():
    from masthead.dashboard import present

    # The model's kinds are probabilities GIVEN that the comment is abusive: a comment with a
    # 5% abuse score is not a "possible personal insult" at 47%, nor that risky.
    scores = {"abuse": 0.05, "insult": 0.47, "off_topic": 0.2, "spam": 0.01}
    rows = {name: (percent, level) for name, percent, level in present.describe_scores(scores)}
    assert rows["abusive and insulting"] == ("2%", "unlikely")
    assert rows["abusive language"] == ("5%", "unlikely")
    assert present.risk_of(scores) == pytest.approx(0.2)
    # Without an abuse score (another moderator's verdict) a kind is shown as it is.
    assert present.describe_scores({"insult": 0.93})[0] == (
        "abusive and insulting",
        "93%",
        "very likely",
    )


def test_scores_of_models_that_cannot_read_the_language_are_not_shown_as_risk():
    from masthead.dashboard import present

    scores = {"abuse": 0.68, "insult": 0.9, "off_topic": 0.96, "spam": 0.04}
    assert present.risk_of(scores, ["other_language"]) == pytest.approx(0.04)
    assert [row[0] for row in present.describe_scores(scores, ["other_language"])] == [
        "spam or advertising"
    ]


def test_banning_or_trusting_a_reader_twice_is_refused_not_logged_twice(mod, make_staff, held):
    comment = held()
    other = make_staff("other", "Moderators")
    actions.ban(mod, comment.author_id)
    with pytest.raises(Conflict) as raised:
        actions.ban(other, comment.author_id)  # from a page loaded before mod's ban
    assert "already banned" in raised.value.message
    actions.trust(mod, comment.author_id, True)
    with pytest.raises(Conflict):
        actions.trust(mod, comment.author_id, True)
    with pytest.raises(Conflict):
        actions.trust(other, held("idiot again", reader_name="Robin Vale").author_id, False)
    assert AuditEntry.objects.filter(subject_id=comment.author_id).exclude(actor=None).count() == 2


def test_a_banned_readers_item_offers_no_second_ban(client, mod, held):
    comment = held()
    client.force_login(mod)
    ban_url = f"/moderation/readers/{comment.author_id}/ban/"
    assert ban_url in client.get("/moderation/queue/held/").content.decode()
    actions.ban(mod, comment.author_id)
    assert ban_url not in client.get("/moderation/queue/held/").content.decode()


def test_a_moderator_takes_down_a_published_comment_by_reporting_it_then_rejecting_it(
    client, mod, make_article, make_reader, post, settings
):  # type: ignore[no-untyped-def]
    # Not in the random audit sample (5 % by default), whose queue would take the rejection
    # (the test failed at random that way).
    settings.MASTHEAD = {**settings.MASTHEAD, "AUDIT_SAMPLE_RATE": 0.0}
    # docs/moderators.md, "Taking down a published comment": a published comment nobody
    # reported is not open to a decision from a queue page (a stale page must not undo a
    # colleague). One of two ways to take it down: report it on the site and reject it from
    # the Reported tab (this test); the other is the comment's own page in the workspace,
    # "Take it down" (tests/integration/test_dashboard_takedown.py).
    article = make_article()
    comment = post(article, make_reader("Alice"), "Published, and should not be.")
    assert comment.status == "published"
    with pytest.raises(Conflict):
        actions.reject(mod, comment.pk, "Personal details.")
    client.force_login(mod)
    response = client.post(
        f"/comments/{comment.pk}/report/", {"reason": "other", "note": "doxxing"}
    )
    assert response.status_code in (200, 302)
    reported = client.get("/moderation/queue/reported/").content.decode()
    assert "Published, and should not be." in reported
    actions.reject(mod, comment.pk, "Personal details.")
    assert Comment.objects.get(pk=comment.pk).status == "rejected"
