from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _user(username: str, group: str | None) -> User:
    # No password: tests log in with force_login, and hashing one costs a noticeable 0.2 s.
    user = User.objects.create(username=username, is_staff=True)
    if group:
        if not Group.objects.filter(name=group).exists():
            # A transactional test before this one flushed what the migration created.
            import_module("kb.migrations.0003_writer_and_editor_groups").create_groups(
                django_apps, None
            )
            import_module("kb.migrations.0006_writers_and_editors_see_insights").grant(
                django_apps, None
            )
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db) -> User:  # type: ignore[no-untyped-def]
    return _user("pisarka", "writer")


@pytest.fixture
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return _user("redaktor", "editor")


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)
