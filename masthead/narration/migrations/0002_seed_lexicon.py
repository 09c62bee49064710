from django.db import migrations

# Names the newsroom's voices got wrong; editors add more in the admin.
SEED = [
    ("Peskov", "Peskoff", "Dmitry Peskov, Kremlin spokesman"),
    ("Darchiyev", "Darcheeyev", "Alexander Darchiyev, Russian diplomat"),
    ("Kyiv", "Keev", ""),
    ("Lavrov", "Lavroff", "Sergei Lavrov"),
]


def seed(apps, schema_editor):
    entry = apps.get_model("narration", "PronunciationEntry")
    for word, say_as, note in SEED:
        entry.objects.get_or_create(word=word, defaults={"say_as": say_as, "note": note})


def unseed(apps, schema_editor):
    entry = apps.get_model("narration", "PronunciationEntry")
    entry.objects.filter(word__in=[word for word, _, _ in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("narration", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
