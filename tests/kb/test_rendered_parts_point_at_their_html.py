"""The render notes where each heading, link, image and live-figure marker sits in the HTML;
images and figures are put in at those places when a page is served, so a place that is off
by a character would break the page. Text may hold line breaks of every kind."""

from __future__ import annotations

from kb.rendering import render_markdown

BREAKS = "\u2028 \x85 \x0c \r\n \v"
BODY = (
    f"Wstęp{BREAKS}[[propagacja:demo]] ![Okno](/media/kb/a.png) [link](/x/)\n\n"
    f"## Przyczyny {{#causes}}\n\nTekst{BREAKS}[[propagacja:prod]] ![Drugie](/media/kb/b.png)"
)


def test_every_part_points_at_its_own_html():
    rendered = render_markdown(BODY)
    html = rendered.html

    assert [html[m.start : m.end] for m in rendered.markers] == [
        "[[propagacja:demo]]",
        "[[propagacja:prod]]",
    ]
    assert [html[i.start : i.end] for i in rendered.images] == [
        '<img alt="Okno" src="/media/kb/a.png">',
        '<img alt="Drugie" src="/media/kb/b.png">',
    ]
    assert html[rendered.links[0].start : rendered.links[0].end].startswith('<a href="/x/"')
    heading = rendered.headings[0]
    assert html[heading.start : heading.end].startswith('<h2 id="causes">Przyczyny')
    assert html[heading.start : heading.end].endswith("</h2>")


def test_a_section_points_at_its_own_html_too():
    section = render_markdown(BODY).section("causes")
    assert section is not None
    body = section.body
    assert [body.html[m.start : m.end] for m in body.markers] == ["[[propagacja:prod]]"]
    image = body.images[0]
    assert body.html[image.start : image.end] == '<img alt="Drugie" src="/media/kb/b.png">'
