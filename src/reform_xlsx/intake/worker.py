"""Run each file's parsing in its own short-lived process, a few at a time.

A pool whose worker dies breaks as a whole; here every job gets a fresh process
(``forkserver`` where the platform has it — cheap forks of a server that has already
imported the readers — else ``spawn``), so an abort, a segfault, a memory blow-up or a
stall costs only that job. Each process has a wall-clock deadline (killed when it passes)
and, on POSIX, an address-space cap (``RLIMIT_AS``); its stderr goes to a temporary file so
that a native reader's dying words never reach the user's terminal but can name the cause.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
import time
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait

OK, TIMEOUT, MEMORY, CRASH, ERROR = "ok", "timeout", "memory", "crash", "error"
_EXIT_MEMORY = 71
_WARMUP = "reform_xlsx.intake.worker_warmup"


@dataclass
class Outcome:
    status: str  # OK | TIMEOUT | MEMORY | CRASH | ERROR
    value: object = None  # the job's return value when OK
    detail: str = ""  # what went wrong, for the message


@dataclass
class _Running:
    index: int
    process: multiprocessing.process.BaseProcess
    conn: object
    deadline: float
    stderr_path: str


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_preload())
        return ctx
    return multiprocessing.get_context("spawn")


def _preload() -> list[str]:
    """What the fork server imports once: our readers, and the modules the caller's main script
    uses. Each worker re-runs the main script (under its ``__main__`` guard; Python 3.11 ignores a
    "__main__" preload), and then finds them imported — for the ``reform-xlsx`` script that is
    the whole CLI, ~0.1 s per file otherwise."""
    main = sys.modules.get("__main__")
    names = set()
    for value in list(vars(main).values()) if main is not None else ():
        try:
            name = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
        except Exception:  # noqa: BLE001, S112 - an odd object in the caller's namespace
            continue
        if isinstance(name, str) and name in sys.modules and name not in ("__main__", "__mp_main__", "builtins"):
            names.add(name)
    return [_WARMUP, *sorted(names)]


def _child(conn, target: Callable, args: tuple, memory_bytes: int | None, stderr_path: str) -> None:
    """Entry point of a worker process: cap memory, run ``target``, send back the outcome."""
    fd = os.open(stderr_path, os.O_WRONLY | os.O_TRUNC)
    os.dup2(fd, 2)
    os.close(fd)
    if memory_bytes:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ImportError, ValueError, OSError):
            pass  # not POSIX: the deadline still applies
    try:
        result = (OK, target(*args), "")
    except MemoryError:
        result = (MEMORY, None, "MemoryError")
    except Exception as exc:  # noqa: BLE001 - any reader failure becomes this job's outcome
        result = (ERROR, None, f"{type(exc).__name__}: {str(exc)[:200]}")
    try:
        conn.send(result)
    except MemoryError:
        os._exit(_EXIT_MEMORY)
    except Exception as exc:  # noqa: BLE001 - a result that does not pickle
        conn.send((ERROR, None, f"{type(exc).__name__}: {str(exc)[:200]}"))
    conn.close()


def run_jobs(target: Callable, jobs: Sequence[tuple], *, workers: int = 2, timeout: float = 60.0,
             memory_bytes: int | None = None,
             on_done: Callable[[int, Outcome], None] | None = None) -> list[Outcome]:
    """Run ``target(*args)`` for every ``args`` in ``jobs``, isolated; outcomes in job order."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    if not jobs:
        return []
    ctx = _context()
    pending = list(range(len(jobs)))
    pending.reverse()
    running: list[_Running] = []
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                running.append(_start(ctx, pending.pop(), target, jobs, timeout, memory_bytes))
            now = time.monotonic()
            wait_for = [r.conn for r in running] + [r.process.sentinel for r in running]
            wait(wait_for, timeout=max(0.0, min(r.deadline for r in running) - now))
            for job in list(running):
                outcome = _poll(job)
                if outcome is None:
                    continue
                running.remove(job)
                outcomes[job.index] = outcome
                if on_done is not None:
                    on_done(job.index, outcome)
    finally:
        for job in running:  # only on an exception in the parent (e.g. KeyboardInterrupt)
            _stop(job)
    return [o if o is not None else Outcome(CRASH, detail="結果が返りませんでした") for o in outcomes]


def _start(ctx, index: int, target: Callable, jobs: Sequence[tuple], timeout: float,
           memory_bytes: int | None) -> _Running:
    fd, stderr_path = tempfile.mkstemp(prefix="reform-xlsx-worker-", suffix=".log")
    os.close(fd)
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send, target, tuple(jobs[index]), memory_bytes, stderr_path),
                          daemon=True)
    process.start()
    send.close()
    return _Running(index, process, receive, time.monotonic() + timeout, stderr_path)


def _poll(job: _Running) -> Outcome | None:
    """The job's outcome if it has one now (result sent, process gone, or deadline passed)."""
    if job.conn.poll():
        try:
            status, value, detail = job.conn.recv()
            outcome = Outcome(status, value, detail)
        except (EOFError, OSError, Exception) as exc:  # noqa: BLE001 - died while sending
            outcome = _dead(job) or Outcome(CRASH, detail=type(exc).__name__)
        _stop(job)
        return outcome
    if not job.process.is_alive():
        outcome = _dead(job) or Outcome(CRASH, detail=f"終了コード {job.process.exitcode}")
        _stop(job)
        return outcome
    if time.monotonic() >= job.deadline:
        _stop(job)
        return Outcome(TIMEOUT)
    return None


def _dead(job: _Running) -> Outcome | None:
    """Why a process ended without a result: memory (by exit code or its stderr) or a signal."""
    job.process.join(1)
    code = job.process.exitcode
    if code is None:
        return None
    stderr = _read_stderr(job.stderr_path)
    if code == _EXIT_MEMORY or "memory allocation" in stderr or "MemoryError" in stderr:
        return Outcome(MEMORY, detail=stderr.strip().splitlines()[0][:200] if stderr.strip() else "")
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return Outcome(CRASH, detail=f"シグナル {name}")
    if code != 0:
        return Outcome(CRASH, detail=f"終了コード {code}")
    return None


def _read_stderr(path: str, size: int = 2048) -> str:
    """The first and last ``size`` bytes a dead worker wrote to stderr."""
    try:
        with open(path, "rb") as f:
            head = f.read(size)
            f.seek(0, os.SEEK_END)
            end = f.tell()
            f.seek(max(len(head), end - size))
            return (head + b"\n" + f.read()).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _stop(job: _Running) -> None:
    if job.process.is_alive():
        job.process.kill()
    job.process.join(5)
    try:
        job.conn.close()
    except OSError:
        pass
    try:
        job.process.close()
    except ValueError:
        pass
    try:
        os.unlink(job.stderr_path)
    except OSError:
        pass
