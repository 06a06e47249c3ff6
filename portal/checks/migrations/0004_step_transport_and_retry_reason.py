"""Typed facts the runner and decide already knew: how each call to KSeF ended on the wire, and
why a waiting check waits. Older rows are filled from what the runner wrote then."""

from django.db import migrations, models

# Steps that called no KSeF keep an empty transport.
NO_CALL = ("pacing", "retry", "worker")
# The runner wrote a call that got no answer as "<kind>: <reason>", with no HTTP or auth status.
NO_ANSWER = ("timeout", "connection", "tls", "other")


def fill_transport(apps, schema_editor):
    CheckStep = apps.get_model("checks", "CheckStep")
    calls = CheckStep.objects.filter(transport="").exclude(name__in=NO_CALL)
    for kind in NO_ANSWER:
        calls.filter(http_status=None, auth_status=None, detail__startswith=f"{kind}: ").update(
            transport=kind
        )
    calls.update(transport="answered")


def _reason(check):
    """Why a check waits, read from its last attempt's steps as the page used to read it."""
    steps = check.steps.filter(attempt=check.attempts)
    failed = steps.filter(outcome="fail").order_by("id").first()
    if failed is None:
        return "paced" if steps.filter(name="pacing").exists() else ""
    if failed.reason_code == "missing-permissions":
        return "propagation"
    if failed.http_status == 429:
        return "rate-limited"
    if failed.auth_status and check.denied_for == "activation":
        return "activation"
    return "ksef-transient"


def fill_retry_reason(apps, schema_editor):
    SessionCheck = apps.get_model("checks", "SessionCheck")
    for check in SessionCheck.objects.filter(status="waiting", retry_reason=""):
        SessionCheck.objects.filter(pk=check.pk).update(retry_reason=_reason(check))


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0003_verdict_causes_of_issue_12"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkstep",
            name="transport",
            field=models.CharField(
                blank=True,
                choices=[
                    ("answered", "odpowiedź"),
                    ("timeout", "brak odpowiedzi w czasie"),
                    ("connection", "błąd połączenia"),
                    ("tls", "błąd TLS"),
                    ("other", "inny błąd transportu"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="sessioncheck",
            name="retry_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("propagation", "propagation"),
                    ("activation", "activation"),
                    ("ksef-transient", "ksef-transient"),
                    ("rate-limited", "rate-limited"),
                    ("paced", "paced"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(fill_transport, migrations.RunPython.noop),
        migrations.RunPython(fill_retry_reason, migrations.RunPython.noop),
    ]
