"""Progress on a terminal: timestamped steps, and counters that redraw one line."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self._open_line = False

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def _stamp(self) -> str:
        seconds = int(self.elapsed())
        return f"[{seconds // 60:02d}:{seconds % 60:02d}]"

    def step(self, message: str) -> None:
        self._close()
        print(f"{self._stamp()} {message}", file=self.stream, flush=True)

    def count(self, message: str, done: int, total: int) -> None:
        """A counter: redrawn in place on a terminal, every tenth printed elsewhere."""
        text = f"{self._stamp()} {message}: {done:,}/{total:,}"
        if self.tty:
            print("\r" + text + "\x1b[K", end="", file=self.stream, flush=True)
            self._open_line = True
            if done >= total:
                self._close()
        elif total and (done == total or done % max(1, total // 10) == 0):
            print(text, file=self.stream, flush=True)

    def _close(self) -> None:
        if self._open_line:
            print(file=self.stream, flush=True)
            self._open_line = False
