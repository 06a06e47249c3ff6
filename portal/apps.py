from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin.PortalAdminSite"
