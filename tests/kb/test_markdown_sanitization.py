from __future__ import annotations

from kb.rendering import render_markdown

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
    html = render_markdown(HOSTILE).html
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
    assert '<img src="https://example.com/a.png">' in html
    assert "Tekst" in html and "dalej." in html


def test_explicit_heading_ids_survive_and_feed_the_table_of_contents():
    rendered = render_markdown(HOSTILE)
    assert '<h2 id="propagation">Przyczyny' in rendered.html
    assert '<h2 id="custom-id">Nagłówek' in rendered.html
    assert 'href="#propagation"' in rendered.html  # heading anchor
    assert [(h.level, h.id, h.text) for h in rendered.headings] == [
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
    assert [(h.level, h.text) for h in rendered.headings] == [
        (2, "Limity & 429"),
        (3, "Szczegóły"),
    ]
