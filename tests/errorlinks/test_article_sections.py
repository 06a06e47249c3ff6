from __future__ import annotations

from kb.errorlinks.sections import heading_ids, render_html, section, summary

from .conftest import BODY_403_PL


def test_section_runs_to_the_next_heading_of_the_same_level():
    title, body = section(BODY_403_PL, "propagation")
    assert title == "Uprawnienia jeszcze się propagują"
    assert "Porównaj presentPermissions" in body
    assert "adres IP" not in body


def test_unknown_or_empty_anchor_has_no_section():
    assert section(BODY_403_PL, "nope") is None
    assert section(BODY_403_PL, "") is None


def test_headings_inside_code_fences_are_not_sections():
    body = "```\n## Not a heading {#fake}\n```\n\n## Real {#real}\n\nText."
    assert heading_ids(body) == ["real"]


def test_summary_stops_after_three_sentences():
    assert summary("Jedno. Dwa! Trzy? Cztery.") == "Jedno. Dwa! Trzy?"


def test_summary_cuts_a_long_sentence_at_a_word():
    text = summary("słowo " * 200, max_chars=50)
    assert len(text) <= 50 and text.endswith("…")


def test_rendered_html_keeps_ids_and_drops_scripts():
    html = render_html("## A {#a}\n\n<script>alert(1)</script> [x](javascript:alert(1))")
    assert '<h2 id="a">A' in html
    assert "<script>" not in html
    assert "javascript:" not in html
