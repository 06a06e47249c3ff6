"""The index follows the knowledge base: kb sends signals, search listens (kb never imports us)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from kb.models import Article
from kb.search.index import count_terms, index_article
from kb.search.models import SearchDocument
from kb.signals import revision_published

logger = logging.getLogger(__name__)


@receiver(revision_published, dispatch_uid="search_index_published_revision")
def index_published_revision(sender: Any, article: Article, **kwargs: Any) -> None:
    # The publication is committed by now: a failure here must not turn it into an error page
    # for the editor. The log says what failed; rebuild_search_index repairs the index.
    try:
        index_article(article)
    except DatabaseError:
        logger.exception("Search index not updated for article %s", article.pk)


@receiver(post_save, sender=Article, dispatch_uid="search_drop_unpublished_article")
def drop_unpublished_article(sender: Any, instance: Article, **kwargs: Any) -> None:
    # Publishing always goes through revision_published; taking an article off the site (in
    # admin, say) is only a save with no published revision, and must not leave it findable.
    if instance.published_revision_id is None:
        SearchDocument.objects.filter(article_id=instance.pk).delete()


# The IDF's document counts (SearchTermCount) follow the documents, whatever adds or removes one
# (a publication, an article taken off the site, a delete in a shell or a test): kept here rather
# than at each caller, so no path can forget them. rebuild_index counts for itself, in bulk.
@receiver(post_save, sender=SearchDocument, dispatch_uid="search_count_added_document")
def count_added_document(
    sender: Any, instance: SearchDocument, created: bool, **kwargs: Any
) -> None:
    if created:
        count_terms(instance, added=True)


@receiver(post_delete, sender=SearchDocument, dispatch_uid="search_count_removed_document")
def count_removed_document(sender: Any, instance: SearchDocument, **kwargs: Any) -> None:
    count_terms(instance, added=False)
