"""Cutting the answer out of an article: the section under one heading, and a short plain-text
summary of it for applications that show help inside their own dialog.

Articles mark headings that other parts of the portal link to with explicit ids
(``## Uprawnienia jeszcze się propagują {#propagation}``, see kb/starter/README.md); a section
runs from its heading to the next heading of the same or a higher level.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

from kb import markers
from kb.article_page import reader_html

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{([^}]*)\})?\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ0-9„\"(])")


def _heading_id(attributes: str | None) -> str:
    for part in (attributes or "").split():
        if part.startswith("#"):
            return part[1:]
        if part.startswith("id="):
            return part[3:].strip("\"'")
    return ""


def heading_ids(body: str) -> list[str]:
    """The explicit heading ids in a Markdown body, in order."""
    return [anchor for _, anchor, _, _ in _headings(body.splitlines()) if anchor]


def _headings(lines: list[str]) -> list[tuple[int, str, int, str]]:
    """(level, id, line index, text) of every heading outside code fences."""
    found = []
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(line)
        if match:
            found.append((len(match[1]), _heading_id(match[3]), index, match[2]))
    return found


def section(body: str, anchor: str) -> tuple[str, str] | None:
    """(heading text, Markdown under it) of the section with this id, or None."""
    lines = body.splitlines()
    headings = _headings(lines) if anchor else []
    for position, (level, heading_id, start, title) in enumerate(headings):
        if heading_id == anchor:
            ends = (line for depth, _, line, _ in headings[position + 1 :] if depth <= level)
            return title, "\n".join(lines[start + 1 : next(ends, len(lines))]).strip()
    return None


def plain_text(markdown_text: str) -> str:
    """Markdown as one line of readable text: no markup, no HTML, entities decoded."""
    rendered = markdown.markdown(markdown_text, extensions=["attr_list", "tables"])
    # Without the page around it a live figure's sentence has nowhere to link: left out.
    text = nh3.clean(markers.drop(rendered), tags=set())
    return " ".join(html.unescape(text).split())


def summary(markdown_text: str, *, sentences: int = 3, max_chars: int = 500) -> str:
    """The first few sentences, cut at a sentence end, never longer than max_chars."""
    text = plain_text(markdown_text)
    parts = _SENTENCE_END.split(text)
    result = ""
    for part in parts[:sentences]:
        candidate = f"{result} {part}".strip()
        if len(candidate) > max_chars:
            break
        result = candidate
    if not result and text:
        result = text[: max_chars - 1].rsplit(" ", 1)[0] + "…"
    return result


def render_html(markdown_text: str, *, article_path: str = "") -> SafeString:
    """Sanitised HTML for a piece of an article, as the article page renders it (live figures
    filled in), so the answer looks exactly like the article it came from.

    A section shown on its own page loses the rest of its article, so its in-page links
    ("see #propagation") are pointed at the full article instead.
    """
    rendered = reader_html(markdown_text).html
    if article_path:
        rendered = rendered.replace('href="#', f'href="{html.escape(article_path)}#')
    return mark_safe(rendered)  # sanitised by kb.rendering; the path is escaped
