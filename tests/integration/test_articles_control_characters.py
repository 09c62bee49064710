"""Control characters pasted into an article (Word's soft line break, a vertical tab; a form
feed; other C0 characters) are cleaned on the way in, in Article.clean, which the admin form
and `masthead import` both run: one-line fields get a space, the body a line break for a
vertical tab or form feed, and tabs and paragraph breaks in the body stay."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from masthead.articles import actions
from masthead.articles.models import Article
from tests.integration.test_articles_admin import form_data
from tests.integration.test_articles_import import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):  # type: ignore[no-untyped-def]
    group = Group.objects.create(name="Editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-only", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return client


CONTROL = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x0D), *range(0x0E, 0x20)])


def assert_no_control_characters(article: Article) -> None:
    for name in ("headline", "standfirst", "byline", "source", "photo_caption", "photo_credit"):
        value = getattr(article, name)
        assert not any(ch in CONTROL or ch in "\t\n\r\x7f" for ch in value), (name, value)
    assert not any(ch in CONTROL or ch == "\x7f" for ch in article.body), article.body


def test_admin_stores_text_without_control_characters(editor_client, make_section):
    section = make_section()
    response = editor_client.post(
        "/admin/articles/article/add/",
        form_data(
            section.pk,
            headline="Library\x0bextends\x0copening hours",
            standfirst="The central\x0blibrary\x01 will open late.",
            byline="Sam\x0bLee",
            source="Wire\x1f",
            photo_caption="Readers\x0bat the desk",
            photo_credit="Ana\x07 Ruiz",
            body="First line\x0bsecond line\x02.\n\n\tIndented\tparagraph.\x0c\n\n## Why\x1b",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert_no_control_characters(article)
    assert article.headline == "Library extends opening hours"
    assert article.standfirst == "The central library will open late."
    assert article.byline == "Sam Lee" and article.source == "Wire"
    assert article.photo_caption == "Readers at the desk" and article.photo_credit == "Ana Ruiz"
    # The soft line break ends a line inside the paragraph; the tab and blank lines stay.
    assert article.body == "First line\nsecond line.\n\n\tIndented\tparagraph.\n\n\n## Why"
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "First line second line."),
        ("paragraph", "Indented\tparagraph."),
        ("heading", "Why"),
    ]


def test_saving_an_article_stored_before_with_control_characters_cleans_it(make_article):
    article = make_article()
    # \x01, not NUL, which PostgreSQL cannot store at all (so no old article there holds one)
    Article.objects.filter(pk=article.pk).update(headline="Old\x0bheadline", body="A\x0bB\x01")
    actions.save_article(Article.objects.get(pk=article.pk))
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "Old headline" and stored.body == "A\nB"


def test_import_stores_text_without_control_characters(tmp_path):
    story = tmp_path / "story.json"
    story.write_text(
        json.dumps(
            {
                "uri": "urn:test:control",
                "type": "text",
                "headline": "Ferry\x0bstrike\x0cvote",
                "description_text": "Crews\x0bvote\x01 to strike.",
                "byline": "Morag\x0bLindsay",
                "body_text": "Ferry crews\x0bvoted\x00 to strike.\n\nTalks\tbroke down.",
                "firstcreated": "2026-03-03T07:45:00Z",
            }
        )
    )
    code, _, err = run_import(story)
    assert code == 0, err
    article = Article.objects.get()
    assert_no_control_characters(article)
    assert article.headline == "Ferry strike vote"
    assert article.byline == "Morag Lindsay"
    assert [b.text for b in article.blocks] == ["Ferry crews voted to strike.", "Talks broke down."]
