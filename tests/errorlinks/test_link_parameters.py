from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from kb.errorlinks.params import ErrorQuery, parse_endpoint, parse_query, parse_time, to_params

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/sessions/online", ("", "/sessions/online", "")),
        ("sessions/online", ("", "/sessions/online", "")),
        ("/v2/sessions/online", ("", "/sessions/online", "")),
        ("/api/v2/sessions/online/", ("", "/sessions/online", "")),
        ("POST /sessions/online", ("POST", "/sessions/online", "")),
        ("post /v2/Sessions/Online?x=1#frag", ("POST", "/sessions/online", "")),
        (
            "https://api-demo.ksef.mf.gov.pl/v2/sessions/online",
            ("", "/sessions/online", "demo"),
        ),
        (
            "POST https://api.ksef.mf.gov.pl/v2/sessions/online/20251010-SO-2F3A4B5C6D-7E8F9A0B1C-D2/close",
            ("POST", "/sessions/online/{ref}/close", "prod"),
        ),
        ("https://ksef-test.mf.gov.pl/api/v2/auth/challenge", ("", "/auth/challenge", "test")),
        ("/auth/20250625-AU-2F4B000000-1B2C3D4E5F-01", ("", "/auth/{ref}", "")),
        ("https://example.com/v2/sessions/online", ("", "/sessions/online", "")),
        ("/sessions/<script>", ("", "", "")),
        ("", ("", "", "")),
        ("POST", ("POST", "", "")),
    ],
)
def test_endpoint_is_reduced_to_the_path_rules_match(raw, expected):
    assert parse_endpoint(raw) == expected


@pytest.mark.parametrize(
    ("raw", "env"),
    [("demo", "demo"), ("PRD", "prod"), ("produkcja", "prod"), ("Test", "test"), ("mars", "")],
)
def test_environment_aliases_are_understood(raw, env):
    assert parse_query({"env": raw}).environment == env


def test_environment_comes_from_the_endpoint_host_when_not_given():
    query = parse_query({"endpoint": "https://api-test.ksef.mf.gov.pl/v2/sessions/online"})
    assert query.environment == "test"


def test_reason_code_alone_implies_a_403():
    assert parse_query({"reason": "ip-not-allowed"}).status == 403


def test_nip_accepts_separators_and_prefix_and_rejects_other_lengths():
    assert parse_query({"nip": "PL 526-025-02-74"}).nip == "5260250274"
    assert parse_query({"nip": "123"}).nip == ""


def test_method_parameter_overrides_method_inside_endpoint():
    query = parse_query({"endpoint": "GET /sessions/online", "method": "post"})
    assert (query.method, query.endpoint) == ("POST", "/sessions/online")


def test_time_accepts_iso_with_offset_and_shows_warsaw_time():
    moment, clock = parse_time("2026-11-25T13:02:00Z")
    assert clock is None
    assert moment == datetime(2026, 11, 25, 14, 2, tzinfo=WARSAW)


def test_time_accepts_clock_and_unix_milliseconds():
    assert parse_time("14:02") == (None, time(14, 2))
    moment, _ = parse_time("1764075720000")
    assert moment is not None and moment.astimezone(WARSAW).strftime("%H:%M") == "14:02"


@pytest.mark.parametrize("raw", ["25:00", "yesterday", "2026-13-01", "0001-01-01T00:00:00+14:00"])
def test_impossible_times_are_dropped(raw):
    assert parse_time(raw) == (None, None)


def test_status_must_be_an_http_status_and_code_digits():
    query = parse_query({"status": "4033", "code": "21470x"})
    assert (query.status, query.code) == (None, None)
    assert parse_query({"status": "429", "code": "21470"}).code == 21470


def test_language_accepts_pl_and_en_only():
    assert parse_query({"lang": "EN"}).language == "en"
    assert parse_query({"lang": "de"}).language == ""


def test_to_params_writes_the_normalised_query_back():
    query = parse_query({"endpoint": "POST /v2/sessions/online", "env": "PRD", "status": "403"})
    assert to_params(query) == [
        ("status", "403"),
        ("method", "POST"),
        ("endpoint", "/sessions/online"),
        ("env", "prod"),
    ]
    assert to_params(ErrorQuery()) == []
