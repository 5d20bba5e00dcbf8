"""A ledger file of 0 bytes given to the commands that only read a ledger (`status`, `report`): refused by name
(exit 2), the file left as it was. Before, SQLite took it for a new database: status wrote a new ledger's tables
into it and showed every section 未提出 under the bundled plan (exit 1) — a ledger emptied by a sync tool or a
copy cut short, whose originals are not beside it, read as a year nobody answered; report wrote a meeting
document of nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reform_xlsx.cli import main

COMMANDS = {
    "status": ["status", "--year", "R9"],
    "status --json": ["status", "--year", "R9", "--json"],
    "report": ["report", "--year", "R9", "--out", "made"],
}


@pytest.mark.parametrize("named", [True, False], ids=["--db", "found"])
@pytest.mark.parametrize("command", COMMANDS)
def test_an_empty_ledger_file_is_refused_and_left_as_it_was(command, named, workdir, capsys):
    db = Path("out/reform.db")
    db.parent.mkdir()
    db.write_bytes(b"")
    code = main([*COMMANDS[command], *(["--db", str(db)] if named else [])])
    out, err = capsys.readouterr()
    assert code == 2
    assert db.read_bytes() == b""  # no table written into it
    assert not Path("made").exists()
    assert f"受付台帳 {db} は空のファイル（0 バイト）" in err, err
    assert "Traceback" not in err and "未提出" not in out
    if command.endswith("--json"):
        assert json.loads(out)["exit_code"] == 2


@pytest.mark.parametrize("beside", ["-journal", "-wal"])
def test_an_empty_file_beside_a_journal_is_refused_and_the_journal_kept(beside, workdir, capsys):
    """A 0-byte ledger beside a journal (a first merge stopped mid-write) or a -wal file: SQLite takes no journal of a
    0-byte file as hot — it deleted it and status wrote a new ledger's tables into the file, every section 未提出
    (exit 1), as for a bare empty file. Refused the same, the file and what is beside it left as they were, the
    journal named."""
    db = Path("reform.db")
    db.write_bytes(b"")
    journal = Path(f"reform.db{beside}")
    kept = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + (3).to_bytes(12, "big") + bytes(492)  # (3 pages before it)
    journal.write_bytes(kept)
    assert main(["status", "--year", "R9", "--db", str(db)]) == 2
    out, err = capsys.readouterr()
    assert db.read_bytes() == b"" and journal.read_bytes() == kept
    assert f"受付台帳 {db} は空のファイル（0 バイト）" in err and journal.name in err, err
    assert "未提出" not in out
