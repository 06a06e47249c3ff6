"""Only published revisions are searched, and the index follows every publication."""

from __future__ import annotations

from kb.models import Article
from kb.search.query import search_articles
from tests.factories import add_revision, make_article, publish_revision


def slugs(query: str, language: str = "pl") -> list[str]:
    return [h.slug for h in search_articles(query, language, limit=10)]


def test_article_never_published_is_not_found(corpus):
    assert slugs("kwarantanna") == []


def test_newer_draft_revision_is_not_searched_until_published(db):
    article = make_article("faktury-zbiorcze", "Faktury zbiorcze", "O fakturach.", "Treść.")
    draft = add_revision(
        article, title="Faktury korygujące", summary="O korektach.", body="Treść korekty."
    )
    assert slugs("korygujące") == []
    assert slugs("zbiorcze") == ["faktury-zbiorcze"]

    publish_revision(draft)

    assert slugs("korygujące") == ["faktury-zbiorcze"]
    assert slugs("zbiorcze") == []


def test_rolled_back_text_is_searched_again(db):
    article = make_article("duplikaty", "Duplikaty faktur", "Wersja pierwsza.", "Treść.")
    first = article.published_revision
    assert first is not None
    publish_revision(add_revision(article, title="Kopie faktur", summary="Druga.", body="Treść."))
    assert slugs("duplikaty") == []

    # kb.revisions.roll_back publishes the old text as a new revision and sends the same signal.
    restored = add_revision(article, title=first.title, summary=first.summary, body=first.body)
    publish_revision(restored)

    assert slugs("duplikaty") == ["duplikaty"]
    assert slugs("kopie") == []


def test_article_taken_off_the_site_is_not_found(db):
    article = make_article("wycofany", "Wycofany artykuł o akcyzie", "Akcyza.", "Treść.")
    assert slugs("akcyza") == ["wycofany"]

    article.published_revision = None
    article.save()

    assert slugs("akcyza") == []


def test_stale_index_entry_never_shows_an_unpublished_revision(db):
    article = make_article("bez-sygnalu", "Faktura uproszczona", "Paragon.", "Treść.")
    draft = add_revision(article, title="Paragon z NIP", summary="Inny tekst.", body="Treść.")
    # Someone points the article at another revision without going through kb.revisions: the
    # index still holds the old revision and must not show it as if it were published.
    Article.objects.filter(pk=article.pk).update(published_revision=draft)

    assert slugs("uproszczona") == []


def test_new_words_become_searchable_with_typos_after_publication(db):
    make_article("pierwszy", "Kasy fiskalne", "Kasa.", "Treść.")
    assert slugs("samofakturowanie") == []
    make_article("drugi", "Samofakturowanie", "Nabywca wystawia fakturę.", "Treść.")

    assert slugs("samofakturowanei") == ["drugi"]


def test_raw_html_scripts_in_a_body_are_not_searchable(db):
    make_article(
        "ze-skryptem",
        "Faktura w walucie obcej",
        "Kurs waluty.",
        "Kurs z dnia poprzedzającego.\n\n<script>var tajemnica = 1;</script>\n",
    )
    assert slugs("poprzedzający") == ["ze-skryptem"]
    assert slugs("tajemnica") == []
