"""Thresholds, what if: from seeded comments, automatic verdicts, moderators' decisions and a
reviewed audit sample to the figures on the thresholds page (/moderation/stats/thresholds/, linked
from the stats page) and from `masthead threshold-report`."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command

from masthead.cli import main as masthead
from masthead.comments.ports import CommentForModeration, ModerationOutcome
from masthead.dashboard import actions, calibration
from masthead.dashboard.models import WorkspaceSettings
from masthead.moderation import actions as moderation
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.module_data import building, rolled_back_after

pytestmark = pytest.mark.django_db
MODERATOR = "tests.integration.test_dashboard_whatif.scored"


def scored(comment: CommentForModeration) -> ModerationOutcome:
    """The verdict the text spells out: "... decision=hold abuse=0.8 reasons=abusive"."""
    fields = dict(re.findall(r"(\w+)=(\S*)", comment.text))
    reasons = tuple(r for r in fields.get("reasons", "").split(",") if r)
    shadow = fields.get("shadow")
    return ModerationOutcome(
        decision=fields["decision"],  # type: ignore[arg-type]
        reasons=reasons,
        scores={"abuse": float(fields["abuse"]), "off_topic": 0.1, "spam": 0.02},
        model_version="test-scored-1",
        shadow=bool(shadow),
        shadow_decision=shadow or None,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="class")
def labelled_history(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Thresholds abuse 0.5, off-topic 0.8, spam 0.7. Today:
    - 48 comments published automatically, all in the sample, 24 reviewed: 22 kept (abuse 0.1),
      2 rejected (abuse 0.3). Each reviewed one stands for 2.
    - 45 held: 10 approved (abuse 0.55), 30 rejected (abuse 0.8), 5 waiting. Each decided one
      stands for 45 / 40 = 1.125.
    - 1 rejected automatically (left out).
    So at abuse t: acceptable published = 44 / (44 + 11.25) for 0.1 < t <= 0.55 (79.6%);
    rejected published = 4 / (4 + 33.75) for 0.3 < t <= 0.8 (10.6%), 0 for t <= 0.3.

    Posted and decided through the real actions once for the class of tests that read it
    (TestOneLabelledHistory; tests/support/module_data.py): each of its ten tests took two to
    four seconds to build it again. Returns the moderator who made the decisions."""
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from masthead.articles import actions as articles
    from masthead.articles.models import Article, Section
    from masthead.comments import actions as comments
    from masthead.dashboard import roles

    with rolled_back_after(django_db_blocker):
        with building(
            django_db_blocker,
            tmp_path_factory,
            COMMENT_MODERATOR=MODERATOR,
            COMMENT_RATE_PER_READER="10000/60",
            COMMENT_RATE_PER_IP="10000/60",
            MODERATION_ACTION_RATE="10000/60",
        ):
            roles.ensure_roles()
            labeller = User.objects.create_user("labeller", "labeller@example.org", is_staff=True)
            labeller.groups.add(Group.objects.get(name="Moderators"))
            labeller = User.objects.get(pk=labeller.pk)
            moderation.update_policy(
                abuse_threshold=0.5,
                abuse_threshold_trusted=0.8,
                off_topic_threshold=0.8,
                spam_threshold=0.7,
            )
            WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
            article = articles.save_article(
                Article(
                    headline="Council approves new river crossing",
                    slug="council-river-crossing",
                    section=Section.objects.create(slug="world", name="World"),
                    status=Article.Status.PUBLISHED,
                    published_at=timezone.now() - timezone.timedelta(hours=1),
                    body="The council voted 9 to 4 for the bridge.",
                )
            )
            reader = comments.register_reader("reader@example.org", "Reader A", "horse-battery-9")

            def write(n: int, verdict: str) -> list[int]:
                posting = [comments.Posting(text=f"Remark {i}: {verdict}") for i in range(n)]
                return [comments.post_comment(article, reader, p).pk for p in posting]

            kept = write(22, "decision=publish abuse=0.1")
            missed = write(2, "decision=publish abuse=0.3")
            write(24, "decision=publish abuse=0.05")  # sampled, not yet reviewed
            fair = write(10, "decision=hold abuse=0.55 reasons=abusive")
            rude = write(30, "decision=hold abuse=0.8 reasons=abusive,insult")
            write(5, "decision=hold abuse=0.9 reasons=abusive")  # waiting
            write(1, "decision=reject abuse=0.2 reasons=banned_word")
            for pk in kept + fair:
                actions.approve(labeller, pk)
            for pk in missed + rude:
                actions.reject(labeller, pk, "Insult.", "insult")
        yield labeller


@pytest.fixture
def labelled_site(labelled_history, db):  # type: ignore[no-untyped-def]
    """The labelled history (above); returns the moderator who decided it."""
    return labelled_history


@pytest.fixture
def lead_client(client, lead):  # type: ignore[no-untyped-def]
    client.force_login(lead)
    return client


class TestOneLabelledHistory:
    """The tests that read the labelled history: it is built once for them (labelled_history),
    in a transaction kept open while they run. They are one class so that the history is gone
    (rolled back) before any other test of the module runs, whatever order pytest-xdist gives
    them: the tests below must see a database without it."""

    def test_labelled_comments_are_weighted_by_what_happened_to_them_first(self, labelled_site):
        labelled = calibration.labelled_comments(7)
        strata = {s.name.split(" (")[0]: s for s in labelled.strata}
        published = strata["published automatically"]
        held = strata["held, pre-moderation included"]
        rejected = strata["rejected automatically"]
        assert (published.comments, published.labelled, published.weight) == (48, 24, 2.0)
        assert (held.comments, held.labelled, held.weight) == (45, 40, 1.125)
        assert (rejected.comments, rejected.used, rejected.weight) == (1, False, None)
        assert len(labelled.observations) == 64
        assert sum(o.acceptable for o in labelled.observations) == 32
        assert not any(o.rule_hold for o in labelled.observations)

    def test_thresholds_page_shows_the_what_if_tables_and_the_suggestion(
        self, lead_client, labelled_site
    ):
        html = lead_client.get("/moderation/stats/thresholds/?days=7").content.decode()
        assert "Thresholds: what if" in html
        assert "estimated from 32 acceptable and 32 rejected comments" in html
        assert "48 comments, 24 labelled (each stands for 2.00)" in html
        assert "45 comments, 40 labelled (each stands for 1.12)" in html  # 1.125, rounded
        table = html[html.index('id="what-if-table-abuse"') :]
        table = table[: table.index("</table>")]
        current = re.search(r'<tr aria-current="true">(.*?)</tr>', table)
        assert current is not None
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", current.group(1))
        assert cells == [
            "<strong>0.5 (current)</strong>",
            "79.6%",
            cells[2],
            "22 of 32",
            "10.6%",
            cells[5],
            "2 of 32",
        ]
        suggestion = html[html.index('id="suggest-abuse"') :]
        suggestion = suggestion[: suggestion.index("</p>")]
        assert "Suggested threshold: <strong>0.15</strong>" in suggestion
        assert "publishes an estimated 79.6% of acceptable comments" in suggestion
        assert 'href="/moderation/settings/"' in suggestion

    def test_a_moderator_is_not_sent_to_the_settings_page_they_may_not_open(
        self, client, mod, labelled_site
    ):
        """Found on 2026-11-30: a moderator (stats, not settings) was offered "Change it on the
        settings page", a link to a 403."""
        client.force_login(mod)
        html = client.get("/moderation/stats/thresholds/?days=7").content.decode()
        suggestion = html[html.index('id="suggest-abuse"') :]
        suggestion = suggestion[: suggestion.index("</p>")]
        assert "Suggested threshold: <strong>0.15</strong>" in suggestion
        assert 'href="/moderation/settings/"' not in suggestion
        assert "A moderation lead can change it on the settings page." in suggestion
        assert client.get("/moderation/settings/").status_code == 403

    def test_without_the_stats_permission_the_pages_are_refused(
        self, client, make_staff, labelled_site
    ):
        client.force_login(make_staff("plain", None))
        assert client.get("/moderation/stats/").status_code == 403
        assert client.get("/moderation/stats/thresholds/?days=7").status_code == 403

    def test_stats_page_links_to_the_thresholds_page_without_computing_it(
        self, lead_client, labelled_site, monkeypatch
    ):
        def not_here(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise AssertionError("the stats page must not compute the what-if")

        monkeypatch.setattr(calibration, "what_if", not_here)
        html = lead_client.get("/moderation/stats/?days=30").content.decode()
        assert "Thresholds: what if" in html
        assert 'href="/moderation/stats/thresholds/?days=30"' in html
        assert "what-if-table" not in html

    def test_thresholds_page_keeps_the_days_and_links_back_to_the_stats(
        self, lead_client, labelled_site
    ):
        html = lead_client.get("/moderation/stats/thresholds/?days=30").content.decode()
        assert 'href="/moderation/stats/?days=30"' in html
        assert '<option value="30" selected>' in html  # a plain GET form: no JavaScript needed
        assert '<form class="filters" method="get">' in html
        default = lead_client.get("/moderation/stats/thresholds/").content.decode()
        assert '<option value="14" selected>' in default  # no choice: 14 days, as on stats
        # A bad one is a 400, as on stats (it fell back to 14 days until 2026-11-30).
        assert lead_client.get("/moderation/stats/thresholds/?days=nonsense").status_code == 400

    def test_cli_prints_the_same_numbers_as_the_page(self, lead_client, labelled_site):
        out = io.StringIO()
        call_command("threshold-report", "--days", "7", stdout=out)
        text = out.getvalue()
        assert "Labelled comments: 32 acceptable, 32 rejected." in text
        line = next(row for row in text.splitlines() if row.startswith("     0.5 *"))
        assert "79.6% (" in line and "10.6% (" in line and "22/32" in line and "2/32" in line
        html = lead_client.get("/moderation/stats/thresholds/?days=7").content.decode()
        interval = re.search(r"79\.6% \(([\d.]+%–[\d.]+%)\)", line)
        assert interval is not None and interval.group(1) in html
        assert "Suggestion: 0.15: publishes an estimated 79.6% of acceptable comments" in text

    def test_cli_json_is_valid_and_carries_the_figures(self, labelled_site):
        out = io.StringIO()
        call_command("threshold-report", "--days", "7", "--json", stdout=out)
        data = json.loads(out.getvalue())
        abuse = next(s for s in data["scores"] if s["score"] == "abuse")
        current = next(r for r in abuse["rows"] if r["current"])
        assert current["threshold"] == 0.5
        assert current["acceptable_published"]["estimate"] == pytest.approx(44 / 55.25)
        assert current["rejected_published"]["estimate"] == pytest.approx(4 / 37.75)
        assert abuse["suggestion"]["threshold"] == 0.15
        assert data["labelled"] == {"acceptable": 32, "rejected": 32}

    def test_a_stricter_target_on_the_cli_changes_the_suggestion(self, labelled_site):
        out = io.StringIO()
        call_command("threshold-report", "--days", "7", "--target", "0.2", "--json", stdout=out)
        abuse = next(s for s in json.loads(out.getvalue())["scores"] if s["score"] == "abuse")
        assert abuse["suggestion"]["threshold"] == 0.6  # 100% of acceptable, 10.6% of rejected

    def test_the_database_side_counts_give_the_same_labelled_comments_as_reading_every_verdict(
        self,
        labelled_site,
    ):
        """Comments re-checked after an edit (a later verdict, and one stored in the same instant
        as the first), an undone decision, a trusted author: the same observations, in the same
        order, and the same strata as the first reading of every stored verdict."""
        import datetime as dt

        from masthead.comments.models import Comment, ReaderProfile
        from masthead.dashboard.models import AuditEntry

        automatic = AuditEntry.objects.filter(actor__isnull=True, action="auto_hold").order_by("id")
        entry = automatic.first()
        assert entry is not None
        AuditEntry.objects.create(
            action="auto_publish",
            comment_id=entry.comment_id,
            after={"scores": {"abuse": 0.01}, "reasons": []},
            created_at=entry.created_at,  # a tie: the lower id is the first
        )
        later = automatic.last()
        assert later is not None
        AuditEntry.objects.create(
            action="auto_reject",
            comment_id=later.comment_id,
            after={"scores": {"abuse": 0.99}, "reasons": ["banned_word"]},
            created_at=later.created_at + dt.timedelta(minutes=5),
        )
        assert actions.undo_last(labelled_site)  # the last rejection no longer stands
        author = Comment.objects.get(pk=entry.comment_id).author
        ReaderProfile.objects.filter(user=author).update(trusted=True)
        for days in (1, 7):
            expected = reference_labelled(days)
            got = calibration.labelled_comments(days)
            assert got.strata == expected.strata
            assert got.observations == expected.observations
            assert whatif_dict(got) == whatif_dict(expected)


def test_settings_page_links_to_the_thresholds_page_before_the_thresholds(lead_client):
    html = lead_client.get("/moderation/settings/").content.decode()
    line = html[html.index('id="settings-what-if"') :]
    line = line[: line.index("</p>")]
    assert '<a href="/moderation/stats/thresholds/">Thresholds: what if</a>' in line
    assert "measure what a threshold would do on your own comments before changing it" in line
    # In the thresholds fieldset, before the first threshold field.
    assert html.index("<legend>Thresholds</legend>") < html.index('id="settings-what-if"')
    assert html.index('id="settings-what-if"') < html.index('name="abuse_threshold"')


def test_settings_page_has_no_what_if_link_for_someone_who_cannot_see_the_stats(client, make_staff):
    from django.contrib.auth.models import Permission

    user = make_staff("settings-only", None)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="dashboard", codename="change_settings")
    )
    client.force_login(user)
    response = client.get("/moderation/settings/")
    assert response.status_code == 200
    assert 'id="settings-what-if"' not in response.content.decode()
    assert client.get("/moderation/stats/thresholds/").status_code == 403


@pytest.mark.parametrize(
    "argv",
    [
        ["--target", "abc"],
        ["--target", "3"],
        ["--target", "nan"],
        ["--days", "0"],
        ["--days", "x"],
        ["--no-such-option"],
    ],
)
def test_a_bad_option_is_one_line_and_exit_status_2(db, capsys, argv):
    with pytest.raises(SystemExit) as exit_:
        masthead(["threshold-report", *argv])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("threshold-report: ")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_with_too_few_decisions_the_page_says_why_there_is_no_suggestion(lead_client, held, mod):
    comment = held()
    actions.reject(mod, comment.pk, "Insult.")
    html = lead_client.get("/moderation/stats/thresholds/?days=7").content.decode()
    assert (
        "No suggestion: too few decisions: 1 rejected and 0 acceptable comments labelled, "
        "30 of each needed." in html
    )


def test_in_shadow_mode_the_sample_labels_what_the_checks_would_have_held(
    mod, make_article, make_reader, post, use_moderator, masthead_settings
):
    """Shadow mode publishes what the checks would hold; its stored reasons still say why, so a
    rule hold stays held at every threshold and a score hold is worked out from the score."""
    use_moderator(MODERATOR)
    masthead_settings(COMMENT_RATE_PER_READER="10000/60", MODERATION_ACTION_RATE="10000/60")
    moderation.update_policy(abuse_threshold=0.5, abuse_threshold_trusted=0.8)
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article, reader = make_article(), make_reader()
    rude = post(article, reader, "x decision=publish shadow=hold abuse=0.7 reasons=abusive")
    listed = post(article, reader, "y decision=publish shadow=hold abuse=0.1 reasons=suspect_word")
    fine = post(article, reader, "z decision=publish abuse=0.1")
    assert {c.status for c in (rude, listed, fine)} == {"published"}
    actions.reject(mod, rude.pk, "Insult.", "insult")
    actions.approve(mod, listed.pk)
    actions.approve(mod, fine.pk)
    labelled = calibration.labelled_comments(7)
    observations = sorted(labelled.observations, key=lambda o: (o.scores["abuse"], o.rule_hold))
    assert [(o.scores["abuse"], o.acceptable, o.rule_hold) for o in observations] == [
        (0.1, True, False),
        (0.1, True, True),
        (0.7, False, False),
    ]
    assert {o.weight for o in observations} == {1.0}


def reference_labelled(days: int) -> calibration.Labelled:
    """The first, straightforward reading (every automatic verdict of the window fetched and
    parsed, strata counted in Python), kept to prove the faster queries give the same result."""
    import datetime as dt

    from django.db.models import Q
    from django.utils import timezone

    from masthead.comments.models import Comment
    from masthead.dashboard import whatif
    from masthead.dashboard.models import AuditEntry, AuditSample
    from masthead.dashboard.receivers import PREMODERATION_REASONS

    action_ = AuditEntry.Action
    today = timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    in_window = Q(comment__created_at__gte=since, comment__created_at__lt=until)
    first: dict = {}
    for comment_id, action, after, trusted in (
        AuditEntry.objects.filter(in_window, actor__isnull=True, actor_name="")
        .filter(action__in=calibration.AUTOMATIC)
        .order_by("created_at", "id")
        .values_list("comment_id", "action", "after", "comment__author__reader__trusted")
    ):
        if comment_id in first:
            continue
        after = after if isinstance(after, dict) else {}
        reasons = [str(r) for r in after.get("reasons") or []]
        first[comment_id] = (action, calibration._floats(after.get("scores")), reasons, trusted)
    labels: dict[int, bool] = {}
    for comment_id, action in (
        AuditEntry.objects.filter(in_window, action__in=calibration.HUMAN_DECISIONS)
        .filter(undone_at__isnull=True, before__status=Comment.Status.HELD)
        .order_by("created_at", "id")
        .values_list("comment_id", "action")
    ):
        if comment_id in first and first[comment_id][0] == action_.AUTO_HOLD:
            labels.setdefault(comment_id, action in calibration.APPROVALS)
    for comment_id, outcome in (
        AuditSample.objects.filter(in_window)
        .exclude(outcome=AuditSample.Outcome.PENDING)
        .values_list("comment_id", "outcome")
    ):
        if comment_id in first and first[comment_id][0] == action_.AUTO_PUBLISH:
            labels[comment_id] = outcome == AuditSample.Outcome.CONFIRMED
    counts = dict.fromkeys(calibration.AUTOMATIC, 0)
    decided = dict.fromkeys(calibration.AUTOMATIC, 0)
    for comment_id, (action, *_rest) in first.items():
        counts[action] += 1
        decided[action] += int(comment_id in labels)
    weights = {a: whatif.stratum_weight(counts[a], decided[a]) for a in calibration.AUTOMATIC}
    observations = []
    for comment_id, acceptable in labels.items():
        action, scores, reasons, trusted = first[comment_id]
        if weights[action] is None:
            continue
        observations.append(
            whatif.Observation(
                scores,
                acceptable,
                weights[action],
                whatif.rule_hold(reasons, PREMODERATION_REASONS),
                bool(trusted),
            )
        )
    strata = [
        whatif.Stratum(calibration.STRATUM_NAMES[a], counts[a], decided[a], a != "auto_reject")
        for a in calibration.AUTOMATIC
    ]
    return calibration.Labelled(observations, strata, start, today)


def whatif_dict(labelled: calibration.Labelled) -> dict:
    from masthead.dashboard import whatif
    from masthead.moderation.policy import current_policy

    return whatif.as_dict(
        whatif.what_if(labelled.observations, current_policy().thresholds, strata=labelled.strata)
    )
