from cryptography import x509
from django.core.management import call_command
from django.urls import reverse

from portal.ksef.auth_request import build_auth_token_request
from portal.ksef.signed_request import read_signed_request
from portal.simulator import clock
from portal.simulator.demo_certificates import DEMO_PESEL
from portal.simulator.signed_scenarios import SIGNED_SCENARIOS

OK = next(s for s in SIGNED_SCENARIOS if s.name == "signed-ok")
CHALLENGE = "20261125-CR-1A2B3C4D5E-6F7A8B9C0D-1E"


def test_the_page_offers_the_certificate_and_key_and_the_command_signs_with_them(
    client, db, tmp_path
):
    page = client.get(reverse("ksefsim:index"))
    cert = client.get(reverse("ksefsim:demo_certificate", args=["person", "cert"]))
    key = client.get(reverse("ksefsim:demo_certificate", args=["person", "key"]))
    (tmp_path / "cert.pem").write_bytes(cert.content)
    (tmp_path / "key.pem").write_bytes(key.content)
    (tmp_path / "AuthTokenRequest.xml").write_bytes(build_auth_token_request(CHALLENGE, OK.nip))

    call_command(
        "sign_auth_request",
        str(tmp_path / "AuthTokenRequest.xml"),
        "--cert",
        str(tmp_path / "cert.pem"),
        "--key",
        str(tmp_path / "key.pem"),
    )
    signed = (tmp_path / "AuthTokenRequest-signed.xml").read_bytes()
    subject = x509.load_pem_x509_certificate(cert.content).subject

    assert "sign_auth_request" in page.content.decode()
    assert key["Content-Disposition"] == 'attachment; filename="ksef-sim-person-key.pem"'
    assert subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value == (
        f"PNOPL-{DEMO_PESEL}"
    )
    read = read_signed_request(
        signed, challenge=CHALLENGE, nip=OK.nip, challenge_issued_at=clock.now(), now=clock.now()
    )
    assert read.nip == OK.nip


def test_an_unknown_demo_file_is_not_found(client, db):
    assert client.get("/ksef-sim/demo-certificates/ca/key.pem").status_code == 404
