from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from kb.search.models import SearchDocument, SearchTerm
from kb.search.query import search_articles


def test_rebuild_restores_a_lost_index_from_published_articles(corpus):
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    assert search_articles("uprawnienia", "pl", limit=3) == []

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert out.getvalue().strip() == "Indexed 10 published articles."
    assert search_articles("uprawnienia", "pl", limit=3)[0].slug == "nadawanie-uprawnien"
    assert search_articles("uprawnienai", "pl", limit=3)[0].slug == "nadawanie-uprawnien"
    assert not SearchDocument.objects.filter(article__slug="szkic-artykulu").exists()
