"""The portal's URLs with the simulator mounted even where settings leave it off (DEBUG=0 runs)."""

from django.conf import settings
from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = list(portal_urlpatterns)
if not settings.KSEF_SIMULATOR_ENABLED:
    urlpatterns.insert(0, path("ksef-sim/", include("portal.simulator.urls")))
