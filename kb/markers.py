"""Live figures in an article: a writer types ``[[propagacja:demo]]`` in the Markdown and the
reader sees the portal's current propagation figure for that environment.

kb.rendering finds the markers with the rest of the text (only in text, never inside an
attribute or in code, where a writer shows the marker) and leaves them out of plain text, which
is kept longer than a figure stays true (the search index) or read without the page around it
(an answer's summary). Here they become the figure when a page is served (kb.article_page),
after the per-text cache, since the figure changes while the text does not. The replacement is
built escaped by portal.status.figures. A marker naming no KSeF environment stays as typed, and
the publication's link report lists it.
"""

from __future__ import annotations

from kb.rendering import Rendered
from portal.status import figures


def filled(rendered: Rendered) -> list[tuple[int, int, str]]:
    """(start, end, figure) for each marker of ``rendered`` that names a KSeF environment."""
    pieces = []
    for marker in rendered.markers:
        found = figures.propagation(marker.environment)
        if found is not None:
            pieces.append((marker.start, marker.end, str(found)))
    return pieces


def unknown(rendered: Rendered) -> list[str]:
    """The markers of ``rendered`` that name no KSeF environment, as typed."""
    return [
        rendered.html[marker.start : marker.end]
        for marker in rendered.markers
        if marker.environment not in figures.ENVIRONMENTS
    ]
