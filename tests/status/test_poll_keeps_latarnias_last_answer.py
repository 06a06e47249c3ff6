"""The every-minute poll keeps each environment's last Latarnia answer, and since when it holds."""

from __future__ import annotations

from datetime import timedelta

from portal.ksef.latarnia import Reading, Status
from portal.latarnia.models import LatarniaReading
from portal.latarnia.polling import poll_latarnia
from tests.status.conftest import START


def _kept() -> dict[str, tuple[str, object]]:
    return {r.environment: (r.status, r.since) for r in LatarniaReading.objects.all()}


def test_each_enabled_environment_gets_the_simulators_answer(client, simulated_latarnia, settings):
    settings.KSEF_ENVIRONMENTS = ["demo", "prod"]
    client.post(
        "/ksef-sim/latarnia/", {"environment": "demo", "action": "start-failure", "text": "Awaria"}
    )

    poll_latarnia(now=START)

    assert _kept() == {"demo": ("FAILURE", START), "prod": ("AVAILABLE", START)}
    demo = LatarniaReading.objects.get(environment="demo")
    assert [m.text for m in demo.current_messages(START)] == ["Awaria"]


def test_unknown_keeps_the_time_it_began_and_a_change_resets_it(db, settings):
    settings.KSEF_ENVIRONMENTS = ["prod"]
    answers = iter(
        [
            Reading(Status.AVAILABLE),
            Reading(Status.UNKNOWN, problem="GET /status: HTTP 502"),
            Reading(Status.UNKNOWN, problem="GET /status: no answer within 5 s"),
            Reading(Status.AVAILABLE),
        ]
    )
    times = [START + timedelta(minutes=n) for n in range(4)]

    poll_latarnia(now=times[0], read=lambda url: next(answers))
    poll_latarnia(now=times[1], read=lambda url: next(answers))
    poll_latarnia(now=times[2], read=lambda url: next(answers))
    kept = LatarniaReading.objects.get()
    assert (kept.status, kept.since, kept.read_at, kept.problem) == (
        "UNKNOWN",
        times[1],
        times[2],
        "GET /status: no answer within 5 s",
    )
    poll_latarnia(now=times[3], read=lambda url: next(answers))
    assert _kept() == {"prod": ("AVAILABLE", times[3])}


def test_environments_sharing_a_latarnia_ask_it_once(db, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo"]
    settings.KSEF_LATARNIA_URLS = {"test": "https://shared", "demo": "https://shared"}
    asked: list[str] = []

    poll_latarnia(now=START, read=lambda url: asked.append(url) or Reading(Status.MAINTENANCE))

    assert asked == ["https://shared"]
    assert _kept() == {"test": ("MAINTENANCE", START), "demo": ("MAINTENANCE", START)}
