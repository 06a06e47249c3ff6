"""Faults for the scenarios of verdicts round two, and faults that answer a number of times."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ksefsim", "0008_signed_login"),
    ]

    operations = [
        migrations.AddField(
            model_name="simtoken",
            name="fault_times",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="accesstoken",
            name="fault",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "none"),
                    ("gateway-403", "403 from the gateway, empty body"),
                    ("firewall-403", "403 'Request blocked' from the firewall"),
                    ("ip-not-allowed", "403 ip-not-allowed"),
                    ("security-blocked", "403 security-service-blocked"),
                    ("insufficient-resource-access", "403 insufficient-resource-access"),
                    ("auth-method-not-allowed", "403 auth-method-not-allowed"),
                    ("context-type-not-allowed", "403 context-type-not-allowed"),
                    ("429", "429 with Retry-After"),
                    ("429-long", "429 with a long Retry-After"),
                    ("5xx", "503 with Retry-After"),
                    ("slow", "answer slower than the client's timeout"),
                    ("auth-blocked", "authentication status 480 (blocked)"),
                    ("auth-cancelled", "authentication status 550 (cancelled by the system)"),
                    ("auth-revoked", "authentication status 425 (revoked by the user)"),
                    ("no-permissions-at-all", "authentication succeeds with no permissions at all"),
                    ("auth-500", "authentication status 500 (unknown error)"),
                    ("redeem-100", "redeem 21301: status (100) right after 200"),
                    ("js-challenge", "200 with the CDN's JavaScript challenge page"),
                    ("html-403", "403 with the CDN's HTML block page"),
                    ("session-415", "session opens, then status 415: key not decrypted"),
                ],
                default="",
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="simtoken",
            name="fault",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "none"),
                    ("gateway-403", "403 from the gateway, empty body"),
                    ("firewall-403", "403 'Request blocked' from the firewall"),
                    ("ip-not-allowed", "403 ip-not-allowed"),
                    ("security-blocked", "403 security-service-blocked"),
                    ("insufficient-resource-access", "403 insufficient-resource-access"),
                    ("auth-method-not-allowed", "403 auth-method-not-allowed"),
                    ("context-type-not-allowed", "403 context-type-not-allowed"),
                    ("429", "429 with Retry-After"),
                    ("429-long", "429 with a long Retry-After"),
                    ("5xx", "503 with Retry-After"),
                    ("slow", "answer slower than the client's timeout"),
                    ("auth-blocked", "authentication status 480 (blocked)"),
                    ("auth-cancelled", "authentication status 550 (cancelled by the system)"),
                    ("auth-revoked", "authentication status 425 (revoked by the user)"),
                    ("no-permissions-at-all", "authentication succeeds with no permissions at all"),
                    ("auth-500", "authentication status 500 (unknown error)"),
                    ("redeem-100", "redeem 21301: status (100) right after 200"),
                    ("js-challenge", "200 with the CDN's JavaScript challenge page"),
                    ("html-403", "403 with the CDN's HTML block page"),
                    ("session-415", "session opens, then status 415: key not decrypted"),
                ],
                default="",
                max_length=32,
            ),
        ),
    ]
