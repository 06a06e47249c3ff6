from django.urls import path, register_converter

from portal.ksef.protocol import Environment
from portal.simulator import api, latarnia, pages


class EnvironmentConverter:
    regex = "|".join(env.value for env in Environment)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(EnvironmentConverter, "ksefenv")

app_name = "ksefsim"

_api = [
    ("security/public-key-certificates", api.public_key_certificates, "certificates"),
    ("auth/challenge", api.challenge, "challenge"),
    ("auth/ksef-token", api.ksef_token, "ksef_token"),
    ("auth/token/redeem", api.redeem, "redeem"),
    ("auth/token/refresh", api.refresh, "refresh"),
    ("auth/xades-signature", api.xades_signature, "xades_signature"),
    ("auth/sessions", api.auth_session_list, "auth_sessions"),
    ("auth/sessions/current", api.revoke_current_session, "revoke_current_session"),
    ("auth/<str:reference_number>", api.authentication_status, "auth_status"),
    ("sessions/online", api.open_online_session, "open_session"),
    ("sessions/online/<str:reference_number>/close", api.close_online_session, "close_session"),
    ("sessions/<str:reference_number>", api.session_status, "session_status"),
    ("tokens/<str:reference_number>", api.token_status, "token_status"),
    ("permissions/query/personal/grants", api.personal_grants, "personal_grants"),
    ("testdata/permissions", api.testdata_permissions, "testdata_permissions"),
]

urlpatterns = [
    path("", pages.scenario_list, name="index"),
    path("latarnia/", pages.latarnia_form, name="latarnia"),
    path(
        "demo-certificates/<str:name>/<str:part>.pem",
        pages.demo_certificate,
        name="demo_certificate",
    ),
    path("<ksefenv:environment>/latarnia/status", latarnia.status, name="latarnia_status"),
    path("<ksefenv:environment>/latarnia/messages", latarnia.messages, name="latarnia_messages"),
    *[path(f"<ksefenv:environment>/v2/{route}", view, name=name) for route, view, name in _api],
]
