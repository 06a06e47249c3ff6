"""Every file that cannot be this check's signed request is refused with its own message on the
check's page, before anything is stored or sent to KSeF; the check keeps waiting for a good one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.checks import lifecycle
from portal.checks.models import Status
from portal.ksef.auth_request import build_auth_token_request
from portal.ksef.signed_request import MAX_SIGNED_REQUEST_BYTES
from portal.simulator import clock as sim_clock
from portal.simulator.models import AuthOperation
from tests.checks.conftest import SIGNED_BY_NAME
from tests.checks.signing import self_signed, sign

OK = SIGNED_BY_NAME["signed-ok"]
DETACHED = (
    b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/>'
    b"<ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>"
)


def refused(runner, check, data: bytes, *, offered: bool = True) -> str:  # type: ignore[no-untyped-def]
    response = runner.upload(check, data)
    assert response.status_code == 400
    check.refresh_from_db()
    assert check.status == Status.AWAITING_SIGNATURE
    assert check.token_ciphertext == ""
    assert not check.steps.filter(name="signature").exists()
    assert AuthOperation.objects.count() == 0
    page = response.content.decode()
    # While the challenge lives the page still offers the file and the field: the user tries
    # again where they are.
    assert (f"/sprawdz-sesje/{check.public_id}/AuthTokenRequest.xml" in page) is offered
    assert ('type="file"' in page) is offered
    return page


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda doc, signed: b"x" * (MAX_SIGNED_REQUEST_BYTES + 1),
            "Plik jest za duży (ponad 256 KB)",
        ),
        (lambda doc, signed: b"%PDF-1.7 a scan", "To nie jest plik XML."),
        (
            lambda doc, signed: b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>',
            "Plik zawiera deklarację DOCTYPE",
        ),
        (lambda doc, signed: b"<Faktura/>", "To nie jest wniosek o logowanie"),
        (lambda doc, signed: doc, "Plik nie ma podpisu."),
        (lambda doc, signed: DETACHED, "To podpis zewnętrzny"),
    ],
    ids=["too-large", "not-xml", "doctype", "not-a-request", "unsigned", "detached"],
)
def test_a_file_that_is_no_signed_request_is_refused_with_its_reason(runner, make, message):
    check = runner.request_signature(OK.environment.value, OK.nip)
    document = runner.document(check)
    signed = sign(document, self_signed(runner.clock.now()))

    assert message in refused(runner, check, make(document, signed))


def test_a_request_signed_for_another_challenge_is_refused(runner):
    earlier = runner.request_signature(OK.environment.value, OK.nip)
    signed_earlier = sign(runner.document(earlier), self_signed(runner.clock.now()))
    check = runner.request_signature(OK.environment.value, OK.nip)

    assert "odpowiada na inne wyzwanie" in refused(runner, check, signed_earlier)


def test_a_request_for_another_nip_is_refused_naming_the_checks_nip(runner):
    check = runner.request_signature(OK.environment.value, OK.nip)
    other = SIGNED_BY_NAME["signed-no-rights"].nip
    document = build_auth_token_request(check.challenge, other)

    page = refused(runner, check, sign(document, self_signed(runner.clock.now())))

    assert f"innego NIP-u niż to sprawdzenie ({OK.nip})" in page


def test_a_request_signed_after_the_challenge_expired_is_refused_and_a_new_one_offered(
    runner, client
):
    check = runner.request_signature(OK.environment.value, OK.nip)
    signed = sign(runner.document(check), self_signed(runner.clock.now()))
    sim_clock.advance(10 * 60 + 1)

    page = refused(runner, check, signed, offered=False)

    assert "Wyzwanie wygasło" in page
    assert "Pobierz nowe wyzwanie" in page
    # Once expired, the file is no longer offered for signing either.
    assert client.get(f"/sprawdz-sesje/{check.public_id}/AuthTokenRequest.xml").status_code == 404


def test_no_file_at_all_is_asked_for_again(runner, client):
    check = runner.request_signature(OK.environment.value, OK.nip)

    response = client.post(f"/sprawdz-sesje/{check.public_id}/podpis/", {})

    assert response.status_code == 400
    assert "To pole jest wymagane." in response.content.decode()


def test_a_large_upload_is_never_written_to_disk(runner, settings, tmp_path):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    check = runner.request_signature(OK.environment.value, OK.nip)
    signed = sign(runner.document(check), self_signed(runner.clock.now()))
    padded = signed + b"<!-- padding -->" * (20 * 1024 // 16)
    assert 1024 < len(padded) < MAX_SIGNED_REQUEST_BYTES

    response = runner.upload(check, padded)

    assert response.status_code == 302
    assert list(tmp_path.iterdir()) == []


def test_a_second_upload_after_the_first_was_taken_changes_nothing(runner, client):
    check = runner.request_signature(OK.environment.value, OK.nip)
    signed = sign(runner.document(check), self_signed(runner.clock.now()))
    assert runner.upload(check, signed).status_code == 302
    lifecycle.run_due(runner.clock)
    steps = check.steps.count()

    again = client.post(
        f"/sprawdz-sesje/{check.public_id}/podpis/",
        {"signed_file": SimpleUploadedFile("again.xml", signed)},
    )

    assert again.status_code == 302
    assert check.steps.count() == steps
    assert check.steps.filter(name="signature").count() == 1


def test_expiry_is_counted_from_ksefs_timestamp_of_the_challenge(runner):
    check = runner.request_signature(OK.environment.value, OK.nip)

    assert check.challenge_expires_at == check.challenge_issued_at + timedelta(minutes=10)
    assert check.challenge_issued_at == sim_clock.now()


def test_an_upload_without_the_forms_csrf_token_is_refused(runner):
    from django.test import Client

    check = runner.request_signature(OK.environment.value, OK.nip)
    signed = sign(runner.document(check), self_signed(runner.clock.now()))
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(
        f"/sprawdz-sesje/{check.public_id}/podpis/",
        {"signed_file": SimpleUploadedFile("signed.xml", signed)},
    )

    assert response.status_code == 403
    check.refresh_from_db()
    assert (check.status, check.token_ciphertext) == (Status.AWAITING_SIGNATURE, "")
