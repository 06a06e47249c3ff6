"""Every demo scenario, driven by the real client over HTTP, answers as its page says.

All traffic goes through the contract session, so every request and answer here is also checked
against the ministry's OpenAPI document (see conftest.contract_sessions).
"""

from __future__ import annotations

import time

import pytest

from portal.ksef.errors import KsefAuthFailed, KsefHttpError, KsefTransportError
from portal.ksef.protocol import is_ksef1_token, parse_ksef_token
from portal.simulator import clock
from portal.simulator.models import SimToken
from portal.simulator.scenarios import BY_NAME, SCENARIOS


def _auth(client, name):  # type: ignore[no-untyped-def]
    scenario = BY_NAME[name]
    return client.authenticate_with_token(scenario.nip, scenario.token)


def _auth_failure(client, name) -> KsefAuthFailed:  # type: ignore[no-untyped-def]
    with pytest.raises(KsefAuthFailed) as failure:
        _auth(client, name)
    return failure.value


def _session_error(client, name) -> KsefHttpError:  # type: ignore[no-untyped-def]
    auth = _auth(client, name)
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(auth.tokens.access_token)
    return error.value


def test_every_scenario_has_a_distinct_token_of_the_real_shape():
    tokens = [scenario.token for scenario in SCENARIOS]
    assert len(set(tokens)) == len(tokens)
    # The KSeF 1.0 token is of the old shape on purpose: 64 hexadecimal characters.
    assert is_ksef1_token(BY_NAME["ksef1-token"].token)
    for scenario in SCENARIOS:
        if scenario.name == "ksef1-token":
            continue
        shape = parse_ksef_token(scenario.token)
        assert shape is not None, scenario.name
        assert shape.reference_number == scenario.reference_number


def test_propagation_needs_a_fresh_authentication_after_the_delay(scenarios, ksef_client):
    client = ksef_client()
    auth = _auth(client, "propagation")
    with pytest.raises(KsefHttpError) as before:
        client.open_online_session(auth.tokens.access_token)
    assert before.value.status == 403
    assert before.value.reason_code == "missing-permissions"
    assert before.value.security["presentPermissions"] == ["InvoiceRead"]

    clock.advance(600)
    with pytest.raises(KsefHttpError):
        client.open_online_session(auth.tokens.access_token)  # old token: old permissions
    fresh = _auth(client, "propagation")
    session = client.open_online_session(fresh.tokens.access_token)
    assert len(session.reference_number) == 36


def test_pending_token_fails_as_inactive_until_it_activates(scenarios, ksef_client):
    client = ksef_client()
    failure = _auth_failure(client, "pending")
    assert (failure.code, failure.status.details) == (450, ("Token nieaktywny",))
    clock.advance(300)
    assert _auth(client, "pending").status.code == 200


def test_other_nip_token_cannot_be_used_in_the_typed_context(scenarios, ksef_client):
    scenario = BY_NAME["other-nip"]
    failure = _auth_failure(ksef_client(), "other-nip")
    assert failure.code == 450
    assert failure.status.details == (f"Token nie może być użyty w kontekście {scenario.nip}",)
    assert parse_ksef_token(scenario.token).nip != scenario.nip  # type: ignore[union-attr]


def test_no_rights_ends_with_status_415(scenarios, ksef_client):
    failure = _auth_failure(ksef_client(), "no-rights")
    assert (failure.code, failure.status.details) == (415, ("Brak przypisanych uprawnień",))


def test_other_entity_shows_write_requested_but_not_granted(scenarios, ksef_client):
    client = ksef_client()
    scenario = BY_NAME["other-entity"]
    auth = _auth(client, "other-entity")
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(auth.tokens.access_token)
    token = client.token_status(auth.tokens.access_token, scenario.reference_number)
    grants = client.personal_grants(auth.tokens.access_token)

    assert error.value.security["presentPermissions"] == ["InvoiceRead"]
    assert token.requested_permissions == ("InvoiceRead", "InvoiceWrite")
    assert [grant.permission_scope for grant in grants.grants] == ["InvoiceRead"]
    assert grants.owner_permissions == ()


def test_read_only_token_lacks_invoice_write(scenarios, ksef_client):
    client = ksef_client()
    scenario = BY_NAME["read-only"]
    auth = _auth(client, "read-only")
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(auth.tokens.access_token)
    token = client.token_status(auth.tokens.access_token, scenario.reference_number)

    assert error.value.reason_code == "missing-permissions"
    assert error.value.security == {
        "requiredAnyOfPermissions": ["InvoiceWrite", "PefInvoiceWrite", "EnforcementOperations"],
        "presentPermissions": ["InvoiceRead"],
    }
    assert (token.status, token.requested_permissions) == ("Active", ("InvoiceRead",))


def test_wrong_environment_token_is_unknown_on_test_and_works_on_demo(scenarios, ksef_client):
    failure = _auth_failure(ksef_client("test"), "wrong-environment")
    assert (failure.code, failure.status.details) == (450, ("Nieprawidłowy token",))
    assert _auth(ksef_client("demo"), "wrong-environment").status.code == 200


def test_revoked_token_fails_as_revoked(scenarios, ksef_client):
    failure = _auth_failure(ksef_client(), "revoked")
    assert (failure.code, failure.status.details) == (450, ("Token unieważniony",))


@pytest.mark.parametrize("env", ["test", "demo", "prod"])
def test_unknown_token_is_invalid_in_every_environment(scenarios, ksef_client, env):
    failure = _auth_failure(ksef_client(env), "unknown")
    assert (failure.code, failure.status.details) == (450, ("Nieprawidłowy token",))


def test_ip_not_allowed_names_the_client_ip(scenarios, ksef_client):
    error = _session_error(ksef_client(), "ip-not-allowed")
    assert (error.status, error.reason_code) == (403, "ip-not-allowed")
    assert error.security == {"clientIp": "127.0.0.1"}


def test_security_block_carries_an_incident_id(scenarios, ksef_client):
    error = _session_error(ksef_client(), "security-blocked")
    assert error.reason_code == "security-service-blocked"
    assert error.security["incidentId"].startswith("INC-")
    assert error.trace_id


def test_gateway_403_has_an_empty_body_and_only_header_clues(
    scenarios, ksef_client, contract_sessions
):
    error = _session_error(ksef_client(), "gateway-403")
    assert (error.status, error.body, error.json, error.reason_code) == (403, "", None, None)
    assert error.is_empty_body
    assert {"Trace-Id", "x-azure-ref", "Server", "X-CDN"} <= set(error.headers)
    # As reported for this endpoint (CIRFMF/ksef-api issue 482), not an invented product name.
    assert (error.headers["Server"], error.headers["X-CDN"]) == ("API-Gateway", "Imperva")
    assert error.trace_id == error.headers["Trace-Id"]
    assert contract_sessions[0].tolerated == [("POST", "/v2/sessions/online", 403)]


def test_firewall_403_is_request_blocked_without_reason_code(scenarios, ksef_client):
    error = _session_error(ksef_client(), "firewall-403")
    assert error.is_firewall_block
    assert (error.title, error.reason_code) == ("Request blocked", None)
    assert error.detail == "This request was blocked by our security service"
    assert error.security["clientIp"] == "127.0.0.1"
    assert error.headers["Server"] == "API-Gateway"


@pytest.mark.parametrize(("name", "code"), [("auth-blocked", 480), ("auth-cancelled", 550)])
def test_blocked_and_cancelled_authentications_end_with_their_status(
    scenarios, ksef_client, name, code
):
    failure = _auth_failure(ksef_client(), name)
    assert failure.code == code
    assert failure.status.details and failure.status.description


@pytest.mark.parametrize(
    ("name", "security"),
    [
        ("insufficient-resource-access", {}),
        ("auth-method-not-allowed", {"authenticationMethodCategory": "Token"}),
        ("context-type-not-allowed", {"contextIdentifierType": "Nip"}),
    ],
)
def test_other_reason_codes_come_with_their_security_data(scenarios, ksef_client, name, security):
    error = _session_error(ksef_client(), name)
    assert (error.status, error.reason_code, error.security) == (403, name, security)


def test_rate_limited_scenario_answers_429_with_retry_after(scenarios, ksef_client):
    error = _session_error(ksef_client(), "rate-limited")
    assert (error.status, error.retry_after_seconds) == (429, 30)
    assert error.is_problem_details


def test_long_rate_limit_scenario_answers_429_with_a_45_minute_retry_after(scenarios, ksef_client):
    error = _session_error(ksef_client(), "rate-limited-long")
    assert (error.status, error.retry_after_seconds) == (429, 2700)


def test_revoked_authentication_ends_with_status_425_not_a_token_status(scenarios, ksef_client):
    failure = _auth_failure(ksef_client(), "auth-revoked")
    assert (failure.code, failure.status.details) == (
        425,
        ("Uwierzytelnienie i powiązane refresh tokeny zostały unieważnione przez użytkownika",),
    )


def test_authenticated_without_any_permission_gets_an_empty_present_list(scenarios, ksef_client):
    error = _session_error(ksef_client(), "no-permissions-at-all")
    assert (error.status, error.reason_code) == (403, "missing-permissions")
    assert error.security["presentPermissions"] == []


def test_failed_token_stays_inactive_and_shows_why_in_its_status(scenarios, ksef_client):
    client = ksef_client()
    assert _auth_failure(client, "token-failed").status.details == ("Token nieaktywny",)
    clock.advance(3600)
    assert _auth_failure(client, "token-failed").status.details == ("Token nieaktywny",)
    token = SimToken.objects.get(scenario="token-failed")
    assert (token.status, token.status_details) == (
        "Failed",
        ["Context identifier is not enforcement authority."],
    )


def test_unavailable_scenario_answers_503_with_retry_after(scenarios, ksef_client):
    error = _session_error(ksef_client(), "unavailable")
    assert (error.status, error.retry_after_seconds) == (503, 30)


def test_slow_scenario_ends_in_a_timeout_error(scenarios, ksef_client, settings):
    settings.KSEF_SIMULATOR_SLOW_SECONDS = 0.4
    client = ksef_client(timeout=0.15)
    auth = _auth(client, "slow")
    with pytest.raises(KsefTransportError) as error:
        client.open_online_session(auth.tokens.access_token)
    assert error.value.kind == "timeout"
    assert error.value.path == "/sessions/online"
    client.close()
    time.sleep(0.6)  # let the server's sleeping thread finish before the test's database goes
