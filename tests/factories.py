"""The tests' one way to build knowledge-base articles: through kb.revisions, the path the admin
and the starter content take, so every article has real revisions, publications and the
on-commit signal that the search index and the page cache follow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as Pillow

from kb import images, revisions
from kb.models import Article, Category, Feedback, Image, Publication, Revision

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def default_category() -> Category:
    category, _ = Category.objects.get_or_create(
        slug="uwierzytelnianie",
        defaults={"name_pl": "Uwierzytelnianie", "name_en": "Authentication", "position": 1},
    )
    return category


def publish_revision(
    revision: Revision, user: Any = None, now: datetime | None = None
) -> Publication:
    """``revisions.publish``, with what it runs on commit run now (a test never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return revisions.publish(revision, user, now=now)


def make_article(
    slug: str = "blad-403",
    title: str = "Błąd 403",
    summary: str = "Dlaczego KSeF odmawia otwarcia sesji.",
    body: str = "## Przyczyny {#causes}\n\nBrak uprawnień.",
    *,
    language: str = "pl",
    translation_of: Article | None = None,
    category: Category | None = None,
    author: Any = None,
    publish: bool = True,
    now: datetime = T0,
) -> Article:
    """An article whose revision 1 is written by ``author`` at ``now`` and, unless ``publish``
    is False, published by the same author at the same time."""
    article = Article.objects.create(
        slug=slug,
        language=language,
        category=category or default_category(),
        translation_of=translation_of,
    )
    revision = revisions.create_revision(
        article,
        title=title,
        summary=summary,
        body=body,
        change_note="Pierwsza wersja",
        author=author,
        now=now,
    )
    if publish:
        publish_revision(revision, author, now)
    article.refresh_from_db()
    return article


def add_revision(
    article: Article,
    author: Any = None,
    *,
    title: str = "Tytuł",
    summary: str = "Streszczenie",
    body: str = "Treść",
    change_note: str = "Zmiana",
    days: int = 1,
    publish_by: Any = None,
) -> Revision:
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
        publish_revision(revision, publish_by, T0 + timedelta(days=days + 1))
    return revision


def image_bytes(width: int = 40, height: int = 30, format: str = "PNG") -> bytes:
    """A real image of the given size and format, its colour varying with the size (so two sizes
    never have the same content)."""
    out = BytesIO()
    Pillow.new("RGB", (width, height), (width % 256, height % 256, 90)).save(out, format=format)
    return out.getvalue()


def make_image(
    width: int = 40, height: int = 30, format: str = "PNG", alt: str = "Zrzut ekranu"
) -> Image:
    """An image uploaded the way the admin does it, through kb.images (files in MEDIA_ROOT)."""
    inspected = images.inspect(SimpleUploadedFile("zrzut", image_bytes(width, height, format)))
    return images.store(Image(alt=alt), inspected, user=None, now=T0)


def make_feedback(article: Article, helpful: bool, at: datetime, comment: str = "") -> Feedback:
    """A reader's "did this help" on the article's published revision, sent at ``at``."""
    assert article.published_revision is not None
    feedback = Feedback.objects.create(
        revision=article.published_revision, helpful=helpful, comment=comment
    )
    # created_at is set on insert; a test needs opinions from past weeks.
    Feedback.objects.filter(pk=feedback.pk).update(created_at=at)
    feedback.created_at = at
    return feedback
