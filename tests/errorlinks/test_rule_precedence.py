from __future__ import annotations

from dataclasses import dataclass

import pytest

from kb.errorlinks.matching import best_rule, endpoint_matches, normalise_pattern
from kb.errorlinks.params import parse_query


@dataclass
class Rule:
    pk: int
    status: int | None = None
    code: int | None = None
    reason_code: str = ""
    method: str = ""
    endpoint_pattern: str = "*"
    environment: str = ""
    priority: int = 0


def winner(rules, **params):
    rule = best_rule(rules, parse_query(params))
    return rule.pk if rule else None


def test_more_filled_fields_beat_fewer():
    rules = [
        Rule(1, status=403),
        Rule(2, status=403, endpoint_pattern="/sessions/online"),
        Rule(3, status=403, reason_code="missing-permissions", endpoint_pattern="/sessions/online"),
    ]
    assert winner(rules, status="403", endpoint="/sessions/online") == 2
    assert (
        winner(rules, status="403", reason="missing-permissions", endpoint="/v2/sessions/online")
        == 3
    )
    assert winner(rules, status="403", endpoint="/auth/challenge") == 1


def test_exact_endpoint_beats_pattern_and_pattern_beats_any():
    rules = [
        Rule(1, status=403, endpoint_pattern="*", environment="demo"),
        Rule(2, status=403, endpoint_pattern="/sessions/online/*/close"),
        Rule(3, status=403, endpoint_pattern="/sessions/online/{ref}/close"),
    ]
    # Rule 1 has as many fields as 2 and 3 (environment instead of endpoint) but no endpoint.
    query = {"status": "403", "env": "demo", "endpoint": "/sessions/online/20251010-SO-1/close"}
    assert winner(rules, **query) == 3
    assert winner(rules[:2], **query) == 2


def test_longer_fixed_text_beats_a_looser_pattern():
    rules = [
        Rule(1, status=400, endpoint_pattern="/sessions/*/*/close"),
        Rule(2, status=400, endpoint_pattern="/sessions/online/*/close"),
    ]
    assert winner(rules, status="400", endpoint="/sessions/online/X1/close") == 2


def test_priority_then_lowest_id_break_ties():
    rules = [Rule(5, status=429), Rule(4, status=429), Rule(6, status=429, priority=1)]
    assert winner(rules, status="429") == 6
    assert winner(rules[:2], status="429") == 4


def test_rule_fields_must_all_match():
    rules = [Rule(1, status=403, environment="prod"), Rule(2, code=450, method="GET")]
    assert winner(rules, status="403", env="demo") is None
    assert winner(rules, code="450", endpoint="POST /auth/x1") is None
    assert winner(rules, code="450", endpoint="GET /auth/x1") == 2


def test_a_link_without_status_code_or_reason_matches_nothing():
    assert winner([Rule(1)], endpoint="/sessions/online", env="demo") is None
    assert winner([Rule(1)], status="500") == 1


@pytest.mark.parametrize(
    ("pattern", "stored"),
    [
        ("", "*"),
        ("*", "*"),
        ("/v2/sessions/online/{referenceNumber}/close/", "/sessions/online/*/close"),
        ("Sessions/Online", "/sessions/online"),
        ("/api/v2/auth/*", "/auth/*"),
    ],
)
def test_patterns_are_stored_normalised(pattern, stored):
    assert normalise_pattern(pattern) == stored


def test_star_matches_exactly_one_segment():
    assert endpoint_matches("/sessions/online/*/close", "/sessions/online/{ref}/close")
    assert not endpoint_matches("/sessions/online/*", "/sessions/online/{ref}/close")
    assert not endpoint_matches("/sessions/online", "")
    assert endpoint_matches("*", "")
