"""Create the "writer" and "editor" groups with their permissions (idempotent).

Writers edit articles (every save is a new revision) and preview them; editors also publish and
roll back. Permissions are normally created after all migrations run, so they are created here
first; running this again only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = [
    ("kb", "add_article"),
    ("kb", "change_article"),
    ("kb", "view_article"),
    ("kb", "view_category"),
    ("kb", "view_revision"),
    ("kb", "view_publication"),
    ("kb", "view_feedback"),
    ("kb", "view_slugredirect"),
]
EDITOR = [
    *WRITER,
    ("kb", "publish_article"),
    ("kb", "add_category"),
    ("kb", "change_category"),
]
GROUPS = {"writer": WRITER, "editor": EDITOR}


def create_groups(apps, schema_editor):
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
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("kb", "0002_article_published_at"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
