from __future__ import annotations

from urllib.parse import quote

import pytest

from kb.errorlinks.models import ErrorLinkMiss

pytestmark = pytest.mark.django_db

HOSTILE = [
    "x" * 100_000,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "403' OR '1'='1",
    "1; DROP TABLE errorlinks_errorrule; --",
    "ąęłńóśźż 😀 \u202e\u200b",
    "403\x00",
    "../../../etc/passwd",
    "%00%0d%0aSet-Cookie: x=1",
    "{{ settings.SECRET_KEY }}",
]
NAMES = ["status", "code", "reason", "endpoint", "method", "env", "nip", "trace", "time", "lang"]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("url", ["/pomoc/blad/", "/api/v1/help/"])
def test_hostile_values_in_every_parameter_never_break_the_page(client, starter_rules, url, value):
    response = client.get(url, {name: value for name in NAMES})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "onerror=alert" not in body
    assert "DROP TABLE" not in body
    assert "SECRET_KEY" not in body
    assert "\x00" not in body


def test_hostile_values_leave_nothing_in_the_miss_log(client, starter_rules):
    for value in HOSTILE:
        client.get("/api/v1/help/", {name: value for name in NAMES})
    assert ErrorLinkMiss.objects.count() == 0


def test_sql_looking_endpoint_is_dropped_but_the_status_still_answers(client, starter_rules):
    data = client.get(
        "/api/v1/help/", {"status": "401", "endpoint": "/x' UNION SELECT password FROM auth_user--"}
    ).json()
    assert data["matched"] is True
    assert data["error"]["endpoint"] is None


def test_repeated_parameters_use_the_last_value(client, starter_rules):
    data = client.get("/api/v1/help/?status=500&status=429").json()
    assert data["error"]["status"] == 429
    assert data["matched"] is True


def test_unknown_parameters_are_ignored(client, starter_rules):
    data = client.get("/api/v1/help/", {"status": "401", "utm_source": "app", "foo": "<b>"}).json()
    assert data["matched"] is True


def test_raw_percent_encoded_nul_and_bad_utf8_do_not_break_it(client, starter_rules):
    response = client.get("/pomoc/blad/?status=403%00&endpoint=%ff%fe&env=" + quote("démo"))
    assert response.status_code == 200


def test_values_are_escaped_where_they_are_shown(client, starter_rules):
    body = client.get(
        "/pomoc/blad/", {"status": "401", "q": "<i>x</i>", "trace": "a<b"}
    ).content.decode()
    assert "<i>x</i>" not in body
    assert "a<b" not in body


def test_thousands_of_parameters_get_a_client_error_not_a_server_error(client):
    response = client.get("/pomoc/blad/?" + "&".join(f"p{i}=1" for i in range(1500)))
    assert response.status_code == 400
