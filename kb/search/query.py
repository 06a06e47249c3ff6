"""Searching the knowledge base: from what a reader typed to ranked, highlighted articles.

``search_articles`` is the plain entry point for the rest of the portal; ``search`` also says why
a query found nothing, for the results page. A query is read the way articles were indexed
(kb.search.text), a word the index never saw corrected to the nearest known form. Articles
matching every group of terms come first, then those matching some; kb.search.ranking orders them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.utils.safestring import SafeString

from kb.search import ranking
from kb.search.highlight import best_passage, excerpt, highlight
from kb.search.models import SearchDocument
from kb.search.text import HTTP_METHODS, endpoint_spans, fold, is_code, word_term, words
from kb.search.vocabulary import Vocabulary, current_vocabulary

LANGUAGES = ("pl", "en")
# A query longer than this many groups is cut: nobody types more, and each group costs a join.
MAX_GROUPS = 12
# A whole error body pasted from a program's dialog is longer than any query typed; it is read up
# to this length (kb.errorlinks.pasted), and what is searched for is cut as any query is.
MAX_PASTED = 8000
# Shortest prefix (folded) that suggestions complete, and how many word forms it may stand for.
MIN_PREFIX = 3
MAX_COMPLETIONS = 40


@dataclass(frozen=True)
class Group:
    """One word or code of the query and the index terms it stands for."""

    text: str
    terms: frozenset[str]
    corrected_to: str = ""
    # An error code or an endpoint: ranking wants it in a title or heading.
    is_code: bool = False


@dataclass
class ParsedQuery:
    text: str
    truncated: bool = False
    groups: list[Group] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(t for g in self.groups for t in g.terms)

    @property
    def word_for_word(self) -> bool:
        """Every word of the query became one group, in order: a text the articles may quote
        as it stands (kb.search.ranking.PHRASE)."""
        return (
            not self.truncated
            and not self.unknown
            and not any(g.is_code and not is_code(g.text) for g in self.groups)
            and len(self.groups) == sum(1 for _ in words(self.text))
        )


@dataclass(frozen=True)
class Hit:
    article_id: int
    slug: str
    language: str
    title: str
    summary: str
    # The article's URL, with the anchor of the section holding the best passage when it has one.
    url: str
    title_html: SafeString
    summary_html: SafeString
    passage_html: SafeString
    # kb.search.ranking's score (higher is better): the same on every database, but comparable
    # within one query only.
    score: float


@dataclass(frozen=True)
class ErrorAnswer:
    """What an error in the query (a KSeF code, a 403 reason, a pasted error body) comes to:
    the words to search for, and the published article and section that answer the error."""

    text: str
    article_id: int | None = None
    anchor: str = ""


# Readers of errors in queries. kb.errorlinks registers its own at start-up: the error-link rules
# decide which section answers an error, and search cannot import error links, which use search.
_error_readers: list[Callable[[str, str], ErrorAnswer | None]] = []


def read_errors_with(reader: Callable[[str, str], ErrorAnswer | None]) -> None:
    if reader not in _error_readers:
        _error_readers.append(reader)


def _read_error(query: str, language: str) -> ErrorAnswer | None:
    if len(query) > MAX_PASTED:
        return None
    for reader in _error_readers:
        answer = reader(query, language)
        if answer is not None:
            return answer
    return None


@dataclass
class SearchOutcome:
    query: str
    hits: list[Hit] = field(default_factory=list)
    # None when the query was searched; "empty" or "no_terms" (nothing but punctuation) if not.
    problem: str | None = None
    truncated: bool = False
    corrections: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    # The query was a pasted error body, read as the words in ``query``.
    pasted: bool = False

    @property
    def searched(self) -> bool:
        return self.problem is None


def clean(query: str) -> tuple[str, bool]:
    """The query with control characters dropped and spaces collapsed, cut to the maximum length.
    Returns the text and whether it was cut."""
    printable = "".join(
        " " if ch.isspace() else ch
        for ch in query
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    text = " ".join(printable.split())
    limit = settings.SEARCH_MAX_QUERY_LENGTH
    if len(text) <= limit:
        return text, False
    return text[:limit].rstrip(), True


def _max_edits(word: str) -> int:
    if len(word) >= 7:
        return 2
    return 1 if len(word) >= 4 else 0


def _word_group(word: str, vocabulary: Vocabulary, complete: bool) -> Group:
    folded = fold(word)
    terms = set(vocabulary.terms_for(folded))
    if not is_code(word):
        for language in LANGUAGES:
            term = word_term(word, language)
            if term in vocabulary.terms:
                terms.add(term)
                terms |= vocabulary.kin(term)
    if complete and len(folded) >= MIN_PREFIX:
        terms |= vocabulary.completions(folded, MAX_COMPLETIONS)
    if terms or not folded.isalpha():
        return Group(word, frozenset(terms), is_code=is_code(word))
    nearest = vocabulary.closest(folded, _max_edits(folded))
    if nearest is None:
        return Group(word, frozenset())
    return Group(word, vocabulary.terms_for(nearest), corrected_to=nearest)


def parse(query: str, vocabulary: Vocabulary, *, complete_last: bool = False) -> ParsedQuery:
    """Read a query into groups of index terms. With ``complete_last`` the last word may be the
    beginning of a longer one (suggestions while typing)."""
    text, truncated = clean(query)
    parsed = ParsedQuery(text=text, truncated=truncated)
    endpoints = [
        (start, end, term) for start, end, term in endpoint_spans(text) if term in vocabulary.terms
    ]
    found = [
        (start, Group(text[start:end], frozenset({term}), is_code=True))
        for start, end, term in endpoints
    ]
    found_words = list(words(text))
    for index, (start, end, word) in enumerate(found_words):
        if any(s <= start and end <= e for s, e, _ in endpoints):
            continue
        # "POST /sessions/online": the method says nothing the endpoint does not.
        if endpoints and word.lower() in HTTP_METHODS:
            continue
        last = index == len(found_words) - 1
        found.append((start, _word_group(word, vocabulary, complete_last and last)))
    seen: set[frozenset[str]] = set()
    for _, group in sorted(found, key=lambda item: item[0]):
        if not group.terms:
            parsed.unknown.append(group.text)
        elif group.terms not in seen and len(parsed.groups) < MAX_GROUPS:
            seen.add(group.terms)
            parsed.groups.append(group)
    return parsed


def _hits(
    ranked: list[tuple[int, float]],
    terms: frozenset[str],
    limit: int,
    anchors: dict[int, str] | None = None,
) -> list[Hit]:
    """The ranked articles as results; ``anchors`` gives the section of an article that an error
    in the query chose, instead of the best passage's."""
    documents = {
        d.article_id: d
        for d in SearchDocument.objects.filter(
            article_id__in=[i for i, _ in ranked],
            # Only what readers can see: never an entry left from an earlier publication.
            revision_id=F("article__published_revision_id"),
        )
        .select_related("article")
        .only(
            "article__slug",
            "article__language",
            "article__translation_of",
            "language",
            "title",
            "summary",
            "passages",
        )
    }
    hits: list[Hit] = []
    shown: set[int] = set()
    for article_id, score in ranked:
        document = documents.get(article_id)
        if document is None:  # not (or no longer) published as indexed
            continue
        # An original and its translation are one article in two languages: one result, the
        # version that ranked first (the reader's language, when both match).
        pair = document.article.translation_of_id or article_id
        if pair in shown or len(hits) >= limit:
            continue
        shown.add(pair)
        language = document.language
        passage = best_passage(document.passages, terms)
        url = document.article.get_absolute_url()
        chosen = (anchors or {}).get(article_id, "")
        # The section an error in the query chose shows its own text, whatever matched best.
        passage = next(
            (
                p
                for p in document.passages
                if chosen and p.get("anchor") == chosen and not p.get("heading")
            ),
            passage,
        )
        anchor = chosen or (passage.get("anchor") if passage else "")
        if anchor:
            url += "#" + anchor
        hits.append(
            Hit(
                article_id=article_id,
                slug=document.article.slug,
                language=language,
                title=document.title,
                summary=document.summary,
                url=url,
                title_html=highlight(document.title, language, terms),
                summary_html=highlight(document.summary, language, terms),
                passage_html=(
                    excerpt(passage["text"], language, terms) if passage else SafeString("")
                ),
                score=score,
            )
        )
    return hits


def search(query: str, language: str, limit: int, *, complete_last: bool = False) -> SearchOutcome:
    """Published articles for ``query``, those in ``language`` first, best first; the answer to
    an error the query names or pastes comes before all others."""
    error = _read_error(query, language)
    pasted = error is not None and error.text != query
    if pasted and error is not None:
        query = error.text
    text, truncated = clean(query)
    if not text:
        return SearchOutcome(query=text, problem="empty")
    if not any(True for _ in words(text)):
        return SearchOutcome(query=text, problem="no_terms", truncated=truncated)
    parsed = parse(query, current_vocabulary(), complete_last=complete_last)
    outcome = SearchOutcome(
        query=parsed.text,
        truncated=parsed.truncated,
        corrections=[(g.text, g.corrected_to) for g in parsed.groups if g.corrected_to],
        unknown=parsed.unknown,
        pasted=pasted,
    )
    groups = [ranking.Wanted(g.terms, g.is_code) for g in parsed.groups]
    # Twice the room: translations of articles already found make way for others.
    ranked = _ranked(groups, language, 2 * limit, parsed.word_for_word)
    anchors = {}
    if error is not None and error.article_id is not None:
        top = max((score for _, score in ranked), default=0.0) + 1
        ranked = [(error.article_id, top), *(r for r in ranked if r[0] != error.article_id)]
        anchors[error.article_id] = error.anchor
    outcome.hits = _hits(ranked, parsed.terms, limit, anchors)
    return outcome


def _ranked(
    groups: list[ranking.Wanted], language: str, limit: int, word_for_word: bool
) -> list[tuple[int, float]]:
    """Best matches in the reader's language, then in the other one while there is room."""
    first = language if language in LANGUAGES else LANGUAGES[0]
    ranked: list[tuple[int, float]] = []
    for each in (first, *(other for other in LANGUAGES if other != first)):
        room = limit - len(ranked)
        if room > 0:
            ranked += ranking.ranked(groups, each, room, word_for_word=word_for_word)
    return ranked


def search_articles(query: str, language: str = "pl", limit: int = 10) -> list[Hit]:
    """Published articles matching ``query``, best first, articles in ``language`` before others.

    Never raises on what a reader typed: empty, punctuation-only or hostile input gives []."""
    return search(query, language, limit).hits
