from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("narration", "0008_narration_force_pending"),
    ]

    operations = [
        migrations.AlterField(
            model_name="narration",
            name="force_pending",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="An editor's Regenerate waits that no run has taken on yet (make the audio again even if it looks current): the next run to start takes it, and task recovery queues a lost task with it.",
            ),
        ),
        migrations.AddField(
            model_name="narration",
            name="forced_run",
            field=models.PositiveIntegerField(
                db_default=0,
                default=0,
                help_text="The run (its number, `attempts`) that took on a Regenerate, until it ends; 0 for none. A run given back or lost leaves the Regenerate pending again.",
            ),
        ),
    ]
