"""django-q2 entry points: thin wrappers that pass the check's id and the clock along.

Each task receives only a check's id (or nothing): django-q2 keeps task arguments readable in
its tables and in the broker, so nothing secret may ever be one.
"""

from __future__ import annotations

from portal.checks import clock, lifecycle


def run_check(check_id: int) -> None:
    lifecycle.run_check(check_id, clock.current())


def sweep_checks() -> str:
    report = lifecycle.sweep(clock.current().now())
    return (
        f"requeued {report.requeued}, abandoned {report.abandoned}, "
        f"redispatched {report.redispatched}, tokens erased {report.tokens_erased}"
    )


def purge_checks() -> str:
    return f"deleted {lifecycle.purge(clock.current().now())}"
