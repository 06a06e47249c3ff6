"""Ordering the articles that match a query by what each is about, the same way on every database.

kb.search.backends finds the candidates; they are scored here, in Python, with one formula, so a
reader gets the same order on SQLite and on PostgreSQL. Per query group, BM25 field by field:
idf(group) * the sum of weight(field) * s(n) over title, headings, summary and body, where n
counts the group's terms in the field and s(n) = n / (K1 + n) grows from 0 towards 1.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from kb.search import backends
from kb.search.models import SearchTermCount

# Where a word stands says what the page is about. The title names the page's subject; a heading
# names a section's, so a reader searching for it lands on the answer; the summary is the writer's
# description of the page; the body mentions many things in passing. Each weight is what a field
# can give at most, so one word in a title (5 * 0.45) outweighs any repetition in a body (< 1).
TITLE, HEADINGS, SUMMARY, BODY = 5.0, 3.0, 2.0, 1.0
# Saturation within a field: the second occurrence adds less than the first and the tenth almost
# nothing, so an article that repeats a common word ("token", "adres") cannot outrank the one
# about it.
K1 = 1.2
# A long article says everything more often: its body counts are divided by its length relative
# to a typical help article (in terms), to that degree (BM25's b). A fixed length rather than the
# index's average keeps a score independent of which other articles happen to be candidates.
B = 0.75
TYPICAL_BODY = 600
# An error code or endpoint the reader typed in a title or heading: that page is about that error,
# the one they came for. It counts once more (times its idf), beyond what saturation allows words.
CODE_IN_HEAD = 1.0
# A title or a single heading that holds every subject word of the query (two or more) names the
# page or the section that answers it: worth as much again as the words' IDF.
COVERED = 3.0
# Every word of the query, in order and side by side, in the summary or the body: the page quotes
# what the reader typed or pasted, usually a message from an error dialog. Worth less than a
# title or heading that holds all the subject words (COVERED).
PHRASE = 2.0
PHRASE_CANDIDATES = 20
# Terms (kb.search.text's lemmas and stems) of words that carry no subject. A reader's sentence
# ("nie mam uprawnień w tym kontekście", "how do I revoke a token") is mostly these; in a small
# knowledge base the IDF cannot tell that "mieć" says nothing, so they are left out of matching and
# scoring, unless the query has nothing else.
_FUNCTION_WORDS = """
a albo bez byc co czy dla dlaczego do gdzie i ja jak jaki jeszcze juz kiedy ktory lub miec moc moj
mozna my na nad nie o od on oraz po pod przez przy sie tak ten tez to ty u w wy z za ze
an and are as at be but by can did doe for from how if in is it me my no not of on or that the
these this those was were what whi which who with
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
# How many matching articles are scored (kb.search.backends chooses them).
CANDIDATES = 100


class Wanted(NamedTuple):
    """One group of the query: the terms any of which matches, and whether it is a code or an
    endpoint rather than a word."""

    terms: frozenset[str]
    is_code: bool


def idf(matching: int, documents: int) -> float:
    """BM25's inverse document frequency: a word in few articles says more than one in every
    article ("uprawnienie" against "nie"), and never weighs less than nothing."""
    return math.log(1 + (documents - matching + 0.5) / (matching + 0.5))


def _saturated(count: float) -> float:
    return count / (K1 + count)


def phrase(wanted: Sequence[Wanted]) -> re.Pattern[str] | None:
    """All the query's groups (function words too) in order, as a pattern over normalised
    text; None for a single group."""
    if len(wanted) < 2:
        return None
    parts = ["(?:" + "|".join(sorted(re.escape(t) for t in group.terms)) + ")" for group in wanted]
    return re.compile(r"(?<!\S)" + " ".join(parts) + r"(?!\S)")


def score(fields: backends.Fields, wanted: Sequence[Wanted], idfs: list[float]) -> float:
    """The score of one article from its normalised title, headings, summary and body."""
    title, headings, summary, body = (Counter(field.split()) for field in fields)
    # Only a long body is scaled down: a short one is not more about a word for being short.
    body_scale = max(1.0, 1 - B + B * body.total() / TYPICAL_BODY)
    total = 0.0
    for group, weight in zip(wanted, idfs, strict=True):
        in_title, in_headings, in_summary, in_body = (
            sum(field[term] for term in group.terms) for field in (title, headings, summary, body)
        )
        total += weight * (
            TITLE * _saturated(in_title)
            + HEADINGS * _saturated(in_headings)
            + SUMMARY * _saturated(in_summary)
            + BODY * _saturated(in_body / body_scale)
        )
        if group.is_code and (in_title or in_headings):
            total += weight * CODE_IN_HEAD
    if _covered(fields, wanted):
        total += COVERED * sum(idfs)
    return total


def _covered(fields: backends.Fields, wanted: Sequence[Wanted]) -> bool:
    return len(wanted) > 1 and any(
        all(group.terms & terms for group in wanted)
        for terms in (set(line.split()) for line in [fields[0], *fields[1].splitlines()])
    )


def documents_matching(groups: Sequence[frozenset[str]], language: str) -> tuple[int, list[int]]:
    """How many articles in ``language`` are indexed, and in about how many each group occurs:
    what the IDF is computed from, read from SearchTermCount. A group's terms are the ways one
    word may have been indexed ("wyzwanie", "wyzwać"), mostly found in the same articles, so a
    group counts as its most common term (exact when they always go together; adding them up
    made a common word look more common still and cost a judged query its first place)."""
    terms = {term for group in groups for term in group}
    counts = dict(
        SearchTermCount.objects.filter(language=language, term__in=[*terms, ""]).values_list(
            "term", "documents"
        )
    )
    documents = counts.pop("", 0)
    return documents, [max(counts.get(t, 0) for t in group) for group in groups]


def ranked(
    wanted: Sequence[Wanted], language: str, limit: int, *, word_for_word: bool = False
) -> list[tuple[int, float]]:
    """(article id, score) of up to ``limit`` indexed articles in ``language`` that match, best
    first (higher score), the lower id first among equals. The candidates scored are
    kb.search.backends'."""
    # Only a query read word for word can be looked for as a phrase (kb.search.query).
    quoted = phrase(wanted) if word_for_word else None
    wanted = [group for group in wanted if not group.terms <= FUNCTION_WORDS] or wanted
    groups = [group.terms for group in wanted]
    documents, counts = documents_matching(groups, language)
    # A group in no article of this language (an English word, searched among Polish articles
    # first) would leave no article with every group: the candidates are chosen by the others.
    # This also spares PostgreSQL a bad plan: it guesses how many articles match from the whole
    # table, where an English word is common, and would walk every Polish article to find none.
    present = [group for group, n in zip(groups, counts, strict=True) if n]
    found = dict(backends.candidates(present, language=language, limit=CANDIDATES))
    if not found:
        return []
    idfs = [idf(n, documents) for n in counts]
    scored = [(article_id, score(fields, wanted, idfs)) for article_id, fields in found.items()]
    scored.sort(key=lambda item: (-item[1], item[0]))
    if quoted is not None:
        scored = _with_phrase(scored, found, wanted, quoted, sum(idfs) * PHRASE)
    return scored[:limit]


def _with_phrase(
    scored: list[tuple[int, float]],
    found: dict[int, backends.Fields],
    wanted: Sequence[Wanted],
    quoted: re.Pattern[str],
    bonus: float,
) -> list[tuple[int, float]]:
    """The best PHRASE_CANDIDATES again, with PHRASE for an article that quotes the query and
    does not already hold it all in a title or heading. Looking for the phrase in every
    candidate's body cost a third of a query's time; the bonus only reorders the top."""
    top = []
    for article_id, value in scored[:PHRASE_CANDIDATES]:
        fields = found[article_id]
        if not _covered(fields, wanted) and (quoted.search(fields[2]) or quoted.search(fields[3])):
            value += bonus
        top.append((article_id, value))
    top.sort(key=lambda item: (-item[1], item[0]))
    return top + scored[PHRASE_CANDIDATES:]
