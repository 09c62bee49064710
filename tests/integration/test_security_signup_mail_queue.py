"""The sign-up e-mail goes from the task queue, not the request (2026-11-30), as the password
reset's does since 83e227f: the request queues one task for every sign-up (new, an address
with an account, a banned address) and a slow mail server no longer holds the page. The tasks
carry account ids, not addresses (the queue is kept in the database), except for a banned
address, which has no account to name; the confirmation link and its token are made by the
worker. A sign-up repeated before the worker runs sends only the latest link."""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client

from masthead.comments import actions
from tests.integration.test_signup_confirms_email import confirm_link, sign_up

# transaction=True: db_worker closes its database connection when it ends, which inside the
# test's wrapping transaction leaves the connection closed on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)

SIGNUP_TASK = "masthead.comments.tasks.send_signup_email"


class CountingBackend(EmailBackend):
    """The test outbox, counting each call the site makes to send mail."""

    calls = 0

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        CountingBackend.calls += 1
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


@pytest.fixture
def database_queue(settings):  # type: ignore[no-untyped-def]
    # The queue as in production: enqueue stores a row, a worker runs it later.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.calls = 0


def queued_signups() -> list[list[object]]:
    from django_tasks_db.models import DBTaskResult

    return [
        row["args"]
        for row in DBTaskResult.objects.filter(task_path=SIGNUP_TASK, status="READY")
        .order_by("enqueued_at")
        .values_list("args_kwargs", flat=True)
    ]


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_sign_ups_queue_one_task_each_with_ids_and_the_worker_sends_the_mail(
    database_queue, make_reader, moderator_user
):
    sam = make_reader(email="sam@example.org")
    banned = make_reader("Mallory", email="mallory@example.org")
    actions.ban_reader(banned, moderator_user)
    banned.delete()
    mail.outbox.clear()
    new = sign_up(Client(), "New.Reader@example.org", name="New Reader", next_url="/section/x/")
    known = sign_up(Client(), "SAM@example.org", name="Someone Else")
    refused = sign_up(Client(), "mallory@example.org", name="Mallory Again")
    assert new["Location"] == "/accounts/signup/sent/?next=%2Fsection%2Fx%2F"
    assert known["Location"] == refused["Location"] == "/accounts/signup/sent/"
    # inside the requests: no mail, one task each
    assert CountingBackend.calls == 0 and mail.outbox == []
    pending = User.objects.get(username="new.reader@example.org")
    (confirm, exists, blocked) = queued_signups()
    assert confirm[:2] == ["confirm", pending.pk] and confirm[5] == "/section/x/"
    assert exists == ["exists", sam.pk, "", "email", "", ""]
    assert blocked == ["blocked", None, "", "", "mallory@example.org", ""]
    # no address in the tasks of the new and the known address, nor any link or token
    assert "example.org" not in str(confirm + exists) and "/accounts/" not in str(confirm)

    run_worker()
    assert queued_signups() == []
    by_to = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_to) == ["mallory@example.org", "new.reader@example.org", "sam@example.org"]
    assert "already have an account" in by_to["sam@example.org"].subject
    assert "/accounts/signup/confirm/" not in by_to["mallory@example.org"].body
    link = confirm_link(by_to["new.reader@example.org"])
    assert link.endswith("?next=%2Fsection%2Fx%2F")
    page = Client().get(link)
    assert page.status_code == 200
    assert b"Confirm my account" in page.content and b'role="alert"' not in page.content


def test_a_sign_up_repeated_before_the_worker_runs_sends_only_the_latest_link(database_queue):
    browser = Client()
    sign_up(Client(), "twice@example.org", name="First Try", password="a-first-long-pass-1")
    sign_up(browser, "twice@example.org", name="Second Try", password="a-second-long-pass-2")
    assert len(queued_signups()) == 2
    run_worker()
    (message,) = mail.outbox
    assert "Second Try" in message.body
    # the browser that signed up last confirms with its password, in one click
    response = browser.post(confirm_link(message).split("?")[0], {})
    assert response.status_code == 302
    user = User.objects.get(username="twice@example.org")
    assert user.is_active and user.check_password("a-second-long-pass-2")


def test_a_queue_that_cannot_be_reached_answers_the_same_and_is_logged(
    database_queue, make_reader, monkeypatch, caplog
):
    from masthead.comments import tasks

    make_reader(email="sam@example.org")

    class QueueDown:
        def enqueue(self, *args: object, **kwargs: object) -> None:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks, "send_signup_email", QueueDown())
    with caplog.at_level(logging.ERROR, logger="masthead.comments.actions"):
        known = sign_up(Client(), "sam@example.org", name="Someone Else")
        unknown = sign_up(Client(), "nobody@example.org", name="Nobody Yet")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/signup/sent/"
    assert CountingBackend.calls == 0
    failures = [r for r in caplog.records if "could not queue a sign-up" in r.message]
    assert len(failures) == 2
    assert all(not re.search(r"\S+@example\.org", r.getMessage()) for r in failures)
