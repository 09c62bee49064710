"""Whether audio is current is decided by its read-along (the sentences it times), not by the
article's raw text: `Narration.read_along_key`. Each existing narration's key is computed from
its own stored timings, that is from the sentences its audio really times. So audio whose
sentences are the page's sentences now stays current, with nothing synthesised again on
upgrade, while audio made from an earlier reading of an unchanged body (the body parser changed,
as in a10ce3a) is stale and is narrated again (`actions.refresh_narrations`, run after
`migrate`)."""

import hashlib
import json

from django.db import migrations, models


def read_along_key(sentences):
    """A copy of `masthead.narration.pipeline.read_along_key` as it was when this migration was
    written (tests check they agree), so that later changes there do not change this step."""
    digest = hashlib.sha256(b"read-along 1")
    for sentence in sentences:
        row = [sentence["target"], sentence["from"], sentence["to"], sentence["text"]]
        digest.update(b"\x00" + json.dumps(row, ensure_ascii=False).encode())
    return digest.hexdigest()


def key_of_timings(timings):
    """The key of the sentences stored timings list; "" (stale) when they list none."""
    sentences = timings.get("sentences") if isinstance(timings, dict) else None
    if not sentences or not isinstance(sentences, list):
        return ""
    try:
        return read_along_key(sentences)
    except (KeyError, TypeError):
        return ""


def keys_from_timings(apps, schema_editor):
    Narration = apps.get_model("narration", "Narration")
    batch = []
    rows = Narration.objects.exclude(audio="").only("pk", "timings").order_by("pk")
    for narration in rows.iterator(chunk_size=200):
        narration.read_along_key = key_of_timings(narration.timings)
        batch.append(narration)
        if len(batch) >= 200:
            Narration.objects.bulk_update(batch, ["read_along_key"])
            batch = []
    if batch:
        Narration.objects.bulk_update(batch, ["read_along_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("narration", "0005_narration_parts"),
    ]

    operations = [
        migrations.AddField(
            model_name="narration",
            name="read_along_key",
            field=models.CharField(
                blank=True,
                default="",
                db_default="",
                help_text="The sentences the audio times, as the page showed them when it was "
                "made (target, printed text, offsets): the audio is served while the article, "
                "parsed now, gives the same.",
                max_length=64,
            ),
        ),
        migrations.RunPython(keys_from_timings, migrations.RunPython.noop, elidable=True),
    ]
