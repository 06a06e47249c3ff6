"""Signals the knowledge base sends, so search and caches follow publications without kb
importing them."""

from django.dispatch import Signal

# Sent after a revision became the article's published one (publish or roll back), inside the
# same transaction's on_commit. Arguments: article, revision.
revision_published = Signal()
