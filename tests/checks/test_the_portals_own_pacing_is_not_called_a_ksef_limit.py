"""When the check ends because the portal's own budget for a NIP is used up, the verdict says the
portal paused it and when the next try can be; only KSeF's own Retry-After is KSeF limiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal.checks.causes import Cause
from portal.checks.diagnosis import History, Observation, decide
from portal.checks.verdicts import explain, title

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LATE = History(created_at=NOW - timedelta(minutes=14), deadline=NOW + timedelta(seconds=30))


def test_the_portals_budget_ending_the_check_is_the_portals_pause():
    paced = Observation(paced_until_seconds=120)

    decision = decide(paced, LATE, nip="1234563218", environment="test", now=NOW)

    assert decision.cause == Cause.PORTAL_PACED
    assert decision.facts["retry_at"] == (NOW + timedelta(seconds=120)).isoformat()
    # Warsaw is an hour ahead of UTC in November.
    assert title(Cause.PORTAL_PACED, decision.facts) == (
        "Portal wstrzymał to sprawdzenie: kolejna próba możliwa ok. 10:02"
    )
    text = explain(Cause.PORTAL_PACED, decision.facts)
    assert "KSeF niczego tu nie ograniczył" in text
    assert "KSeF ogranicza" not in title(Cause.PORTAL_PACED, decision.facts)


def test_ksefs_own_retry_after_behind_the_pause_is_still_ksefs_limit():
    until = NOW + timedelta(seconds=1800)
    paced = Observation(paced_until_seconds=1800)

    decision = decide(paced, LATE, nip="1234563218", environment="test", now=NOW, not_before=until)

    assert decision.cause == Cause.RATE_LIMITED
    assert title(Cause.RATE_LIMITED, decision.facts).startswith("KSeF ogranicza wywołania")
