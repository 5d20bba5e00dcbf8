"""Setting up a new ledger is all or nothing: a full disk (or a kill) while its tables are made leaves no
half-made ledger behind, and one an older version left half-made is set up when used again — never refused
as another program's database, a file reform-xlsx itself made.

The full disk is SQLite's own: ``PRAGMA max_page_count`` set on the connection the ledger opens (SQLITE_FULL
once the file would grow past it), so no root or small file system is needed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from read_only import read_only_ledgers
from reform_xlsx.cli import main
from reform_xlsx.ledger import errors, schema
from reform_xlsx.ledger.errors import LedgerError
from reform_xlsx.ledger.store import Ledger

SAMPLES = Path(__file__).parent.parent / "samples" / "inbox"
TABLES = {"submissions", "answers", "outputs", "sent_copies", "sent_forms", "plans", "requests", "plan_uses",
          "meeting_dates"}


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
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
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
        con.executescript(schema.SCHEMA)
    con.close()


def test_a_ledger_left_half_made_by_an_older_version_is_set_up(tmp_path):
    db = tmp_path / "reform.db"
    _half_made_by_an_older_version(db)
    assert _tables(db) == {"submissions"}
    with Ledger(db) as ledger:
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
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


def _of_other_columns_and_a_version(db: Path) -> None:
    """Another program's 「submissions」, with its own schema version (past the ledger's): not a newer ledger (E008)."""
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE submissions (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    con.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("PRAGMA user_version = 42")
    con.close()


def _one_table_named_like_one_of_ours(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE requests (year INTEGER, section TEXT)")  # empty, its columns a few of the ledger's
    con.close()


@pytest.mark.parametrize("make", [_with_a_row, _with_another_table, _of_other_columns, _of_other_columns_and_a_version,
                                  _one_table_named_like_one_of_ours],
                         ids=["a row in it", "another program's table too", "another program's submissions",
                              "another program's submissions and version", "another program's requests alone"])
def test_only_an_empty_file_of_the_ledgers_own_tables_is_taken_for_a_half_made_ledger(make, tmp_path):
    db = tmp_path / "reform.db"
    make(db)
    before = db.read_bytes()
    with pytest.raises(LedgerError, match="reform-xlsx の台帳ではありません"):
        Ledger(db)
    assert db.read_bytes() == before


# --- a run stopped in the middle of a write, its ledger now in a read-only place ----------------------------------
@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> Path:
    """A ledger the samples were merged into."""
    work = tmp_path_factory.mktemp("merged")
    db = work / "out" / "reform.db"
    assert main(["merge", str(SAMPLES), "--year", "R8", "--out", str(work / "out"), "--db", str(db)]) in (0, 1)
    return db


def _answers(db: Path) -> int:
    with Ledger(db) as ledger:
        return ledger.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]


def _stopped_mid_write(merged: Path, folder: Path) -> Path:
    """A copy of ``merged`` in ``folder`` with a hot rollback journal beside it: a process that was deleting
    every answer (more than its cache holds, so pages were already written) killed before it committed."""
    folder.mkdir()
    db = folder / "reform.db"
    shutil.copyfile(merged, db)
    script = ("import os, sqlite3, sys\n"
              "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "con.execute('PRAGMA cache_size = 1')\n"
              "con.execute('BEGIN')\n"
              "con.execute('DELETE FROM answers')\n"
              "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(db)], check=True)
    assert Path(f"{db}-journal").stat().st_size > 0
    return db


def _says_stopped_run(err: str, db: Path) -> None:
    assert f"受付台帳 {db} は、前回の実行が途中で止まったままです" in err, err
    assert "reform.db-journal" in err and f"台帳のあるフォルダ {db.parent} か台帳に書き込めないため" in err, err
    assert "書き込めるようにしてから" in err and "もう一度実行してください" in err, err
    assert "ディスクかネットワーク" not in err and "Traceback" not in err, err


def test_a_run_stopped_mid_write_in_a_read_only_place_says_so(merged, tmp_path, monkeypatch, capsys):
    db = _stopped_mid_write(merged, tmp_path / "ro")
    with monkeypatch.context() as patch:
        read_only_ledgers(patch)
        assert main(["status", "--year", "R8", "--db", str(db)]) == 2
    _says_stopped_run(capsys.readouterr().err, db)
    # writable once: SQLite puts the ledger back as it was before the stopped run, and status works
    assert main(["status", "--year", "R8", "--db", str(db)]) in (0, 1)  # 1: a section was sent back
    assert not Path(f"{db}-journal").exists()
    assert _answers(db) == _answers(merged) > 0


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="file modes do not stop root (nor apply on Windows)")
def test_a_run_stopped_mid_write_in_a_read_only_folder_says_so(merged, tmp_path, capsys):
    """The folder without the right to write (the ledger itself writable): SQLite plays the journal back but
    cannot delete it (SQLITE_IOERR_DELETE), which would read as a lost drive."""
    db = _stopped_mid_write(merged, tmp_path / "ro")
    db.parent.chmod(0o555)
    try:
        assert main(["status", "--year", "R8", "--db", str(db)]) == 2
    finally:
        db.parent.chmod(0o755)
    _says_stopped_run(capsys.readouterr().err, db)
    assert main(["status", "--year", "R8", "--db", str(db)]) in (0, 1)  # 1: a section was sent back
    assert _answers(db) == _answers(merged)


def _error(text: str, name: str) -> sqlite3.Error:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorname = name
    return exc


@pytest.mark.parametrize("name, text", [
    ("SQLITE_IOERR_DELETE", "disk I/O error"),  # the folder cannot be written: the journal is not deleted
    ("SQLITE_READONLY_ROLLBACK", "attempt to write a readonly database"),  # the ledger cannot be written
    ("SQLITE_CANTOPEN", "unable to open database file"),
])
def test_the_words_for_a_journal_that_cannot_be_played_back(name, text, tmp_path):
    db = tmp_path / "reform.db"
    db.write_bytes(b"")
    Path(f"{db}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(504))  # a journal's header
    _says_stopped_run(errors.ledger_error_message(db, _error(text, name)), db)


@pytest.mark.parametrize("name, text, says", [
    ("SQLITE_IOERR_DELETE", "disk I/O error", "ディスクかネットワークとのやりとりに失敗しました"),
    ("SQLITE_IOERR_READ", "disk I/O error", "ディスクかネットワークとのやりとりに失敗しました"),
    ("SQLITE_CANTOPEN", "unable to open database file", "を開けないか、書き込めません"),
    ("SQLITE_READONLY", "attempt to write a readonly database", "を開けないか、書き込めません"),
])
def test_without_a_journal_left_the_words_are_as_before(name, text, says, tmp_path):
    db = tmp_path / "reform.db"
    message = errors.ledger_error_message(db, _error(text, name))
    assert says in message and "途中で止まった" not in message


def test_a_journal_of_an_other_error_is_not_taken_for_a_stopped_run(tmp_path):
    db = tmp_path / "reform.db"
    Path(f"{db}-journal").write_bytes(bytes(512))
    message = errors.ledger_error_message(db, _error("disk I/O error", "SQLITE_IOERR_READ"))
    assert "ディスクかネットワーク" in message and "途中で止まった" not in message
