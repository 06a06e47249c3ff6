"""The scope verdict's cure, a new token with InvoiceWrite, cannot be done by an author who lacks
InvoiceWrite: KSeF refuses with 26001 (#373). The verdict says so and how to get it; the token
error codes article answers 26001, and the token article leads there."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from kb.starter_content import parse_article
from portal.checks.causes import Cause
from portal.checks.verdicts import next_steps

STARTER = Path(settings.BASE_DIR) / "kb" / "starter"


def test_the_scope_verdict_names_26001_and_the_grant_that_comes_first():
    steps = " ".join(next_steps(Cause.SCOPE, {"token_permissions": ["InvoiceRead"]}))

    assert "26001" in steps
    assert "CredentialsManage" in steps
    assert "najpierw nadaj jej InvoiceWrite" in steps


def test_26001_is_answered_once_and_the_token_article_leads_there():
    for language, answer in (
        ("pl", "/artykul/kody-bledow-tokenow/"),
        ("en", "/en/artykul/token-error-codes/"),
    ):
        body = parse_article(STARTER / f"token-error-codes.{language}.md").body
        section = body[body.index("{#code-26001}") : body.index("{#code-26002}")]
        assert "CredentialsManage" in section, language
        assert "https://github.com/CIRFMF/ksef-api/issues/373" in section, language
        tokens = parse_article(STARTER / f"ksef-tokens.{language}.md").body
        pointer = tokens[tokens.index("{#error-26001}") :].split("\n## ", 1)[0]
        assert f"({answer}#code-26001)" in pointer, language
        assert "issues/373" not in pointer, language
