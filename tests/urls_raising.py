"""URLconf for the 500-page test: one view that fails with a secret in its message."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

SECRET_IN_EXCEPTION = "20251124-EC-0000000000-ABCDEF0000-00|nip-5260250274|" + "ab" * 32


def explode(request):  # type: ignore[no-untyped-def]
    raise RuntimeError(f"failed while holding {SECRET_IN_EXCEPTION}")


urlpatterns = [path("explode/", explode), *portal_urlpatterns]
