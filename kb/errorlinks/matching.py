"""Which rule answers an error.

A rule's empty fields match anything. Among the active rules that match, the most specific wins:
a rule that names the error's code or reason beats one that does not (the code says more than
the HTTP status), then more fields filled in beats fewer; on a tie an exact endpoint beats a
pattern, a pattern with more fixed text beats a looser one, then the writers' priority decides,
then the older rule (lowest id), so the answer never depends on database order. The resulting
order is the one the catalogue promises: (endpoint, status, code or reason), then (status, code
or reason), then the code alone, then the status.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from kb.errorlinks.params import ErrorQuery, normalise_path

ANY_ENDPOINT = "*"


class RuleLike(Protocol):
    """What matching reads from a rule (ErrorRule, or anything shaped like it in tests)."""

    pk: Any
    status: int | None
    code: int | None
    reason_code: str
    method: str
    endpoint_pattern: str
    environment: str
    priority: int


R = TypeVar("R", bound=RuleLike)


def normalise_pattern(pattern: str) -> str:
    """The form rules are stored in: no /v2, lowercase, placeholders written as "*".

    "/v2/sessions/online/{referenceNumber}/close/" becomes "/sessions/online/*/close".
    """
    pattern = pattern.strip()
    if pattern in ("", ANY_ENDPOINT):
        return ANY_ENDPOINT
    pattern = re.sub(r"\{[^/{}]*\}", "*", pattern)
    # Stars survive path normalisation as identifiers would not, so swap them out and back.
    path = normalise_path(pattern.replace("*", "star-placeholder-x"))
    return path.replace("star-placeholder-x", "*") if path else ANY_ENDPOINT


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = (re.escape(p) for p in pattern.split("*"))
    return re.compile("^" + "[^/]+".join(parts) + "$")


def endpoint_matches(pattern: str, endpoint: str) -> bool:
    if pattern == ANY_ENDPOINT:
        return True
    return bool(endpoint and _pattern_regex(pattern).match(endpoint))


def matches(rule: RuleLike, query: ErrorQuery) -> bool:
    return (
        (rule.status is None or rule.status == query.status)
        and (rule.code is None or rule.code == query.code)
        and (not rule.reason_code or rule.reason_code == query.reason)
        and (not rule.method or rule.method == query.method)
        and (not rule.environment or rule.environment == query.environment)
        and endpoint_matches(rule.endpoint_pattern, query.endpoint)
    )


def specificity(rule: RuleLike) -> tuple[bool, int, int, int, int, int]:
    """Sort key: larger is more specific."""
    pattern = rule.endpoint_pattern
    fields = [
        rule.status is not None,
        rule.code is not None,
        bool(rule.reason_code),
        bool(rule.method),
        bool(rule.environment),
        pattern != ANY_ENDPOINT,
    ]
    if pattern == ANY_ENDPOINT:
        endpoint_rank, fixed_text = 0, 0
    else:
        endpoint_rank, fixed_text = (1 if "*" in pattern else 2), len(pattern.replace("*", ""))
    names_error = rule.code is not None or bool(rule.reason_code)
    return (names_error, sum(fields), endpoint_rank, fixed_text, rule.priority, -(rule.pk or 0))


def best_rule(rules: Iterable[R], query: ErrorQuery) -> R | None:
    """The winning rule for the error, or None when no rule matches."""
    if query.is_empty:
        # A rule made only of wildcards would otherwise answer links that say nothing.
        return None
    candidates = [rule for rule in rules if matches(rule, query)]
    return max(candidates, key=specificity, default=None)
