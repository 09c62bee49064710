"""The shipped models on real inputs, and failing closed when their files are broken on purpose."""

from __future__ import annotations

import shutil

import pytest

from masthead.moderation.core.classifiers.loader import (
    WEIGHTS_DIR,
    ModelUnavailable,
    load_classifiers,
)
from masthead.moderation.core.cli import default_policy
from masthead.moderation.core.pipeline import moderate
from masthead.moderation.core.types import Submission
from tests.unit.moderation_helpers import ARTICLE, submission


@pytest.fixture(scope="session")
def real():
    return load_classifiers()


@pytest.fixture(scope="session")
def policy():
    return default_policy()


@pytest.mark.parametrize(
    "text",
    [
        "You are a complete idiot and a disgrace.",
        "Shut up, you stupid moron.",
        "I hope someone kills you and your family.",
    ],
)
def test_clear_insults_and_threats_are_held(real, policy, text):
    verdict = moderate(submission(text), policy, real)
    assert verdict.decision == "hold"
    assert "abusive" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "You are an 1d10t.",
        "you are s t u p i d",
        "f*ck you, m0r0n",
    ],
)
def test_disguised_abuse_is_caught(real, text):
    assert real.abuse.score(text).abusive >= default_policy().thresholds.abuse


@pytest.mark.parametrize(
    "text",
    [
        "The bridge is long overdue; the ferry has been unreliable for years.",
        "Forty million pounds for a bridge seems a lot. Who pays if it runs over budget?",
        "I live on the east side and would welcome the river crossing.",
    ],
)
def test_civil_on_topic_comments_are_published(real, policy, text):
    verdict = moderate(submission(text), policy, real)
    assert verdict.decision == "publish", verdict


@pytest.mark.parametrize("reply", ["Source?", "Exactly this.", "Well said."])
def test_short_reply_under_an_on_topic_parent_is_on_topic(real, policy, reply):
    parent = "The council should publish the full cost breakdown for the bridge before building."
    verdict = moderate(submission(reply, parent=parent), policy, real)
    assert "off_topic" not in verdict.reasons


def test_comment_about_something_else_scores_more_off_topic_than_one_about_the_article(real):
    about = real.topic.score("The bridge vote was close; 9 to 4 is not a mandate.", ARTICLE, None)
    other = real.topic.score(
        "My favourite recipe for banana bread uses three ripe bananas and walnuts.", ARTICLE, None
    )
    assert other.off_topic > about.off_topic
    assert other.off_topic >= default_policy().thresholds.off_topic


def test_abusive_words_are_highlighted(real):
    text = "What a stupid idiot you are"
    spans = real.abuse.score(text).spans
    assert any(text[s.start : s.end] in {"stupid", "idiot"} for s in spans)


def test_spam_model_scores_self_promotion_high(real):
    assert real.spam.score("Check out my channel and subscribe, free gift cards!") > 0.5
    assert real.spam.score("The council meets again next Tuesday.") < 0.5


@pytest.mark.parametrize("broken", ["missing", "corrupt"])
@pytest.mark.parametrize("name", ["abuse.npz", "topic.json", "spam.json"])
def test_broken_model_files_fail_closed(tmp_path, broken, name):
    copy = tmp_path / "weights"
    shutil.copytree(WEIGHTS_DIR, copy)
    if broken == "missing":
        (copy / name).unlink()
    else:
        (copy / name).write_bytes(b"\x00not a model")
    with pytest.raises(ModelUnavailable):
        load_classifiers(copy)


def test_cli_holds_everything_when_models_are_broken(tmp_path, capsys):
    import json

    from masthead.moderation.core import cli

    copy = tmp_path / "weights"
    shutil.copytree(WEIGHTS_DIR, copy)
    (copy / "abuse.npz").write_bytes(b"garbage")
    data = tmp_path / "in.jsonl"
    data.write_text(
        json.dumps(
            {"id": "1", "text": "Nice bridge", "article": {"headline": "Bridge"}, "parent": None}
        )
        + "\n"
    )
    assert cli.main([str(data), "--models", str(copy)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["decision"] == "hold" and out["reasons"] == ["classifier_unavailable"]


def test_submission_without_article_text_still_gets_a_verdict(real, policy):
    from masthead.moderation.core.types import ArticleText

    verdict = moderate(Submission("Interesting.", ArticleText("")), policy, real)
    assert verdict.decision in {"publish", "hold"}


def test_masthead_moderate_file_entry_point_keeps_the_contract_without_django(tmp_path):
    """Through the real console entry point, with no database and no DJANGO_SETTINGS_MODULE."""
    import json
    import os
    import subprocess
    import sys

    article = {"headline": "Council approves new river crossing", "standfirst": "", "body": ""}
    lines = [
        json.dumps(
            {"id": "a", "text": "The bridge is overdue.", "article": article, "parent": None}
        ),
        "{broken",
        json.dumps({"id": "c", "text": "You stupid idiot", "article": article, "parent": None}),
    ]
    data = tmp_path / "in.jsonl"
    data.write_text("\n".join(lines) + "\n")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"  # would fail if anything touched it
    code = (
        "import sys; from masthead.cli import main; rc = main(sys.argv[1:]); "
        "sys.exit(3 if 'django' in sys.modules else rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "moderate-file", str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "c"]
    assert rows[0]["decision"] == "publish" and rows[1]["decision"] == "hold"
    assert (
        proc.stderr.strip()
        == "error: line 2: not valid JSON (Expecting property name enclosed in double quotes)"
    )
    assert "django" not in proc.stderr.lower()


def test_a_lone_surrogate_in_a_comment_is_judged_by_the_models_not_held_as_unavailable(
    real, policy
):
    # JSON input can carry "\ud800"; the tokenizer and the hash library cannot take it as is.
    from masthead.moderation.core.types import ArticleText

    article = ArticleText("Council approves new \ud800 river crossing")
    verdict = moderate(
        Submission("You stupid \ud800 idiot", article, "the \udfff parent"), policy, real
    )
    assert verdict.decision == "hold"
    assert "classifier_unavailable" not in verdict.reasons
    assert "abusive" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        # civil: the shipped abuse model alone scores it over the threshold (0.26)
        "Das ist doch nicht zu glauben, die Regierung hat wieder versagt.",
        # rude: German the models cannot read; held, but not for a reason they made up
        "Ihr seid alle so dumm, ich kann das nicht mehr lesen.",
    ],
)
def test_german_comments_are_held_as_another_language_not_as_abusive(real, policy, text):
    verdict = moderate(submission(text), policy, real)
    assert verdict.decision == "hold"
    assert verdict.reasons == ("other_language",)
    assert 0.0 <= verdict.scores["abuse"] <= 1.0
