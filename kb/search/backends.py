"""The database-specific step of a search: which articles match, cut down to the candidates.

Terms are ``[a-z0-9]+`` only and quoted all the same, so nothing a reader types reaches MATCH or
to_tsquery as syntax. Each database answers "matches, by id" from its index alone and stops at
the cut, so both hand over the same candidates. Ordering them is kb.search.ranking's: a rank in
the database (bm25, ts_rank) made PostgreSQL read every match's vector, and the two disagreed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from kb.search.text import is_term

Groups = Sequence[frozenset[str]]
Fields = tuple[str, str, str, str]

# What kb.search.ranking scores, for the candidates only.
_CANDIDATES = """
SELECT d.article_id, d.norm_title, d.norm_headings, d.norm_summary, d.norm_body
FROM search_searchdocument d JOIN (
    SELECT id FROM ({tiers}) AS matches GROUP BY id ORDER BY min(tier), id LIMIT %s
) AS c ON c.id = d.article_id
"""
# One tier: the first matches by id. (SQLite wants a compound SELECT's parts bare, hence the
# wrapping SELECT * around each.)
_SQLITE_TIER = """
SELECT * FROM (
    SELECT rowid AS id, {tier} AS tier FROM search_fts WHERE search_fts MATCH %s
    ORDER BY rowid LIMIT %s
)
"""
_POSTGRESQL_TIER = """
SELECT * FROM (
    SELECT article_id AS id, {tier} AS tier FROM search_searchdocument
    WHERE language = %s AND {column} @@ to_tsquery('simple', %s)
    ORDER BY article_id LIMIT %s
) AS tier{tier}
"""
# FTS5's columns and PostgreSQL's stored tsvectors for "title, headings or summary" and for
# "anywhere" (migration 0006).
_SQLITE_HEAD = "{norm_title norm_headings norm_summary}"
_POSTGRESQL_HEAD, _POSTGRESQL_ANYWHERE = "head", "document"


def _checked(groups: Groups) -> list[list[str]]:
    checked = [sorted(t for t in group if is_term(t)) for group in groups]
    return [group for group in checked if group]


def _fts5_expression(groups: Groups, all_groups: bool, language: str, columns: str = "") -> str:
    parts = ["(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in _checked(groups)]
    terms = (" AND " if all_groups else " OR ").join(parts)
    where = f"{columns} : " if columns else ""
    return f'language : "{language}" AND {where}({terms})'


def _tsquery_expression(groups: Groups, all_groups: bool) -> str:
    parts = ["(" + " | ".join(f"'{term}'" for term in group) + ")" for group in _checked(groups)]
    return (" & " if all_groups else " | ").join(parts)


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise ImproperlyConfigured(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}"
        )
    return connection.vendor


def candidates(groups: Groups, *, language: str, limit: int) -> list[tuple[int, Fields]]:
    """Up to ``limit`` indexed articles in ``language`` that match, chosen by tier and id: their
    ids and normalised title, headings, summary and body. Whether each is still published is for
    the caller."""
    if not is_term(language) or not _checked(groups):
        return []
    # (in the head only, every group): first the pages about the query, then those with all of
    # it anywhere, then, for several groups, those with any (a reader's sentence rarely has all
    # its words in the article that answers it).
    tiers = [(True, True), (False, True)]
    if len(_checked(groups)) > 1:
        tiers.append((False, False))
    parts: list[str] = []
    params: list[Any] = []
    sqlite = _vendor() == "sqlite"
    for number, (in_head, all_groups) in enumerate(tiers, start=1):
        if sqlite:
            parts.append(_SQLITE_TIER.format(tier=number))
            columns = _SQLITE_HEAD if in_head else ""
            params += [_fts5_expression(groups, all_groups, language, columns), limit]
        else:
            column = _POSTGRESQL_HEAD if in_head else _POSTGRESQL_ANYWHERE
            parts.append(_POSTGRESQL_TIER.format(tier=number, column=column))
            params += [language, _tsquery_expression(groups, all_groups), limit]
    sql = _CANDIDATES.format(tiers=" UNION ALL ".join(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [(int(article_id), tuple(fields)) for article_id, *fields in cursor.fetchall()]
