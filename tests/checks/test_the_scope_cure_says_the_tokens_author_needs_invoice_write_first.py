"""The scope verdict's cure, a new token with InvoiceWrite, cannot be done by an author who lacks
InvoiceWrite: KSeF refuses with 26001 (#373). The verdict says so and how to get it, and the
token article covers 26001."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from kb.starter_content import parse_article
from portal.checks.verdicts import Cause, next_steps

STARTER = Path(settings.BASE_DIR) / "kb" / "starter"


def test_the_scope_verdict_names_26001_and_the_grant_that_comes_first():
    steps = " ".join(next_steps(Cause.SCOPE, {"token_permissions": ["InvoiceRead"]}))

    assert "26001" in steps
    assert "CredentialsManage" in steps
    assert "najpierw nadaj jej InvoiceWrite" in steps


def test_the_token_article_covers_26001_in_both_languages():
    for name in ("ksef-tokens.pl.md", "ksef-tokens.en.md"):
        body = parse_article(STARTER / name).body
        section = body[body.index("{#error-26001}") :]
        assert "26001" in section and "CredentialsManage" in section, name
        assert "https://github.com/CIRFMF/ksef-api/issues/373" in section, name
