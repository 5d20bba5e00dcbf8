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


def test_an_empty_file_left_by_a_first_merge_stopped_mid_write_is_not_called_empty(workdir, capsys):
    """A new ledger whose first merge stopped mid-write is 0 bytes beside its journal: what SQLite says of the
    journal is the ledger's own message, not 「空のファイル」."""
    db = Path("reform.db")
    db.write_bytes(b"")
    Path("reform.db-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(504))
    main(["status", "--year", "R9", "--db", str(db)])
    assert "空のファイル" not in capsys.readouterr().err
