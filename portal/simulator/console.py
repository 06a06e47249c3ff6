"""What `make run` prints about the simulator: every scenario with what to type."""

from __future__ import annotations

from portal.simulator.scenarios import SCENARIOS


def describe_demo_scenarios() -> str:
    lines = [
        "KSeF simulator: enabled under /ksef-sim/ (scenario list at /ksef-sim/).",
        "Demo scenarios (environment, NIP, token -> expected diagnosis):",
    ]
    for scenario in SCENARIOS:
        lines.append(
            f"  {scenario.name:<28} {scenario.environment.value:<5} NIP {scenario.nip}  "
            f"-> {scenario.diagnosis}"
        )
        lines.append(f"      token: {scenario.token}")
    return "\n".join(lines)
