"""File names that differ only in how their characters are encoded: 「ガ」 as one character (NFC, as Windows writes
names) or as 「カ」 and a 濁点 of its own (NFD, as macOS does). Both can sit in one inbox (files copied from a Mac
share beside files saved on Windows): they look the same, so the messages about them say in words which is which,
and the results table on the terminal keeps its columns (the 濁点 takes no room of its own)."""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.intake.walk import lookalike_note

NAME = "ガバナンス課データ.xlsx"
NFC, NFD = unicodedata.normalize("NFC", NAME), unicodedata.normalize("NFD", NAME)
SPLIT = "濁点・半濁点が別の文字になっている形（Mac で付けた名前に多い）"


@pytest.mark.parametrize("other, this, note", [
    (NFC, NFC, ""), ("市民課.xlsx", NFD, ""), ("税務課.xlsx", "市民課.xlsx", ""),
    (NFC, NFD, f"（同じ名前に見えますが別の名前です。このファイルの名前は{SPLIT}、こちらはふつうの形です）"),
    (NFD, NFC, f"（同じ名前に見えますが別の名前です。こちらの名前は{SPLIT}、このファイルの名前はふつうの形です）"),
    ("ガハ\u309aン.xlsx", "カ\u3099パン.xlsx", "（同じ名前に見えますが、濁点・半濁点の文字の表し方が違う別の名前です）"),
    ("café.xlsx", "cafe\u0301.xlsx", "（同じ名前に見えますが別の名前です。このファイルの名前はアクセントなどの記号が別の文字になっている形"
                                     "（Mac で付けた名前に多い）、こちらはふつうの形です）"),
    ("ｶﾞ.xlsx", "ガ.xlsx", ""),  # half-width kana look different
])
def test_lookalike_note(other, this, note):
    assert lookalike_note(other, this) == note


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def table_cells(out: str, first: str) -> list[list[str]]:
    """The cells of the terminal table headed by ``first``, cut where the dashes under its headers start: each row
    is read in NFC, where every character here is one or two columns wide as the terminal draws it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    starts = [m.start() for m in re.finditer("-+", lines[start + 1])]
    table = []
    for line in lines[start + 2:end]:
        # a wide character followed by a NUL: one string position per column
        drawn = "".join(ch + "\0" if unicodedata.east_asian_width(ch) in "WFA" else ch for ch in nfc(line))
        cut = [drawn[a:b] for a, b in zip(starts, [*starts[1:], None], strict=True)]
        assert all(cell.endswith(" ") or not cell.strip() for cell in cut[:-1]), line  # a space before each column
        assert not any(cell.startswith("\0") for cell in cut), line  # no column starts inside a wide character
        table.append([cell.replace("\0", "").strip() for cell in cut])
    return table


def test_a_duplicate_whose_name_only_looks_the_same_is_told_apart(plan, tmp_path, monkeypatch, capsys):
    """The same file twice, one name from a Mac: L001 said 「ガバナンス課データ.xlsx と ガバナンス課データ.xlsx」, the
    table's columns after the Mac name were pushed right by the 濁点s (counted as wide characters)."""
    good = craft.filled(plan, 2026, "財政課", tmp_path / "work")
    bad = craft.filled(plan, 2026, "市民課", tmp_path / "work",
                       changes={layout.SHEET_ITEMS: {"1-1-1": {"進捗状況": "たぶん"}}})
    inbox = tmp_path / "受信"
    inbox.mkdir()
    for name in (NFC, NFD):
        shutil.copy(good, inbox / name)
    shutil.copy(bad, inbox / nfc("市民課データ（ダブり）.xlsx"))
    monkeypatch.chdir(tmp_path)
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    out = capsys.readouterr().out
    (said,) = [line for line in out.splitlines() if "[L001 警告]" in line]
    assert f"{NFC}: このファイルは {NFD}（同じ名前に見えますが別の名前です。こちらの名前は{SPLIT}、" \
           "このファイルの名前はふつうの形です） と内容がまったく同じです" in said
    # every column starts where its header does, on the file table and on the sections' table
    files = table_cells(out, "ファイル")
    assert [row[:3] for row in files] == [[NAME, "受理", "財政課"], [NAME, "重複", "財政課"],
                                          ["市民課データ（ダブり）.xlsx", "差し戻し", "市民課"]]
    sections = {row[0]: row for row in table_cells(out, "課名")}
    assert sections["財政課"][1:3] == ["提出済", NAME] and sections["財政課"][3].startswith("20")
    # the 受付結果 workbook gives the same words
    receipt = openpyxl.load_workbook(tmp_path / "out" / outputs.receipt(2026), read_only=True)
    texts = [str(c) for ws in receipt.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any(f"このファイルは {NFD}（同じ名前に見えますが別の名前です。こちらの名前は{SPLIT}" in t for t in texts)


def test_two_answers_whose_names_only_look_the_same(plan, tmp_path, monkeypatch, capsys):
    """Two different returns of one section with lookalike names in one merge: L002 and L003 say which is which."""
    first = craft.filled(plan, 2026, "財政課", tmp_path / "work", name="a.xlsx")
    second = craft.filled(plan, 2026, "財政課", tmp_path / "work", name="b.xlsx",
                          changes={layout.SHEET_ITEMS: {"1-1-4": {"取組実績": "入札要領を改正した"}}})
    inbox = tmp_path / "受信"
    inbox.mkdir()
    shutil.copy(first, inbox / NFC)
    shutil.copy(second, inbox / NFD)
    monkeypatch.chdir(tmp_path)
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--json"]) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    said = {(f["name"], i["code"]): i["message"] for f in doc["files"] for i in f["issues"]}
    assert {code for _, code in said} == {"L002", "L003"}
    for (name, _), message in said.items():
        assert "同じ名前に見えますが別の名前です" in message
        mine = "このファイルの名前は" + SPLIT if name == NFD else "こちらの名前は" + SPLIT
        assert mine in message, (name, message)


def test_an_inbox_renamed_from_the_macs_form_is_not_read_again(plan, tmp_path, monkeypatch, capsys):
    """The inbox copied from a Mac share, merged, then its names made Windows' form (copied through a Windows PC):
    the files are known by their content, nothing is read or recorded again, the 差し戻し copy stays as it was."""
    inbox = tmp_path / "受信"
    inbox.mkdir()
    craft.filled(plan, 2026, "財政課", inbox, name=NFD)
    craft.filled(plan, 2026, "市民課", inbox, name=unicodedata.normalize("NFD", "市民課データ（ダブり）.xlsx"),
                 changes={layout.SHEET_ITEMS: {"1-1-1": {"進捗状況": "たぶん"}}})
    shutil.rmtree(inbox / "_templates")
    monkeypatch.chdir(tmp_path)
    argv = ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--json"]
    assert main(argv) == 1
    before = json.loads(capsys.readouterr().out)
    copy = tmp_path / "out" / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "市民課")
    written = copy.read_bytes()
    for name in os.listdir(inbox):
        os.rename(inbox / name, inbox / nfc(name))
    assert sorted(os.listdir(inbox)) == sorted(nfc(f["name"]) for f in before["files"])
    assert main(argv) == 1
    after = json.loads(capsys.readouterr().out)
    assert [f["new"] for f in after["files"]] == [False, False] and after["unchanged"] is True
    assert [(f["status"], f["section"]) for f in after["files"]] == [(f["status"], f["section"]) for f in before["files"]]
    assert not any(i["code"].startswith("L") for f in after["files"] for i in f["issues"])
    assert copy.read_bytes() == written


def test_a_receipt_time_typed_for_one_name_is_not_given_to_the_file_that_only_looks_like_it(plan, tmp_path,
                                                                                             monkeypatch, capsys):
    """--received-at ガバナンス課データ.xlsx=… (typed: NFC) gave the time to both the Windows file and the Mac file beside
    it (NFD), two sections' returns: the one typed is the file of that very name."""
    inbox = tmp_path / "受信"
    craft.filled(plan, 2026, "財政課", inbox, name=NFC)
    craft.filled(plan, 2026, "市民課", inbox, name=NFD)
    shutil.rmtree(inbox / "_templates")
    monkeypatch.chdir(tmp_path)
    argv = ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--json"]
    assert main([*argv, "--received-at", f"{NFC}=2027-05-20 10:00"]) == 1
    doc = json.loads(capsys.readouterr().out)
    given = {f["section"]: f["submitted_from"] for f in doc["files"]}
    assert given == {"財政課": "given", "市民課": "saved"}
    # the Mac name typed (a Mac terminal types NFD): that file only
    shutil.rmtree(tmp_path / "out")
    assert main([*argv, "--received-at", f"{NFD}=2027-05-20 10:00"]) == 1
    given = {f["section"]: f["submitted_from"] for f in json.loads(capsys.readouterr().out)["files"]}
    assert given == {"財政課": "saved", "市民課": "given"}
    # both typed, each its own time
    shutil.rmtree(tmp_path / "out")
    assert main([*argv, "--received-at", f"{NFC}=2027-05-20 10:00", "--received-at", f"{NFD}=2027-05-21 10:00"]) == 1
    given = {f["section"]: f["submitted_at"] for f in json.loads(capsys.readouterr().out)["files"]}
    assert given == {"財政課": "2027-05-20T10:00:00", "市民課": "2027-05-21T10:00:00"}


def test_a_receipt_time_typed_for_a_name_two_files_only_look_like_is_refused(plan, tmp_path, monkeypatch, capsys):
    """Neither file has the very name typed (typed with cp932's 「～」, the files 「〜」 in NFC and NFD): which one is
    not guessed, nothing is recorded."""
    name = "ガバナンス課〜データ.xlsx"
    inbox = tmp_path / "受信"
    craft.filled(plan, 2026, "財政課", inbox, name=unicodedata.normalize("NFC", name))
    craft.filled(plan, 2026, "市民課", inbox, name=unicodedata.normalize("NFD", name))
    shutil.rmtree(inbox / "_templates")
    monkeypatch.chdir(tmp_path)
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db",
                 "--received-at", "ガバナンス課～データ.xlsx=2027-05-20 10:00"]) == 2
    err = capsys.readouterr().err
    assert "当たるファイルが 2 つあります" in err and "何も記録・作成していません" in err
    assert not (tmp_path / "out" / "reform.db").exists()


def test_a_receipt_time_typed_in_another_case_names_the_file(plan, tmp_path, monkeypatch, capsys):
    """--received-at 市民課.XLSX=… named no file: Windows and macOS do not tell 「市民課.XLSX」 from 「市民課.xlsx」, and the
    clerk types either. One file of that name in any case: that one; two differing only in case (Linux), the one of
    the very name typed — neither: not guessed, nothing recorded."""
    inbox = tmp_path / "受信"
    craft.filled(plan, 2026, "市民課", inbox, name="市民課.xlsx")
    craft.filled(plan, 2026, "財政課", inbox, name="Zaisei.xlsx")
    shutil.rmtree(inbox / "_templates")
    monkeypatch.chdir(tmp_path)
    argv = ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--json"]
    assert main([*argv, "--received-at", "市民課.XLSX=2027-05-20 10:00", "--received-at", "ZAISEI.xlsx=2027-05-21 10:00"]) == 1
    given = {f["section"]: f["submitted_at"] for f in json.loads(capsys.readouterr().out)["files"]}
    assert given == {"市民課": "2027-05-20T10:00:00", "財政課": "2027-05-21T10:00:00"}
    # two files whose names differ only in case (a Linux share): the one named exactly, else refused
    shutil.rmtree(tmp_path / "out")
    craft.filled(plan, 2026, "観光課", inbox, name="ZAISEI.xlsx")
    shutil.rmtree(inbox / "_templates")
    assert main([*argv, "--received-at", "ZAISEI.xlsx=2027-05-21 10:00"]) == 1
    doc = json.loads(capsys.readouterr().out)
    given = {f["section"]: f["submitted_from"] for f in doc["files"]}
    assert given == {"市民課": "saved", "財政課": "saved", "観光課": "given"}
    shutil.rmtree(tmp_path / "out")
    assert main([*argv, "--received-at", "zaisei.XLSX=2027-05-21 10:00"]) == 2
    err = capsys.readouterr().err
    assert "当たるファイルが 2 つあります" in err and "大文字・小文字" in err and "何も記録・作成していません" in err
    assert not (tmp_path / "out" / "reform.db").exists()
