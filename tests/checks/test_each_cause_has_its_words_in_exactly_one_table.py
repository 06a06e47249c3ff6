"""The verdicts' words are kept in four tables by subject and joined into one; a cause written
into two tables would silently lose one of its texts to the other, so each cause must stand in
exactly one."""

from __future__ import annotations

from collections import Counter

from portal.checks.causes import Cause
from portal.checks.permission_verdicts import PERMISSION_VERDICTS
from portal.checks.signed_verdicts import SIGNED_VERDICTS
from portal.checks.stopped_verdicts import STOPPED_VERDICTS
from portal.checks.token_verdicts import TOKEN_VERDICTS

TABLES = (PERMISSION_VERDICTS, TOKEN_VERDICTS, STOPPED_VERDICTS, SIGNED_VERDICTS)


def test_each_cause_stands_in_exactly_one_table() -> None:
    counts = Counter(cause for table in TABLES for cause in table)

    assert {cause: counts[cause] for cause in Cause if counts[cause] != 1} == {}
