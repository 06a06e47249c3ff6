from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils.html import escape

from portal.ksef.errors import KsefHttpError
from portal.simulator import clock, permissions
from portal.simulator.console import describe_demo_scenarios
from portal.simulator.models import Grant, SimToken
from portal.simulator.scenarios import BY_NAME, SCENARIOS


def test_testdata_grant_becomes_visible_only_to_a_fresh_authentication_after_propagation(
    scenarios, ksef_client, contract_sessions
):
    scenario = BY_NAME["propagation"]
    client = ksef_client()
    grant = {
        "contextIdentifier": {"type": "Nip", "value": scenario.token_nip},
        "authorizedIdentifier": {"type": "Nip", "value": scenario.author_nip},
        "permissions": [{"permissionType": "InvoiceWrite", "description": "Wysyłka faktur"}],
    }
    # Take the scenario's own delayed grant out of play: only the testdata grant may help.
    SimToken.objects.filter(scenario="propagation").update(
        permissions=["InvoiceRead", "InvoiceWrite"]
    )
    Grant.objects.filter(scenario="propagation", permission="InvoiceWrite").delete()
    response = contract_sessions[0].post(f"{client.base_url}/testdata/permissions", json=grant)
    assert response.status_code == 200

    clock.advance(599)
    auth = client.authenticate_with_token(scenario.nip, scenario.token)
    with pytest.raises(KsefHttpError):
        client.open_online_session(auth.tokens.access_token)
    clock.advance(1)
    fresh = client.authenticate_with_token(scenario.nip, scenario.token)
    assert client.open_online_session(fresh.tokens.access_token).reference_number


def test_testdata_exists_only_on_the_test_environment(scenarios, client):
    response = client.post(
        "/ksef-sim/demo/v2/testdata/permissions", data="{}", content_type="application/json"
    )
    assert response.status_code == 404


def test_loading_scenarios_twice_resets_them_without_duplicates(db):
    call_command("load_simulator_scenarios")
    call_command("load_simulator_scenarios")
    installed = [s for s in SCENARIOS if s.token_environment is not None]
    assert SimToken.objects.count() == len(installed)


def test_scenario_page_lists_every_token_nip_and_what_it_shows(scenarios, client):
    page = client.get("/ksef-sim/").content.decode()
    for scenario in SCENARIOS:
        assert scenario.token in page
        assert scenario.nip in page
        assert escape(str(scenario.shows)) in page
        assert f"<code>{scenario.diagnosis}</code>" in page


def test_console_lists_every_scenario_with_its_token():
    text = describe_demo_scenarios()
    for scenario in SCENARIOS:
        assert scenario.name in text and scenario.token in text and scenario.nip in text


def test_grant_form_records_a_grant_visible_after_the_chosen_delay(scenarios, client):
    response = client.post(
        "/ksef-sim/",
        {
            "environment": "test",
            "context_nip": BY_NAME["ok"].nip,
            "authorized_nip": BY_NAME["no-rights"].nip,
            "permission": "InvoiceWrite",
            "propagation_seconds": "90",
        },
    )
    grant = Grant.objects.get(authorized_value=BY_NAME["no-rights"].nip)
    assert response.status_code == 302
    assert (grant.permission, (grant.visible_at - grant.granted_at).total_seconds()) == (
        "InvoiceWrite",
        90,
    )
    assert "jeszcze niewidoczne" in client.get("/ksef-sim/").content.decode()


def test_grant_form_refuses_a_bad_nip_and_records_nothing(scenarios, client):
    before = Grant.objects.count()
    response = client.post(
        "/ksef-sim/",
        {
            "environment": "test",
            "context_nip": "1234567890",
            "authorized_nip": BY_NAME["ok"].nip,
            "permission": "InvoiceWrite",
        },
    )
    assert response.status_code == 400
    assert "poprawny NIP" in response.content.decode()
    assert Grant.objects.count() == before


def test_personal_grants_filter_selects_the_entity_that_granted_not_the_login_context(
    scenarios, ksef_client
):
    owner, granting = BY_NAME["ok"], BY_NAME["no-rights"]
    # Another entity lets the owner's entity issue invoices for it.
    permissions.grant(
        "test",
        context_nip=granting.nip,
        authorized_type="Nip",
        authorized_value=owner.nip,
        permissions=[("InvoiceWrite", "Wystawianie faktur w imieniu")],
        now=clock.now(),
        propagation_seconds=0,
    )
    client = ksef_client()
    access = client.authenticate_with_token(owner.nip, owner.token).tokens.access_token

    by_granting = client.personal_grants(access, context_nip=granting.nip).grants
    by_login_context = client.personal_grants(access, context_nip=owner.nip).grants

    assert [(g.permission_scope, g.context_identifier.value) for g in by_granting] == [  # type: ignore[union-attr]
        ("InvoiceWrite", granting.nip)
    ]
    assert by_login_context == ()
