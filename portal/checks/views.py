"""The session check's pages: the form (with a token, or without one: a request to sign), the
check's own page that polls itself, and for a check without a token its file and its upload."""

from __future__ import annotations

import contextlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.checks import lifecycle, presentation, queueing, signed
from portal.checks.forms import CheckForm, SignedCheckForm, SignedUploadForm
from portal.checks.models import SessionCheck, Status
from portal.checks.uploads import BoundedMemoryUpload
from portal.ksef.signed_request import MAX_SIGNED_REQUEST_BYTES
from portal.lib import clock, ratelimit


def _form_page(
    request: HttpRequest,
    form: CheckForm | None = None,
    signed_form: SignedCheckForm | None = None,
    status: int = 200,
) -> HttpResponse:
    initial = CheckForm.prefill(request.GET)
    context = {
        "form": form or CheckForm(initial=initial),
        "signed_form": signed_form or SignedCheckForm(initial=initial),
        **presentation.form_page(),
    }
    return render(request, "checks/new.html", context, status=status)


def _busy_page(
    request: HttpRequest, exc: queueing.PortalBusy, form: CheckForm | SignedCheckForm
) -> HttpResponse:
    """The form again, refused for a full queue, with the time to come back (Retry-After)."""
    form.add_error(None, presentation.busy_message(exc))
    if isinstance(form, CheckForm):
        response = _form_page(request, form, status=503)
    else:
        response = _form_page(request, signed_form=form, status=503)
    response["Retry-After"] = str(exc.retry_after_seconds)
    return response


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
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
        return _form_page(request, form, status=429)
    except queueing.PortalBusy as exc:
        return _busy_page(request, exc, form)
    return redirect("checks:detail", public_id=check.public_id)


@never_cache
@require_POST
def signed_new(request: HttpRequest) -> HttpResponse:
    """Without a token: ask KSeF for a challenge, then the check's page offers the file."""
    form = SignedCheckForm(request.POST)
    if not form.is_valid():
        return _form_page(request, signed_form=form, status=400)
    try:
        check = signed.request_challenge(
            form.cleaned_data["env"],
            form.cleaned_data["nip"],
            client_key=ratelimit.client_key(request),
            clock=clock.current(),
        )
    except lifecycle.TooManyChecks as exc:
        form.add_error(None, presentation.rate_limit_message(exc))
        return _form_page(request, signed_form=form, status=429)
    except queueing.PortalBusy as exc:
        return _busy_page(request, exc, form)
    except signed.ChallengeUnavailable as exc:
        form.add_error(None, presentation.challenge_unavailable_message(exc))
        return _form_page(request, signed_form=form, status=503)
    return redirect("checks:detail", public_id=check.public_id)


def _check_page(
    request: HttpRequest,
    check: SessionCheck,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
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
    if check.status == Status.AWAITING_SIGNATURE:
        context["signing"] = presentation.signing_panel(check, now)
        context["upload_form"] = SignedUploadForm(check, now)
    context.update(extra or {})
    return render(request, template, context, status=status)


def _checks() -> Any:
    return SessionCheck.objects.select_related("latarnia_reading").prefetch_related("steps")


@never_cache
@require_GET
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _check_page(request, get_object_or_404(_checks(), public_id=public_id))


@never_cache
@require_GET
def signed_document(request: HttpRequest, public_id: str) -> HttpResponse:
    """The unsigned AuthTokenRequest.xml, while the check waits for it signed."""
    check = get_object_or_404(SessionCheck, public_id=public_id)
    expires = check.challenge_expires_at
    if check.status != Status.AWAITING_SIGNATURE or expires is None:
        raise Http404("the check does not wait for a signed request")
    if clock.current().now() > expires:
        # Signing it now would only waste the signer's time: KSeF would refuse it (21111).
        raise Http404("the challenge expired")
    response = HttpResponse(signed.document(check), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{signed.FILENAME}"'
    return response


# The upload handlers must be in place before anything reads the body, which the CSRF check
# would: the view is exempt here and protected below, once they are set (Django's documented
# way to change upload handlers).
@csrf_exempt
@never_cache
@require_POST
def signed_upload(request: HttpRequest, public_id: str) -> HttpResponse:
    request.upload_handlers = [BoundedMemoryUpload(request, MAX_SIGNED_REQUEST_BYTES)]
    return _signed_upload(request, public_id)


@csrf_protect
@sensitive_variables()
def _signed_upload(request: HttpRequest, public_id: str) -> HttpResponse:
    check = get_object_or_404(_checks(), public_id=public_id)
    if check.status != Status.AWAITING_SIGNATURE:
        return redirect("checks:detail", public_id=check.public_id)
    now = clock.current().now()
    form = SignedUploadForm(check, now, request.POST, request.FILES)
    if not form.is_valid():
        return _check_page(request, check, {"upload_form": form}, status=400)
    # Another upload moved the check on first: its page says how it goes.
    with contextlib.suppress(signed.AlreadySent):
        signed.submit(check, form.cleaned_data["signed_file"], now)
    return redirect("checks:detail", public_id=check.public_id)
