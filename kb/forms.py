from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    revision = forms.IntegerField(min_value=1)
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Tak")), ("no", _("Nie"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Wybierz „Tak” albo „Nie”, żeby wysłać opinię.")},
    )
    comment = forms.CharField(required=False, max_length=2000)
