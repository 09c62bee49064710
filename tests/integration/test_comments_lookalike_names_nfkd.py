"""Look-alike letters that Unicode's compatibility decomposition (NFKD) turns into another
letter before the look-alike table is read: Greek lunate sigma `ϲ` (it decomposes to final
sigma `ς`, which has no Latin reading) looks exactly like `c`, and Cyrillic palochka `ӏ`
looks like `l`, not `i`. A name spelled with them must read as the reader's name it copies."""

from __future__ import annotations

import pytest

from masthead.comments import names
from masthead.comments.errors import InvalidComment

pytestmark = pytest.mark.django_db

ALICE = "Alice Walker"


@pytest.mark.parametrize("name", ["Ali\u03f2e Walker", "Alice Wa\u04cfker"])
def test_name_key_reads_lunate_sigma_as_c_and_palochka_as_l(name):
    assert names.name_key(name) == names.name_key(ALICE)


def test_capital_lunate_sigma_reads_as_capital_c():
    assert names.name_key("\u03f9hris") == names.name_key("Chris")


@pytest.mark.parametrize("name", ["Ali\u03f2e Walker", "Alice Wa\u04cfker"])
def test_a_guest_cannot_pass_for_a_reader_with_lunate_sigma_or_palochka(
    name, make_article, make_reader, post, use_moderator, masthead_settings
):
    use_moderator("tests.support.moderators.by_keyword")
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    make_reader(ALICE)
    with pytest.raises(InvalidComment) as refused:
        post(make_article(), None, "x", guest_name=name, guest_email="g@example.org")
    assert refused.value.code == "display_name_taken"
