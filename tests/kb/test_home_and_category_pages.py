from __future__ import annotations

from kb.models import Article, Category
from tests.factories import add_revision

from .conftest import count_queries


def test_home_shows_categories_most_viewed_and_recently_updated(client, make_article, editor):
    Category.objects.create(slug="a-srodowiska", name_pl="Środowiska", position=2)
    make_article("a-stary", title="Stary artykuł")
    newer = make_article("b-nowy", title="Nowy artykuł")
    add_revision(newer, editor, title="Nowy artykuł", days=4, publish_by=editor)
    Article.objects.filter(slug="a-stary").update(view_count=50)

    body = client.get("/").content.decode()

    assert '<a href="/kategoria/uwierzytelnianie/">Uwierzytelnianie</a>' in body
    assert body.index(">Uwierzytelnianie</a>") < body.index(">Środowiska</a>")
    assert body.count('role="search"') == 1
    assert "Artykuły: 2" in body
    popular = body[body.index("Najczęściej czytane") : body.index("Ostatnio zaktualizowane")]
    recent = body[body.index("Ostatnio zaktualizowane") :]
    assert popular.index("Stary artykuł") < popular.index("Nowy artykuł")
    assert recent.index("Nowy artykuł") < recent.index("Stary artykuł")
    assert "15 stycznia 2026" in recent


def test_category_page_lists_its_published_articles_with_summaries(client, make_article):
    make_article("a", title="Pierwszy", summary="Streszczenie pierwszego")
    make_article("b", title="Szkic", publish=False)
    Category.objects.create(slug="inna", name_pl="Inna")

    body = client.get("/kategoria/uwierzytelnianie/").content.decode()
    english = client.get("/en/kategoria/uwierzytelnianie/").content.decode()

    assert "<h1>Uwierzytelnianie</h1>" in body
    assert '<a href="/artykul/a/">Pierwszy</a>' in body
    assert "Streszczenie pierwszego" in body
    assert "Szkic" not in body
    assert "<h1>Authentication</h1>" in english
    assert (
        "W tej kategorii nie ma jeszcze artykułów."
        in client.get("/kategoria/inna/").content.decode()
    )


def test_home_and_category_queries_do_not_grow_with_articles(client, make_article):
    make_article("a0")
    few = (count_queries(client, "/"), count_queries(client, "/kategoria/uwierzytelnianie/"))
    for i in range(1, 8):
        make_article(f"a{i}")
    many = (count_queries(client, "/"), count_queries(client, "/kategoria/uwierzytelnianie/"))
    assert few == many
