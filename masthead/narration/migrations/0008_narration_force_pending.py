from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("narration", "0007_narration_lost_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="narration",
            name="force_pending",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="An editor's Regenerate waits or runs (make the audio again even if it looks current): task recovery queues a lost task with it. Cleared when a run ends.",
            ),
        ),
    ]
