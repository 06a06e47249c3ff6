from __future__ import annotations

import errno
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import import_module
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext


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
        path, _, query = self.path.partition("?")
        if path == "/redirect":
            # Wherever the test says, as any site a writer links to may answer.
            self.send_response(302)
            self.send_header("Location", parse_qs(query)["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
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

    def url(self, path: str, host: str = "strona.example") -> str:
        return f"http://{host}:{self.port}{path}"


# example.com's address: the check vets it as public, and the fake network routes it to the
# test server on 127.0.0.1, which the check would never ask by its own address.
PUBLIC_ADDRESS = "93.184.215.14"


@pytest.fixture
def link_server(network: FakeNetwork) -> Iterator[LinkServer]:
    """The other site, named strona.example, at a public address that reaches 127.0.0.1."""
    network.resolve("strona.example", [PUBLIC_ADDRESS])
    network.routes.add(PUBLIC_ADDRESS)
    with serving() as server:
        yield server


@contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[LinkServer]:
    """The other site on 127.0.0.1 for the duration of the block; over TLS with ``tls``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.requests = []  # type: ignore[attr-defined]
    server.headers = []  # type: ignore[attr-defined]
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield LinkServer(server)
    finally:
        server.shutdown()
        server.server_close()


class FakeNetwork:
    """Name lookups and connections without the real network. A name resolves as the test says
    (each lookup takes the next of its answers, the last one repeating); any other name does not
    resolve. A connection to a loopback address is made; one to an address in ``routes`` reaches
    127.0.0.1 on the same port instead, as if the site lived there; any other is refused. Every
    lookup and every connection is recorded, so a test sees where a request would have gone."""

    def __init__(self) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.routes: set[str] = set()
        self.lookups: list[str] = []
        self.connections: list[str] = []

    def resolve(self, name: str, *answers: list[str]) -> None:
        self.answers[name] = list(answers)

    def getaddrinfo(self, host: Any, port: Any, family: int = 0, type: int = 0, *rest: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            addresses = [str(ipaddress.ip_address(name))]
        except ValueError:
            self.lookups.append(name)
            answers = self.answers.get(name)
            if not answers:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        port = int(port or 0)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in addresses
        ]


@pytest.fixture
def network(monkeypatch) -> FakeNetwork:  # type: ignore[no-untyped-def]
    fake = FakeNetwork()
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        host, port = address[0], address[1]
        fake.connections.append(host)
        if host in fake.routes:
            return real_connect(sock, ("127.0.0.1", port))
        if ipaddress.ip_address(host).is_loopback:
            return real_connect(sock, address)
        raise ConnectionRefusedError(errno.ECONNREFUSED, "no real network in tests")

    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return fake


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
