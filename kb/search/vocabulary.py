"""Which terms the index knows, for reading a query: word forms without diacritics, typos and the
beginnings of words typed so far.

Each process keeps a copy in memory and reloads it when the SearchTerm table changed (its row
count and highest id, one cheap query per search).
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Max
from rapidfuzz import process
from rapidfuzz.distance import OSA

from kb.search.models import SearchTerm


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

    def closest(self, folded_word: str, max_edits: int) -> str | None:
        """The known form nearest to a misspelt word (edits, transpositions counting as one), or
        None if none is within ``max_edits``. Ties go to the form closest in length, then A-Z."""
        if max_edits < 1:
            return None
        n = len(folded_word)
        candidates = [
            form
            for length in range(n - max_edits, n + max_edits + 1)
            for form in self._by_length.get(length, ())
        ]
        found = process.extract(
            folded_word, candidates, scorer=OSA.distance, score_cutoff=max_edits, limit=None
        )
        if not found:
            return None
        best = min(found, key=lambda f: (f[1], abs(len(f[0]) - n), f[0]))
        return str(best[0])

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
_cached: tuple[tuple[int, int], Vocabulary] | None = None


def current_vocabulary() -> Vocabulary:
    global _cached
    state = SearchTerm.objects.aggregate(count=Count("id"), top=Max("id"))
    signature = (state["count"] or 0, state["top"] or 0)
    with _lock:
        if _cached is None or _cached[0] != signature:
            pairs = SearchTerm.objects.values_list("surface", "term").iterator(chunk_size=5000)
            _cached = (signature, Vocabulary(pairs))
        return _cached[1]


def forget_vocabulary() -> None:
    """Drop this process's copy after writing terms. The count-and-id check alone cannot see a
    write that a rolled-back transaction undid and the next one redid with the same ids."""
    global _cached
    with _lock:
        _cached = None
