from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kb import redaction


class FeedbackForm(forms.Form):
    revision = forms.IntegerField(min_value=1)
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Tak")), ("no", _("Nie"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Wybierz „Tak” albo „Nie”, żeby wysłać opinię.")},
    )
    comment = forms.CharField(required=False, max_length=2000)

    def clean_comment(self) -> str:
        # Writers read comments in admin: a token pasted with an error message is not kept.
        return redaction.redact(self.cleaned_data["comment"])
