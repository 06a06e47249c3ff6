"""Let writers and editors upload, describe and delete images (idempotent).

Deleting is refused anyway while a revision refers to the image (kb.images.delete_image).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

IMAGE = [("kb", f"{action}_image") for action in ("add", "change", "delete", "view")]
GROUPS = {"writer": IMAGE, "editor": IMAGE}


def add_image_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codes:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0003_writer_and_editor_groups"),
        ("kb", "0005_image"),
    ]

    operations = [migrations.RunPython(add_image_permissions, migrations.RunPython.noop)]
