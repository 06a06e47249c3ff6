"""/auth/challenge is limited per address, and every check shares the portal's address: KSeF's
429 there pauses every check of that environment, and their pages say until when."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from portal.checks import pacing, runner
from portal.checks.models import Status
from portal.ksef.errors import KsefHttpError
from portal.lib.clock import SystemClock, use
from tests.checks.factories import FixedClock, make_check

OTHER_NIP = "5260250274"


def too_many(path: str, seconds: int) -> KsefHttpError:
    return KsefHttpError(
        status=429,
        method="POST",
        path=path,
        content_type="application/problem+json",
        body='{"status": 429, "title": "Too Many Requests"}',
        headers={"Retry-After": str(seconds)},
    )


@pytest.fixture
def now() -> Iterator[datetime]:
    moment = timezone.now().replace(microsecond=0)
    use(FixedClock(moment))
    yield moment
    use(SystemClock())


@pytest.mark.django_db
def test_a_challenge_429_pauses_every_check_of_that_environment(client, now):
    limited = make_check(now, status=Status.RUNNING)
    other = make_check(now, nip=OTHER_NIP, status=Status.WAITING, next_attempt_at=now)

    runner.remember_retry_after(limited, too_many("/auth/challenge", 1800), now)

    until = now + timedelta(seconds=1800)
    assert pacing.reserve_session_call("test", OTHER_NIP, now) == until
    assert pacing.reserve_session_call("demo", OTHER_NIP, now) is None
    page = client.get(f"/sprawdz-sesje/{other.public_id}/").content.decode()
    local = timezone.localtime(until).strftime("%H:%M")
    assert f"wszystkie sprawdzenia w tym środowisku czekają do {local}" in page


@pytest.mark.django_db
def test_a_429_on_a_context_limited_call_pauses_only_that_nip(client, now):
    limited = make_check(now, status=Status.RUNNING)
    other = make_check(now, nip=OTHER_NIP, status=Status.WAITING, next_attempt_at=now)

    runner.remember_retry_after(limited, too_many("/sessions/online", 1800), now)

    assert pacing.reserve_session_call("test", limited.nip, now) == now + timedelta(seconds=1800)
    assert pacing.reserve_session_call("test", OTHER_NIP, now) is None
    assert (
        "wszystkie sprawdzenia"
        not in client.get(f"/sprawdz-sesje/{other.public_id}/").content.decode()
    )
