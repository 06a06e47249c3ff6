"""The answer to an error shows the article's section as the article page does: a live figure
marker (kb.markers) becomes the figure's sentence, never the raw marker; the plain summary for
applications leaves it out."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errorlinks.starter import load_starter_rules
from kb.rendering import render_markdown
from kb.starter_content import parse_article

from .conftest import NOW

STARTER_403 = Path(__file__).resolve().parents[2] / "kb" / "starter" / "403-sessions-online.pl.md"
QUERY = {"status": "403", "reason": "missing-permissions", "endpoint": "/sessions/online"}


@pytest.fixture
def starter_403(make_article) -> None:  # type: ignore[no-untyped-def]
    starter = parse_article(STARTER_403)
    make_article(starter.slug, title=starter.title, body=starter.body)
    load_starter_rules(NOW)


def test_the_403_missing_permissions_page_shows_the_figure_sentence(client, starter_403):
    page = client.get("/pomoc/blad/", QUERY).content.decode()

    assert "Ile to trwa według sprawdzeń w portalu" in page  # the #propagation section
    assert "Portal nie ma jeszcze tej liczby dla środowiska Produkcyjne" in page
    assert 'class="kb-figure"' in page
    assert "[[" not in page


def test_the_summary_for_applications_never_shows_a_marker():
    text = render_markdown("Ile to trwa:\n\n- [[propagacja:prod]]\n\nOdczekaj `[[x]]`.").text

    assert text == "Ile to trwa: Odczekaj [[x]]."
