"""The simulator's human pages: the demo scenarios, and a form to grant a permission."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.simulator import clock, permissions
from portal.simulator.forms import GrantForm
from portal.simulator.models import Grant
from portal.simulator.scenarios import SCENARIOS

RECENT_GRANTS = 20


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
    return render(
        request,
        "simulator/index.html",
        {
            "scenarios": SCENARIOS,
            "form": form,
            "grants": Grant.objects.exclude(granted_at=None).order_by("-granted_at", "-id")[
                :RECENT_GRANTS
            ],
            "now": clock.now(),
        },
        status=400 if request.method == "POST" else 200,
    )
