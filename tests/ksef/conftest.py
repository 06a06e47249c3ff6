from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from portal.ksef.client import KsefClient
from portal.simulator import clock
from portal.simulator.installing import install_scenarios
from tests.ksef.contract import ContractSession

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _simulator_settings(settings):  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.ksef.urls"
    settings.KSEF_SIMULATOR_AUTH_SECONDS = 0
    settings.KSEF_SIMULATOR_PROPAGATION_SECONDS = 600
    settings.KSEF_SIMULATOR_PENDING_SECONDS = 300
    settings.KSEF_SIMULATOR_SLOW_SECONDS = 0.6
    settings.KSEF_SIMULATOR_RETRY_AFTER_SECONDS = 30
    settings.KSEF_SIMULATOR_CERTIFICATE_CHECK_SECONDS = 0
    settings.KSEF_SIMULATOR_LATENCY_MS = 0
    settings.KSEF_SIMULATOR_LATENCY_SPREAD_MS = 0


@pytest.fixture(autouse=True)
def sim_clock() -> Iterator[None]:
    """The simulator's clock, frozen at START; tests move it with clock.advance()."""
    clock.freeze(START)
    yield
    clock.unfreeze()


@pytest.fixture
def scenarios(transactional_db, django_db_serialized_rollback):  # type: ignore[no-untyped-def]
    return install_scenarios()


@pytest.fixture
def contract_sessions() -> Iterator[list[ContractSession]]:
    """Every ContractSession a test made; at the end none may have seen a contract violation."""
    made: list[ContractSession] = []
    yield made
    # Closing the keep-alive connections lets the live server's threads finish while the
    # in-memory SQLite connection is still shared with them.
    for session in made:
        session.close()
    violations = [v for session in made for v in session.violations]
    assert violations == [], violations


@pytest.fixture
def ksef_client(
    live_server, django_db_serialized_rollback, contract_sessions: list[ContractSession]
) -> Callable[..., KsefClient]:  # type: ignore[no-untyped-def]
    """make(env="test", timeout=5) -> a KsefClient talking to the live simulator over HTTP,
    through a session that validates every exchange against the OpenAPI document."""

    # Django's test server writes headers and body separately; without TCP_NODELAY every
    # answer waits ~40 ms for a delayed ACK. Accepted sockets inherit the option on Linux.
    live_server.thread.httpd.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def make(env: str = "test", timeout: float = 5.0) -> KsefClient:
        base_url = f"{live_server.url}/ksef-sim/{env}/v2"
        session = ContractSession(base_url)
        contract_sessions.append(session)
        return KsefClient(base_url, timeout=timeout, session=session, now=clock.now)

    return make
