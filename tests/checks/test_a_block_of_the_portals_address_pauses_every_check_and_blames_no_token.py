"""KSeF's security service blocking the address the portal calls from is the portal's trouble:
the check says so and blames no token, the operator hears of it, and no other check of that
environment calls KSeF from the blocked address."""

from __future__ import annotations

import json
import logging

import pytest

from portal.checks import blocks
from portal.checks.causes import Cause
from portal.checks.diagnosis import Observation, blocks_portal, read
from portal.checks.models import AddressBlock
from portal.ksef.errors import KsefAuthFailed, KsefHttpError
from portal.ksef.protocol import AuthStatus
from tests.checks.conftest import START

PORTAL_IP = "203.0.113.7"


def block(client_ip: str | None, *, firewall: bool = False) -> KsefHttpError:
    body: dict[str, object] = {"status": 403, "detail": "blocked"}
    if firewall:
        body["title"] = "Request blocked"
    else:
        body.update(title="Forbidden", reasonCode="security-service-blocked")
    if client_ip:
        body["security"] = {"incidentId": "INC-1", "clientIp": client_ip}
    return KsefHttpError(
        status=403,
        method="POST",
        path="/sessions/online",
        content_type="application/problem+json",
        body=json.dumps(body),
        headers={},
    )


@pytest.mark.parametrize("firewall", [False, True])
def test_a_block_naming_the_address_ksef_saw_at_the_challenge_is_the_portals(firewall):
    assert blocks_portal(block(PORTAL_IP, firewall=firewall), PORTAL_IP)
    assert not blocks_portal(block("198.51.100.1", firewall=firewall), PORTAL_IP)
    assert not blocks_portal(block(None, firewall=firewall), PORTAL_IP)


def test_a_block_before_ksef_named_the_portals_address_can_only_be_of_the_address():
    # Met on the certificates or the challenge, which have no context.
    assert blocks_portal(block(PORTAL_IP), None)


def test_a_blocked_context_at_authentication_stays_the_users_security_block():
    blocked = KsefAuthFailed(AuthStatus(480, "Uwierzytelnienie zablokowane", ()), "ref")

    reading = read(Observation(auth_error=blocked), nip="1234563218", environment="test")

    assert reading.cause == Cause.SECURITY_BLOCK


def test_the_check_that_meets_the_block_says_it_is_the_portals_and_tells_the_operator(
    runner, client, caplog
):
    with caplog.at_level(logging.ERROR, logger="portal.checks"):
        check = runner.until_done(runner.start("security-blocked"))

    assert check.cause == Cause.PORTAL_BLOCKED
    assert check.facts["incident_id"].startswith("INC-")
    paused = AddressBlock.objects.get(environment="test")
    assert (paused.until - paused.since) == blocks.PAUSE
    assert paused.client_ip == "127.0.0.1"
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "blocked the portal's address 127.0.0.1 in test" in errors[0].getMessage()
    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert "KSeF zablokował adres portalu, a nie Twój token" in page
    assert "nic nie mówi o Twoim tokenie" in page
    assert "Zgłoś incydent Ministerstwu" not in page
    assert "Identyfikator incydentu do zgłoszenia" not in page
    status = client.get("/stan-ksef/").content.decode()
    assert 'id="portal-blocks"' in status
    assert check.facts["incident_id"] in status


def test_every_other_check_of_the_environment_waits_without_calling_ksef(runner, simulated_clock):
    runner.until_done(runner.start("security-blocked"))

    later = runner.until_done(runner.start("ok"))

    assert later.cause == Cause.PORTAL_BLOCKED
    assert [step.name for step in later.steps.all()] == ["portal-block"]
    assert later.facts["retry_at"] == AddressBlock.objects.get().until.isoformat()
    # Another environment has its own address block, or none.
    assert blocks.current("demo", simulated_clock.now()) is None


def test_the_pause_ends_and_the_next_check_calls_ksef_again(runner, simulated_clock):
    runner.until_done(runner.start("security-blocked"))
    simulated_clock.sleep(blocks.PAUSE.total_seconds() + 1)

    check = runner.until_done(runner.start("ok"))

    assert check.cause == Cause.SESSION_OK
    assert START < AddressBlock.objects.get().until < simulated_clock.now()
