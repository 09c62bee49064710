"""A comment or reply the site refuses without JavaScript: the answer (comments/form_error.html)
shows each field's error under that field, as comments.js does.

Until 2026-11-30 every refusal was said under the comment box, whatever it was about: a guest
whose name or e-mail address was refused read the message two fields below the one to put right,
with nothing on that field to say it was at fault. Now the field at fault has the message under
it, is marked `aria-invalid="true"` and is described by the message; a refusal about no field
(the honeypot, a comment answered that is gone) is said at the top of the form; what was typed
is kept; and the form's address ends with `#comment-retry`, the answer's form, so the browser
scrolls to it.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

NAME_TOO_SHORT = "A display name needs at least 2 characters."
BAD_EMAIL = "Please give an e-mail address we can reach you at (it is never shown)."
EMPTY = "Please write something before posting."
HONEYPOT = "a field meant to stay empty was filled in"
# Typed with the characters a template must escape, to show they come back as typed.
TEXT = 'The "new" bridge <opens> in May & the ferry stops.'


@pytest.fixture(autouse=True)
def _guests_allowed(use_moderator, masthead_settings):
    use_moderator("tests.support.moderators.by_keyword")
    masthead_settings(ALLOW_GUEST_COMMENTS=True)


# --- a small DOM, enough to ask where an element is and what it says ----------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                found.append(child)
                found.extend(child.walk())
        return found

    def find(self, **attrs: str) -> list[Node]:
        return [n for n in self.walk() if all(n.attrs.get(k) == v for k, v in attrs.items())]

    def one(self, **attrs: str) -> Node:
        found = self.find(**attrs)
        assert len(found) == 1, (attrs, len(found))
        return found[0]

    def before(self, other: Node) -> bool:
        order = self._root().walk()
        return order.index(self) < order.index(other)

    def _root(self) -> Node:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def dom(html: str) -> Node:
    parser = _Parser()
    parser.feed(html)
    return parser.root


def described_by(page: Node, field: Node) -> list[str]:
    return [page.one(id=i).text().strip() for i in field.attrs.get("aria-describedby", "").split()]


def field_of(node: Node) -> Node:
    while node.attrs.get("class") != "field":
        assert node.parent is not None
        node = node.parent
    return node


def _form(page: Node) -> Node:
    forms = [n for n in page.walk() if n.tag == "form" and "data-comment-form" in n.attrs]
    assert len(forms) == 1
    return forms[0]


def refused(article, status: int = 400, **data: str) -> tuple[Node, Node]:  # type: ignore[no-untyped-def]
    form = {"guest_name": "Pat Lowe", "guest_email": "pat@example.org", "text": TEXT, **data}
    response = Client().post(f"/comments/article/{article.pk}/post/", form)
    assert response.status_code == status, response.status_code
    page = dom(response.content.decode())
    return page, _form(page)


def _input(form: Node, name: str) -> Node:
    return form.one(name=name)


def _fields_marked(form: Node) -> list[str]:
    return [n.attrs["name"] for n in form.walk() if n.attrs.get("aria-invalid") == "true"]


def _said(page: Node, message: str) -> int:
    return page.text().count(message)


# --- tests ------------------------------------------------------------------------------------


def test_a_refused_guest_name_is_said_under_the_name_field_which_it_describes(make_article):
    page, form = refused(make_article(), guest_name="P")
    name = _input(form, "guest_name")
    assert name.attrs.get("aria-invalid") == "true"
    assert described_by(page, name) == [NAME_TOO_SHORT]
    error = page.one(id=name.attrs["aria-describedby"])
    assert field_of(error) is field_of(name) and name.before(error)
    assert form.one(**{"data-form-error": ""}).text() == ""  # not under the comment box too
    assert _said(page, NAME_TOO_SHORT) == 1
    assert _fields_marked(form) == ["guest_name"]


def test_a_refused_guest_email_is_said_under_the_email_field_which_it_describes(make_article):
    page, form = refused(make_article(), guest_email="pat at example")
    email = _input(form, "guest_email")
    assert email.attrs.get("aria-invalid") == "true"
    assert described_by(page, email) == [BAD_EMAIL]
    error = page.one(id=email.attrs["aria-describedby"])
    assert field_of(error) is field_of(email) and email.before(error)
    assert form.one(**{"data-form-error": ""}).text() == ""
    assert _said(page, BAD_EMAIL) == 1
    assert _fields_marked(form) == ["guest_email"]


def test_a_refused_text_is_said_under_the_box_which_is_marked_invalid(make_article):
    page, form = refused(make_article(), text="   ")
    box = _input(form, "text")
    assert box.attrs.get("aria-invalid") == "true"
    assert EMPTY in described_by(page, box)
    assert box.before(form.one(**{"data-form-error": ""}))
    assert _said(page, EMPTY) == 1
    assert _fields_marked(form) == ["text"]
    for name in ("guest_name", "guest_email"):
        assert described_by(page, _input(form, name)) == [""]


def test_a_refusal_about_no_field_is_said_at_the_top_of_the_form(make_article):
    page, form = refused(make_article(), website="https://spam.example")
    tops = [n for n in form.walk() if HONEYPOT in n.text() and n.tag == "p"]
    assert len(tops) == 1
    top = tops[0]
    assert top.before(_input(form, "guest_name"))  # above every field
    assert top.attrs.get("role") == "alert"
    assert form.one(**{"data-form-error": ""}).text() == ""  # not again under the box
    assert _fields_marked(form) == []


def test_what_was_typed_is_kept_when_a_field_is_refused(make_article):
    page, form = refused(make_article(), guest_name="P", guest_email="pat@example.org")
    assert _input(form, "guest_name").attrs["value"] == "P"
    assert _input(form, "guest_email").attrs["value"] == "pat@example.org"
    assert _input(form, "text").text() == TEXT
    page, form = refused(make_article(), guest_email="pat at example", guest_name="Pat <Lowe>")
    assert _input(form, "guest_name").attrs["value"] == "Pat <Lowe>"
    assert _input(form, "guest_email").attrs["value"] == "pat at example"
    assert _input(form, "text").text() == TEXT


def test_a_refused_reply_says_the_guest_name_error_under_the_name_in_the_reply_form(
    make_article, make_reader, post
):
    article = make_article()
    parent = post(article, make_reader("Alice Walker"), "The bridge is overdue.")
    page, form = refused(article, guest_name="P", parent_id=str(parent.pk))
    assert form.attrs.get("data-parent") == str(parent.pk)
    assert "Alice Walker" in form.text()  # "Your reply to Alice Walker"
    name = _input(form, "guest_name")
    assert name.attrs.get("aria-invalid") == "true"
    assert described_by(page, name) == [NAME_TOO_SHORT]
    assert field_of(page.one(id=name.attrs["aria-describedby"])) is field_of(name)
    assert form.one(**{"data-form-error": ""}).text() == ""
    assert _input(form, "text").text() == TEXT
    assert _input(form, "parent_id").attrs["value"] == str(parent.pk)


def test_a_reply_to_a_comment_gone_meanwhile_says_so_at_the_top_of_the_form(
    make_article, make_reader, post
):
    article = make_article()
    parent = post(article, make_reader("Alice Walker"), "The bridge is overdue.")
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.REJECTED)
    page, form = refused(article, 404, parent_id=str(parent.pk))
    top = next(n for n in form.walk() if n.tag == "p" and n.attrs.get("role") == "alert")
    assert top.text() == "The comment you are replying to is not available."
    assert top.before(_input(form, "guest_name"))
    assert _fields_marked(form) == []
    assert _input(form, "text").text() == TEXT


def test_the_form_is_sent_to_its_answer_at_the_form_so_the_page_opens_there(
    make_article, make_reader, post
):
    article = make_article()
    post(article, make_reader("Alice Walker"), "The bridge is overdue.")
    article_page = dom(Client().get(article.get_absolute_url()).content.decode())
    forms = [n for n in article_page.walk() if "data-comment-form" in n.attrs]
    assert len(forms) == 2  # the comment form and a reply form
    for form in forms:
        assert form.attrs["action"] == f"/comments/article/{article.pk}/post/#comment-retry"
    page, form = refused(article, guest_name="P")
    assert form.attrs.get("id") == "comment-retry"
    assert form.attrs["action"].endswith("#comment-retry")
