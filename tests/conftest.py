from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.utils import translation
from django_q.conf import Conf

from kb.models import Article, Category
from tests import factories

# Every transactional test (live_server, transactional_db, django_db(transaction=True)) asks for
# serialized rollback (django_db_serialized_rollback or serialized_rollback=True). Without it the
# flush at its end emits post_migrate, which recreates content types and permissions under new
# ids; the next serialized-rollback test restores the serialized rows at set-up and fails with
# "UNIQUE constraint failed: django_content_type...". With it the flush leaves the tables empty
# for that restore. One transactional test left out breaks whichever serialized test follows it,
# so adding the fixture to some tests only (e.g. all live_server ones) moves the failures.


@pytest.fixture(autouse=True)
def _test_settings(settings, monkeypatch):  # type: ignore[no-untyped-def]
    # Plain static storage: the hashed manifest only exists after collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Run django-q2 tasks inline unless a test starts a real worker. django-q2 reads its
    # configuration once, at import, so the flag is set on its Conf, not in settings.
    monkeypatch.setattr(Conf, "SYNC", True)
    settings.SECURE_SSL_REDIRECT = False


def _server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


@pytest.fixture(autouse=True)
def _live_server_threads_finish(request):  # type: ignore[no-untyped-def]
    """Wait, after a live-server test, for the server's request threads to end: one that ends
    later would close its database connection after the test database is gone."""
    yield
    if "live_server" in request.fixturenames:
        # A kept exception's traceback can hold the last answer's socket until collected (a
        # KSeF client's keep-alive connection keeps the thread serving it alive).
        gc.collect()
        deadline = time.monotonic() + 2
        while _server_threads() and time.monotonic() < deadline:
            time.sleep(0.01)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Rate-limit counts live in the cache, which Redis keeps between tests and between runs: each
    # test starts with it empty, as it starts with an empty database. And each test starts as a
    # freshly started web process, with nothing of an earlier test's pages in its memory.
    cache.clear()
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _default_language() -> None:
    # A request to an English page leaves English active in the thread after the response (the
    # locale middleware activates, nothing deactivates): each test starts in the default language.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def category(db: None) -> Category:
    return factories.default_category()


@pytest.fixture
def make_article(db: None) -> Callable[..., Article]:
    return factories.make_article
