"""Writers and editors see the insights page (kb.view_insights): what readers read, whether it
helped, what they searched for in vain. Idempotent: only adds what is missing, and skips a
group that does not exist."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("writer", "editor")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create ours now.
    kb = apps.get_app_config("kb")
    kb.models_module = True
    create_permissions(kb, verbosity=0)
    kb.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="kb", codename="view_insights")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0008_weekly_views_and_insights_permission"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
