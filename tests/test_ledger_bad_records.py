"""A ledger whose pages are intact but with one impossible record (edited in a DB browser): every command that
reads it says the ledger is broken, in Japanese with its name, and changes nothing — no internal error, and
status does not count the record's section as 未提出."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import hostile_corpus as corpus
from reform_xlsx.cli import main
from reform_xlsx.ledger.errors import LedgerError
from reform_xlsx.ledger.store import Ledger


@pytest.fixture(scope="module")
def merged(plan, tmp_path_factory) -> Path:
    """A folder with an inbox, and a ledger (l.db, its archive) that merged it."""
    root = tmp_path_factory.mktemp("merged")
    ctx = corpus.Ctx(plan, root / "corpus")
    for section in (*corpus.GOOD_SECTIONS, corpus.H):
        ctx.good_copy(section, root / "inbox" / corpus.name_of(section))
    assert main(["merge", str(root / "inbox"), "--year", "R8", "--out", str(root / "out"),
                 "--db", str(root / "l.db"), "--json"]) in (0, 1)
    return root


@pytest.fixture
def ledger_copy(merged, tmp_path, capsys) -> Path:
    shutil.copytree(merged, tmp_path / "w")
    capsys.readouterr()
    return tmp_path / "w"


def _accepted_id(db: Path) -> tuple[int, str]:
    with sqlite3.connect(db) as con:
        row = con.execute("SELECT id, section FROM submissions WHERE status = 'accepted' ORDER BY id").fetchone()
    con.close()
    return row


DAMAGES = {  # column, value written over an accepted file's record
    "received_at not a time": ("received_at", "yesterday"),
    "unknown status": ("status", "bogus"),
    "submitted_at as text": ("submitted_at", "昨日"),
    "received_at a number": ("received_at", 12),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_every_command_says_the_ledger_is_broken(ledger_copy, capsys, damage):
    db = ledger_copy / "l.db"
    column, value = DAMAGES[damage]
    submission_id, _section = _accepted_id(db)
    with sqlite3.connect(db) as con:
        con.execute(f"UPDATE submissions SET {column} = ? WHERE id = ?", (value, submission_id))
    con.close()
    before = db.read_bytes()
    commands = {
        "merge": ["merge", str(ledger_copy / "inbox"), "--year", "R8", "--out", str(ledger_copy / "out")],
        "status": ["status", "--year", "R8"],
        "report": ["report", "--year", "R8", "--out", str(ledger_copy / "r")],
    }
    for name, argv in commands.items():
        assert main([*argv, "--db", str(db)]) == 2, name
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("reform-xlsx: "), (name, err)
        assert f"受付台帳 {db} は壊れています（受付の記録 {submission_id} 番の {column} が" in err, (name, err)
        assert "このファイルは変更していません" in err, (name, err)
        assert "内部エラー" not in err and "ValueError" not in err and "Traceback" not in err, (name, err)
        assert db.read_bytes() == before, name


def test_the_library_refuses_the_ledger_on_opening(ledger_copy):
    db = ledger_copy / "l.db"
    submission_id, _ = _accepted_id(db)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE submissions SET status = 'bogus' WHERE id = ?", (submission_id,))
    con.close()
    with pytest.raises(LedgerError, match=r"status が、reform-xlsx の書かない値「bogus」"):
        Ledger(db)


def test_an_intact_ledger_still_opens(ledger_copy):
    """Every record a merge writes passes the check (accepted, rejected, ignored and skipped files)."""
    with Ledger(ledger_copy / "l.db") as ledger:
        assert ledger.submissions(corpus.YEAR)
