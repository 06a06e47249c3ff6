"""Writers and editors work on articles only: django-q2's task tables are out of their reach."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User


@pytest.mark.parametrize("group", ["writer", "editor"])
def test_group_has_no_permission_on_django_q_models(db, group):
    perms = Permission.objects.filter(group__name=group)
    assert perms.exists()
    assert not perms.filter(content_type__app_label="django_q").exists()


# The ORM broker's queue page exists only without Redis; these three always do.
@pytest.mark.parametrize("page", ["success", "failure", "schedule"])
def test_editor_logged_into_admin_gets_403_on_task_pages(db, client, page):
    editor = User.objects.create(username="redaktor", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    client.force_login(editor)
    admin = f"/{settings.ADMIN_URL}"
    assert client.get(admin).status_code == 200
    assert client.get(f"{admin}django_q/{page}/").status_code == 403
