from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core import checks


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from portal.system_checks import RULES

        for rule in RULES:
            checks.register(rule)


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin.PortalAdminSite"
