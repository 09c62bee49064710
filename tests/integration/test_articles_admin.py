"""Editors write and edit articles in the Django admin."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from masthead.articles.models import Article
from masthead.core import times

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    group = Group.objects.create(name="Editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-only", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return client


def form_data(section_id: int, **overrides: str) -> dict[str, str]:
    data = {
        "headline": "Library extends opening hours",
        "slug": "library-extends-opening-hours",
        "standfirst": "The central library will open until 9pm on weekdays.",
        "byline": "Sam Lee",
        "source": "",
        "section": str(section_id),
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "comments_mode": "open",
        "photo_caption": "",
        "photo_credit": "",
        "photo_alt": "",
        "body": "The library opens later.\n\n## Why\n\nReaders asked for it.\n\n> Evenings are when people are free.\n> -- Head librarian",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_editor_creates_an_article_that_is_published_at_once(editor_client, make_section, client):
    section = make_section()
    response = editor_client.post("/admin/articles/article/add/", form_data(section.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="library-extends-opening-hours")
    assert article.is_live and article.published_at is not None
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph", "quote"]
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert '<h2 dir="auto">Why</h2>' in page and "Head librarian" in page


def test_editor_edits_an_article_and_adds_a_correction(editor_client, make_article):
    article = make_article()
    change_url = f"/admin/articles/article/{article.pk}/change/"
    page = editor_client.get(change_url)
    assert page.status_code == 200 and article.headline in page.content.decode()
    data = form_data(
        article.section_id,
        headline="Council approves new river crossing, at last",
        slug=article.slug,
        **{
            "published_at_0": article.published_at.strftime("%Y-%m-%d"),
            "published_at_1": article.published_at.strftime("%H:%M:%S"),
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-text": "An earlier version gave the wrong vote count.",
            "corrections-0-created_at_0": "2026-11-28",
            "corrections-0-created_at_1": "10:00:00",
        },
    )
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode()
    )
    article.refresh_from_db()
    assert article.headline.endswith("at last")
    assert article.corrections.count() == 1
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert "An earlier version gave the wrong vote count." in html


def test_an_article_with_a_duplicate_slug_is_refused_with_a_message(editor_client, make_article):
    existing = make_article()
    response = editor_client.post(
        "/admin/articles/article/add/", form_data(existing.section_id, slug=existing.slug)
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_staff_without_article_permissions_cannot_open_the_article_admin(client, make_article):
    user = get_user_model().objects.create_user(
        "nobody", password="pw-for-tests-only", is_staff=True
    )
    client.force_login(user)
    assert client.get("/admin/articles/article/add/").status_code == 403


def test_a_body_over_the_length_limit_is_refused_in_the_editor_with_a_message(
    editor_client, make_section
):
    section = make_section()
    body = "\n\n".join(["A sentence of the long report, repeated to pass the limit."] * 1700)
    assert len(body) > 100_000
    response = editor_client.post("/admin/articles/article/add/", form_data(section.pk, body=body))
    assert response.status_code == 200
    html = response.content.decode()
    assert "characters long; an article may have at most 100,000" in html
    assert not Article.objects.exists()
    fits = body[:100_000]
    response = editor_client.post("/admin/articles/article/add/", form_data(section.pk, body=fits))
    assert response.status_code == 302


def test_staff_who_may_only_view_articles_see_live_ones_not_drafts_or_embargoed(
    editor_client, make_article
):
    """Moderators hold `view_article` (the demo gives it them) but drafts are for those who may
    change articles: editors.md says so, and the site answers them 404. Before 2026-11-30 the
    newsroom listed a moderator every draft and embargoed story and opened it read-only."""
    from django.test import Client
    from django.utils import timezone

    live = make_article(headline="Bridge opens to traffic")
    draft = make_article(headline="Mayor to resign on Friday", status=Article.Status.DRAFT)
    embargoed = make_article(
        headline="Results embargoed until noon",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    viewer = get_user_model().objects.create_user(
        "reads", password="pw-for-tests-only", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(viewer)

    listing = client.get("/admin/articles/article/").content.decode()
    assert live.headline in listing
    assert draft.headline not in listing and embargoed.headline not in listing
    assert client.get(f"/admin/articles/article/{live.pk}/change/").status_code == 200
    for hidden in (draft, embargoed):
        page = client.get(f"/admin/articles/article/{hidden.pk}/change/", follow=True)
        assert hidden.headline not in page.content.decode()
        assert hidden.body not in page.content.decode()
    # Editors still see every article.
    listing = editor_client.get("/admin/articles/article/").content.decode()
    assert all(a.headline in listing for a in (live, draft, embargoed))


def test_the_publication_date_and_time_boxes_are_named_for_screen_readers(editor_client):
    """axe found the admin's split date/time inputs without a label (critical)."""
    html = editor_client.get("/admin/articles/article/add/").content.decode()
    date = re.search(r"<input[^>]*name=\"published_at_0\"[^>]*>", html).group(0)
    time = re.search(r"<input[^>]*name=\"published_at_1\"[^>]*>", html).group(0)
    assert 'aria-label="Publication date"' in date
    assert 'aria-label="Publication time"' in time


def test_published_with_a_future_time_says_when_readers_will_see_it(editor_client, make_section):
    """A scheduled story switched to Published, its time left as it was, stays off the site
    until then: the newsroom says so (the list said "Published" and nothing else did)."""
    later = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    data = form_data(
        make_section().pk,
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M:%S"),
    )
    response = editor_client.post("/admin/articles/article/add/", data, follow=True)
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and not article.is_live
    page = response.content.decode()
    assert f"Readers will see this article from {times.label(later)}" in page
    assert "To publish it now, set Published at to now." in page
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_published_now_says_nothing_of_the_kind(editor_client, make_section):
    response = editor_client.post(
        "/admin/articles/article/add/", form_data(make_section().pk), follow=True
    )
    assert Article.objects.get().is_live
    assert "Readers will see this article from" not in response.content.decode()


def _seen_version(page: str) -> str:
    found = re.search(r'name="seen_version" value="([0-9a-f]+)"', page)
    assert found, "the change form carries the version it was made from"
    return found.group(1)


def _edit(article: Article, seen: str | None, **overrides: str) -> dict[str, str]:
    local = timezone.localtime(article.published_at)
    data = form_data(
        article.section_id,
        headline=article.headline,
        slug=article.slug,
        published_at_0=local.strftime("%Y-%m-%d"),
        published_at_1=local.strftime("%H:%M:%S"),
        **overrides,
    )
    if seen is not None:
        data["seen_version"] = seen
    return data


def test_a_save_from_a_form_opened_before_a_colleagues_save_is_refused_then_allowed(
    editor_client, make_article
):
    """Two editors on one story: the second save silently undid the first's fix."""
    from masthead.articles import actions

    article = make_article()
    change_url = f"/admin/articles/article/{article.pk}/change/"
    seen = _seen_version(editor_client.get(change_url).content.decode())
    colleague = Article.objects.get(pk=article.pk)
    colleague.body = "The council voted 10 to 3 for the bridge."  # the colleague's correction
    actions.save_article(colleague)

    mine = _edit(article, seen, body="The council voted 9 to 4 for the bridge, officially.")
    refused = editor_client.post(change_url, mine)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this article after you opened it" in page
    assert "officially." in page  # the editor's text is still in the form
    article.refresh_from_db()
    assert article.body == "The council voted 10 to 3 for the bridge."

    mine["seen_version"] = _seen_version(page)  # "Save again" replaces theirs, knowingly
    assert editor_client.post(change_url, mine).status_code == 302
    article.refresh_from_db()
    assert article.body.endswith("officially.")


def test_a_save_from_a_form_opened_before_comments_were_closed_does_not_reopen_them(
    editor_client, make_article
):
    article = make_article()
    change_url = f"/admin/articles/article/{article.pk}/change/"
    seen = _seen_version(editor_client.get(change_url).content.decode())
    Article.objects.filter(pk=article.pk).update(comments_mode="closed")  # a moderator

    response = editor_client.post(change_url, _edit(article, seen, comments_mode="open"))

    assert "Someone else saved this article" in response.content.decode()
    article.refresh_from_db()
    assert article.comments_mode == "closed"


def test_a_save_from_an_up_to_date_form_goes_through(editor_client, make_article):
    article = make_article()
    change_url = f"/admin/articles/article/{article.pk}/change/"
    seen = _seen_version(editor_client.get(change_url).content.decode())
    response = editor_client.post(change_url, _edit(article, seen, body="A new first line."))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "A new first line."


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_the_same_version_at_once_cannot_undo_each_other_on_postgresql(
    make_article, monkeypatch
):
    """Two saves from forms opened on the same version, at the same moment: both compared the
    version before either had written, so both went through and the later undid the earlier.
    The first save now holds the article's row from its check to its commit; the second waits,
    then finds the version changed and is refused."""
    import threading

    from django.db import connection, connections

    from masthead.articles import actions

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL (SQLite's test database is one connection)")
    article = make_article()
    group = Group.objects.create(name="Editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-only", is_staff=True)
    user.groups.add(group)
    change_url = f"/admin/articles/article/{article.pk}/change/"
    first, second = Client(), Client()
    for each in (first, second):
        each.force_login(user)
    seen = _seen_version(first.get(change_url).content.decode())

    real_save = actions.save_article
    first_saving, let_first_save = threading.Event(), threading.Event()

    def save_article(obj, *args, **kwargs):  # type: ignore[no-untyped-def]
        if obj.body.startswith("First"):
            first_saving.set()
            let_first_save.wait(30)
        return real_save(obj, *args, **kwargs)

    monkeypatch.setattr(actions, "save_article", save_article)
    answers: dict[str, object] = {}

    def post(name: str, client: Client, body: str) -> None:
        try:
            answers[name] = client.post(change_url, _edit(article, seen, body=body))
        finally:
            connections.close_all()

    one = threading.Thread(target=post, args=("first", first, "First editor's text."))
    one.start()
    assert first_saving.wait(30)
    two = threading.Thread(target=post, args=("second", second, "Second editor's text."))
    two.start()
    two.join(2)  # it went through here, before the first had saved
    let_first_save.set()
    one.join(30)
    two.join(30)

    assert answers["first"].status_code == 302  # type: ignore[attr-defined]
    refused = answers["second"]
    assert refused.status_code == 200  # type: ignore[attr-defined]
    assert "Someone else saved this article" in refused.content.decode()  # type: ignore[attr-defined]
    article.refresh_from_db()
    assert article.body == "First editor's text."
