"""Verdicts, round two: the gateway's headers kept with a step, KSeF's words of a refusal kept
for the verdict, a block of the portal's own address (a table and a step), and new causes.

Two kinds of finished checks get the cause that now names what they found: a token that
activated during the check (until now "token-status" with the state "activated"), and an
environment that did not know the token when no other environment was tried (until now
"wrong-environment" without a confirming one). Running it again changes nothing: what it moves
no longer matches."""

from django.db import migrations, models

CAUSES = [
    ("session-ok", "Sesja otwarta"),
    ("session-not-closed", "Sesja otwarta, zamknięcie odrzucone"),
    ("propagation", "Uprawnienia się propagowały"),
    ("still-missing", "Uprawnienia wciąż niewidoczne"),
    ("no-rights-for-nip", "Brak uprawnień dla tego NIP"),
    ("other-entity", "Uprawnienia nadane innemu podmiotowi"),
    ("scope", "Token bez uprawnienia do wystawiania faktur"),
    ("wrong-environment", "Niewłaściwe środowisko"),
    ("token-unrecognised", "Środowisko nie zna tokenu"),
    ("ksef1-token", "Token z KSeF 1.0"),
    ("token-status", "Token unieważniony lub nieznany"),
    ("token-activated", "Token aktywował się w trakcie sprawdzenia"),
    ("token-failed", "Token się nie aktywował"),
    ("auth-revoked", "Uwierzytelnienie unieważnione"),
    ("no-permissions-at-all", "Brak jakichkolwiek uprawnień po zalogowaniu"),
    ("ip-not-allowed", "Adres IP niedozwolony"),
    ("security-block", "Blokada usługi bezpieczeństwa KSeF"),
    ("portal-blocked", "KSeF zablokował adres portalu"),
    ("rate-limited", "Limit wywołań KSeF"),
    ("portal-paced", "Portal wstrzymał sprawdzenie"),
    ("ksef-unavailable", "KSeF niedostępny"),
    ("unexpected", "Nieoczekiwana odpowiedź"),
    ("portal-fault", "Błąd po stronie portalu"),
]
STEP_NAMES = [
    ("pacing", "Kolejka do limitu KSeF"),
    ("portal-block", "Adres portalu zablokowany w KSeF"),
    ("certificates", "Certyfikaty klucza publicznego"),
    ("challenge", "Wyzwanie (challenge)"),
    ("authentication", "Uwierzytelnienie tokenem"),
    ("auth-status", "Status uwierzytelnienia"),
    ("access-token", "Token dostępu"),
    ("permissions", "Uprawnienia w kontekście"),
    ("token-status", "Status i zakres tokenu"),
    ("session-open", "Otwarcie sesji"),
    ("session-close", "Zamknięcie sesji"),
    ("retry", "Kolejna próba"),
    ("other-environment", "Token w innym środowisku"),
    ("worker", "Przetwarzanie w tle"),
]


def name_what_older_checks_found(apps, schema_editor):
    SessionCheck = apps.get_model("checks", "SessionCheck")
    # The token's state, not a secret: "activated" is the word the older verdict kept.
    activated = {"facts__token_state": "activated"}
    SessionCheck.objects.filter(cause="token-status", **activated).update(cause="token-activated")
    SessionCheck.objects.filter(cause="wrong-environment").exclude(
        facts__has_key="confirmed_in"
    ).update(cause="token-unrecognised")


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0005_verdicts_refer_to_latarnias_reading"),
    ]

    operations = [
        migrations.CreateModel(
            name="AddressBlock",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("environment", models.CharField(max_length=16, unique=True)),
                ("since", models.DateTimeField()),
                ("until", models.DateTimeField()),
                ("incident_id", models.CharField(blank=True, max_length=128)),
                ("client_ip", models.CharField(blank=True, max_length=45)),
            ],
            options={
                "verbose_name": "blokada adresu portalu",
                "verbose_name_plural": "blokady adresu portalu",
            },
        ),
        migrations.AlterField(
            model_name="checkstep",
            name="name",
            field=models.CharField(choices=STEP_NAMES, max_length=32),
        ),
        migrations.AddField(
            model_name="checkstep",
            name="azure_ref",
            field=models.CharField(blank=True, max_length=128),
        ),
        migrations.AddField(
            model_name="checkstep",
            name="cdn",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="checkstep",
            name="server",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="sessioncheck",
            name="denied_detail",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AlterField(
            model_name="sessioncheck",
            name="cause",
            field=models.CharField(blank=True, choices=CAUSES, max_length=32),
        ),
        migrations.RunPython(name_what_older_checks_found, migrations.RunPython.noop),
    ]
