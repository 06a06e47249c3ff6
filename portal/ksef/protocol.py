"""Facts of the KSeF API v2 protocol, in one place for the client and the simulator alike."""

from __future__ import annotations

from enum import StrEnum


class Environment(StrEnum):
    TEST = "test"
    DEMO = "demo"
    PROD = "prod"


ENVIRONMENT_URLS: dict[Environment, str] = {
    Environment.TEST: "https://api-test.ksef.mf.gov.pl/v2",
    Environment.DEMO: "https://api-demo.ksef.mf.gov.pl/v2",
    Environment.PROD: "https://api.ksef.mf.gov.pl/v2",
}
