"""The whole flow against the simulator, through the form, the real task and its schedules."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from portal.checks import lifecycle
from portal.checks.causes import Cause
from portal.checks.models import Status
from portal.checks.verdicts import VERDICTS
from portal.simulator.models import OnlineSession
from portal.simulator.scenarios import BY_NAME


def assert_ended_cleanly(check, cause: Cause, *, timed_out: bool = False) -> None:  # type: ignore[no-untyped-def]
    assert check.status == Status.DONE
    assert check.cause == cause, (check.cause, check.facts)
    assert check.token_ciphertext == ""
    opened = check.steps.filter(name="session-open", outcome="ok").values_list("detail", flat=True)
    closed = check.steps.filter(name="session-close", outcome="ok").values_list("detail", flat=True)
    assert sorted(opened) == sorted(closed)
    if not timed_out:
        # A session opened after the client gave up waiting is one nobody can know of.
        assert OnlineSession.objects.filter(closed_at__isnull=True).count() == 0


def page_of(client, check) -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()


def test_working_token_opens_and_closes_a_session(runner, step_names, client):
    check = runner.until_done(runner.start("ok"))

    assert_ended_cleanly(check, Cause.SESSION_OK)
    assert step_names(check) == [
        "certificates",
        "challenge",
        "authentication",
        "auth-status",
        "access-token",
        "permissions",
        "session-open",
        "session-close",
        "auth-session-end",
    ]
    opened = check.steps.get(name="session-open")
    assert opened.http_status == 201
    assert check.steps.get(name="session-close").detail == opened.detail
    assert OnlineSession.objects.filter(reference_number=opened.detail).exists()
    assert "InvoiceWrite (Owner)" in check.facts["permissions"]
    page = page_of(client, check)
    assert str(VERDICTS[Cause.SESSION_OK].title) in page
    assert "InvoiceWrite (Owner)" in page


def test_propagation_keeps_trying_with_fresh_authentication_until_it_works(runner, client):
    check = runner.start("propagation")
    check.refresh_from_db()
    assert check.status == Status.WAITING
    assert check.denied_for == "propagation"
    first_denial = check.steps.get(name="session-open")
    assert (first_denial.http_status, first_denial.reason_code) == (403, "missing-permissions")
    assert first_denial.permissions == ["InvoiceRead"]
    page = page_of(client, check)
    assert "Próba 1 z maks. 16: uprawnienia jeszcze niewidoczne w KSeF." in page
    assert "(za ok. 60 s)" in page

    check = runner.until_done(check)

    assert_ended_cleanly(check, Cause.PROPAGATION)
    assert check.attempts == 4
    assert check.facts["minutes"] == 4
    # Every attempt authenticated afresh.
    assert check.steps.filter(name="authentication").count() == 4
    assert list(check.steps.filter(name="session-open").values_list("outcome", flat=True)) == [
        "fail",
        "fail",
        "fail",
        "ok",
    ]
    page = page_of(client, check)
    assert "Po 4 min nowe uwierzytelnienie" in page
    # Either cure works: a fresh authentication or a refreshed access token.
    assert "POST /auth/token/refresh" in page


def test_pending_token_is_waited_for_and_reported(runner):
    check = runner.until_done(runner.start("pending"))

    assert_ended_cleanly(check, Cause.TOKEN_ACTIVATED)
    assert check.steps.filter(name="auth-status", auth_status=450).count() == 2
    assert check.steps.filter(name="session-open", outcome="ok").count() == 1


def test_token_for_another_nip_has_no_rights_there(runner, simulated_clock):
    scenario = BY_NAME["other-nip"]
    # The form refuses this at once (another test); the diagnosis still names it if it runs.
    check = lifecycle.start_check(
        lifecycle.NewCheck(scenario.environment.value, scenario.nip, scenario.token),
        client_key="test-client",
        now=simulated_clock.now(),
    )
    check = runner.until_done(check)

    assert_ended_cleanly(check, Cause.NO_RIGHTS_FOR_NIP)
    assert check.steps.get(name="auth-status").auth_status == 450


def test_no_permissions_in_context_is_named(runner):
    check = runner.until_done(runner.start("no-rights"))

    assert_ended_cleanly(check, Cause.NO_RIGHTS_FOR_NIP)
    assert check.facts["auth_status"] == 415


def test_permission_granted_to_another_entity_is_named_when_the_window_ends(runner, settings):
    settings.CHECK_RETRY_WINDOW_SECONDS = 5 * 60
    check = runner.until_done(runner.start("other-entity"))

    assert_ended_cleanly(check, Cause.OTHER_ENTITY)
    assert check.attempts == 5
    assert check.facts["present_permissions"] == ["InvoiceRead"]


def test_read_only_token_is_a_scope_problem_with_its_permissions(runner, client):
    check = runner.until_done(runner.start("read-only"))

    assert_ended_cleanly(check, Cause.SCOPE)
    assert check.attempts == 1
    assert check.facts["token_permissions"] == ["InvoiceRead"]
    assert check.steps.get(name="token-status").permissions == ["InvoiceRead"]
    assert "Ten token ma: InvoiceRead." in page_of(client, check)


def test_wrong_environment_is_confirmed_on_another_environment_with_consent(runner, client):
    check = runner.until_done(runner.start("wrong-environment", consent=True))

    assert_ended_cleanly(check, Cause.WRONG_ENVIRONMENT)
    assert check.facts["confirmed_in"] == "demo"
    tried = check.steps.filter(name="other-environment")
    assert {(step.environment, step.outcome) for step in tried} == {
        ("demo", "ok"),
        ("prod", "fail"),
    }
    assert "ten sam token działa w środowisku: Przedprodukcyjne (demo)" in page_of(client, check)


def test_wrong_environment_without_consent_tries_nothing_else(runner):
    check = runner.until_done(runner.start("wrong-environment"))

    assert_ended_cleanly(check, Cause.TOKEN_UNRECOGNISED)
    assert "confirmed_in" not in check.facts
    assert not check.steps.filter(name="other-environment").exists()


def test_token_unknown_everywhere_is_a_token_status_problem(runner):
    check = runner.until_done(runner.start("unknown", consent=True))

    assert_ended_cleanly(check, Cause.TOKEN_STATUS)
    assert check.facts["token_state"] == "unknown"


def test_revoked_token_is_named(runner):
    check = runner.until_done(runner.start("revoked"))

    assert_ended_cleanly(check, Cause.TOKEN_STATUS)
    assert check.facts["token_state"] == "revoked"


def test_ip_not_allowed_names_the_address_and_the_authentication_that_set_the_list(runner, client):
    check = runner.until_done(runner.start("ip-not-allowed"))

    assert_ended_cleanly(check, Cause.IP_NOT_ALLOWED)
    assert check.facts["client_ip"] == "127.0.0.1"
    page = page_of(client, check)
    assert "authorizationPolicy.allowedIps w żądaniu uwierzytelnienia" in page
    assert "To nie jest ustawienie firmy ani kontekstu" in page


def test_blocked_authentication_gives_the_incident_to_report(runner, client):
    check = runner.until_done(runner.start("auth-blocked"))

    assert_ended_cleanly(check, Cause.SECURITY_BLOCK)
    assert check.steps.get(name="auth-status").auth_status == 480
    assert "Zgłoś incydent Ministerstwu Finansów" in page_of(client, check)


def test_gateway_403_without_body_is_unexpected_with_its_trace_id_and_server(runner, client):
    check = runner.until_done(runner.start("gateway-403"))

    assert_ended_cleanly(check, Cause.UNEXPECTED)
    assert check.facts["trace_id"]
    assert check.facts["server"] == "API-Gateway"
    assert check.steps.get(name="session-open").detail == "empty body"
    page = page_of(client, check)
    assert check.facts["trace_id"] in page
    assert "nagłówek Server: API-Gateway" in page
    assert 'href="https://github.com/CIRFMF/ksef-api/issues/482"' in page


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("rate-limited", Cause.RATE_LIMITED),
        ("unavailable", Cause.KSEF_UNAVAILABLE),
        ("slow", Cause.KSEF_UNAVAILABLE),
    ],
)
def test_ksef_refusing_to_answer_is_retried_a_few_times_then_named(runner, settings, name, cause):
    # Below the simulator's 0.6 s delay of the slow scenario.
    settings.KSEF_HTTP_TIMEOUT_SECONDS = 0.3
    check = runner.start(name)
    started = timezone.now()
    check = runner.until_done(check)

    assert_ended_cleanly(check, cause, timed_out=name == "slow")
    assert check.attempts == 3
    assert (timezone.now() - started).total_seconds() < 30
    if name == "slow":
        # The simulator finishes the request the client gave up on after the test's end
        # otherwise, writing into the next test's database.
        time.sleep(settings.KSEF_SIMULATOR_SLOW_SECONDS)


def test_rate_limit_answer_is_respected_before_the_next_call(runner):
    check = runner.start("rate-limited")
    check.refresh_from_db()
    denied = check.steps.get(name="session-open")

    assert denied.http_status == 429
    # Retry-After 30 s is shorter than the cadence; the pacing key remembers it for everyone.
    assert (check.next_attempt_at - denied.started_at).total_seconds() >= 60


def test_revoked_authentication_is_not_read_as_a_revoked_token(runner, client):
    check = runner.until_done(runner.start("auth-revoked"))

    assert check.steps.filter(name="auth-status", auth_status=425).exists()
    assert_ended_cleanly(check, Cause.AUTH_REVOKED)
    assert "Nie usuwaj tokenu KSeF" in page_of(client, check)


def test_long_retry_after_is_a_rate_limit_not_an_outage(runner, client):
    check = runner.until_done(runner.start("rate-limited-long"))

    assert check.steps.filter(name="session-open", http_status=429).exists()
    assert_ended_cleanly(check, Cause.RATE_LIMITED)
    # Named at once: waiting 45 minutes is past the check's window, and calling again lengthens
    # the block.
    assert check.attempts == 1
    assert check.facts["retry_after_seconds"] == 2700
    page = page_of(client, check)
    assert "KSeF ogranicza wywołania: kolejna próba możliwa ok. 10:45" in page
    assert "kontekst (NIP) i adres IP" in page


def test_no_permissions_at_all_after_authentication_is_named_on_the_first_attempt(runner):
    check = runner.until_done(runner.start("no-permissions-at-all"))

    first_denial = check.steps.filter(name="session-open").order_by("pk").first()
    assert (first_denial.http_status, first_denial.permissions) == (403, [])
    assert_ended_cleanly(check, Cause.NO_PERMISSIONS_AT_ALL)
    assert check.attempts == 1


def test_token_that_never_activates_may_have_failed(runner, client, settings):
    # KSeF takes a while to decide, so the status is polled more than once.
    settings.KSEF_SIMULATOR_AUTH_SECONDS = 2
    check = runner.until_done(runner.start("token-failed"))

    statuses = check.steps.filter(name="auth-status")
    assert set(statuses.values_list("auth_status", flat=True)) == {450}
    # KSeF's words on every attempt, as it gave them.
    assert all("Token nieaktywny" in step.detail for step in statuses)
    assert_ended_cleanly(check, Cause.TOKEN_FAILED)
    page = page_of(client, check)
    assert "statusDetails" in page
    assert "Token nieaktywny" in page
