"""What the check's page shows, computed from the stored check: the template only lays it out."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.checks import pacing, queueing
from portal.checks.attempts import Attempt, attempts_of, step_views, time_of_day
from portal.checks.causes import Cause
from portal.checks.config import get_config
from portal.checks.lifecycle import TooManyChecks
from portal.checks.models import SessionCheck, Status, StepName
from portal.checks.readings import RetryReason
from portal.checks.signed import ChallengeUnavailable
from portal.checks.verdicts import VERDICTS, explain, next_steps, title
from portal.ksef.latarnia import Status as LatarniaStatus
from portal.ksef.protocol import Environment
from portal.ksef.signer import SignerIdentifierType
from portal.latarnia import reports
from portal.lib.environments import environment_choices, environment_label, uses_simulator


def _stamp(moment: datetime) -> str:
    """Date, time and zone, "2026-11-25 10:00:00 CET (UTC+01:00)": unambiguous anywhere."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()} (UTC{offset[:3]}:{offset[3:]})"


def attempts_at_most(check: SessionCheck, now: datetime) -> int:
    """The most attempts the check can make: the ones made, plus one per retry interval left
    before its deadline (fewer when KSeF asks for longer pauses)."""
    interval = get_config().retry_interval
    if check.status == Status.WAITING and check.next_attempt_at is not None:
        return check.attempts + 1 + max(0, (check.deadline - check.next_attempt_at) // interval)
    if check.status == Status.QUEUED:
        return 1 + max(0, (check.deadline - now) // interval)
    return check.attempts + max(0, (check.deadline - now) // interval)


WAITING_FOR = {
    RetryReason.PACED: gettext_lazy("czekamy na wolne miejsce w limicie wywołań KSeF dla tego NIP"),
    RetryReason.PROPAGATION: gettext_lazy("uprawnienia jeszcze niewidoczne w KSeF"),
    RetryReason.RATE_LIMITED: gettext_lazy("KSeF prosi o przerwę (HTTP 429)"),
    RetryReason.ACTIVATION: gettext_lazy("token jeszcze nie jest aktywny"),
    RetryReason.CERTIFICATE_CHECK: gettext_lazy(
        "KSeF wciąż sprawdza certyfikat podpisu u jego wystawcy (OCSP lub CRL)"
    ),
}


def _waiting_for(check: SessionCheck, attempt: Attempt | None) -> str:
    """Why the check waits, in words: the reason decide gave, or for KSeF's own trouble the call
    that met it, with its codes."""
    if check.retry_reason in WAITING_FOR:
        return str(WAITING_FOR[RetryReason(check.retry_reason)])
    failed = attempt.failed if attempt else None
    if failed is None:
        return ""
    codes = ", ".join(failed.clues)
    return failed.announcement + (f" ({codes})" if codes else "")


def duration_words(seconds: float) -> str:
    """A wait rounded up: to 5 s under a minute, else to whole minutes."""
    rounded = max(5, math.ceil(seconds / 5) * 5)
    if rounded < 60:
        return _("%(s)s s") % {"s": rounded}
    return _("%(m)s min") % {"m": math.ceil(seconds / 60)}


def queue_words(standing: queueing.Standing) -> str:
    """A due check's place in the queue and its expected wait."""
    wait = standing.wait_seconds
    if wait is None:
        return _(
            "W kolejce: miejsce %(place)s. Czas oczekiwania podamy, gdy skończą się pierwsze "
            "próby innych sprawdzeń."
        ) % {"place": standing.place}
    return _("W kolejce: miejsce %(place)s. Szacowany czas oczekiwania: ok. %(wait)s.") % {
        "place": standing.place,
        "wait": duration_words(wait),
    }


def queue_basis(standing: queueing.Standing) -> str:
    """What the expected wait was computed from, so the estimate can be judged."""
    seconds = standing.pace.attempt_seconds
    if seconds is None:
        return ""
    return _(
        "Szacunek z bieżącej pracy portalu: prób w toku teraz: %(running)s; średni czas próby "
        "w ostatnich %(minutes)s min: %(seconds)s s."
    ) % {
        "running": standing.pace.running,
        "minutes": round(queueing.RECENT.total_seconds() / 60),
        "seconds": formats.number_format(seconds, 1),
    }


def progress_words(
    check: SessionCheck,
    attempt: Attempt | None,
    now: datetime,
    standing: queueing.Standing | None = None,
) -> str:
    """The state of a check still under way, in words that stay the same from one poll to the
    next (the countdown is apart), so a screen reader is told each change once. ``standing``:
    the check's place in the queue, given while it is due."""
    if check.status == Status.QUEUED:
        if standing is None:
            return str(_("Sprawdzenie czeka w kolejce."))
        return queue_words(standing)
    most = attempts_at_most(check, now)
    if check.status == Status.RUNNING:
        return _("Próba %(n)s z maks. %(most)s w toku…") % {"n": check.attempts, "most": most}
    if check.status != Status.WAITING:
        return ""
    values = {"n": check.attempts, "most": most, "why": _waiting_for(check, attempt)}
    if values["why"]:
        words = _("Próba %(n)s z maks. %(most)s: %(why)s.") % values
    else:
        words = _("Próba %(n)s z maks. %(most)s zakończona.") % values
    if check.next_attempt_at is None or check.next_attempt_at <= now:
        return f"{words} {queue_words(standing) if standing else _('Następna lada chwila.')}"
    return f"{words} {_('Następna o %(time)s.') % {'time': time_of_day(check.next_attempt_at)}}"


def support_summary(
    check: SessionCheck, attempts: list[Attempt], *, result: str, environment: str
) -> str:
    """The check as plain text to paste into a message to a vendor or a helpdesk. Built only
    from what the check stored, which never holds the token."""
    lines = [
        _("Sprawdzenie sesji KSeF (Portal pomocy KSeF)"),
        f"{_('Identyfikator sprawdzenia')}: {check.public_id}",
        f"{_('Środowisko')}: {environment}",
        f"NIP: {check.masked_nip}",
        f"{_('Rozpoczęto')}: {_stamp(check.created_at)}",
        f"{_('Wynik')}: {result}",
    ]
    if check.is_signed:
        lines.insert(4, f"{_('Logowanie')}: {check.get_method_display()}")
        if signer_label(check):
            lines.insert(5, f"{_('Podpisujący')}: {signer_label(check)}")
        if check.auth_reference:
            lines.insert(6, f"{_('Numer referencyjny uwierzytelnienia')}: {check.auth_reference}")
    for attempt in attempts:
        view = attempt.call
        codes = [f"{name} {value}" for name, value in view.codes if name != "X-System-Warning"]
        lines.append(f"{attempt.title(view)}: {'; '.join([view.announcement, *codes])}")
    return "\n".join(str(line) for line in lines)


def latarnia_quote(check: SessionCheck) -> dict[str, Any] | None:
    """What Latarnia reported when the verdict fell: the status named, and the messages current
    then; None when the verdict quotes nothing."""
    reading = check.latarnia_reading
    if reading is None:
        return None
    return {
        "status": reports.LABELS[LatarniaStatus(reading.status)],
        "messages": reading.current_messages(check.finished_at or reading.read_at),
    }


def latarnia_banner(check: SessionCheck, now: datetime) -> reports.Report | None:
    """Latarnia's failure or maintenance now, for the top of the check's page; None when there
    is none, or when the verdict already quotes that very reading (during an outage the page
    would otherwise say it twice)."""
    current = reports.disruption(check.environment, now)
    if current is not None and current.reading_id == check.latarnia_reading_id:
        return None
    return current


SIGNER_TYPES = {
    SignerIdentifierType.PESEL: "PESEL",
    SignerIdentifierType.NIP: "NIP",
    SignerIdentifierType.FINGERPRINT: gettext_lazy("odcisk certyfikatu"),
}


def signer_label(check: SessionCheck) -> str:
    """Who signed, as KSeF reads the certificate ("PESEL 85*******46"); a PESEL stays masked."""
    if not check.signer:
        # Before the upload there is nobody to name yet.
        unread = check.is_signed and check.status != Status.AWAITING_SIGNATURE
        return str(_("nieodczytany z certyfikatu")) if unread else ""
    kind = SIGNER_TYPES.get(SignerIdentifierType(check.signer_type), check.signer_type)
    return f"{kind} {check.signer}"


def verdict_facts(check: SessionCheck) -> dict[str, Any]:
    """The facts a verdict's words are filled from: the check's own (its NIP, who signed, its
    authentication) under what the attempts found."""
    known: dict[str, Any] = {"nip": check.nip}
    if check.is_signed:
        known.update(signer=signer_label(check), auth_reference=check.auth_reference)
    return {**known, **check.facts}


def signing_panel(check: SessionCheck, now: datetime) -> dict[str, Any]:
    """What the page shows a check without a token while it waits for the signed request: the
    file, the challenge's expiry in words and for the countdown, and the ways to sign."""
    expires = check.challenge_expires_at
    assert expires is not None
    left = max(0, int((expires - now).total_seconds()))
    simulated = uses_simulator(check.environment)
    return {
        "document_url": reverse("checks:signed_document", args=[check.public_id]),
        "upload_url": reverse("checks:signed_upload", args=[check.public_id]),
        "expires_at": expires,
        "expires_clock": time_of_day(expires),
        "seconds_left": left,
        "left": f"{left // 60}:{left % 60:02d}",
        "expired": left == 0,
        "nip": check.nip,
        "environment_label": environment_label(check.environment),
        # Self-signed certificates work on TEST only (uwierzytelnianie.md).
        "self_signed_ok": check.environment == Environment.TEST,
        "simulator": _simulator_links() if simulated else None,
    }


def _simulator_links() -> dict[str, str] | None:
    try:
        return {
            "index": reverse("ksefsim:index") + "#signed",
            "cert": reverse("ksefsim:demo_certificate", args=["person", "cert"]),
            "key": reverse("ksefsim:demo_certificate", args=["person", "key"]),
        }
    except NoReverseMatch:
        return None


def certificate_check_note(check: SessionCheck) -> bool:
    """Whether to say that KSeF checks the certificate with its issuer first: on DEMO and PROD it
    does for every signed login (uwierzytelnianie.md, section 3), which can take a while."""
    return check.is_signed and check.is_active and check.environment != Environment.TEST


def check_page(check: SessionCheck, *, now: datetime, seen: str | None) -> dict[str, Any]:
    steps = step_views(check)
    attempts = attempts_of(steps)
    try:
        seen_count = max(0, int(seen or 0))
    except ValueError:
        seen_count = 0
    news = steps[seen_count:] if seen else []
    # Only what is new since the browser's last look, so each change is announced once.
    announcements = [view.announcement for view in news if view.step.name != StepName.RETRY]
    standing = queueing.standing(check, now) if queueing.in_queue(check, now) else None
    progress = progress_words(check, attempts[-1] if attempts else None, now, standing)
    if news and check.status == Status.WAITING:
        announcements.append(progress)
    verdict = None
    result = progress or str(check.get_status_display())
    if check.status == Status.DONE and check.cause:
        cause = Cause(check.cause)
        facts = verdict_facts(check)
        verdict = {
            "cause": cause,
            "title": title(cause, facts),
            "explanation": explain(cause, facts),
            "next_steps": next_steps(cause, facts),
            "sources": VERDICTS[cause].sources,
            "tone": check.tone,
            "permissions": check.facts.get("permissions") or [],
            # An incident to report is the user's only when their context was blocked; a block
            # of the portal's address is the operator's to report.
            "incident_id": check.facts.get("incident_id")
            if cause == Cause.SECURITY_BLOCK
            else None,
            "trace_id": check.facts.get("trace_id"),
            "latarnia": latarnia_quote(check),
        }
        result = f"{verdict['title']}. {verdict['explanation']}"
        if seen is not None:
            announcements.append(verdict["title"])
    elif not check.is_active and seen is not None:
        announcements.append(str(check.get_status_display()))
    environment = environment_label(check.environment)
    next_in = check.seconds_to_next_attempt(now)
    return {
        "check": check,
        "attempts": attempts,
        "step_count": len(steps),
        "verdict": verdict,
        "progress": progress,
        "queue": standing,
        "queue_basis": queue_basis(standing) if standing else "",
        "countdown": _("za ok. %(s)s s") % {"s": next_in} if next_in else "",
        "summary": support_summary(check, attempts, result=result, environment=environment),
        "announcements": announcements,
        "environment_label": environment,
        "signer": signer_label(check),
        "certificate_check_note": certificate_check_note(check),
        "poll_delay": get_config().poll_delay_seconds,
        # KSeF asked (429 on /auth/challenge) to pause every check of the environment; such a
        # check waits (its attempt is paced), so only a waiting check's page asks.
        "paused_until": (
            pacing.blocked_until(check.environment, pacing.ALL, now)
            if check.status == Status.WAITING
            else None
        ),
    }


# The starter articles the form page links to, by their Polish slugs: the article page sends a
# reader of the other language to its translation, and a renamed slug redirects.
SIGNED_ARTICLE = "sprawdzenie-bez-tokena"
TOKENS_ARTICLE = "tokeny-ksef"


def form_page() -> dict[str, Any]:
    """Extras of the form page: the articles behind the way without a token, and where the
    simulator's demo tokens are, when it is in use."""
    extras: dict[str, Any] = {
        "signed_article_slug": SIGNED_ARTICLE,
        "tokens_article_slug": TOKENS_ARTICLE,
    }
    simulated = any(uses_simulator(name) for name, _label in environment_choices())
    if not simulated:
        return extras
    try:
        return {**extras, "simulator_url": reverse("ksefsim:index")}
    except NoReverseMatch:
        return extras


def challenge_unavailable_message(exc: ChallengeUnavailable) -> str:
    if exc.until is not None:
        return _(
            "Do %(time)s portal nie może pobrać wyzwania w tym środowisku: KSeF poprosił o "
            "przerwę (HTTP 429) albo limit wywołań z adresu portalu jest wyczerpany. Spróbuj "
            "ponownie po tej godzinie."
        ) % {"time": time_of_day(exc.until)}
    return _(
        "KSeF nie wydał teraz wyzwania (%(failure)s). Nic nie zostało zapisane; spróbuj ponownie "
        "za chwilę."
    ) % {"failure": exc.failure or "—"}


def busy_message(exc: queueing.PortalBusy) -> str:
    return _(
        "Portal sprawdza teraz więcej sesji, niż zdąży obsłużyć: nowe sprawdzenie czekałoby w "
        "kolejce ok. %(wait)s, a ma na swoje próby %(window)s min. Niczego nie zapisaliśmy. "
        "Spróbuj ponownie o %(time)s."
    ) % {
        "wait": duration_words(exc.wait_seconds),
        "window": round(get_config().retry_window.total_seconds() / 60),
        "time": f"{timezone.localtime(exc.come_back_at):%H:%M}",
    }


def rate_limit_message(exc: TooManyChecks) -> str:
    if exc.kind == "nip":
        return _(
            "Z Twojego adresu sprawdzano ten NIP w ostatniej godzinie już %(limit)s razy. Żeby nie "
            "narazić go na blokadę w KSeF, kolejne sprawdzenie będzie możliwe później."
        ) % {"limit": exc.limit}
    return _(
        "Z Twojego adresu uruchomiono w ostatniej godzinie już %(limit)s sprawdzeń. Spróbuj "
        "ponownie za jakiś czas."
    ) % {"limit": exc.limit}
