"""`masthead blocked_addresses lift` (2026-11-30) names the moderator who decided it and why
(`--by`, `--reason`, both required), and the workspace's audit log records the lift in the same
transaction; when it cannot (not a workspace moderator, no one recording), nothing is lifted.
Before, the lift was only a line in the server's log, which moderators do not read.

No test here connects the audit log itself: the workspace app's own wiring (dashboard/apps.py)
is what records the lift, so these fail if that connection is missing."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from masthead.comments import actions, signals
from masthead.dashboard import actions as workspace
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
ADDRESS = "gone.reader@example.org"


@pytest.fixture
def blocked_and_gone(make_reader, moderator_user):
    reader = make_reader("Gone Reader", email=ADDRESS)
    actions.ban_reader(reader, moderator_user)
    User.objects.filter(pk=reader.pk).delete()
    assert actions.is_address_blocked(ADDRESS)


def lift(*extra: str) -> None:
    call_command("blocked_addresses", "lift", ADDRESS, *extra)


def test_a_lift_from_the_command_line_is_in_the_workspace_audit_log(blocked_and_gone, mod, capsys):
    lift("--by", "mod", "--reason", "Appeal upheld  by the standards editor")
    assert "block lifted" in capsys.readouterr().out
    assert not actions.is_address_blocked(ADDRESS)
    (entry,) = AuditEntry.objects.filter(action=AuditEntry.Action.LIFT_BAN)
    assert entry.actor_name == "mod"
    assert entry.subject is None
    assert entry.reason == (
        "Address block lifted from the command line: Appeal upheld by the standards editor"
    )
    assert entry.before["address_blocked"] is True
    assert entry.after["address_blocked"] is False
    assert ADDRESS not in str(entry.before) + str(entry.after)
    client = Client()
    client.force_login(mod)
    page = client.get("/moderation/audit/?actor=mod").content.decode()
    assert "Appeal upheld by the standards editor" in page


def test_the_workspace_app_connects_the_audit_log_to_lifts():
    assert signals.address_block_lifted.has_listeners()
    # (lookup key, receiver, is_async); the lookup key starts with the dispatch_uid.
    uids = [entry[0][0] for entry in signals.address_block_lifted.receivers]
    assert "dashboard-address-block-lifts" in uids


def test_the_server_log_tells_of_a_lift_only_once_it_is_committed(
    blocked_and_gone, mod, make_staff, caplog, django_capture_on_commit_callbacks
):
    make_staff("writer", "Editors")
    with caplog.at_level(logging.INFO, logger="masthead.comments"):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit):
            lift("--by", "writer", "--reason", "Asked nicely")
        assert "Lifted the block" not in caplog.text  # refused: nothing lifted, nothing logged
        with django_capture_on_commit_callbacks(execute=True):
            lift("--by", "mod", "--reason", "Appeal upheld")
    assert caplog.text.count("Lifted the block on an e-mail address") == 1


def test_the_moderators_undo_does_not_pick_the_command_line_lift(blocked_and_gone, mod):
    lift("--by", "mod", "--reason", "Appeal upheld")
    assert workspace.last_undoable(mod) is None


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ((), "lift needs --by"),
        (("--by", "mod"), "lift needs --reason"),
        (("--by", "mod", "--reason", "   "), "lift needs --reason"),
        (("--by", "nobody", "--reason", "x"), "no active user named 'nobody'"),
        (("--by", "mod", "--reason", "x" * 201), "under 200 characters"),
    ],
)
def test_a_lift_without_a_moderator_or_a_reason_lifts_nothing(
    blocked_and_gone, mod, capsys, options, says
):
    with pytest.raises(SystemExit) as exited:
        lift(*options)
    assert exited.value.code == 1
    assert says in capsys.readouterr().err
    assert actions.is_address_blocked(ADDRESS)
    assert not AuditEntry.objects.exists()


def test_a_lift_by_someone_who_is_not_a_workspace_moderator_lifts_nothing(
    blocked_and_gone, make_staff, capsys
):
    make_staff("writer", "Editors")
    with pytest.raises(SystemExit):
        lift("--by", "writer", "--reason", "Asked nicely")
    assert "You do not have permission" in capsys.readouterr().err
    assert actions.is_address_blocked(ADDRESS)
    assert not AuditEntry.objects.exists()


def test_with_no_audit_log_listening_nothing_is_lifted(blocked_and_gone, mod, capsys):
    signal = signals.address_block_lifted
    receivers, signal.receivers = signal.receivers, []
    signal.sender_receivers_cache.clear()
    try:
        with pytest.raises(SystemExit):
            lift("--by", "mod", "--reason", "Appeal upheld")
    finally:
        signal.receivers = receivers
        signal.sender_receivers_cache.clear()
    assert "did not record the lift" in capsys.readouterr().err
    assert actions.is_address_blocked(ADDRESS)
