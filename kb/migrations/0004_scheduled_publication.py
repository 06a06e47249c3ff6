"""Scheduled publications; writers and editors see the list (idempotent grant). Cancelling one
needs the right to publish, checked by the admin, not a model permission."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant(apps, schema_editor):
    app_config = apps.get_app_config("kb")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(
        content_type__app_label="kb", codename="view_scheduledpublication"
    )
    for name in ("writer", "editor"):
        Group.objects.get_or_create(name=name)[0].permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0003_writer_and_editor_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ScheduledPublication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("publish_at", models.DateTimeField(verbose_name="publikacja o")),
                ("scheduled_at", models.DateTimeField(verbose_name="zaplanowano")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="wykonano")),
                (
                    "failure",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="powód niepowodzenia"
                    ),
                ),
                (
                    "publication",
                    models.OneToOneField(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="schedule",
                        to="kb.publication",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="schedules",
                        to="kb.revision",
                        verbose_name="wersja",
                    ),
                ),
                (
                    "scheduled_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="zaplanował(a)",
                    ),
                ),
            ],
            options={
                "verbose_name": "zaplanowana publikacja",
                "verbose_name_plural": "zaplanowane publikacje",
                "ordering": ["-publish_at", "-id"],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
