"""Setting up a new ledger is all or nothing: a full disk (or a kill) while its tables are made leaves no
half-made ledger behind, and one an older version left half-made is set up when used again — never refused
as another program's database, a file reform-xlsx itself made.

The full disk is SQLite's own: ``PRAGMA max_page_count`` set on the connection the ledger opens (SQLITE_FULL
once the file would grow past it), so no root or small file system is needed.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reform_xlsx.cli import main
from reform_xlsx.ledger import store
from reform_xlsx.ledger.store import Ledger, LedgerError

SAMPLES = Path(__file__).parent.parent / "samples" / "inbox"
TABLES = {"submissions", "answers", "outputs", "sent_copies", "sent_forms", "plans", "requests", "plan_uses"}


def _tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()


def _full_disk(monkeypatch, pages: int = 3) -> None:
    """Every SQLite file opened from now on cannot grow past ``pages`` pages: a new ledger has room for its
    first table only (page 1 is SQLite's own list of tables; the first table and its UNIQUE index take two)."""
    real = sqlite3.connect

    def small(*args, **kwargs):
        con = real(*args, **kwargs)
        con.execute(f"PRAGMA max_page_count = {pages}")
        return con

    monkeypatch.setattr(sqlite3, "connect", small)


def test_a_full_disk_while_a_new_ledger_is_set_up_leaves_no_half_made_ledger(tmp_path, monkeypatch):
    db = tmp_path / "reform.db"
    _full_disk(monkeypatch)
    with pytest.raises(LedgerError, match="ディスクがいっぱい"):
        Ledger(db)
    monkeypatch.undo()
    assert _tables(db) == set()  # not one table of a ledger that was never made
    with Ledger(db) as ledger:  # space freed: the rerun makes the ledger
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == store._VERSION
        assert ledger.submissions(2026) == []
    assert _tables(db) == TABLES


def test_the_first_merge_run_again_after_a_full_disk_works(tmp_path, monkeypatch, capsys):
    """The clerk's story: the first merge says the disk is full (exit 2); after space is freed, the same
    command — as advised — merges the returns."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES, inbox)
    db, out = tmp_path / "out" / "reform.db", tmp_path / "out"
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(db)]
    _full_disk(monkeypatch)
    assert main(argv) == 2
    assert "ディスクがいっぱい" in capsys.readouterr().err
    monkeypatch.undo()
    assert _tables(db) == set()
    assert main(argv) in (0, 1)
    err = capsys.readouterr().err
    assert "台帳ではありません" not in err, err
    with Ledger(db) as ledger:
        assert len(ledger.submissions(2026)) == len([p for p in SAMPLES.rglob("*") if p.is_file()])


def _half_made_by_an_older_version(db: Path) -> None:
    """What an older reform-xlsx left after a full disk: ``executescript`` commits each table on its own, so
    the first table was made and the rest were not."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA max_page_count = 3")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        con.executescript(store._SCHEMA)
    con.close()


def test_a_ledger_left_half_made_by_an_older_version_is_set_up(tmp_path):
    db = tmp_path / "reform.db"
    _half_made_by_an_older_version(db)
    assert _tables(db) == {"submissions"}
    with Ledger(db) as ledger:
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == store._VERSION
        assert ledger.submissions(2026) == []
    assert _tables(db) == TABLES


def _with_a_row(db: Path) -> None:
    _half_made_by_an_older_version(db)
    con = sqlite3.connect(db)
    con.execute("INSERT INTO submissions (sha256, path, name, size, mtime, submitted_at, received_at, year, status,"
                " issues) VALUES ('x', 'p', 'n', 1, 0, 0, '2026-05-01T09:00:00', 2026, 'accepted', '[]')")
    con.commit()
    con.close()


def _with_another_table(db: Path) -> None:
    _half_made_by_an_older_version(db)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE customers (name TEXT)")
    con.close()


def _of_other_columns(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE submissions (x TEXT)")
    con.close()


@pytest.mark.parametrize("make", [_with_a_row, _with_another_table, _of_other_columns],
                         ids=["a row in it", "another program's table too", "another program's submissions"])
def test_only_an_empty_file_of_the_ledgers_own_tables_is_taken_for_a_half_made_ledger(make, tmp_path):
    db = tmp_path / "reform.db"
    make(db)
    before = db.read_bytes()
    with pytest.raises(LedgerError, match="reform-xlsx の台帳ではありません"):
        Ledger(db)
    assert db.read_bytes() == before
