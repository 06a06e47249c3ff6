"""Links to other sites and the weekly check's findings; writers and editors see the list
(idempotent grant). The check writes the rows; nobody edits them by hand."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant(apps, schema_editor):
    app_config = apps.get_app_config("kb")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="kb", codename="view_externallink")
    for name in ("writer", "editor"):
        Group.objects.get_or_create(name=name)[0].permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0006_image_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExternalLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("url", models.URLField(max_length=2000, unique=True, verbose_name="adres")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("ok", "działa"),
                            ("broken", "nie działa"),
                            ("unknown", "nie udało się sprawdzić"),
                        ],
                        default="unknown",
                        max_length=10,
                        verbose_name="stan",
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=300, verbose_name="szczegóły")),
                (
                    "checked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="sprawdzono"),
                ),
                (
                    "broken_since",
                    models.DateTimeField(blank=True, null=True, verbose_name="nie działa od"),
                ),
                (
                    "revisions",
                    models.ManyToManyField(
                        related_name="external_links",
                        to="kb.revision",
                        verbose_name="wersje, które go zawierają",
                    ),
                ),
            ],
            options={
                "verbose_name": "link zewnętrzny",
                "verbose_name_plural": "linki zewnętrzne",
                "ordering": ["url"],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
