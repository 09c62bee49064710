"""Blocked addresses of banned accounts hashed again under the providers' rules
(`blocklist.normalise_address`, 2026-11-30): Yahoo's `base-keyword@` disposable addresses read
as `base-@`, Fastmail's `anything@name.fastmail.com` as `name@fastmail.com`. A block stored
under the old form would no longer be found (and lifting the ban would leave it behind).

Only accounts that still exist can be hashed again; the block of a deleted account keeps its
old hash, which `blocklist.lookup_digests` still looks for (`legacy_address_digest`). Calls
the running functions, as 0011 does: the hashes must be what the running code computes.
Backwards: nothing to undo (the old hashes are gone; `masthead blocked_addresses refresh`
writes the banned accounts' blocks again).
"""

from django.db import migrations


def rehash_banned_addresses(apps, schema_editor):  # type: ignore[no-untyped-def]
    from masthead.comments.blocklist import address_digest, legacy_address_digest

    ReaderProfile = apps.get_model("comments", "ReaderProfile")
    BlockedAddress = apps.get_model("comments", "BlockedAddress")
    banned = list(
        ReaderProfile.objects.filter(banned=True).values_list("user__email", "user__username")
    )
    for email, username in banned:
        address = email or username
        if not address or "@" not in address:
            continue
        old, new = legacy_address_digest(address), address_digest(address)
        if old == new:
            continue
        stored = BlockedAddress.objects.filter(digest=old).first()
        if stored is None:
            continue
        BlockedAddress.objects.get_or_create(digest=new, defaults={"created_at": stored.created_at})
        stored.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0012_recompute_name_keys_unicode_lookalikes"),
    ]

    operations = [
        migrations.RunPython(rehash_banned_addresses, migrations.RunPython.noop),
    ]
