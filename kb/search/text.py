"""Turning text into search terms, the same way for articles and for queries.

A term is lowercase ASCII letters and digits only, so SQLite's FTS5 and PostgreSQL's 'simple'
parser split our normalised text into the same tokens. Words become their Polish lemma or English
stem without diacritics ("uprawnień" and "uprawnienia" are one term), HTTP and KSeF codes stay as
they are, and an API path becomes one term, whatever the method, host or ``/v2`` around it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy

# Letters NFKD does not decompose into a base letter plus a combining mark.
_UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "œ": "oe"}
)
_WORD = re.compile(r"[^\W_]+")
_TERM = re.compile(r"[a-z0-9]+")
# HTTP statuses and KSeF authentication statuses (100-599), KSeF exception codes (e.g. 21470).
_CODE = re.compile(r"[1-5][0-9]{2}|[0-9]{5}")
_SEGMENT = r"[A-Za-z](?:[\w.-]*\w)?"  # a path ends before a full stop
# An API path of two or more segments, optionally inside a full URL and after /v2; placeholders
# like {referenceNumber} are allowed as segments. The look-behind keeps the match from starting
# in the middle of a word, a host name or another path.
_ENDPOINT = re.compile(
    rf"(?<![\w./{{}}-])(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?)?/?"
    rf"(?P<path>{_SEGMENT}(?:/(?:\{{[^}}\s/]*\}}|{_SEGMENT}))+)"
)
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
ENDPOINT_PREFIX = "ep"

# simplemma's low-memory dictionary reads its compressed Polish data on demand: about 70 MB per
# process and 2 s to load, instead of 450 MB and 6 s for the default in-memory dict. Every web
# worker loads it, so the difference matters; lookups stay well under a microsecond once cached.
_polish = Lemmatizer(lemmatization_strategy=DefaultStrategy(low_memory=True))
_english = snowballstemmer.stemmer("english")
# A Snowball stemmer object keeps state while it stems; web servers may stem in several threads.
_english_lock = threading.Lock()


class Token(NamedTuple):
    """One searchable piece of an original text: where it is and the term it stands for."""

    start: int
    end: int
    surface: str
    term: str
    is_code: bool


def fold(text: str) -> str:
    """Lowercase and without diacritics: "Uprawnień" -> "uprawnien", "Łódź" -> "lodz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_term(text: str) -> bool:
    return _TERM.fullmatch(text) is not None


@lru_cache(maxsize=200_000)
def word_term(word: str, language: str) -> str:
    """The term for one word of an article in ``language`` ("pl" or "en")."""
    lowered = word.lower()
    if lowered.isdigit():
        return lowered
    if language == "en":
        with _english_lock:
            stem = _english.stemWord(fold(lowered))
        return fold(stem)
    return fold(_polish.lemmatize(lowered, lang="pl").lower())


def endpoint_term(path: str) -> str | None:
    """``/v2/sessions/online`` and ``sessions/online`` -> ``epsessionsonline``; None for paths
    of fewer than two named segments. (``demo/prod`` counts as a path too, harmlessly.)"""
    segments = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    if segments and segments[0].lower() == "v2":
        segments = segments[1:]
    folded = ["".join(ch for ch in fold(s) if ch.isalnum() and ch.isascii()) for s in segments]
    folded = [s for s in folded if s]
    if len(folded) < 2:
        return None
    return ENDPOINT_PREFIX + "".join(folded)


def endpoint_spans(text: str) -> Iterator[tuple[int, int, str]]:
    if "/" not in text:  # most passages; spares the regex a walk through the text
        return
    for match in _ENDPOINT.finditer(text):
        term = endpoint_term(match.group("path"))
        if term is not None:
            yield match.start(), match.end(), term


def analyze(text: str, language: str) -> list[Token]:
    """Every term of ``text`` in reading order: endpoint terms and the words inside them both."""
    tokens = [
        Token(start, end, text[start:end], term, True) for start, end, term in endpoint_spans(text)
    ]
    for start, end, surface in words(text):
        term = word_term(surface, language)
        if not is_term(term):
            # Scripts without an ASCII folding (Cyrillic, CJK) are not searchable; our articles
            # are Polish and English.
            continue
        tokens.append(Token(start, end, surface, term, is_code(surface)))
    tokens.sort(key=lambda t: (t.start, -t.end))
    return tokens


def normalized(tokens: list[Token]) -> str:
    return " ".join(t.term for t in tokens)


def words(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group()


def is_code(word: str) -> bool:
    return _CODE.fullmatch(word) is not None
