from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.checks import pacing
from portal.checks import runner as runner_module

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


@pytest.mark.django_db
def test_every_documented_window_is_capped_for_one_nip(settings):
    # The portal's own minute share at KSeF's own minute limit: the other windows now bind.
    settings.CHECK_SESSION_CALLS_PER_MINUTE = 30
    nip = "1234563218"
    burst = [NOW + timedelta(milliseconds=50 * n) for n in range(10)]
    assert all(pacing.reserve_session_call("test", nip, at) is None for at in burst)
    # Ten in a second is the limit of POST /sessions/online, personal grants and token status.
    assert pacing.reserve_session_call("test", nip, NOW + timedelta(milliseconds=600)) == (
        NOW + timedelta(seconds=1)
    )
    # 120 an hour: 110 more, 20 a minute from the next minute on, fit every shorter window.
    later = [NOW + timedelta(seconds=60 + 3 * n) for n in range(110)]
    assert all(pacing.reserve_session_call("test", nip, at) is None for at in later)

    hour_full = pacing.reserve_session_call("test", nip, NOW + timedelta(seconds=600))

    assert hour_full == NOW + timedelta(hours=1)


@pytest.mark.django_db
def test_the_portal_address_makes_at_most_60_challenges_a_second_in_one_environment():
    assert all(pacing.reserve_authentication("test", NOW) is None for _ in range(60))

    assert pacing.reserve_authentication("test", NOW) == NOW + timedelta(seconds=1)
    assert pacing.reserve_authentication("demo", NOW) is None
    assert pacing.reserve_authentication("test", NOW + timedelta(seconds=1)) is None


@pytest.mark.django_db
def test_calls_are_remembered_for_the_longest_window():
    pacing.reserve_session_call("test", "1234563218", NOW)

    assert pacing.forget_old_calls(NOW + timedelta(minutes=59)) == 0
    assert pacing.forget_old_calls(NOW + timedelta(hours=1)) == 1


def test_a_check_whose_slot_went_while_it_authenticated_waits_without_opening_a_session(
    runner, settings, monkeypatch, step_names
):
    settings.CHECK_SESSION_CALLS_PER_MINUTE = 1
    authenticate = runner_module.authenticate

    def another_check_takes_the_slot_meanwhile(client, nip, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert pacing.reserve_session_call("test", nip, runner.clock.now()) is None
        return authenticate(client, nip, *args, **kwargs)

    monkeypatch.setattr(runner_module, "authenticate", another_check_takes_the_slot_meanwhile)
    check = runner.start("ok")
    check.refresh_from_db()

    # It opens no online session, and ends the authentication it got.
    assert step_names(check)[-4:] == ["access-token", "pacing", "auth-session-end", "retry"]
    assert check.status == "waiting"
