"""The database-specific steps of a search: which articles match, and how many match each term.

A query arrives here already normalised into groups of terms (kb.search.query): every group must
match (``all_groups``) or any may; within a group any term may. Terms are ``[a-z0-9]+`` only and
are quoted all the same, so nothing a reader types reaches MATCH or to_tsquery as syntax.

Ordering is not decided here but in kb.search.ranking, in Python, the same on both databases.
The database only cuts a long list of matches down to the candidates worth scoring: those whose
title, headings and summary match best (SQLite's bm25 and PostgreSQL's ts_rank over those fields,
in the same proportions as the ranking's weights), then the lowest ids. Wherever the matches fit
under the cut, both databases hand over the same set and readers get the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from kb.search.text import is_term

Groups = Sequence[frozenset[str]]

# Title, headings, summary: the ranking's weights (kb.search.ranking), the body left out. Ranking
# the body too is what made PostgreSQL slow (every match's whole vector read back from TOAST), and
# an article matching only in its body rarely beats one matching in its title or headings.
_HEAD_WEIGHTS = (5.0, 3.0, 2.0)
# bm25 takes one weight per column: language (there to filter on), the head fields, body.
_BM25_WEIGHTS = [0.0, *_HEAD_WEIGHTS, 0.0]
# ts_rank takes one weight per class D, C, B, A (body, summary, headings, title).
_TS_RANK_WEIGHTS = [0.0, *(w / _HEAD_WEIGHTS[0] for w in reversed(_HEAD_WEIGHTS))]

# What kb.search.ranking scores, for the candidates only.
_FIELDS = """
SELECT d.article_id, d.norm_title, d.norm_headings, d.norm_summary, d.norm_body
FROM search_searchdocument d JOIN ({candidates}) c ON c.id = d.article_id
"""
_SQLITE_CANDIDATES = """
SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s
ORDER BY bm25(search_fts, %s, %s, %s, %s, %s), rowid
LIMIT %s
"""
# ts_rank over ``head`` (a few hundred bytes kept in the row), never over ``document``.
_POSTGRESQL_CANDIDATES = """
SELECT d.article_id AS id
FROM search_searchdocument d, to_tsquery('simple', %s) AS q(query)
WHERE d.language = %s AND d.document @@ q.query
ORDER BY ts_rank(%s::float4[], d.head, q.query, 0) DESC, d.article_id
LIMIT %s
"""
_DOCUMENTS = "(SELECT count(*) FROM search_searchdocument WHERE language = %s)"
_SQLITE_COUNT = "(SELECT count(*) FROM search_fts WHERE search_fts MATCH %s)"
_POSTGRESQL_COUNT = (
    "(SELECT count(*) FROM search_searchdocument"
    " WHERE language = %s AND document @@ to_tsquery('simple', %s))"
)
Fields = tuple[str, str, str, str]


def _checked(groups: Groups) -> list[list[str]]:
    checked = [sorted(t for t in group if is_term(t)) for group in groups]
    return [group for group in checked if group]


def fts5_expression(groups: Groups, all_groups: bool, language: str) -> str:
    parts = ["(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in _checked(groups)]
    terms = (" AND " if all_groups else " OR ").join(parts)
    return f'language : "{language}" AND ({terms})'


def tsquery_expression(groups: Groups, all_groups: bool) -> str:
    parts = ["(" + " | ".join(f"'{term}'" for term in group) + ")" for group in _checked(groups)]
    return (" & " if all_groups else " | ").join(parts)


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise ImproperlyConfigured(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}"
        )
    return connection.vendor


def candidates(
    groups: Groups, *, all_groups: bool, language: str, limit: int
) -> list[tuple[int, Fields]]:
    """Up to ``limit`` indexed articles in ``language`` that match: their ids and normalised
    title, headings, summary and body. Whether each is still published is for the caller."""
    if not is_term(language) or not _checked(groups):
        return []
    params: list[Any]
    if _vendor() == "sqlite":
        sql = _SQLITE_CANDIDATES
        params = [fts5_expression(groups, all_groups, language), *_BM25_WEIGHTS, limit]
    else:
        sql = _POSTGRESQL_CANDIDATES
        params = [tsquery_expression(groups, all_groups), language, _TS_RANK_WEIGHTS, limit]
    with connection.cursor() as cursor:
        cursor.execute(_FIELDS.format(candidates=sql), params)
        return [(int(article_id), tuple(fields)) for article_id, *fields in cursor.fetchall()]


def match_counts(groups: Groups, language: str) -> tuple[int, list[int]]:
    """How many articles in ``language`` are indexed, and how many of them match each group
    (0 for a group without a valid term): what the ranking's IDF is computed from. One round
    trip; each count is answered by an index alone."""
    subqueries = [_DOCUMENTS]
    params: list[Any] = [language]
    for group in groups:
        if not _checked([group]) or not is_term(language):
            subqueries.append("0")
        elif _vendor() == "sqlite":
            subqueries.append(_SQLITE_COUNT)
            params.append(fts5_expression([group], True, language))
        else:
            subqueries.append(_POSTGRESQL_COUNT)
            params += [language, tsquery_expression([group], True)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(subqueries), params)
        documents, *counts = (int(count) for count in cursor.fetchone())
    return documents, counts
