from __future__ import annotations

from kb.article_page import served
from kb.errorlinks.lookup import summary
from kb.rendering import render_markdown

from .conftest import BODY_403_PL


def test_section_runs_to_the_next_heading_of_the_same_level():
    found = render_markdown(BODY_403_PL).section("propagation")
    assert found is not None
    assert found.heading.text == "Uprawnienia jeszcze się propagują"
    assert "Porównaj presentPermissions" in found.body.text
    assert "adres IP" not in found.body.text
    assert [heading.id for heading in found.body.headings] == ["propagation-check"]


def test_unknown_or_empty_anchor_has_no_section():
    rendered = render_markdown(BODY_403_PL)
    assert rendered.section("nope") is None
    assert rendered.section("") is None


def test_headings_inside_code_fences_are_not_sections():
    body = "```\n## Not a heading {#fake}\n```\n\n## Real {#real}\n\nText."
    assert [section.heading.id for section in render_markdown(body).sections] == ["real"]


def test_a_section_inside_a_quote_ends_with_the_quote():
    body = "## Outer {#outer}\n\n> ## Inner {#inner}\n>\n> Quoted.\n\nAfter.\n\n## Next {#next}"
    rendered = render_markdown(body)
    inner, outer = rendered.section("inner"), rendered.section("outer")
    assert inner is not None and outer is not None
    assert inner.body.text == "Quoted."
    assert outer.body.text == "Inner Quoted. After."


def test_summary_stops_after_three_sentences():
    assert summary("Jedno. Dwa! Trzy? Cztery.") == "Jedno. Dwa! Trzy?"


def test_summary_cuts_a_long_sentence_at_a_word():
    text = summary("słowo " * 200, max_chars=50)
    assert len(text) <= 50 and text.endswith("…")


def test_rendered_html_keeps_ids_and_drops_scripts():
    html = served(
        render_markdown("## A {#a}\n\n<script>alert(1)</script> [x](javascript:alert(1))")
    ).html
    assert '<h2 id="a">A' in html
    assert "<script>" not in html
    assert "javascript:" not in html


def test_a_section_shown_alone_points_its_in_page_links_at_the_article():
    section = render_markdown(
        '## A {#a}\n\nSee [b](#b) and [site](/x/), not `href="#b"`.\n\n### B {#b}\n\nText.'
    ).section("a")
    assert section is not None
    html = served(section.body, article_path="/artykul/x/").html
    assert 'href="/artykul/x/#b"' in html  # the link and the heading's permalink
    assert 'href="/x/"' in html
    # Text that only looks like a link stays as written.
    assert html.count('href="#') == 1
    assert '<code>href="#b"</code>' in html
