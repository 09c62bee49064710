"""A refused request (403) is logged as one warning line, without a traceback."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model

from masthead.core.logfilters import RefusalWithoutTraceback

pytestmark = pytest.mark.django_db


def test_a_staff_user_without_permission_gets_403_and_one_log_line_without_traceback(
    client, caplog
):
    user = get_user_model().objects.create_user("nope", password="pw-for-tests-only", is_staff=True)
    client.force_login(user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/admin/articles/article/add/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert "Forbidden" in records[0].getMessage()
    assert records[0].exc_info is None


def test_other_exceptions_keep_their_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "x", (), sys.exc_info()
        )
    assert RefusalWithoutTraceback().filter(record) is True
    assert record.exc_info is not None
