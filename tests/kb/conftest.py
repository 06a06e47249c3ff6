from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _user(username: str, group: str | None) -> User:
    # No password: tests log in with force_login, and hashing one costs a noticeable 0.2 s.
    user = User.objects.create(username=username, is_staff=True)
    if group:
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
