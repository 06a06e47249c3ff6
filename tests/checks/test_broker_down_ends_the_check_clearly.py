from __future__ import annotations

import pytest
import redis

from portal.checks.models import SessionCheck, Status
from tests.checks.factories import TOKEN


@pytest.mark.django_db
def test_check_that_cannot_be_queued_says_so_and_drops_the_token(
    client, monkeypatch, simulated_clock
):
    def broker_down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise redis.exceptions.ConnectionError("Connection refused")

    monkeypatch.setattr("portal.checks.lifecycle.async_task", broker_down)

    response = client.post(
        "/sprawdz-sesje/", {"env": "demo", "nip": "1234563218", "token": TOKEN}, follow=True
    )

    check = SessionCheck.objects.get()
    assert check.status == Status.NOT_STARTED
    assert check.token_ciphertext == ""
    assert check.steps.get().detail == "ConnectionError"
    body = response.content.decode()
    assert "Nie udało się uruchomić sprawdzenia" in body
    assert 'href="/sprawdz-sesje/?env=demo"' in body
    assert 'id="check-progress" hx-get' not in body
