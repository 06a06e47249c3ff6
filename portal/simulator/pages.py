"""The simulator's human pages: the demo scenarios, a form to grant a permission, and one to make
the simulator's Latarnia announce a failure or a maintenance."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.simulator import auth_sessions, clock, demo_certificates, latarnia, permissions
from portal.simulator.forms import GrantForm, LatarniaForm
from portal.simulator.models import Grant, LatarniaEvent
from portal.simulator.scenarios import SCENARIOS
from portal.simulator.signed_scenarios import SIGNED_SCENARIOS

RECENT_GRANTS = 20
RECENT_EVENTS = 20


@require_http_methods(["GET", "POST"])
def scenario_list(request: HttpRequest) -> HttpResponse:
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        now = clock.now()
        data = form.cleaned_data
        permissions.grant(
            data["environment"],
            context_nip=data["context_nip"],
            authorized_type="Nip",
            authorized_value=data["authorized_nip"],
            permissions=[(data["permission"], "Nadane na stronie symulatora")],
            now=now,
            propagation_seconds=form.delay(),
        )
        messages.success(
            request,
            _("Nadano %(permission)s; widoczne dla nowych uwierzytelnień za %(seconds)s s.")
            % {"permission": data["permission"], "seconds": form.delay()},
        )
        return redirect("ksefsim:index")
    return _page(request, form, LatarniaForm())


@require_POST
def latarnia_form(request: HttpRequest) -> HttpResponse:
    form = LatarniaForm(request.POST)
    if not form.is_valid():
        return _page(request, GrantForm(), form)
    now = clock.now()
    data = form.cleaned_data
    environment, text = data["environment"], data["text"]
    if data["action"] == LatarniaForm.END_FAILURE:
        ended = latarnia.end_failures(environment, now=now)
        messages.success(request, _("Zakończono awarie: %(count)s.") % {"count": ended})
    elif data["action"] == LatarniaForm.ANNOUNCE_MAINTENANCE:
        start = now + timedelta(minutes=data["maintenance_in_minutes"] or 0)
        latarnia.announce_maintenance(
            environment,
            start=start,
            minutes=data["maintenance_minutes"] or 120,
            text=text or "Zaplanowane prace serwisowe; KSeF będzie niedostępny.",
            now=now,
        )
        messages.success(request, _("Ogłoszono prace serwisowe."))
    else:
        latarnia.start_failure(
            environment,
            total=data["action"] == LatarniaForm.START_TOTAL_FAILURE,
            text=text or "Wystąpiła awaria systemu KSeF. Trwają prace nad jej usunięciem.",
            now=now,
        )
        messages.success(request, _("Ogłoszono awarię."))
    return redirect("ksefsim:index")


def demo_certificate(request: HttpRequest, name: str, part: str) -> HttpResponse:
    """A demo certificate or its private key as a PEM file, for signing AuthTokenRequest."""
    if name not in demo_certificates.DOWNLOADABLE or part not in ("cert", "key"):
        raise Http404("no such demo file")
    issued = demo_certificates.demo(name)
    body = issued.certificate_pem if part == "cert" else issued.key_pem
    response = HttpResponse(body, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="ksef-sim-{name}-{part}.pem"'
    return response


def _signed_rows() -> list[dict[str, object]]:
    now = clock.now()
    return [
        {
            "scenario": scenario,
            "active_sessions": auth_sessions.active_session_count(
                scenario.environment.value, scenario.nip, now
            ),
        }
        for scenario in SIGNED_SCENARIOS
    ]


def _page(request: HttpRequest, grant_form: GrantForm, latarnia_form: LatarniaForm) -> HttpResponse:
    return render(
        request,
        "simulator/index.html",
        {
            "scenarios": SCENARIOS,
            "signed": _signed_rows(),
            "demo_pesel": demo_certificates.DEMO_PESEL,
            "form": grant_form,
            "latarnia_form": latarnia_form,
            "grants": Grant.objects.exclude(granted_at=None).order_by("-granted_at", "-id")[
                :RECENT_GRANTS
            ],
            "events": LatarniaEvent.objects.order_by("-published", "-pk")[:RECENT_EVENTS],
            "now": clock.now(),
        },
        status=400 if request.method == "POST" else 200,
    )
