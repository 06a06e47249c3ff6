"""What search keeps: one document per published article, the vocabulary, and queries that found
nothing.

The full-text index itself is not a Django model: on SQLite it is the FTS5 table ``search_fts``
(external content over SearchDocument, kept in step by triggers), on PostgreSQL two generated
``tsvector`` columns on SearchDocument's table. Both are created by migration 0006.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kb.models import Article, Language, Revision


class SearchDocument(models.Model):
    """The published revision of one article, as search needs it."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2, choices=Language.choices)
    # Original text, for showing results and highlighting what matched.
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    # The body as plain-text passages: [{"anchor": heading id or "", "text": ..., "terms": ...}].
    passages = models.JSONField(default=list)
    # Normalised terms (see kb.search.text), what the full-text index is built from and what
    # kb.search.ranking counts. The body's headings are a field of their own, not in norm_body.
    norm_title = models.TextField()
    norm_headings = models.TextField(default="")
    norm_summary = models.TextField()
    norm_body = models.TextField()
    indexed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.article_id}: {self.title}"


class SearchTerm(models.Model):
    """A word form seen in the index (folded) and the term it was indexed as.

    Lets a query written without diacritics or with a typo find the term an article was indexed
    under. Append-only between rebuilds; ids never repeat, which is how every process notices
    that its cached copy is stale (kb.search.vocabulary).
    """

    surface = models.CharField(max_length=100)
    term = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["surface", "term"], name="search_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.surface} → {self.term}"


class SearchTermCount(models.Model):
    """In how many indexed articles of a language a term occurs: what the ranking's IDF needs.

    Counting the matches of every query word through the full-text index read most of the index
    for a common word (300 ms per query on PostgreSQL with 10,000 articles); these counts are kept
    as documents come and go (kb.search.receivers) and rebuilt with the index, so a query reads a
    few rows instead. The empty term, never a real one, counts the documents themselves.
    """

    language = models.CharField(max_length=2, choices=Language.choices)
    term = models.CharField(max_length=100, blank=True)
    documents = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="search_term_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.term}: {self.documents}"


class SearchMiss(models.Model):
    """A query that found nothing: only its (redacted) text, nothing about who asked."""

    query = models.CharField(_("zapytanie"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("ile razy"), default=1)
    first_seen = models.DateTimeField(_("pierwszy raz"))
    last_seen = models.DateTimeField(_("ostatni raz"))

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = _("nieudane wyszukiwanie")
        verbose_name_plural = _("nieudane wyszukiwania")

    def __str__(self) -> str:
        return self.query
