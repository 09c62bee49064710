"""Banned readers' e-mail addresses kept as keyed hashes (`comments.blocklist`), so deleting
the account no longer lifts the ban (docs/comments.md, "Ban evasion").

Readers banned before this migration get their address's hash here, computed by the runtime
function with the site's secret key, as a ban made after it would.
"""

import django.utils.timezone
from django.db import migrations, models


def block_banned_addresses(apps, schema_editor):  # type: ignore[no-untyped-def]
    from masthead.comments.blocklist import address_digest

    ReaderProfile = apps.get_model("comments", "ReaderProfile")
    BlockedAddress = apps.get_model("comments", "BlockedAddress")
    addresses = [
        email or username
        for email, username in ReaderProfile.objects.filter(banned=True).values_list(
            "user__email", "user__username"
        )
    ]
    digests = {address_digest(a) for a in addresses if a and "@" in a}
    BlockedAddress.objects.bulk_create(
        [BlockedAddress(digest=d) for d in sorted(digests)], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0010_readerprofile_name_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="BlockedAddress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "blocked e-mail address",
            },
        ),
        # Backwards: the table goes, nothing to undo.
        migrations.RunPython(block_banned_addresses, migrations.RunPython.noop),
    ]
