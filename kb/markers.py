"""Live figures in an article: ``[[propagacja:demo]]`` becomes the portal's current propagation
figure for that environment. kb.rendering finds the markers; they are filled in when a page is
served, after the per-text cache, since the figure changes while the text does not."""

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
