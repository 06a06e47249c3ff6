"""Rules that hold between settings, registered by portal.apps: `manage.py check`, migrate,
runserver and qcluster run them, so a worker never starts with contradicting settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error


def task_timeout_below_broker_retry(**kwargs: Any) -> list[CheckMessage]:
    # django-q2's ORM broker hands a task it has not heard back from to a second worker after
    # `retry` seconds; the first one must have been stopped by `timeout` by then.
    timeout, retry = settings.Q_CLUSTER["timeout"], settings.Q_CLUSTER["retry"]
    if timeout < retry:
        return []
    return [
        Error(
            f"Q_CLUSTER['timeout'] ({timeout} s) must be below Q_CLUSTER['retry'] ({retry} s)",
            hint="Otherwise a second worker may run a task the first one is still running.",
            id="portal.E001",
        )
    ]


def link_check_fits_in_task_timeout(**kwargs: Any) -> list[CheckMessage]:
    # The budget is checked before each request, so the last one may still take both its
    # time-outs; past the task's timeout django-q2 kills the worker in the middle of the run.
    budget = settings.KB_LINK_CHECK_BUDGET_SECONDS
    connect, read = settings.KB_LINK_CHECK_CONNECT_SECONDS, settings.KB_LINK_CHECK_READ_SECONDS
    timeout = settings.Q_CLUSTER["timeout"]
    longest = budget + connect + read
    if longest < timeout:
        return []
    return [
        Error(
            "KB_LINK_CHECK_BUDGET_SECONDS + _CONNECT_SECONDS + _READ_SECONDS "
            f"({budget} + {connect} + {read} = {longest} s) must stay below the background "
            f"task time-out, Q_CLUSTER['timeout'] ({timeout} s)",
            hint="Otherwise the worker is killed in the middle of the weekly link check.",
            id="portal.E003",
        )
    ]


RULES = (
    task_timeout_below_broker_retry,
    link_check_fits_in_task_timeout,
)
