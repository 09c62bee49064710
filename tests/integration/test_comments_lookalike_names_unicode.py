"""Look-alike letters from Unicode's confusables data and the Latin small capitals: a name
spelled with them (`ᴀʟɪᴄᴇ ᴡᴀʟᴋᴇʀ`, Cherokee `ꭺ`, Lisu `ꓮ`) reads as the reader's name it
copies, instead of being compared only exactly; and migration comments/0012 computes the keys
stored by the old folding again."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from masthead.comments import actions, names
from masthead.comments.errors import InvalidComment
from masthead.comments.models import ReaderProfile

pytestmark = pytest.mark.django_db

ALICE = "Alice Walker"
SMALL_CAPITALS = "\u1d00\u029f\u026a\u1d04\u1d07 \u1d21\u1d00\u029f\u1d0b\u1d07\u0280"


@pytest.mark.parametrize(
    "name",
    [
        SMALL_CAPITALS,  # ᴀʟɪᴄᴇ ᴡᴀʟᴋᴇʀ
        "\uab7alice Walker",  # Cherokee small letter go, which Unicode reads as ᴀ
        "\ua4eelice Walker",  # Lisu letter a
    ],
)
def test_a_name_in_small_capitals_or_unicode_lookalikes_reads_as_the_latin_name(name):
    assert names.name_key(name) == names.name_key(ALICE)


def test_small_capitals_spell_a_staff_word():
    # ᴍᴏᴅᴇʀᴀᴛᴏʀ
    name = "\u1d0d\u1d0f\u1d05\u1d07\u0280\u1d00\u1d1b\u1d0f\u0280"
    assert names.check_display_name(name, [], "Masthead") is not None


def test_a_name_wholly_in_another_script_still_has_no_latin_reading():
    assert names.name_key("\u0414\u043c\u0438\u0442\u0440\u0438\u0439") == ""  # Дмитрий


def test_a_guest_cannot_pass_for_a_reader_with_small_capitals(
    make_article, make_reader, post, use_moderator, masthead_settings
):
    use_moderator("tests.support.moderators.by_keyword")
    masthead_settings(ALLOW_GUEST_COMMENTS=True)
    make_reader(ALICE)
    with pytest.raises(InvalidComment) as refused:
        post(make_article(), None, "x", guest_name=SMALL_CAPITALS, guest_email="g@example.org")
    assert refused.value.code == "display_name_taken"


def test_the_migration_recomputes_keys_stored_by_the_old_folding(make_reader):
    reader = make_reader(SMALL_CAPITALS)
    other = make_reader("Bob Jones")
    # What the old folding stored: no key, since `ᴀ` had no Latin reading.
    ReaderProfile.objects.filter(user=reader).update(name_key="")
    migration = importlib.import_module(
        "masthead.comments.migrations.0012_recompute_name_keys_unicode_lookalikes"
    )
    migration.recompute_name_keys(django_apps, None)
    assert ReaderProfile.objects.get(user=reader).name_key == names.name_key(ALICE)
    assert ReaderProfile.objects.get(user=other).name_key == names.name_key("Bob Jones")
    # And so the Latin spelling is now refused as a copy of the stored reader's name.
    with pytest.raises(InvalidComment) as refused:
        actions.register_reader("alice@example.org", ALICE, "a long enough password 1")
    assert refused.value.code == "display_name_taken"
