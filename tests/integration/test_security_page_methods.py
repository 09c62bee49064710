"""Pages answer a method their view does not take with 405 and `Allow` (security review,
2026-11-30): the front page and article pages answered TRACE, PUT and DELETE with the page, as
if they were GET. The API's own methods, forms and the admin are unchanged."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH", "BREW"])
def test_a_reader_page_refuses_a_method_it_does_not_take(make_article, method):
    article = make_article()
    for path, allow in (
        ("/", "GET, HEAD"),
        (article.get_absolute_url(), "GET, HEAD"),
        ("/feeds/rss/", "GET, HEAD, POST"),
    ):
        response = Client().generic(method, path)
        assert response.status_code == 405, path
        assert response["Allow"] == allow
        assert article.headline.encode() not in response.content


def test_reader_pages_take_no_post_and_allow_says_get_and_head_only(make_article):
    """No form posts to a reader page (the comment form posts to comments:post); until
    2026-11-30 these views took POST as GET and their 405s offered POST in `Allow`."""
    article = make_article()
    paths = (
        "/",
        f"/section/{article.section.slug}/",
        article.get_absolute_url(),
        "/news-sitemap.xml",
        "/robots.txt",
    )
    for path in paths:
        assert Client().get(path).status_code == 200, path
        response = Client().post(path, {"body": "posted"})
        assert response.status_code == 405, path
        assert response["Allow"] == "GET, HEAD", path
        assert Client().options(path)["Allow"] == "GET, HEAD", path


def test_a_view_with_a_method_decorator_names_its_methods_in_allow():
    response = Client().put("/accounts/signup/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_a_class_based_view_names_its_handlers_in_allow():
    response = Client().delete("/accounts/login/")
    assert response.status_code == 405
    # Django's form views take PUT as POST (ProcessFormView.put), and say so
    assert response["Allow"] == "GET, HEAD, POST, PUT"


def test_options_answers_allow_and_no_page(make_article):
    article = make_article()
    response = Client().options(article.get_absolute_url())
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD"
    assert response.content == b""


def test_a_method_is_refused_before_the_csrf_check():
    response = Client(enforce_csrf_checks=True).put("/accounts/signup/")
    assert response.status_code == 405


def test_pages_and_forms_still_answer_get_head_and_post(make_article):
    article = make_article()
    client = Client()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.head(article.get_absolute_url()).status_code == 200
    form = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert form.status_code == 200  # the form again, with its error


def test_the_admin_still_takes_its_forms():
    User.objects.create_superuser("editor", "editor@example.org", "a long password 1")
    client = Client()
    client.login(username="editor", password="a long password 1")
    response = client.post("/admin/auth/user/add/", {})
    assert response.status_code == 200  # the form again, with its errors, not 405


def test_the_api_answers_its_own_methods():
    # /api/ is left to django-ninja: its 405 keeps the API's JSON body
    response = Client().put("/api/comments/1")
    assert response.status_code in (401, 403, 405)
    assert response["Content-Type"].startswith("application/json")
