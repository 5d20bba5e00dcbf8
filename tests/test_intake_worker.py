"""Process isolation: an abort, a stall, a memory blow-up or an exception costs only its job, and
a job's outcome never depends on when the parent looked.

The jobs are module-level callables (they pickle by name into the worker processes):
``os.abort`` really kills its process with SIGABRT, ``time.sleep`` really outlives its
deadline, ``bytearray`` really hits the address-space cap.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import worker_jobs
from reform_xlsx.intake import worker
from reform_xlsx.intake.worker import CRASH, ERROR, INTERNAL, MEMORY, OK, TIMEOUT, WorkerStartError, run_jobs

METHODS = ["spawn"] + (["forkserver"] if "forkserver" in multiprocessing.get_all_start_methods() else [])


@pytest.mark.parametrize("method", METHODS)
def test_each_failure_costs_only_its_job(method):
    jobs = [(len, "abc"), (os.abort,), (len, "de"), (time.sleep, 30), (int, "x"), (len, "f")]
    done = []
    outcomes = run_jobs(worker_jobs.call, jobs, workers=2, timeout=3, method=method,
                        on_done=lambda i, o: done.append(i))
    assert [o.status for o in outcomes] == [OK, CRASH, OK, TIMEOUT, ERROR, OK]
    assert [o.value for o in outcomes if o.status == OK] == [3, 2, 1]
    assert outcomes[1].detail == "シグナル SIGABRT"
    assert outcomes[4].detail.startswith("ValueError")
    assert sorted(done) == list(range(len(jobs)))


@pytest.mark.skipif(sys.platform == "win32", reason="the system cap (RLIMIT_AS); the parent's watch is tested below")
def test_memory_cap_stops_a_blow_up():
    outcomes = run_jobs(worker_jobs.call, [(bytearray, 2 << 30), (len, "ok")], memory_bytes=1 << 30)
    assert [o.status for o in outcomes] == [MEMORY, OK]


def test_the_parent_stops_a_worker_over_the_memory_cap_where_the_system_cannot():
    """Windows has no RLIMIT_AS (and macOS does not enforce it): there the parent watches each worker's
    memory and stops the one past the cap — the same MEMORY outcome, and only that job is lost. Here the
    watch is switched on by hand (the worker sets no cap of its own then, so the stop is the parent's)."""
    from reform_xlsx.intake.worker import WATCH_SECONDS

    outcomes = run_jobs(worker_jobs.call, [(worker_jobs.grow, 1200), (len, "ok"), (worker_jobs.grow, 40)],
                        workers=1, memory_bytes=400 << 20, watch_memory=True, timeout=30)
    assert [o.status for o in outcomes] == [MEMORY, OK, OK]
    assert outcomes[0].detail == "メモリの上限を超えたため止めました"
    assert [o.value for o in outcomes[1:]] == [2, 40]
    assert WATCH_SECONDS <= 0.1  # a blow-up is stopped within a tenth of a second


SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
import worker_jobs
from reform_xlsx.intake.worker import run_jobs


def defined_here():
    return "here"


if __name__ == "__main__":
    method = sys.argv[1]
    ours = run_jobs(worker_jobs.call, [(worker_jobs.ran_main_script,)], workers=1, method=method)
    its_own = run_jobs(defined_here, [()], workers=1, method=method)
    print(ours[0].status, ours[0].value, its_own[0].status, its_own[0].value)
"""


@pytest.mark.parametrize("method", METHODS)
def test_a_worker_does_not_run_the_command_script_again(tmp_path, method):
    """The installed command is a script (``reform-xlsx``): a worker started from it must not run it again (every
    import of the command line, in every worker) — but a job defined in the script itself still runs."""
    script = tmp_path / "command.py"
    script.write_text(SCRIPT.format(tests=os.path.dirname(worker_jobs.__file__)), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), method], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ok", "False", "ok", "here"]


READ_EVERY_SAMPLE = """
import sys
from pathlib import Path
from reform_xlsx.intake import read_file, worker  # what a worker process loads
from reform_xlsx.intake.files import read_bytes
from reform_xlsx.intake.reader import DEFAULT_LIMITS
from reform_xlsx.intake.sniff import ZIP
from reform_xlsx.plan import load_plan
plan, _ = load_plan(None)
context = read_file.start(plan, plan.start_year, DEFAULT_LIMITS)
statuses = set()
for path in sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file()):
    cap = DEFAULT_LIMITS.max_file_bytes
    job = read_file.Job(path.name, str(path), read_bytes(path, cap)[1], ZIP, cap)
    statuses.add(str(read_file.read_one(context, job).status))
    read_file.identify_only(context, job)  # the second look after a failed read
import xml.etree.ElementTree as standard
try:
    standard.fromstring('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    refused = "no"
except Exception as exc:
    refused = type(exc).__module__
others = [m for m in ("xml.dom.minidom", "xml.dom.pulldom", "xml.sax", "xml.dom.expatbuilder", "xmlrpc.client")
          if m in sys.modules]
print(" ".join(sorted(statuses)), refused, " ".join(others), sep="|")
"""


def test_a_worker_loads_no_standard_xml_parser_but_the_hardened_one():
    """A worker hardens the standard ElementTree only (defusedxml's parsers in its place): after reading every
    kind of sample file — accepted, rejected, a lock file, a zip, a memo — it has loaded no other standard XML
    parser, and the one it has refuses entities."""
    inbox = Path(__file__).resolve().parent.parent / "samples" / "inbox"
    done = subprocess.run([sys.executable, "-c", READ_EVERY_SAMPLE, str(inbox)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    statuses, refused, others = done.stdout.strip().split("|")
    assert {"accepted", "rejected", "skipped"} <= set(statuses.split())
    assert refused == "defusedxml.common"
    assert others == ""


@pytest.mark.parametrize("wanted, expected", [
    (None, "spawn"),  # as on Windows
    ("spawn", "spawn"),
    ("forkserver", "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"),
    ("fork", "spawn"),  # never: the parent has threads (the archive writer) by the time workers start
    ("nonsense", "spawn"),
])
def test_the_start_method_the_environment_may_choose(monkeypatch, wanted, expected):
    if wanted is None:
        monkeypatch.delenv(worker.START_METHOD_ENV, raising=False)
    else:
        monkeypatch.setenv(worker.START_METHOD_ENV, wanted)
    assert worker.start_method() == expected


def test_no_jobs():
    assert run_jobs(worker_jobs.call, []) == []


def test_a_clean_exit_without_a_result_is_an_internal_error_not_a_crash():
    outcomes = run_jobs(worker_jobs.exit_quietly, [(1,), (2,)], workers=1)
    assert [o.status for o in outcomes] == [INTERNAL, INTERNAL]


def test_a_crash_after_other_files_is_tried_again_in_a_fresh_worker():
    """The worker dies on its second job: that file is read again by a fresh worker and is fine."""
    outcomes = run_jobs(worker_jobs.crash_on_second_job, [(n,) for n in range(4)], workers=1)
    assert [o.status for o in outcomes] == [OK] * 4
    assert [o.value for o in outcomes] == [0, 1, 2, 3]


@pytest.mark.parametrize("method", METHODS)
def test_a_result_sent_just_before_the_worker_exits_is_always_read(method):
    """Every worker reads one file, sends its result and exits at once or a moment later, the parent
    pauses at random between its looks, and other processes keep both cores busy: not one of
    hundreds of jobs may come back as anything but OK, nor be tried twice."""
    count = 300 if method == "forkserver" else 60
    load = [multiprocessing.get_context("spawn").Process(target=worker_jobs.spin, args=(120,), daemon=True)
            for _ in range(2)]
    for p in load:
        p.start()
    try:
        outcomes = run_jobs(worker_jobs.echo, [(n,) for n in range(count)], workers=2, method=method,
                            after_send=worker_jobs.exit_after_send, between_looks=worker_jobs.pause,
                            jobs_per_worker=1)
    finally:
        for p in load:
            p.kill()
            p.join()
    assert [o.status for o in outcomes] == [OK] * count
    assert [o.value for o in outcomes] == list(range(count))
    assert [o.attempts for o in outcomes] == [1] * count  # not one was judged dead and tried again


def test_workers_that_cannot_start_stop_the_run_at_once():
    """A worker that dies before it is ready (here: its initialiser fails) is not a file's fault:
    after a few tries the run stops with a clear error, instead of starting a process per file."""
    start = time.monotonic()
    with pytest.raises(WorkerStartError, match="起動できませんでした"):
        run_jobs(worker_jobs.echo, [(n,) for n in range(50)], workers=2, init=worker_jobs.exit_quietly,
                 initargs=(None,))
    assert time.monotonic() - start < 30


def test_a_job_queued_behind_a_crash_or_a_stall_is_read_as_if_nothing_happened():
    """A ready worker holds a second job behind the one it reads. When the first kills the process
    (or stalls past its deadline), the second was never started: it goes back to the queue and is
    read once, by a fresh worker — never blamed, never counted as a second attempt."""
    jobs = [(len, "a"), (os.abort,), (len, "bc"), (time.sleep, 30), (len, "def"), (len, "g")]
    outcomes = run_jobs(worker_jobs.call, jobs, workers=1, timeout=3)
    assert [o.status for o in outcomes] == [OK, CRASH, OK, TIMEOUT, OK, OK]
    assert [o.value for o in outcomes if o.status == OK] == [1, 2, 3, 1]
    assert [o.attempts for o in outcomes] == [1, 2, 1, 1, 1, 1]  # only the crash was tried again


def test_a_ready_worker_holds_the_next_job_while_the_parent_is_busy():
    """The pipelining itself: while the parent handles one result, the worker already has the next job."""
    from reform_xlsx.intake.worker import Pool

    seen: list[int] = []
    with Pool(worker_jobs.call, workers=1) as pool:
        pool.between_looks = lambda: seen.append(max((len(w.queued) for w in pool.workers), default=0))
        values = [outcome.value for _index, outcome in pool.run([(len, "x" * n) for n in range(20)])]
    assert values == list(range(20))
    assert max(seen) == 1  # one job waited behind the one being read, never more


def test_a_big_job_is_never_queued_behind_a_stalled_worker():
    """A busy worker does not read its pipe: a big job sent to it would block the parent until the worker
    finished — here never, so the deadline could not be watched. The big job waits for a free worker."""
    start = time.monotonic()
    outcomes = run_jobs(worker_jobs.call, [(len, "a"), (time.sleep, 30), (len, "x" * 20_000_000), (len, "bc")],
                        workers=1, timeout=2)
    assert [o.status for o in outcomes] == [OK, TIMEOUT, OK, OK]
    assert [o.value for o in outcomes if o.status == OK] == [1, 20_000_000, 2]
    assert time.monotonic() - start < 20  # the stall cost its deadline, not its 30 seconds



def test_closing_the_pool_ends_every_worker_and_removes_its_log():
    """Idle workers are told to stop together and each is waited for: no process and no stderr log is
    left when the pool ends (a worker still reading at the end is killed: see the stall tests above)."""
    from reform_xlsx.intake.worker import Pool

    with Pool(worker_jobs.call, workers=2, timeout=30) as pool:
        assert sorted(o.value for _, o in pool.run([(len, "ab"), (len, "abc"), (len, "a")])) == [1, 2, 3]
        workers = list(pool.workers)
        assert len(workers) == 2 and all(w.process.is_alive() for w in workers)
        processes = [w.process for w in workers]
        logs = [w.stderr_path for w in workers]
    assert pool.workers == []
    for process in processes:
        with pytest.raises(ValueError):  # closed: it was joined first (a closed process cannot be asked)
            process.is_alive()
    assert not any(os.path.exists(log) for log in logs)


@pytest.mark.parametrize("inherited", [True, False], ids=["posix-inherited", "entry-module"])
def test_a_worker_ignores_ctrl_c_which_the_parent_owns(monkeypatch, inherited):
    """A console sends Ctrl-C to every process in it; a worker that took it would print a traceback
    next to the command's own message. Workers ignore it — from their first instruction where the
    system lets a child inherit an ignored signal, and otherwise (Windows, tested here by turning the
    inheritance off) from the first module they unpickle, before the reader's modules."""
    import contextlib

    if not inherited:
        monkeypatch.setattr(worker, "_interrupts_ignored", contextlib.nullcontext)
    outcomes = run_jobs(worker_jobs.interrupt_handler, [(1,), (2,)], workers=2, timeout=30)
    assert [o.value for o in outcomes] == ["ignored", "ignored"]
    import signal

    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the parent's own is back


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="POSIX signal masks")
def test_ctrl_c_while_a_worker_starts_is_kept_for_the_parent_not_lost():
    import signal
    import threading

    with pytest.raises(KeyboardInterrupt):
        with worker._interrupts_ignored():
            # pressed while the parent ignores it for the start. Sent to the main thread: the system gives a press
            # to any thread that does not block it, and once numpy is loaded (an earlier test in this process)
            # OpenBLAS has a thread of its own that does not — merge starts its workers before it imports pandas
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
            time.sleep(0.05)
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # nothing raised in here
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
