from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb import revisions
from kb.models import Article, Category

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def category(db) -> Category:  # type: ignore[no-untyped-def]
    return Category.objects.create(
        slug="uwierzytelnianie", name_pl="Uwierzytelnianie", name_en="Authentication", position=1
    )


def _user(username: str, group: str | None) -> User:
    # No password: tests log in with force_login, and hashing one costs a noticeable 0.2 s.
    user = User.objects.create(username=username, is_staff=True)
    if group:
        if not Group.objects.filter(name=group).exists():
            # A transactional test before this one flushed what the migration created.
            migration = import_module("kb.migrations.0003_writer_and_editor_groups")
            migration.create_groups(django_apps, None)
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db) -> User:  # type: ignore[no-untyped-def]
    return _user("pisarka", "writer")


@pytest.fixture
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return _user("redaktor", "editor")


@pytest.fixture
def make_article(category, editor):  # type: ignore[no-untyped-def]
    """An article with revision 1 published (unless publish=False)."""

    def make(
        slug: str = "blad-403",
        *,
        language: str = "pl",
        title: str = "Błąd 403",
        summary: str = "Dlaczego KSeF odmawia otwarcia sesji.",
        body: str = "## Przyczyny {#causes}\n\nBrak uprawnień.",
        translation_of: Article | None = None,
        publish: bool = True,
    ) -> Article:
        article = Article.objects.create(
            slug=slug, language=language, category=category, translation_of=translation_of
        )
        revision = revisions.create_revision(
            article,
            title=title,
            summary=summary,
            body=body,
            change_note="Pierwsza wersja",
            author=editor,
            now=T0,
        )
        if publish:
            revisions.publish(revision, editor, now=T0)
        article.refresh_from_db()
        return article

    return make


def add_revision(
    article: Article,
    author: User,
    *,
    body: str = "Treść",
    title: str = "Tytuł",
    summary: str = "Streszczenie",
    change_note: str = "Zmiana",
    days: int = 1,
    publish_by: User | None = None,
):  # type: ignore[no-untyped-def]
    """A new revision written ``days`` after T0; published a day later when ``publish_by``."""
    revision = revisions.create_revision(
        article,
        title=title,
        summary=summary,
        body=body,
        change_note=change_note,
        author=author,
        now=T0 + timedelta(days=days),
    )
    if publish_by is not None:
        revisions.publish(revision, publish_by, now=T0 + timedelta(days=days + 1))
    return revision


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)
