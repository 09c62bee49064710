"""A right-to-left headline named on the comments pages is isolated from the text around it
(2026-11-30), as on the article page (5ee0d65): in the comments-only page's <title> with
FSI/PDI, in its <h1> and in the "On: headline" links of the report, edit and account pages
with <bdi>. Without it a Hebrew or Arabic headline took the quotation marks and the ' · site
name' after it into its own direction, and an override character reversed them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

HEADLINE = "\u202eשלום עולם: \u0645\u0631\u062d\u0628\u0627?"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


@pytest.fixture
def scene(make_article, make_reader, post):
    article = make_article(headline=HEADLINE)
    alice, bob = make_reader("Alice"), make_reader("Bob")
    comment = post(article, alice, "The bridge should open before winter.")
    return article, alice, bob, comment


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_comments_page_isolates_a_right_to_left_headline_in_title_and_heading(scene):
    article, *_ = scene
    html = Client().get(reverse("comments:thread", args=[article.pk])).content.decode()
    assert f"<title>Comments: \u2068{HEADLINE}\u2069 · " in html
    assert f"Comments on “<bdi>{HEADLINE}</bdi>”</h1>" in html


def test_the_report_edit_and_account_pages_isolate_the_headline(scene):
    _, alice, bob, comment = scene
    report = signed_in(bob).get(reverse("comments:report", args=[comment.pk])).content.decode()
    assert f"<bdi>{HEADLINE}</bdi></a>" in report
    edit = signed_in(alice).get(reverse("comments:edit", args=[comment.pk])).content.decode()
    assert f"<bdi>{HEADLINE}</bdi></a>" in edit
    profile = signed_in(alice).get(reverse("accounts:profile")).content.decode()
    assert f"<bdi>{HEADLINE}</bdi></a>" in profile
