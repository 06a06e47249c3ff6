"""The one database-specific step of a search: which published articles match, best first.

A query arrives here already normalised into groups of terms (kb.search.query): every group must
match (``all_groups``) or any may; within a group any term may. Terms are ``[a-z0-9]+`` only and
are quoted all the same, so nothing a reader types reaches MATCH or to_tsquery as syntax.

One language per call (the caller asks for the reader's language first). Ranking: SQLite's bm25
and PostgreSQL's ts_rank with the same column weights (title, codes, summary, body), the article
id breaking ties.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from kb.search.text import is_term

# bm25 multiplies each column's score by its weight; ts_rank takes one weight per class D, C, B, A
# (body, summary, codes, title). The same proportions for both. On SQLite the first column is the
# article's language, there to filter on, weighing nothing.
TITLE, CODES, SUMMARY, BODY = 10.0, 6.0, 4.0, 1.0
_BM25_WEIGHTS = [0.0, TITLE, CODES, SUMMARY, BODY]
_TS_RANK_WEIGHTS = [w / TITLE for w in (BODY, SUMMARY, CODES, TITLE)]

Groups = Sequence[frozenset[str]]

# Rank inside the full-text index alone: joining every match to its document first, only to
# drop most of them after sorting, costs several times more than the ranking itself.
_SQLITE = """
SELECT rowid, bm25(search_fts, %s, %s, %s, %s, %s) AS score
FROM search_fts
WHERE search_fts MATCH %s
ORDER BY score, rowid
LIMIT %s
"""

_POSTGRESQL = """
SELECT d.article_id, -ts_rank(%s::float4[], d.document, q.query, 1) AS score
FROM search_searchdocument d, to_tsquery('simple', %s) AS q(query)
WHERE d.language = %s AND d.document @@ q.query
ORDER BY score, d.article_id
LIMIT %s
"""


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


def matching_articles(
    groups: Groups, *, all_groups: bool, language: str, limit: int
) -> list[tuple[int, float]]:
    """(article id, score) of indexed articles in ``language`` that match, best first (lower
    score is better). Whether each is still published is for the caller to check."""
    if not is_term(language):
        return []
    if not _checked(groups):
        return []
    params: list[Any]
    if connection.vendor == "sqlite":
        sql = _SQLITE
        params = [*_BM25_WEIGHTS, fts5_expression(groups, all_groups, language), limit]
    elif connection.vendor == "postgresql":
        sql = _POSTGRESQL
        params = [_TS_RANK_WEIGHTS, tsquery_expression(groups, all_groups), language, limit]
    else:
        raise ImproperlyConfigured(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(article_id), float(score)) for article_id, score in cursor.fetchall()]
