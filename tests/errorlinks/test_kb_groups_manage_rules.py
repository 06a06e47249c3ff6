"""docs/writers.md says editors map errors to articles: the kb groups can reach the rules in admin.
Editors change them (a rule redirects readers at once, as a publish does); writers read them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

pytestmark = pytest.mark.django_db


def staff_in(group: str) -> User:
    user = User.objects.create(username=f"{group}-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_editor_can_add_and_change_error_rules(client, settings):
    client.force_login(staff_in("editor"))
    admin = f"/{settings.ADMIN_URL}errorlinks"
    assert client.get(f"{admin}/errorrule/").status_code == 200
    assert client.get(f"{admin}/errorrule/add/").status_code == 200
    assert client.get(f"{admin}/errorlinkmiss/").status_code == 200


def test_writer_sees_rules_and_misses_but_cannot_change_them(client, settings):
    client.force_login(staff_in("writer"))
    admin = f"/{settings.ADMIN_URL}errorlinks"
    assert client.get(f"{admin}/errorrule/").status_code == 200
    assert client.get(f"{admin}/errorrulechange/").status_code == 200
    assert client.get(f"{admin}/errorlinkmiss/").status_code == 200
    assert client.get(f"{admin}/errorrule/add/").status_code == 403
