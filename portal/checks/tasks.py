"""django-q2 entry points: thin wrappers that pass the clock along.

Checks themselves run in the check worker (`manage.py run_checks`), not in django-q2 tasks; a task
never receives anything secret: django-q2 keeps task arguments readable in its tables and broker.
"""

from __future__ import annotations

from portal.checks import lifecycle
from portal.lib import clock


def tidy_checks() -> str:
    return lifecycle.tidy(clock.current().now())
