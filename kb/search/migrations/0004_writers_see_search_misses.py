"""Writers and editors see which searches found nothing: that list is their to-do list.

Editors may also delete an entry once an article answers it. Idempotent: only adds what is
missing, and skips a group that does not exist.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "writer": ["view_searchmiss"],
    "editor": ["view_searchmiss", "delete_searchmiss"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create ours now.
    search = apps.get_app_config("search")
    search.models_module = True
    create_permissions(search, verbosity=0)
    search.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="search", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_fts_language_column"),
        ("kb", "0003_writer_and_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
