"""The portal's URLs with the KSeF simulator mounted even where settings leave it off."""

from django.conf import settings
from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = list(portal_urlpatterns)
if not settings.KSEF_SIMULATOR_ENABLED:
    urlpatterns.insert(0, path("ksef-sim/", include("portal.simulator.urls")))
