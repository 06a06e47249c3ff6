"""The diagnosis alone, on KSeF answers the simulator does not produce, and on the history of
earlier attempts: no KSeF, no database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from portal.checks.causes import Cause
from portal.checks.diagnosis import Decision, Grant, History, Observation, decide, read
from portal.checks.readings import RetryReason
from portal.checks.verdicts import explain, title
from portal.ksef.errors import (
    KsefAuthFailed,
    KsefHttpError,
    KsefResponseError,
    KsefTransportError,
    TransportErrorKind,
)
from portal.ksef.protocol import AuthStatus

NIP = "1234563218"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
MISSING = {"status": 403, "reasonCode": "missing-permissions"}


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
        content_type="application/json",
        problem="the body is not JSON",
        body="{referenceNumber: 1",
    )

    decision = read(after_session(garbage), nip=NIP, environment="test")

    assert decision.cause == Cause.UNEXPECTED
    assert decision.facts["failure"] == "HTTP 201 POST /sessions/online: the body is not JSON"


def test_server_errors_and_timeouts_are_retried_as_transient():
    for error in (
        http_error(502, "", **{"Retry-After": "20"}),
        KsefTransportError(
            kind=TransportErrorKind.TIMEOUT, method="POST", path="/auth/challenge", reason="5 s"
        ),
    ):
        decision = read(Observation(auth_error=error), nip=NIP, environment="test")
        assert decision.retry == RetryReason.KSEF_TRANSIENT
    assert (
        read(
            Observation(auth_error=http_error(502, "", **{"Retry-After": "20"})),
            nip=NIP,
            environment="test",
        ).retry_after_seconds
        == 20
    )


def test_authentication_cancelled_by_the_system_is_retried():
    decision = read(Observation(auth_error=auth_failed(550)), nip=NIP, environment="test")
    assert decision.retry == RetryReason.KSEF_TRANSIENT


def test_blocked_authentication_is_a_security_block():
    decision = read(Observation(auth_error=auth_failed(480)), nip=NIP, environment="test")
    assert decision.cause == Cause.SECURITY_BLOCK


def test_revoked_authentication_is_not_a_revoked_token():
    decision = read(Observation(auth_error=auth_failed(425)), nip=NIP, environment="test")
    assert decision.cause == Cause.AUTH_REVOKED
    assert "token_state" not in decision.facts


def test_a_revoked_token_is_named_from_status_450_and_from_21301_at_redeem():
    revoked = read(
        Observation(auth_error=auth_failed(450, "Token unieważniony")), nip=NIP, environment="test"
    )
    body = {"exception": {"exceptionDetailList": [{"exceptionCode": 21301,
            "exceptionDescription": "Brak autoryzacji.",
            "details": ["Token KSeF został unieważniony."]}]}}  # fmt: skip
    redeem = KsefHttpError(
        status=400,
        method="POST",
        path="/auth/token/redeem",
        content_type="application/json",
        body=json.dumps(body),
        headers={},
    )
    at_redeem = read(Observation(auth_error=redeem), nip=NIP, environment="test")

    assert (revoked.cause, revoked.facts["token_state"]) == (Cause.TOKEN_STATUS, "revoked")
    assert (at_redeem.cause, at_redeem.facts["token_state"]) == (Cause.TOKEN_STATUS, "revoked")
    assert at_redeem.facts["ksef_detail"] == "Token KSeF został unieważniony."


def test_empty_or_reasonless_403_stays_unexpected_with_its_server_header_and_meaning():
    empty = http_error(403, "", **{"Server": "API-Gateway", "Trace-Id": "T-1"})
    reasonless = http_error(403, {"title": "Forbidden", "status": 403, "reasonCode": None,
                                  "detail": "Dostęp zabroniony.", "traceId": "T-2"})  # fmt: skip

    gateway = read(after_session(empty), nip=NIP, environment="test")
    no_reason = read(after_session(reasonless), nip=NIP, environment="test")

    assert (gateway.cause, gateway.facts["server"], gateway.facts["trace_id"]) == (
        Cause.UNEXPECTED, "API-Gateway", "T-1")  # fmt: skip
    assert gateway.facts["variant"] == "empty-403"
    assert (no_reason.cause, no_reason.facts["variant"]) == (Cause.UNEXPECTED, "no-reason-403")
    text = explain(Cause.UNEXPECTED, gateway.facts)
    assert "Server: Kestrel" in text and "API-Gateway" in text and "T-1" in text
    assert "Dostęp zabroniony" in explain(Cause.UNEXPECTED, no_reason.facts)


def test_no_permissions_at_all_after_authentication_is_named_at_once():
    security = {"requiredAnyOfPermissions": ["InvoiceWrite"], "presentPermissions": []}
    body = {"status": 403, "reasonCode": "missing-permissions", "security": security}

    decision = read(after_session(http_error(403, body)), nip=NIP, environment="test")

    assert decision.cause == Cause.NO_PERMISSIONS_AT_ALL
    assert decision.facts["present_permissions"] == []


def test_unknown_403_reason_is_unexpected_and_keeps_the_trace_id():
    body = {"title": "Forbidden", "status": 403, "reasonCode": "auth-method-not-allowed",
            "traceId": "0HN-TRACE"}  # fmt: skip

    decision = read(after_session(http_error(403, body)), nip=NIP, environment="test")

    assert decision.cause == Cause.UNEXPECTED
    assert decision.facts["trace_id"] == "0HN-TRACE"
    assert "reasonCode auth-method-not-allowed" in decision.facts["failure"]


def test_missing_permission_while_the_grant_is_active_means_the_token_lacks_it():
    body = {"status": 403, "reasonCode": "missing-permissions",
            "security": {"presentPermissions": ["InvoiceRead"]}}  # fmt: skip
    observation = Observation(
        authenticated=True,
        grants=[Grant("InvoiceWrite", "Active")],
        session_error=http_error(403, body),
    )

    decision = read(observation, nip=NIP, environment="test")

    assert decision.cause == Cause.SCOPE
    assert decision.facts["token_permissions"] == ["InvoiceRead"]


def history(**fields: object) -> History:
    values: dict = {
        "created_at": NOW - timedelta(minutes=5),
        "deadline": NOW + timedelta(minutes=10),
    }
    return History(**(values | fields))


def after_attempt(observation: Observation, past: History) -> Decision:
    return decide(observation, past, nip=NIP, environment="test", now=NOW)


def test_a_denial_is_tried_again_after_the_interval_and_remembered(settings):
    settings.CHECK_RETRY_INTERVAL_SECONDS = 60

    decision = after_attempt(after_session(http_error(403, MISSING)), history())

    assert decision.cause is None
    assert decision.retry == RetryReason.PROPAGATION
    assert decision.next_attempt_at == NOW + timedelta(seconds=60)
    assert decision.history.first_denied_at == NOW
    assert decision.history.denied_for == "propagation"


def test_retry_after_and_pacing_only_lengthen_the_wait(settings):
    settings.CHECK_RETRY_INTERVAL_SECONDS = 60
    busy = Observation(auth_error=http_error(503, "", **{"Retry-After": "90"}))

    assert after_attempt(busy, history()).next_attempt_at == NOW + timedelta(seconds=90)
    blocked = decide(busy, history(), nip=NIP, environment="test", now=NOW,
                     not_before=NOW + timedelta(minutes=4))  # fmt: skip
    assert blocked.next_attempt_at == NOW + timedelta(minutes=4)


def test_session_opened_after_denials_names_what_was_waited_for():
    opened = Observation(authenticated=True, grants=[], session_opened=True)
    denied = NOW - timedelta(minutes=3, seconds=30)

    propagated = after_attempt(opened, history(first_denied_at=denied, denied_for="propagation"))
    activated = after_attempt(opened, history(first_denied_at=denied, denied_for="activation"))

    assert (propagated.cause, propagated.tone, propagated.facts["minutes"]) == (
        Cause.PROPAGATION, "ok", 4)  # fmt: skip
    assert (activated.cause, activated.tone) == (Cause.TOKEN_ACTIVATED, "ok")
    assert after_attempt(opened, history()).cause == Cause.SESSION_OK


def test_window_end_names_the_cause_by_what_was_seen():
    late = history(deadline=NOW)
    grant = [Grant("InvoiceWrite", "Pending")]
    seen = Observation(authenticated=True, grants=grant, session_error=http_error(403, MISSING))
    unseen = after_session(http_error(403, MISSING))
    pending = Observation(auth_error=auth_failed(450, "Token nieaktywny"))

    assert after_attempt(seen, late).cause == Cause.STILL_MISSING
    assert after_attempt(unseen, late).cause == Cause.OTHER_ENTITY
    assert after_attempt(unseen, late).tone == "bad"
    # Still inactive when the window ends: it may have failed to activate, in KSeF's words.
    failed = after_attempt(pending, late)
    assert (failed.cause, failed.facts["ksef_detail"]) == (
        Cause.TOKEN_FAILED,
        "opis; Token nieaktywny",
    )
    assert "Failed" in explain(Cause.TOKEN_FAILED, failed.facts)
    assert after_attempt(Observation(auth_error=http_error(429)), late).cause == Cause.RATE_LIMITED


def test_retry_after_beyond_the_window_is_a_rate_limit_named_at_once_with_the_next_try():
    limited = Observation(auth_error=http_error(429, "", **{"Retry-After": "2700"}))

    decision = after_attempt(limited, history())

    assert (decision.cause, decision.tone) == (Cause.RATE_LIMITED, "warn")
    assert decision.facts["retry_at"] == (NOW + timedelta(seconds=2700)).isoformat()
    assert decision.facts["retry_after_seconds"] == 2700
    text = explain(Cause.RATE_LIMITED, decision.facts)
    assert "2700 s" in text and "kontekst (NIP) i adres IP" in text
    # The reader's time: Warsaw, an hour ahead of UTC in November.
    assert title(Cause.RATE_LIMITED, decision.facts).endswith("ok. 10:45")


def test_ksef_failing_past_the_bound_ends_as_unavailable(settings):
    settings.CHECK_TRANSIENT_RETRIES = 2
    down = Observation(auth_error=http_error(502))

    assert after_attempt(down, history(transient_failures=1)).retry == RetryReason.KSEF_TRANSIENT
    ended = after_attempt(down, history(transient_failures=2))
    assert (ended.cause, ended.tone) == (Cause.KSEF_UNAVAILABLE, "warn")
    assert "transient_failures" not in ended.facts
