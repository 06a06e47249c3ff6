"""gunicorn bound to [::] (as containers often bind it) hears IPv4 clients on its IPv6 socket, as
::ffff:a.b.c.d. Each must still be a client of its own for the per-client limits and for
django-axes, and a trusted proxy must still be trusted.

A real gunicorn with the repository's configuration, on a SQLite file of this test's own; the
clients are loopback addresses 127.0.0.2 and up, each connecting from its own source address.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "20251001-EC-0123456789-ABCDEF0123-45|nip-1234563218|" + "ef" * 32
PASSWORD = "poprawne-haslo-123"


def free_ipv6_port() -> int:
    with socket.socket(socket.AF_INET6) as s:
        s.bind(("::", 0))
        return int(s.getsockname()[1])


@dataclass
class Portal:
    port: int
    csrf_cookie: str = ""
    csrf_token: str = ""

    def request(
        self,
        method: str,
        path: str,
        *,
        source: str = "127.0.0.1",
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(source, 0)
        )
        body = None
        all_headers = dict(headers or {})
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.csrf_token})
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Cookie"] = f"csrftoken={self.csrf_cookie}"
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def start_check(self, **request: object) -> int:
        form = {"env": "test", "nip": "1234563218", "token": TOKEN}
        return self.request("POST", "/sprawdz-sesje/", form=form, **request).status  # type: ignore[arg-type]

    def log_in(self, password: str, source: str) -> int:
        form = {"username": "redaktor", "password": password}
        return self.request("POST", "/admin/login/", form=form, source=source).status


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    folder = tmp_path_factory.mktemp("gunicorn")
    port = free_ipv6_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "REDIS_URL": "",
        "GUNICORN_BIND": f"[::]:{port}",
        # One process: without Redis each process counts in its own memory.
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
        "TRUSTED_PROXIES": "127.0.0.1",
        "CHECK_STARTS_PER_ADDRESS_PER_HOUR": "1",
        "AXES_FAILURE_LIMIT": "2",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True)
    create_user = (
        "from django.contrib.auth.models import User; "
        f"User.objects.create_user('redaktor', password='{PASSWORD}', is_staff=True)"
    )
    subprocess.run([*manage, "shell", "-c", create_user], cwd=ROOT, env=env, check=True)
    log = (folder / "gunicorn.log").open("wb")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "portal/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not answers(port):
            assert proc.poll() is None, (folder / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        portal = Portal(port)
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        page.request("GET", "/sprawdz-sesje/")
        response = page.getresponse()
        html = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert cookie and token, html[:2000]
        portal.csrf_cookie, portal.csrf_token = cookie.group(1), token.group(1)
        page.close()
        yield portal
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def test_twelve_ipv4_clients_each_get_their_own_limit(portal: Portal) -> None:
    clients = [f"127.0.0.{n}" for n in range(2, 14)]

    started = [portal.start_check(source=client) for client in clients]

    assert started == [302] * 12
    assert portal.start_check(source=clients[0]) == 429


def test_clients_behind_a_trusted_proxy_on_a_mapped_address_count_apart(portal: Portal) -> None:
    forwarded = [f"198.51.100.{n}" for n in range(1, 13)]

    started = [portal.start_check(headers={"X-Forwarded-For": ip}) for ip in forwarded]

    assert started == [302] * 12
    assert portal.start_check(headers={"X-Forwarded-For": forwarded[0]}) == 429


def test_wrong_passwords_lock_out_one_ipv4_client_only(portal: Portal) -> None:
    for _ in range(3):
        portal.log_in("zle", source="127.0.0.20")
    assert portal.log_in(PASSWORD, source="127.0.0.20") == 429

    assert portal.log_in(PASSWORD, source="127.0.0.21") == 302
