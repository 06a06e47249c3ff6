"""Anyone may start checks for any NIP with made-up tokens (six an hour per NIP from each client,
and a client is a /64 for IPv6). Such a check never gets past authentication, so it must spend
none of the NIP's KSeF calls: the context's slot is reserved only once authentication worked."""

from __future__ import annotations

from portal.checks import lifecycle
from portal.checks.causes import Cause
from portal.checks.models import SessionCheck, Status
from portal.simulator.scenarios import BY_NAME

OK = BY_NAME["ok"]


def start(client, clock, token: str, address: str) -> SessionCheck:  # type: ignore[no-untyped-def]
    data = {"env": OK.environment.value, "nip": OK.nip, "token": token}
    response = client.post("/sprawdz-sesje/", data, REMOTE_ADDR=address)
    assert response.status_code == 302, response.content.decode()[:2000]
    # The check worker takes each new check at once: its first attempt.
    lifecycle.run_due(clock)
    return SessionCheck.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def fake_token(n: int) -> str:
    return f"20251001-EC-{n:010d}-ABCDEF0123-45|nip-{OK.nip}|" + f"{n:02x}" * 32


def test_48_fake_token_checks_from_8_networks_do_not_push_a_real_check_back(runner, step_names):
    fakes = [
        start(
            runner.client,
            runner.clock,
            fake_token(8 * network + n),
            f"2001:db8:0:{network}::{n + 1}",
        )
        for network in range(8)
        for n in range(6)
    ]

    real = start(runner.client, runner.clock, OK.token, "203.0.113.5")

    real.refresh_from_db()
    assert (real.status, real.cause, real.attempts) == (Status.DONE, Cause.SESSION_OK, 1)
    assert "pacing" not in step_names(real)
    for fake in fakes:
        fake.refresh_from_db()
        assert fake.status == Status.DONE
        assert "session-open" not in step_names(fake)
    # KSeF does not know the token, and the other environments were not tried.
    assert {fake.cause for fake in fakes} == {Cause.TOKEN_UNRECOGNISED}
