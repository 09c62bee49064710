"""`masthead refresh_name_keys` stores every reader's name key again as the running code computes
it (2026-11-30). Migration comments/0012 recomputed the keys once, but during a rolling upgrade a
machine still on the old code stores the old key for a name chosen after that migration ran, and
a later `Alice Walker` would pass the look-alike check against that reader; before this command
the only way to put it right was migrating back and forward."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from masthead.comments import actions, names
from masthead.comments.errors import InvalidComment
from masthead.comments.models import ReaderProfile

pytestmark = pytest.mark.django_db

SMALL_CAPITALS = (
    "\u1d00\u029f\u026a\u1d04\u1d07 \u1d21\u1d00\u029f\u1d0b\u1d07\u0280"  # ᴀʟɪᴄᴇ ᴡᴀʟᴋᴇʀ
)


def refresh(*args: str) -> str:
    out = io.StringIO()
    call_command("refresh_name_keys", *args, stdout=out)
    return out.getvalue()


def old_code_key(reader) -> ReaderProfile:  # type: ignore[no-untyped-def]
    """What a machine on the old code stored: small capitals had no Latin reading (key empty)."""
    profile = reader.reader
    profile.display_name = SMALL_CAPITALS
    profile.save()
    ReaderProfile.objects.filter(pk=profile.pk).update(name_key="")
    return profile


def test_a_key_stored_by_old_code_is_stored_again_and_the_lookalike_is_refused(make_reader):
    profile = old_code_key(make_reader())
    other = make_reader()
    assert (
        refresh() == f"{ReaderProfile.objects.count()} reader(s) read, 1 name key(s) stored again\n"
    )
    profile.refresh_from_db()
    assert profile.name_key == names.name_key("Alice Walker")
    assert profile.display_name == SMALL_CAPITALS
    with pytest.raises(InvalidComment):
        actions.check_display_name("Alice Walker", exclude_user=other)
    assert refresh().endswith(", 0 name key(s) stored again\n")


def test_dry_run_counts_and_changes_nothing(make_reader):
    profile = old_code_key(make_reader())
    assert refresh("--dry-run").endswith(", 1 name key(s) would be stored again\n")
    profile.refresh_from_db()
    assert profile.name_key == ""


def test_a_name_changed_meanwhile_keeps_its_own_key(make_reader, monkeypatch):
    profile = old_code_key(make_reader())
    real_key = names.name_key

    def key_then_rename(name: str) -> str:
        ReaderProfile.objects.filter(pk=profile.pk).update(
            display_name="Mara Quill", name_key="mara"
        )
        return real_key(name)

    monkeypatch.setattr(names, "name_key", key_then_rename)
    refresh()
    profile.refresh_from_db()
    assert (profile.display_name, profile.name_key) == ("Mara Quill", "mara")
