from __future__ import annotations

import pytest

from kb.errorlinks.models import ErrorLinkMiss, ErrorRule

pytestmark = pytest.mark.django_db

BODY = "\n\n".join(
    f"## {title} {{#{anchor}}}\n\nO tym: {title}."
    for title, anchor in [
        ("21180 na zamknięciu sesji", "close-21180"),
        ("21180 z kodem 400", "status-21180"),
        ("21180", "code-21180"),
        ("Każde 400", "any-400"),
        ("Brak uprawnień", "missing-permissions"),
    ]
)


@pytest.fixture
def articles(make_article):
    sessions = make_article("kody-bledow-sesji", title="Kody błędów sesji", body=BODY)
    make_article(
        "kody-bledow-certyfikatow",
        title="Kody błędów certyfikatów",
        summary="Co znaczą kody 25001-25011.",
        body="## 25001 {#code-25001}\n\nCSR.",
    )
    make_article("kody-bledow-uprawnien", title="Kody błędów uprawnień", body=BODY)
    return sessions


def rule(article, anchor, **fields):
    return ErrorRule.objects.create(article=article, anchor=anchor, **fields)


def ask(client, **params):
    return client.get("/api/v1/help/", params).json()


def test_each_level_answers_when_the_more_specific_ones_do_not(client, articles):
    rule(articles, "any-400", status=400)
    rule(articles, "code-21180", code=21180)
    rule(articles, "status-21180", status=400, code=21180)
    rule(
        articles, "close-21180", status=400, code=21180, endpoint_pattern="/sessions/online/*/close"
    )
    close = {"status": "400", "code": "21180", "endpoint": "POST /sessions/online/X-1/close"}

    assert ask(client, **close)["rule"]["anchor"] == "close-21180"
    assert ask(client, **close)["match_level"] == "endpoint"
    sent = ask(client, status="400", code="21180", endpoint="/sessions/online/X-1/invoices")
    assert (sent["rule"]["anchor"], sent["match_level"]) == ("status-21180", "status-and-code")
    alone = ask(client, code="21180")
    assert (alone["rule"]["anchor"], alone["match_level"]) == ("code-21180", "code")
    status = ask(client, status="400")
    assert (status["rule"]["anchor"], status["match_level"]) == ("any-400", "status")
    assert all(a["matched"] for a in (ask(client, **close), sent, alone, status))


def test_a_rule_naming_the_code_beats_a_rule_naming_the_endpoint_without_it(client, articles):
    rule(articles, "any-400", status=400, endpoint_pattern="/sessions/online/*/close")
    rule(articles, "code-21180", code=21180)

    answer = ask(client, status="400", code="21180", endpoint="/sessions/online/X-1/close")

    assert answer["rule"]["anchor"] == "code-21180"


def test_an_unknown_code_of_a_known_family_reaches_the_familys_page_and_is_recorded(
    client, articles
):
    answer = ask(client, status="400", code="25999", endpoint="/certificates/enrollments")

    assert answer["matched"] is False
    assert answer["match_level"] == "family"
    assert answer["article_url"] is None
    family_url = "http://127.0.0.1:8000/artykul/kody-bledow-certyfikatow/"
    assert answer["family"] == {"title": "Kody błędów certyfikatów", "url": family_url}
    assert answer["alternatives"][0]["url"] == family_url
    assert ErrorLinkMiss.objects.get().code == "25999"


def test_the_family_is_found_by_the_endpoint_when_the_number_says_nothing(client, articles):
    answer = ask(client, code="21999", endpoint="POST /sessions/online/X-1/invoices")

    assert answer["match_level"] == "family"
    assert answer["family"]["url"].endswith("/artykul/kody-bledow-sesji/")


def test_a_status_rule_does_not_hide_the_family_of_an_unknown_code(client, articles):
    rule(articles, "any-400", status=400)

    answer = ask(client, status="400", code="25999")

    assert (answer["matched"], answer["match_level"]) == (False, "family")


def test_an_unknown_code_without_a_family_gets_the_status_answer_and_is_recorded(client, articles):
    rule(articles, "any-400", status=400)

    answer = ask(client, status="400", code="21999")

    assert (answer["matched"], answer["match_level"]) == (True, "status")
    assert answer["family"] is None
    assert ErrorLinkMiss.objects.get().code == "21999"


def test_a_known_code_is_not_recorded(client, articles):
    rule(articles, "code-21180", code=21180)

    ask(client, status="400", code="21180")

    assert not ErrorLinkMiss.objects.exists()


def test_missing_permissions_from_any_endpoint_reaches_the_permissions_answer(client, articles):
    permissions = articles.__class__.objects.get(slug="kody-bledow-uprawnien")
    rule(permissions, "missing-permissions", status=403, reason_code="missing-permissions")

    for endpoint in ("", "GET /tokens", "POST /invoices/exports", "POST /sessions/online"):
        answer = ask(client, reason="missing-permissions", endpoint=endpoint)
        assert answer["matched"] is True, endpoint
        assert answer["article_url"].endswith("/kody-bledow-uprawnien/#missing-permissions")


def test_an_unknown_403_reason_reaches_the_permissions_family(client, articles):
    answer = ask(client, status="403", reason="brand-new-reason", endpoint="GET /tokens")

    assert answer["match_level"] == "family"
    assert answer["family"]["url"].endswith("/artykul/kody-bledow-uprawnien/")


def test_no_match_at_all_says_none(client, articles):
    answer = ask(client, status="418")

    assert (answer["matched"], answer["match_level"], answer["family"]) == (False, "none", None)


def test_the_help_page_names_the_family_of_an_unknown_code(client, articles):
    page = client.get("/pomoc/blad/", {"code": "25999"}).content.decode()

    assert "Ten kod należy do rodziny kodów opisanej w artykule:" in page
    assert '<a href="/artykul/kody-bledow-certyfikatow/">Kody błędów certyfikatów</a>' in page
