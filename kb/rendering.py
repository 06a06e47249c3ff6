"""Markdown to safe HTML for articles: ``render_markdown`` is the portal's only Markdown reader.

Writers are trusted with words, not markup: the HTML passes an allowlist, which keeps explicit
heading ids such as ``{#propagation}`` that other pages link to. The result carries what the page,
search, error answers and the link report need, read from the sanitised HTML, since only that says
which links and images survive.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from itertools import accumulate
from typing import TypeVar

import markdown
import nh3
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre",
    "s", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul",
}  # fmt: skip
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    # The size comes from the stored image (kb.images.shown).
    "img": {"src", "alt", "title"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    **{tag: {"id"} for tag in _HEADINGS},
}
# The only class kept: the heading permalink that the toc extension adds.
ALLOWED_CLASSES = {"a": {"headerlink"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Levels listed in an article's table of contents (h1 is the page title).
TOC_LEVELS = (2, 3)
# Ids the page around an article uses (skip link, forms, htmx targets): a writer's heading that
# took one would catch the page's own links and swaps.
PAGE_IDS = frozenset({"main", "lang-select"})
PAGE_ID_PREFIXES = ("kb-", "header-search")
# A live figure (kb.markers): ``[[propagacja:demo]]`` in text, never in code.
MARKER = re.compile(r"\[\[propagacja:([^\[\]\s<>&\"]{1,32})\]\]")
_VOID = {"br", "hr", "img"}
_VERBATIM = {"code", "pre"}
# Blocks of plain text: each is one passage for search.
_BLOCKS = {"p", "li", "pre", "blockquote", "td", "th", "dt", "dd", *_HEADINGS}


def is_reserved(anchor: str) -> bool:
    return anchor in PAGE_IDS or anchor.startswith(PAGE_ID_PREFIXES)


def _unreserved(anchor: str) -> str:
    return f"{anchor}-tekst" if is_reserved(anchor) else anchor


def _page_ids(tag: str, attribute: str, value: str) -> str:
    """The sanitiser's hook: ids the page uses, and links to them, renamed."""
    if attribute == "id":
        return _unreserved(value)
    if attribute == "href" and value.startswith("#"):
        return "#" + _unreserved(value[1:])
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
    clean_content_tags={"script", "style"},
    link_rel="noopener noreferrer",
    attribute_filter=_page_ids,
)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str  # "" for a heading typed as HTML without one
    text: str
    start: int  # the heading element in Rendered.html
    end: int
    # Its section ends at the next heading of the same or a higher level, or with its quote.
    section_end: int


@dataclass(frozen=True)
class Passage:
    """A block of plain text (live-figure markers left out), under the heading ``anchor``."""

    anchor: str
    text: str
    is_heading: bool
    start: int


@dataclass(frozen=True)
class Link:
    href: str
    start: int  # the <a ...> start tag
    end: int


@dataclass(frozen=True)
class ImageRef:  # as the writer wrote it
    src: str
    alt: str
    title: str
    linked: bool  # inside a link of the writer's
    start: int
    end: int


@dataclass(frozen=True)
class Marker:
    environment: str
    start: int
    end: int


_P = TypeVar("_P", Heading, Passage, Link, ImageRef, Marker)


def _moved(item: _P, by: int) -> _P:
    """``item`` with its offsets counted from ``by``."""
    offsets = [name for name in ("start", "end", "section_end") if hasattr(item, name)]
    return replace(item, **{name: getattr(item, name) - by for name in offsets})


@dataclass(frozen=True)
class Section:
    heading: Heading
    body: Rendered  # what runs under the heading


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...] = ()
    passages: tuple[Passage, ...] = ()
    links: tuple[Link, ...] = ()
    images: tuple[ImageRef, ...] = ()
    markers: tuple[Marker, ...] = ()
    # Every id in the HTML (headings and <a id>), for links that point into the text.
    ids: frozenset[str] = frozenset()
    # The table of contents' items, built once with the text instead of on every page.
    toc: str = ""

    @property
    def text(self) -> str:
        """The text as one line: no markup, entities decoded, markers left out."""
        return " ".join(passage.text for passage in self.passages)

    @property
    def hrefs(self) -> list[str]:
        """The distinct link targets, in the order of the text."""
        return list(dict.fromkeys(link.href for link in self.links))

    @property
    def sections(self) -> tuple[Section, ...]:
        """A section for every heading with an id, in the order of the text."""
        return tuple(
            Section(heading, self._part(heading.end, heading.section_end))
            for heading in self.headings
            if heading.id
        )

    def section(self, anchor: str) -> Section | None:
        """The section under the heading whose id on the page is ``anchor``, or None."""
        return next((s for s in self.sections if s.heading.id == anchor), None)

    def with_replaced(self, pieces: Iterable[tuple[int, int, str]]) -> str:
        """The HTML with each (start, end) piece replaced; the pieces do not overlap."""
        out, last = [], 0
        for start, end, text in sorted(pieces):
            out += [self.html[last:start], text]
            last = end
        out.append(self.html[last:])
        return "".join(out)

    def _part(self, start: int, end: int) -> Rendered:
        def inside(items: tuple[_P, ...]) -> tuple[_P, ...]:
            return tuple(_moved(item, start) for item in items if start <= item.start < end)

        headings = inside(self.headings)
        return Rendered(
            html=self.html[start:end],
            headings=headings,
            passages=inside(self.passages),
            links=inside(self.links),
            images=inside(self.images),
            markers=inside(self.markers),
            ids=frozenset(heading.id for heading in headings if heading.id),
        )

    @property
    def toc_headings(self) -> list[Heading]:
        return [h for h in self.headings if h.level in TOC_LEVELS and h.id]


def render_markdown(text: str) -> Rendered:
    md = markdown.Markdown(
        extensions=["toc", "attr_list", "tables", "fenced_code", "sane_lists"],
        extension_configs={
            "toc": {
                "permalink": "#",
                "permalink_title": _("Bezpośredni link do tej sekcji"),
                "toc_depth": "2-3",
            },
        },
        output_format="html",
    )
    clean = _CLEANER.clean(md.convert(text))
    reader = _Reader(clean)
    rendered = reader.result()
    toc = format_html_join(
        "",
        '<li class="toc-level-{}"><a href="#{}">{}</a></li>',
        ((heading.level, heading.id, heading.text) for heading in rendered.toc_headings),
    )
    return replace(rendered, toc=toc)


class _Reader(HTMLParser):
    """One walk over sanitised HTML, which is well formed (the sanitiser writes it: every element
    closed, every attribute quoted), noting each fact with its offset in the HTML."""

    def __init__(self, clean: str) -> None:
        super().__init__(convert_charrefs=False)
        self.clean = clean
        # Where each line starts, as HTMLParser counts lines: at "\n" only (not at the other
        # breaks str.splitlines knows, such as U+2028 or NEL, which a writer's text may hold).
        self._lines = [0, *accumulate(len(line) + 1 for line in clean.split("\n"))]
        self._open: list[tuple[str, bool]] = []  # (tag, is a permalink), outermost first
        self._sections: list[list[int]] = []  # [heading index, level, depth] still running
        self._heading: tuple[int, str, int, int] | None = None  # level, id, start, depth
        self._headings: list[Heading] = []
        self._anchor = ""
        self._buffer: list[str] = []
        self._buffer_start = 0
        self.passages: list[Passage] = []
        self.links: list[Link] = []
        self.images: list[ImageRef] = []
        self.markers: list[Marker] = []
        self.ids: set[str] = set()

    def result(self) -> Rendered:
        self.feed(self.clean)
        self.close()
        self._flush()
        self._end_sections(len(self.clean), depth=-1)
        return Rendered(
            html=self.clean,
            headings=tuple(self._headings),
            passages=tuple(self.passages),
            links=tuple(self.links),
            images=tuple(self.images),
            markers=tuple(self.markers),
            ids=frozenset(self.ids),
        )

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def _end_sections(self, at: int, *, depth: int, level: int = 0) -> None:
        """End the running sections deeper than ``depth``, and at ``depth`` those of ``level``
        or below (a heading of that level starts there)."""
        for running in list(self._sections):
            index, own_level, own_depth = running
            if own_depth > depth or (level and own_depth == depth and own_level >= level):
                self._headings[index] = replace(self._headings[index], section_end=at)
                self._sections.remove(running)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        values = {name: value or "" for name, value in attrs}
        if tag in _BLOCKS:
            self._flush()
        if values.get("id"):
            self.ids.add(values["id"])
        if tag in _HEADINGS:
            level, depth = int(tag[1]), len(self._open)
            self._end_sections(start, depth=depth, level=level)
            self._heading = (level, values.get("id", ""), start, depth)
            self._anchor = values.get("id", "")
        elif tag == "a" and values.get("href"):
            self.links.append(Link(values["href"], start, end))
        elif tag == "img":
            linked = any(name == "a" for name, _ in self._open)
            alt, title = values.get("alt", "").strip(), values.get("title", "")
            self.images.append(ImageRef(values.get("src", ""), alt, title, linked, start, end))
        if tag not in _VOID:
            self._open.append((tag, values.get("class") == "headerlink"))

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        while self._open and self._open.pop()[0] != tag:
            pass
        text = self._flush() if tag in _BLOCKS else ""
        self._end_sections(start, depth=len(self._open))
        if tag in _HEADINGS and self._heading is not None:
            level, anchor, begin, depth = self._heading
            end = start + len(f"</{tag}>")
            self._headings.append(Heading(level, anchor, text, begin, end, section_end=end))
            self._sections.append([len(self._headings) - 1, level, depth])
            self._heading = None

    def handle_data(self, data: str) -> None:
        if any(permalink for _, permalink in self._open):
            return
        if not any(tag in _VERBATIM for tag, _ in self._open):
            start = self._offset()
            for match in MARKER.finditer(data):
                self.markers.append(Marker(match[1], start + match.start(), start + match.end()))
            data = MARKER.sub("", data)
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        self._text(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._text(html.unescape(f"&#{name};"))

    def _text(self, text: str) -> None:
        if not self._buffer:
            self._buffer_start = self._offset()
        self._buffer.append(text)

    def _flush(self) -> str:
        """End the block of text under way: a passage, unless it is empty. Returns its text."""
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text:
            passage = Passage(self._anchor, text, self._heading is not None, self._buffer_start)
            self.passages.append(passage)
        return text
