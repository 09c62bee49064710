"""ReaderProfile.earlier_blocks (2026-11-30, late): the blocks a ban keeps for the addresses its
account had before an administrator changed its e-mail (`actions.follow_address_change`), as
[block hash, holder hash] pairs, so that lifting the ban lifts them too. Before, changing a
banned account's address left the old address blocked with nothing to lift it but
`masthead blocked_addresses lift`, and did not block the new one. No ban changed address under
the new rule yet, so every profile starts with none. Backwards: the column goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0015_blockedaddress_held_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="readerprofile",
            name="earlier_blocks",
            field=models.JSONField(
                db_default=models.Value([], output_field=models.JSONField()),
                default=list,
                editable=False,
            ),
        ),
    ]
