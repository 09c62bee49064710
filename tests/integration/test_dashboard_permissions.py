"""Who reaches the moderators' workspace: every page and API call is checked on the server.

Logged-out visitors are sent to log in (pages) or get 401 (API); readers, editors, and
moderators who are not staff get 403; plain moderators get 403 on the settings.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

PAGES = [
    "/moderation/",
    "/moderation/queue/held/",
    "/moderation/queue/reported/",
    "/moderation/queue/premoderated/",
    "/moderation/queue/sample/",
    "/moderation/comments/{c}/edit/",
    "/moderation/comments/",
    "/moderation/comments/?q={c}",
    "/moderation/comments/{c}/",
    "/moderation/audit/",
    "/moderation/audit.csv",
    "/moderation/stats/",
    "/moderation/stats/thresholds/",
    "/moderation/settings/",
]
PAGE_POSTS = [
    ("/moderation/comments/{c}/approve/", {}),
    ("/moderation/comments/{c}/reject/", {"reason": "No."}),
    ("/moderation/comments/{c}/feature/", {}),
    ("/moderation/comments/{c}/edit/", {"text": "Edited."}),
    ("/moderation/comments/{c}/take-down/", {"reason": "No."}),
    ("/moderation/readers/{r}/suspend/", {"days": "3"}),
    ("/moderation/readers/{r}/ban/", {}),
    ("/moderation/readers/{r}/trust/", {}),
    ("/moderation/bulk/", {"action": "approve", "ids": ["{c}"]}),
    ("/moderation/undo/", {}),
    ("/moderation/settings/", {"faq": "Be kind."}),
]
API_GETS = [
    "/api/moderation/counts",
    "/api/moderation/queues/held/new?after_id=0",
    "/api/moderation/queue?tab=held",
]
API_POSTS = [
    ("/api/moderation/comments/{c}/approve", {}),
    ("/api/moderation/comments/{c}/reject", {"reason": "No."}),
    ("/api/moderation/comments/{c}/edit-approve", {"text": "Edited."}),
    ("/api/moderation/comments/{c}/feature", {"featured": True}),
    ("/api/moderation/comments/{c}/take-down", {"reason": "No."}),
    ("/api/moderation/readers/{r}/suspend", {"days": 3}),
    ("/api/moderation/readers/{r}/ban", {}),
    ("/api/moderation/readers/{r}/trust", {"trusted": True}),
    ("/api/moderation/bulk", {"action": "approve", "ids": ["{c}"]}),
    ("/api/moderation/undo", {}),
]


def _fill(value, comment):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        return value.replace("{c}", str(comment.pk)).replace("{r}", str(comment.author_id))
    if isinstance(value, list):
        return [_fill(v, comment) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, comment) for k, v in value.items()}
    return value


@pytest.fixture
def outsiders(make_staff, make_reader):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Group

    reader = make_reader("Plain Reader")
    not_staff_mod = make_staff("notstaff", "Moderators", staff=False)
    staff_no_role = make_staff("staffer", None)
    editor = make_staff("ed", "Editors")
    assert (
        not Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="dashboard")
        .exists()
    )
    return {"reader": reader, "editor": editor, "staff": staff_no_role, "notstaff": not_staff_mod}


def _state(comment):  # type: ignore[no-untyped-def]
    comment.refresh_from_db()
    return comment.status, comment.text, comment.is_editors_pick


@pytest.mark.parametrize("who", ["reader", "editor", "staff", "notstaff"])
def test_people_without_the_moderator_role_get_403_on_every_page_and_form(who, outsiders, held):
    comment = held()
    before = _state(comment)
    client = Client()
    client.force_login(outsiders[who])
    for url in PAGES:
        response = client.get(_fill(url, comment))
        assert response.status_code == 403, url
    for url, data in PAGE_POSTS:
        response = client.post(_fill(url, comment), _fill(data, comment))
        assert response.status_code == 403, url
    assert _state(comment) == before


@pytest.mark.parametrize("who", ["reader", "editor", "staff", "notstaff"])
def test_people_without_the_moderator_role_get_403_from_every_api_call(who, outsiders, held):
    comment = held()
    before = _state(comment)
    client = Client()
    client.force_login(outsiders[who])
    for url in API_GETS:
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "forbidden"
    for url, data in API_POSTS:
        response = client.post(
            _fill(url, comment), _fill(data, comment), content_type="application/json"
        )
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "forbidden"
    assert _state(comment) == before


def test_logged_out_visitors_are_sent_to_log_in_and_the_api_says_401(client, held):
    comment = held()
    for url in PAGES:
        response = client.get(_fill(url, comment))
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")
    for url, data in PAGE_POSTS:
        assert client.post(_fill(url, comment), _fill(data, comment)).status_code == 302
    for url in API_GETS:
        assert client.get(url).status_code == 401
    for url, data in API_POSTS:
        response = client.post(
            _fill(url, comment), _fill(data, comment), content_type="application/json"
        )
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "login_required"
    assert comment.__class__.objects.get(pk=comment.pk).status == "held"


MALFORMED_BODIES = ["not json", "[1, 2]", '{"days": "many"}', "{}"]


def test_a_malformed_api_request_gets_401_or_403_before_any_400(outsiders, mod, held):
    """Access is checked before the body: a visitor learns nothing about valid requests."""
    comment = held()
    visitor, reader = Client(), Client()
    reader.force_login(outsiders["reader"])
    no_token = Client(enforce_csrf_checks=True)
    no_token.force_login(mod)
    for url, _ in API_POSTS:
        url = _fill(url, comment)
        for body in MALFORMED_BODIES:
            response = visitor.post(url, body, content_type="application/json")
            assert response.status_code == 401, (url, body)
            response = reader.post(url, body, content_type="application/json")
            assert response.status_code == 403, (url, body)
            assert response.json()["error"]["code"] == "forbidden"
            response = no_token.post(url, body, content_type="application/json")
            assert response.status_code == 403, (url, body)
            assert response.json()["error"]["code"] == "csrf_failed"
    assert visitor.get("/api/moderation/queues/held/new?after_id=x").status_code == 401
    assert reader.get("/api/moderation/queues/held/new?after_id=x").status_code == 403


def test_a_moderator_reaches_every_page_but_not_the_settings(client, mod, held):
    comment = held()
    client.force_login(mod)
    for url in PAGES:
        response = client.get(_fill(url, comment), follow=False)
        redirects = {"/moderation/", "/moderation/comments/?q={c}"}  # to the queue, the comment
        expected = 403 if "settings" in url else (302 if url in redirects else 200)
        assert response.status_code == expected, url
    assert client.post("/moderation/settings/", {"faq": "x"}).status_code == 403
    for url in API_GETS:
        assert client.get(url).status_code == 200


def test_a_moderation_lead_may_change_the_settings(client, lead):
    client.force_login(lead)
    assert client.get("/moderation/settings/").status_code == 200


def test_the_header_links_the_workspace_only_for_moderators(client, mod, editor, make_article):
    article = make_article()
    client.force_login(editor)
    assert b'href="/moderation/"' not in client.get(article.get_absolute_url()).content
    client.force_login(mod)
    assert b'href="/moderation/"' in client.get(article.get_absolute_url()).content


def test_forms_and_api_calls_without_the_csrf_token_are_refused(mod, held):
    comment = held()
    client = Client(enforce_csrf_checks=True)
    client.force_login(mod)
    assert client.post(f"/moderation/comments/{comment.pk}/approve/").status_code == 403
    response = client.post(
        f"/api/moderation/comments/{comment.pk}/approve", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    comment.refresh_from_db()
    assert comment.status == "held"


def test_api_calls_with_the_csrf_token_work(mod, held):
    comment = held()
    client = Client(enforce_csrf_checks=True)
    client.force_login(mod)
    client.get("/moderation/queue/held/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/api/moderation/comments/{comment.pk}/approve",
        {},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == "published"


def test_moderation_actions_are_rate_limited_per_moderator(client, mod, held, masthead_settings):
    masthead_settings(MODERATION_ACTION_RATE="2/60")
    comments = [held(f"idiot number {i}") for i in range(3)]
    client.force_login(mod)
    for comment in comments[:2]:
        assert client.post(f"/api/moderation/comments/{comment.pk}/approve").status_code == 200
    response = client.post(f"/api/moderation/comments/{comments[2].pk}/approve")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    comments[2].refresh_from_db()
    assert comments[2].status == "held"
