"""The clerk closes the console window (or the PC loses power) in the middle of the first merge, then runs the same
command again. The real command is killed, with its reading workers, at an observable moment — not on a timer — and
run again: what the rerun says and leaves must be what a merge that was never stopped says and leaves.

(A kill at other moments — between the ledger's commit and the outputs, while an output or the PDF is written — was
swept on 150 returns with ``--pdf --public``: each rerun wrote outputs whose cells equal an unstopped run's, and the
ledger held every file once; those cases are kept by tests/test_outputs_atomic.py.)"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
SRC = Path(__file__).parent.parent / "src"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory, plan):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import returns
    finally:
        sys.path.remove(str(BENCHMARKS))
    folder = tmp_path_factory.mktemp("killed") / "受信"
    returns.generate(plan, 2026, 40, folder)  # enough files that the batch is still reading when a copy is archived
    return folder


def _kill_tree(proc: subprocess.Popen) -> None:
    """The command and every process it started, at once (as a closed console window or a power cut)."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _killed_once(argv: list[str], until) -> None:
    """Run ``reform-xlsx argv`` as its own process and kill it as soon as ``until()`` holds."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt" else {"start_new_session": True}
    proc = subprocess.Popen([sys.executable, "-m", "reform_xlsx", *argv], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, **group)
    try:
        while proc.poll() is None and not until():
            time.sleep(0.001)
    finally:
        _kill_tree(proc)
    assert proc.returncode != 0, "the command ended before the moment it was to be killed at"


def _copies(archive: Path) -> set[Path]:
    return {p for p in archive.glob("*/*") if p.suffix != ".part"} if archive.is_dir() else set()


def _recorded(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT name, sha256, archived_as FROM submissions").fetchall()
    finally:
        con.close()


def test_the_first_merge_killed_while_it_reads_then_run_again_without_a_file(inbox, tmp_path, capsys):
    """Killed once the archive holds an accepted original (the batch not committed): the ledger it set up holds
    nothing, and the clerk takes out a file sent by mistake before running again. The rerun is a first merge (it says
    the ledger is new), and no later merge speaks of the killed run's copy as an original 「この台帳に記録のない」
    (L026: a ledger restored from a backup — with the advice to merge the archive, the file taken out)."""
    work = tmp_path / "work"
    db, archive = work / "reform.db", work / "reform_archive"
    argv = ["merge", str(inbox), "--year", "R8", "--db", str(db), "--out", str(work / "out")]
    _killed_once(argv, lambda: bool(_copies(archive)))
    assert _recorded(db) == []  # killed before its batch was committed (else this test would prove nothing)
    orphan = next(iter(_copies(archive)))
    taken_out = [p for p in inbox.iterdir() if orphan.name.startswith(_sha(p))]
    assert len(taken_out) == 1
    taken_out[0].rename(tmp_path / taken_out[0].name)
    try:
        for run in range(2):  # the rerun, and a later merge
            assert main(argv) in (0, 1)
            said = capsys.readouterr()
            assert "L026" not in said.out + said.err, said.out
            if run == 0:
                assert f"台帳: {db}（新しく作りました" in said.out
    finally:
        (tmp_path / taken_out[0].name).rename(taken_out[0])
    rows = _recorded(db)
    assert len(rows) == len(list(inbox.iterdir())) - 1 and len({r[1] for r in rows}) == len(rows)
    with Ledger(db) as ledger:
        kept = {Path(os.path.abspath(ledger.recorded_path(r[2]))) for r in rows if r[2]}
    assert {Path(os.path.abspath(p)) for p in _copies(archive)} == kept  # each accepted original once, no orphan
    assert not list(archive.glob("*/*.part")) and not list(archive.glob(".*"))


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()



def test_a_batch_clears_only_the_copies_a_killed_batch_listed_and_left_unrecorded(tmp_path):
    from reform_xlsx.ledger.archive import UNRECORDED, Archive

    folder = tmp_path / "reform_archive"
    archive = Archive(folder)
    kept = archive.add("d" * 64, ".xlsx", b"kept")
    archive.wait()
    assert (folder / UNRECORDED).read_text(encoding="ascii").split() == [kept.name]  # noted as a batch writes it
    archive.keep()  # committed: the list goes
    assert not (folder / UNRECORDED).exists() and kept.exists()
    shas = {name: sha * 64 for name, sha in (("orphan", "a"), ("recorded", "b"), ("earlier", "c"))}
    copies = {}
    for name, sha in shas.items():
        copies[name] = archive.target(sha, ".xlsx")
        copies[name].parent.mkdir()
        copies[name].write_bytes(name.encode())
    half = copies["orphan"].with_suffix(".part")
    half.write_bytes(b"ha")  # the killed batch wrote the first two (and was writing the first again), an earlier the third
    (folder / UNRECORDED).write_text(f"{copies['orphan'].name}\n{copies['recorded'].name}\n", encoding="ascii")
    Archive(folder).clear_unrecorded(lambda sha: sha == shas["recorded"])  # the rerun's ledger records that one
    assert not copies["orphan"].exists() and not half.exists() and not copies["orphan"].parent.exists()
    assert copies["recorded"].exists() and copies["earlier"].exists() and kept.exists()
    assert not (folder / UNRECORDED).exists()


def test_report_clears_what_a_killed_run_left_half_written_in_its_folder(plan, tmp_path):
    """`report --pdf` killed while it wrote (a temporary file beside an output): report run again later clears it, as
    merge does (before, only merge did: a clerk who only ran report again kept it for good)."""
    import intake_craft as craft
    from reform_xlsx import outputs
    from reform_xlsx.merge import rebuild_report, run_merge

    craft.filled(plan, 2026, plan.sections[0], tmp_path / "受信")
    db, out = tmp_path / "reform.db", tmp_path / "out"
    run_merge([tmp_path / "受信"], plan, 2026, db=db, out=out)
    left = out / f"{outputs.TEMPORARY_PREFIX}abcd.xlsx"
    left.write_bytes(b"PK half")
    long_ago = time.time() - 2 * outputs.STALE_SECONDS
    os.utime(left, (long_ago, long_ago))
    rebuild_report(plan, 2026, db=db, out=out)
    assert not left.exists()
