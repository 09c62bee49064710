"""ReaderProfile.domain_blocked (2026-11-30): which ban chose to block the reader's whole
domain, so that lifting another ban at that domain (one that blocked only its address) leaves
the domain's block alone, and `masthead blocked_addresses refresh` can write the domain's
block again under a new secret key. The domain block shipped the same day and was never
released, so no existing ban is marked."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0013_blocked_addresses_provider_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="readerprofile",
            name="domain_blocked",
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
