"""Readers' names get the key look-alike names share (`names.name_key`), for the check that
refuses a name a reader would take for another's (`AIice Walker` beside `Alice Walker`).

Unlike 0008 this one calls the runtime function instead of a copy: the stored keys are only
useful if they are what the running code computes for a new name. A later change to
`name_key` needs a migration of its own that computes the keys again.
"""

from django.db import migrations, models


def fill_name_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    from masthead.comments.names import name_key

    ReaderProfile = apps.get_model("comments", "ReaderProfile")
    # Read all first, then write: SQLite does not isolate a write from a read still open on
    # the same connection.
    profiles = list(ReaderProfile.objects.only("pk", "display_name"))
    for profile in profiles:
        profile.name_key = name_key(profile.display_name)[:200]
    ReaderProfile.objects.bulk_update(profiles, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_model_version_room"),
    ]

    operations = [
        migrations.AddField(
            model_name="readerprofile",
            name="name_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=200),
        ),
        # Backwards: the column goes, nothing to undo.
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
