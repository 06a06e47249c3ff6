"""Support staff's view of checks: steps, codes and verdict; never the token."""

from __future__ import annotations

from django.contrib import admin

from portal.checks.models import AddressBlock, CheckStep, SessionCheck
from portal.lib.admin import ReadOnlyAdmin


class CheckStepInline(ReadOnlyAdmin, admin.TabularInline):
    model = CheckStep
    extra = 0
    fields = readonly_fields = (
        "attempt",
        "environment",
        "name",
        "outcome",
        "transport",
        "started_at",
        "duration_ms",
        "http_status",
        "auth_status",
        "reason_code",
        "exception_codes",
        "trace_id",
        "system_warning",
        "server",
        "azure_ref",
        "cdn",
        "detail",
        "permissions",
    )


@admin.register(SessionCheck)
class SessionCheckAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    deletable = True
    list_display = [
        "public_id",
        "environment",
        "masked_nip",
        "status",
        "cause",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "cause", "environment", "method"]
    # Users quote the id from their page; support can also look up an exact NIP.
    search_fields = ["=public_id", "=nip"]
    date_hierarchy = "created_at"
    # The token's ciphertext and the client-address hash are deliberately absent.
    fields = readonly_fields = (
        "public_id",
        "environment",
        "masked_nip",
        "method",
        "try_other_environments",
        "status",
        "cause",
        "tone",
        "facts",
        "latarnia_reading",
        "attempts",
        "created_at",
        "next_attempt_at",
        "lease_until",
        "deadline",
        "finished_at",
        "retry_reason",
        "first_denied_at",
        "denied_for",
        "denied_detail",
        "transient_failures",
        # A check without a token: nothing secret (the signed request and its tokens are in the
        # ciphertext, absent here; the signer is masked).
        "challenge",
        "challenge_issued_at",
        "auth_reference",
        "signer_type",
        "signer",
        "credential",
    )
    inlines = [CheckStepInline]

    @admin.display(description="NIP")
    def masked_nip(self, obj: SessionCheck) -> str:
        return obj.masked_nip


@admin.register(AddressBlock)
class AddressBlockAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """KSeF blocking the portal's address (portal/checks/blocks.py). Deleting one ends its pause
    at once, for when the ministry has lifted the block before the hour is out."""

    deletable = True
    list_display = ["environment", "since", "until", "incident_id", "client_ip"]
    fields = readonly_fields = ("environment", "since", "until", "incident_id", "client_ip")
