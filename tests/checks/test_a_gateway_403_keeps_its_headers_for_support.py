"""An empty or HTML 403 from the gateway in front of KSeF has its headers as the only clue
(CIRFMF/ksef-api #125): x-azure-ref, X-CDN and Server are kept with the step and shown in the
summary for support. An HTML block page is not read as the "Dostęp zabroniony." answer, and
missing invoice permissions are named as a possible cause (#482)."""

from __future__ import annotations

from portal.checks.causes import Cause


def page_of(client, check) -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()


def test_the_gateways_headers_stay_with_the_step_and_reach_the_summary(runner, client):
    check = runner.until_done(runner.start("gateway-403"))

    refused = check.steps.get(name="session-open")
    assert refused.azure_ref and refused.cdn == "Imperva" and refused.server == "API-Gateway"
    summary = page_of(client, check).split('id="check-summary-text"')[1].split("</pre>")[0]
    assert f"x-azure-ref {refused.azure_ref}" in summary
    assert "X-CDN Imperva" in summary
    assert "Server API-Gateway" in summary


def test_an_html_block_page_gets_no_access_forbidden_hint_and_names_missing_permissions(
    runner, client
):
    check = runner.until_done(runner.start("html-403"))

    assert check.cause == Cause.UNEXPECTED
    assert check.facts["variant"] == "html-403"
    assert check.facts["lacks_write"] is True
    page = page_of(client, check)
    assert "Dostęp zabroniony" not in page
    assert "strona HTML" in page
    assert "nie ma InvoiceWrite" in page
    assert check.steps.get(name="session-open").azure_ref in page


def test_a_403_without_reason_from_an_owner_does_not_blame_permissions(runner, client):
    check = runner.until_done(runner.start("gateway-403"))

    assert check.facts["lacks_write"] is False
    assert "nie ma InvoiceWrite" not in page_of(client, check)
