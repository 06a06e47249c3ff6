"""``[[propagacja:<environment>]]`` in an article's Markdown shows the portal's current
propagation figure for that environment, filled in after the per-text rendering cache, escaped
and only in text; without five checks it says there is no figure yet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache

from kb.links import BrokenLink, broken_links
from portal.lib import clock as portal_clock
from portal.status.observations import CACHE_KEY
from tests.checks.factories import make_propagated_check
from tests.factories import T0, add_revision

NOW = T0 + timedelta(days=2)
BODY = "## Propagacja {#propagation}\n\nIle to trwa: [[propagacja:demo]]\n"


class _Fixed:
    def now(self):  # type: ignore[no-untyped-def]
        return NOW

    def monotonic(self) -> float:
        return 0.0

    def sleep(self, seconds: float) -> None:
        raise AssertionError("no sleeping here")


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    portal_clock.use(_Fixed())
    yield
    portal_clock.use(portal_clock.SystemClock())


def _propagated(minutes: float, count: int = 1, env: str = "demo") -> None:
    for _ in range(count):
        make_propagated_check(NOW - timedelta(hours=1), minutes, env)


def _page(client, slug: str = "blad-403", prefix: str = "") -> str:  # type: ignore[no-untyped-def]
    return client.get(f"{prefix}/artykul/{slug}/").content.decode()


def test_with_fewer_than_five_checks_the_article_says_there_is_no_figure_yet(client, make_article):
    _propagated(3, count=4)
    make_article(body=BODY)

    page = _page(client)

    assert "Portal nie ma jeszcze tej liczby dla środowiska" in page
    assert "(4 z 5)" in page
    assert "[[propagacja:demo]]" not in page


def test_with_five_checks_the_median_and_p90_appear_and_follow_new_checks(client, make_article):
    _propagated(3, count=4)
    _propagated(10)
    make_article(body=BODY)

    page = _page(client)
    assert "w ostatnich 7 dniach mediana 3 min, 90% sprawdzeń w 10 min (5 sprawdzeń)" in page
    assert "W ostatnich 24 godzinach: mediana 3 min" in page
    assert '<a href="/stan-ksef/#env-demo">Stan KSeF teraz</a>' in page

    # A minute later (the observations' and the page's caches gone, the text's HTML still
    # cached per text) the figure is the new one.
    _propagated(1, count=10)
    cache.delete(CACHE_KEY)
    client.cookies["sessionid"] = "x"  # past the 10 s page cache, as a logged-in writer is
    assert "w ostatnich 7 dniach mediana 60 s, 90% sprawdzeń w 3 min (15 sprawdzeń)" in _page(
        client
    )


def test_english_page_says_it_in_english(client, make_article):
    make_article("error-403", language="en", title="Error 403", body=BODY)

    page = _page(client, "error-403", prefix="/en")

    assert "No figure is available yet for the" in page
    assert "(0 of 5)" in page


def test_hostile_text_around_the_marker_stays_sanitised(client, make_article):
    _propagated(3, count=5)
    body = (
        "<script>alert(1)</script>[[propagacja:demo]]<img src=x onerror=alert(1)>\n\n"
        '[link](/artykul/blad-403/ "[[propagacja:demo]] x>y") '
        '<abbr title="a>[[propagacja:demo]]">skrót</abbr>\n\n'
        "W kodzie: `[[propagacja:demo]]`\n\n"
        "```\n[[propagacja:demo]]\n```\n"
    )
    make_article(body=body)

    page = _page(client)
    article = page[page.index('<div class="article-body">') :]

    assert "<script" not in article and "onerror" not in article
    # Filled in the text only: once, not in the attributes and not in code.
    assert article.count('class="kb-figure"') == 1
    assert 'title="[[propagacja:demo]] x&gt;y"' in article
    assert '<abbr title="a&gt;[[propagacja:demo]]">' in article
    assert "<code>[[propagacja:demo]]</code>" in article
    assert "<pre><code>[[propagacja:demo]]\n</code></pre>" in article


def test_an_unknown_environment_is_shown_as_typed_and_reported_before_publishing(
    client, make_article
):
    article = make_article(body="Ile: [[propagacja:produkcja]] i [[propagacja:demo]]")
    assert "Ile: [[propagacja:produkcja]] i <span" in _page(client)

    revision = add_revision(article, body="[[propagacja:produkcja]] [[propagacja:produkcja]]")
    assert broken_links(revision) == [
        BrokenLink(
            "[[propagacja:produkcja]]",
            "nie ma takiego środowiska KSeF (test, demo, prod): czytelnik zobaczy znacznik",
        )
    ]


def test_admin_live_preview_fills_in_the_figure(client, writer):
    client.force_login(writer)

    fragment = client.post(
        "/admin/kb/article/live-preview/", {"body": BODY, "language": "pl"}
    ).content.decode()

    assert "Portal nie ma jeszcze tej liczby dla środowiska" in fragment


def test_the_starter_403_article_carries_the_marker_in_its_propagation_section():
    starter = Path(__file__).resolve().parents[2] / "kb" / "starter"
    for name in ("403-sessions-online.pl.md", "403-sessions-online.en.md"):
        text = starter.joinpath(name).read_text()
        section = text[text.index("{#propagation}") : text.index("{#no-permissions-at-all}")]
        assert "[[propagacja:prod]]" in section, name
