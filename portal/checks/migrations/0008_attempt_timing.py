"""When a check's latest attempt was claimed and how long it took: the queue's expected wait is
computed from them. Both empty for checks stored before (no data migration: the estimate looks at
the last minutes only)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0007_signed_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessioncheck",
            name="attempt_seconds",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sessioncheck",
            name="claimed_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
    ]
