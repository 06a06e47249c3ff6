"""Each KSeF client a check makes (an attempt, the other environments tried, a signed check's
challenge, the end of its authentication session) closes its connections when it is done with
them: a check worker running thousands of checks would otherwise hold their sockets open until
the garbage collector found them."""

from __future__ import annotations

from portal.checks import runner as check_runner
from portal.checks.causes import Cause
from portal.ksef.client import KsefClient
from portal.lib.clock import Clock


def clients_made(monkeypatch) -> list[tuple[KsefClient, list[bool]]]:  # type: ignore[no-untyped-def]
    """Every client the checks make from now on, each with a flag set when it is closed."""
    made: list[tuple[KsefClient, list[bool]]] = []
    real = check_runner.new_client

    def recording(environment: str, clock: Clock) -> KsefClient:
        client = real(environment, clock)
        closed: list[bool] = []
        close = client.close

        def closing() -> None:
            closed.append(True)
            close()

        client.close = closing  # type: ignore[method-assign]
        made.append((client, closed))
        return client

    monkeypatch.setattr(check_runner, "new_client", recording)
    return made


def test_a_token_check_closes_the_client_of_each_attempt(runner, monkeypatch):
    made = clients_made(monkeypatch)

    check = runner.until_done(runner.start("propagation"))

    assert check.cause == Cause.PROPAGATION
    assert len(made) >= 2  # one client per attempt
    assert [closed for _, closed in made] == [[True]] * len(made)


def test_the_other_environments_tried_close_their_clients_too(runner, monkeypatch):
    made = clients_made(monkeypatch)

    check = runner.until_done(runner.start("wrong-environment", consent=True))

    assert check.cause == Cause.WRONG_ENVIRONMENT
    assert len({client.base_url for client, _ in made}) == 3  # the chosen one and both others
    assert [closed for _, closed in made] == [[True]] * len(made)


def test_a_signed_check_closes_the_clients_of_its_challenge_attempts_and_logout(
    runner, monkeypatch
):
    made = clients_made(monkeypatch)

    check = runner.until_done(runner.start_signed("signed-propagation"))

    assert check.cause == Cause.PROPAGATION, (check.cause, check.facts)
    assert len(made) >= 3  # the challenge, the attempts, the authentication session's end
    assert [closed for _, closed in made] == [[True]] * len(made)
