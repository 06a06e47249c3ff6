from django.contrib import admin

from portal.simulator.models import (
    AccessToken,
    AuthOperation,
    Grant,
    KeyPair,
    OnlineSession,
    SimToken,
    Subject,
)


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["nip", "environment", "description"]
    list_filter = ["environment"]


@admin.register(SimToken)
class SimTokenAdmin(admin.ModelAdmin):
    list_display = ["reference_number", "environment", "nip", "author_nip", "status", "fault"]
    list_filter = ["environment", "status", "fault"]
    # Only a digest of the token is stored; it cannot be shown or edited usefully.
    readonly_fields = ["token_digest"]


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
    exclude = ["authentication_token_digest"]


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
