"""Which terms the index knows, for reading a query: word forms without diacritics, typos and the
beginnings of words typed so far.

Each process keeps a copy in memory and reloads it when the SearchTerm table changed (its highest
id, one cheap query per search).
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from kb.search.models import SearchTerm

# Shorter words one letter apart are different words more often than forms of one ("token",
# "tokeny"), and the lemmatizer already joins their inflected forms.
KIN_MIN_LENGTH = 9
# What a term is made of (kb.search.text.is_term).
_TERM_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


class Vocabulary:
    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        forms: defaultdict[str, set[str]] = defaultdict(set)
        for surface, term in pairs:
            forms[surface].add(term)
        self.terms: frozenset[str] = frozenset(t for ts in forms.values() for t in ts)
        # A term is also a form of itself: "uprawnienie" typed as such finds its articles.
        for term in self.terms:
            forms[term].add(term)
        self._forms = {surface: frozenset(terms) for surface, terms in forms.items()}
        self._sorted = sorted(self._forms)
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for form in self._sorted:
            self._by_length[len(form)].append(form)

    def __len__(self) -> int:
        return len(self._forms)

    def terms_for(self, folded_form: str) -> frozenset[str]:
        """Terms that articles indexed this exact (folded) word form as."""
        return self._forms.get(folded_form, frozenset())

    def kin(self, term: str) -> frozenset[str]:
        """Known terms one letter longer or shorter than a long ``term``. Polish verbs come in
        pairs the lemmatizer keeps apart, and a reader uses one where the writer used the other:
        "unieważnić" and "unieważniać", "sprawdzić" and "sprawdzać"."""
        if len(term) < KIN_MIN_LENGTH:
            return frozenset()
        # Every term one deletion or one insertion away, looked up: a few hundred set lookups
        # rather than an edit distance to every known term of either length.
        shorter = {term[:i] + term[i + 1 :] for i in range(len(term))}
        longer = {term[:i] + c + term[i:] for i in range(len(term) + 1) for c in _TERM_LETTERS}
        return frozenset((shorter | longer) & self.terms)

    def closest(self, folded_word: str, max_edits: int) -> str | None:
        """The known form nearest to a misspelt word (edits, transpositions counting as one), or
        None if none is within ``max_edits``. Of equals, the one closest in length wins (the
        shorter first), then the first in alphabetical order."""
        n = len(folded_word)
        best: tuple[int, str] | None = None
        for difference in range(max_edits + 1):
            for length in sorted({n - difference, n + difference}):
                found = process.extractOne(
                    folded_word,
                    self._by_length.get(length, ()),
                    scorer=OSA.distance,
                    score_cutoff=best[0] - 1 if best else max_edits,
                )
                if found is not None and (best is None or found[1] < best[0]):
                    best = (int(found[1]), str(found[0]))
            # Lengths further off need more edits than that; and known forms never get here,
            # so one edit is as close as it gets.
            if best is not None and best[0] <= difference + 1:
                break
        return best[1] if best else None

    def completions(self, folded_prefix: str, limit: int) -> frozenset[str]:
        """Terms of up to ``limit`` known forms that start with what the reader typed so far."""
        found: set[str] = set()
        start = bisect_left(self._sorted, folded_prefix)
        for form in self._sorted[start : start + limit]:
            if not form.startswith(folded_prefix):
                break
            found |= self._forms[form]
        return frozenset(found)


_lock = threading.Lock()
_cached: tuple[int, Vocabulary] | None = None


def current_vocabulary() -> Vocabulary:
    global _cached
    # Ids only grow (AUTOINCREMENT on SQLite, a sequence on PostgreSQL) and a rebuild writes
    # new rows, so the highest id alone tells whether the table changed: one index lookup.
    signature = SearchTerm.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with _lock:
        if _cached is None or _cached[0] != signature:
            pairs = SearchTerm.objects.values_list("surface", "term").iterator(chunk_size=5000)
            _cached = (signature, Vocabulary(pairs))
        return _cached[1]


def forget_vocabulary() -> None:
    """Drop this process's copy after writing terms. The highest-id check alone cannot see a
    write that a rolled-back transaction undid and the next one redid with the same ids."""
    global _cached
    with _lock:
        _cached = None
