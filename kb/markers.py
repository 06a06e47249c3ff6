"""Live figures in an article: a writer types ``[[propagacja:demo]]`` in the Markdown and the
reader sees the portal's current propagation figure for that environment.

Replaced in the rendered, sanitised HTML, after the per-text cache, since the figure changes
while the text does not: every page showing article text to readers gets it from
kb.article_page.reader_html, which does both, and plain text drops the markers (``drop``).
Only in text, never inside a tag's attribute or in code (where a writer shows the marker). The
replacement is built escaped by portal.status.figures. A marker naming no KSeF environment stays
as typed, and the publication's link report lists it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.rendering import Rendered
from portal.status import figures

MARKER = re.compile(r"\[\[propagacja:([^\[\]\s<>&\"]{1,32})\]\]")
# A tag as nh3 writes it: attribute values in double quotes, which may hold ">" but not '"'.
_TAG = re.compile(r'(<(?:[^">]|"[^"]*")*>)')
_VERBATIM = ("code", "pre")


def _text_parts(html: str) -> list[tuple[str, bool]]:
    """The HTML in order as (part, is text outside code) pairs."""
    parts: list[tuple[str, bool]] = []
    verbatim = 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower()
            if name in _VERBATIM:
                verbatim += -1 if part.startswith("</") else 1
            parts.append((part, False))
        else:
            parts.append((part, verbatim <= 0))
    return parts


def fill(html: str) -> str:
    if "[[" not in html:
        return html

    def figure(match: re.Match[str]) -> str:
        found = figures.propagation(match[1])
        return match[0] if found is None else str(found)

    return "".join(MARKER.sub(figure, part) if text else part for part, text in _text_parts(html))


def drop(html: str) -> str:
    """``html`` without its markers (outside code): for text kept longer than a figure stays
    true (the search index) or read without the page around it (an answer's plain summary)."""
    if "[[" not in html:
        return html
    return "".join(MARKER.sub("", part) if text else part for part, text in _text_parts(html))


def filled(rendered: Rendered) -> Rendered:
    """``rendered`` with its markers replaced by the current figures."""
    html = fill(rendered.html)
    return rendered if html is rendered.html else replace(rendered, html=html)


def unknown(html: str) -> list[str]:
    """The markers of ``html`` (outside code) that name no KSeF environment, as typed."""
    return [
        match[0]
        for part, text in _text_parts(html)
        if text
        for match in MARKER.finditer(part)
        if match[1] not in figures.ENVIRONMENTS
    ]
