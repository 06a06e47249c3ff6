from __future__ import annotations

from django.urls import reverse


def suggest(client, query, **headers):
    return client.get(reverse("search:suggest"), {"q": query}, **headers)


def test_suggestions_complete_a_word_being_typed(client, corpus):
    response = suggest(client, "nadawanie upraw", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<html" not in body
    assert 'href="/artykul/nadawanie-uprawnien/' in body
    assert "<mark>Nadawanie</mark> <mark>uprawnień</mark>" in body


def test_suggestions_fragment_is_empty_when_nothing_matches(client, corpus):
    response = suggest(client, "zzzz", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_suggestions_address_without_htmx_goes_to_the_results_page(client, corpus):
    response = suggest(client, "403")
    assert response.status_code == 302
    assert response["Location"] == "/szukaj/?q=403"
    assert "HX-Request" in response["Vary"]


def test_search_box_asks_for_suggestions_and_still_submits_without_javascript(client, db):
    # Any page with the header's search box (the home page has its own box instead).
    body = client.get("/szukaj/").content.decode()
    assert 'action="/szukaj/" method="get"' in body
    assert 'hx-get="/szukaj/podpowiedzi/"' in body
    assert 'hx-trigger="input changed delay:300ms, search"' in body
    assert 'hx-target="#header-search-suggestions"' in body
