"""A name in a script with no Latin reading (`Дмитрий`, `李明`) is compared with the others
exactly, ignoring case. Marks that draw nothing (combining grapheme joiner U+034F, variation
selectors) must not make a copy of such a name count as another name: they are taken out."""

from __future__ import annotations

import pytest

from masthead.comments import names
from masthead.comments.errors import InvalidComment

pytestmark = pytest.mark.django_db

INVISIBLE = ("\u034f", "\ufe0f", "\U000e0100", "\u180b")


@pytest.mark.parametrize("mark", INVISIBLE)
def test_an_invisible_mark_is_taken_out_of_a_name(mark):
    assert names.clean_display_name(f"Дми{mark}трий") == "Дмитрий"


@pytest.mark.parametrize("mark", INVISIBLE)
def test_no_account_can_copy_a_cyrillic_name_with_an_invisible_mark(mark, make_reader):
    make_reader("Дмитрий")
    with pytest.raises(InvalidComment) as refused:
        make_reader(f"Дмитрий{mark}")
    assert refused.value.code == "display_name_taken"


def test_a_guest_cannot_copy_a_chinese_name_with_a_variation_selector(
    make_article, make_reader, post, use_moderator, masthead_settings
):
    use_moderator("tests.support.moderators.by_keyword")
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    make_reader("李明")
    with pytest.raises(InvalidComment) as refused:
        post(make_article(), None, "x", guest_name="李明\ufe00", guest_email="g@example.org")
    assert refused.value.code == "display_name_taken"
