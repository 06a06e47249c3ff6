"""Writers and editors see the catalogue's record of documented codes (idempotent). Nobody
edits it by hand: ``sync_error_catalogue`` writes it from the ministry's document."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("writer", "editor")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("errorlinks")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="errorlinks", codename="view_ksefcode")
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [("errorlinks", "0004_ksef_codes")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
