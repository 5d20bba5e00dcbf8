"""連絡先.xlsx as a clerk keeps it in Excel: a header given the name the clerk uses (「メールアドレス」,
「内線番号」), and columns of the office's own (「係」, 「FAX」) — the file itself says columns may be added.

Before: a renamed 「メール」 header lost every address without a word that said why (each draft had no 宛先 and
D004 said 「メールアドレスが連絡先にない」), and ``contacts --force`` rewrote the file without them (「記入済みの
11 課分を残しました」) — nor the columns the office had added."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.mail import DirectoryError, read_directory, write_directory
from sheet_reader import Table

OFFICE_MAIL, ZAISEI_MAIL = "gyokaku@city.example.lg.jp", "zaisei@city.example.lg.jp"


def _directory(plan, path: Path, labels: dict[str, str] | None = None, added: dict[str, dict[str, str]] | None = None
               ) -> Path:
    """A filled 連絡先 whose headers were renamed (``labels``: ours → the clerk's) and with the office's own columns
    (``added``: {label: {課名: text}})."""
    write_directory(plan, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    table = Table(ws, "課名")
    for section, (person, mail, extension) in {"人事行政課": ("山田", OFFICE_MAIL, "1234"),
                                               "財政課": ("佐藤", ZAISEI_MAIL, "2222")}.items():
        ws.cell(table.rows[section], table.cols["担当者"], person)
        ws.cell(table.rows[section], table.cols["メール"], mail)
        ws.cell(table.rows[section], table.cols["内線"], extension)
    for ours, theirs in (labels or {}).items():
        ws.cell(table.header, table.cols[ours], theirs)
    for label, values in (added or {}).items():
        column = ws.max_column + 1
        ws.cell(table.header, column, label)
        for section, text in values.items():
            ws.cell(table.rows[section], column, text)
    wb.save(path)
    return path


@pytest.mark.parametrize("labels", [
    {"メール": "メールアドレス"},
    {"メール": "E-mail", "内線": "内線番号", "担当者": "担当者名"},
    {"メール": "Ｅメール"},  # typed in full width
    {"メール": "電子メール\nアドレス"},  # two lines in the header cell
])
def test_a_header_named_as_the_clerk_names_it_is_read(plan, tmp_path, labels):
    found = read_directory(_directory(plan, tmp_path / "連絡先.xlsx", labels), plan)
    assert found.get("財政課").mail == ZAISEI_MAIL and found.get("財政課").extension == "2222"
    assert found.get("財政課").person == "佐藤" and found.problems == []


def test_a_directory_without_a_mail_column_is_refused_not_read_as_no_addresses(plan, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = _directory(plan, tmp_path / outputs.DEFAULT_CONTACTS, {"メール": "連絡用"})
    before = path.read_bytes()
    with pytest.raises(DirectoryError) as raised:
        read_directory(path, plan)
    assert str(raised.value).startswith(f"[D013 エラー] {outputs.DEFAULT_CONTACTS} / 連絡先 / A")
    assert "「メール」の列がありません" in str(raised.value) and "連絡用" in str(raised.value)
    # contacts --force does not rewrite it without the addresses
    assert main(["contacts", "--force"]) == 2
    assert "D013" in capsys.readouterr().err and path.read_bytes() == before
    # templates --mail stops before any 調査票 or draft is made
    assert main(["templates", "--year", "R8", "--out", "調査票", "--section", "財政課", "--mail"]) == 2
    assert "D013" in capsys.readouterr().err and not (tmp_path / "調査票").exists()


def test_contacts_force_keeps_the_columns_the_office_added(plan, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = _directory(plan, tmp_path / outputs.DEFAULT_CONTACTS, {"メール": "メールアドレス"},
                      {"係": {"人事行政課": "行政改革係", "観光課": "観光振興係"}, "FAX": {"財政課": "0243-55-0000"}})
    assert main(["contacts", "--force"]) == 0
    assert "記入済みの 3 課分を残しました" in capsys.readouterr().out  # 観光課: only its 係 is filled
    wb = openpyxl.load_workbook(path)
    table = Table(wb["連絡先"], "課名")
    assert list(table.cols)[:7] == ["課名", "担当者", "メール", "内線", "備考", "係", "FAX"]
    ws = wb["連絡先"]
    assert ws.cell(table.rows["人事行政課"], table.cols["係"]).value == "行政改革係"
    assert ws.cell(table.rows["観光課"], table.cols["係"]).value == "観光振興係"
    assert ws.cell(table.rows["財政課"], table.cols["FAX"]).value == "0243-55-0000"
    assert ws.cell(table.rows["財政課"], table.cols["メール"]).value == ZAISEI_MAIL
    again = read_directory(path, plan)
    assert again.get("財政課").mail == ZAISEI_MAIL and again.get("財政課").extra == (("FAX", "0243-55-0000"),)
    assert again.problems == []


def _saved_as(path: Path, target: Path, kind: str) -> Path:
    """The 連絡先 saved again in another way: as .ods (zip of another kind), .csv (text), renamed sheet."""
    if kind == "ods":
        import zipfile

        with zipfile.ZipFile(target, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", "<office:document-content/>")
    elif kind == "csv":
        target.write_text("課名,担当者,メール\n財政課,佐藤,zaisei@city.example.lg.jp\n", encoding="utf-8")
    else:
        wb = openpyxl.load_workbook(path)
        wb["連絡先"].title = "連絡先 (2)"
        wb.save(target)
    return target


@pytest.mark.parametrize(("kind", "advice"), [
    ("ods", "「Excel ブック (*.xlsx)」形式で保存し直して"),
    ("csv", "「Excel ブック (*.xlsx)」形式で保存し直して"),
    ("sheet", "シート「連絡先 (2)」の名前を「連絡先」に戻して"),
    ("form", "--contacts にそのファイルを指定してください（調査票や計画マスターではありません）"),
])
def test_a_file_that_is_no_directory_is_said_with_a_code_and_what_to_do(plan, tmp_path, monkeypatch, capsys, kind,
                                                                         advice):
    """These stopped with 「… を読めません: Excel ブック（.xlsx）ではありません（中身は…）。」 — no code, and not what to do."""
    from reform_xlsx.templates import write_template

    monkeypatch.chdir(tmp_path)
    source = _directory(plan, tmp_path / "元.xlsx")
    given = (write_template(plan, 2026, "財政課", tmp_path / "調査票.xlsx") if kind == "form"
             else _saved_as(source, tmp_path / f"連絡先.{kind if kind != 'sheet' else 'xlsx'}", kind))
    assert main(["templates", "--year", "R8", "--out", "out", "--db", "reform.db", "--deadline", "2027-05-28",
                 "--section", "財政課"]) == 0
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--contacts", str(given)]) == 2
    err = capsys.readouterr().err
    assert f"[D014 エラー] {given.name}: 連絡先ファイルとして読めません: " in err and advice in err
    assert not (tmp_path / outputs.MAIL_FOLDER).exists()
