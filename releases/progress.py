"""Progress of long commands, shown only on a terminal.

Piped or redirected output (cron, CI, ``> log``) gets no progress lines, only the
one-line summary each command prints at the end.
"""

import time
from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    return None


class TerminalProgress:
    """``progress(stage, done, total)`` redraws one line, at most ten times a second."""

    interval = 0.1

    def __init__(self, out):
        self.out = out
        self.last = 0.0
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < self.interval:
            return
        self.last = now
        percent = f" ({100 * done // total}%)" if total else ""
        self.out.write(f"\r\033[K{stage}: {done:,}/{total:,}{percent}", ending="")
        self.out.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.out.write("\r\033[K", ending="")
            self.out.flush()
            self.drawn = False


def progress_for(out) -> TerminalProgress | None:
    """A progress line for ``out`` (a command's stdout) if it is a terminal, else None."""
    return TerminalProgress(out) if out.isatty() else None
