"""/healthz is public: a check that raises shows the error's kind, never its text, which names
internal hosts, ports and user names (a Redis or database connection error); the text goes to
the server log for the operator."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def _raise(exc: Exception):
    def check():
        raise exc

    return check


def test_healthz_does_not_show_the_redis_host_or_credentials_of_a_failing_check(client, caplog):
    from masthead.core import health

    error = ConnectionError(
        "Error -2 connecting to redis-internal.corp.example:6390 as admin:s3cretPW."
    )
    health.register_check("leaky_for_test", _raise(error), critical=False)
    try:
        with caplog.at_level(logging.WARNING, logger="masthead.core.health"):
            response = client.get("/healthz")
    finally:
        health._checks.pop("leaky_for_test")
    body = response.content.decode()
    assert response.status_code == 200
    assert "redis-internal" not in body
    assert "6390" not in body
    assert "s3cretPW" not in body
    detail = response.json()["checks"]["leaky_for_test"]["detail"]
    assert detail.startswith("ConnectionError")
    # The operator still learns what failed, from the log.
    assert "redis-internal.corp.example:6390" in caplog.text
