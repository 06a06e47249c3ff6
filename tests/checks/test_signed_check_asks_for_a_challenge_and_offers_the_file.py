"""The way into the check without a token: environment and NIP, a challenge from KSeF, the file
to sign with its expiry written out, and plain steps for each way of signing, all working
without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from lxml import etree

from portal.checks import pacing
from portal.checks.models import Method, SessionCheck, Status
from portal.ksef.auth_request import AUTH_TOKEN_NAMESPACE_V2_0, schema_errors
from portal.simulator import clock as sim_clock
from tests.checks.conftest import SIGNED_BY_NAME

OK = SIGNED_BY_NAME["signed-ok"]


def test_the_form_page_offers_both_ways_polish_first(client, db):
    page = client.get("/sprawdz-sesje/?env=demo&nip=1234563218").content.decode()

    token_form = page.index('name="token"')
    signed_form = page.index("Nie masz tokena albo nie chcesz go podawać?")
    assert token_form < signed_form
    assert 'action="/sprawdz-sesje/podpis/"' in page
    # Both forms take the link's environment and NIP.
    assert page.count('value="1234563218"') == 2
    assert '<select name="signed-env"' in page


def test_the_form_page_speaks_english_too(client, db):
    page = client.get("/en/sprawdz-sesje/").content.decode()

    assert "No token, or rather not hand it over? Sign a login request" in page
    assert 'action="/en/sprawdz-sesje/podpis/"' in page


def test_a_challenge_makes_a_check_that_waits_for_the_signed_file(runner, client):
    check = runner.request_signature(OK.environment.value, OK.nip)

    assert (check.method, check.status) == (Method.SIGNATURE, Status.AWAITING_SIGNATURE)
    assert check.token_ciphertext == ""
    assert re.fullmatch(r"\d{8}-CR-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}", check.challenge)
    step = check.steps.get()
    assert (step.name, step.outcome, step.http_status, step.attempt) == ("challenge", "ok", 200, 0)

    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    expires = check.challenge_expires_at
    assert expires == sim_clock.now() + timedelta(minutes=10)
    assert "Wyzwanie KSeF jest ważne do <strong>10:10:00</strong>" in page
    assert 'data-seconds-left="600">10:00</span>' in page
    assert f'href="/sprawdz-sesje/{check.public_id}/AuthTokenRequest.xml"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="signed_file"' in page
    for way in ("sign-trusted-profile", "sign-qualified", "sign-ksef-certificate"):
        assert f'id="{way}"' in page
    assert "wybierz podpis wewnętrzny (otaczany, w tym samym pliku), nie zewnętrzny" in page
    # The simulator's environments say how to sign without gov.pl.
    assert "manage.py sign_auth_request AuthTokenRequest.xml" in page
    # No polling: the page waits for the user, not for a worker.
    assert 'hx-trigger="load delay' not in page
    # Nobody signed yet: the page names no signer.
    assert "Podpisujący" not in page
    assert "<script>" not in page and "style=" not in page


def test_the_file_to_sign_is_the_ministrys_schema_with_this_challenge_and_nip(runner, client):
    check = runner.request_signature(OK.environment.value, OK.nip)

    response = client.get(f"/sprawdz-sesje/{check.public_id}/AuthTokenRequest.xml")

    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == 'attachment; filename="AuthTokenRequest.xml"'
    assert schema_errors(response.content) == []
    root = etree.fromstring(response.content)
    ns = {"a": AUTH_TOKEN_NAMESPACE_V2_0}
    assert root.findtext("a:Challenge", namespaces=ns) == check.challenge
    assert root.findtext("a:ContextIdentifier/a:Nip", namespaces=ns) == OK.nip
    assert root.findtext("a:SubjectIdentifierType", namespaces=ns) == "certificateSubject"


def test_a_token_check_has_no_file_to_sign(runner, client):
    check = runner.start("ok")

    assert client.get(f"/sprawdz-sesje/{check.public_id}/AuthTokenRequest.xml").status_code == 404


@pytest.mark.django_db
def test_a_bad_nip_is_said_next_to_it_and_keeps_what_was_typed(client):
    response = client.post(
        "/sprawdz-sesje/podpis/", {"signed-env": "demo", "signed-nip": "123-456-32-19"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Cyfra kontrolna się nie zgadza" in page
    assert 'value="123-456-32-19"' in page
    assert '<option value="demo" selected>' in page
    assert SessionCheck.objects.count() == 0


def test_when_ksef_gives_no_challenge_nothing_is_stored_and_the_page_says_why(
    runner, client, settings
):
    settings.KSEF_BASE_URLS = {**settings.KSEF_BASE_URLS, "test": "http://127.0.0.1:9/v2"}

    response = client.post("/sprawdz-sesje/podpis/", {"signed-env": "test", "signed-nip": OK.nip})

    assert response.status_code == 503
    page = response.content.decode()
    assert "KSeF nie wydał teraz wyzwania" in page
    assert f'value="{OK.nip}"' in page
    assert SessionCheck.objects.count() == 0


def test_a_pause_ksef_asked_for_is_kept_without_calling_it(runner, client):
    until = sim_clock.now() + timedelta(minutes=3)
    pacing.honour_retry_after("test", pacing.ALL, until)

    response = client.post("/sprawdz-sesje/podpis/", {"signed-env": "test", "signed-nip": OK.nip})

    assert response.status_code == 503
    assert "Do 10:03:00 portal nie może pobrać wyzwania w tym środowisku" in (
        response.content.decode()
    )
    assert SessionCheck.objects.count() == 0


def test_asking_for_challenges_counts_against_the_starts_of_a_client(runner, client, settings):
    settings.CHECK_STARTS_PER_NIP_PER_HOUR = 2
    for _ in range(2):
        runner.request_signature(OK.environment.value, OK.nip)

    response = client.post("/sprawdz-sesje/podpis/", {"signed-env": "test", "signed-nip": OK.nip})

    assert response.status_code == 429
    assert SessionCheck.objects.count() == 2
