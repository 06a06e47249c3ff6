"""A verdict refers to the Latarnia reading it quotes instead of keeping a copy in its facts.
Each copy kept so far becomes a reading of its own (one per environment and answer), read when
the check finished, and leaves the facts."""

import json

import django.db.models.deletion
from django.db import migrations, models

# A message the page can show has every key Latarnia gives one ("end" may be missing).
MESSAGE_KEYS = {
    "id",
    "eventId",
    "category",
    "type",
    "title",
    "text",
    "start",
    "version",
    "published",
}


def readings_from_quotes(apps, schema_editor):
    SessionCheck = apps.get_model("checks", "SessionCheck")
    LatarniaReading = apps.get_model("ksefstatus", "LatarniaReading")
    made = {}
    for check in SessionCheck.objects.filter(facts__has_key="latarnia").order_by("pk"):
        facts = dict(check.facts)
        quote = facts.pop("latarnia")
        reading_id = None
        if isinstance(quote, dict) and quote.get("status"):
            messages = [
                m
                for m in quote.get("messages") or []
                if isinstance(m, dict) and set(m) >= MESSAGE_KEYS
            ]
            key = (check.environment, quote["status"], json.dumps(messages, sort_keys=True))
            if key not in made:
                at = check.finished_at or check.created_at
                made[key] = LatarniaReading.objects.create(
                    environment=check.environment,
                    status=quote["status"],
                    messages=messages,
                    read_at=at,
                    since=at,
                ).pk
            reading_id = made[key]
        SessionCheck.objects.filter(pk=check.pk).update(facts=facts, latarnia_reading_id=reading_id)


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0004_step_transport_and_retry_reason"),
        ("ksefstatus", "0003_readings_kept_when_a_disruption_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessioncheck",
            name="latarnia_reading",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="ksefstatus.latarniareading",
            ),
        ),
        migrations.RunPython(readings_from_quotes, migrations.RunPython.noop),
    ]
