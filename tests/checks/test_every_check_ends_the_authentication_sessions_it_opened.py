"""A check leaves nothing in the taxpayer's list of authentication sessions (auth/sesje.md): with
a token each attempt ends its own session at once (the next one authenticates afresh), also the
ones it opened in other environments with the user's consent; a signed check ends its one
session when it ends, however it ends. The step list shows each."""

from __future__ import annotations

from portal.checks import lifecycle
from portal.checks.models import Status
from portal.lib.environments import environment_choices
from portal.simulator import auth_sessions
from portal.simulator import clock as sim_clock


def active_everywhere(nip: str) -> int:
    now = sim_clock.now()
    return sum(
        auth_sessions.active_session_count(env, nip, now) for env, _label in environment_choices()
    )


def test_a_token_check_ends_the_session_of_every_attempt(runner, step_names):
    check = runner.start("propagation")
    check.refresh_from_db()
    assert check.status == Status.WAITING
    assert active_everywhere(check.nip) == 0

    check = runner.until_done(check)

    assert check.attempts == 4
    ended = check.steps.filter(name="auth-session-end", outcome="ok")
    assert sorted(ended.values_list("attempt", flat=True)) == [1, 2, 3, 4]
    assert active_everywhere(check.nip) == 0


def test_authentications_in_other_environments_are_ended_too(runner):
    check = runner.until_done(runner.start("wrong-environment", consent=True))

    assert check.facts["confirmed_in"] == "demo"
    assert check.steps.filter(name="auth-session-end", environment="demo").count() == 1
    assert active_everywhere(check.nip) == 0


def test_a_signed_check_ends_its_session_once_when_it_ends(runner):
    check = runner.until_done(runner.start_signed("signed-propagation"))

    assert check.steps.filter(name="auth-session-end", outcome="ok").count() == 1
    assert active_everywhere(check.nip) == 0


def test_a_signed_check_abandoned_while_waiting_still_ends_its_session(runner, settings):
    check = runner.start_signed("signed-propagation")
    check.refresh_from_db()
    assert check.status == Status.WAITING
    assert active_everywhere(check.nip) == 1

    # Long after the check's deadline, as if every worker had died in between.
    sim_clock.advance((check.deadline - sim_clock.now()).total_seconds() + 3600)
    lifecycle.run_due(runner.clock)
    check.refresh_from_db()

    assert check.status == Status.ABANDONED
    assert check.token_ciphertext == ""
    assert check.steps.filter(name="auth-session-end", outcome="ok").count() == 1
    assert active_everywhere(check.nip) == 0


def test_the_step_list_shows_the_session_ended(runner, client):
    check = runner.until_done(runner.start("ok"))

    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    assert "Zakończenie sesji uwierzytelnienia" in page
