"""tests/lo_fill.py opens the workbook whatever lies beside it: a LibreOffice that died closing a workbook (it happens
under load, after typing through the view) leaves its lock file 「.~lock.NAME#」 there, and every later fill of that
workbook failed to load it (None, no reason given) — a test filling a module's shared copy twice failed for nothing."""

from __future__ import annotations

import getpass
import socket

import openpyxl

from lo_fill import fill, require_uno


def test_a_workbook_with_a_stale_lock_file_beside_it_is_filled(soffice, tmp_path):
    require_uno()
    source = tmp_path / "form.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "取組状況"
    wb.active["A1"] = "ID"
    wb.save(source)
    lock = tmp_path / ".~lock.form.xlsx#"
    # as a LibreOffice of this user on this machine writes it (another's lock is only a notice; one's own, a refusal)
    lock.write_text(f",{getpass.getuser()},{socket.gethostname()},06.12.2026 12:20,file:///tmp/reform-lo-profile-gone;",
                    encoding="utf-8")
    stored = fill(source, tmp_path / "filled.xlsx", {"取組状況": {"B2": "A 計画どおり"}}, soffice=soffice)
    assert stored["取組状況"]["B2"] == ["TEXT", "A 計画どおり"]
    assert openpyxl.load_workbook(tmp_path / "filled.xlsx")["取組状況"]["B2"].value == "A 計画どおり"
