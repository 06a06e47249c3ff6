from __future__ import annotations

import re

from kb.article_page import served
from kb.rendering import is_reserved, render_markdown
from tests.factories import make_image

HOSTILE = """## Przyczyny {#propagation}

Tekst <script>alert('x')</script> dalej.

<img src="https://example.com/a.png" onerror="alert(1)">
<a href="https://example.com" onclick="steal()">klik</a>
[link](javascript:alert(1))
<a href="JaVaScRiPt:alert(2)">drugi</a>

## Nagłówek {: onmouseover="alert(3)" #custom-id }

<iframe src="https://evil.example"></iframe><style>body{display:none}</style>
"""


def test_hostile_markdown_loses_scripts_handlers_and_javascript_urls():
    html = served(render_markdown(HOSTILE)).html
    lowered = html.lower()
    assert "<script" not in lowered
    assert "alert('x')" not in html
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "onmouseover" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered
    assert "<style" not in lowered
    # The harmless parts stay.
    assert '<a href="https://example.com" rel="noopener noreferrer">klik</a>' in html
    # An image from another site is not shown at all (kb.images.shown).
    assert "example.com/a.png" not in html
    assert "Tekst" in html and "dalej." in html


def test_explicit_heading_ids_survive_and_feed_the_table_of_contents():
    rendered = render_markdown(HOSTILE)
    assert '<h2 id="propagation">Przyczyny' in rendered.html
    assert '<h2 id="custom-id">Nagłówek' in rendered.html
    assert 'href="#propagation"' in rendered.html  # heading anchor
    assert [(h.level, h.id, h.text) for h in rendered.toc_headings] == [
        (2, "propagation", "Przyczyny"),
        (2, "custom-id", "Nagłówek"),
    ]


def test_tables_and_fenced_code_render():
    html = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nPOST /sessions/online\n```\n"
    ).html
    assert "<td>1</td>" in html
    assert "<pre><code>POST /sessions/online\n</code></pre>" in html


def test_heading_text_with_markup_is_plain_in_the_toc():
    rendered = render_markdown("## Limity & <b>429</b>\n\n### Szczegóły\n\n#### Za głęboko\n")
    assert [(h.level, h.text) for h in rendered.toc_headings] == [
        (2, "Limity & 429"),
        (3, "Szczegóły"),
    ]


def test_a_heading_cannot_take_an_id_the_page_itself_uses():
    rendered = render_markdown(
        '# Opinia {#kb-feedback}\n\n## Start {#main}\n\n[wróć](#kb-feedback)\n\n`id="main"`'
    )
    assert 'id="kb-feedback"' not in rendered.html
    assert 'id="kb-feedback-tekst"' in rendered.html
    assert 'href="#kb-feedback-tekst"' in rendered.html
    assert [heading.id for heading in rendered.toc_headings] == ["main-tekst"]
    # Text that only looks like an attribute stays as written.
    assert '<code>id="main"</code>' in rendered.html


def test_the_article_page_uses_only_ids_the_renderer_reserves(client, make_article):
    make_article(body="Treść bez nagłówków.")
    page = client.get("/artykul/blad-403/").content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    assert ids
    assert all(is_reserved(anchor) for anchor in ids), sorted(ids)


def test_an_image_keeps_only_its_source_and_alt_text_and_gets_its_size_from_the_portal(db):
    image = make_image(64, 48)
    html = served(
        render_markdown(
            f'<img src="{image.url}" alt="Okno" width="9999" style="position:fixed" '
            'onerror="alert(1)"> <img src="/media/kb/brak.png" alt="Brak" height="1"> '
            "![Obcy](http://example.com/x.png) ![Dane](data:image/png;base64,AAAA)"
        )
    ).html

    assert html == (
        f'<p><img src="{image.url}" alt="Okno" width="64" height="48" loading="lazy"> '
        '<img src="/media/kb/brak.png" alt="Brak"> Obcy Dane</p>'
    )
