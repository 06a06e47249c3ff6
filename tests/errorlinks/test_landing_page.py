from __future__ import annotations

import pytest
from django.utils import timezone

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def test_box_says_what_happened_where_and_when(client, starter_rules):
    response = client.get(
        "/pomoc/blad/",
        {"status": "403", "endpoint": "/sessions/online", "env": "demo", "time": "14:02"},
    )
    assert response.status_code == 200
    assert "Otrzymano 403 z sessions/online w środowisku Demo o 14:02" in response.content.decode()


def test_box_speaks_english_on_english_pages(client, starter_rules):
    response = client.get(
        "/en/pomoc/blad/",
        {"code": "450", "endpoint": "/auth/20250625-AU-1", "env": "prod", "time": "14:02"},
    )
    body = response.content.decode()
    assert "You got authentication status 450 from auth/{ref} on Production at 14:02" in body


def test_box_shows_time_of_another_day_with_its_date(client, starter_rules):
    response = client.get("/pomoc/blad/", {"status": "429", "time": "2026-11-20T08:15:00Z"})
    assert "Otrzymano 429 o 09:15, 20 listopada 2026" in response.content.decode()


def test_page_shows_the_rules_section_and_links_to_it_in_the_full_article(client, starter_rules):
    body = client.get(
        "/pomoc/blad/",
        {"status": "403", "reason": "missing-permissions", "endpoint": "/sessions/online"},
    ).content.decode()
    assert "Uprawnienia jeszcze się propagują" in body
    assert "Uwierzytelnij się od nowa" in body
    assert 'id="propagation-check"' in body
    # The next section at the same level is not part of the answer.
    assert "Twój adres IP" not in body
    assert 'href="/artykul/blad-403-sessions-online/#propagation"' in body


def test_rule_without_anchor_shows_the_whole_article(client, make_article):
    from kb.errorlinks.models import ErrorRule

    article = make_article("a500", body="Wstęp.\n\n## Jeden {#one}\n\nA.\n\n## Dwa {#two}\n\nB.")
    ErrorRule.objects.create(status=500, article=article)
    body = client.get("/pomoc/blad/", {"status": "500"}).content.decode()
    assert "Wstęp." in body
    assert 'id="two"' in body


def test_links_inside_a_section_lead_to_the_full_article(client, starter_rules):
    body = client.get("/pomoc/blad/", {"status": "403", "endpoint": "/sessions/online"}).content
    assert 'href="/artykul/blad-403-sessions-online/#propagation"' in body.decode()


def test_check_form_is_prefilled_with_environment_and_nip(client, starter_rules):
    response = client.get("/pomoc/blad/", {"status": "401", "env": "PRD", "nip": "526-025-02-74"})
    body = response.content.decode()
    assert '<form class="check-form" method="post" action="/sprawdz-sesje/"' in body
    assert '<option value="prod" selected>' in body
    assert 'value="5260250274"' in body
    form = response.context["form"]
    assert form.initial == {"env": "prod", "nip": "5260250274"}


def test_english_check_form_posts_to_the_english_check(client, starter_rules):
    body = client.get("/pomoc/blad/", {"status": "401", "lang": "en"}).content.decode()
    assert 'action="/en/sprawdz-sesje/"' in body


def test_trace_id_is_shown_for_a_report_to_the_ministry(client, starter_rules):
    body = client.get("/pomoc/blad/", {"status": "401", "trace": "0HN7ABC:00000001"}).content
    assert "0HN7ABC:00000001" in body.decode()


def test_english_reader_gets_the_translation(client, starter_rules):
    body = client.get(
        "/pomoc/blad/",
        {
            "status": "403",
            "reason": "missing-permissions",
            "endpoint": "/sessions/online",
            "lang": "en",
        },
    ).content.decode()
    assert "Permissions still spreading" in body
    assert 'href="/en/artykul/error-403-sessions-online/#propagation"' in body


def test_english_reader_falls_back_to_polish_with_a_notice(client, starter_rules):
    response = client.get("/en/pomoc/blad/", {"status": "429"})
    body = response.content.decode()
    assert "O limitach." in body
    assert 'lang="pl"' in body
    assert response.context["answer"].language_fallback is True


def test_page_without_any_parameter_still_answers(client, starter_rules):
    response = client.get("/pomoc/blad/")
    assert response.status_code == 200
    assert "Nie mamy jeszcze odpowiedzi" in response.content.decode()


def test_unpublished_article_does_not_answer(client, make_article):
    from kb.errorlinks.models import ErrorRule

    draft = make_article("blad-401-uwierzytelnienie", publish=False)
    ErrorRule.objects.create(status=401, article=draft)
    assert client.get("/api/v1/help/", {"status": "401"}).json()["matched"] is False


def test_inactive_rule_does_not_answer(client, make_article):
    from kb.errorlinks.models import ErrorRule

    ErrorRule.objects.create(status=401, article=make_article("a401"), active=False)
    assert client.get("/api/v1/help/", {"status": "401"}).json()["matched"] is False
