"""Markdown to safe HTML for articles, plus the headings a table of contents needs.

Writers are trusted with words, not with markup: whatever HTML a body contains (typed by hand or
produced by an attribute list) passes an allowlist, so no script, event handler or
``javascript:`` link reaches a reader, while explicit heading ids such as ``{#propagation}``,
which other parts of the portal link to, survive. Images are the portal's own uploads only
(kb.images.place_images gives them their size and drops any other).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from kb.images import ImageRef, place_images

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
    # Only the source, the description and a title: the size comes from the stored image
    # (kb.images.place_images), which also drops images from other sites.
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
# took one would catch the page's own links and swaps. A test checks that the article page uses
# no id outside these.
PAGE_IDS = frozenset({"main", "lang-select"})
PAGE_ID_PREFIXES = ("kb-", "header-search")
_TAG = re.compile(r"<[^>]+>")  # text holds no "<" after nh3: only real tags match
_ANCHOR = re.compile(r'(\sid="|\shref="#)([^"]+)"')


def is_reserved(anchor: str) -> bool:
    return anchor in PAGE_IDS or anchor.startswith(PAGE_ID_PREFIXES)


def _unreserved(anchor: str) -> str:
    return f"{anchor}-tekst" if is_reserved(anchor) else anchor


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: list[Heading]
    # The table of contents' items, built once with the text instead of on every page.
    toc: str
    # Every image of the text as the writer wrote it (the link report checks them).
    images: tuple[ImageRef, ...] = ()


def _flatten(tokens: list[dict[str, Any]]) -> list[Heading]:
    found: list[Heading] = []
    for token in tokens:
        if token["level"] in TOC_LEVELS:
            # toc gives the heading text HTML-escaped; the template escapes it again on output.
            text = html.unescape(token["name"])
            found.append(Heading(token["level"], _unreserved(token["id"]), text))
        found.extend(_flatten(token["children"]))
    return found


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
    raw = md.convert(text)
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    )
    clean = _TAG.sub(
        lambda tag: _ANCHOR.sub(lambda m: f'{m[1]}{_unreserved(m[2])}"', tag[0]), clean
    )
    clean, images = place_images(clean)
    headings = _flatten(md.toc_tokens)  # type: ignore[attr-defined]
    toc = format_html_join(
        "",
        '<li class="toc-level-{}"><a href="#{}">{}</a></li>',
        ((heading.level, heading.id, heading.text) for heading in headings),
    )
    return Rendered(html=clean, headings=headings, toc=toc, images=images)
