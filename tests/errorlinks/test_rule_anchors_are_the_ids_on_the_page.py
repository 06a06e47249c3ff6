"""A rule's anchor is checked against the ids the article page really has: a heading that took
an id the page itself uses is renamed on the page (kb.rendering), so the admin accepts the new
name, warns about the old one, and the answer shows the section under exactly the ids it
accepts."""

from __future__ import annotations

import re

import pytest

from kb.errorlinks.models import ErrorRule

from .test_rule_audit import form_data

pytestmark = pytest.mark.django_db

BODY = "Wstęp.\n\n## Start {#main}\n\nTreść pod nagłówkiem.\n\n## Dalej {#dalej}\n\nReszta."
WARNING = "nie ma nagłówka z id"


@pytest.fixture
def article(client, admin_user, make_article):  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    return make_article("blad-500", body=BODY)


def _add_rule(client, article, anchor: str, status: int) -> str:  # type: ignore[no-untyped-def]
    data = form_data(article, status=str(status), endpoint_pattern="*", anchor=anchor)
    response = client.post("/admin/errorlinks/errorrule/add/", data, follow=True)
    assert ErrorRule.objects.filter(status=status, anchor=anchor).exists()
    return response.content.decode()


def test_the_admin_accepts_the_id_the_page_shows_and_warns_about_the_reserved_one(client, article):
    page = client.get("/artykul/blad-500/").content.decode()
    assert 'id="main-tekst"' in page

    assert WARNING not in _add_rule(client, article, "main-tekst", 500)
    assert "nie ma nagłówka z id „main”" in _add_rule(client, article, "main", 501)

    client.logout()
    # The answer asks the admin's question: the section for one, the whole article for the other.
    accepted = client.get("/pomoc/blad/", {"status": "500"}).content.decode()
    assert "Treść pod nagłówkiem." in accepted and "Wstęp." not in accepted
    warned = client.get("/pomoc/blad/", {"status": "501"}).content.decode()
    assert "Wstęp." in warned


def test_every_heading_id_on_the_page_is_accepted_and_answers_with_its_section(client, article):
    page = client.get("/artykul/blad-500/").content.decode()
    body = page[page.index('<div class="article-body">') :]
    ids = re.findall(r'<h[1-6] id="([^"]+)"', body)
    assert ids == ["main-tekst", "dalej"]
    for status, anchor in enumerate(ids, start=500):
        assert WARNING not in _add_rule(client, article, anchor, status)
        answer = client.get("/pomoc/blad/", {"status": str(status)}).content.decode()
        assert "Wstęp." not in answer
