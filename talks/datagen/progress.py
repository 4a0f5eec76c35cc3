"""A one-line progress bar for long commands, on standard error."""

import time
from collections.abc import Callable

BAR_WIDTH = 30
# Redrawing more often than this costs time and shows nothing new.
REDRAW_SECONDS = 0.2


class Progress:
    """Counts work done on one step; redraws in place on a terminal, one line per step otherwise."""

    def __init__(self, label: str, total: int, write: Callable[[str], None], interactive: bool):
        self.label, self.total, self.write, self.interactive = label, total, write, interactive
        self.done = 0
        self.started = self.drawn = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if self.interactive and now - self.drawn >= REDRAW_SECONDS:
            self.drawn = now
            self.write(f"\r{self._line(now)}")

    def finish(self) -> None:
        self.done = self.total
        ending = "\r" if self.interactive else ""
        self.write(f"{ending}{self._line(time.monotonic())}\n")

    def _line(self, now: float) -> str:
        fraction = self.done / self.total if self.total else 1
        filled = round(BAR_WIDTH * fraction)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        return (
            f"{self.label:<14} [{bar}] {fraction:4.0%} "
            f"{self.done:,}/{self.total:,} {now - self.started:6.1f}s"
        )
