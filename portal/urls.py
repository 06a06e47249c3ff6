import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from kb.images import NAME_PATTERN
from kb.views import image_file

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    # Writers' images, in every language at one address (kb/images.py); only names kb.images
    # makes, so any other address is a 404 without a query.
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.strip('/'))}/kb/(?P<name>{NAME_PATTERN})$",
        image_file,
        name="kb_image",
    ),
]

if settings.KSEF_SIMULATOR_ENABLED:
    urlpatterns += [path("ksef-sim/", include("portal.simulator.urls"))]

# Polish pages live at the root, English ones under /en/. Articles first: the pages most read
# are resolved without trying every other app's patterns (no two apps share an address).
urlpatterns += i18n_patterns(
    path("", include("kb.urls")),
    path("", include("kb.errorlinks.urls")),
    path("", include("kb.search.urls")),
    path("", include("portal.checks.urls")),
    path("", include("portal.status.urls")),
    prefix_default_language=False,
)
