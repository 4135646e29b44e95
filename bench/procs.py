"""Processes the harness starts, and what it reads about them from /proc.

Every server is started in its own process group and stopped by that group's id, so a
run never signals a process it did not start. Memory is VmRSS from
``/proc/<pid>/status``; CPU time is utime + stime from ``/proc/<pid>/stat``, summed over
the server's processes (gunicorn's master and workers).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    argv: list[str]
    env: dict[str, str]
    port: int
    cwd: Path
    log: Path
    proc: subprocess.Popen | None = None
    _log_file: object = field(default=None, repr=False)

    def start(self, *, ready_path: str, timeout: float = 60.0) -> None:
        self._log_file = self.log.open("ab")
        self.proc = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}; see {self.log}"
                )
            if _http_ok(self.port, ready_path):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer on port {self.port} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if self._log_file:
            self._log_file.close()
        self.proc = None

    def pids(self) -> list[int]:
        """The server's process and its children (gunicorn workers)."""
        if self.proc is None:
            return []
        return [self.proc.pid, *children(self.proc.pid)]


def _http_ok(port: int, path: str) -> bool:
    import http.client

    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status < 500
    except OSError:
        return False


def children(pid: int) -> list[int]:
    out = []
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        for task in tasks:
            text = (task / "children").read_text()
            out.extend(int(c) for c in text.split())
    except OSError:
        return out
    return out


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # The command name (field 2) may contain spaces; fields after it are fixed.
    fields = text[text.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / CLOCK_TICKS


def cpu_total(pids: list[int]) -> float:
    return sum(cpu_seconds(p) for p in pids)


class RssSampler:
    """Samples VmRSS of a server's processes every ``interval`` s in a thread.

    ``peak_kb`` is the largest single process seen (the worker serving the request);
    ``peak_total_kb`` the largest sum over the processes.
    """

    def __init__(self, server: Server, interval: float = 0.01):
        self.server = server
        self.interval = interval
        self.peak_kb = 0
        self.peak_total_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            values = [rss_kb(p) for p in self.server.pids()]
            if values:
                self.peak_kb = max(self.peak_kb, max(values))
                self.peak_total_kb = max(self.peak_total_kb, sum(values))
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
