"""Schemathesis against /api/openapi.json, in process (WSGI): generated requests to every
operation, as a logged-in superuser with a valid CSRF token, find no 500 and no response that
breaks the schema. Bounded: a fixed number of examples per operation, derandomized for CI."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from masthead.wsgi import application
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD
from tests.support.module_data import building, rolled_back_after

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
CSRF = "c" * 32


@pytest.fixture(scope="module")
def one_connection():  # type: ignore[no-untyped-def]
    """What Django's test client does: the test's transaction holds the connection, so the
    end of each in-process request must not close it (it would on PostgreSQL)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def signed_in(one_connection, django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """An article, a reader's two comments (one held) and a signed-in superuser, made once for
    the module's operations (tests/support/module_data.py; each operation's own transaction is a
    savepoint in the module's, so what its requests change is undone after it), not once for
    each of the two dozen."""
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone

    from masthead.articles import actions as articles
    from masthead.articles.models import Article, Section
    from masthead.comments import actions

    with rolled_back_after(django_db_blocker):
        with building(django_db_blocker, tmp_path_factory, COMMENT_MODERATOR=BY_KEYWORD):
            article = articles.save_article(
                Article(
                    headline="Council approves new river crossing",
                    slug="council-river-crossing",
                    standfirst="The bridge will link the two halves of the town by 2029.",
                    source="Reuters",
                    section=Section.objects.create(slug="world", name="World"),
                    status=Article.Status.PUBLISHED,
                    published_at=timezone.now() - timezone.timedelta(hours=1),
                    body="The council voted 9 to 4 for the bridge.\n\n## Cost\n\n"
                    "It will cost 40 million pounds.",
                )
            )
            reader = actions.register_reader("reader1@example.org", "Reader A", READER_PASSWORD)
            comments = [
                actions.post_comment(article, reader, actions.Posting(text=text))
                for text in ("The first comment.", "A second one, with idiot in it.")
            ]
            admin = User.objects.create_superuser("chief", "chief@example.org", "chief-pass-12345")
            client = Client()
            client.force_login(admin)
            session = client.cookies["sessionid"].value
        ids = {"article_id": article.pk, "comment_id": comments[0].pk, "reader_id": reader.pk}
        yield {"sessionid": session, "csrftoken": CSRF}, ids


@pytest.fixture
def auth_cookies(signed_in, db, use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)
    return signed_in


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_without_a_500_or_a_schema_violation(
    case, auth_cookies
):
    cookies, real_ids = auth_cookies
    # Half the generated ids point at rows that exist, so the operations run, not only 404.
    for name, value in list((case.path_parameters or {}).items()):
        if name in real_ids and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = real_ids[name]
    # Every check but "schema-valid data is accepted": rules the schema cannot state (the
    # honeypot must stay empty, a text's length limit is a setting, the rate limit) answer
    # schema-valid requests with a 400 that says why. Server errors, undocumented status
    # codes, bodies that break the response schema and invalid data accepted all fail.
    case.call_and_validate(
        headers={"X-CSRFToken": CSRF},
        cookies=cookies,
        excluded_checks=[positive_data_acceptance],
    )
