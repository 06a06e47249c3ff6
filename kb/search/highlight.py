"""Showing what matched: the original text, HTML-escaped, with matched words in <mark>.

Highlighting runs on the original text with the same analysis the index used, so "uprawnień" is
marked for the query "uprawnienia" on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kb.search.text import analyze

ELLIPSIS = "…"


def _marked_spans(text: str, language: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for token in analyze(text, language):
        if token.term not in terms:
            continue
        if spans and token.start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], token.end))
        else:
            spans.append((token.start, token.end))
    return spans


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    parts: list[str] = []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def highlight(text: str, language: str, terms: frozenset[str]) -> SafeString:
    spans = _marked_spans(text, language, terms)
    return mark_safe(_render(text, spans, 0, len(text)))  # _render escapes every piece of text


def best_passage(passages: Sequence[dict], terms: frozenset[str]) -> dict | None:
    """The body passage that contains the most of the matched terms; of equals, a paragraph
    before a heading (it says more), then the first."""
    best, best_key = None, (0, False)
    for passage in passages:
        key = (len(terms.intersection(passage["terms"].split())), not passage["heading"])
        if key[0] and key > best_key:
            best, best_key = passage, key
    return best


def excerpt(text: str, language: str, terms: frozenset[str], width: int = 240) -> SafeString:
    """About ``width`` characters of ``text`` around its first match, highlighted."""
    spans = _marked_spans(text, language, terms)
    if len(text) <= width:
        return mark_safe(_render(text, spans, 0, len(text)))  # _render escapes the text
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if end < len(text) else ""
    return mark_safe(before + _render(text, spans, start, end) + after)  # escaped by _render
