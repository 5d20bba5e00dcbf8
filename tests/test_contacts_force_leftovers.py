"""Three small 「nothing lost, no guessing」 gaps of 連絡先.xlsx, each found with a real file.

- ``contacts --force`` after a merge whose old rows hold a person only (担当者 typed, no mail, in both): neither row is
  the new section's (which is not guessed), and both were dropped from the file — the clerk's typed names were gone,
  and the new section's D004 said nothing of them.
- ``contacts --force`` said 「記入済みの 2 課分」 with one section filled by the clerk: it counted the office's row,
  whose 備考 「取りまとめ課」 the tool writes itself.
- A 問い合わせ先 an earlier ``templates`` recorded as 「…（内線 内線 1234）」 (older code, a 内線 typed with its word)
  went as it was into every later draft (``status --remind``)."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import openpyxl
import pytest

import five_years as fy
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.mail import read_directory, request_draft, write_directory
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from sheet_reader import Table

DX, HISHO, INTO = *fy.MERGED, fy.MERGED_INTO


def _filled(plan, path: Path, rows: dict[str, tuple[str | None, ...]]) -> Path:
    """連絡先 as the office fills it in Excel: {課名: (担当者, メール, 内線)} in contacts' rows."""
    write_directory(plan, path)
    wb = openpyxl.load_workbook(path)
    table = Table(wb["連絡先"], "課名")
    for section, values in rows.items():
        for label, value in zip(("担当者", "メール", "内線"), values):
            table.cell(section, label).value = value
    wb.save(path)
    return path


def _rows(path: Path) -> list[tuple]:
    return [r[:3] for r in openpyxl.load_workbook(path)["連絡先"].iter_rows(values_only=True)]


def _d004(plan, year, section, directory) -> list[str]:
    draft = request_draft(plan, year, section, Path("調査票.xlsx"), directory=directory, deadline=None, contact=None)
    return [p.message for p in draft.problems if p.code == "D004"]


@pytest.fixture
def merged_year(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r11.yaml").write_text(fy.revised_yaml(2029), encoding="utf-8")
    return parse_plan(bundled_plan_text(), "plan.yaml")[0], parse_plan(fy.revised_yaml(2029), "r11.yaml")[0]


def test_contacts_force_after_a_merge_keeps_the_old_rows_that_hold_a_person_only(merged_year, tmp_path, capsys):
    before, latest = merged_year
    path = _filled(before, tmp_path / "連絡先.xlsx", {DX: ("高橋", None, "2101"), HISHO: ("伊藤", None)})
    for _ in range(2):  # and again: neither is taken for 政策推進課, neither is dropped
        assert main(["contacts", "--plan", "r11.yaml", "--force"]) == 0
        out, err = capsys.readouterr()
        assert "（記入済みの 2 課分を残しました）" in out  # both kept (below the table), the office's row not typed
        rows = _rows(path)
        assert (INTO, None, None) in rows and rows[-2:] == [(DX, "高橋", None), (HISHO, "伊藤", None)]
        assert "残していません" not in err
        kept = err.split("表の下に残しました")[1]
        assert f"{DX}: {DX} 高橋（内線 2101）（{INTO}の行に）" in kept and f"{HISHO}: {HISHO} 伊藤（{INTO}の行に）" in kept
        again = read_directory(path, latest, latest)
        assert again.problems == [] and again.get(INTO).person == "" and again.get(DX).person == "高橋"
        said = _d004(latest, 2029, INTO, again)
        assert len(said) == 1 and f"「{DX} 高橋（内線 2101）」" in said[0] and f"「{HISHO} 伊藤」" in said[0], said
        assert f"{INTO}の行に担当者とメールアドレスを記入して" in said[0]


def test_the_merged_rows_are_dropped_once_the_new_section_has_an_address(merged_year, tmp_path, capsys):
    before, latest = merged_year
    path = _filled(before, tmp_path / "連絡先.xlsx", {DX: ("高橋", None), HISHO: ("伊藤", None)})
    assert main(["contacts", "--plan", "r11.yaml", "--force"]) == 0
    wb = openpyxl.load_workbook(path)
    Table(wb["連絡先"], "課名").cell(INTO, "メール").value = "seisaku@city.example.lg.jp"
    wb.save(path)
    capsys.readouterr()
    assert main(["contacts", "--plan", "r11.yaml", "--force"]) == 0
    assert [r[0] for r in _rows(path)][-1] not in (DX, HISHO)
    err = capsys.readouterr().err  # the old rows not kept are named, as before
    assert "残していません" in err and f"{DX}: {DX} 高橋" in err and f"{HISHO}: {HISHO} 伊藤" in err


def test_contacts_force_counts_the_sections_the_clerk_typed_in_calc_not_the_office_row_it_wrote(soffice, tmp_path,
                                                                                               monkeypatch, capsys):
    """One section typed in a Japanese LibreOffice Calc: 「記入済みの 1 課分」 (it said 2, the office's row with the
    備考 「取りまとめ課」 that contacts writes counted as filled)."""
    from lo_fill import fill, require_uno

    require_uno()
    monkeypatch.chdir(tmp_path)
    plan = parse_plan(bundled_plan_text(), "plan.yaml")[0]
    path = write_directory(plan, tmp_path / "作成.xlsx")
    table = Table(openpyxl.load_workbook(path)["連絡先"], "課名")
    cols = {label: openpyxl.utils.get_column_letter(c) for label, c in table.cols.items()}
    row = table.rows["財政課"]
    fill(path, tmp_path / outputs.DEFAULT_CONTACTS, {}, keyboard=True, soffice=soffice,
         steps=[{"do": "type", "sheet": "連絡先", "cells": {f"{cols['担当者']}{row}": "佐藤",
                                                           f"{cols['メール']}{row}": "zaisei＠city.example.lg.jp"}}])
    assert main(["contacts", "--force"]) == 0
    assert "（記入済みの 1 課分を残しました）" in capsys.readouterr().out


@pytest.mark.parametrize("rows, said", [
    ({}, "を作りました。"),  # nothing typed: nothing said kept (the office's 備考 is the tool's)
    ({"財政課": ("佐藤", None)}, "（記入済みの 1 課分を残しました）"),
    ({"人事行政課": ("山田", None)}, "（記入済みの 1 課分を残しました）"),  # the office's row typed: it counts
    ({"人事行政課": (None, "gyokaku@city.example.lg.jp"), "財政課": (None, None, "2222")},
     "（記入済みの 2 課分を残しました）"),
])
def test_contacts_force_counts_what_the_clerk_typed(tmp_path, monkeypatch, capsys, rows, said):
    monkeypatch.chdir(tmp_path)
    _filled(parse_plan(bundled_plan_text(), "plan.yaml")[0], tmp_path / outputs.DEFAULT_CONTACTS, rows)
    assert main(["contacts", "--force"]) == 0
    out = capsys.readouterr().out
    assert said in out and ("課分" in said or "課分" not in out)


def test_contacts_force_counts_the_office_row_whose_note_the_clerk_changed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = _filled(parse_plan(bundled_plan_text(), "plan.yaml")[0], tmp_path / outputs.DEFAULT_CONTACTS, {})
    wb = openpyxl.load_workbook(path)
    Table(wb["連絡先"], "課名").cell("人事行政課", "備考").value = "4月から行政改革係"
    wb.save(path)
    assert main(["contacts", "--force"]) == 0
    assert "（記入済みの 1 課分を残しました）" in capsys.readouterr().out
    assert Table(openpyxl.load_workbook(path)["連絡先"], "課名").cell("人事行政課", "備考").value == "4月から行政改革係"


@pytest.mark.parametrize("recorded, read", [
    ("人事行政課 山田 太郎（内線 内線 1234）", "人事行政課 山田 太郎（内線 1234）"),  # what older code wrote
    ("人事行政課 山田（内線 内線1234、gyokaku@city.example.lg.jp）", "人事行政課 山田（内線 1234、gyokaku@city.example.lg.jp）"),
    ("人事行政課 山田（内線 内線:1234）", "人事行政課 山田（内線 1234）"),  # 「内線：1234」 typed (NFKC)
    ("人事行政課 山田（内線 1234）", "人事行政課 山田（内線 1234）"),
    ("行政改革係（内線 9999）", "行政改革係（内線 9999）"),
    ("内線 内線 1234", "内線 内線 1234"),  # typed so with --contact: not the older code's text, left as given
    ("人事行政課（内線 内線）", "人事行政課（内線 内線）"),  # no number after it: not the doubled prefix
    ("人事行政課 内線 内線 1234", "人事行政課 内線 内線 1234"),
    ("", ""),
])
def test_a_recorded_contact_loses_only_the_doubled_extension_word(recorded, read):
    from reform_xlsx.records import recorded_contact

    assert recorded_contact(recorded) == read


def test_a_reminder_gives_the_recorded_contact_without_the_doubled_extension_word(tmp_path, monkeypatch, capsys):
    """A ledger whose 照会 recorded 「（内線 内線 1234）」 (older templates, 「内線 1234」 typed in the 内線 column):
    status --remind wrote it into the 督促 as it was."""
    monkeypatch.chdir(tmp_path)
    doubled = "人事行政課 山田 太郎（内線 内線 1234）"
    assert main(["templates", "--year", "R8", "--out", "調査票", "--db", "out/reform.db", "--section", "市民課",
                 "--deadline", "2027-05-28", "--contact", doubled]) == 0
    with Ledger(tmp_path / "out" / "reform.db") as ledger:  # as recorded: the ledger is not rewritten
        assert ledger.db.execute("SELECT contact FROM requests").fetchone()["contact"] == doubled
        assert ledger.contact_of(2026) == "人事行政課 山田 太郎（内線 1234）"
    assert main(["status", "--year", "R8", "--db", "out/reform.db", "--remind"]) == 1  # (D004: no 連絡先.xlsx)
    path = tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "reminder", "市民課")
    msg = email.message_from_bytes(path.read_bytes().partition(b"\r\n")[2], policy=email.policy.default)
    body = msg.get_body(("plain",)).get_content()
    assert "■ 問い合わせ先: 人事行政課 山田 太郎（内線 1234）" in body and "内線 内線" not in body
