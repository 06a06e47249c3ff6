"""The diagnosis alone, on KSeF answers the simulator does not produce."""

from __future__ import annotations

import json

from portal.checks.diagnosis import Observation, RetryReason, decide, when_window_ends
from portal.checks.verdicts import Cause
from portal.ksef.errors import (
    KsefAuthFailed,
    KsefHttpError,
    KsefResponseError,
    KsefTransportError,
    TransportErrorKind,
)
from portal.ksef.protocol import AuthStatus

NIP = "1234563218"


def http_error(status: int, body: object = "", **headers: str) -> KsefHttpError:
    text = body if isinstance(body, str) else json.dumps(body)
    return KsefHttpError(
        status=status,
        method="POST",
        path="/sessions/online",
        content_type="application/problem+json",
        body=text,
        headers=headers,
    )


def auth_failed(code: int, *details: str) -> KsefAuthFailed:
    return KsefAuthFailed(AuthStatus(code=code, description="opis", details=details), "ref")


def after_session(error: Exception) -> Observation:
    return Observation(authenticated=True, grants=[], session_error=error)  # type: ignore[arg-type]


def test_garbage_from_ksef_is_unexpected_with_what_was_wrong():
    garbage = KsefResponseError(
        status=201,
        method="POST",
        path="/sessions/online",
        content_type="text/html",
        problem="the body is not JSON",
        body="<html>",
    )

    decision = decide(after_session(garbage), nip=NIP, environment="test")

    assert decision.cause == Cause.UNEXPECTED
    assert decision.facts["failure"] == "HTTP 201 POST /sessions/online: the body is not JSON"


def test_server_errors_and_timeouts_are_retried_as_transient():
    for error in (
        http_error(502, "", **{"Retry-After": "20"}),
        KsefTransportError(
            kind=TransportErrorKind.TIMEOUT, method="POST", path="/auth/challenge", reason="5 s"
        ),
    ):
        decision = decide(Observation(auth_error=error), nip=NIP, environment="test")
        assert decision.retry == RetryReason.KSEF_TRANSIENT
    assert (
        decide(
            Observation(auth_error=http_error(502, "", **{"Retry-After": "20"})),
            nip=NIP,
            environment="test",
        ).retry_after_seconds
        == 20
    )


def test_authentication_cancelled_by_the_system_is_retried():
    decision = decide(Observation(auth_error=auth_failed(550)), nip=NIP, environment="test")
    assert decision.retry == RetryReason.KSEF_TRANSIENT


def test_blocked_authentication_is_a_security_block():
    decision = decide(Observation(auth_error=auth_failed(480)), nip=NIP, environment="test")
    assert decision.cause == Cause.SECURITY_BLOCK


def test_revoked_authentication_names_the_token_status():
    decision = decide(Observation(auth_error=auth_failed(425)), nip=NIP, environment="test")
    assert (decision.cause, decision.facts["token_state"]) == (Cause.TOKEN_STATUS, "revoked")


def test_unknown_403_reason_is_unexpected_and_keeps_the_trace_id():
    body = {"title": "Forbidden", "status": 403, "reasonCode": "auth-method-not-allowed",
            "traceId": "0HN-TRACE"}  # fmt: skip

    decision = decide(after_session(http_error(403, body)), nip=NIP, environment="test")

    assert decision.cause == Cause.UNEXPECTED
    assert decision.facts["trace_id"] == "0HN-TRACE"
    assert "reasonCode auth-method-not-allowed" in decision.facts["failure"]


def test_missing_permission_while_the_grant_is_active_means_the_token_lacks_it():
    from portal.checks.diagnosis import Grant

    body = {"status": 403, "reasonCode": "missing-permissions",
            "security": {"presentPermissions": ["InvoiceRead"]}}  # fmt: skip
    observation = Observation(
        authenticated=True,
        grants=[Grant("InvoiceWrite", "Active")],
        session_error=http_error(403, body),
    )

    decision = decide(observation, nip=NIP, environment="test")

    assert decision.cause == Cause.SCOPE
    assert decision.facts["token_permissions"] == ["InvoiceRead"]


def test_window_end_names_the_cause_by_what_was_seen():
    assert when_window_ends(RetryReason.PROPAGATION, {"grant_seen": True}).cause == (
        Cause.STILL_MISSING
    )
    assert when_window_ends(RetryReason.PROPAGATION, {"grant_seen": False}).cause == (
        Cause.OTHER_ENTITY
    )
    assert when_window_ends(RetryReason.ACTIVATION, {}).cause == Cause.TOKEN_STATUS
    assert when_window_ends(RetryReason.RATE_LIMITED, {}).cause == Cause.KSEF_UNAVAILABLE
