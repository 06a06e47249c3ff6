"""A check without a token, end to end: the form asks KSeF for a challenge, the request is
signed with a self-signed certificate through signxml, uploaded, and the check goes on through
the real task and schedules to its verdict. After each, the simulator counts no authentication
session the check left open."""

from __future__ import annotations

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Credential, Status
from portal.checks.verdicts import VERDICTS
from portal.simulator import auth_sessions, demo_certificates
from portal.simulator import clock as sim_clock
from portal.simulator.models import OnlineSession
from tests.checks.conftest import SIGNED_BY_NAME
from tests.checks.signing import Signer


def assert_ended_cleanly(check, cause: Cause) -> None:  # type: ignore[no-untyped-def]
    assert check.status == Status.DONE
    assert check.cause == cause, (check.cause, check.facts)
    assert check.token_ciphertext == ""
    assert OnlineSession.objects.filter(closed_at__isnull=True).count() == 0
    assert auth_sessions.active_session_count(check.environment, check.nip, sim_clock.now()) == 0


def page_of(client, check) -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()


def demo_person() -> Signer:
    issued = demo_certificates.demo(demo_certificates.PERSON)
    return Signer(issued.certificate, issued.key)


def test_a_signer_with_rights_opens_and_closes_a_session_and_ends_the_authentication(
    runner, step_names, client
):
    check = runner.until_done(runner.start_signed("signed-ok"))

    assert_ended_cleanly(check, Cause.SIGNED_SESSION_OK)
    assert step_names(check) == [
        "challenge",
        "signature",
        "auth-status",
        "access-token",
        "permissions",
        "session-open",
        "session-close",
        "auth-session-end",
    ]
    assert check.steps.get(name="auth-session-end").http_status == 204
    assert check.auth_reference == check.steps.get(name="signature").detail
    page = page_of(client, check)
    assert str(VERDICTS[Cause.SIGNED_SESSION_OK].title) in page
    assert "PESEL 85*******46" in page
    assert "85020112346" not in page


def test_a_signer_without_rights_for_the_nip_is_the_seeds_cause_with_the_signer_named(
    runner, client
):
    check = runner.until_done(runner.start_signed("signed-no-rights"))

    assert_ended_cleanly(check, Cause.SIGNATURE_NO_RIGHTS)
    assert check.facts["auth_status"] == 415
    assert "Brak przypisanych uprawnień" in check.facts["ksef_detail"]
    page = page_of(client, check)
    nip = SIGNED_BY_NAME["signed-no-rights"].nip
    assert f"Podpisujący nie ma prawa działać w imieniu NIP {nip}" in page
    assert "Z certyfikatu odczytał podpisującego jako PESEL 85*******46." in page
    assert "ZAW-FA" in page
    assert "CredentialsManage" in page
    # Nothing was authenticated, so there is no session to end.
    assert not check.steps.filter(name="auth-session-end").exists()


@pytest.mark.parametrize(
    ("scenario", "signer", "detail", "hint"),
    [
        ("signed-ok", "expired", "Nieważny certyfikat", "najczęściej wygasł"),
        ("signed-demo", "self-signed", "Niezaufany łańcuch certyfikatów", "samopodpisane"),
        ("signed-certificate-revoked", "self-signed", "Certyfikat odwołany", "odwołany przez"),
    ],
)
def test_a_refused_certificate_says_which_problem_and_what_it_means(
    runner, client, scenario, signer, detail, hint
):
    chosen = None
    if signer == "expired":
        issued = demo_certificates.demo(demo_certificates.PERSON_EXPIRED)
        chosen = Signer(issued.certificate, issued.key)
    check = runner.until_done(runner.start_signed(scenario, chosen))

    assert_ended_cleanly(check, Cause.CERTIFICATE_REFUSED)
    assert check.facts["auth_status"] == 460
    assert detail in check.facts["ksef_detail"]
    assert hint in page_of(client, check)


def test_a_deceased_persons_methods_are_named_with_the_reference_to_report(runner, client):
    check = runner.until_done(runner.start_signed("signed-deceased"))

    assert_ended_cleanly(check, Cause.DECEASED_PERSON)
    assert check.facts["auth_status"] == 470
    page = page_of(client, check)
    assert "osoby zmarłej" in page
    assert check.auth_reference in page


def test_a_blocked_signed_login_is_a_security_block(runner):
    check = runner.until_done(runner.start_signed("signed-blocked"))

    assert_ended_cleanly(check, Cause.SECURITY_BLOCK)
    assert "incydentu bezpieczeństwa" in check.facts["ksef_detail"]


@pytest.mark.parametrize(
    ("scenario", "code", "words"),
    [
        ("signed-unknown-error", 500, "statusem 500: Nieznany błąd."),
        ("signed-cancelled", 550, "statusem 550: Operacja została anulowana przez system"),
    ],
)
def test_a_signed_login_ksef_did_not_finish_asks_for_a_new_signature(
    runner, client, scenario, code, words
):
    check = runner.until_done(runner.start_signed(scenario))

    assert_ended_cleanly(check, Cause.SIGNED_LOGIN_UNFINISHED)
    # One attempt: the signed request is spent, so waiting would only wait.
    assert check.attempts == 1
    page = page_of(client, check)
    assert words in page
    assert "Pobierz nowy wniosek, podpisz go i wyślij ponownie." in page
    # One click to a new challenge for the same environment and NIP.
    assert 'action="/sprawdz-sesje/podpis/"' in page
    assert f'name="signed-nip" value="{check.nip}"' in page


def test_content_changed_after_signing_is_refused_by_ksef_with_what_it_means(runner, client):
    def alter(signed: bytes) -> bytes:
        return signed.replace(b"certificateSubject", b"certificateSubjecT")

    check = runner.until_done(runner.start_signed("signed-ok", alter=alter))

    assert_ended_cleanly(check, Cause.SIGNED_REQUEST_REFUSED)
    assert check.facts["exception_code"] == 9105
    assert "zmieniono po podpisaniu" in page_of(client, check)
    assert check.credential == Credential.SIGNED_REQUEST


def test_new_permissions_reach_a_signed_check_through_refresh(runner, client, step_names):
    check = runner.start_signed("signed-propagation")
    check.refresh_from_db()
    assert check.status == Status.WAITING
    assert check.credential == Credential.REFRESH_TOKEN

    check = runner.until_done(check)

    assert_ended_cleanly(check, Cause.PROPAGATION)
    # One signed authentication, then refreshes: the signature is used once.
    names = step_names(check)
    assert names.count("signature") == 1
    assert names.count("refresh") == check.attempts - 1 >= 1
    assert names.count("auth-session-end") == 1
    assert names[-1] == "auth-session-end"


def test_on_demo_the_check_waits_for_the_certificate_check_and_says_so(runner, client, settings):
    settings.KSEF_SIMULATOR_CERTIFICATE_CHECK_SECONDS = 90
    settings.CHECK_AUTH_MAX_WAIT_SECONDS = 20
    check = runner.start_signed("signed-demo", demo_person())
    check.refresh_from_db()

    assert check.status == Status.WAITING
    assert check.retry_reason == "certificate"
    assert check.credential == Credential.AUTHENTICATION
    # Still 100 is a wait, not a failure.
    polled = check.steps.filter(name="auth-status").values_list("outcome", "auth_status")
    assert list(polled) == [("wait", 100)]
    page = page_of(client, check)
    assert "KSeF wciąż sprawdza certyfikat podpisu u jego wystawcy (OCSP lub CRL)" in page
    assert "Ministerstwo nie podaje, ile to trwa" in page

    check = runner.until_done(check)

    assert_ended_cleanly(check, Cause.SIGNED_SESSION_OK)
    assert check.steps.filter(name="signature").count() == 1


def test_a_certificate_check_longer_than_the_window_ends_the_check_clearly(
    runner, client, settings
):
    settings.KSEF_SIMULATOR_CERTIFICATE_CHECK_SECONDS = 3600
    settings.CHECK_RETRY_WINDOW_SECONDS = 5 * 60
    check = runner.until_done(runner.start_signed("signed-demo", demo_person()))

    assert check.cause == Cause.SIGNED_LOGIN_UNFINISHED
    assert check.facts["unfinished"] == "certificate-check"
    assert "wciąż sprawdzał certyfikat podpisu" in page_of(client, check)
