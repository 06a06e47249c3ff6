"""Answers in the shape Latarnia gives (the ministry's Java client's lighthouse models), and a
small HTTP server that plays them back, slowly or not at all when a test asks."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAILURE_START = {
    "id": "b1d5a3e0-5c1f-4b7e-9a51-0f3f6a2c1d01",
    "eventId": 41,
    "category": "FAILURE",
    "type": "FAILURE_START",
    "title": "Awaria KSeF",
    "text": "Wystąpiła awaria systemu KSeF. Trwają prace nad przywróceniem działania.",
    "start": "2026-11-25T08:40:00+01:00",
    "end": None,
    "version": 1,
    "published": "2026-11-25T08:45:12.1234567+01:00",
}
FAILURE_END = {
    **FAILURE_START,
    "id": "b1d5a3e0-5c1f-4b7e-9a51-0f3f6a2c1d02",
    "type": "FAILURE_END",
    "title": "Koniec awarii KSeF",
    "text": "System KSeF działa poprawnie.",
    "end": "2026-11-25T09:30:00+01:00",
    "version": 2,
    "published": "2026-11-25T09:31:00+01:00",
}
MAINTENANCE = {
    "id": "7c0e2f44-1f0b-4d8e-8a5e-3e2b9d6f4a10",
    "eventId": 42,
    "category": "MAINTENANCE",
    "type": "MAINTENANCE_ANNOUNCEMENT",
    "title": "Prace serwisowe",
    "text": "W dniu 26.11.2026 w godz. 16:00-18:00 KSeF będzie niedostępny.",
    "start": "2026-11-26T16:00:00+01:00",
    "end": "2026-11-26T18:00:00+01:00",
    "version": 1,
    "published": "2026-11-24T12:00:00+01:00",
}
AVAILABLE = {"status": "AVAILABLE"}
IN_FAILURE = {"status": "FAILURE", "messages": [FAILURE_START]}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        answers: dict[str, tuple[int, Any, float]] = self.server.answers  # type: ignore[attr-defined]
        status, body, delay = answers.get(self.path, (404, {"title": "Not Found"}, 0.0))
        if delay:
            time.sleep(delay)
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(answers: dict[str, tuple[int, Any, float]]) -> Iterator[str]:
    """A Latarnia answering ``{path: (status, body, delay)}``; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.answers = answers  # type: ignore[attr-defined]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
