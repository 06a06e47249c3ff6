"""Checks written before steps had a transport and waiting checks a reason get them from what
the runner wrote then, once: running the migration again changes nothing."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps

from portal.checks.models import Outcome, Status, StepName
from tests.checks.conftest import START
from tests.checks.factories import add_step, make_check

MIGRATION = import_module("portal.checks.migrations.0004_step_transport_and_retry_reason")


def _migrate() -> None:
    MIGRATION.fill_transport(apps, None)
    MIGRATION.fill_retry_reason(apps, None)


@pytest.mark.django_db
def test_old_steps_get_their_transport_from_their_detail():
    check = make_check(START, status=Status.DONE, attempts=1)
    steps = {
        "timeout": add_step(check, StepName.CHALLENGE, Outcome.FAIL, detail="timeout: read"),
        "connection": add_step(check, StepName.CHALLENGE, Outcome.FAIL, detail="connection: x"),
        # KSeF's own words that happen to start alike: it answered.
        "answered-auth": add_step(
            check, StepName.AUTH_STATUS, Outcome.FAIL, auth_status=450, detail="timeout: x"
        ),
        "answered": add_step(check, StepName.SESSION_OPEN, Outcome.OK, http_status=201),
        "": add_step(check, StepName.RETRY, Outcome.WAIT, detail="60 s"),
    }

    _migrate()
    _migrate()

    for step in steps.values():
        step.refresh_from_db()
    assert {key: step.transport for key, step in steps.items()} == {
        "timeout": "timeout",
        "connection": "connection",
        "answered-auth": "answered",
        "answered": "answered",
        "": "",
    }


@pytest.mark.django_db
def test_a_waiting_check_gets_its_reason_from_its_last_attempt():
    def waiting(attempts: int = 2, **fields: object):  # type: ignore[no-untyped-def]
        return make_check(
            START,
            status=Status.WAITING,
            attempts=attempts,
            next_attempt_at=START + timedelta(minutes=1),
            **fields,
        )

    propagation, limited, paced, activation = waiting(), waiting(), waiting(), waiting()
    transient, done = waiting(), make_check(START, status=Status.DONE, attempts=2)
    add_step(propagation, StepName.SESSION_OPEN, Outcome.FAIL, http_status=429, attempt=1)
    add_step(propagation, StepName.SESSION_OPEN, Outcome.FAIL, reason_code="missing-permissions")
    add_step(limited, StepName.SESSION_OPEN, Outcome.FAIL, http_status=429)
    add_step(paced, StepName.PACING, Outcome.WAIT, detail="20 s")
    activation.denied_for = "activation"
    activation.save()
    add_step(activation, StepName.AUTH_STATUS, Outcome.FAIL, auth_status=450)
    add_step(transient, StepName.SESSION_OPEN, Outcome.FAIL, http_status=503)
    add_step(done, StepName.SESSION_OPEN, Outcome.FAIL, http_status=503)

    _migrate()
    # A reason set since (by the check's next attempt) is left as it is by a second run.
    limited.refresh_from_db()
    limited.retry_reason = "paced"
    limited.save()
    _migrate()

    for check in (propagation, limited, paced, activation, transient, done):
        check.refresh_from_db()
    assert [propagation.retry_reason, limited.retry_reason, paced.retry_reason] == [
        "propagation",
        "paced",
        "paced",
    ]
    assert [activation.retry_reason, transient.retry_reason, done.retry_reason] == [
        "activation",
        "ksef-transient",
        "",
    ]
