"""Logging out goes back to the page the reader was on (the header's form sends it) when that
is a page of this site anyone may read; it always went to the front page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _log_out(client, next_url: str | None):  # type: ignore[no-untyped-def]
    return client.post("/accounts/logout/", {} if next_url is None else {"next": next_url})


def test_the_header_log_out_form_names_the_page_it_is_on(client, make_article, make_reader):
    article = make_article()
    client.force_login(make_reader())
    page = client.get(article.get_absolute_url() + "?sort=oldest").content.decode()
    form = page.split('action="/accounts/logout/"', 1)[1].split("</form>", 1)[0]
    assert f'name="next" value="{article.get_absolute_url()}?sort=oldest"' in form


def test_logging_out_from_an_article_returns_to_it_signed_out(client, make_article, make_reader):
    article = make_article()
    client.force_login(make_reader())
    response = _log_out(client, article.get_absolute_url() + "?sort=oldest")
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url() + "?sort=oldest"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "next_url",
    [
        None,
        "https://evil.example/phish",
        "//evil.example/",
        "javascript:alert(1)",
        "/accounts/profile/",
        "/moderation/",
        "/comments/12/edit/",
        "/comments/faq/edit/",
    ],
)
def test_logging_out_lands_on_the_front_page_from_another_site_or_a_signed_in_only_page(
    client, make_reader, next_url
):
    client.force_login(make_reader())
    response = _log_out(client, next_url)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
