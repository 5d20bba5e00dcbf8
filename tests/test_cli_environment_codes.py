"""A command stopped by the place it works in — a damaged ledger, a ledger another program holds, a full disk, an
output that cannot be written — says so with a stable code (the catalogue's E family): ``"code"`` beside
``"error"`` in ``--json``, 「[E00n エラー] …」 on standard error; exit code 2 as before."""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.messages import Msg

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "inbox"


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("merged")
    db = folder / "out" / "reform.db"
    assert main(["merge", str(SAMPLES), "--year", "R8", "--out", str(folder / "out"), "--db", str(db)]) == 1
    return db


def stopped(argv: list[str], capsys) -> tuple[dict, str]:
    capsys.readouterr()
    assert main([*argv, "--json"]) == 2
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["exit_code"] == 2 and document["error"] and document["problems"] == []
    assert "Traceback" not in captured.err
    return document, captured.err


def assert_code(document: dict, err: str, msg: Msg) -> None:
    code = msg.value.code
    assert document["code"] == code, document
    assert err.startswith(f"reform-xlsx: [{code} エラー] {document['error']}"), err


def test_a_damaged_ledger_is_e001(tmp_path, capsys):
    db = tmp_path / "壊れた.db"
    db.write_bytes(b"\x8f\x00garbage, not a ledger" * 10)
    document, err = stopped(["status", "--year", "R8", "--db", str(db)], capsys)
    assert_code(document, err, Msg.ENV_LEDGER_DAMAGED)
    assert str(db) in document["error"]


def test_a_ledger_with_a_damaged_page_is_e001(merged, tmp_path, capsys):
    db = tmp_path / "reform.db"
    data = bytearray(merged.read_bytes())
    data[4096 + 8:4096 + 64] = b"\xff" * 56  # a page's header overwritten: the file opens, a page cannot be read
    db.write_bytes(bytes(data))
    document, err = stopped(["status", "--year", "R8", "--db", str(db)], capsys)
    assert_code(document, err, Msg.ENV_LEDGER_DAMAGED)


def test_a_ledger_another_program_holds_is_e002(merged, tmp_path, capsys, monkeypatch):
    db = tmp_path / "reform.db"
    shutil.copy(merged, db)
    monkeypatch.setitem(Ledger.__init__.__kwdefaults__, "busy_seconds", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        document, err = stopped(["status", "--year", "R8", "--db", str(db)], capsys)
        assert_code(document, err, Msg.ENV_LEDGER_BUSY)
        document, err = stopped(["merge", str(SAMPLES), "--year", "R8", "--out", str(tmp_path / "out"),
                                 "--db", str(db)], capsys)
        assert_code(document, err, Msg.ENV_LEDGER_BUSY)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize(("raised", "msg"), [
    (PermissionError(errno.EACCES, "Permission denied"), Msg.ENV_NOT_WRITABLE),  # open in Excel, read-only
    (OSError(errno.ENOSPC, "No space left on device"), Msg.ENV_DISK_FULL),
    (OSError(errno.EROFS, "Read-only file system"), Msg.ENV_NOT_WRITABLE),
])
def test_an_output_that_cannot_be_written(merged, tmp_path, capsys, monkeypatch, raised, msg):
    def cannot(tmp: Path, target: Path) -> None:
        raise type(raised)(raised.errno, raised.strerror, str(target))

    monkeypatch.setattr(outputs, "put_in_place", cannot)
    document, err = stopped(["report", "--year", "R8", "--db", str(merged), "--out", str(tmp_path / "資料")], capsys)
    assert_code(document, err, msg)
    assert "資料" in document["error"]


@pytest.mark.parametrize("command", [
    ["templates", "--year", "R8", "--out", "{file}"],
    ["templates", "--year", "R8", "--out", "{file}", "--force"],
    ["templates", "--year", "R8", "--out", "{file}/調査票"],
    ["merge", str(SAMPLES), "--year", "R8", "--out", "{file}", "--db", "{db}"],
    ["status", "--year", "R8", "--db", "{db}", "--remind", "--out", "{file}"],
    ["report", "--year", "R8", "--db", "{db}", "--out", "{file}"],
    ["contacts", "--out", "{file}/連絡先.xlsx"],
    ["plan", "export", "{file}/計画.xlsx"],
], ids=["templates", "templates-force", "templates-below", "merge", "status-remind", "report", "contacts", "plan-export"])
def test_an_output_folder_that_is_a_file_is_e005_in_every_command(merged, tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "reform.db"
    shutil.copy(merged, db)
    blocker = tmp_path / "出力"
    blocker.write_bytes(b"not a folder")
    capsys.readouterr()
    assert main([part.format(file=blocker, db=db) for part in command]) == 2
    err = capsys.readouterr().err
    said = f"reform-xlsx: [{Msg.ENV_PATH_UNUSABLE.value.code} エラー] 「{blocker}」はファイルです"
    assert any(line.startswith(said) for line in err.splitlines()), err
    assert "Traceback" not in err
    assert blocker.read_bytes() == b"not a folder"


def test_other_stops_carry_no_code(tmp_path, capsys):
    document, err = stopped(["status", "--year", "R8", "--db", str(tmp_path / "ない.db")], capsys)
    assert "code" not in document and "エラー]" not in err


def test_the_codes_are_documented():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "messages.md").read_text(encoding="utf-8")
    for msg in (m for m in Msg if m.name.startswith("ENV_")):
        assert msg.value.code.startswith("E") and f"| {msg.value.code} |" in doc


@pytest.mark.parametrize("make, msg", [
    (lambda db: db.mkdir(), Msg.ENV_PATH_UNUSABLE),  # a folder named as the ledger
    (lambda db: sqlite3.connect(db).execute("CREATE TABLE kakeibo (day TEXT, yen INTEGER)").connection.commit(),
     Msg.ENV_LEDGER_DAMAGED),  # another program's database
    (None, Msg.ENV_LEDGER_NEWER),  # a newer reform-xlsx's ledger
])
def test_the_ledgers_own_refusals_carry_their_code_not_a_guess_from_their_words(merged, tmp_path, capsys, make, msg):
    db = tmp_path / "reform.db"
    if make is None:
        shutil.copy(merged, db)
        with sqlite3.connect(db) as con:
            con.execute("PRAGMA user_version = 999")
    else:
        make(db)
    document, err = stopped(["status", "--year", "R8", "--db", str(db)], capsys)
    assert_code(document, err, msg)
