"""BlockedAddress.held_by (2026-11-30): which bans keep each block, one entry per ban (the hash
of the banned account's address), kept on the block and not on the profile, so that deleting a
banned account no longer forgets its ban's part. Before, a domain's block chosen by two bans
opened when one account was deleted and the other ban lifted (docs/comments.md, "A reader's
own domain").

Existing blocks get the hash of each banned account that still exists and holds them: its
address's block (and the one kept before the providers' rules, where that is still stored),
and its domain's where its ban chose the domain (`ReaderProfile.domain_blocked`). A block that
no surviving ban holds (a deleted account's) gets `UNKNOWN_HOLDER`, so it stays blocked until
`masthead blocked_addresses lift` removes it, never silently opened. A block that a surviving
ban holds is taken to be held by that ban alone: a deleted account's part in it was already
lost before this migration. Calls the running hash functions, as 0011 and 0013 do.
Backwards: the column goes (nothing else changed).
"""

from django.db import migrations, models

UNKNOWN_HOLDER = ""  # BlockedAddress.UNKNOWN_HOLDER


def record_holders(apps, schema_editor):  # type: ignore[no-untyped-def]
    from masthead.comments.blocklist import (
        address_digest,
        domain_digest,
        domain_to_offer,
        legacy_address_digest,
    )

    ReaderProfile = apps.get_model("comments", "ReaderProfile")
    BlockedAddress = apps.get_model("comments", "BlockedAddress")
    held: dict[str, list[str]] = {}
    banned = ReaderProfile.objects.filter(banned=True).values_list(
        "user__email", "user__username", "domain_blocked"
    )
    for email, username, chose_domain in banned:
        # The address a ban reads (`actions._address_from`): the first field holding an @.
        address = next((v for v in (email, username) if v and "@" in v), "")
        if not address:
            continue
        digest = address_digest(address)
        for stored in {digest, legacy_address_digest(address)}:
            held.setdefault(stored, []).append(digest)
        domain = domain_to_offer(address)
        if chose_domain and domain:
            held.setdefault(domain_digest(domain), []).append(digest)
    for block in BlockedAddress.objects.all().only("pk", "digest"):
        holders = held.get(block.digest) or [UNKNOWN_HOLDER]
        BlockedAddress.objects.filter(pk=block.pk).update(held_by=holders)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0014_readerprofile_domain_blocked"),
    ]

    operations = [
        migrations.AddField(
            model_name="blockedaddress",
            name="held_by",
            field=models.JSONField(
                db_default=models.Value([], output_field=models.JSONField()),
                default=list,
                editable=False,
            ),
        ),
        migrations.RunPython(record_holders, migrations.RunPython.noop),
    ]
