"""Finished checks from before the verdicts of issue 23 get the cause that now names what they
found, once: a token that activated during the check, and an environment that did not know the
token when no other was tried. Running the migration again changes nothing."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from portal.checks.models import Status
from tests.checks.conftest import START
from tests.checks.factories import make_check

MIGRATION = import_module("portal.checks.migrations.0006_verdicts_round_two")


def _done(cause: str, **facts: object):  # type: ignore[no-untyped-def]
    return make_check(START, status=Status.DONE, cause=cause, facts=facts)


@pytest.mark.django_db
def test_older_verdicts_move_to_the_causes_that_name_them():
    activated = _done("token-status", token_state="activated", minutes=3)
    revoked = _done("token-status", token_state="revoked")
    unconfirmed = _done("wrong-environment", environment="prod")
    confirmed = _done("wrong-environment", environment="prod", confirmed_in="demo")

    MIGRATION.name_what_older_checks_found(apps, None)
    MIGRATION.name_what_older_checks_found(apps, None)

    for check in (activated, revoked, unconfirmed, confirmed):
        check.refresh_from_db()
    assert [c.cause for c in (activated, revoked, unconfirmed, confirmed)] == [
        "token-activated",
        "token-status",
        "token-unrecognised",
        "wrong-environment",
    ]
    assert activated.facts == {"token_state": "activated", "minutes": 3}
