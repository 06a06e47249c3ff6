from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from kb import revisions
from kb.models import Article, Publication
from kb.signals import revision_published
from tests.factories import T0, add_revision


def _edit(article, body, author, days):  # type: ignore[no-untyped-def]
    return add_revision(article, author, body=body, days=days)


def test_publishing_points_the_article_at_the_revision_and_records_who_and_when(
    make_article, writer, editor
):
    article = make_article()
    draft = _edit(article, "Treść v2", writer, 1)
    when = T0 + timedelta(days=2)
    publication = revisions.publish(draft, editor, now=when)
    article.refresh_from_db()
    assert article.published_revision == draft
    assert article.published_at == when
    assert (publication.revision, publication.published_by, publication.published_at) == (
        draft,
        editor,
        when,
    )


def test_a_draft_is_not_visible_until_published(make_article, writer):
    article = make_article()
    _edit(article, "Szkic", writer, 1)
    article.refresh_from_db()
    assert article.published_revision.number == 1


def test_rollback_publishes_old_text_as_new_revision(make_article, writer, editor):
    article = make_article()
    revisions.publish(_edit(article, "Treść v2", writer, 1), editor, now=T0 + timedelta(days=1))
    first = article.revisions.get(number=1)

    restored = revisions.roll_back(article, first, editor, now=T0 + timedelta(days=3))

    article.refresh_from_db()
    assert restored.number == 3
    assert restored.body == first.body
    assert restored.title == first.title
    assert restored.restored_from == first
    assert restored.change_note == "Przywrócono wersję 1"
    assert article.published_revision == restored
    # History is only appended to: revision 2 is still there, untouched.
    assert article.revisions.get(number=2).body == "Treść v2"
    assert list(Publication.objects.filter(article=article).values_list("revision__number")) == [
        (3,),
        (2,),
        (1,),
    ]


def test_publishing_an_older_revision_directly_is_refused(make_article, writer, editor):
    article = make_article()
    revisions.publish(_edit(article, "Treść v2", writer, 1), editor, now=T0 + timedelta(days=1))
    with pytest.raises(revisions.RevisionError, match="starsza"):
        revisions.publish(article.revisions.get(number=1), editor)
    article.refresh_from_db()
    assert article.published_revision.number == 2


def test_a_writer_cannot_publish_or_roll_back(make_article, writer):
    article = make_article()
    draft = _edit(article, "Treść v2", writer, 1)
    with pytest.raises(PermissionDenied):
        revisions.publish(draft, writer)
    with pytest.raises(PermissionDenied):
        revisions.roll_back(article, draft, writer)
    article.refresh_from_db()
    assert article.published_revision.number == 1
    assert article.revisions.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_and_rollback_send_revision_published_after_commit(make_article, writer, editor):
    received: list[tuple[str, int]] = []

    def listener(sender, article, revision, **kwargs):  # type: ignore[no-untyped-def]
        received.append((article.slug, revision.number))

    revision_published.connect(listener)
    try:
        article = make_article()
        revisions.publish(_edit(article, "Treść v2", writer, 1), editor)
        revisions.roll_back(article, article.revisions.get(number=1), editor)
    finally:
        revision_published.disconnect(listener)
    assert received == [("blad-403", 1), ("blad-403", 2), ("blad-403", 3)]
    assert Article.objects.get(pk=article.pk).published_revision.number == 3
