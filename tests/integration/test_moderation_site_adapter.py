"""The site adapter with the database: keeping one and putting it in use (audited), a record
broken in the database holding comments (fail closed, through the real gateway and models), and
`masthead adapt-moderation` fitted on a labelled site built like the what-if page's: held
comments a moderator decided and a reviewed audit sample of published ones.

The labelled site's moderators approve blunt criticism of the planners (which the shipped abuse
model reads as abusive) and reject rumours about named officials (which it reads as mild), as
well as plain insults: wording an adapter over the comment's embedding can learn."""

from __future__ import annotations

import io
import itertools
import json
import math
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from masthead.comments.models import Comment
from masthead.comments.ports import CommentForModeration, ModerationOutcome
from masthead.dashboard import actions as workspace
from masthead.dashboard.models import AuditEntry, WorkspaceSettings
from masthead.moderation import actions
from masthead.moderation import policy as policy_module
from masthead.moderation.core.adapter import EMBEDDING_SIZE, SiteAdapter, logit
from masthead.moderation.core.adapter_fit import kept_aside
from masthead.moderation.core.classifiers.loader import load_classifiers
from masthead.moderation.models import ModerationPolicy, SiteAdapterRecord
from masthead.moderation.policy import current_policy
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
GATEWAY = "masthead.moderation.gateway.moderate_comment"
LABELLED = "tests.integration.test_moderation_site_adapter.as_listed"


@pytest.fixture(autouse=True)
def fresh_adapter_cache():  # type: ignore[no-untyped-def]
    """Adapters are cached per record id for the process; test databases reuse ids."""
    policy_module._adapters.clear()
    yield
    policy_module._adapters.clear()


@pytest.fixture(scope="module")
def real_models():  # type: ignore[no-untyped-def]
    return load_classifiers()


def a_site_adapter(
    version: str = "site-adapter-20261130-0000test",
    *,
    abuse_model: str = "abuse-x",
    topic_model: str = "topic-x",
    intercept: float = 0.0,
) -> SiteAdapter:
    return SiteAdapter(version, abuse_model, topic_model, (0.0,) * (1 + EMBEDDING_SIZE), intercept)


def kept(adapter: SiteAdapter | None = None) -> SiteAdapterRecord:
    return actions.save_site_adapter(
        adapter or a_site_adapter(), {"decisions": 250}, 365, actor="test"
    )


def settings_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.SETTINGS).order_by("id"))


# --- keeping one and putting it in use ---------------------------------------------------------


def test_a_kept_adapter_is_not_in_use_until_chosen():
    kept()
    assert ModerationPolicy.load().site_adapter_id is None
    assert current_policy().site_adapter is None
    assert current_policy().site_adapter_error is None


def test_use_site_adapter_puts_it_in_use_and_the_policy_carries_it():
    adapter = a_site_adapter()
    record = kept(adapter)
    assert actions.use_site_adapter(adapter.version, actor="test") == record
    assert ModerationPolicy.load().site_adapter_id == record.pk
    policy = current_policy()
    assert policy.site_adapter == adapter
    assert policy.site_adapter_error is None


def test_using_an_unknown_version_is_refused_and_changes_nothing():
    record = kept()
    actions.use_site_adapter(record.version)
    with pytest.raises(ValidationError, match="There is no site adapter 'site-adapter-nope'"):
        actions.use_site_adapter("site-adapter-nope")
    assert ModerationPolicy.load().site_adapter_id == record.pk
    assert len(settings_entries()) == 1


def test_choosing_and_stopping_an_adapter_is_audited_with_before_and_after():
    first = kept(a_site_adapter("site-adapter-1"))
    second = kept(a_site_adapter("site-adapter-2"))
    actions.use_site_adapter(first.version, actor="adapt-moderation")
    actions.use_site_adapter(first.version, actor="adapt-moderation")  # no change: no entry
    actions.use_site_adapter(second.version, actor="adapt-moderation")
    actions.use_site_adapter(None, actor="adapt-moderation")
    entries = settings_entries()
    assert [(e.before, e.after) for e in entries] == [
        ({"site_adapter": None}, {"site_adapter": "site-adapter-1"}),
        ({"site_adapter": "site-adapter-1"}, {"site_adapter": "site-adapter-2"}),
        ({"site_adapter": "site-adapter-2"}, {"site_adapter": None}),
    ]
    assert {e.actor_name for e in entries} == {"adapt-moderation"}
    assert all(e.actor is None and not e.is_automatic for e in entries)
    assert current_policy().site_adapter is None


def test_a_person_who_puts_one_in_use_is_recorded(lead):
    record = kept()
    actions.use_site_adapter(record.version, lead)
    [entry] = settings_entries()
    assert entry.actor == lead and entry.actor_name == lead.get_username()
    assert ModerationPolicy.load().updated_by == lead


DAMAGE = {
    "cut short": lambda data: {"version": data["version"], "weights": [1.0, 2.0]},
    "weights not a list": lambda data: {**data, "weights": "not a list"},
    "a weight not a number": lambda data: {**data, "weights": ["x"] * (1 + EMBEDDING_SIZE)},
    "no model named": lambda data: {**data, "abuse_model": None},
    "not a record": lambda data: "a string where the record was",
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_record_damaged_in_the_database_gives_the_policy_an_error_not_an_adapter(damage):
    record = kept()
    actions.use_site_adapter(record.version)
    SiteAdapterRecord.objects.filter(pk=record.pk).update(adapter=damage(record.adapter))
    policy = current_policy()
    assert policy.site_adapter is None
    assert policy.site_adapter_error is not None
    assert policy.site_adapter_error.startswith(f"site adapter {record.pk}: ")


def test_a_damaged_record_is_not_put_in_use_and_the_one_in_use_stays():
    good, bad = kept(a_site_adapter("site-adapter-good")), kept(a_site_adapter("site-adapter-bad"))
    actions.use_site_adapter(good.version)
    SiteAdapterRecord.objects.filter(pk=bad.pk).update(adapter={"version": "site-adapter-bad"})
    with pytest.raises(ValidationError, match="'site-adapter-bad' cannot be used: .*incomplete"):
        actions.use_site_adapter(bad.version)
    assert ModerationPolicy.load().site_adapter_id == good.pk
    assert len(settings_entries()) == 1
    status, out, err = run("--use", bad.version)
    assert (status, out) == (2, "")
    assert err.startswith("adapt-moderation: The site adapter 'site-adapter-bad' cannot be used")
    assert err.count("\n") == 1


# --- a damaged record holds comments, through the real gateway -------------------------------


def test_a_comment_is_held_as_classifier_unavailable_when_the_adapter_record_is_damaged(
    real_models, make_article, make_reader, post, use_moderator, masthead_settings
):
    use_moderator(GATEWAY)
    masthead_settings(COMMENT_RATE_PER_READER="10000/60")
    # An adapter fitted on the loaded models that says 0.01 of every comment: it applies.
    adapter = a_site_adapter(
        abuse_model=real_models.abuse.version,
        topic_model=real_models.topic.version,
        intercept=logit(0.01),
    )
    actions.use_site_adapter(kept(adapter).version)
    article, reader = make_article(), make_reader()
    text = "The council voted for the bridge and I think it will cost too much."
    before = post(article, reader, text)
    assert before.status == "published", before.reasons
    assert before.scores["abuse"] == 0.01 and "abuse_model" in before.scores

    SiteAdapterRecord.objects.filter(version=adapter.version).update(adapter={"version": "x"})
    policy_module._adapters.clear()  # as a process that has not read it yet
    after = post(article, reader, text + " Twice.")
    assert after.status == "held"
    assert after.reasons == ["classifier_unavailable"]


def test_a_damaged_record_holds_the_comment_in_shadow_mode_too(
    make_article, make_reader, post, use_moderator, masthead_settings, monkeypatch
):
    from masthead.moderation import gateway
    from masthead.moderation.core.classifiers.fake import fake_classifiers

    monkeypatch.setattr(gateway, "get_classifiers", fake_classifiers)
    use_moderator(GATEWAY)
    actions.set_shadow_mode(True)
    record = kept()
    actions.use_site_adapter(record.version)
    SiteAdapterRecord.objects.filter(pk=record.pk).update(adapter={})
    comment = post(make_article(), make_reader(), "The bridge is a good idea for the town")
    assert comment.status == "held"
    assert comment.reasons == ["classifier_unavailable"]


# --- the command -----------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `masthead adapt-moderation ARGS`."""
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    status = 0
    with contextlib.redirect_stderr(err):
        try:
            call_command("adapt_moderation", *args, stdout=out, stderr=err)
        except SystemExit as exc:
            status = int(exc.code or 0)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("days", ["0", "3651", "ten", "1e3", "-5", "7.5"])
def test_a_bad_days_option_is_refused_in_one_line_with_status_2(days):
    status, out, err = run("--days", days)
    assert status == 2 and out == ""
    assert err == f"adapt-moderation: --days must be a whole number from 1 to 3650, not {days!r}\n"


def test_using_an_unknown_adapter_is_refused_in_one_line_with_status_2():
    status, out, err = run("--use", "site-adapter-nope")
    assert status == 2 and out == ""
    assert err == "adapt-moderation: There is no site adapter 'site-adapter-nope'.\n"
    assert ModerationPolicy.load().site_adapter_id is None


def test_two_actions_at_once_are_refused_in_one_line_with_status_2():
    status, _, err = run("--use", "site-adapter-1", "--list")
    assert status == 2
    assert err.startswith("adapt-moderation: ") and err.count("\n") == 1


def test_list_with_no_adapter_says_none_has_been_fitted():
    assert run("--list") == (0, "No site adapter has been fitted.\n", "")


def test_stop_says_the_shipped_model_decides_and_stops_the_one_in_use():
    record = kept()
    actions.use_site_adapter(record.version)
    status, out, _ = run("--stop")
    assert status == 0
    assert out == "No site adapter in use: the shipped abuse model decides.\n"
    assert ModerationPolicy.load().site_adapter_id is None
    assert settings_entries()[-1].after == {"site_adapter": None}


# The labelled site. Its moderator holds or publishes each comment as VERDICTS says, a held one
# for the reasons REASONS gives (default: abusive).
VERDICTS: dict[str, str] = {}
REASONS: dict[str, tuple[str, ...]] = {}


def as_listed(comment: CommentForModeration) -> ModerationOutcome:
    if VERDICTS[comment.text] == "hold":
        return ModerationOutcome(
            decision="hold",
            reasons=REASONS.get(comment.text, ("abusive",)),
            scores={"abuse": 0.9},
            model_version="listed-1",
        )
    return ModerationOutcome(decision="publish", scores={"abuse": 0.05}, model_version="listed-1")


def civil() -> list[str]:
    subjects = ["The new crossing", "This bridge", "The river bridge", "The council's plan"]
    claims = [
        "will save me twenty minutes a day",
        "is long overdue for the east side",
        "looks good value at forty million",
        "should have a proper cycle lane",
        "will help the shops on the high street",
        "deserves a fair hearing",
        "could ease the traffic on the old road",
        "needs a public meeting first",
    ]
    tails = [".", ", in my view.", ", I think.", " for families like mine."]
    return [f"{s} {c}{t}" for s, c, t in itertools.product(subjects, claims, tails)]


def blunt() -> list[str]:
    openers = [
        "What a load of rubbish,",
        "Utter nonsense,",
        "Pathetic planning,",
        "A shambles,",
        "Ridiculous waste,",
    ]
    targets = [
        "the planners are clueless",
        "the council has no idea what it is doing",
        "the engineers got the sums wrong",
        "the consultants wasted our money",
        "the committee never listens",
    ]
    tails = [".", " again.", " as usual."]
    return [f"{o} {t}{e}" for o, t, e in itertools.product(openers, targets, tails)]


def insults() -> list[str]:
    heads = [
        "You are an idiot",
        "Only a moron would back this",
        "The councillor is a spineless rat",
        "Shut up, you pathetic fool",
        "Whoever wrote this is a brainless clown",
        "You lot are stupid scum",
        "The mayor is a lying pig",
        "What a bunch of useless morons",
        "You absolute idiot",
        "Go away, you ignorant halfwit",
    ]
    tails = [".", ", frankly.", " and everyone knows it.", ". Get lost."]
    return [f"{h}{t}" for h, t in itertools.product(heads, tails)]


def rumours() -> list[str]:
    who = [
        "I heard the mayor's wife",
        "Everyone says the councillor",
        "My neighbour swears the chief engineer",
        "Word is the planning officer",
        "Apparently the contractor's boss",
    ]
    what = [
        "takes bribes from the builders",
        "is having an affair with a contractor",
        "was arrested last year and it was hushed up",
        "owes money to the construction firm",
        "got the job through her brother-in-law",
    ]
    tails = [".", ". Look it up.", ". Ask anyone."]
    return [f"{w} {x}{t}" for w, x, t in itertools.product(who, what, tails)]


def articles_for_the_check(make_article, aside: int, rest: int) -> list:  # type: ignore[no-untyped-def]
    """`aside` articles the fit keeps aside to check the adapter, then `rest` it learns from."""
    kept_back, learnt = [], []
    while len(kept_back) < aside or len(learnt) < rest:
        article = make_article()
        side = kept_back if kept_aside(str(article.pk)) else learnt
        side.append(article)
        assert len(kept_back) + len(learnt) < 200, "the article split never filled"
    return kept_back[:aside] + learnt[:rest]


@pytest.fixture
def labelled_site(mod, make_article, make_reader, post, use_moderator, masthead_settings):  # type: ignore[no-untyped-def]
    """labelled_site(scale) builds the site and returns how many were approved and rejected:
    `scale` civil comments published, in the audit sample and reviewed (confirmed), and a
    quarter as many published and not reviewed yet; blunt criticism held and approved (0.65 x
    scale); insults (0.45 x) and rumours (0.6 x) held and rejected, but a quarter of the
    rumours published and rejected on review. Spread over 12 articles, 3 of them kept aside."""

    def build(scale: int) -> dict[str, int]:
        return build_site(
            mod, make_article, make_reader, post, use_moderator, masthead_settings, scale
        )

    return build


def build_site(mod, make_article, make_reader, post, use_moderator, masthead_settings, scale):  # type: ignore[no-untyped-def]
    use_moderator(LABELLED)
    masthead_settings(
        COMMENT_RATE_PER_READER="10000/60",
        COMMENT_RATE_PER_IP="10000/60",
        MODERATION_ACTION_RATE="10000/60",
    )
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    groups = {
        "civil": civil()[: scale + scale // 4],
        "blunt": blunt()[: math.ceil(scale * 0.65)],
        "insult": insults()[: math.ceil(scale * 0.45)],
        "rumour": rumours()[: math.ceil(scale * 0.6)],
    }
    missed = set(groups["rumour"][: len(groups["rumour"]) // 4])
    articles = articles_for_the_check(make_article, 3, 9)
    readers = [make_reader() for _ in range(6)]
    VERDICTS.clear()
    REASONS.clear()
    placed = itertools.count()
    decided = {"approved": 0, "rejected": 0}
    for kind, texts in groups.items():
        for i, text in enumerate(texts):
            held = kind != "civil" and text not in missed
            VERDICTS[text] = "hold" if held else "publish"
            n = next(placed)
            comment = post(articles[n % len(articles)], readers[n % len(readers)], text)
            assert comment.status == ("held" if held else "published")
            if kind == "civil" and i >= scale:
                continue  # sampled, not reviewed yet
            if kind in ("civil", "blunt"):
                workspace.approve(mod, comment.pk)
                decided["approved"] += 1
            else:
                workspace.reject(mod, comment.pk, "Not for this site.", "insult")
                decided["rejected"] += 1
    return decided


def test_too_few_decisions_offer_no_adapter_with_status_1(labelled_site, mod, make_article, post):
    decided = labelled_site(4)
    total = decided["approved"] + decided["rejected"]
    # Held for something other than its words: the decision teaches the adapter nothing.
    article, reader = make_article(), Comment.objects.first().author  # type: ignore[union-attr]
    for text, reasons in [
        ("Buy cheap bridge tickets at my shop.", ("spam",)),
        ("My cat likes the sunshine today.", ("off_topic",)),
    ]:
        VERDICTS[text], REASONS[text] = "hold", reasons
        workspace.reject(mod, post(article, reader, text).pk, "Not for this site.", "spam")
    status, out, err = run()
    assert status == 1
    assert out.splitlines()[0].startswith(f"decisions: {total} ({decided['rejected']} rejected)")
    assert err.count("\n") == 1
    assert err.startswith(
        f"adapt-moderation: no adapter offered: too few decisions: {total} "
        f"({decided['rejected']} rejected, {decided['approved']} approved); an adapter needs 200"
    )
    assert not SiteAdapterRecord.objects.exists()
    status, as_json, err = run("--json")
    data = json.loads(as_json)
    assert status == 1 and err.startswith("adapt-moderation: no adapter offered: too few")
    assert (data["decisions"], data["version"], data["kept"]) == (total, None, False)
    assert data["refused"].startswith(f"too few decisions: {total} ")


def test_a_comment_held_for_its_words_and_another_reason_teaches_the_adapter(
    labelled_site, mod, make_article, post
):
    decided = labelled_site(4)
    total = decided["approved"] + decided["rejected"]
    article, reader = make_article(), Comment.objects.first().author  # type: ignore[union-attr]
    text = "Only a clown would post this off-topic rubbish about my cat."
    VERDICTS[text], REASONS[text] = "hold", ("off_topic", "insult")
    workspace.reject(mod, post(article, reader, text).pk, "Not for this site.", "insult")
    _, out, _ = run()
    assert out.startswith(f"decisions: {total + 1} ({decided['rejected'] + 1} rejected)")


def test_fit_keep_use_and_list_an_adapter_on_a_labelled_site(
    labelled_site, make_article, make_reader, post, use_moderator
):
    decided = labelled_site(96)
    total = decided["approved"] + decided["rejected"]
    assert total >= 240

    status, out, err = run("--days", "30")
    lines = out.splitlines()
    assert re.fullmatch(
        rf"decisions: {total} \({decided['rejected']} rejected\) on 12 articles; kept aside to "
        r"check it: \d+ \(\d+ rejected\)",
        lines[0],
    ), lines[0]
    shipped_auc, adapted_auc = map(
        float,
        re.fullmatch(
            r"ranking on the kept-aside articles \(ROC-AUC\): shipped model ([\d.]+), "
            r"adapter ([\d.]+)",
            lines[1],
        ).groups(),  # type: ignore[union-attr]
    )
    threshold = current_policy().thresholds.abuse
    shares = re.fullmatch(
        rf"at the abuse threshold {threshold:g}, of the kept-aside comments: approved ones "
        r"published ([\d.]+) % -> ([\d.]+) %; rejected ones published ([\d.]+) % -> ([\d.]+) %",
        lines[2],
    )
    assert shares is not None, lines[2]
    assert (status, err) == (0, "")
    assert adapted_auc >= shipped_auc + 0.01
    approved_before, approved_after = float(shares[1]), float(shares[2])
    rejected_before, rejected_after = float(shares[3]), float(shares[4])
    assert approved_after > approved_before
    checked_rejected = int(re.findall(r"\((\d+) rejected\)", lines[0])[1])
    # Matched at the threshold, within one decision's weight (a reviewed published comment
    # stands for at most 1.25 here, a held one for 1).
    assert abs(rejected_after - rejected_before) <= 100 * 1.25 / checked_rejected + 0.1
    record = SiteAdapterRecord.objects.get()
    assert lines[3:] == [
        f"Kept site adapter {record.version}. Put it in use with: masthead adapt-moderation "
        f"--use {record.version}"
    ]
    assert record.days == 30 and record.fitted_by == "adapt-moderation"
    assert record.report["decisions"] == total and record.report["version"] == record.version
    assert ModerationPolicy.load().site_adapter_id is None  # kept, not in use

    # The same decisions again: the same adapter, not kept twice; a dry run keeps nothing.
    assert run("--days", "30") == (0, out, "")
    status, again, _ = run("--days", "30", "--dry-run")
    assert again.splitlines() == [*lines[:3], f"Dry run: site adapter {record.version} not kept."]
    assert SiteAdapterRecord.objects.count() == 1
    status, as_json, _ = run("--days", "30", "--dry-run", "--json")
    data = json.loads(as_json)
    assert status == 0 and data["version"] == record.version and data["kept"] is False
    assert data["decisions"] == total and data["adapted_auc"] == pytest.approx(
        adapted_auc, abs=6e-4
    )

    status, listed, _ = run("--list")
    assert status == 0 and " kept " in listed and "in use" not in listed
    assert run("--use", record.version) == (0, f"Site adapter {record.version} is in use.\n", "")
    status, listed, _ = run("--list")
    assert listed.startswith(f"{record.version}  in use  fitted ")
    assert f"on {total} decisions of 30 days; ROC-AUC " in listed
    assert current_policy().site_adapter == SiteAdapter.from_dict(record.adapter)

    # In use, through the real gateway: blunt criticism the shipped model would hold as abusive
    # is let through on the adapter's score, and a rumour, which the shipped model ranks below
    # it, is ranked above it.
    use_moderator(GATEWAY)
    article, reader = make_article(), make_reader()
    criticism = post(article, reader, "What rubbish, the planners are clueless as usual.")
    assert criticism.scores["abuse_model"] >= threshold > criticism.scores["abuse"]
    assert "abusive" not in criticism.reasons
    rumour = post(article, reader, "I heard the treasurer takes bribes from the builders.")
    assert rumour.scores["abuse_model"] < criticism.scores["abuse_model"]
    assert rumour.scores["abuse"] > criticism.scores["abuse"]
