from __future__ import annotations

import pytest
from django.core.cache import caches
from django_q.conf import Conf


@pytest.fixture(autouse=True)
def _test_settings(settings, monkeypatch):  # type: ignore[no-untyped-def]
    # Plain static storage: the hashed manifest only exists after collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests log in with force_login; django-axes has its own test.
    settings.AXES_ENABLED = False
    # Run django-q2 tasks inline unless a test starts a real worker. django-q2 reads its
    # configuration once, at import, so the flag is set on its Conf, not in settings.
    monkeypatch.setattr(Conf, "SYNC", True)
    settings.SECURE_SSL_REDIRECT = False
    # Every test client posts from 127.0.0.1 and the counts live in the cache (Redis outlives a
    # run): the limit's own tests lower it, with an address of their own.
    settings.KB_FEEDBACK_PER_ADDRESS_PER_HOUR = 1_000_000
    # Each test starts as a freshly started web process, with nothing of an earlier test's
    # database in its memory.
    caches["local"].clear()
