"""The benchmark's measured scripts still do what they say (they use the intake's own functions,
which may change under them): the reading alone accepts what merge accepts, and the two-at-once
run reads every file exactly once between its two processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reform_xlsx.intake.reader import read_returns
from reform_xlsx.plan import load_plan
from reform_xlsx.records import FileStatus

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_merge
        import returns
        yield bench_merge, returns
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def inbox(bench, tmp_path_factory):
    _bench_merge, returns = bench
    plan, _ = load_plan(None)
    folder = tmp_path_factory.mktemp("bench") / "inbox"
    returns.generate(plan, plan.start_year, 22, folder, reject_frac=0.3)  # every section, some rejected
    return plan, folder


def _script(code: str, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def test_reading_alone_accepts_what_the_intake_accepts(bench, inbox):
    bench_merge, _returns = bench
    plan, folder = inbox
    expected = sum(r.status == FileStatus.ACCEPTED for r in read_returns([folder], plan, plan.start_year, workers=1))
    assert 0 < expected < 22  # the generated batch has rejected files too
    assert _script(bench_merge.READ_ALONE, str(folder), "", str(plan.start_year)) == [str(expected)]


def test_two_at_once_splits_the_files_between_two_processes(bench, inbox):
    bench_merge, _returns = bench
    plan, folder = inbox
    whole = int(_script(bench_merge.READ_ALONE, str(folder), "", str(plan.start_year))[0])
    halves = _script(bench_merge.READ_TWO_AT_ONCE, bench_merge.READ_ALONE, str(folder), "", str(plan.start_year))
    assert len(halves) == 2  # one count from each process
    assert sum(map(int, halves)) == whole
    first = int(_script(bench_merge.READ_ALONE, str(folder), "", str(plan.start_year), "0/2")[0])
    assert first in map(int, halves) and first < whole


@pytest.mark.parametrize("name, value, met", [
    ("merge / floor (wall)", 2.99, True),
    ("merge / floor (wall)", 3.0, True),
    ("merge / floor (wall)", 6.8, False),
    ("rerun / merge (wall)", 0.15, True),
    ("rerun / merge (wall)", 0.21, False),
    ("openpyxl / merge (wall)", 5.0, True),  # at least 5×
    ("openpyxl / merge (wall)", 4.97, False),
    ("templates / bare write (wall)", 0.9, True),
    ("templates / bare write (wall)", 2.1, False),
])
def test_the_benchmark_judges_each_ratio_against_its_target(bench, name, value, met):
    bench_merge, _returns = bench
    assert bench_merge.verdicts({name: value}, bench_merge.TARGETS) == {name: met}
    assert bench_merge.target_text(name, bench_merge.TARGETS, {name: met}).endswith(": met" if met else ": NOT met")


def test_a_large_plan_is_judged_by_its_own_targets(bench):
    bench_merge, _returns = bench
    values = {"meeting workbook / bare write": 1.2, "plan load (s)": 1.06, "merge / floor (wall)": 27.0}
    assert bench_merge.verdicts(values, bench_merge.LARGE_PLAN_TARGETS) == {
        "meeting workbook / bare write": True, "plan load (s)": False}  # no 3× target for merge there


def test_the_later_years_benchmark_builds_an_office_folder_of_accepted_years(bench, tmp_path):
    """``--years``: the first year merged with its 推進室評価シート filled and read back, the next year's returns made
    from the forms the ledger wrote (意見への対応 answered) and accepted as merge accepts them."""
    import sqlite3

    bench_merge, _returns = bench
    plan, _ = load_plan(None)
    bases = bench_merge.build_years(plan, [2026, 2027], 11, tmp_path)
    assert set(bases) == {2026, 2027}
    (first, _), (later, inbox) = bases[2026], bases[2027]
    assert not (first / "reform_archive").exists()  # as it stood after the 照会, before the first merge
    with sqlite3.connect(later / "reform.db") as db:
        assert db.execute("SELECT year, COUNT(*) FROM submissions WHERE status = 'accepted' GROUP BY year").fetchall() \
            == [(2026, 12)]  # every section's return and the office's filled 推進室評価シート
        assert db.execute("SELECT COUNT(*) FROM submissions WHERE form = 'review'").fetchone() == (1,)
    results = read_returns([inbox], plan, 2027, workers=1)
    assert [r.status for r in results] == [FileStatus.ACCEPTED] * 11
    assert any(a.field == "response" for r in results for a in r.answers)  # 意見への対応, on the later year's form
