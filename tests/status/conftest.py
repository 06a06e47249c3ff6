from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from portal.lib import clock as portal_clock
from portal.simulator import clock as sim_clock
from tests.checks.conftest import SimulatedClock

START = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 09:00 in Warsaw


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[SimulatedClock]:
    """The portal's and the simulator's clocks, both frozen at START; tests move them together
    with ``frozen_clock.sleep(seconds)``."""
    sim_clock.freeze(START)
    clock = SimulatedClock()
    portal_clock.use(clock)
    yield clock
    portal_clock.use(portal_clock.SystemClock())
    sim_clock.unfreeze()


@pytest.fixture
def simulated_latarnia(live_server, settings, django_db_serialized_rollback) -> None:  # type: ignore[no-untyped-def]
    """Every environment's Latarnia is the simulator's. The live server needs a transactional
    database; serialized rollback keeps its flush from recreating the content types under new
    ids, which a later serialized-rollback test (tests/checks) would collide with."""
    settings.KSEF_LATARNIA_URLS = {
        env: f"{live_server.url}/ksef-sim/{env}/latarnia" for env in ("test", "demo", "prod")
    }
