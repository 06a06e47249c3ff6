"""In production, static files get hashed names and far-future cache headers (whitenoise)."""

from __future__ import annotations

from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_collected_stylesheet_is_served_under_a_hash_with_a_year_of_cache(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)

    url = static("css/site.css")
    assert url != "/static/css/site.css"
    assert url.startswith("/static/css/site.") and url.endswith(".css")

    served = WhiteNoiseMiddleware(lambda request: None)  # type: ignore[arg-type, return-value]
    response = served(RequestFactory().get(url))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600
