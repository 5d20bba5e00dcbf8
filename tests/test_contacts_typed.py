"""連絡先.xlsx typed into for real in a Japanese LibreOffice Calc, the way the reform office's clerk fills it: a full-width
「＠」 and a space after the address, a 内線 with a leading 0, a row added below the table for a second person.
What the drafts are addressed with is what the clerk meant: 「0456」 stays 「0456」 in the row typed below the table
too (it was 456: a cell there had no text format, so Calc read the 内線 as a number)."""

from __future__ import annotations

import openpyxl

from lo_fill import fill, require_uno
from reform_xlsx.mail import read_directory, write_directory
from reform_xlsx.plan import load_plan
from sheet_reader import Table

DOMAIN = "city.nihonmatsu.lg.jp"


def test_a_clerk_typing_in_calc_keeps_the_leading_zero_and_the_address(soffice, tmp_path):
    require_uno()
    plan = load_plan()[0]
    path = write_directory(plan, tmp_path / "連絡先.xlsx")
    ws = openpyxl.load_workbook(path)["連絡先"]
    table = Table(ws, "課名")
    cols = {label: openpyxl.utils.get_column_letter(c) for label, c in table.cols.items()}
    office, below = table.rows["人事行政課"], max(table.rows.values()) + 2  # a blank row left, then a new row
    cells = {f"{cols['メール']}{office}": f"gyokaku＠{DOMAIN} ", f"{cols['内線']}{office}": "0123",
             f"{cols['課名']}{below}": "都市計画課", f"{cols['担当者']}{below}": "高橋",
             f"{cols['メール']}{below}": f"toshi@{DOMAIN}　", f"{cols['内線']}{below}": "0456"}
    stored = fill(path, tmp_path / "記入.xlsx", {}, soffice=soffice, keyboard=True,
                  steps=[{"do": "type", "sheet": "連絡先", "cells": cells}])
    assert stored["連絡先"][f"{cols['内線']}{below}"] == ["TEXT", "0456"]
    found = read_directory(tmp_path / "記入.xlsx", plan)
    assert (found.contacts["人事行政課"].mail, found.contacts["人事行政課"].extension) == (f"gyokaku@{DOMAIN}", "0123")
    assert (found.contacts["都市計画課"].mail, found.contacts["都市計画課"].extension) == (f"toshi@{DOMAIN}", "0456")
    assert not found.problems
