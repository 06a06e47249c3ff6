from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.checks import pacing

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_only_so_many_session_calls_a_minute_for_one_nip_across_all_checks(settings):
    settings.CHECK_SESSION_CALLS_PER_MINUTE = 3
    for second in (0, 10, 20):
        assert (
            pacing.reserve_session_call("test", "1234563218", NOW + timedelta(seconds=second))
            is None
        )

    free_at = pacing.reserve_session_call("test", "1234563218", NOW + timedelta(seconds=30))

    assert free_at == NOW + timedelta(seconds=60)
    assert pacing.reserve_session_call("demo", "1234563218", NOW + timedelta(seconds=30)) is None
    assert pacing.reserve_session_call("test", "5260250274", NOW + timedelta(seconds=30)) is None
    assert pacing.reserve_session_call("test", "1234563218", NOW + timedelta(seconds=61)) is None


@pytest.mark.django_db
def test_retry_after_holds_every_check_of_that_context():
    pacing.honour_retry_after("test", "1234563218", NOW + timedelta(seconds=90))

    assert pacing.reserve_session_call("test", "1234563218", NOW) == NOW + timedelta(seconds=90)
    assert pacing.blocked_until("test", "1234563218", NOW) == NOW + timedelta(seconds=90)
    assert pacing.reserve_session_call("test", "1234563218", NOW + timedelta(seconds=91)) is None


def test_a_paced_check_waits_without_calling_ksef(runner, settings):
    settings.CHECK_SESSION_CALLS_PER_MINUTE = 1
    first = runner.start("ok")
    second = runner.start("ok")
    second.refresh_from_db()

    assert first.steps.filter(name="session-open").count() == 1
    assert [step.name for step in second.steps.all()] == ["pacing", "retry"]
    assert second.status == "waiting"

    second = runner.until_done(second)
    assert second.cause == "session-ok"
