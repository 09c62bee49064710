"""Readers' name keys computed again: `names.name_key` now reads the look-alike letters of
Unicode's confusables data and the Latin small capitals (`ᴀʟɪᴄᴇ`), which it compared only
exactly before (masthead/core/confusables_data.py). A key stored by the old folding would let
a new `Alice Walker` past a reader already called `ᴀʟɪᴄᴇ ᴡᴀʟᴋᴇʀ`.

As 0010 does, this calls the running `name_key`: the stored keys must be what the running code
computes. Names two readers already share under the new keys stay as they are (nobody is
renamed); the check applies to the next name chosen. Backwards: nothing to undo (the old
keys would only match less).
"""

from django.db import migrations


def recompute_name_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    from masthead.comments.names import name_key

    ReaderProfile = apps.get_model("comments", "ReaderProfile")
    # Read all first, then write: SQLite does not isolate a write from a read still open on
    # the same connection.
    profiles = list(ReaderProfile.objects.only("pk", "display_name", "name_key"))
    changed = []
    for profile in profiles:
        key = name_key(profile.display_name)[:200]
        if key != profile.name_key:
            profile.name_key = key
            changed.append(profile)
    ReaderProfile.objects.bulk_update(changed, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0011_blockedaddress"),
    ]

    operations = [
        migrations.RunPython(recompute_name_keys, migrations.RunPython.noop),
    ]
