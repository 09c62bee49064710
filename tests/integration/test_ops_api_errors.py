"""Every error under /api/ has the API's JSON body (docs/comments.md), also for an address the
API does not have (404: it was the site's HTML page) and a method an address does not take
(405: it was django-ninja's text/html 'Method not allowed'). Operator QA, 2026-11-30."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/api/comments/1", "DELETE, PATCH"),
        ("delete", "/api/articles/1/comments", "GET, HEAD, POST"),
    ],
)
def test_a_method_an_api_address_does_not_take_is_a_json_405(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "method_not_allowed"
    assert response["Allow"] == allowed
    assert method.upper() in error["message"]


def test_an_address_the_api_does_not_have_is_a_json_404(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "There is no such API address."}
    }


def test_the_apis_own_404_and_the_sites_pages_are_left_as_they_are(client):
    own = client.get("/api/articles/999999/comments")
    assert own.json()["error"]["message"] == "There is no such article."
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
