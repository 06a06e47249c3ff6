"""A live figure marker (kb.markers) is for the article page: the search index leaves it out, so a
result's snippet never shows ``[[propagacja:…]]`` and no one finds an article by its syntax."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from kb.search.models import SearchDocument
from tests.factories import make_article

BODY = (
    "## Propagacja {#propagation}\n\n"
    "Ile trwa propagacja uprawnień według sprawdzeń:\n\n"
    "- [[propagacja:prod]]\n"
    "- [[propagacja:test]] w środowisku testowym\n\n"
    "Znacznik w kodzie zostaje: `[[propagacja:demo]]`\n"
)


def _results(client, query: str) -> str:  # type: ignore[no-untyped-def]
    with translation.override("pl"):
        path = reverse("search:results")
    return client.get(path, {"q": query}).content.decode()


def test_snippets_show_the_words_around_a_marker_never_the_marker(client, db):
    make_article("propagacja", "Propagacja uprawnień", "Ile to trwa.", BODY)

    page = _results(client, "propagacja uprawnień sprawdzeń")
    assert "Propagacja" in page and "[[" not in page
    assert "[[" not in _results(client, "środowisku testowym")

    passages = SearchDocument.objects.get().passages
    texts = [p["text"] for p in passages]
    assert "w środowisku testowym" in texts
    assert "Znacznik w kodzie zostaje: [[propagacja:demo]]" in texts
    assert not any(
        "propagacja:prod" in p["text"] or "propagacja:test" in p["text"] for p in passages
    )
