from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from portal.simulator import clock

START = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 09:00 in Warsaw


@pytest.fixture
def simulated_latarnia(live_server, settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Every environment's Latarnia is the simulator's, on a clock frozen at START."""
    settings.KSEF_LATARNIA_URLS = {
        env: f"{live_server.url}/ksef-sim/{env}/latarnia" for env in ("test", "demo", "prod")
    }
    clock.freeze(START)
    yield
    clock.unfreeze()
