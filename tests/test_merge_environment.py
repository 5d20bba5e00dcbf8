"""When the place merge works in fails it — an output that is a folder or open in Excel, a ledger
that is not one, a full disk, a second merge at the same time — the clerk reads one Japanese
message that names the file and says what to do, and the exit code is 2: never a traceback,
never the operating system's English.

Each case runs the real command line (``reform_xlsx.cli.main``) on good returns.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_corpus as corpus
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import RECORDED_NOT_WRITTEN

INTERRUPTED = "reform-xlsx: 中断しました（書きかけのファイルは残していません）。"
RECEIPT, MEETING = outputs.receipt(corpus.YEAR), outputs.meeting(corpus.bundled_words(), corpus.YEAR)
ENGLISH = ("Traceback", "Error:", "Errno", "Permission denied", "Is a directory", "No space left", "not a database",
           "malformed", "unable to open", "no such", "File exists", "Not a directory")


@pytest.fixture(scope="module")
def ctx(plan, tmp_path_factory):
    return corpus.Ctx(plan, tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def inbox(ctx, tmp_path):
    folder = tmp_path / "inbox"
    for section in (*corpus.GOOD_SECTIONS, corpus.H):
        ctx.good_copy(section, folder / corpus.name_of(section))
    return folder


def merge(inbox: Path, out: Path, db: Path, capsys) -> tuple[int, str]:
    code = main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(db), "--json"])
    captured = capsys.readouterr()
    return code, captured.err


def assert_japanese_message(err: str, *names: str) -> None:
    """One line ``reform-xlsx: …`` in Japanese that names the file; no traceback, no English OS text."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("reform-xlsx: "), err
    assert not [word for word in ENGLISH if word in err], err
    assert any(name in err for name in names), err
    assert any("\u3040" <= ch <= "\u30ff" for ch in err), err  # kana: Japanese, not a code


# --- outputs ------------------------------------------------------------------------------------
@pytest.mark.parametrize("below", ["", "令和8年度/資料"])
def test_out_is_a_file(below, inbox, tmp_path, capsys):
    """The file in the way is named — itself, not the folder asked for below it."""
    out = tmp_path / "out"
    out.write_text("not a folder")
    code, err = merge(inbox, out / below if below else out, tmp_path / "台帳" / "l.db", capsys)
    assert code == 2
    assert_japanese_message(err, str(out))
    assert f"「{out}」はファイルです" in err
    assert out.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox", "out"]  # no ledger (nor its folder) made


@pytest.mark.parametrize("windows", [False, True])
@pytest.mark.parametrize("name", [RECEIPT, MEETING])
def test_an_output_path_is_a_folder(name, windows, inbox, tmp_path, capsys, monkeypatch):
    """The message told the clerk to 「ファイルのパスを指定してください」 — an output name is never given; and Windows,
    which refuses to replace a folder with PermissionError, was told to close Excel."""
    blocker = tmp_path / "out" / name
    (blocker / "中身").mkdir(parents=True)
    if windows:
        real_replace = os.replace

        def refused(src, dst, *args, **kwargs):
            if Path(dst).is_dir():
                raise PermissionError(errno.EACCES, "Access is denied", str(src))
            return real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", refused)
    code, err = merge(inbox, tmp_path / "out", tmp_path / "l.db", capsys)
    assert code == 2
    assert_japanese_message(err, name)
    assert "はフォルダです（ファイルの場所に同じ名前のフォルダがあります）" in err and "名前を変えるか移して" in err
    assert "Excel" not in err and "ファイルのパスを指定" not in err
    assert [p.name for p in blocker.iterdir()] == ["中身"]
    assert not list((tmp_path / "out").glob(".~reform-xlsx-*")), "no temporary file left behind"


@pytest.mark.parametrize("name", [RECEIPT, MEETING])
def test_an_output_open_in_excel(name, ctx, inbox, tmp_path, capsys, monkeypatch):
    """On Windows a workbook open in Excel cannot be replaced: os.replace raises PermissionError.
    The old file stays whole and the message says to close it."""
    out = tmp_path / "out"
    code, _err = merge(inbox, out, tmp_path / "l.db", capsys)
    assert code == 1  # finished (the other sections have not answered)
    before = (out / name).read_bytes()
    ctx.good_copy(corpus.H2, inbox / corpus.name_of(corpus.H2))  # new answers: outputs change
    real_replace = os.replace

    def locked(src, dst, *args, **kwargs):
        if Path(dst).name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", locked)
    code, err = merge(inbox, out, tmp_path / "l.db", capsys)
    assert code == 2
    assert_japanese_message(err, name)
    assert "Excel で開いている場合は閉じて" in err
    assert (out / name).read_bytes() == before
    assert not list(out.glob(".~reform-xlsx-*"))


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="file modes do not stop root (nor apply on Windows)")
def test_a_read_only_out_folder(inbox, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        code, err = merge(inbox, out, tmp_path / "l.db", capsys)
    finally:
        out.chmod(0o755)
    assert code == 2
    assert_japanese_message(err, str(out))


def test_a_full_disk_names_the_file(inbox, tmp_path, capsys, monkeypatch):
    """The disk fills up while 受付結果 is written: the message names it; nothing half-written is left.
    (A workbook is assembled in memory and written in one go: no zip file is left half-closed, whose
    clean-up would print 「Exception ignored … No space left on device」 on the way out.)"""
    real = Path.write_bytes

    def full_disk(self, data):
        if self.parent.name == "out":
            with open(self, "wb") as f:
                f.write(bytes(data)[:100])
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    code, err = merge(inbox, tmp_path / "out", tmp_path / "l.db", capsys)
    assert code == 2
    assert_japanese_message(err, RECEIPT)
    assert "ディスクがいっぱい" in err
    assert not [p.name for p in (tmp_path / "out").iterdir()]


@pytest.mark.parametrize("stop", [OSError(errno.ENOSPC, "No space left on device", "x.xlsx"), KeyboardInterrupt()])
def test_a_merge_stopped_while_writing_its_outputs_says_the_files_are_recorded(stop, inbox, tmp_path, capsys,
                                                                               monkeypatch):
    """The files are read and recorded (the batch is committed) when the meeting workbooks fail: the message says
    so, and that the same merge again writes the outputs without reading the files again — which it does. A run
    that recorded nothing new does not say it."""
    from reform_xlsx import merge as merging

    real = merging.write_meeting_outputs

    def stopped(*args, **kwargs):
        raise type(stop)(*stop.args)  # a new one each run (a note stays on the exception it was added to)

    monkeypatch.setattr(merging, "write_meeting_outputs", stopped)
    code, err = merge(inbox, tmp_path / "out", tmp_path / "l.db", capsys)
    assert code == (2 if isinstance(stop, OSError) else 130)
    assert err.strip().endswith(RECORDED_NOT_WRITTEN) and err.count(RECORDED_NOT_WRITTEN) == 1
    with Ledger(tmp_path / "l.db") as ledger:
        recorded = ledger.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    assert recorded == len(list(inbox.iterdir()))
    code, err = merge(inbox, tmp_path / "out", tmp_path / "l.db", capsys)  # stopped again, nothing new recorded
    assert code in (2, 130) and RECORDED_NOT_WRITTEN not in err
    monkeypatch.setattr(merging, "write_meeting_outputs", real)
    code, _ = merge(inbox, tmp_path / "out", tmp_path / "l.db", capsys)
    assert code == 1 and (tmp_path / "out" / MEETING).is_file()
    with Ledger(tmp_path / "l.db") as ledger:  # not read again: no submission more
        assert ledger.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == recorded


def test_a_full_disk_while_writing_the_public_csv(plan, ctx, inbox, tmp_path, capsys, monkeypatch):
    """The CSV of 公表用 too: the message names it, and last run's CSV stays whole."""
    import csv

    from reform_xlsx.report import public

    out = tmp_path / "out"
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(tmp_path / "l.db"), "--public"]
    assert main(argv) == 1
    items = out / outputs.public_csv(plan.words, corpus.YEAR, "items")
    before = items.read_bytes()
    ctx.good_copy(corpus.H2, inbox / corpus.name_of(corpus.H2))  # new answers: new CSV

    real = csv.writer

    class FullDisk:
        def __init__(self, f, **kwargs):
            self.writer = real(f, **kwargs)

        def writerow(self, row):
            return self.writer.writerow(row)

        def writerows(self, rows):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(public.csv, "writer", FullDisk)
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert_japanese_message(err, items.name)
    assert "ディスクがいっぱい" in err
    assert items.read_bytes() == before
    assert not list(out.glob(".~reform-xlsx-*"))


def test_a_full_disk_while_archiving(inbox, tmp_path, capsys, monkeypatch):
    real = Path.write_bytes

    def full(self, data):
        if "_archive" in str(self):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    code, err = merge(inbox, tmp_path / "out", tmp_path / "l.db", capsys)
    assert code == 2
    assert_japanese_message(err, "l_archive")
    assert "ディスクがいっぱい" in err
    with Ledger(tmp_path / "l.db") as ledger:
        assert ledger.submissions(corpus.YEAR) == []  # nothing recorded: the batch is one transaction


def test_a_file_where_the_archive_needs_a_folder(inbox, tmp_path, capsys):
    """Every archive sub-folder a copy needs is a file: the message names that file (not the copy's
    temporary name, which cannot even be removed there); nothing is recorded."""
    archive = tmp_path / "l_archive"
    archive.mkdir()
    for digits in (f"{n:02x}" for n in range(256)):
        (archive / digits).write_bytes(b"")
    code, err = merge(inbox, tmp_path / "out", tmp_path / "l.db", capsys)
    assert code == 2
    assert_japanese_message(err, "l_archive")
    assert "はファイルです" in err and ".part" not in err
    assert re.search(r"l_archive[/\\][0-9a-f]{2}」", err), err
    with Ledger(tmp_path / "l.db") as ledger:
        assert ledger.submissions(corpus.YEAR) == []


def test_a_full_disk_under_the_ledger(inbox, tmp_path, capsys, monkeypatch):
    """The ledger cannot grow (SQLite: database or disk is full): said with its name; nothing recorded."""
    db = tmp_path / "l.db"
    with Ledger(db):
        pass
    real = sqlite3.connect

    def small(*args, **kwargs):
        con = real(*args, **kwargs)
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {pages}")  # not one page more
        return con

    monkeypatch.setattr(sqlite3, "connect", small)
    code, err = merge(inbox, tmp_path / "out", db, capsys)
    monkeypatch.undo()
    assert code == 2
    assert_japanese_message(err, str(db))
    assert "ディスクがいっぱい" in err
    with Ledger(db) as ledger:
        assert ledger.submissions(corpus.YEAR) == []


# --- the ledger -----------------------------------------------------------------------------------
def _text(path: Path) -> None:
    path.write_text("これは台帳ではありません\n" * 100, encoding="utf-8")


def _folder(path: Path) -> None:
    path.mkdir()


def _other_schema(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE submissions (x TEXT)")
        con.execute("INSERT INTO submissions VALUES ('他のアプリのデータ')")
    con.close()


def _other_database(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE customers (name TEXT)")
    con.close()


def _truncated(path: Path, keep=lambda size: size // 2) -> None:
    """A real ledger, cut short."""
    with Ledger(path):
        pass
    with sqlite3.connect(path) as con:  # some pages of data, so that half of it is not a whole database
        con.execute("CREATE TABLE padding (x TEXT)")
        con.executemany("INSERT INTO padding VALUES (?)", [("x" * 500,)] * 200)
    con.close()
    data = path.read_bytes()
    path.write_bytes(data[:keep(len(data))])


@pytest.mark.parametrize("make, says", [
    (_text, "台帳ではないか、壊れています"),
    (_truncated, "台帳ではないか、壊れています"),
    (lambda p: _truncated(p, keep=lambda size: 100), "台帳ではないか、壊れています"),
    (_folder, "フォルダです"),
    (_other_schema, "台帳ではありません"),
    (_other_database, "台帳ではありません"),
], ids=["text", "truncated", "header only", "folder", "other schema", "other database"])
def test_a_db_that_is_not_a_ledger(make, says, inbox, tmp_path, capsys):
    db = tmp_path / "l.db"
    make(db)
    before = corpus.snapshot(tmp_path / "inbox")
    code, err = merge(inbox, tmp_path / "out", db, capsys)
    assert code == 2
    assert_japanese_message(err, str(db))
    assert says in err
    assert not (tmp_path / "out").exists()  # a ledger that cannot be used: no output folder made
    assert corpus.snapshot(tmp_path / "inbox") == before
    if make is _other_schema:  # someone else's data is left as it was
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT * FROM submissions").fetchall() == [("他のアプリのデータ",)]
        con.close()


def _scrambled(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096, min(40000, len(data))):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def _sql(*statements: str):
    """A damage done with SQL statements on the ledger."""
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as con:
            for statement in statements:
                con.execute(statement)
        con.close()
    return damage


def _page_of(table: str):
    """One page of the ledger overwritten (a disk error): the root page of ``table``."""
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as con:
            root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            size = con.execute("PRAGMA page_size").fetchone()[0]
        con.close()
        with path.open("r+b") as f:
            f.seek((root - 1) * size)
            f.write(bytes(range(256)) * (size // 256))
    return damage


_record_not_json = _sql("UPDATE submissions SET issues = 'not json'")
_record_not_utf8 = _sql("UPDATE plans SET text = CAST(X'8140FF' AS TEXT)")  # a damaged byte in a record
_record_of_another_shape = _sql("UPDATE submissions SET issues = '{\"a\": 1}'")
_newer_version = _sql("PRAGMA user_version = 999")
# a newer version that no longer keeps a column this one needs: still a newer version's ledger, not another program's
_newer_without_a_column = _sql("ALTER TABLE submissions DROP COLUMN real_format", "PRAGMA user_version = 999")


@pytest.mark.parametrize("damage, says", [
    (_scrambled, "は壊れています（一部のページが読めません）"),
    (_record_not_json, "台帳ではないか、壊れています"),
    (_record_of_another_shape, "台帳ではないか、壊れています"),
    (_record_not_utf8, "台帳ではないか、壊れています"),
    (_newer_version, "新しい版の reform-xlsx で作られています（台帳の版 999"),
    (_newer_without_a_column, "新しい版の reform-xlsx で作られています（台帳の版 999"),
    (_page_of("outputs"), "は壊れています（一部のページが読めません）"),
    (_page_of("answers"), "は壊れています（一部のページが読めません）"),
], ids=["scrambled pages", "a record not JSON", "a record of another shape", "a record not UTF-8", "newer version",
        "newer version without a column", "outputs page",
        "answers page"])
def test_a_ledger_damaged_after_use(damage, says, inbox, tmp_path, capsys):
    """A ledger that worked, then was damaged (or written by a newer version): every command that
    reads it says so with its name — never an internal error — and a newer one is not changed."""
    db = tmp_path / "l.db"
    assert merge(inbox, tmp_path / "out", db, capsys)[0] in (0, 1)
    damage(db)
    before = db.read_bytes()
    code, err = merge(inbox, tmp_path / "out", db, capsys)
    assert code == 2
    assert_japanese_message(err, str(db))
    # with its stable code: E008 a newer version's, else E001 damaged (a record not JSON, too: it was said without one)
    stable = "[E008 エラー]" if "新しい版" in says else "[E001 エラー]"
    assert says in err and stable in err
    assert main(["status", "--year", "R8", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert says in err and str(db) in err and stable in err
    if damage in (_newer_version, _newer_without_a_column):
        assert db.read_bytes() == before  # refused before anything was written
    if "一部のページ" in says:  # damaged pages: refused by every command, nothing added
        assert db.read_bytes() == before  # merge refused before recording a file
        for argv in (["report", "--year", "R8", "--out", str(tmp_path / "r")],
                     ["templates", "--year", "R9", "--out", str(tmp_path / "t")]):
            assert main([*argv, "--db", str(db)]) == 2, argv
            assert "このファイルは変更していません" in capsys.readouterr().err
        assert db.read_bytes() == before


def test_a_db_whose_folder_is_a_file(inbox, tmp_path, capsys):
    """The ledger's folder is made when missing, but not over a file of that name."""
    blocker = tmp_path / "台帳"
    blocker.write_text("a file, not a folder")
    code, err = merge(inbox, tmp_path / "out", blocker / "l.db", capsys)
    assert code == 2
    assert_japanese_message(err, str(blocker))
    assert blocker.read_text() == "a file, not a folder"


def test_a_ledger_held_by_another_merge(inbox, tmp_path, capsys, monkeypatch):
    """Another merge holds the ledger longer than a second one waits: it says so, and records nothing."""
    db = tmp_path / "l.db"
    with Ledger(db):
        pass
    monkeypatch.setitem(Ledger.__init__.__kwdefaults__, "busy_seconds", 0.5)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, err = merge(inbox, tmp_path / "out", db, capsys)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2
    assert_japanese_message(err, str(db))
    assert "使用中" in err
    with Ledger(db) as ledger:
        assert ledger.submissions(corpus.YEAR) == []


def test_two_merges_at_once(inbox, tmp_path):
    """Two real processes on one ledger: the second waits for the first (or says the ledger is busy);
    both finish without a traceback and the ledger holds each file once."""
    db = tmp_path / "l.db"
    commands = [[sys.executable, "-m", "reform_xlsx", "merge", str(inbox), "--year", "R8", "--db", str(db),
                 "--out", str(tmp_path / f"out{n}"), "--json"] for n in range(2)]
    for trial in range(2):
        processes = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
                     for c in commands]
        results = [p.communicate(timeout=300) for p in processes]
        for process, (stdout, stderr) in zip(processes, results):
            err = stderr.decode("utf-8", "replace")
            assert process.returncode in (1, 2), err  # 1: finished, the other sections have not answered
            if process.returncode == 1:
                assert json.loads(stdout)["exit_code"] == 1
            else:
                assert_japanese_message(err, str(db))
                assert "使用中" in err
            assert "Traceback" not in err
        assert 1 in [p.returncode for p in processes], f"trial {trial}: neither merge finished"
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = con.execute("SELECT sha256, path, status FROM submissions").fetchall()
        assert len(rows) == len(set(rows)) == 3 and {r[2] for r in rows} == {"accepted"}
        per_file = con.execute("SELECT submission_id, COUNT(*) FROM answers GROUP BY submission_id").fetchall()
    con.close()
    with Ledger(db) as ledger:
        answers = ledger.answers([corpus.YEAR])
    assert len(per_file) == 3 and sum(n for _, n in per_file) == len(answers)



@pytest.mark.skipif(sys.platform == "win32", reason="a process group's Ctrl-C (Windows: tests/test_intake_worker.py)")
def test_ctrl_c_at_any_moment_is_one_japanese_line(inbox, tmp_path):
    """Ctrl-C in a console reaches every process of the command — the command while it imports, its
    workers while they start or read. Whenever it comes: one Japanese line and exit code 130 (or the
    merge had finished), never a traceback from the command or a worker, and the next merge works."""
    import signal
    import time

    db, out = tmp_path / "l.db", tmp_path / "out"
    command = [sys.executable, "-m", "reform_xlsx", "merge", str(inbox), "--year", "R8", "--db", str(db),
               "--out", str(out)]
    codes = []
    # from 0.15 s: the first milliseconds are Python's own start (out of reach; see test_cli_parser for the imports)
    for delay in (0.15, 0.25, 0.35, 0.5, 0.8, 1.2):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                                   start_new_session=True)
        time.sleep(delay)
        try:
            os.killpg(process.pid, signal.SIGINT)
        except ProcessLookupError:  # finished already
            pass
        stdout, stderr = process.communicate(timeout=120)
        text = (stdout + stderr).decode("utf-8", "replace")
        assert "Traceback" not in text and "KeyboardInterrupt" not in text, f"after {delay} s:\n{text}"
        # 1: pressed as the finished command was exiting (ignored then: never killed by the signal, -SIGINT)
        assert process.returncode in (1, 130), f"after {delay} s:\n{text}"
        if process.returncode == 130:  # (stopped while writing the outputs: the files read are recorded, it says)
            assert stderr.decode().strip() in (INTERRUPTED, INTERRUPTED + RECORDED_NOT_WRITTEN)
        codes.append(process.returncode)
    assert 130 in codes
    finished = subprocess.run(command + ["--json"], capture_output=True, cwd=tmp_path, timeout=300)
    assert finished.returncode == 1 and json.loads(finished.stdout)["exit_code"] == 1
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {r[0] for r in con.execute("SELECT status FROM submissions")} == {"accepted"}
    con.close()


def test_a_ledger_emptied_beside_its_archive_is_not_taken_for_a_new_one(inbox, tmp_path, capsys):
    """A sync tool or a disk error leaves the ledger at 0 bytes while its archive holds the originals: every
    earlier year would silently be gone (a 0-byte file is an empty SQLite database). Refused by name; an
    empty file with no archive beside it is a new ledger as before."""
    db = tmp_path / "l.db"
    assert merge(inbox, tmp_path / "out", db, capsys)[0] == 1
    db.write_bytes(b"")
    code, err = merge(inbox, tmp_path / "out", db, capsys)
    assert code == 2
    assert_japanese_message(err, str(db))
    assert "空のファイル（0 バイト）" in err and "保管庫" in err
    assert db.read_bytes() == b""  # left as it was found
    fresh = tmp_path / "新しい.db"
    fresh.write_bytes(b"")
    assert merge(inbox, tmp_path / "out2", fresh, capsys)[0] == 1


def test_a_name_too_long_for_the_file_system_is_said_so(inbox, tmp_path, capsys):
    """An output folder whose name is longer than the file system allows (255 bytes): the message says the
    name is too long (it said 「場所と権限を確かめてください」 with the OS error's class)."""
    code, err = merge(inbox, tmp_path / ("改革" * 60), tmp_path / "l.db", capsys)
    assert code == 2
    assert "長すぎて" in err and "Traceback" not in err and "OSError" not in err


def test_a_file_system_that_cannot_name_files_in_japanese_is_said_before_anything_is_made(inbox, tmp_path, capsys,
                                                                                          monkeypatch):
    """PYTHONUTF8=0 LC_ALL=C on Linux: merge made the ledger and its archive, then stopped with 「内部エラー
    （UnicodeEncodeError）」 at the first Japanese output name."""
    monkeypatch.setattr(sys, "getfilesystemencoding", lambda: "ascii")
    code, err = merge(inbox, tmp_path / "out", tmp_path / "l.db", capsys)
    assert code == 2
    assert "ファイル名に日本語を使えません（ファイル名の文字コードが ascii）" in err and "PYTHONUTF8=1" in err
    assert "内部エラー" not in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox"]  # no ledger, archive or out folder


def _not_found(path: str, winerror: int | None = None) -> OSError:
    exc = FileNotFoundError(errno.ENOENT, "見つかりません", path)
    if winerror is not None:
        exc.winerror = winerror  # as Python on Windows sets it
    return exc


_DEEP = "C:/Users/事務/" + "課長確認済み_差し替え後_最新版_こちらを使用してください/" * 8 + "令和8年度_調査票.xlsx"


@pytest.mark.parametrize("windows, exc, says", [
    (True, _not_found(_DEEP, 206), "パスが長すぎて使えません（Windows ではパス全体で 259 文字まで）"),
    (False, _not_found(_DEEP, 206), "パスが長すぎて使えません（Windows ではパス全体で 259 文字まで）"),
    (True, _not_found(_DEEP, 3), "パスが長すぎて使えません（Windows ではパス全体で 259 文字まで）"),
    (True, _not_found(_DEEP), "パスが長すぎて使えません（Windows ではパス全体で 259 文字まで）"),
    (True, _not_found("C:/調査/x.xlsx"), "が見つかりません。パスを確かめてください。"),
    (False, _not_found(_DEEP), "が見つかりません。パスを確かめてください。"),
    (False, OSError(errno.ENAMETOOLONG, "File name too long", "/a/" + "改" * 300), "名前（またはフォルダの深さ）が長すぎて"),
])
def test_a_path_too_long_for_windows_is_said_so_not_not_found(monkeypatch, windows, exc, says):
    """`templates --out <a folder 8 levels deep>` on Windows: the path is too long for Windows (WinError 206, given
    as FileNotFoundError), not missing — said so, with what to do."""
    from reform_xlsx.cli.failures import os_error_message
    from reform_xlsx.intake import walk

    monkeypatch.setattr(walk, "ON_WINDOWS", windows)
    message = os_error_message(exc)
    assert says in message and exc.filename in message
    if "259" in says:
        assert "ドライブの直下に近いフォルダ" in message


def test_an_error_named_for_the_file_people_know_keeps_windows_own_code():
    """outputs.naming rebuilt a write error about the temporary file as one about the output and dropped WinError 206:
    `templates --out <deep>` then said 「見つかりません」 for a path too long (on Windows, under 260 characters)."""
    from reform_xlsx import outputs
    from reform_xlsx.intake import walk

    named = outputs.naming(_not_found("C:/短い/tmp123.part", 206), Path("C:/短い/令和8年度_調査票.xlsx"),
                           Path("C:/短い/tmp123.part"))
    assert (named.filename, getattr(named, "winerror", None)) == (str(Path("C:/短い/令和8年度_調査票.xlsx")), 206)
    assert walk.too_long(named) == walk.WINDOWS_TOO_LONG


def test_an_out_folder_that_is_a_dangling_link_is_said_in_plain_japanese(tmp_path, monkeypatch, capsys):
    """`templates --out out` where out is a link to nothing said 「「out」はファイルです」 (nothing is there)."""
    from reform_xlsx.cli import main

    monkeypatch.chdir(tmp_path)
    try:
        (tmp_path / "out").symlink_to(tmp_path / "gone")
    except OSError:  # Windows without the right to make links (developer mode off)
        pytest.skip("symbolic links cannot be made here")
    assert main(["templates", "--year", "R8", "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert "は、行き先のないショートカット（シンボリックリンク）です" in err and "はファイルです" not in err


def test_an_odd_error_is_said_in_plain_japanese():
    """An error with no Japanese wording named a Python class (「（OSError）」)."""
    from reform_xlsx.cli.failures import os_error_message

    message = os_error_message(OSError(errno.EIO, "Input/output error", "x.xlsx"))
    assert message == "「x.xlsx」を読み書きできません（OS のエラー番号 5）。場所と権限を確かめてください。"
