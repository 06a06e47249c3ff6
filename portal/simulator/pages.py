"""The simulator's human page: the demo scenarios and what each should be diagnosed as."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.simulator.scenarios import SCENARIOS


def scenario_list(request: HttpRequest) -> HttpResponse:
    return render(request, "simulator/index.html", {"scenarios": SCENARIOS})
