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
from collections.abc import Callable
from dataclasses import replace

from kb.rendering import Rendered
from portal.status import figures

MARKER = re.compile(r"\[\[propagacja:([^\[\]\s<>&\"]{1,32})\]\]")
_VERBATIM = ("code", "pre")


def _in_text(html: str, at: int) -> bool:
    """Whether position ``at`` of sanitised HTML is in text outside code: not inside a tag
    (nh3 escapes "<" and ">" within attribute values, so the nearer of the two before ``at``
    tells) and not between an opening and a closing <code> or <pre>. Only string scans, run
    once per marker: a page's render pays nothing per tag."""
    if html.rfind("<", 0, at) > html.rfind(">", 0, at):
        return False
    return all(html.count(f"<{tag}", 0, at) <= html.count(f"</{tag}>", 0, at) for tag in _VERBATIM)


def _replace(html: str, replacement: Callable[[re.Match[str]], str]) -> str:
    if "[[" not in html:
        return html
    return MARKER.sub(lambda m: replacement(m) if _in_text(html, m.start()) else m[0], html)


def fill(html: str) -> str:
    def figure(match: re.Match[str]) -> str:
        found = figures.propagation(match[1])
        return match[0] if found is None else str(found)

    return _replace(html, figure)


def drop(html: str) -> str:
    """``html`` without its markers (outside code): for text kept longer than a figure stays
    true (the search index) or read without the page around it (an answer's plain summary)."""
    return _replace(html, lambda match: "")


def filled(rendered: Rendered) -> Rendered:
    """``rendered`` with its markers replaced by the current figures."""
    html = fill(rendered.html)
    return rendered if html is rendered.html else replace(rendered, html=html)


def unknown(html: str) -> list[str]:
    """The markers of ``html`` (outside code) that name no KSeF environment, as typed."""
    return [
        match[0]
        for match in MARKER.finditer(html)
        if _in_text(html, match.start()) and match[1] not in figures.ENVIRONMENTS
    ]
