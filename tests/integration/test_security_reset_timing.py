"""The password-reset page must not tell by its timing whether an address has an account
(security review, 2026-11-30): it sent the e-mail inside the request, and only for an address
with an account, so with a real mail server a known address answered slower. The request now
only queues a task, for any address; the worker sends the e-mail."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client

from masthead.comments import tasks

# transaction=True: db_worker closes its database connection when it ends, which inside the
# test's wrapping transaction leaves the connection closed on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)

RESET_TASK = "masthead.comments.tasks.send_password_reset"


class CountingBackend(EmailBackend):
    """The test outbox, counting each call the site makes to send mail."""

    calls = 0

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        CountingBackend.calls += 1
        return super().send_messages(messages)


@pytest.fixture
def database_queue(settings):  # type: ignore[no-untyped-def]
    # The queue as in production: enqueue stores a row, a worker runs it later.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.calls = 0


def queued_resets() -> list[list[object]]:
    from django_tasks_db.models import DBTaskResult

    return [
        row["args"]
        for row in DBTaskResult.objects.filter(task_path=RESET_TASK, status="READY")
        .order_by("enqueued_at")
        .values_list("args_kwargs", flat=True)
    ]


def queued_rows() -> list[dict[str, object]]:
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.values())


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_the_reset_request_makes_no_mail_call_for_a_known_or_an_unknown_address(
    database_queue, make_reader, settings
):
    sam = make_reader(email="sam@example.org")
    known = Client().post("/accounts/password-reset/", {"email": "SAM@example.org"})
    unknown = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == "/accounts/password-reset/sent/"
    # inside the requests: no mail, one task each, alike
    assert CountingBackend.calls == 0 and mail.outbox == []
    assert queued_resets() == [[[sam.pk], "/"], [[], "/"]]
    assert "example.org" not in str(queued_rows())  # no typed address kept in the queue
    # the worker sends the one e-mail there is to send, and its link works
    run_worker()
    assert queued_resets() == []
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"]
    assert message.subject == f"Reset your password on {settings.SITE_NAME}"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)
    form_page = Client().get(link, follow=True)
    assert form_page.status_code == 200
    assert b'name="new_password1"' in form_page.content


def test_the_reset_link_keeps_the_page_the_reader_asked_from_through_the_queue(
    database_queue, make_reader, settings
):
    settings.SITE_URL = "https://news.example.org"
    make_reader(email="sam@example.org")
    Client().post(
        "/accounts/password-reset/?next=/2026/11/some-story/", {"email": "sam@example.org"}
    )
    run_worker()
    (message,) = mail.outbox
    assert re.search(
        r"https://news\.example\.org/accounts/reset/\S+/\?next=%2F2026%2F11%2Fsome-story%2F",
        message.body,
    )


def test_a_queue_that_cannot_be_reached_answers_the_same_and_is_logged(
    database_queue, make_reader, monkeypatch, caplog
):
    make_reader(email="sam@example.org")

    class QueueDown:
        def enqueue(self, *args: object, **kwargs: object) -> None:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks, "send_password_reset", QueueDown())
    with caplog.at_level(logging.ERROR, logger="masthead.comments.tasks"):
        known = Client().post("/accounts/password-reset/", {"email": "sam@example.org"})
        unknown = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    assert CountingBackend.calls == 0
    failures = [r for r in caplog.records if "could not queue a password-reset" in r.message]
    assert len(failures) == 2
    # the address is not written to the log (it may have no account)
    assert all("nobody@example.org" not in r.getMessage() for r in failures)
