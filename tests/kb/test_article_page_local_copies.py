"""Each web process keeps its own copies of article pages and reads the shared generation at most
once per KB_ARTICLE_PAGE_RECHECK_MS, so a publish in another process shows within that time."""

from __future__ import annotations

import pytest

from kb import page_cache
from kb.page_cache import GENERATION_KEY, LocalPages
from tests.factories import add_revision


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):  # type: ignore[no-untyped-def]
    settings.KB_ARTICLE_PAGE_RECHECK_MS = 1000
    clock = FakeClock()
    monkeypatch.setattr(page_cache, "local_pages", LocalPages(clock=clock))
    return clock


def _publish_in_another_process(monkeypatch, capture, article, editor, body):  # type: ignore[no-untyped-def]
    """The shared cache learns of the publish; this process's copies are not told."""
    with monkeypatch.context() as patch:
        patch.setattr(page_cache.local_pages, "forget", lambda: None)
        with capture(execute=True):
            add_revision(article, editor, body=body, publish_by=editor)


def test_a_publish_elsewhere_shows_once_the_recheck_interval_passed(
    client, make_article, editor, clock, monkeypatch, django_capture_on_commit_callbacks
):
    article = make_article()
    client.get("/artykul/blad-403/")
    _publish_in_another_process(
        monkeypatch, django_capture_on_commit_callbacks, article, editor, "Nowa przyczyna: zły NIP."
    )

    clock.now += 0.9
    assert "Brak uprawnień." in client.get("/artykul/blad-403/").content.decode()
    clock.now += 0.1
    body = client.get("/artykul/blad-403/").content.decode()
    assert "Nowa przyczyna: zły NIP." in body
    assert "Brak uprawnień." not in body


def test_a_publish_in_this_process_shows_at_once(
    client, make_article, editor, clock, django_capture_on_commit_callbacks
):
    article = make_article()
    client.get("/artykul/blad-403/")
    with django_capture_on_commit_callbacks(execute=True):
        add_revision(article, editor, body="Nowa przyczyna: zły NIP.", publish_by=editor)
    assert "Nowa przyczyna: zły NIP." in client.get("/artykul/blad-403/").content.decode()


def test_with_no_interval_every_read_asks_the_shared_cache(
    client, make_article, editor, clock, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.KB_ARTICLE_PAGE_RECHECK_MS = 0
    article = make_article()
    client.get("/artykul/blad-403/")
    _publish_in_another_process(
        monkeypatch, django_capture_on_commit_callbacks, article, editor, "Nowa przyczyna: zły NIP."
    )
    assert "Nowa przyczyna: zły NIP." in client.get("/artykul/blad-403/").content.decode()


def test_a_page_rendered_elsewhere_after_a_publish_makes_this_process_read_the_generation(
    clock, settings
):
    from django.core.cache import cache

    page_cache.invalidate()
    old = page_cache.local_pages.generation()
    assert old is not None
    # Another process published and rendered the page under the new generation.
    cache.incr(GENERATION_KEY)
    cache.set(page_cache._key("blad-403", "pl"), (old + 1, 7, b"new page"))
    assert page_cache.lookup("blad-403", "pl") == (7, b"new page")


def test_only_the_most_recently_read_pages_are_kept(settings):
    settings.KB_ARTICLE_PAGE_LOCAL_ENTRIES = 2
    pages = LocalPages(clock=FakeClock())
    pages.put("a", (1, 1, b"a"))
    pages.put("b", (1, 2, b"b"))
    assert pages.get("a", 1) is not None  # "a" is now the most recent
    pages.put("c", (1, 3, b"c"))
    assert pages.get("b", 1) is None
    assert pages.get("a", 1) == (1, 1, b"a")
    assert pages.get("c", 1) == (1, 3, b"c")


def test_a_copy_of_another_generation_is_not_served(settings):
    pages = LocalPages(clock=FakeClock())
    pages.put("a", (1, 1, b"a"))
    assert pages.get("a", 2) is None
