"""/ksef-sim/ lists every demo scenario with the verdict a check of it gets, and the check gets
that very verdict."""

from __future__ import annotations

import pytest

from portal.checks.causes import Cause
from portal.simulator.scenarios import BY_NAME, SCENARIOS


def test_every_scenarios_diagnosis_is_a_verdict_of_the_check():
    assert {scenario.diagnosis for scenario in SCENARIOS} <= {str(cause) for cause in Cause}


@pytest.mark.django_db
def test_the_page_lists_the_429_scenario_as_a_rate_limit(client):
    page = client.get("/ksef-sim/").content.decode()

    card = page[page.index('id="rate-limited"') :]
    card = card[: card.index("</li>")]
    assert "<code>rate-limited</code>" in card
    assert "ksef-unavailable" not in card


@pytest.mark.parametrize(
    ("name", "consent"),
    [
        ("rate-limited", False),
        ("security-blocked", False),
        ("firewall-403", False),
        ("pending", False),
        ("session-not-closed", False),
        ("gateway-403", False),
        ("html-403", False),
        ("auth-unknown-error", False),
        ("redeem-in-progress", False),
        ("js-challenge", False),
        ("wrong-environment", True),
    ],
)
def test_a_check_of_the_scenario_gets_the_diagnosis_the_page_lists(runner, name, consent):
    check = runner.until_done(runner.start(name, consent=consent))

    assert check.cause == BY_NAME[name].diagnosis
