"""The session check's pages: the form, and the check's own page that polls itself."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from portal.checks import lifecycle, presentation, queueing
from portal.checks.forms import CheckForm
from portal.checks.models import SessionCheck
from portal.lib import clock, ratelimit


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = CheckForm(initial=CheckForm.prefill(request.GET))
        return render(request, "checks/new.html", {"form": form, **presentation.form_page()})
    form = CheckForm(request.POST)
    if not form.is_valid():
        return render(request, "checks/new.html", {"form": form}, status=400)
    data = lifecycle.NewCheck(
        environment=form.cleaned_data["env"],
        nip=form.cleaned_data["nip"],
        token=form.cleaned_data["token"],
        try_other_environments=form.cleaned_data["try_other_environments"],
    )
    try:
        check = lifecycle.start_check(
            data, client_key=ratelimit.client_key(request), now=clock.current().now()
        )
    except lifecycle.TooManyChecks as exc:
        form.add_error(None, presentation.rate_limit_message(exc))
        return render(request, "checks/new.html", {"form": form}, status=429)
    except queueing.PortalBusy as exc:
        form.add_error(None, presentation.busy_message(exc))
        response = render(request, "checks/new.html", {"form": form}, status=503)
        response["Retry-After"] = str(exc.retry_after_seconds)
        return response
    return redirect("checks:detail", public_id=check.public_id)


@never_cache
@require_GET
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    checks = SessionCheck.objects.select_related("latarnia_reading").prefetch_related("steps")
    check = get_object_or_404(checks, public_id=public_id)
    now = clock.current().now()
    context = presentation.check_page(check, now=now, seen=request.GET.get("seen"))
    # django-htmx's middleware sets request.htmx; the poll asks for the fragment only.
    htmx = getattr(request, "htmx", False)
    template = "checks/detail.html#progress" if htmx else "checks/detail.html"
    context["page_title"] = _("Sprawdzenie sesji")
    if not htmx:
        # The page's top, outside the polled fragment: the poll stays within its queries (two,
        # three while a check waits: the environment-wide pause; two more while it is due: its
        # place in the queue and the workers' pace).
        context["latarnia"] = presentation.latarnia_banner(check, now)
    return render(request, template, context)
