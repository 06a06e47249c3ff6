"""kb.revisions publishes and rolls back; the index follows through kb's own signal."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kb import revisions
from kb.models import Article
from kb.search.query import search_articles
from tests.factories import make_article


def slugs(query: str, language: str = "pl") -> list[str]:
    return [h.slug for h in search_articles(query, language, limit=5)]


@pytest.fixture
def article(db: None) -> Article:
    return make_article("faktury-zaliczkowe", "Faktury zaliczkowe", publish=False)


def write(article: Article, title: str):  # type: ignore[no-untyped-def]
    return revisions.create_revision(
        article, title=title, summary="Streszczenie.", body="Treść.", change_note="zmiana"
    )


def test_publish_and_roll_back_update_the_index(article, django_capture_on_commit_callbacks):
    first = article.revisions.get()
    with django_capture_on_commit_callbacks(execute=True):
        revisions.publish(first, user=None)
    assert slugs("zaliczkowa") == ["faktury-zaliczkowe"]

    second = write(article, "Faktury końcowe")
    with django_capture_on_commit_callbacks(execute=True):
        revisions.publish(second, user=None)
    assert slugs("zaliczkowa") == []
    assert slugs("końcowa") == ["faktury-zaliczkowe"]

    with django_capture_on_commit_callbacks(execute=True):
        revisions.roll_back(article, first, user=None)
    assert slugs("zaliczkowa") == ["faktury-zaliczkowe"]
    assert slugs("końcowa") == []


@pytest.mark.parametrize(
    ("query", "language", "slug"),
    [
        ("POST /sessions/online 403", "pl", "blad-403-sessions-online"),
        ("sessions/online", "en", "error-403-sessions-online"),
        ("uprawnienai", "pl", "nadawanie-uprawnien"),
        ("granting permissions", "en", "granting-permissions"),
        ("450", "pl", "status-uwierzytelnienia-415-450"),
        ("Retry-After 429", "en", "error-429-rate-limits"),
        ("srodowsiko testowe", "pl", "srodowiska-ksef"),
        ("profil zaufany", "pl", "metody-uwierzytelniania"),
    ],
)
def test_starter_articles_are_found_once_loaded(
    db, django_capture_on_commit_callbacks, query, language, slug
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_starter_content", verbosity=0)
    assert slugs(query, language)[:1] == [slug]
