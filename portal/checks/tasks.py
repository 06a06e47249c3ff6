"""django-q2 entry points: thin wrappers that pass the check's id and the clock along.

A task receives only a check's id (or nothing): django-q2 keeps task arguments readable in its
tables and in the broker, so nothing secret may ever be one.
"""

from __future__ import annotations

from portal.checks import lifecycle
from portal.lib import clock


def run_check(check_id: int) -> None:
    lifecycle.run_check(check_id, clock.current())


def run_due_checks() -> str:
    return lifecycle.run_due(clock.current())
