from __future__ import annotations

import pytest

from kb.errorlinks.models import ErrorRule, ErrorRuleChange
from kb.errorlinks.starter import STARTER_RULES, all_starter_rules, load_starter_rules

from .conftest import NOW

pytestmark = pytest.mark.django_db


def lookup(client, **params):
    return client.get("/api/v1/help/", params).json()


@pytest.mark.parametrize(
    ("params", "slug", "anchor"),
    [
        (
            {"status": "403", "endpoint": "/sessions/online"},
            "blad-403-sessions-online",
            "quick-diagnosis",
        ),
        (
            {"status": "502", "endpoint": "/sessions/online"},
            "blad-403-sessions-online",
            "ksef-unavailable",
        ),
        (
            {"status": "503", "endpoint": "/sessions/online"},
            "blad-403-sessions-online",
            "ksef-unavailable",
        ),
        (
            {"status": "504", "endpoint": "/sessions/online"},
            "blad-403-sessions-online",
            "ksef-unavailable",
        ),
        (
            {
                "status": "403",
                "reason": "missing-permissions",
                "endpoint": "POST /v2/sessions/online",
            },
            "blad-403-sessions-online",
            "propagation",
        ),
        (
            {"status": "403", "reason": "ip-not-allowed", "endpoint": "/sessions/online"},
            "blad-403-sessions-online",
            "ip-not-allowed",
        ),
        (
            {"reason": "ip-not-allowed", "endpoint": "/auth/challenge"},
            "blad-403-sessions-online",
            "ip-not-allowed",
        ),
        (
            {"status": "403", "reason": "security-service-blocked", "endpoint": "/sessions/online"},
            "blad-403-sessions-online",
            "security-block",
        ),
        (
            {"status": "403", "reason": "security-service-blocked"},
            "blad-403-sessions-online",
            "security-block",
        ),
        (
            {
                "status": "403",
                "reason": "insufficient-resource-access",
                "endpoint": "/sessions/online",
            },
            "blad-403-sessions-online",
            "unexpected",
        ),
        (
            {"status": "403", "reason": "auth-method-not-allowed", "endpoint": "/sessions/online"},
            "blad-403-sessions-online",
            "unexpected",
        ),
        (
            {"status": "403", "reason": "context-type-not-allowed", "endpoint": "/sessions/online"},
            "blad-403-sessions-online",
            "unexpected",
        ),
        ({"status": "401", "endpoint": "/sessions/online"}, "blad-401-uwierzytelnienie", None),
        ({"status": "429", "endpoint": "/auth/challenge"}, "blad-429-limity", None),
        (
            {"code": "415", "endpoint": "/auth/20250625-AU-1"},
            "status-uwierzytelnienia-415-450",
            "status-415",
        ),
        ({"status": "200", "code": "450"}, "status-uwierzytelnienia-415-450", "status-450"),
        ({"code": "425"}, "status-uwierzytelnienia-415-450", "status-425"),
        (
            {"status": "400", "code": "9105", "endpoint": "POST /v2/auth/xades-signature"},
            "sprawdzenie-bez-tokena",
            "rejected",
        ),
        ({"status": "200", "code": "460"}, "sprawdzenie-bez-tokena", "status-460"),
        ({"code": "470"}, "sprawdzenie-bez-tokena", "status-470"),
        (
            {
                "status": "400",
                "code": "21180",
                "endpoint": "/sessions/online/20261125-SO-1/invoices",
            },
            "blad-21180-status-sesji",
            None,
        ),
        (
            {"code": "21180", "endpoint": "POST /v2/sessions/online/20261125-SO-1/close"},
            "blad-21180-status-sesji",
            "close-refused",
        ),
    ],
)
def test_each_starter_rule_sends_its_error_to_its_section(
    client, starter_rules, params, slug, anchor
):
    answer = lookup(client, **params)
    assert answer["matched"] is True
    expected = f"http://127.0.0.1:8000/artykul/{slug}/" + (f"#{anchor}" if anchor else "")
    assert answer["article_url"] == expected
    assert answer["rule"]["anchor"] == anchor


def test_every_starter_rule_is_loaded_once(starter_articles):
    slugs = {article.slug for article in starter_articles.values()}
    expected = sorted(rule.key for rule in all_starter_rules() if rule.article in slugs)
    assert set(expected) >= {rule.key for rule in STARTER_RULES}
    first = load_starter_rules(NOW)
    assert sorted(first.created) == expected
    second = load_starter_rules(NOW)
    assert second.created == []
    assert ErrorRule.objects.count() == len(expected)
    assert ErrorRuleChange.objects.filter(action="created").count() == len(expected)


def test_rules_wait_for_articles_that_do_not_exist_yet(make_article):
    make_article("blad-429-limity")
    result = load_starter_rules(NOW)
    # The 429 article explains the error, the check's rate-limited verdict and the verdicts
    # about the portal's own address and budget.
    assert result.created == [
        "check-portal-blocked",
        "check-rate-limited",
        "check-portal-paced",
        "check-portal-fault",
        "429",
    ]
    assert "401" in result.skipped_missing_article
    make_article("blad-401-uwierzytelnienie")
    # The 401 article also answers the catalogue's code 21301.
    assert load_starter_rules(NOW).created == ["401", "catalogue:exception:21301"]


def test_loading_again_keeps_a_writers_change_and_does_not_restore_a_deleted_rule(
    client, admin_user, starter_articles
):
    load_starter_rules(NOW)
    rule_429 = ErrorRule.objects.get(starter_key="429")
    rule_429.anchor = "retry-after"
    rule_429.save()
    client.force_login(admin_user)
    rule_401 = ErrorRule.objects.get(starter_key="401")
    response = client.post(f"/admin/errorlinks/errorrule/{rule_401.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    result = load_starter_rules(NOW)
    assert result.created == []
    assert result.skipped_deleted == ["401"]
    assert ErrorRule.objects.get(starter_key="429").anchor == "retry-after"


def test_management_command_reports_what_it_did(starter_articles, capsys):
    from django.core.management import call_command

    call_command("load_starter_rules")
    slugs = {article.slug for article in starter_articles.values()}
    expected = [rule for rule in all_starter_rules() if rule.article in slugs]
    assert f"{len(expected)} created" in capsys.readouterr().out


def test_verdict_rules_of_the_session_check_never_answer_an_error(client, starter_rules):
    assert ErrorRule.objects.filter(check_cause="scope").get().anchor == "scope"

    answer = lookup(client, status="418", endpoint="/sessions/online")

    assert answer["matched"] is False


def test_every_verdict_of_the_check_links_to_a_section_that_explains_it_in_both_languages():
    from pathlib import Path

    from kb.rendering import render_markdown
    from kb.starter_content import parse_article
    from portal.checks.causes import Cause

    starter = Path(__file__).resolve().parents[2] / "kb" / "starter"
    articles = [parse_article(path) for path in starter.glob("*.*.md")]
    ids = {}
    for article in articles:
        rendered = render_markdown(article.body)
        ids.setdefault(article.key, {})[article.language] = rendered
    slugs = {a.slug: a.key for a in articles if a.language == "pl"}
    rules = {rule.check_cause: rule for rule in STARTER_RULES if rule.check_cause}

    assert set(rules) == {str(cause) for cause in Cause}
    for cause, rule in rules.items():
        sections = ids[slugs[rule.article]]
        assert sections["pl"].section(rule.anchor) is not None, cause
        assert sections["en"].section(rule.anchor) is not None, cause
