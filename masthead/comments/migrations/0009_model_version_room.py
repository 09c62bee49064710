"""Room for every model's version in a stored verdict: 100 characters cut off the on-topic and
spam models' versions (the shipped abuse model's version alone is over 90)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0008_explanation_reasons_only"),
    ]

    operations = [
        migrations.AlterField(
            model_name="comment",
            name="model_version",
            field=models.CharField(blank=True, max_length=400),
        ),
    ]
