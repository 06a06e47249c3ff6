from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections, transaction

from portal.checks import pacing
from portal.checks.models import PaceKey, SessionCall

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_forgetting_old_calls_drops_idle_keys_and_keeps_counted_ones():
    pacing.reserve_session_call("test", "1234563218", NOW)
    PaceKey.objects.create(environment="test", nip="5260250274")

    pacing.forget_old_calls(NOW + timedelta(seconds=30))

    assert list(PaceKey.objects.values_list("nip", flat=True)) == ["1234563218"]
    assert SessionCall.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forgetting_old_calls_skips_a_key_a_reservation_is_holding():
    if connection.vendor != "postgresql":
        pytest.skip("row locks exist on PostgreSQL; SQLite serialises every writer")
    key = PaceKey.objects.create(environment="test", nip="1234563218")
    holding = threading.Event()
    release = threading.Event()

    def in_flight_reservation() -> None:
        # Another web or worker process, half way through reserve_session_call.
        try:
            with transaction.atomic():
                PaceKey.objects.select_for_update().get(pk=key.pk)
                holding.set()
                release.wait(10)
                SessionCall.objects.create(key=key, at=NOW)
        finally:
            connections.close_all()

    reservation = threading.Thread(target=in_flight_reservation)
    reservation.start()
    try:
        assert holding.wait(10)
        forgetting = threading.Thread(target=pacing.forget_old_calls, args=(NOW,))
        forgetting.start()
        forgetting.join(5)
        assert not forgetting.is_alive(), "it waited for a key a reservation holds"
    finally:
        release.set()
        reservation.join(10)

    assert PaceKey.objects.filter(pk=key.pk).exists()
    assert SessionCall.objects.filter(key=key).count() == 1
