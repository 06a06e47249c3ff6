"""The forms that start a session check (with a KSeF token, or without one: the environment and
NIP of a request to sign, then the signed file). Each validates everything before anything runs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from portal.checks.models import SessionCheck
from portal.checks.nip import nip_checksum_ok, normalize_nip
from portal.ksef import signed_request
from portal.ksef.protocol import is_ksef1_token, parse_ksef_token
from portal.lib.environments import environment_choices

# Any token-like text: printable, no spaces, of a plausible length. KSeF's documented shape is
# checked first (protocol.parse_ksef_token); this only keeps out obvious mistakes (a NIP, a
# sentence, a pasted e-mail) when the shape changes.
_TOKEN_LIKE = re.compile(r"^[\x21-\x7e]{20,1000}$")
# The NIP part of a token of the observed shape, even when the other parts look different.
_NIP_IN_TOKEN = re.compile(r"\|nip-(\d{10})\|")


def nip_in_token(token: str) -> str | None:
    shape = parse_ksef_token(token)
    if shape is not None:
        return shape.nip
    match = _NIP_IN_TOKEN.search(token)
    return match.group(1) if match else None


class ContextForm(forms.Form):
    """The environment and the NIP: what both ways into the check ask first."""

    env = forms.ChoiceField(
        label=_("Środowisko KSeF"),
        choices=environment_choices,
        help_text=_("To, z którego Twój program dostał błąd 403."),
    )
    nip = forms.CharField(
        label=_("NIP podmiotu (kontekst)"),
        max_length=20,
        help_text=_("10 cyfr, np. 1234563218; kreski i spacje są dozwolone."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    @classmethod
    def prefill(cls, query: Mapping[str, Any]) -> dict[str, str]:
        """Initial values from a link (``?env=…&nip=…``). A token is never taken from a URL."""
        initial: dict[str, str] = {}
        env = str(query.get("env", "")).strip().lower()
        if env in dict(environment_choices()):
            initial["env"] = env
        nip = normalize_nip(str(query.get("nip", "")))[:10]
        if nip.isdigit():
            initial["nip"] = nip
        return initial

    def clean_nip(self) -> str:
        nip = normalize_nip(self.cleaned_data["nip"])
        if len(nip) != 10 or not nip.isdigit():
            raise forms.ValidationError(
                _("NIP ma 10 cyfr; wpisano: %(value)s."), params={"value": nip or "—"}
            )
        if not nip_checksum_ok(nip):
            raise forms.ValidationError(
                _("Cyfra kontrolna się nie zgadza: sprawdź, czy w NIP nie ma literówki.")
            )
        return nip


class SignedCheckForm(ContextForm):
    """The check without a token, first step: the portal asks KSeF for a challenge for this
    environment and NIP and offers the request to sign."""

    prefix = "signed"


class CheckForm(ContextForm):
    token = forms.CharField(
        label=_("Token KSeF"),
        max_length=1000,
        help_text=_(
            "Użyjemy go tylko do tego sprawdzenia: zaszyfrowany, usuwany po zakończeniu, nigdy "
            "nie pokazywany."
        ),
        # Never sent back to the browser, not even after a mistake in another field.
        widget=forms.PasswordInput(
            render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}
        ),
    )
    try_other_environments = forms.BooleanField(
        label=_(
            "Jeśli środowisko nie zna tokenu, spróbuj uwierzytelnić się nim w pozostałych "
            "środowiskach (bez otwierania sesji)"
        ),
        required=False,
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        # The last part of a 2.0 token looks the same: the message covers both.
        if is_ksef1_token(token):
            raise forms.ValidationError(
                _(
                    "To wygląda na token z KSeF 1.0 (64 znaki szesnastkowe). Tokeny z KSeF 1.0 "
                    "nie działają w KSeF 2.0: wygeneruj nowy token w Aplikacji Podatnika KSeF. "
                    "Token KSeF 2.0 ma postać „numer-referencyjny|nip-1234567890|64 znaki "
                    "szesnastkowe”; jeśli to tylko jego końcówka, wklej go w całości."
                ),
                code="ksef1-token",
            )
        if parse_ksef_token(token) is None and not _TOKEN_LIKE.match(token):
            raise forms.ValidationError(
                _(
                    "To nie wygląda na token KSeF. Token ma postać "
                    "„numer-referencyjny|nip-1234567890|64 znaki szesnastkowe” "
                    "i nie zawiera spacji."
                )
            )
        return token

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        nip, token = cleaned.get("nip"), cleaned.get("token")
        if nip and token:
            token_nip = nip_in_token(token)
            if token_nip and token_nip != nip:
                self.add_error(
                    "nip",
                    forms.ValidationError(
                        _(
                            "Ten token wydano dla NIP %(token_nip)s, a wpisano %(nip)s. Token "
                            "działa tylko w kontekście, dla którego go wygenerowano."
                        ),
                        params={"token_nip": token_nip, "nip": nip},
                        code="token-nip-mismatch",
                    ),
                )
        return cleaned


# Why an uploaded file is refused (portal.ksef.signed_request), in words for the page.
REFUSALS: dict[str, str | Promise] = {
    signed_request.FileTooLarge.reason: _(
        "Plik jest za duży (ponad %(limit)s KB). Podpisany wniosek ma zwykle kilka kilobajtów: "
        "wybierz plik AuthTokenRequest.xml po podpisaniu."
    ),
    signed_request.NotXml.reason: _(
        "To nie jest plik XML. Wyślij podpisany plik AuthTokenRequest.xml, nie PDF ani zrzut "
        "ekranu."
    ),
    signed_request.DoctypeForbidden.reason: _(
        "Plik zawiera deklarację DOCTYPE (DTD lub encje). Wniosek o logowanie nigdy jej nie ma, "
        "więc portal go nie czyta: podpisz ponownie plik pobrany z tej strony."
    ),
    signed_request.NotAuthTokenRequest.reason: _(
        "To nie jest wniosek o logowanie (AuthTokenRequest). Wyślij plik pobrany z tej strony "
        "po podpisaniu."
    ),
    signed_request.NotSigned.reason: _(
        "Plik nie ma podpisu. Podpisz pobrany AuthTokenRequest.xml i wyślij plik podpisany."
    ),
    signed_request.DetachedSignature.reason: _(
        "To podpis zewnętrzny (osobny plik podpisu), a KSeF przyjmuje tylko podpis zawarty "
        "w pliku XML. Podpisz wniosek jeszcze raz, wybierając podpis wewnętrzny (otaczany)."
    ),
    signed_request.OtherChallenge.reason: _(
        "Ten plik odpowiada na inne wyzwanie niż to sprawdzenie, na przykład wcześniej pobrany "
        "wniosek. Podpisz plik pobrany z tej strony."
    ),
    signed_request.OtherNip.reason: _(
        "Ten wniosek dotyczy innego NIP-u niż to sprawdzenie (%(nip)s). Podpisz plik pobrany "
        "z tej strony."
    ),
    signed_request.ChallengeExpired.reason: _(
        "Wyzwanie wygasło: od jego wydania minęło ponad 10 minut, więc KSeF nie przyjąłby już "
        "tego podpisu. Pobierz nowy wniosek i podpisz go ponownie."
    ),
}


class SignedUploadForm(forms.Form):
    """The check without a token, second step: the signed request, read strictly against the
    check's own challenge and NIP before anything is stored or sent."""

    signed_file = forms.FileField(
        label=_("Podpisany plik AuthTokenRequest.xml"),
        help_text=_("Plik XML z podpisem w środku, taki jak po podpisaniu go w aplikacji."),
    )

    def __init__(self, check: SessionCheck, now: datetime, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check
        self.now = now

    @sensitive_variables()
    def clean_signed_file(self) -> signed_request.SignedRequest:
        upload = self.cleaned_data["signed_file"]
        data = upload.read()
        issued = self.check.challenge_issued_at
        assert issued is not None
        try:
            return signed_request.read_signed_request(
                data,
                challenge=self.check.challenge,
                nip=self.check.nip,
                challenge_issued_at=issued,
                now=self.now,
            )
        except signed_request.SignedRequestRefused as refusal:
            message = str(REFUSALS[refusal.reason])
            params = {
                "limit": signed_request.MAX_SIGNED_REQUEST_BYTES // 1024,
                "nip": self.check.nip,
            }
            raise forms.ValidationError(message, code=refusal.reason, params=params) from None
