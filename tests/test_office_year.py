"""The office's year around the forms: 照会 drafts, deadlines kept, 督促 and 再提出 drafts, the section
directory, and where `status` finds the ledger. E-mail drafts are parsed back with the standard
library's ``email`` package, as Outlook or Thunderbird would read them."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.intake.result import FILE_FROM, GIVEN_FROM, SAVED_FROM, submitted_time
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.mail import read_directory, write_directory
from reform_xlsx.mail.drafts import reminder_draft, written_here
from reform_xlsx.records import local_time
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from sheet_reader import Table

OFFICE_MAIL, ZAISEI_MAIL, SHIMIN_MAIL = "gyokaku@city.example.lg.jp", "zaisei@city.example.lg.jp", "shimin@city.example.lg.jp"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def parse(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def directory_file(plan, path: Path, rows: dict[str, tuple[str, str, str]]) -> Path:
    """A 連絡先 file as the office fills it in Excel: {課名: (担当者, メール, 内線)}."""
    write_directory(plan, path)
    wb = openpyxl.load_workbook(path)
    table = Table(wb["連絡先"], "課名")
    for section, (person, mail, extension) in rows.items():
        table.cell(section, "担当者").value = person
        table.cell(section, "メール").value = mail
        table.cell(section, "内線").value = extension
    wb.save(path)
    return path


@pytest.fixture
def contacts(plan, tmp_path):
    return directory_file(plan, tmp_path / "連絡先.xlsx", {
        "人事行政課": ("行政改革係 山田", OFFICE_MAIL, "1234"), "財政課": ("財政係 佐藤", ZAISEI_MAIL, "2222"),
        "市民課": ("", SHIMIN_MAIL, ""),
    })


FORMS_MADE = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)  # before every save time these tests give (2027)


class _FormsClock(dt.datetime):
    """The clock the forms are made by: a fixed day before the save times the tests give their returns, so that
    a save in 「2027-05-27」 stays after the form was made whenever the tests run (one before it is no save)."""

    @classmethod
    def now(cls, tz=None):
        return FORMS_MADE.astimezone(tz) if tz is not None else FORMS_MADE.replace(tzinfo=None)


class _ReceivedClock(dt.datetime):
    """The ledger's clock when a test's merges must run on the day its returns were saved (2027-06-02)."""

    @classmethod
    def now(cls, tz=None):
        return cls(2027, 6, 2, 20, 0, 0, tzinfo=tz)


@pytest.fixture(autouse=True)
def forms_made_before_their_saves(monkeypatch):
    from reform_xlsx.templates import writer

    monkeypatch.setattr(writer, "datetime", _FormsClock)


def set_saved(path: Path, when: str) -> Path:
    """Give a workbook its own last-saved time (docProps/core.xml), as Excel writes at every save."""
    from reform_xlsx.demo import set_saved as saved_at

    return saved_at(path, when)


def filled(plan, template: Path, target: Path, *, respondent=("山田 花子", "1234", ""), changes=None) -> Path:
    section = template.stem.rsplit("_", 1)[1]
    items = {i.id: {"進捗状況": "A 計画どおり", "取組実績": "実施した。", "課題・今後の方針": "継続する。"}
             for i in plan.items_for(section, 2026)}
    person, extension, mail = respondent
    items[layout.RESPONDENT_ID] = {"担当者": person, "内線": extension, "メール": mail}
    answers = {layout.SHEET_ITEMS: items}
    if plan.kpis_for(section):
        answers[layout.SHEET_KPI] = {k.id: {"実績値": k.baseline} for k in plan.kpis_for(section)}
    for sheet, rows in (changes or {}).items():
        for row_id, values in rows.items():
            answers[sheet][row_id].update(values)
    return fill_template(template, answers, target)


# --- 照会 -----------------------------------------------------------------------------------
def test_templates_mail_writes_one_draft_per_section_with_its_template(plan, tmp_path, contacts, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # 連絡先.xlsx is found here
    out = tmp_path / "調査票"
    code = main(["templates", "--year", "R8", "--out", str(out), "--deadline", "令和9年5月28日",
                 "--section", "財政課", "市民課", "観光課", "--mail"])
    assert code == 0
    captured = capsys.readouterr()
    assert "照会メールの下書きを 3 件" in captured.out and "D004" in captured.err  # 観光課 has no address
    drafts = out / outputs.MAIL_FOLDER
    assert sorted(p.name for p in drafts.iterdir()) == sorted(outputs.mail_draft(2026, "request", s)
                                                              for s in ("財政課", "市民課", "観光課"))
    msg = parse(drafts / outputs.mail_draft(2026, "request", "財政課"))
    assert msg["X-Unsent"] == "1"  # Outlook opens it as a new message, ready to send
    assert msg["Subject"] == "【照会】令和8年度 第2次市政改革推進行動計画 取組状況調査（〆切 令和9年5月28日）"
    assert [a.addr_spec for a in msg["To"].addresses] == [ZAISEI_MAIL]
    assert msg["To"].addresses[0].display_name == "財政課 財政係 佐藤"
    assert [a.addr_spec for a in msg["From"].addresses] == [OFFICE_MAIL]
    (attached,) = list(msg.iter_attachments())
    template = out / outputs.template(plan.words, 2026, "財政課")
    assert attached.get_filename() == template.name and attached.get_content_type() == XLSX_TYPE
    assert attached.get_content() == template.read_bytes()  # the very 調査票 written beside it
    body = msg.get_body(("plain",)).get_content()
    assert "財政係 佐藤 様" in body and "■ 提出期限: 令和9年5月28日（金）" in body
    assert "改革項目 10 件" in body and "KPI 2 件（K09・K12）" in body and "回答者欄" in body  # what to fill
    assert f"問い合わせ先: 人事行政課 行政改革係 山田（内線 1234、{OFFICE_MAIL}）" in body  # whom to ask
    assert msg.get_body(("plain",))["Content-Type"].params["charset"] == "utf-8"
    kanko = parse(drafts / outputs.mail_draft(2026, "request", "観光課"))
    assert kanko["To"] is None and "ご担当者 様" in kanko.get_body(("plain",)).get_content()
    # the deadline given is kept in the template's metadata
    meta = {r[0]: r[1] for r in openpyxl.load_workbook(template)[layout.SHEET_META].iter_rows(values_only=True)}
    assert meta[layout.META_DEADLINE] == "2027-05-28"


def test_templates_mail_again_keeps_a_request_the_clerk_changed_and_goes_on_past_one_it_cannot_write(
        plan, tmp_path, contacts, monkeypatch, capsys):
    """templates --force --mail wrote over a 照会 the clerk had added a line to, and stopped (exit 2, a traceback-free
    OSError message) at a draft it could not write, leaving the later sections' drafts unmade."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "調査票"
    argv = ["templates", "--year", "R8", "--out", str(out), "--section", "財政課", "市民課", "観光課", "--mail"]
    assert main(argv) == 0
    drafts = out / outputs.MAIL_FOLDER
    edited = drafts / outputs.mail_draft(2026, "request", "財政課")
    clerk = edited.read_bytes().replace(b"X-Reform-Xlsx-Draft: ", b"X-Note: ", 1)  # saved again by a mail program
    edited.write_bytes(clerk)
    blocked = drafts / outputs.mail_draft(2026, "request", "市民課")
    blocked.unlink()
    blocked.mkdir()
    later = drafts / outputs.mail_draft(2026, "request", "観光課")
    later.unlink()
    capsys.readouterr()
    assert main(argv + ["--force"]) == 0
    captured = capsys.readouterr()
    assert edited.read_bytes() == clerk
    assert f"{edited.name}: 財政課の下書き {edited.name} は" in captured.err and "D007" in captured.err
    assert "本文と添付ファイルは前に作ったときのまま" in captured.err  # the form attached to it is the old one
    assert "D006" in captured.err and "同じ名前のフォルダがあります" in captured.err and blocked.is_dir()
    assert written_here(later)  # the rest are made
    assert "照会メールの下書きを 1 件作りました" in captured.out


@pytest.mark.parametrize("argv", [["--deadline", "2026-02-30"], ["--deadline", "5月末"]])
def test_a_deadline_that_is_not_a_day_is_an_error_and_nothing_is_written(tmp_path, argv, capsys):
    assert main(["templates", "--year", "R8", "--out", str(tmp_path / "t"), *argv]) == 2
    assert "日付" in capsys.readouterr().err and not (tmp_path / "t").exists()


# --- the directory -----------------------------------------------------------------------------
def test_the_directory_is_written_for_every_section_and_read_back(plan, tmp_path):
    path = directory_file(plan, tmp_path / "連絡先.xlsx", {"財政課": ("佐藤", ZAISEI_MAIL, "2222"),
                                                          "市民課": ("鈴木", "鈴木＠市民課", "")})
    wb = openpyxl.load_workbook(path)
    sections = list(Table(wb["連絡先"], "課名").rows)
    assert sections[0] == plan.office and set(sections) == set(plan.sections)  # the office first: the sender
    ws = wb["連絡先"]
    ws.cell(ws.max_row + 1, 1, "企画課")  # a section the plan does not have
    wb.save(path)
    found = read_directory(path, plan)
    assert found.get("財政課").text() == f"財政課 佐藤（内線 2222、{ZAISEI_MAIL}）"
    assert found.get("市民課").mail == "" and found.get("企画課") is None
    assert [p.code for p in found.problems] == ["D002", "D001"]


def test_every_directory_problem_names_its_file_sheet_and_cell(plan, tmp_path):
    """D001 and D002 gave no cell (D008 did): the office had to search 連絡先.xlsx for the row. Every problem names
    the cell, found by its label (the office may add and move columns)."""
    from openpyxl.utils import get_column_letter

    path = directory_file(plan, tmp_path / "連絡先.xlsx", {"財政課": ("佐藤", "zaisei@city..example.lg.jp", "2222"),
                                                          "市民課": ("鈴木", SHIMIN_MAIL, "1301")})
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    ws.insert_cols(1)  # a column of the office's own before 課名: 課名 is B, メール D
    table = Table(ws, "課名")
    unknown, second = ws.max_row + 1, ws.max_row + 2
    ws.cell(unknown, table.cols["課名"], "企画課")  # no section of the plan
    ws.cell(second, table.cols["課名"], "市民課")  # a second row of 市民課
    ws.cell(second, table.cols["担当者"], "佐藤")
    wb.save(path)
    found = read_directory(path, plan)
    name, mail = get_column_letter(table.cols["課名"]), get_column_letter(table.cols["メール"])
    assert (name, mail) == ("B", "D")
    assert sorted((p.code, p.file, p.sheet, p.cell) for p in found.problems) == [
        ("D001", "連絡先.xlsx", "連絡先", f"{name}{unknown}"),
        ("D002", "連絡先.xlsx", "連絡先", f"{mail}{table.rows['財政課']}"),
        ("D008", "連絡先.xlsx", "連絡先", f"{name}{second}")]
    assert all(p.location == f"連絡先.xlsx / 連絡先 / {p.cell}" for p in found.problems)


def test_a_directory_without_its_header_is_said_at_its_file_and_sheet(plan, tmp_path):
    from reform_xlsx.mail import DirectoryError

    path = tmp_path / "連絡先_古い.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "連絡先"
    wb.active["A1"] = "部署"
    wb.save(path)
    with pytest.raises(DirectoryError) as raised:
        read_directory(path, plan)
    assert str(raised.value).startswith("[D003 エラー] 連絡先_古い.xlsx / 連絡先: 連絡先ファイルのシート「連絡先」に")


def test_contacts_force_names_a_kept_malformed_address_at_its_cell_in_the_new_file(plan, tmp_path, monkeypatch,
                                                                                   capsys):
    """A row the clerk inserted above 財政課 moves its row up in the file written anew: the address kept there to be
    corrected (D002) is named at its new cell, not where it was."""
    monkeypatch.chdir(tmp_path)
    path = directory_file(plan, tmp_path / outputs.DEFAULT_CONTACTS,
                          {"財政課": ("伊藤", f"{ZAISEI_MAIL} 2222", "2222")})
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    ws.insert_rows(Table(ws, "課名").rows["財政課"])  # a blank row above it
    wb.save(path)
    (before,) = read_directory(path, plan).problems
    assert main(["contacts", "--force"]) == 0
    err = capsys.readouterr().err
    (now,) = read_directory(path, plan).problems
    assert now.cell != before.cell  # the row moved up
    assert f"[D002 警告] {outputs.DEFAULT_CONTACTS} / 連絡先 / {now.cell}: 財政課のメールアドレス" in err
    assert before.cell not in err


def test_contacts_keeps_what_was_filled_when_made_again(plan, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["contacts"]) == 0
    directory_file(plan, tmp_path / outputs.DEFAULT_CONTACTS, {"財政課": ("佐藤", ZAISEI_MAIL, "2222")})
    assert main(["contacts"]) == 2 and "--force" in capsys.readouterr().err
    assert main(["contacts", "--force"]) == 0
    assert read_directory(tmp_path / outputs.DEFAULT_CONTACTS, plan).get("財政課").mail == ZAISEI_MAIL


# --- when a file was submitted, and 期限内/期限後 -------------------------------------------------
def test_the_submitted_time_rule():
    saved, mtime, given = 1_810_000_000.0, 1_800_000_000.0, 1_805_000_000.0
    assert submitted_time(saved, mtime) == (saved, SAVED_FROM)  # the workbook's own save time first
    assert submitted_time(None, mtime) == (mtime, FILE_FROM)
    assert submitted_time(-2_209_000_000.0, mtime) == (mtime, FILE_FROM)  # 1899: a placeholder, not a save
    assert submitted_time(253_402_300_799.0, mtime) == (mtime, FILE_FROM)  # 9999-12-31: a placeholder too
    assert submitted_time(saved, mtime, given) == (given, GIVEN_FROM)  # the office's word wins


@pytest.mark.parametrize(("epoch", "shown"), [
    (None, None),
    (0.0, None),  # a file that could not be looked at: unknown, never 「1970/01/01」
    (1_810_000_000.0, dt.datetime.fromtimestamp(1_810_000_000).isoformat()),
])
def test_local_time_of_an_unknown_time_is_none(epoch, shown):
    assert local_time(epoch) == shown


@pytest.fixture
def year_inbox(plan, tmp_path):
    """財政課 saved on time, 市民課 saved after the deadline (its file time says otherwise), 観光課 silent."""
    templates = write_templates(plan, 2026, tmp_path / "t", ["財政課", "市民課", "観光課"], deadline="2027-05-28",
                                contact="人事行政課 行政改革係（内線 1234）")
    by = {p.stem.rsplit("_", 1)[1]: p for p in templates}
    inbox = tmp_path / "inbox"
    zaisei = set_saved(filled(plan, by["財政課"], inbox / "財政課.xlsx"), "2027-05-27T09:00:00Z")
    shimin = set_saved(filled(plan, by["市民課"], inbox / "市民課.xlsx", respondent=("鈴木 一", "1301", "suzuki@example.jp"),
                              changes={layout.SHEET_ITEMS: {"1-1-1": {"進捗状況": "計画通り？"}}}),
                       "2027-06-02T09:00:00Z")
    early = dt.datetime(2027, 5, 1).timestamp()
    os.utime(shimin, (early, early))  # the file's own time would say 期限内: the workbook's save time decides
    return inbox, by, zaisei, shimin


def test_on_time_and_late_follow_the_workbooks_saved_time(year_inbox, tmp_path, capsys):
    inbox, _, _, _ = year_inbox
    db, out = tmp_path / "out" / "reform.db", tmp_path / "out"
    assert main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(db), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    rows = {s["section"]: s for s in doc["sections"]}
    assert (rows["財政課"]["timeliness"], rows["市民課"]["timeliness"], rows["観光課"]["timeliness"]) == (
        "期限内", "期限後", None)
    assert rows["市民課"]["submitted_at"].startswith("2027-06-02") and rows["財政課"]["deadline"] == "2027-05-28"
    assert rows["市民課"]["respondent"] == {"person": "鈴木 一", "extension": "1301", "mail": "suzuki@example.jp"}
    receipt = pd.read_excel(doc["outputs"]["receipt"], sheet_name="課別", header=2, engine="calamine").set_index("課名")
    assert receipt.loc["市民課", "期限"] == "期限後" and receipt.loc["財政課", "期限"] == "期限内"
    assert receipt.loc["市民課", "回答者（担当者・内線）"] == "鈴木 一（内線 1301、suzuki@example.jp）"
    status = pd.read_excel(doc["outputs"]["office"], sheet_name="提出状況", header=3, engine="calamine").set_index("課名")
    assert status.loc["市民課", "期限"] == "期限後" and status.loc["市民課", "提出日時"].startswith("2027/06/02")

    # The office knows 市民課's file came by 5/20 (its times were lost in mail): --received-at.
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(db), "--json",
            "--received-at", "市民課.xlsx=2027-05-20 10:00"]
    assert main(argv) == 1
    doc = json.loads(capsys.readouterr().out)
    shimin = next(f for f in doc["files"] if f["name"] == "市民課.xlsx")
    assert (shimin["submitted_from"], shimin["submitted_at"], shimin["timeliness"]) == (
        "given", "2027-05-20T10:00:00", "期限内")
    # A name that was not read is an error: nothing recorded.
    assert main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(db),
                 "--received-at", "税務課.xlsx=2027-05-20"]) == 2
    assert "税務課.xlsx" in capsys.readouterr().err
    with Ledger(db) as ledger:
        assert len(ledger.submissions(2026)) == 2


# --- 督促 and 再提出のお願い ----------------------------------------------------------------------
def test_status_remind_writes_reminders_and_resubmission_requests(year_inbox, tmp_path, contacts, monkeypatch, capsys):
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)  # the README's layout: out/reform.db, 連絡先.xlsx here
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-09"]) == 1
    out = capsys.readouterr().out
    assert main(["report", "--year", "R8", "--out", "again"]) == 0  # every command finds out/reform.db
    assert f"台帳 {Path('out') / 'reform.db'} から作り直しました" in capsys.readouterr().out
    assert main(["plan", "export", "計画.xlsx"]) == 0 and not (tmp_path / "reform.db").exists()
    capsys.readouterr()
    assert "督促の一覧" in out and "鈴木 一（内線 1301、suzuki@example.jp）" in out
    drafts = tmp_path / "out" / outputs.MAIL_FOLDER
    names = sorted(p.name for p in drafts.iterdir())
    assert outputs.mail_draft(2026, "resubmit", "市民課") in names
    assert {outputs.mail_draft(2026, "reminder", s) for s in ("観光課", "DX推進課")} <= set(names)
    assert not any("財政課" in n for n in names)  # 提出済: nothing to send

    back = parse(drafts / outputs.mail_draft(2026, "resubmit", "市民課"))
    assert back["X-Unsent"] == "1"
    assert back["Subject"] == "【再提出のお願い】令和8年度 第2次市政改革推進行動計画 取組状況調査（再提出期限 令和9年6月9日）"
    assert [a.addr_spec for a in back["To"].addresses] == ["suzuki@example.jp"]  # who wrote the file …
    assert [a.addr_spec for a in back["Cc"].addresses] == [SHIMIN_MAIL]  # … and the section's address
    (copy,) = list(back.iter_attachments())
    assert copy.get_filename() == outputs.feedback(2026, "市民課")
    assert copy.get_content() == (tmp_path / "out" / outputs.FEEDBACK_FOLDER / copy.get_filename()).read_bytes()
    body = back.get_body(("plain",)).get_content()
    assert "鈴木 一 様" in body and "■ 再提出期限: 令和9年6月9日（水）" in body and "エラー 1 件" in body
    assert "問い合わせ先: 人事行政課 行政改革係（内線 1234）" in body  # what `templates --contact` recorded

    nudge = parse(drafts / outputs.mail_draft(2026, "reminder", "観光課"))
    assert nudge["Subject"].startswith("【督促】令和8年度") and "〆切 令和9年5月28日" in nudge["Subject"]
    assert list(nudge.iter_attachments()) == [] and nudge["To"] is None  # 観光課 has no address in the directory
    assert "提出期限" in nudge.get_body(("plain",)).get_content()


@pytest.mark.parametrize(("deadline", "today", "sentence"), [
    (dt.date(2027, 5, 28), dt.date(2027, 5, 20),
     "観光課の調査票の提出期限は令和9年5月28日（金）です。まだ届いていませんので、ご確認をお願いします。"),
    (dt.date(2027, 5, 28), dt.date(2027, 5, 28),  # the day itself: not yet late
     "観光課の調査票の提出期限は令和9年5月28日（金）です。まだ届いていませんので、ご確認をお願いします。"),
    (dt.date(2027, 5, 28), dt.date(2027, 5, 31),
     "観光課の調査票が、提出期限の令和9年5月28日（金）を過ぎても、まだ届いていません。"),
    (None, dt.date(2027, 5, 31), "観光課の調査票がまだ届いていません。ご確認をお願いします。"),
])
def test_the_reminder_says_where_the_deadline_stands(plan, deadline, today, sentence):
    draft = reminder_draft(plan, 2026, "観光課", directory=None, deadline=deadline, contact=None, today=today)
    assert f"取組状況調査について、{sentence}\n" in draft.body


# --- where status finds the ledger ------------------------------------------------------------
def test_status_finds_the_ledger_the_readmes_merge_wrote(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["status", "--year", "R8"]) == 2
    assert "--db" in capsys.readouterr().err  # none here: it says to pass --db
    (tmp_path / "out").mkdir()
    Ledger(tmp_path / "out" / "reform.db").close()
    assert main(["status", "--year", "R8"]) == 1
    assert "out/reform.db" in capsys.readouterr().out
    (tmp_path / "old").mkdir()
    Ledger(tmp_path / "old" / "reform.db").close()
    assert main(["status", "--year", "R8"]) == 2
    assert "複数" in capsys.readouterr().err  # two candidates: it asks which


def test_the_deadline_templates_records_in_the_ledger_decides(plan, tmp_path, capsys):
    db = tmp_path / "reform.db"
    assert main(["templates", "--year", "R8", "--out", str(tmp_path / "t"), "--section", "観光課", "--db", str(db),
                 "--deadline", "2027-05-28"]) == 0
    assert "照会（提出期限 令和9年5月28日）を記録" in capsys.readouterr().out
    with Ledger(db) as ledger:
        assert ledger.deadline_of(2026, "観光課") == "2027-05-28"
        assert ledger.deadline_of(2026, "財政課") == "2027-05-28"  # the year's, for a section not asked yet


def test_status_finds_the_sent_back_copy_after_the_out_folder_moved(year_inbox, tmp_path, contacts, monkeypatch,
                                                                   capsys):
    """The office moves out/ (ledger, outputs, 差し戻し) to a new place: the 再提出のお願い still attaches the
    copy, found where it now is (the ledger records its outputs relative to its own folder)."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    moved = (tmp_path / "out").rename(tmp_path / "令和8年度_取りまとめ")
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--db", str(moved / "reform.db")]) == 1
    assert "要修正の写しがありません" not in capsys.readouterr().out
    back = parse(moved / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課"))
    (copy,) = list(back.iter_attachments())
    assert copy.get_content() == (moved / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "市民課")).read_bytes()


def test_a_copy_the_clerk_saved_over_is_attached_as_it_is_with_the_resubmission_deadline(year_inbox, tmp_path,
                                                                                         contacts, monkeypatch,
                                                                                         capsys):
    """The clerk saved over out/差し戻し/令和8年度_市民課_要修正.xlsx (merge keeps it): status --remind said 「要修正の
    写しがありません: merge を実行してください」 — merge never writes over it — and its 期限 was the 提出期限."""
    from reform_xlsx.ledger import store

    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    # its file came the day 市民課 saved it, whenever the test runs: its copy says a week after, the --resubmit-by
    # below (on merge's own day, later than 2027-06-02, it said a later one: T007, no draft to attach it to)
    monkeypatch.setattr(store, "datetime", _ReceivedClock)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    copy = tmp_path / "out" / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "市民課")
    openpyxl.load_workbook(copy).save(copy)  # saved over in Excel
    edited = copy.read_bytes()
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert copy.read_bytes() == edited
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-09"]) == 1
    captured = capsys.readouterr()
    row = next(line for line in captured.out.split("督促の一覧:")[1].splitlines() if line.startswith("市民課"))
    assert "要修正の写しがありません" not in captured.out and "令和9年6月9日（再提出）" in row
    draft = tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課")
    assert f"{draft.name}（手を加えた要修正の写しを添付: D010）" in row
    assert f"[D010 警告] {copy.name}: 市民課の要修正の写し {copy} は" in captured.err
    (attached,) = list(parse(draft).iter_attachments())
    assert attached.get_content() == edited
    # --json: stdout holds only the JSON, which carries D010 too (it was said on stderr only)
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-09", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    (said,) = [p for p in doc["draft_warnings"] if p["code"] == "D010"]
    assert said["file"] == copy.name and str(copy) in said["message"]
    copy.unlink()  # as D010 says: deleted, then merge writes the copy again
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert copy.is_file() and copy.read_bytes() != edited
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--json"]) == 1
    captured = capsys.readouterr()
    assert "D010" not in captured.err and "D010" not in {p["code"] for p in json.loads(captured.out)["draft_warnings"]}


def test_merge_does_not_ask_again_for_a_fix_it_has_accepted(plan, year_inbox, tmp_path, monkeypatch):
    """市民課's fix, saved over its 差し戻し copy and put in the inbox, was accepted; every later merge still said
    「課が直して送り返したファイルなら、受信フォルダに入れて merge してください」 about that copy."""
    from reform_xlsx.merge import run_merge

    inbox, by, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    copy = tmp_path / "out" / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "市民課")
    set_saved(filled(plan, by["市民課"], copy), "2027-06-05T09:00:00Z")  # the section's fix, saved over the copy
    (inbox / "市民課_修正.xlsx").write_bytes(copy.read_bytes())
    result = run_merge([inbox], plan, 2026, db=tmp_path / "out" / "reform.db", out=tmp_path / "out")
    assert {r["section"]: r["status"] for r in result.batch.sections}["市民課"] == "提出済"
    (note,) = [n for n in result.notes if str(copy) in n]
    assert "受け付け済み" in note and "受信フォルダに入れて" not in note


def test_no_reminders_for_a_year_nothing_was_asked_for(year_inbox, tmp_path, monkeypatch, capsys):
    """status --remind for 令和10年度 (no templates recorded, no file received) wrote a 督促 to every section."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R10", "--remind"]) == 1
    captured = capsys.readouterr()
    assert "令和10年度は、照会（templates --db）の記録も、受け付けたファイルもこの台帳にありません" in captured.err
    assert "督促の一覧" not in captured.out and not (tmp_path / "out" / outputs.MAIL_FOLDER).exists()
    assert main(["templates", "--year", "R10", "--out", "調査票10", "--db", "out/reform.db"]) == 0  # now it was asked
    capsys.readouterr()
    assert main(["status", "--year", "R10", "--remind"]) == 1
    assert "督促の一覧" in capsys.readouterr().out
    assert any((tmp_path / "out" / outputs.MAIL_FOLDER).glob("令和10年度_督促_*.eml"))


@pytest.mark.parametrize("person, mail, to", [
    ("加藤 由美\n佐藤 一郎", "kato@city.example", "kato@city.example"),  # two names typed with Alt+Enter: one line
    ("田中 花子", "tanaka@city.example\n（4月から）", None),  # an address a header cannot carry: left out
    ("田中 花子", "tanaka@city.example", "tanaka@city.example"),
])
def test_a_line_break_typed_in_a_contact_never_stops_the_drafts(person, mail, to):
    """status --remind and templates --mail stopped with 内部エラー（ValueError） at a name on two lines."""
    from email import message_from_string
    from email.policy import default

    from reform_xlsx.mail.directory import Contact
    from reform_xlsx.mail.drafts import Draft, message

    draft = Draft("reminder", "市民課", "件名", "本文", to=[Contact("市民課", person, mail)])
    back = message_from_string(message(draft).as_string(), policy=default)
    if to is None:
        assert back["To"] is None
    else:
        (address,) = back["To"].addresses
        assert address.addr_spec == to and "\n" not in address.display_name


def test_reminders_go_only_to_the_sections_that_were_sent_a_template(year_inbox, tmp_path, monkeypatch, capsys):
    """templates for 観光課 alone (the others not asked yet): the 督促 went to all eleven, with 観光課's 〆切."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert main(["templates", "--year", "R9", "--out", "調査票9", "--db", "out/reform.db", "--section", "観光課",
                 "--deadline", "2028-05-26"]) == 0
    capsys.readouterr()
    assert main(["status", "--year", "R9", "--remind"]) == 1
    drafts = sorted(p.name for p in (tmp_path / "out" / outputs.MAIL_FOLDER).glob("令和9年度_*.eml"))
    assert drafts == [outputs.mail_draft(2027, "reminder", "観光課")]


def test_a_section_renamed_after_it_was_sent_a_template_is_reminded_under_its_new_name(year_inbox, tmp_path,
                                                                                       monkeypatch, capsys):
    """templates R9 went to 税務課, then the R9 revision renamed it 収納課: status listed 収納課 as 未提出 but
    wrote no 督促 (the 照会 was recorded under the old name)."""
    import five_years as fy

    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert main(["templates", "--year", "R9", "--out", "調査票9", "--db", "out/reform.db", "--section", "税務課",
                 "--deadline", "2028-05-26"]) == 0
    (tmp_path / "r9.yaml").write_text(fy.revised_yaml(2027), encoding="utf-8")
    assert main(["plan", "import", "r9.yaml", "--db", "out/reform.db"]) == 0
    capsys.readouterr()
    assert main(["status", "--year", "R9", "--remind"]) == 1
    drafts = sorted(p.name for p in (tmp_path / "out" / outputs.MAIL_FOLDER).glob("令和9年度_*.eml"))
    assert drafts == [outputs.mail_draft(2027, "reminder", fy.NEW_NAME)]


def test_the_resubmission_request_names_the_file_sent_back_not_the_accepted_one(plan, year_inbox, tmp_path,
                                                                                monkeypatch, capsys):
    """財政課 was accepted, then sent a newer file that was sent back (提出済（再提出を差し戻し））: the
    再提出のお願い named the accepted file and 「エラー 0 件」."""
    inbox, by, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    later = inbox / "再提出" / "財政課_修正.xlsx"
    first = plan.items_for("財政課", 2026)[0].id
    set_saved(filled(plan, by["財政課"], later, changes={layout.SHEET_ITEMS: {first: {"進捗状況": "計画通り？"}}}),
              "2027-06-01T09:00:00Z")
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-09"]) == 1
    assert "提出済（再提出を差し戻し）" in capsys.readouterr().out
    back = parse(tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "財政課"))
    body = back.get_body(("plain",)).get_content()
    assert "お送りいただいた「財政課_修正.xlsx」に、直していただきたい点（エラー 1 件" in body


def test_the_section_is_told_of_the_file_it_sent_by_its_name_not_the_offices_folders(plan, year_inbox, tmp_path,
                                                                                     monkeypatch, capsys):
    """The 再提出のお願い quoted the file as merge showed it to the office, inbox folder and all (「お送りいただいた
    「inboxR9b/市民課_令和8年度訂正.xlsx」に…」), and so did the エラー一覧 of the copy attached to it."""
    from reform_xlsx.ledger.feedback import SHEET_ERRORS

    _, by, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    sent = tmp_path / "受信" / "inboxR9b" / "市民課_令和8年度訂正.xlsx"
    set_saved(filled(plan, by["市民課"], sent, changes={layout.SHEET_ITEMS: {"1-1-1": {"進捗状況": "計画通り？"}}}),
              "2027-05-27T09:00:00Z")
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in doc["files"]] == ["inboxR9b/市民課_令和8年度訂正.xlsx"]  # the office sees where it is
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-09"]) == 1
    capsys.readouterr()
    back = parse(tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課"))
    body = back.get_body(("plain",)).get_content()
    assert "お送りいただいた「市民課_令和8年度訂正.xlsx」に、直していただきたい点（エラー 1 件" in body
    assert "inboxR9b" not in body and "受信" not in body
    (attached,) = list(back.iter_attachments())
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(attached.get_content())
    errors = openpyxl.load_workbook(copy)[SHEET_ERRORS]
    texts = [c.value for row in errors.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("「市民課_令和8年度訂正.xlsx」にエラー 1 件") for t in texts)
    assert not any("inboxR9b" in t for t in texts)


def test_the_reminder_names_a_former_sections_form_by_its_own_name(plan):
    draft = reminder_draft(plan, 2026, "市民課", directory=None, deadline=None, contact=None,
                           received="受信/旧課/税務課_令和8年度.xlsx", missing=["1-1-1"])
    assert "市民課の分として「税務課_令和8年度.xlsx」（組織改正の前の調査票）を受け取りましたが" in draft.body
    assert "受信/" not in draft.body


@pytest.mark.parametrize(("typed", "to", "codes"), [
    ("ito＠city.example.lg.jp", ["ito@city.example.lg.jp"], []),  # full-width ＠: an encoded To no one can send
    ("yamamoto @city.example.lg.jp", ["yamamoto@city.example.lg.jp"], []),  # a space: no To at all, no D004
    ("a@city.example.lg.jp, b@city.example.lg.jp", [ZAISEI_MAIL], ["D005"]),  # two: the directory's address
    ("伊藤", [ZAISEI_MAIL], ["D005"]),
    ("ito@city.example.lg.jp．", ["ito@city.example.lg.jp"], []),  # a sentence's full stop: dropped
    ("ito@city..example.lg.jp", [ZAISEI_MAIL], ["D005"]),  # <ito@city..example.lg.jp> no one can read
    ("ito@city.example.lg.jp 1501", [ZAISEI_MAIL], ["D005"]),  # the 内線 after it: not <…lg.jp1501>
    ("I.Ito ito@city.example.lg.jp", [ZAISEI_MAIL], ["D005"]),
    ("", [ZAISEI_MAIL], []),
])
def test_the_respondents_own_address_is_normalised_or_replaced_by_the_directorys(plan, contacts, tmp_path, typed, to,
                                                                                  codes):
    """The address typed in the 回答者欄 was used as typed: 「ito＠…」 gave an unsendable To, 「yamamoto @…」 or
    two addresses gave none, and no warning."""
    draft, back = _resubmit_to(plan, contacts, tmp_path, typed)
    assert [a.addr_spec for a in back["To"].addresses] == to
    assert [p.code for p in draft.problems] == codes


def _resubmit_to(plan, contacts: Path, tmp_path: Path, typed: str):
    """財政課's 再提出のお願い when its 回答者 typed ``typed`` as the mail: the draft, and its message parsed back."""
    from reform_xlsx.mail.drafts import message, resubmit_draft

    copy = tmp_path / "写し.xlsx"
    copy.write_bytes(b"PK")
    draft = resubmit_draft(plan, 2026, "財政課", copy, directory=read_directory(contacts, plan), resubmit_by=None,
                           contact=None, respondent={"person": "伊藤", "mail": typed}, errors=1, warnings=0,
                           source_name="財政課.xlsx")
    return draft, email.message_from_bytes(message(draft).as_bytes(), policy=email.policy.default)


@pytest.mark.parametrize(("typed", "cc"), [
    (ZAISEI_MAIL, None),
    (ZAISEI_MAIL.upper(), None),  # the section's address typed with capitals: the same mailbox, not a Cc
    ("ito@city.example.lg.jp", [ZAISEI_MAIL]),  # the person's own: the section's address in Cc
])
def test_the_sections_address_is_a_cc_only_when_it_is_another_mailbox(plan, contacts, tmp_path, typed, cc):
    """「ZAISEI@…」 in the 回答者欄 and 「zaisei@…」 in 連絡先 are one mailbox: the draft had it in both To and Cc."""
    _, back = _resubmit_to(plan, contacts, tmp_path, typed)
    assert [a.addr_spec for a in back["To"].addresses] == [typed]
    assert (back["Cc"] and [a.addr_spec for a in back["Cc"].addresses]) == cc


@pytest.mark.parametrize(("typed", "normalised", "valid"), [
    ("zaisei@city.example.lg.jp", "zaisei@city.example.lg.jp", True),
    ("ｚａｉｓｅｉ＠ｃｉｔｙ．ｅｘａｍｐｌｅ．ｌｇ．ｊｐ．", "zaisei@city.example.lg.jp", True),  # a sentence's full stop
    ("zaisei@city.example.lg.jp.", "zaisei@city.example.lg.jp", True),
    ("zaisei@city.example.lg.jp。", "zaisei@city.example.lg.jp", True),
    ("zaisei@city.example.lg.jp..", "zaisei@city.example.lg.jp.", False),  # one full stop, not a dot run
    ("o'brien@city.example.lg.jp", "o'brien@city.example.lg.jp", True),
    ("shimin@city..example.lg.jp", "shimin@city..example.lg.jp", False),
    ("taro..sato@city.example.lg.jp", "taro..sato@city.example.lg.jp", False),
    (".sato@city.example.lg.jp", ".sato@city.example.lg.jp", False),
    ("sato.@city.example.lg.jp", "sato.@city.example.lg.jp", False),
    ("sato@.city.example.lg.jp", "sato@.city.example.lg.jp", False),
    ("sato@city.example.lg.jp'", "sato@city.example.lg.jp'", False),
    ("sato@city.example.lg.jp\\", "sato@city.example.lg.jp\\", False),
    ("sa\\to@city.example.lg.jp", "sa\\to@city.example.lg.jp", False),
    ("sato@-city.example.lg.jp", "sato@-city.example.lg.jp", False),
    ("sato@localhost", "sato@localhost", False),
    ("@city.example.lg.jp", "@city.example.lg.jp", False),
    ("佐藤@city.example.lg.jp", "佐藤@city.example.lg.jp", False),
    ("yamamoto @ city.example.lg.jp", "yamamoto@city.example.lg.jp", True),  # spaces next to the @: closed up
    (" yamamoto@city.example.lg.jp ", "yamamoto@city.example.lg.jp", True),
    ("zeimu@city.example.lg.jp 1501", "zeimu@city.example.lg.jp 1501", False),  # two words, not …lg.jp1501
    ("T.Tanaka tanaka@city.example.lg.jp", "T.Tanaka tanaka@city.example.lg.jp", False),
    ("zeimu@city.example. lg.jp", "zeimu@city.example. lg.jp", False),
    # copied from a mail program: the address alone (these were refused, D002, and the draft had no To:)
    ("山田 太郎 <yamada@city.example.lg.jp>", "yamada@city.example.lg.jp", True),  # Outlook's address book
    ("\"Yamada, Taro\" <yamada@city.example.lg.jp>", "yamada@city.example.lg.jp", True),
    ("＜yamada@city.example.lg.jp＞", "yamada@city.example.lg.jp", True),
    ("mailto:yamada@city.example.lg.jp", "yamada@city.example.lg.jp", True),  # a link's address
    ("MAILTO: yamada@city.example.lg.jp", "yamada@city.example.lg.jp", True),
    ("yamada@city.example.lg.jp;", "yamada@city.example.lg.jp", True),  # a To: line
    ("山田 太郎 <yamada@city.example.lg.jp>; ", "yamada@city.example.lg.jp", True),
    ("yamada@city.example.lg.jp、", "yamada@city.example.lg.jp", True),
    ("a@city.example.lg.jp; b@city.example.lg.jp", "a@city.example.lg.jp; b@city.example.lg.jp", False),  # two
    ("<a@city.example.lg.jp>; <b@city.example.lg.jp>", "<a@city.example.lg.jp>; <b@city.example.lg.jp>", False),
    ("a@city.example.lg.jp <b@city.example.lg.jp>", "a@city.example.lg.jp <b@city.example.lg.jp>", False),
    ("山田 <yamada@city..example.lg.jp>", "yamada@city..example.lg.jp", False),
])
def test_an_address_the_header_cannot_carry_is_refused(typed, normalised, valid):
    """「…lg.jp．」, 「city..example」, 「@.city」, a trailing ' passed the check and gave every draft a To: header
    mail programs cannot read (<…lg.jp.>)."""
    from reform_xlsx.mail.directory import normalise_mail, valid_mail

    assert normalise_mail(typed) == normalised
    assert valid_mail(normalised) is valid


def test_a_malformed_directory_address_is_d002_and_the_draft_header_reads_back(plan, tmp_path):
    from reform_xlsx.mail.drafts import message

    path = directory_file(plan, tmp_path / "連絡先.xlsx", {
        "財政課": ("佐藤", "ｚａｉｓｅｉ＠ｃｉｔｙ．ｅｘａｍｐｌｅ．ｌｇ．ｊｐ．", ""), "市民課": ("", "shimin@city..example.lg.jp", ""),
        "観光課": ("", "kanko@city.example.lg.jp'", "")})
    found = read_directory(path, plan)
    assert sorted((p.code, p.message.split("のメール")[0]) for p in found.problems) == [("D002", "市民課"), ("D002", "観光課")]
    assert (found.get("財政課").mail, found.get("市民課").mail, found.get("観光課").mail) == (ZAISEI_MAIL, "", "")
    draft = reminder_draft(plan, 2026, "財政課", directory=found, deadline=None, contact=None)
    back = email.message_from_bytes(message(draft).as_bytes(), policy=email.policy.default)
    assert [a.addr_spec for a in back["To"].addresses] == [ZAISEI_MAIL] and not back["To"].defects


def test_drafts_no_longer_due_are_removed_but_never_one_someone_changed(plan, year_inbox, tmp_path, monkeypatch,
                                                                         capsys):
    """After 観光課 and 市民課 sent their files, status --remind said 「督促の必要な課はありません」 for them but their
    old 督促 / 再提出のお願い stayed in メール下書き/, ready to be sent with the rest."""
    inbox, by, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert main(["status", "--year", "R8", "--remind"]) == 1
    drafts = tmp_path / "out" / outputs.MAIL_FOLDER
    kanko, shimin, dx = (drafts / outputs.mail_draft(2026, k, s) for k, s in (
        ("reminder", "観光課"), ("resubmit", "市民課"), ("reminder", "DX推進課")))
    assert kanko.is_file() and shimin.is_file() and dx.is_file()
    copy = drafts / "控え_令和8年度_督促_観光課.eml"
    copy.write_bytes(kanko.read_bytes())  # the clerk's copy under another name
    edited = drafts / outputs.mail_draft(2026, "resubmit", "財政課")  # a draft the clerk changed
    edited.write_bytes(kanko.read_bytes().replace(b"X-Unsent: 1", b"To: zaisei@city.example.lg.jp\r\nX-Unsent: 1"))
    own = drafts / outputs.mail_draft(2026, "reminder", "財政課")
    own.write_bytes(b"Subject: mine\r\n\r\nhand-made\r\n")  # the clerk's own file
    set_saved(filled(plan, by["観光課"], inbox / "観光課.xlsx"), "2027-05-27T09:00:00Z")
    set_saved(filled(plan, by["市民課"], inbox / "市民課.xlsx"), "2027-06-05T09:00:00Z")  # corrected
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind"]) == 1
    out = capsys.readouterr().out
    assert not kanko.exists() and not shimin.exists() and dx.is_file()  # DX推進課 is still to be reminded
    assert f"前の下書きを削除しました: {shimin.name}、{kanko.name}" in out
    assert copy.is_file() and edited.is_file() and own.read_bytes().endswith(b"hand-made\r\n")


@pytest.mark.parametrize(("row", "asked", "year_plan"), [
    ("収納課", "税務課", "old"),  # the 連絡先 as contacts writes it now; the 令和8年度 督促 to 税務課
    ("収納課", "収納課", "new"),
    ("税務課", "収納課", "new"),  # the 連絡先 kept from before the 組織改正; the 令和9年度 照会 to 収納課
    ("税務課", "税務課", "old"),
])
def test_one_directory_serves_a_section_before_and_after_its_rename(plan, tmp_path, row, asked, year_plan):
    """After 税務課 → 収納課, a 連絡先 with 収納課 gave the 令和8年度 督促 to 税務課 no To (and D001 「課名を計画どおりに
    直して」), one with 税務課 gave 収納課's drafts none."""
    import five_years as fy
    from reform_xlsx.plan.loading import load_plan

    (tmp_path / "r9.yaml").write_text(fy.revised_yaml(2027), encoding="utf-8")
    revised, _ = load_plan(tmp_path / "r9.yaml")
    path = tmp_path / "連絡先.xlsx"
    write_directory(revised if row == "収納課" else plan, path)
    wb = openpyxl.load_workbook(path)
    Table(wb["連絡先"], "課名").cell(row, "メール").value = "zei@city.example.lg.jp"
    wb.save(path)
    found = read_directory(path, plan if year_plan == "old" else revised, revised)
    assert found.problems == [] and found.get(asked).mail == "zei@city.example.lg.jp"


def test_contacts_force_says_what_it_did_not_keep_and_keeps_a_name_typed_with_a_space(plan, tmp_path, monkeypatch,
                                                                                      capsys):
    """contacts --force (「記入済みの内容を残して作り直す」) dropped two addresses in one cell and a row typed
    「観光 課」 without a word; the two addresses are kept as typed (and said), to be corrected in their cell."""
    monkeypatch.chdir(tmp_path)
    path = directory_file(plan, tmp_path / outputs.DEFAULT_CONTACTS, {
        "財政課": ("伊藤", f"{ZAISEI_MAIL}; zaisei2@city.example.lg.jp", "2222"), "観光課": ("山本", "kanko@example.jp", "")})
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    next(c for c in ws["A"] if c.value == "観光課").value = "観光 課"
    ws.cell(ws.max_row + 1, 1, "企画課")
    wb.save(path)
    assert main(["contacts", "--force"]) == 0
    err = capsys.readouterr().err
    kept, dropped = err.split("残していません")[0], err.split("残していません")[1]
    assert "残しました" in kept and "D002" in kept and f"「{ZAISEI_MAIL}; zaisei2@city.example.lg.jp」" in kept
    assert "D001" in dropped and "企画課" in dropped and "D002" not in dropped
    again = read_directory(path, plan)
    assert again.get("観光課").mail == "kanko@example.jp" and again.get("財政課").person == "伊藤"
    assert again.get("財政課").refused_mail == f"{ZAISEI_MAIL}; zaisei2@city.example.lg.jp"  # in its cell, to correct
    assert [p.code for p in again.problems] == ["D002"]


def test_contacts_force_never_says_it_kept_an_address_it_left_out(plan, tmp_path, monkeypatch, capsys):
    """A malformed address in a section's second row (under a row with a good one), and one alone in a row with nothing
    else: contacts --force said both were 「残しました」 while the rebuilt file had neither — the typing was gone."""
    monkeypatch.chdir(tmp_path)
    path = directory_file(plan, tmp_path / outputs.DEFAULT_CONTACTS, {"財政課": ("伊藤", ZAISEI_MAIL, "2222")})
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    ws.append(["財政課", "", "zaisei2@city; x@y", ""])  # a second row of 財政課: not the one kept
    alone = next(c for c in ws["A"] if c.value == "観光課").row
    ws.cell(alone, 3, "kanko@@city")  # nothing but a malformed address: the row kept, the address in its cell
    wb.save(path)
    assert main(["contacts", "--force"]) == 0
    err = capsys.readouterr().err
    kept, _, left_out = err.partition("残していません")
    assert "kanko@@city" in kept and "zaisei2@city; x@y" not in kept
    assert "zaisei2@city; x@y" in left_out
    again = read_directory(path, plan)
    assert again.get("観光課").refused_mail == "kanko@@city" and again.get("財政課").mail == ZAISEI_MAIL


def test_contacts_made_again_after_a_rename_carries_the_old_row_to_the_new_name(plan, tmp_path):
    import five_years as fy
    from reform_xlsx.plan.loading import load_plan

    (tmp_path / "r9.yaml").write_text(fy.revised_yaml(2027), encoding="utf-8")
    revised, _ = load_plan(tmp_path / "r9.yaml")
    path = directory_file(plan, tmp_path / "連絡先.xlsx", {"税務課": ("田中", "zeimu@city.example.lg.jp", "1501")})
    write_directory(revised, path, read_directory(path, revised))  # what contacts --force does
    rows = {r[0]: r for r in openpyxl.load_workbook(path)["連絡先"].iter_rows(values_only=True)}
    assert "税務課" not in rows and rows["収納課"][1:4] == ("田中", "zeimu@city.example.lg.jp", "1501")


def test_a_merged_section_takes_the_filled_row_of_its_parts_when_the_other_is_left_blank(plan, tmp_path):
    """contacts writes a row for every section: with 秘書政策課's row left blank (only the 課名) and DX推進課's
    filled, 政策推進課's drafts had no To: (D004) and contacts --force dropped the filled row."""
    import five_years as fy
    from reform_xlsx.plan.loading import load_plan

    (tmp_path / "r11.yaml").write_text(fy.revised_yaml(2029), encoding="utf-8")
    revised, _ = load_plan(tmp_path / "r11.yaml")
    path = directory_file(plan, tmp_path / "連絡先.xlsx", {"DX推進課": ("高橋", "dx@city.example.lg.jp", "3100")})
    assert {r[0] for r in openpyxl.load_workbook(path)["連絡先"].iter_rows(values_only=True)} >= set(fy.MERGED)
    found = read_directory(path, revised, revised)
    assert found.problems == [] and found.get(fy.MERGED_INTO).mail == "dx@city.example.lg.jp"
    write_directory(revised, path, found)  # what contacts --force does
    rows = {r[0]: r for r in openpyxl.load_workbook(path)["連絡先"].iter_rows(values_only=True)}
    assert rows[fy.MERGED_INTO][1:4] == ("高橋", "dx@city.example.lg.jp", "3100")


def test_the_reminder_list_shows_the_contact_person_and_the_resubmission_deadline(year_inbox, tmp_path, contacts,
                                                                                  monkeypatch, capsys):
    """「回答者（連絡先）」 never showed the 連絡先 person; a 差し戻し row's 期限 was the 提出期限, not the 再提出期限
    its draft gives."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-09"]) == 1
    rows = {line.split()[0]: line for line in capsys.readouterr().out.split("督促の一覧:")[1].splitlines()[3:]}
    assert f"行政改革係 山田（内線 1234、{OFFICE_MAIL}）" in rows["人事行政課"]
    assert "令和9年6月9日（再提出）" in rows["市民課"] and "令和9年5月28日" not in rows["市民課"]


def test_of_two_rows_of_a_section_the_one_with_an_address_is_used(plan, tmp_path):
    path = directory_file(plan, tmp_path / "連絡先.xlsx", {})  # 市民課's printed row left empty …
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    ws.append(["市民課", "鈴木", SHIMIN_MAIL])  # … and typed again at the bottom
    wb.save(path)
    assert read_directory(path, plan).get("市民課").mail == SHIMIN_MAIL


@pytest.mark.parametrize("blocked_by", ["folder", "locked"])
def test_a_draft_that_cannot_be_written_is_a_warning_and_the_others_are_written(year_inbox, tmp_path, monkeypatch,
                                                                               capsys, blocked_by):
    """One 督促 draft open in Outlook (or read-only) or a folder of its name stopped status --remind with exit 2:
    no status table, the other drafts not written."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    drafts = tmp_path / "out" / outputs.MAIL_FOLDER
    blocked = drafts / outputs.mail_draft(2026, "reminder", "観光課")
    if blocked_by == "folder":
        blocked.mkdir(parents=True)
    else:  # Windows: replacing a file open in a mail program is refused
        real = os.replace

        def replace(src, dst, *args, **kwargs):
            if Path(dst).name == blocked.name:
                raise PermissionError(13, "Permission denied", str(dst))
            return real(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind"]) == 1
    captured = capsys.readouterr()
    assert "D006" in captured.err and blocked.name in captured.err
    assert "提出状況" in captured.out and "督促の一覧" in captured.out
    assert f"（{blocked.name} を書けませんでした）" in captured.out
    assert (drafts / outputs.mail_draft(2026, "reminder", "DX推進課")).is_file()
    assert (drafts / outputs.mail_draft(2026, "resubmit", "市民課")).is_file()


def test_a_due_draft_the_clerk_changed_is_kept_and_said(year_inbox, tmp_path, monkeypatch, capsys):
    """The clerk added a line to 観光課's 督促 (or saved it again from Thunderbird); the next status --remind replaced
    it with a fresh draft without a word."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert main(["status", "--year", "R8", "--remind"]) == 1
    drafts = tmp_path / "out" / outputs.MAIL_FOLDER
    edited = drafts / outputs.mail_draft(2026, "reminder", "観光課")
    clerk = b"To: kanko@city.example.lg.jp\r\nX-Unsent: 1\r\n\r\n" + "先日お電話でお話しした件です。\r\n".encode()
    edited.write_bytes(clerk)
    untouched = drafts / outputs.mail_draft(2026, "reminder", "DX推進課")
    untouched.write_bytes(b"stale")  # not what the tool wrote either: kept too
    own = drafts / outputs.mail_draft(2026, "resubmit", "市民課")
    own.unlink()
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind"]) == 1
    captured = capsys.readouterr()
    assert edited.read_bytes() == clerk and untouched.read_bytes() == b"stale"
    assert written_here(own)  # the tool's own draft is written again
    assert captured.err.count("D007") == 2 and f"{edited.name}: 観光課の下書き {edited.name} は" in captured.err
    assert f"{edited.name}（手を加えたものを残しました）" in captured.out


def test_status_remind_json_says_which_drafts_it_removed(plan, year_inbox, tmp_path, monkeypatch, capsys):
    """With --json, the 督促 of a section that has since submitted was deleted without a word anywhere."""
    inbox, by, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["removed_drafts"] == []
    kanko = tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "reminder", "観光課")
    assert kanko.is_file()
    set_saved(filled(plan, by["観光課"], inbox / "観光課.xlsx"), "2027-05-27T09:00:00Z")
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--json"]) == 1
    captured = capsys.readouterr()
    assert not kanko.exists()
    assert json.loads(captured.out)["removed_drafts"] == [str(Path("out") / outputs.MAIL_FOLDER / kanko.name)]
    assert f"前の下書きを削除しました: {kanko.name}" in captured.err


@pytest.mark.parametrize("as_json", [False, True])
def test_a_draft_no_longer_due_that_cannot_be_removed_is_d009(plan, year_inbox, tmp_path, monkeypatch, capsys, as_json):
    """観光課's 督促, open in the mail program (Windows refuses to delete it), stayed after 観光課 submitted and
    nothing said so: the clerk could send a 督促 to a section that had already sent its form."""
    inbox, by, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert main(["status", "--year", "R8", "--remind"]) == 1
    kanko = tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "reminder", "観光課")
    assert written_here(kanko)
    set_saved(filled(plan, by["観光課"], inbox / "観光課.xlsx"), "2027-05-27T09:00:00Z")
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    real = Path.unlink

    def unlink(self, *args, **kwargs):
        if self.name == kanko.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", *(["--json"] if as_json else [])]) == 1
    captured = capsys.readouterr()
    assert kanko.is_file()
    assert "手で削除してください" in captured.err
    _said_kept_stale(captured, as_json, "D009", kanko.name, "前の下書きを削除できませんでした: ")


def _said_kept_stale(captured, as_json: bool, code: str, name: str, heading: str) -> None:
    """A draft no longer due that is left (D009, D012): said on stderr, and in the JSON or before the list."""
    assert f"[{code} 警告] {name}: 観光課の下書き {name} は、もう送る必要がありません" in captured.err
    if as_json:
        doc = json.loads(captured.out)
        assert doc["removed_drafts"] == []
        assert [(p["code"], p["file"]) for p in doc["unremoved_drafts"]] == [(code, name)]
    else:
        assert f"{heading}{name}（送らないでください" in captured.out


@pytest.mark.parametrize("as_json", [False, True])
def test_a_draft_no_longer_due_that_the_clerk_changed_is_kept_and_is_d012(plan, year_inbox, tmp_path, monkeypatch,
                                                                         capsys, as_json):
    """The clerk added a line to 観光課's 督促; 観光課 then submitted. The next status --remind kept the edited draft
    (rightly: it is the clerk's text) but said nothing, so the clerk could send the 督促 to a section that had
    already sent its form."""
    inbox, by, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert main(["status", "--year", "R8", "--remind"]) == 1
    kanko = tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "reminder", "観光課")
    clerk = kanko.read_bytes().replace(b"X-Unsent: 1\r\n", b"X-Unsent: 1\r\nImportance: high\r\n")
    kanko.write_bytes(clerk)
    set_saved(filled(plan, by["観光課"], inbox / "観光課.xlsx"), "2027-05-27T09:00:00Z")
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", *(["--json"] if as_json else [])]) == 1
    captured = capsys.readouterr()
    assert kanko.read_bytes() == clerk  # the clerk's text is never removed
    assert "送らないでください" in captured.err
    _said_kept_stale(captured, as_json, "D012", kanko.name, "手を加えてあるので残したもの: ")
    assert "観光課      未提出" not in captured.out


@pytest.mark.parametrize(("section", "to", "says"), [
    ("財政課", [ZAISEI_MAIL], "連絡先のメールアドレスを宛先にしました。"),
    ("観光課", None, "連絡先にもメールアドレスがないので宛先は空にしました。"),  # no 連絡先 address: D004 follows
])
def test_d005_says_what_the_draft_is_addressed_to_instead(plan, contacts, tmp_path, section, to, says):
    """D005 said 「連絡先のメールアドレスを宛先にしました」 for a section with no 連絡先 address, above D004."""
    from reform_xlsx.mail.drafts import message, resubmit_draft

    copy = tmp_path / "写し.xlsx"
    copy.write_bytes(b"PK")
    draft = resubmit_draft(plan, 2026, section, copy, directory=read_directory(contacts, plan), resubmit_by=None,
                           contact=None, respondent={"person": "伊藤", "mail": "a@city.example.lg.jp、b@city.example.lg.jp"},
                           errors=1, warnings=0, source_name=f"{section}.xlsx")
    back = email.message_from_bytes(message(draft).as_bytes(), policy=email.policy.default)
    assert (None if back["To"] is None else [a.addr_spec for a in back["To"].addresses]) == to
    d005 = next(p for p in draft.problems if p.code == "D005")
    assert says in d005.message and [p.code for p in draft.problems] == ["D005"] + ([] if to else ["D004"])


def test_contacts_force_names_the_filled_rows_it_does_not_keep(plan, tmp_path, monkeypatch, capsys):
    """A section's second filled row (the 係長 under the 担当) was dropped by contacts --force without a word."""
    monkeypatch.chdir(tmp_path)
    path = directory_file(plan, tmp_path / outputs.DEFAULT_CONTACTS, {"市民課": ("鈴木", SHIMIN_MAIL, "")})
    wb = openpyxl.load_workbook(path)
    wb["連絡先"].append(["市民課", "佐藤係長", "sato@city.example.lg.jp"])
    wb.save(path)
    assert main(["contacts", "--force"]) == 0
    captured = capsys.readouterr()
    assert "市民課: 市民課 佐藤係長（sato@city.example.lg.jp）" in captured.err and "残していません" in captured.err
    # the rows the clerk typed in: 市民課 — not the office's (its 備考 「取りまとめ課」 is the tool's), nor every row
    assert "鈴木" not in captured.err and "記入済みの 1 課分を残しました" in captured.out
    assert read_directory(path, plan).get("市民課").mail == SHIMIN_MAIL
    assert "D008" not in captured.err and captured.err.count("佐藤係長") == 1  # said once, where it is not kept


@pytest.mark.parametrize("rows, used, unused", [
    # (担当者, メール) typed in row order; the row with an address is used whichever comes first
    ([("鈴木", SHIMIN_MAIL), ("佐藤係長", "")], "鈴木", [("佐藤係長", 1)]),
    ([("佐藤係長", ""), ("鈴木", SHIMIN_MAIL)], "鈴木", [("佐藤係長", 0)]),
    ([("鈴木", SHIMIN_MAIL), ("佐藤係長", "sato@city.example.lg.jp"), ("", "")], "鈴木", [("佐藤係長", 1)]),
    ([("鈴木", SHIMIN_MAIL), ("", "")], "鈴木", []),  # a row with only the 課名: nothing lost, nothing said
    ([("佐藤係長", "")], "佐藤係長", []),  # typed in a row added under the empty one contacts made: that row serves
])
def test_a_sections_second_filled_row_is_said_by_its_cell(plan, tmp_path, rows, used, unused):
    """Of two filled 連絡先 rows of one section the drafts used one and nobody was told about the other."""
    path = directory_file(plan, tmp_path / outputs.DEFAULT_CONTACTS, {})
    wb = openpyxl.load_workbook(path)
    sheet = wb["連絡先"]
    first = sheet.max_row + 1
    for person, mail in rows:
        sheet.append(["市民課", person, mail])
    wb.save(path)
    found = read_directory(path, plan)
    assert found.get("市民課").person == used
    said = [p for p in found.problems if p.code == "D008"]
    assert [(p.cell, p.sheet) for p in said] == [(f"A{first + n}", "連絡先") for _, n in unused]
    for (person, _), p in zip(unused, said):
        assert f"{person}" in p.message and f"{first + [r[0] for r in rows].index(used)} 行目を使い" in p.message


def _moves(*lines: str):
    from reform_xlsx.plan.model import SectionMove
    return tuple(SectionMove(2027 + n, *line.split("→")) for n, line in enumerate(lines))


@pytest.mark.parametrize("moves, rows, asked, served_by", [
    # renamed twice: a row under any of the three names serves the others
    (("税務課→収納課", "収納課→納税課"), ("税務課",), "納税課", "税務課"),
    (("税務課→収納課", "収納課→納税課"), ("税務課",), "収納課", "税務課"),
    (("税務課→収納課", "収納課→納税課"), ("収納課",), "納税課", "収納課"),
    (("税務課→収納課", "収納課→納税課"), ("納税課",), "税務課", "納税課"),
    # merged: the merged section takes the one row of its parts; two rows are not guessed between
    (("DX推進課→政策推進課", "秘書政策課→政策推進課"), ("DX推進課",), "政策推進課", "DX推進課"),
    (("DX推進課→政策推進課", "秘書政策課→政策推進課"), ("DX推進課", "秘書政策課"), "政策推進課", None),
    # a blank row (only the 課名, as contacts writes it) is no row: the filled one serves
    (("DX推進課→政策推進課", "秘書政策課→政策推進課"), ("DX推進課", "秘書政策課:blank"), "政策推進課", "DX推進課"),
    (("DX推進課→政策推進課", "秘書政策課→政策推進課"), ("DX推進課", "政策推進課:blank"), "政策推進課", "DX推進課"),
    (("税務課→収納課",), ("税務課", "収納課:blank"), "収納課", "税務課"),
    (("税務課→収納課",), ("税務課:blank",), "収納課", None),
    # … but one merged section never takes the other's row
    (("DX推進課→政策推進課", "秘書政策課→政策推進課"), ("秘書政策課",), "DX推進課", None),
    # split: which part the old row is for is not known
    (("市民課→窓口課", "市民課→戸籍課"), ("市民課",), "窓口課", None),
])
def test_a_directory_row_serves_the_names_a_reorganisation_joins(moves, rows, asked, served_by):
    from reform_xlsx.mail.directory import Contact, Directory
    contacts = {name: Contact(section=name, person=f"{name}の担当", mail="a@example.jp", extension="", note="")
                for name in rows if not name.endswith(":blank")}
    contacts |= {name: Contact(section=name) for row in rows if row.endswith(":blank") for name in [row[:-6]]}
    found = Directory(contacts=contacts, moves=_moves(*moves)).get(asked)
    assert (found.section if found and found.mail else None) == served_by


@pytest.mark.parametrize("planned, typed", [("第２建設課", "第２建設課"), ("第２建設課", "第2建設課"),
                                            ("総務課（行政経営担当）", "総務課（行政経営担当）"),
                                            ("総務課（行政経営担当）", "総務課(行政経営担当)"),
                                            ("総務課（行政経営担当）", "総務課 （行政経営担当）")])
def test_a_section_name_with_full_width_characters_is_its_row_in_the_directory(tmp_path, planned, typed):
    """contacts wrote the plan's 「第２建設課」 and read it back as 「第2建設課」: D001 (a name the clerk never
    typed), no To: in the section's drafts, and contacts --force left the filled row out."""
    from reform_xlsx.plan.loading import bundled_plan_text, parse_plan

    plan, problems = parse_plan(bundled_plan_text().replace("観光課", planned), "town.yaml")
    assert planned in plan.sections and not [p for p in problems if p.severity.name == "ERROR"]
    path = directory_file(plan, tmp_path / "連絡先.xlsx", {planned: ("佐藤", ZAISEI_MAIL, "2222")})
    wb = openpyxl.load_workbook(path)
    next(c for c in wb["連絡先"]["A"] if c.value == planned).value = typed
    ws = wb["連絡先"]
    ws.cell(ws.max_row + 1, 1, "第３企画課")  # unknown: said as typed
    wb.save(path)
    found = read_directory(path, plan)
    assert found.get(planned).mail == ZAISEI_MAIL
    assert [(p.code, "「第３企画課」" in p.message) for p in found.problems] == [("D001", True)]
    write_directory(plan, path, found)  # contacts --force keeps the row under the plan's spelling
    assert read_directory(path, plan).get(planned).text() == f"{planned} 佐藤（内線 2222、{ZAISEI_MAIL}）"


@pytest.mark.parametrize("epoch, shown, day", [
    (1_779_000_000.0, True, "期限内"), (0.0, False, ""), (-100_000.0, False, ""),  # before 1970: not a time shown
    (1e20, False, ""), (float("inf"), False, ""),  # beyond any clock
])
def test_a_time_the_system_cannot_show_is_unknown_never_an_error(epoch, shown, day):
    """A file dated 9999 (touch, a broken clock) stopped merge after recording it: 「内部エラー（ValueError year 10000
    is out of range）」 on Linux, 「ファイルを読み書きできません（OSError）」 on Windows — on every merge after."""
    from reform_xlsx.merge import resubmit_after
    from reform_xlsx.records import local_time, timeliness

    assert (local_time(epoch) is not None) is shown
    assert timeliness(epoch, "2026-05-31") == day
    assert resubmit_after("2026-06-01T10:00:00", epoch) == dt.date(2026, 6, 8)


def test_a_form_saved_in_the_year_9999_is_merged_by_its_file_time(plan, tmp_path, capsys, in_japan):
    template = write_templates(plan, 2026, tmp_path / "t", ["観光課"])[0]
    sent = set_saved(filled(plan, template, tmp_path / "in" / "観光課.xlsx"), "9999-12-31T23:59:59Z")
    os.utime(sent, (1_779_000_000, 1_779_000_000))
    argv = ["merge", str(tmp_path / "in"), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db"),
            "--json"]
    for _ in range(2):
        assert main(argv) == 1  # the other sections are missing: finished, outputs written
        doc = json.loads(capsys.readouterr().out)
        f = doc["files"][0]
        assert (f["status"], f["submitted_from"], f["submitted_at"]) == ("accepted", "file", local_time(1_779_000_000))
        assert Path(doc["outputs"]["meeting"]).is_file()


@pytest.mark.parametrize("received, saved, due", [
    ("2026-12-03T10:00:00", dt.datetime(2026, 12, 1, 9, 0), dt.date(2026, 12, 10)),  # saved before it came
    ("2026-12-03T10:00:00", dt.datetime(2027, 2, 1, 9, 0), dt.date(2027, 2, 8)),  # within a year: it stands
    ("2026-12-03T10:00:00", dt.datetime(2029, 1, 15, 9, 0), dt.date(2026, 12, 10)),  # a clock 2 years ahead
    (None, dt.datetime(2026, 12, 1, 9, 0), dt.date(2026, 12, 8)),
])
def test_the_resubmission_date_of_a_file_from_a_clock_set_ahead(received, saved, due):
    """A section's PC clock two years ahead set the 再提出期限 in 令和11年 (the save day, not the day it came)."""
    from reform_xlsx.merge import resubmit_after

    assert resubmit_after(received, saved.timestamp()) == due


def test_status_run_in_the_ledgers_folder_finds_the_contacts_of_the_work_folder(plan, year_inbox, contacts, tmp_path,
                                                                                 monkeypatch, capsys):
    """The README keeps 連絡先.xlsx in the work folder and the ledger in out/. status --remind run inside out/ (where
    it finds the ledger) looked for 連絡先.xlsx there only, and replaced every addressed 督促 with one without a 宛先."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert contacts.parent == tmp_path
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    monkeypatch.chdir(tmp_path / "out")
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind"]) == 1
    err = capsys.readouterr().err
    assert f"連絡先ファイル: {contacts}" in err and "宛先のない下書きを作ります" not in err
    back = parse(tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課"))
    assert [a.addr_spec for a in back["Cc"].addresses] == [SHIMIN_MAIL]
    assert [a.addr_spec for a in back["From"].addresses] == [OFFICE_MAIL]


# --- the office's own section ---------------------------------------------------------------------
def test_the_office_sends_no_request_to_itself(plan, tmp_path, contacts, monkeypatch, capsys):
    """人事行政課 runs the survey and is a section of the plan too: templates --mail wrote it a 照会 from
    gyokaku@… to gyokaku@…. Its own form is made, no draft, and the run says so."""
    assert plan.office == "人事行政課" and plan.office in plan.sections
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "調査票"
    assert main(["templates", "--year", "R8", "--out", str(out), "--section", "人事行政課", "財政課", "--mail"]) == 0
    said = capsys.readouterr().out
    assert (out / outputs.template(plan.words, 2026, "人事行政課")).is_file()
    assert sorted(p.name for p in (out / outputs.MAIL_FOLDER).iterdir()) == [outputs.mail_draft(2026, "request", "財政課")]
    assert "照会メールの下書きを 1 件作りました" in said
    assert "取りまとめ課（人事行政課）の調査票は自課の分なので、照会メールの下書きは作っていません" in said


def test_the_office_sends_no_reminder_or_resubmission_request_to_itself(plan, year_inbox, tmp_path, contacts,
                                                                        monkeypatch, capsys):
    """status --remind wrote 督促 (and 再提出のお願い) drafts from the office to itself; its row in the list now says to
    do its own form, and a draft an earlier run wrote to it is removed as no longer due."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    drafts = tmp_path / "out" / outputs.MAIL_FOLDER
    earlier = reminder_draft(plan, 2026, "人事行政課", directory=None, deadline=dt.date(2027, 5, 28), contact=None)
    from reform_xlsx.mail import write_draft
    write_draft(earlier, drafts, 2026)  # as an earlier version wrote it
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind"]) == 1
    out = capsys.readouterr().out
    names = {p.name for p in drafts.iterdir()}
    assert outputs.mail_draft(2026, "reminder", "観光課") in names
    assert not any("人事行政課" in n for n in names)
    row = next(line for line in out.split("督促の一覧:")[1].splitlines() if line.startswith("人事行政課"))
    assert "取りまとめ課の自課分: 下書きは作りません" in row
    # its own form sent back (a grade not on the scale): no 再提出のお願い to itself either
    (form,) = write_templates(plan, 2026, tmp_path / "t2", ["人事行政課"], deadline="2027-05-28")
    filled(plan, form, inbox / "人事行政課.xlsx", changes={layout.SHEET_ITEMS: {
        plan.items_for("人事行政課", 2026)[0].id: {"進捗状況": "たぶん"}}})
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-09"]) == 1
    out = capsys.readouterr().out
    assert not any("人事行政課" in p.name for p in drafts.iterdir())
    row = next(line for line in out.split("督促の一覧:")[1].splitlines() if line.startswith("人事行政課"))
    assert "取りまとめ課の自課分" in row and "令和9年6月9日（再提出）" in row


def _addressed_drafts(year_inbox, tmp_path, monkeypatch) -> Path:
    """merge and status --remind with 連絡先.xlsx in ``tmp_path``: 市民課's 再提出のお願い, addressed (Cc its address)."""
    inbox, _, _, _ = year_inbox
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-09"]) == 1
    resubmit = tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課")
    assert [a.addr_spec for a in parse(resubmit)["Cc"].addresses] == [SHIMIN_MAIL]
    return resubmit


def test_a_run_without_the_contacts_file_keeps_the_addresses_the_earlier_drafts_had(year_inbox, tmp_path, contacts,
                                                                                   monkeypatch, capsys):
    """status --remind run in another folder (no 連絡先.xlsx found) wrote every 督促・再提出のお願い again without
    addresses, over the addressed ones the clerk had: a run that knows less destroyed them. They keep their addresses
    (D015), with this run's body and attachment."""
    resubmit = _addressed_drafts(year_inbox, tmp_path, monkeypatch)
    drafts = resubmit.parent
    contacts.rename(tmp_path / "連絡先_old.xlsx")  # the clerk works elsewhere: no 連絡先.xlsx to be found
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-10"]) == 1
    err = capsys.readouterr().err
    after = parse(resubmit)
    assert [a.addr_spec for a in after["To"].addresses] == ["suzuki@example.jp"]  # the 回答者 (the ledger knows)
    assert [a.addr_spec for a in after["Cc"].addresses] == [SHIMIN_MAIL]  # kept
    assert [a.addr_spec for a in after["From"].addresses] == [OFFICE_MAIL]  # kept
    assert "令和9年6月10日" in after["Subject"]  # this run's draft
    assert "[D015 警告]" in err and "市民課の下書き" in err and "差出人・CCを引き継いで" in err
    nudge = parse(drafts / outputs.mail_draft(2026, "reminder", "観光課"))
    assert nudge["To"] is None  # never had one: nothing to keep


@pytest.mark.parametrize("row", [("", "", ""), ("", "shimin@@city", ""), None])  # cleared, not an address, no row
def test_a_contacts_file_without_the_sections_address_keeps_the_earlier_drafts_addresses(
        year_inbox, tmp_path, contacts, plan, monkeypatch, capsys, row):
    """A 連絡先.xlsx that is found but has no address for 市民課 (its row cleared, or a file of another year) wrote
    市民課's 再提出のお願い again without its Cc (and a section's draft without its To), over the addressed one: D015
    kept the earlier addresses only when no 連絡先 file was found at all. The section's draft keeps them the same way;
    the other sections' drafts follow the file."""
    resubmit = _addressed_drafts(year_inbox, tmp_path, monkeypatch)
    rows = {"人事行政課": ("行政改革係 山田", OFFICE_MAIL, "1234"), "財政課": ("財政係 佐藤", ZAISEI_MAIL, "2222")}
    directory_file(plan, contacts, rows | ({"市民課": row} if row else {}))
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-06-10"]) == 1
    err = capsys.readouterr().err
    after = parse(resubmit)
    assert "令和9年6月10日" in after["Subject"]  # this run's draft
    assert [a.addr_spec for a in after["To"].addresses] == ["suzuki@example.jp"]
    assert [a.addr_spec for a in after["Cc"].addresses] == [SHIMIN_MAIL]  # kept
    assert "[D015 警告]" in err and "連絡先ファイルに市民課の使えるメールアドレスがないため" in err
    assert "CCを引き継いで" in err and "連絡先ファイルが見つからない" not in err


def test_templates_mail_keeps_the_to_of_a_section_the_contacts_file_no_longer_has(tmp_path, plan, monkeypatch, capsys):
    """templates --mail again with a 連絡先.xlsx whose 財政課 row is cleared wrote 財政課's 照会 without its To over the
    addressed one; it keeps the earlier To (D015), the others follow the file."""
    monkeypatch.chdir(tmp_path)
    rows = {"人事行政課": ("行政改革係 山田", OFFICE_MAIL, "1234"), "財政課": ("財政係 佐藤", ZAISEI_MAIL, "2222"),
            "市民課": ("", SHIMIN_MAIL, "")}
    directory_file(plan, tmp_path / outputs.DEFAULT_CONTACTS, rows)
    command = ["templates", "--year", "R8", "--out", "調査票", "--section", "財政課", "--section", "市民課", "--mail"]
    assert main(command) == 0
    drafts = tmp_path / "調査票" / outputs.MAIL_FOLDER
    directory_file(plan, tmp_path / outputs.DEFAULT_CONTACTS, rows | {"財政課": ("", "", ""), "市民課": ("", "", "")})
    capsys.readouterr()
    assert main([*command, "--force"]) == 0
    err = capsys.readouterr().err
    for section, mail in (("財政課", ZAISEI_MAIL), ("市民課", SHIMIN_MAIL)):
        draft = parse(drafts / outputs.mail_draft(2026, "request", section))
        assert [a.addr_spec for a in draft["To"].addresses] == [mail], section
    assert "[D015 警告]" in err and "連絡先ファイルに財政課の使えるメールアドレスがないため" in err
    assert "[D004" not in err
