from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.ksef.protocol import TESTDATA_PERMISSIONS, Environment, is_valid_nip


def _nip(value: str) -> str:
    value = value.strip().replace("-", "")
    if not is_valid_nip(value):
        raise forms.ValidationError(_("To nie jest poprawny NIP (10 cyfr z cyfrą kontrolną)."))
    return value


class GrantForm(forms.Form):
    """A permission grant, like POST /testdata/permissions, for people trying scenarios."""

    environment = forms.ChoiceField(
        label=_("Środowisko"), choices=[(env.value, env.value) for env in Environment]
    )
    context_nip = forms.CharField(label=_("NIP kontekstu (kto nadaje)"), max_length=13)
    authorized_nip = forms.CharField(label=_("NIP uprawnionego"), max_length=13)
    permission = forms.ChoiceField(
        label=_("Uprawnienie"), choices=[(p.value, p.value) for p in TESTDATA_PERMISSIONS]
    )
    propagation_seconds = forms.IntegerField(
        label=_("Opóźnienie propagacji (s)"), min_value=0, max_value=24 * 3600, required=False
    )

    def clean_context_nip(self) -> str:
        return _nip(self.cleaned_data["context_nip"])

    def clean_authorized_nip(self) -> str:
        return _nip(self.cleaned_data["authorized_nip"])

    def delay(self) -> int:
        value = self.cleaned_data.get("propagation_seconds")
        return settings.KSEF_SIMULATOR_PROPAGATION_SECONDS if value is None else int(value)


class LatarniaForm(forms.Form):
    """What the simulator's Latarnia should announce for one environment."""

    START_FAILURE = "start-failure"
    START_TOTAL_FAILURE = "start-total-failure"
    END_FAILURE = "end-failure"
    ANNOUNCE_MAINTENANCE = "announce-maintenance"

    environment = forms.ChoiceField(
        label=_("Środowisko"), choices=[(env.value, env.value) for env in Environment]
    )
    action = forms.ChoiceField(
        label=_("Co ogłosić"),
        choices=[
            (START_FAILURE, _("Początek awarii")),
            (START_TOTAL_FAILURE, _("Początek całkowitej awarii")),
            (END_FAILURE, _("Koniec awarii")),
            (ANNOUNCE_MAINTENANCE, _("Prace serwisowe")),
        ],
    )
    text = forms.CharField(label=_("Treść komunikatu"), max_length=500, required=False)
    maintenance_in_minutes = forms.IntegerField(
        label=_("Prace serwisowe zaczną się za (min)"),
        min_value=0,
        max_value=30 * 24 * 60,
        initial=60,
        required=False,
    )
    maintenance_minutes = forms.IntegerField(
        label=_("Prace serwisowe potrwają (min)"),
        min_value=1,
        max_value=7 * 24 * 60,
        initial=120,
        required=False,
    )
