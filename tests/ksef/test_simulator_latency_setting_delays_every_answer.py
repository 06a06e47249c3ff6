from django.urls import reverse

from portal.simulator import api


def test_every_answer_waits_the_configured_latency(client, db, settings, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(api.time, "sleep", slept.append)
    settings.KSEF_SIMULATOR_LATENCY_MS = 250
    client.post(reverse("ksefsim:challenge", args=["test"]))
    settings.KSEF_SIMULATOR_LATENCY_MS = 0
    client.post(reverse("ksefsim:challenge", args=["test"]))
    assert slept == [0.25]


def test_the_spread_adds_a_random_extra_to_each_answer(client, db, settings, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(api.time, "sleep", slept.append)
    extras = iter([0.0, 300.0, 120.5])
    monkeypatch.setattr(api.random, "uniform", lambda low, high: next(extras))
    settings.KSEF_SIMULATOR_LATENCY_MS = 150
    settings.KSEF_SIMULATOR_LATENCY_SPREAD_MS = 300
    for _ in range(3):
        client.post(reverse("ksefsim:challenge", args=["test"]))
    assert slept == [0.15, 0.45, 0.2705]


def test_a_spread_alone_delays_up_to_its_value(client, db, settings, monkeypatch):
    slept: list[float] = []
    drawn: list[tuple[float, float]] = []
    monkeypatch.setattr(api.time, "sleep", slept.append)

    def uniform(low: float, high: float) -> float:
        drawn.append((low, high))
        return 40.0

    monkeypatch.setattr(api.random, "uniform", uniform)
    settings.KSEF_SIMULATOR_LATENCY_MS = 0
    settings.KSEF_SIMULATOR_LATENCY_SPREAD_MS = 100
    client.post(reverse("ksefsim:challenge", args=["test"]))
    assert drawn == [(0, 100)]
    assert slept == [0.04]
