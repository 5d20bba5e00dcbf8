"""A small text progress bar for the terminal (only drawn when the stream is a terminal)."""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 30


def render(label: str, done: int, total: int, name: str = "") -> str:
    """「読み込み [##########--------------------]  4/12 市民課.xlsx」."""
    filled = WIDTH * done // total if total else WIDTH
    tail = f" {name}" if name else ""
    return f"{label} [{'#' * filled}{'-' * (WIDTH - filled)}] {done:>{len(str(total))}}/{total}{tail}"


class ProgressBar:
    def __init__(self, label: str, stream: TextIO = sys.stderr, force: bool = False):
        self.label, self.stream = label, stream
        self.enabled = force or stream.isatty()
        self.drawn = False

    def update(self, done: int, total: int, name: str = "") -> None:
        if self.enabled:
            line = render(self.label, done, total, name[-40:])
            self.stream.write("\r" + line + "\033[K")
            self.stream.flush()
            self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
