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
