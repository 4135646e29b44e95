"""The load side: one-request-at-a-time timing over a kept-alive connection, and wrk.

Latencies are wall time from sending the request to reading the last byte of the body,
so a page is timed the way a partner's script experiences it. Bodies are read in 64 KiB
blocks and, for CSV, only counted (bytes and line feeds), so the harness does the same
small amount of work for every server.
"""

from __future__ import annotations

import http.client
import re
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BLOCK = 64 * 1024


class Client:
    """A kept-alive HTTP/1.1 connection to 127.0.0.1:port; reconnects when the server closes."""

    def __init__(self, port: int, timeout: float = 120.0):
        self.port = port
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def get(self, path: str, *, keep_body: bool = True) -> tuple[int, bytes, int, int, float]:
        """(status, body or b"", bytes, line feeds, seconds)."""
        for attempt in (1, 2):
            conn = self._connection()
            try:
                started = time.perf_counter()
                conn.request("GET", path)
                response = conn.getresponse()
                chunks: list[bytes] = []
                size = lines = 0
                while block := response.read(BLOCK):
                    size += len(block)
                    lines += block.count(b"\n")
                    if keep_body:
                        chunks.append(block)
                elapsed = time.perf_counter() - started
                if response.will_close:
                    self.close()
                return response.status, b"".join(chunks), size, lines, elapsed
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server closed while we were idle.
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def stream_command(argv: list[str], env: dict[str, str]) -> tuple[int, int, int, float]:
    """Run a command and read its stdout like an HTTP body: (exit code, bytes, lines, s)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    size = lines = 0
    assert proc.stdout is not None
    while block := proc.stdout.read(BLOCK):
        size += len(block)
        lines += block.count(b"\n")
    proc.wait(timeout=600)
    elapsed = time.perf_counter() - started
    return proc.returncode, size, lines, elapsed


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- wrk ---------------------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
_LATENCY = re.compile(r"^\s+(\d+(?:\.\d+)?)%\s+(\d+(?:\.\d+)?)(us|ms|s|m)\s*$", re.M)
_REQUESTS = re.compile(r"(\d+) requests in")
_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")

# Cycles through a list of paths, one per request (each wrk thread has its own copy).
_ROTATE_LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


@dataclass
class WrkResult:
    requests: int
    rps: float
    errors: int
    socket_errors: dict[str, int]
    non_2xx: int
    latency_ms: dict[str, float]
    seconds: float

    @property
    def p99_ms(self) -> float | None:
        return self.latency_ms.get("99")


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int = 1,
    timeout: str = "10s",
    paths: list[str] | None = None,
) -> WrkResult:
    """Run wrk against ``url`` (or round-robin over ``paths`` on its host) and parse it."""
    threads = max(1, min(threads, connections))
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout}",
        "--latency",
    ]
    script = None
    if paths:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
        script.write(_ROTATE_LUA % quoted)
        script.close()
        argv += ["-s", script.name]
    argv.append(url)
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=seconds + 120, check=False
        )
    finally:
        if script is not None:
            Path(script.name).unlink(missing_ok=True)
    out = done.stdout
    if done.returncode != 0 or not _REQUESTS.search(out):
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or out}")
    socket_errors = dict.fromkeys(("connect", "read", "write", "timeout"), 0)
    if m := _SOCKET.search(out):
        socket_errors = dict(zip(socket_errors, map(int, m.groups()), strict=True))
    non_2xx = int(m.group(1)) if (m := _NON2XX.search(out)) else 0
    latency = {
        pct.rstrip("0").rstrip(".") if "." in pct else pct: float(value) * _UNITS[unit]
        for pct, value, unit in _LATENCY.findall(out)
    }
    return WrkResult(
        requests=int(_REQUESTS.search(out).group(1)),
        rps=float(_RPS.search(out).group(1)),
        errors=sum(socket_errors.values()) + non_2xx,
        socket_errors=socket_errors,
        non_2xx=non_2xx,
        latency_ms=latency,
        seconds=seconds,
    )


def wrk_version() -> str:
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    first = (done.stdout or done.stderr).splitlines()
    return first[0].strip() if first else "wrk"
