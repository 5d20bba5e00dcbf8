"""Jobs for the worker tests, importable by name in the worker processes (spawn pickles by name)."""

from __future__ import annotations

import os
import random
import time


def call(function, *args):
    return function(*args)


def echo(value):
    return value


def exit_quietly(_value):
    """Ends the worker process cleanly without sending a result (a fault of the tool, not the file)."""
    os._exit(0)


def exit_after_send() -> None:
    """Runs in the worker right after it sent a result: the process ends at once or a moment later,
    so that its exit races the parent's look at the pipe."""
    if random.random() < 0.5:
        time.sleep(random.random() * 0.003)
    os._exit(0)


def pause() -> None:
    """Runs in the parent between its look at the process and its look at the pipe: widens the window."""
    if random.random() < 0.5:
        time.sleep(random.random() * 0.003)


def spin(seconds: float) -> None:
    """Keeps a core busy (the load in the race test)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


CRASHED = {"after": None}


def crash_on_second_job(value):
    """A worker state that goes bad: the process dies on the job after its first one."""
    CRASHED["after"] = (CRASHED["after"] or 0) + 1
    if CRASHED["after"] == 2:
        os.abort()
    return value


def grow(megabytes: int) -> int:
    """Takes memory a few megabytes at a time (written, so that it is really used), as a reader blowing up
    slowly would; returns how much it held when it finished."""
    held = []
    for _ in range(megabytes // 8):
        held.append(b"x" * (8 << 20))
        time.sleep(0.002)
    return len(held) * 8


def ran_main_script() -> bool:
    """Whether this worker process ran the parent's main script again (then its ``__main__`` is that script)."""
    import sys

    return getattr(sys.modules["__main__"], "__file__", None) is not None


def interrupt_handler(_value):
    """What this worker does with Ctrl-C (SIGINT): its handler, by name."""
    import signal

    handler = signal.getsignal(signal.SIGINT)
    return {signal.SIG_IGN: "ignored", signal.SIG_DFL: "default"}.get(handler, getattr(handler, "__name__", "?"))
