"""Keeping the search index in step with what is published.

Only an article's published revision is indexed. ``index_article`` runs after every publication
and rollback (kb.signals.revision_published, connected in SearchConfig.ready);
``rebuild_index`` (management command ``rebuild_search_index``) starts over from the articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from kb.models import Article, Revision
from kb.rendering import render_markdown
from kb.search.models import SearchDocument, SearchTerm, SearchTermCount
from kb.search.text import Token, analyze, fold, normalized
from kb.search.vocabulary import forget_vocabulary

# Longer "words" (hashes, base64) are indexed but not offered as spelling corrections.
_MAX_VOCABULARY_WORD = 100
_BATCH = 500
# One statement per term, adding to its count or starting it: two articles published at once both
# count, whichever inserts the term first.
_COUNT_IN = """
INSERT INTO search_searchtermcount (language, term, documents) VALUES (%s, %s, 1)
ON CONFLICT (language, term) DO UPDATE SET documents = search_searchtermcount.documents + 1
"""
_COUNT_OUT = """
UPDATE search_searchtermcount SET documents = documents - 1 WHERE language = %s AND term = %s
"""


def _vocabulary(tokens: Iterable[Token]) -> set[tuple[str, str]]:
    pairs = set()
    for token in tokens:
        surface = token.term if token.term.startswith("ep") and token.is_code else token.surface
        folded = fold(surface)
        if len(folded) <= _MAX_VOCABULARY_WORD and len(token.term) <= _MAX_VOCABULARY_WORD:
            pairs.add((folded, token.term))
    return pairs


def document_for(
    article: Article, revision: Revision, now: datetime
) -> tuple[SearchDocument, set[tuple[str, str]]]:
    """The index entry for ``revision`` of ``article`` and the (word form, term) pairs in it."""
    language = article.language
    title = analyze(revision.title, language)
    summary = analyze(revision.summary, language)
    passages = []
    headings: list[list[Token]] = []
    body: list[Token] = []
    for passage in render_markdown(revision.body).passages:
        tokens = analyze(passage.text, language)
        if passage.is_heading:
            headings.append(tokens)
        else:
            body.extend(tokens)
        terms = " ".join(sorted({t.term for t in tokens}))
        passages.append(
            {
                "anchor": passage.anchor,
                "text": passage.text,
                "terms": terms,
                "heading": passage.is_heading,
            }
        )
    document = SearchDocument(
        article=article,
        revision=revision,
        language=language,
        title=revision.title,
        summary=revision.summary,
        passages=passages,
        norm_title=normalized(title),
        # One line per heading: ranking looks for a heading that holds the whole query.
        norm_headings="\n".join(normalized(heading) for heading in headings),
        norm_summary=normalized(summary),
        norm_body=normalized(body),
        indexed_at=now,
    )
    return document, _vocabulary(title + [t for h in headings for t in h] + summary + body)


def counted_terms(document: SearchDocument) -> set[str]:
    """The distinct terms of a document as SearchTermCount counts them: "" for the document
    itself, and every term short enough for the table (a longer one is a hash or the like, too
    rare for its count to matter: the ranking takes it as in no document)."""
    fields = (
        document.norm_title,
        document.norm_headings,
        document.norm_summary,
        document.norm_body,
    )
    return {""} | {term for term in " ".join(fields).split() if len(term) <= _MAX_VOCABULARY_WORD}


def count_terms(document: SearchDocument, *, added: bool) -> None:
    """Count the document in its terms' SearchTermCount, or (``added`` false) no longer."""
    # Always in the same order, so two transactions counting at once wait rather than deadlock.
    rows = [(document.language, term) for term in sorted(counted_terms(document))]
    with connection.cursor() as cursor:
        cursor.executemany(_COUNT_IN if added else _COUNT_OUT, rows)


def _remember(pairs: set[tuple[str, str]]) -> None:
    SearchTerm.objects.bulk_create(
        [SearchTerm(surface=s, term=t) for s, t in sorted(pairs)],
        ignore_conflicts=True,
        batch_size=_BATCH,
    )
    forget_vocabulary()


def index_article(article: Article, now: datetime | None = None) -> bool:
    """Put the article's published revision in the index (or take the article out if nothing is
    published). Returns whether the article is in the index now."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two publications of one article in quick succession index one after the other, and the
        # later sees the later revision: the index never keeps the older one by a race.
        article = (
            Article.objects.select_for_update(of=("self",))
            .select_related("published_revision")
            .get(pk=article.pk)
        )
        if article.published_revision is None:
            SearchDocument.objects.filter(article=article).delete()
            return False
        document, pairs = document_for(article, article.published_revision, now)
        SearchDocument.objects.filter(article=article).delete()
        document.save(force_insert=True)
        _remember(pairs)
    return True


def rebuild_index(now: datetime | None = None) -> int:
    """Index every published article from scratch; returns how many are in the index."""
    now = now or timezone.now()
    articles = Article.objects.filter(published_revision__isnull=False).select_related(
        "published_revision"
    )
    count = 0
    with transaction.atomic():
        # Plain SQL, not a queryset's delete(): that would load every document to send each one's
        # post_delete (kb.search.receivers), only for the counts that are dropped just below.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchdocument")
        SearchTermCount.objects.all().delete()
        SearchTerm.objects.all().delete()
        batch: list[SearchDocument] = []
        pairs: set[tuple[str, str]] = set()
        counts: Counter[tuple[str, str]] = Counter()
        for article in articles.iterator(chunk_size=_BATCH):
            assert article.published_revision is not None
            document, found = document_for(article, article.published_revision, now)
            batch.append(document)
            pairs |= found
            counts.update((document.language, term) for term in counted_terms(document))
            if len(batch) >= _BATCH:
                SearchDocument.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        count += len(batch)
        _remember(pairs)
        SearchTermCount.objects.bulk_create(
            [
                SearchTermCount(language=lang, term=term, documents=n)
                for (lang, term), n in counts.items()
            ],
            batch_size=_BATCH,
        )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Merge the index's many small segments from a bulk load into one.
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses from an empty table after a bulk load.
            cursor.execute("ANALYZE search_searchdocument")
    return count
