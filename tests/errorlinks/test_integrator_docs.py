from __future__ import annotations

import pytest

from kb.errorlinks.integrators import PARAMETERS, RESPONSE_KEYS

pytestmark = pytest.mark.django_db


def test_docs_list_every_key_the_api_returns(client, starter_rules):
    payload = client.get("/api/v1/help/", {"status": "401"}).json()
    assert [k.name for k in RESPONSE_KEYS] == list(payload)
    body = client.get("/pomoc/dla-integratorow/").content.decode()
    for key in payload:
        assert f'id="key-{key}"' in body


def test_docs_list_every_parameter_the_link_reads(client):
    from kb.errorlinks.params import ErrorQuery, parse_query, to_params

    body = client.get("/pomoc/dla-integratorow/").content.decode()
    documented = {p.name for p in PARAMETERS}
    example = parse_query({p.name: p.example for p in PARAMETERS if p.example})
    assert {name for name, _ in to_params(example)} <= documented
    assert example != ErrorQuery()
    for name in documented:
        assert f'id="param-{name}"' in body


def test_docs_show_a_live_example_and_builders_for_common_languages(client, starter_rules):
    body = client.get("/pomoc/dla-integratorow/").content.decode()
    assert "http://127.0.0.1:8000/pomoc/blad/?status=403&amp;reason=missing-permissions" in body
    assert (
        "&quot;article_url&quot;: &quot;http://127.0.0.1:8000/artykul/blad-403-sessions-online/#propagation&quot;"
        in body
    )
    for language in ["curl", "Python", "C#", "JavaScript", "PHP", "Java"]:
        assert f">{language}</h3>" in body
    assert "Nigdy nie umieszczaj tokenu KSeF w linku." in body


def test_python_builder_from_the_docs_builds_a_link_the_portal_understands(client, starter_rules):
    from kb.errorlinks.integrators import samples

    source = next(
        s.code
        for s in samples("http://127.0.0.1:8000", "/pomoc/blad/", "/api/v1/help/")
        if s.language == "Python"
    )
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102 - our own documented snippet
    url = namespace["ksef_help_url"](
        api=True,
        status=403,
        reason="missing-permissions",
        endpoint="POST /sessions/online",
        nip=None,
    )
    data = client.get(url.removeprefix("http://127.0.0.1:8000")).json()
    assert data["rule"]["anchor"] == "propagation"


def test_docs_read_in_english_under_en(client):
    body = client.get("/en/pomoc/dla-integratorow/").content.decode()
    assert "Never put a KSeF token in a link." in body
    assert "a request with If-None-Match gets an empty 304" in body


def test_english_docs_show_the_live_example_in_english(client, starter_rules):
    body = client.get("/en/pomoc/dla-integratorow/").content.decode()
    assert "lang=en" in body
    assert "/en/artykul/error-403-sessions-online/#propagation" in body
