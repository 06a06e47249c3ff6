from __future__ import annotations

import json
import re

from kb.models import Article
from tests.factories import add_revision

BODY = """Wstęp.

## Uprawnienia się propagują {#propagation}

Poczekaj kilka minut.

### Jak długo {#how-long}

Zwykle do 15 minut.

## Co zrobić {#what-to-do}

Sprawdź `POST /sessions/online`.
"""


def test_article_page_renders_markdown_with_toc_version_and_history_link(client, make_article):
    article = make_article(body=BODY)
    Article.objects.filter(pk=article.pk).update(reviewed_on="2026-01-05")

    body = client.get("/artykul/blad-403/").content.decode()

    assert "<title>Błąd 403 · Portal pomocy KSeF</title>" in body
    assert '<h2 id="propagation">Uprawnienia się propagują' in body
    assert '<li class="toc-level-2"><a href="#propagation">Uprawnienia się propagują</a>' in body
    assert '<li class="toc-level-3"><a href="#how-long">Jak długo</a>' in body
    assert "<code>POST /sessions/online</code>" in body
    assert "Wersja 1, zaktualizowano 10 stycznia 2026" in body
    assert "sprawdzono merytorycznie 5 stycznia 2026" in body
    assert '<a href="/artykul/blad-403/historia/">Historia zmian</a>' in body


def test_article_page_has_canonical_meta_description_and_json_ld(client, make_article):
    make_article(summary='Dlaczego KSeF odmawia "sesji" </script>')

    body = client.get("/artykul/blad-403/").content.decode()

    assert '<link rel="canonical" href="http://127.0.0.1:8000/artykul/blad-403/">' in body
    assert (
        '<meta name="description" content="Dlaczego KSeF odmawia &quot;sesji&quot; '
        '&lt;/script&gt;">' in body
    )
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert block is not None
    assert "</script>" not in block.group(1)  # the summary's tag is escaped inside the block
    data = json.loads(block.group(1))
    assert data["@type"] == "TechArticle"
    assert data["headline"] == "Błąd 403"
    assert data["description"] == 'Dlaczego KSeF odmawia "sesji" </script>'
    assert data["url"] == "http://127.0.0.1:8000/artykul/blad-403/"
    assert data["inLanguage"] == "pl"
    assert "noindex" not in body


def test_each_read_counts_one_view(client, make_article):
    article = make_article()
    for _ in range(2):
        # A browser reads the page, whose script then loads the feedback form.
        client.get("/artykul/blad-403/")
        client.get("/artykul/blad-403/opinia/?revision=1", HTTP_HX_REQUEST="true")
    article.refresh_from_db()
    assert article.view_count == 2


def test_article_page_shows_only_the_published_revision(client, make_article, writer):

    article = make_article()
    add_revision(article, writer, body="Tajny szkic")
    body = client.get("/artykul/blad-403/").content.decode()
    assert "Brak uprawnień." in body
    assert "Tajny szkic" not in body
