from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from portal.ksef.protocol import TOKEN_PERMISSIONS, parse_ksef_token
from portal.simulator import clock
from portal.simulator.models import (
    AccessToken,
    AuthOperation,
    Grant,
    KeyPair,
    OnlineSession,
    SimToken,
    Subject,
    digest,
)


class SimTokenForm(forms.ModelForm):
    """Set a token's text once: only its digest is kept, as for any token the simulator sees."""

    token = forms.CharField(
        label="Token text",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="<reference number>|nip-<NIP>|<64 hex>; leave empty to keep the current one.",
    )
    permissions = forms.MultipleChoiceField(
        choices=[(p.value, p.value) for p in TOKEN_PERMISSIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SimToken
        fields = [
            "environment",
            "token",
            "reference_number",
            "nip",
            "author_nip",
            "permissions",
            "status",
            "pending_seconds",
            "description",
            "fault",
            "scenario",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Taken from the token text when it has the usual shape.
        self.fields["reference_number"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("token") and self.instance.pk is None:
            self.add_error("token", "A new token needs its text.")
        shape = parse_ksef_token(cleaned.get("token") or "")
        if shape is not None and not cleaned.get("reference_number"):
            cleaned["reference_number"] = shape.reference_number
        if not cleaned.get("reference_number"):
            self.add_error("reference_number", "Give the token's reference number.")
        return cleaned

    def save(self, commit: bool = True) -> SimToken:
        token: SimToken = super().save(commit=False)
        if self.cleaned_data.get("token"):
            token.token_digest = digest(self.cleaned_data["token"])
        if token.created_at is None:
            token.created_at = clock.now()
        if commit:
            token.save()
        return token


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["nip", "environment", "description"]
    list_filter = ["environment"]


@admin.register(SimToken)
class SimTokenAdmin(admin.ModelAdmin):
    list_display = ["reference_number", "environment", "nip", "author_nip", "status", "fault"]
    list_filter = ["environment", "status", "fault"]
    form = SimTokenForm

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"environment": "test", "status": "Active", "permissions": ["InvoiceWrite"]}


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = [
        "context_nip",
        "authorized_value",
        "permission",
        "environment",
        "granted_at",
        "visible_at",
    ]
    list_filter = ["environment", "permission"]


@admin.register(AuthOperation)
class AuthOperationAdmin(admin.ModelAdmin):
    list_display = ["reference_number", "environment", "context_nip", "status_code", "redeemed"]
    list_filter = ["environment", "status_code"]
    exclude = ["authentication_token_digest", "refresh_token_digest"]


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["operation", "environment", "context_nip", "valid_until", "fault"]
    exclude = ["token_digest", "refresh_token_digest"]


@admin.register(OnlineSession)
class OnlineSessionAdmin(admin.ModelAdmin):
    list_display = ["reference_number", "environment", "context_nip", "opened_at", "closed_at"]


@admin.register(KeyPair)
class KeyPairAdmin(admin.ModelAdmin):
    list_display = ["public_key_id", "environment", "usage", "valid_to", "retired"]
    exclude = ["private_key_pem"]
