from __future__ import annotations

from datetime import timedelta

import pytest

from kb.errorlinks.lookup import record_miss
from kb.errorlinks.models import ErrorLinkMiss
from kb.errorlinks.params import parse_query

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_miss_is_counted_per_normalised_error(client, starter_rules):
    # Two readers: one reader counts an error once an hour.
    for endpoint, reader in [
        ("/v2/auth/challenge", "198.51.100.3"),
        ("https://api-demo.ksef.mf.gov.pl/v2/auth/challenge", "203.0.113.8"),
    ]:
        client.get(
            "/pomoc/blad/",
            {"code": "21111", "endpoint": endpoint, "env": "demo"},
            REMOTE_ADDR=reader,
        )
    miss = ErrorLinkMiss.objects.get()
    assert (miss.code, miss.endpoint, miss.environment, miss.count) == (
        "21111",
        "/auth/challenge",
        "demo",
        2,
    )


def test_miss_keeps_nothing_identifying(client, starter_rules):
    client.get(
        "/api/v1/help/",
        {
            "code": "21173",
            "endpoint": "/sessions/online/20251010-SO-2F3A4B5C6D-7E8F9A0B1C-D2/close",
            "nip": "5260250274",
            "trace": "trace-xyz",
            "time": "14:02",
        },
    )
    miss = ErrorLinkMiss.objects.get()
    assert miss.endpoint == "/sessions/online/{ref}/close"
    values = " ".join(str(v) for v in ErrorLinkMiss.objects.values().get().values())
    assert "5260250274" not in values
    assert "trace-xyz" not in values
    assert "2F3A4B5C6D" not in values


def test_matched_errors_and_empty_links_are_not_misses(client, starter_rules):
    client.get("/pomoc/blad/", {"status": "401"})
    client.get("/pomoc/blad/", {"endpoint": "/sessions/online", "env": "demo"})
    assert ErrorLinkMiss.objects.count() == 0


def test_first_and_last_seen_follow_the_clock(db):
    query = parse_query({"code": "21405"})
    record_miss(query, NOW)
    record_miss(query, NOW + timedelta(hours=2))
    miss = ErrorLinkMiss.objects.get()
    assert (miss.first_seen, miss.last_seen, miss.count) == (NOW, NOW + timedelta(hours=2), 2)


def test_new_misses_stop_at_the_cap_but_known_ones_still_count(db, settings):
    settings.ERRORLINKS_MISS_LOG_MAX_ROWS = 1
    record_miss(parse_query({"code": "21405"}), NOW)
    record_miss(parse_query({"code": "21406"}), NOW)
    record_miss(parse_query({"code": "21405"}), NOW)
    assert list(ErrorLinkMiss.objects.values_list("code", "count")) == [("21405", 2)]


def test_admin_lists_misses_most_frequent_first_with_a_link_to_add_a_rule(client, admin_user):
    record_miss(parse_query({"code": "21111"}), NOW)
    for _ in range(3):
        record_miss(parse_query({"status": "403", "endpoint": "/sessions/{x1}/invoices"}), NOW)
    client.force_login(admin_user)
    body = client.get("/admin/errorlinks/errorlinkmiss/").content.decode()
    assert body.index("/sessions/{ref}/invoices") < body.index("21111")
    assert "endpoint_pattern=%2Fsessions%2F%2A%2Finvoices" in body
