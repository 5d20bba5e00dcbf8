"""Run each file's reading in a sandboxed worker process: a few long-lived workers, one file each at a time.

A worker process starts once (``spawn`` by default, as on Windows; ``forkserver`` on request),
caps its own address space (``RLIMIT_AS``), runs an optional initialiser (for the intake: the
plan and the year), then reads files one at a time as the parent sends them. The parent watches
every job:

- a job has a wall-clock deadline: past it, the worker is killed and the job is ``TIMEOUT``;
- where the system has no address-space cap (Windows; macOS does not enforce it), the parent looks at
  each worker's memory every :data:`WATCH_SECONDS` and kills a worker past the cap: ``MEMORY``;
- a worker that dies during a job (a native crash, the memory cap) costs that job only; a fresh
  worker takes its place. If the dead worker had read other files before, or it ended without a
  word, the job is tried once more in a fresh worker first, so that a file is never blamed for
  what an earlier one left behind;
- a worker is replaced after :data:`JOBS_PER_WORKER` jobs, so nothing accumulates;
- a worker that is ready may hold :data:`QUEUED` more jobs behind the one it reads, so that it never
  waits for the parent between files. A worker reads its jobs in order, so the oldest job without a
  result is the one it is reading: that job alone has a deadline, and when the worker dies or is
  killed, the jobs behind it were never started — they go back to the queue, untouched. A busy worker
  does not read its pipe, so a job is queued behind it only when it is small (at most
  :data:`QUEUED_BYTES` pickled, well inside any pipe's buffer): the parent, which must stay free to
  watch deadlines, never waits for a busy worker to read.

How a job ended depends only on what the worker sent and how it ended, never on the order in
which the parent looked: the parent notes whether the process is alive *before* it reads the
pipe, so a result sent just before the process exits is always read (a dead process's pipe
already holds everything it sent). A process that exits cleanly without sending the result of
the job it was given is ``INTERNAL`` — a fault of this tool, not of the file.

Each worker's stderr goes to a private temporary file, so that a native reader's dying words
never reach the user's terminal but can name the cause.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from multiprocessing.reduction import ForkingPickler

OK, TIMEOUT, MEMORY, CRASH, ERROR, INTERNAL = "ok", "timeout", "memory", "crash", "error", "internal"
JOBS_PER_WORKER = 2000
QUEUED = 1  # jobs sent to a ready worker behind the one it reads
QUEUED_BYTES = 4096  # the largest job sent to a busy worker (Windows pipes buffer 8 KiB)
STARTUP_SECONDS = 120.0  # how long a new worker may take to start (imports, initialiser) before its first job counts
WATCH_SECONDS = 0.05  # how often the parent looks at a worker's memory where the system cannot cap it
_READY = (-1, "ready")
_EXIT_MEMORY = 71
START_METHOD_ENV = "REFORM_XLSX_START_METHOD"


class WorkerStartError(RuntimeError):
    """The worker processes cannot start at all (not a file's fault: nothing can be read)."""


STARTUP_FAILURES = 3  # workers that die before they are ready, in a row, before giving up


@dataclass
class Outcome:
    status: str  # OK | TIMEOUT | MEMORY | CRASH | ERROR | INTERNAL
    value: object = None  # the job's return value when OK
    detail: str = ""  # what went wrong, for the message
    attempts: int = 1  # 2 when the job was tried again in a fresh worker


def watches_memory() -> bool:
    """Whether the parent must watch the workers' memory itself: Windows has no ``RLIMIT_AS``, and macOS
    does not enforce it. Elsewhere the cap is set in each worker and the system enforces it."""
    return sys.platform in ("win32", "darwin")


def start_method() -> str:
    """``spawn`` (every platform, as on Windows) unless ``REFORM_XLSX_START_METHOD`` names ``forkserver``.
    Never a plain ``fork``: the parent has other threads by then (the ledger's archive writer), and a
    process forked from a threaded one may inherit a lock held by a thread it does not have."""
    wanted = os.environ.get(START_METHOD_ENV, "spawn")
    return wanted if wanted in ("spawn", "forkserver") and wanted in multiprocessing.get_all_start_methods() \
        else "spawn"


# --- inside the worker process -------------------------------------------------------------

class _Entry:
    """The workers' process target: unpickled first in a new worker, before the reader's modules,
    as :func:`reform_xlsx.intake.worker_entry.entered` (which makes the worker ignore Ctrl-C)."""

    def __reduce__(self):
        from reform_xlsx.intake.worker_entry import entered

        return (entered, ())

    def __call__(self, *args) -> None:  # started without pickling (fork, in the tests): the same, in place
        from reform_xlsx.intake.worker_entry import entered

        entered()(*args)


def _cap_memory(memory_bytes: int | None) -> None:
    if not memory_bytes:
        return
    try:
        import resource
    except ImportError:  # Windows: the deadline and the size caps still apply
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ValueError, OSError):
        pass


def _serve(conn, target: Callable, init: Callable | None, initargs: tuple, memory_bytes: int | None,
           stderr_path: str, after_send: Callable | None) -> None:
    """Entry point of a worker process: read jobs from ``conn`` until told to stop."""
    try:
        fd = os.open(stderr_path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(fd, 2)
        os.close(fd)
    except OSError:
        pass
    _cap_memory(memory_bytes)
    state = init(*initargs) if init is not None else None
    conn.send(_READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, job = message
        try:
            result = (OK, target(state, job) if init is not None else target(*job), "")
        except MemoryError:
            result = (MEMORY, None, "MemoryError")
        except Exception as exc:  # noqa: BLE001 - any reader failure becomes this job's outcome
            result = (ERROR, None, f"{type(exc).__name__}: {str(exc)[:200]}")
        try:
            conn.send((index, result))
        except MemoryError:
            os._exit(_EXIT_MEMORY)
        except Exception as exc:  # noqa: BLE001 - a result that does not pickle
            conn.send((index, (ERROR, None, f"{type(exc).__name__}: {str(exc)[:200]}")))
        if after_send is not None:
            after_send()
        if result[0] == MEMORY:
            os._exit(_EXIT_MEMORY)  # what is left of this process's memory cannot be trusted


# --- in the parent -------------------------------------------------------------------------

@dataclass
class _Job:
    index: int
    args: object
    retried: bool = False


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object
    stderr_path: str
    done: int = 0  # jobs finished in this process
    ready: bool = False  # started and initialised: job deadlines count from here
    job: _Job | None = None  # the job it reads (the oldest without a result)
    deadline: float = 0.0
    queued: deque[_Job] = field(default_factory=deque)  # sent behind ``job``, not started yet
    over_memory: bool = False  # stopped by the parent for using more memory than the cap
    watched: object = None  # psutil's view of the process, when the parent watches its memory


class Pool:
    """A few sandboxed worker processes; see the module docstring. Use as a context manager."""

    def __init__(self, target: Callable, *, workers: int = 2, timeout: float = 60.0,
                 memory_bytes: int | None = None, init: Callable | None = None, initargs: tuple = (),
                 method: str | None = None, after_send: Callable | None = None,
                 between_looks: Callable | None = None, jobs_per_worker: int = JOBS_PER_WORKER,
                 queued: int = QUEUED, watch_memory: bool | None = None) -> None:
        """``memory_bytes``: each worker's memory cap — set in the worker (``RLIMIT_AS``) or, where the
        system cannot (``watch_memory``; by default :func:`watches_memory`), watched by the parent, which
        stops a worker past it every :data:`WATCH_SECONDS` (the job's outcome is ``MEMORY`` either way)."""
        self.target, self.init, self.initargs = target, init, initargs
        self.between_looks = between_looks  # tests only: runs in the parent between its two looks
        self.size, self.timeout, self.memory_bytes = max(1, workers), timeout, memory_bytes
        self.jobs_per_worker, self.queued = jobs_per_worker, queued
        self._returned: deque[_Job] = deque()  # jobs a worker held but never started: first in line
        self.after_send = after_send  # tests only: runs in the worker right after each send
        self.ctx = multiprocessing.get_context(method or start_method())
        self.workers: list[_Worker] = []
        self.startup_failures = 0
        self.watch = bool(memory_bytes) and (watches_memory() if watch_memory is None else watch_memory)
        self._looked = 0.0  # when the parent last looked at the workers' memory

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> _Worker:
        fd, stderr_path = tempfile.mkstemp(prefix="reform-xlsx-worker-", suffix=".log")
        os.close(fd)
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=_Entry(), daemon=True, args=(
            child_end, self.target, self.init, self.initargs, None if self.watch else self.memory_bytes, stderr_path,
            self.after_send))
        with _main_script_hidden(self.target, self.init), _interrupts_ignored():
            process.start()
        child_end.close()
        worker = _Worker(process, parent_end, stderr_path)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool = False, told: bool = False) -> None:
        """End ``worker``: killed, or told to stop (unless ``told`` already) and waited for."""
        if worker in self.workers:
            self.workers.remove(worker)
        self._returned.extendleft(reversed(worker.queued))  # in their order, before any new job
        worker.queued.clear()
        if kill and worker.process.is_alive():
            worker.process.kill()
        elif worker.process.is_alive() and not told and not _tell_to_stop(worker):
            worker.process.kill()
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(5)
        for close in (worker.conn.close, worker.process.close):
            try:
                close()
            except (OSError, ValueError):
                pass
        try:
            os.unlink(worker.stderr_path)
        except OSError:
            pass

    def close(self) -> None:
        idle = [w for w in self.workers if w.job is None and w.process.is_alive()]
        for worker in idle:  # told first, so that they all end at once (each is waited for below)
            _tell_to_stop(worker)
        for worker in list(self.workers):
            self._retire(worker, kill=worker.job is not None, told=worker in idle)

    def run(self, jobs: Iterable) -> Iterator[tuple[int, Outcome]]:
        """Run ``target`` over ``jobs`` (read lazily, in order); yield ``(index, outcome)`` as each ends."""
        source = iter(enumerate(jobs))
        retry: deque[_Job] = deque()
        exhausted = False
        while True:
            self._dispatch(source, retry, exhausted)
            exhausted = exhausted or self._exhausted
            busy = [w for w in self.workers if w.job is not None]
            if not busy:
                if exhausted and not retry and not self._returned:
                    return
                continue
            until = min(w.deadline for w in busy) - time.monotonic()
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                 timeout=max(0.0, min(until, WATCH_SECONDS) if self.watch else until))
            if self.watch:
                self._watch(busy)
            for worker in busy:
                ended = self._check(worker)
                if ended is None:
                    continue
                job, outcome = ended
                if not job.retried and (outcome.status == INTERNAL
                                        or (outcome.status in (CRASH, MEMORY) and worker.done > 0)):
                    job.retried = True  # maybe not this file's doing: once more, in a fresh process
                    retry.append(job)
                    self._retire(worker, kill=True)
                    continue
                if outcome.status in (CRASH, MEMORY, TIMEOUT, INTERNAL):
                    self._retire(worker, kill=True)
                else:
                    worker.done += 1
                    if worker.done >= self.jobs_per_worker:
                        self._retire(worker)
                outcome.attempts = 2 if job.retried else 1
                yield job.index, outcome

    _exhausted = False

    def _dispatch(self, source: Iterator, retry: deque, exhausted: bool) -> None:
        """Give idle workers jobs (starting workers up to the pool's size); a retried job goes
        only to a worker that has read nothing yet."""
        self._exhausted = exhausted
        for worker in [w for w in self.workers if w.job is None and not w.process.is_alive()]:
            self._retire(worker)  # ended between jobs: never hand it one
        while retry:
            fresh = next((w for w in self.workers if w.job is None and w.done == 0), None)
            if fresh is None and len(self.workers) < self.size:
                fresh = self._start()
            if fresh is None:
                break
            self._hand(fresh, retry.popleft())
        while self._returned or not self._exhausted:
            idle = next((w for w in self.workers if w.job is None), None)
            room = idle is None and len(self.workers) < self.size
            if idle is None and not room:
                idle = next((w for w in self.workers if self._may_queue(w)), None)
                if idle is None:
                    return
            if self._returned:
                job = self._returned.popleft()
            else:
                nxt = next(source, None)
                if nxt is None:  # no process is started for no job (a rerun with nothing new starts none)
                    self._exhausted = True
                    return
                job = _Job(*nxt)
            if not self._hand(self._start() if room else idle, job):
                self._returned.appendleft(job)  # too big to queue: for the next worker that is free
                return

    def _hand(self, worker: _Worker, job: _Job) -> bool:
        """Give ``job`` to ``worker``; False (nothing sent) when it is too big to queue behind the job
        the worker is reading."""
        if worker.job is None:
            self._give(worker, job)
            return True
        payload = ForkingPickler.dumps((job.index, job.args))
        if len(payload) > QUEUED_BYTES:
            return False
        self._give(worker, job, payload)
        return True

    def _may_queue(self, worker: _Worker) -> bool:
        """Whether a busy worker may take one more job behind the one it reads: only a ready worker,
        not reading a job tried again (that one reads alone), with room before it is replaced."""
        return (worker.ready and worker.job is not None and not worker.job.retried
                and len(worker.queued) < self.queued
                and worker.done + 1 + len(worker.queued) < self.jobs_per_worker)

    def _give(self, worker: _Worker, job: _Job, payload: bytes | None = None) -> None:
        """Send ``job`` (already pickled as ``payload`` when it is queued behind another)."""
        if worker.job is None:
            worker.job = job
            worker.deadline = time.monotonic() + self.timeout + (0 if worker.ready else STARTUP_SECONDS)
        else:
            worker.queued.append(job)
        try:
            if payload is not None:
                worker.conn.send_bytes(payload)
            else:
                worker.conn.send((job.index, job.args))
        except (OSError, ValueError):
            pass  # the worker is gone: _check sees it

    def _watch(self, busy: list[_Worker]) -> None:
        """Stop each busy worker whose memory is over the cap (its private memory on Windows)."""
        now = time.monotonic()
        if now - self._looked < WATCH_SECONDS:
            return
        self._looked = now
        import psutil  # only where the parent watches (Windows, macOS)

        for worker in busy:
            try:
                if worker.watched is None:
                    worker.watched = psutil.Process(worker.process.pid)
                info = worker.watched.memory_info()
                used = getattr(info, "private", 0) or info.rss
            except (psutil.Error, ValueError):
                continue  # ended already: _check sees it
            if used > self.memory_bytes:
                worker.over_memory = True
                worker.process.kill()

    def _check(self, worker: _Worker) -> tuple[_Job, Outcome] | None:
        """The worker's current job and its outcome, if it has ended; None while it runs."""
        job = worker.job
        alive = worker.process.is_alive()  # first: a dead process's pipe already holds all it sent
        if self.between_looks is not None:
            self.between_looks()
        try:
            has_data = worker.conn.poll()
        except (OSError, ValueError):
            has_data, alive = False, False
        if has_data and not worker.ready:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                message, alive = None, False
            if message == _READY:
                worker.ready = True
                self.startup_failures = 0
                worker.deadline = time.monotonic() + self.timeout
                has_data = worker.conn.poll()
        if has_data:
            try:
                index, (status, value, detail) = worker.conn.recv()
            except (EOFError, OSError):
                alive = False  # the pipe closed without a result: the process is going
            except Exception as exc:  # noqa: BLE001 - a result that does not unpickle
                worker.job = worker.queued.popleft() if worker.queued else None
                worker.deadline = time.monotonic() + self.timeout
                return job, Outcome(ERROR, detail=f"{type(exc).__name__}: {str(exc)[:200]}")
            else:
                if index == job.index:
                    worker.job = worker.queued.popleft() if worker.queued else None
                    worker.deadline = time.monotonic() + self.timeout
                    return job, Outcome(status, value, detail)
        if not alive:
            worker.job = None
            outcome = self._death(worker)
            if not worker.ready:
                self.startup_failures += 1
                if self.startup_failures >= STARTUP_FAILURES:
                    stderr = _read_stderr(worker.stderr_path).strip().splitlines()
                    raise WorkerStartError(
                        "ファイルを読むためのプロセスを起動できませんでした"
                        f"（{stderr[-1][:200] if stderr else outcome.detail}）。何も記録していません。")
            return job, outcome
        if time.monotonic() >= worker.deadline:
            worker.job = None
            return job, Outcome(TIMEOUT)
        return None

    def _death(self, worker: _Worker) -> Outcome:
        """Why a process ended without the result of its job: memory (exit code or stderr), a signal,
        an exit code — or a clean exit, which is this tool's fault (INTERNAL), not the file's."""
        worker.process.join(2)
        code = worker.process.exitcode
        if worker.over_memory:
            return Outcome(MEMORY, detail="メモリの上限を超えたため止めました")
        if code is None:  # the pipe closed but the process hangs on: it is no use any more
            worker.process.kill()
            worker.process.join(5)
            return Outcome(CRASH, detail="結果を返さずに応答しなくなりました")
        stderr = _read_stderr(worker.stderr_path)
        if code == _EXIT_MEMORY or "memory allocation" in stderr or "MemoryError" in stderr:
            return Outcome(MEMORY, detail=stderr.strip().splitlines()[0][:200] if stderr.strip() else "")
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return Outcome(CRASH, detail=f"シグナル {name}")
        if code:
            return Outcome(CRASH, detail=f"終了コード {code}")
        return Outcome(INTERNAL, detail="読み込み処理が結果を返さずに終了しました")


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Start a process with Ctrl-C ignored from its first instruction, where the system lets a child
    inherit an ignored signal (POSIX; Python then leaves it ignored). For the start itself (a few
    milliseconds) the parent ignores Ctrl-C too, with it blocked: a press then stays pending and
    reaches the parent as soon as the start is done (the archive's thread blocks it as well, so it is
    not delivered there). On Windows :mod:`reform_xlsx.intake.worker_entry` does it as early as it can."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _main_script_hidden(*functions: Callable | None) -> Iterator[None]:
    """Start a process without running the main script again in it.

    A process started by ``spawn`` (or ``forkserver``) first runs the parent's main script (as
    ``__mp_main__``), so that what the script defines can be unpickled there. For the installed
    command (``reform-xlsx``, a script) that is every import of the command line, in every worker:
    about 0.15 s of CPU each, for nothing — a worker runs only functions of importable modules. So
    the script is out of sight while the process starts, unless one of ``functions`` is defined in
    it. ``python -m reform_xlsx`` needs nothing: multiprocessing never runs a package's
    ``__main__`` again."""
    main = sys.modules.get("__main__")
    if (main is None or getattr(main, "__spec__", None) is not None
            or any(getattr(f, "__module__", None) == "__main__" for f in functions if f is not None)):
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _tell_to_stop(worker: _Worker) -> bool:
    """Ask an idle worker to end; False when it can no longer be told (its pipe is gone)."""
    try:
        worker.conn.send(None)
    except (OSError, ValueError):
        return False
    return True


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


def run_jobs(target: Callable, jobs: Iterable, *, workers: int = 2, timeout: float = 60.0,
             memory_bytes: int | None = None, init: Callable | None = None, initargs: tuple = (),
             method: str | None = None, after_send: Callable | None = None,
             between_looks: Callable | None = None, jobs_per_worker: int = JOBS_PER_WORKER,
             on_done: Callable[[int, Outcome], None] | None = None,
             watch_memory: bool | None = None) -> list[Outcome]:
    """Run every job and return the outcomes in job order (see :class:`Pool`)."""
    outcomes: dict[int, Outcome] = {}
    with Pool(target, workers=workers, timeout=timeout, memory_bytes=memory_bytes, init=init,
              initargs=initargs, method=method, after_send=after_send, between_looks=between_looks,
              jobs_per_worker=jobs_per_worker, watch_memory=watch_memory) as pool:
        for index, outcome in pool.run(jobs):
            outcomes[index] = outcome
            if on_done is not None:
                on_done(index, outcome)
    return [outcomes[i] for i in range(len(outcomes))]
