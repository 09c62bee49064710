"""`masthead blocked_addresses lift` asks whether the address's domain is blocked once before
the lift and once after it (2026-12-01). Before, when the domain stayed blocked, it asked twice
after the lift, the same question with the same answer, to choose between its two messages:
three reads of the domain's block for one lift. What it says is unchanged (the messages' own
tests: tests/integration/test_block_holders.py)."""

from __future__ import annotations

import sys

import pytest
from django.core.management import call_command

from masthead.comments import actions as comments
from masthead.comments.management.commands import blocked_addresses
from masthead.dashboard import actions as workspace
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
DOMAIN = "lee-family.example"
ANN, BOB = f"ann@{DOMAIN}", f"bob@{DOMAIN}"


def _count_the_commands_domain_checks(monkeypatch) -> list[bool]:  # type: ignore[no-untyped-def]
    """The answers `is_domain_blocked` gives the command itself (not `lift_address_block`,
    which asks it too, under its lock)."""
    answers: list[bool] = []
    real = comments.is_domain_blocked

    def counted(email: str) -> bool:
        answer = real(email)
        if sys._getframe(1).f_globals["__name__"] == blocked_addresses.__name__:
            answers.append(answer)
        return answer

    monkeypatch.setattr(comments, "is_domain_blocked", counted)
    return answers


def test_a_lift_that_leaves_the_domain_blocked_asks_about_the_domain_once_after_it(
    mod, make_reader, capsys, monkeypatch
):
    ann, bob = make_reader("Ann Lee", email=ANN), make_reader("Bob Lee", email=BOB)
    workspace.ban(mod, ann.pk, block_domain=True)
    workspace.ban(mod, bob.pk)
    comments.delete_account(ann)
    comments.delete_account(bob)
    answers = _count_the_commands_domain_checks(monkeypatch)
    call_command("blocked_addresses", "lift", BOB, "--by", "mod", "--reason", "Appeal upheld")
    assert capsys.readouterr().out.strip() == (
        f"{BOB}: block lifted; every address at its domain stays blocked: another ban chose "
        "to block the domain"
    )
    assert answers == [True, True]  # before the lift, and after it


def test_a_lift_that_opens_the_domain_asks_about_the_domain_once_after_it(
    mod, make_reader, capsys, monkeypatch
):
    ann = make_reader("Ann Lee", email=ANN)
    workspace.ban(mod, ann.pk, block_domain=True)
    comments.delete_account(ann)
    answers = _count_the_commands_domain_checks(monkeypatch)
    call_command("blocked_addresses", "lift", ANN, "--by", "mod", "--reason", "Appeal upheld")
    assert capsys.readouterr().out.strip() == (
        f"{ANN}: block lifted; every address at {DOMAIN} is unblocked too"
    )
    assert answers == [True, False]
