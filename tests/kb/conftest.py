from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb import external_links


def _user(username: str, group: str | None) -> User:
    # No password: tests log in with force_login, and hashing one costs a noticeable 0.2 s.
    user = User.objects.create(username=username, is_staff=True)
    if group:
        if not Group.objects.filter(name=group).exists():
            # A transactional test before this one flushed what the migration created.
            import_module("kb.migrations.0003_writer_and_editor_groups").create_groups(
                django_apps, None
            )
            for migration, grant in (
                ("0006_image_permissions", "add_image_permissions"),
                ("0007_external_link", "grant"),
                ("0009_writers_and_editors_see_insights", "grant"),
            ):
                getattr(import_module(f"kb.migrations.{migration}"), grant)(django_apps, None)
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db) -> User:  # type: ignore[no-untyped-def]
    return _user("pisarka", "writer")


@pytest.fixture
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return _user("redaktor", "editor")


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploaded images go to a folder of the test's own, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class _Site(BaseHTTPRequestHandler):
    """Another site, on 127.0.0.1, that the external link check visits in tests."""

    # path → (status, Location); a query string does not change the page.
    PAGES = {
        "/ok": (200, None),
        "/missing": (404, None),
        "/error": (500, None),
        "/busy": (429, None),
        "/no-head": (200, None),
        "/moved": (301, "/moved-again"),
        "/moved-again": (302, "/ok"),
        "/loop": (302, "/loop"),
        "/slow": (200, None),
        "/head-forbidden": (200, None),
        "/head-unavailable": (200, None),
        "/big": (200, None),
        # Where a cloud server's credentials are read: never to be followed.
        "/to-metadata": (302, "http://169.254.169.254/latest/meta-data/"),
    }
    # What HEAD gets instead: refused as by a server without HEAD, or as by sites and CDNs that
    # turn away HEAD (or what they take for a bot) while GET gets the page.
    HEAD_ANSWERS = {"/no-head": 405, "/big": 405, "/head-forbidden": 403, "/head-unavailable": 503}
    SLOW_SECONDS = 0.3

    def do_HEAD(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        self.server.requests.append(  # type: ignore[attr-defined]
            (self.command, self.path, self.headers.get("User-Agent"))
        )
        self.server.headers.append(self.headers)  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        if path == "/slow":
            time.sleep(self.SLOW_SECONDS)
        status, location = self.PAGES.get(path, (404, None))
        if self.command == "HEAD":
            status = self.HEAD_ANSWERS.get(path, status)
        if path == "/big" and self.command == "GET":
            # A body announced far larger than what comes: a client that reads it gets an error.
            self.send_response(200)
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
            self.wfile.write(b"x" * 100)
            self.close_connection = True
            return
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class LinkServer:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.port = server.server_address[1]
        self.requests: list[tuple[str, str, str]] = server.requests  # type: ignore[attr-defined]
        self.headers: list[Message] = server.headers  # type: ignore[attr-defined]
        # The check refuses addresses inside private networks, 127.0.0.1 among them: this
        # "other site" passes for a public one unless a test wants to see the refusal.
        self.public = True

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


# example.com's address: any public one would do.
PUBLIC_ADDRESS = "93.184.215.14"


@pytest.fixture
def link_server() -> Iterator[LinkServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.requests = []  # type: ignore[attr-defined]
    server.headers = []  # type: ignore[attr-defined]
    site = LinkServer(server)
    real = external_links._addresses

    def resolve(host: str) -> list[str]:
        local = host in ("127.0.0.1", "localhost")
        return [PUBLIC_ADDRESS] if local and site.public else real(host)

    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    # Its own patch, not the test's monkeypatch: a test that undoes its own keeps this one.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(external_links, "_addresses", resolve)
        yield site
    server.shutdown()
    server.server_close()


class ManualClock:
    """The link check's clock: time moves only when the check pauses, so a test sees its pauses
    and its time budget without waiting."""

    def __init__(self, now: datetime) -> None:
        self._now = now
        self.elapsed = 0.0
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self.elapsed

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += seconds
