"""Process isolation: an abort, a stall, a memory blow-up or an exception costs only its job.

The jobs are standard-library callables (they pickle by name into the worker processes):
``os.abort`` really kills its process with SIGABRT, ``time.sleep`` really outlives its
deadline, ``bytearray`` really hits the address-space cap.
"""

from __future__ import annotations

import os
import sys
import time

import pytest

from reform_xlsx.intake.worker import CRASH, ERROR, MEMORY, OK, TIMEOUT, run_jobs


def _call(function, *args):
    return function(*args)


def test_each_failure_costs_only_its_job():
    jobs = [
        (len, "abc"),
        (os.abort,),
        (len, "de"),
        (time.sleep, 30),
        (int, "x"),
        (len, "f"),
    ]
    done = []
    outcomes = run_jobs(_call, jobs, workers=2, timeout=3, on_done=lambda i, o: done.append(i))
    assert [o.status for o in outcomes] == [OK, CRASH, OK, TIMEOUT, ERROR, OK]
    assert [o.value for o in outcomes if o.status == OK] == [3, 2, 1]
    assert outcomes[1].detail == "シグナル SIGABRT"
    assert outcomes[4].detail.startswith("ValueError")
    assert sorted(done) == list(range(len(jobs)))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX only")
def test_memory_cap_stops_a_blow_up():
    outcomes = run_jobs(_call, [(bytearray, 2 << 30), (len, "ok")], memory_bytes=1 << 30)
    assert [o.status for o in outcomes] == [MEMORY, OK]


def test_no_jobs():
    assert run_jobs(_call, []) == []
