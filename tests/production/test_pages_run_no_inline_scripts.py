"""The CSP forbids inline scripts, and the public pages carry none (JSON-LD data aside)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


@pytest.fixture
def starter(db):  # type: ignore[no-untyped-def]
    call_command("load_starter_content", verbosity=0)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/artykul/blad-403-sessions-online/",
        "/en/artykul/error-403-sessions-online/",
        "/szukaj/?q=403",
        "/sprawdz-sesje/",
        "/pomoc/blad/?status=403",
        "/pomoc/dla-integratorow/",
    ],
)
def test_page_has_strict_script_policy_and_no_inline_script(client, starter, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    for attributes in SCRIPT.findall(response.content.decode()):
        assert "src=" in attributes or 'type="application/ld+json"' in attributes, attributes
