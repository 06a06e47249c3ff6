"""A small HTTP/1.1 keep-alive load generator on asyncio, for loopback benchmarks only, and a
runner for Debian's wrk where it is installed.

The asyncio one is standard library only, so the benchmarks need nothing beyond the project's own
install; but it takes most of a core, which on a 2-core machine the server under test then lacks.
wrk, written in C, takes a fraction of that: bench/pages.py, whose figure is a ratio of two
throughputs, uses it when it is on PATH (`apt-get install wrk`). Every run is bounded by a
wall-clock limit (and the asyncio one by a request count), and refuses any host that is not a
loopback address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import random
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class LoadResult:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed_s: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        return self.count / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]


def _require_loopback(host: str) -> None:
    if host == "localhost":
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing to load {host}: benchmarks only target loopback")


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            chunks.append(chunk[:-2])
        body = b"".join(chunks)
    else:
        body = b""
    return status, body


async def _worker(
    host: str,
    port: int,
    next_path: Callable[[], str | None],
    result: LoadResult,
    deadline: float,
    extra_headers: str,
    pause_s: float,
) -> None:
    reader = writer = None
    while time.monotonic() < deadline:
        if pause_s:
            await asyncio.sleep(random.uniform(0, 2 * pause_s))
            if time.monotonic() >= deadline:
                break
        path = next_path()
        if path is None:
            break
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra_headers}"
                "Connection: keep-alive\r\n\r\n"
            )
            started = time.perf_counter()
            writer.write(request.encode())
            await writer.drain()
            status, _ = await asyncio.wait_for(_read_response(reader), timeout=30)
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status >= 400:
                result.errors += 1
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            result.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def run_load(
    name: str,
    host: str,
    port: int,
    paths: list[str],
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    extra_headers: dict[str, str] | None = None,
    pause_s: float = 0.0,
) -> LoadResult:
    """GET the given paths round-robin with `concurrency` connections, bounded in count and time.

    With ``pause_s``, each connection waits that long on average (uniformly 0 to twice that)
    before each request, as pages that poll, opened at different moments, do."""
    _require_loopback(host)
    result = LoadResult(name)
    issued = 0

    def next_path() -> str | None:
        nonlocal issued
        if issued >= max_requests:
            return None
        issued += 1
        return paths[issued % len(paths)]

    header_text = "".join(f"{k}: {v}\r\n" for k, v in (extra_headers or {}).items())

    async def main() -> None:
        deadline = time.monotonic() + max_seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(
                _worker(host, port, next_path, result, deadline, header_text, pause_s)
                for _ in range(concurrency)
            )
        )
        result.elapsed_s = time.perf_counter() - started

    asyncio.run(main())
    return result


class Measured(Protocol):
    name: str
    errors: int

    @property
    def count(self) -> int: ...

    @property
    def rps(self) -> float: ...

    def percentile(self, p: float) -> float: ...


@dataclass
class WrkResult:
    """What wrk measured: it keeps the latency histogram itself and reports percentiles."""

    name: str
    requests: int
    elapsed_s: float
    errors: int
    percentiles_ms: dict[float, float]

    @property
    def count(self) -> int:
        return self.requests

    @property
    def rps(self) -> float:
        return self.requests / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, p: float) -> float:
        return self.percentiles_ms.get(p, float("nan"))


# wrk calls done() once at the end; it prints one JSON line with what print_table shows.
# Errors are failed connects, reads, writes and timeouts, and answers other than 2xx/3xx.
_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "errors": %d, "p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    name: str,
    host: str,
    port: int,
    path: str,
    *,
    concurrency: int,
    seconds: float,
    extra_headers: dict[str, str] | None = None,
) -> WrkResult:
    """GET ``path`` with wrk: one thread, ``concurrency`` keep-alive connections, ``seconds``,
    back to back. (wrk's own pause between requests, delay(), is not used: with it wrk reported
    p99s of seconds while gunicorn's log showed 38 ms at most; run_load's pause_s paces.)"""
    _require_loopback(host)
    header_args = [
        arg for k, v in (extra_headers or {}).items() for arg in ("--header", f"{k}: {v}")
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_WRK_REPORT)
        script.flush()
        out = subprocess.run(
            [
                "wrk",
                "--threads",
                "1",
                "--connections",
                str(concurrency),
                "--duration",
                f"{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "--script",
                script.name,
                *header_args,
                f"http://{host}:{port}{path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        ).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK "))
    report = json.loads(line[4:])
    return WrkResult(
        name=name,
        requests=report["requests"],
        elapsed_s=report["duration_us"] / 1e6,
        errors=report["errors"],
        percentiles_ms={p: report[f"p{p}"] / 1000 for p in (50, 95, 99)},
    )


def run_back_to_back(
    name: str,
    host: str,
    port: int,
    path: str,
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    extra_headers: dict[str, str] | None = None,
    use_wrk: bool | None = None,
) -> Measured:
    """GET ``path`` back to back with wrk (by default when it is installed), else with the
    asyncio client; wrk is bounded by ``max_seconds`` only."""
    if use_wrk if use_wrk is not None else have_wrk():
        return run_wrk(
            name,
            host,
            port,
            path,
            concurrency=concurrency,
            seconds=max_seconds,
            extra_headers=extra_headers,
        )
    return run_load(
        name,
        host,
        port,
        [path],
        concurrency=concurrency,
        max_requests=max_requests,
        max_seconds=max_seconds,
        extra_headers=extra_headers,
    )


def print_table(results: list[Measured]) -> None:
    print(
        f"{'target':<34} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'errors':>7}"
    )
    for r in results:
        print(
            f"{r.name:<34} {r.count:>9} {r.rps:>9.0f} {r.percentile(50):>8.1f} "
            f"{r.percentile(95):>8.1f} {r.percentile(99):>8.1f} {r.errors:>7}"
        )
