"""Give the kb groups the error-link rules (idempotent): editors create, change and delete
rules, since a rule changes what readers are sent to at once, as publishing does; writers see
the rules, their history and the errors no rule answered yet, and propose changes to editors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = [
    "view_errorrule",
    "view_errorrulechange",
    "view_errorlinkmiss",
]
EDITOR = [*WRITER, "add_errorrule", "change_errorrule", "delete_errorrule"]
GROUPS = {"writer": WRITER, "editor": EDITOR}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("errorlinks")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="errorlinks", codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("errorlinks", "0002_rule_check_cause"),
        ("kb", "0003_writer_and_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
