from __future__ import annotations

import pytest

from portal.checks.models import SessionCheck
from tests.checks.factories import TOKEN


def start(client, nip="1234563218", address="203.0.113.5"):  # type: ignore[no-untyped-def]
    token = TOKEN.replace("1234563218", nip)
    return client.post(
        "/sprawdz-sesje/", {"env": "test", "nip": nip, "token": token}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_one_address_may_start_only_so_many_checks_an_hour(client, settings, simulated_clock):
    settings.CHECK_STARTS_PER_ADDRESS_PER_HOUR = 2
    assert start(client, nip="1234563218").status_code == 302
    assert start(client, nip="5260250274").status_code == 302

    response = start(client, nip="7740001454")

    assert response.status_code == 429
    assert "uruchomiono w ostatniej godzinie już 2 sprawdzeń" in response.content.decode()
    assert SessionCheck.objects.count() == 2
    assert start(client, nip="7740001454", address="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_one_client_may_check_one_nip_only_so_many_times_an_hour(client, settings, simulated_clock):
    settings.CHECK_STARTS_PER_NIP_PER_HOUR = 2
    assert start(client, address="203.0.113.1").status_code == 302
    assert start(client, address="203.0.113.1").status_code == 302

    response = start(client, address="203.0.113.1")

    assert response.status_code == 429
    assert "sprawdzano ten NIP w ostatniej godzinie już 2 razy" in response.content.decode()


@pytest.mark.django_db
def test_a_stranger_cannot_spend_a_companys_checks(client, settings, simulated_clock):
    settings.CHECK_STARTS_PER_NIP_PER_HOUR = 6
    for _ in range(6):
        start(client, address="198.51.100.66")
    assert start(client, address="198.51.100.66").status_code == 429

    assert start(client, address="203.0.113.10").status_code == 302


@pytest.mark.django_db
def test_client_address_is_stored_only_as_a_keyed_hash(client, simulated_clock):
    start(client, address="203.0.113.5")

    check = SessionCheck.objects.get()
    assert check.client_key
    assert "203.0.113.5" not in check.client_key
