"""A zip (F032) or a saved mail (F034) whose workbook is named the way people really name it — by the section's name
before a reorganisation (組織改正: 税務課 → 収納課, imported with ``plan export`` / edit / ``plan import``), in full-width
letters, with spaces, 「（修正）」「_v2」「再提出」 — still names the section: F032/F034 say so, and ``status --remind``
writes no 督促 to a section whose return waits in the inbox (M010), nor says M011 「どの課のものか分からない」.
Through the real command line and a real revision of the plan master."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest

import five_years as fy
from office_word import form_of, run_cli
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.plan.model import SectionMove
from reform_xlsx.templates.fill import fill_template

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DB = "reform.db"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _mail(subject: str, name: str, data: bytes) -> bytes:
    m = EmailMessage()
    m["Subject"], m["From"], m["To"] = subject, "ka@city.example.lg.jp", "gyokaku@city.example.lg.jp"
    m.set_content("提出します。")
    m.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    return bytes(m)


def _revise(root: Path, capsys) -> None:
    """税務課 renamed 収納課 from 令和9年度: plan export → the master edited → plan import (the real commands)."""
    assert run_cli(["plan", "export", "master.xlsx", "--db", DB], capsys) == 0
    fy.apply_with_openpyxl(root / "master.xlsx", fy.master_edits(root / "master.xlsx", 2027), root / "master.xlsx")
    assert run_cli(["plan", "import", "master.xlsx", "--db", DB], capsys) == 0


def _filled(root: Path, folder: str, section: str, year: int) -> bytes:
    plan = ledger_plan(root / DB, None, year)
    target = root / "filled" / f"{section}.xlsx"
    target.parent.mkdir(exist_ok=True)
    return fill_template(form_of(root / folder, section), fy.answers(plan, section, year), target).read_bytes()


def _status(capsys, *more: str) -> tuple[str, str]:
    main(["status", "--year", "R9", "--db", DB, *more])
    said = capsys.readouterr()
    assert "Traceback" not in said.err
    return said.out, said.err


def _drafts(root: Path) -> set[str]:
    folder = root / outputs.MAIL_FOLDER
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _row(text: str, section: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(section + " "))


SECTIONS = ("税務課", "財政課", "DX推進課", "市民課", "観光課")


def test_returns_named_by_an_old_name_or_written_loosely_are_known_after_a_real_revision(workdir, capsys):
    root = workdir
    assert run_cli(["templates", "--year", "R8", "--section", *SECTIONS, "--out", "t8", "--db", DB,
                    "--deadline", "2027-05-28"], capsys) == 0
    _revise(root, capsys)
    now = tuple("収納課" if s == "税務課" else s for s in SECTIONS)
    assert run_cli(["templates", "--year", "R9", "--section", *now, "--out", "t9", "--db", DB,
                    "--deadline", "2028-05-26"], capsys) == 0
    inbox = root / "in9"
    inbox.mkdir()
    (inbox / "市民課.xlsx").write_bytes(_filled(root, "t9", "市民課", 2027))
    shuno = _filled(root, "t9", "収納課", 2027)
    # last year's file name, the old section name: as the section kept it
    (inbox / "提出.zip").write_bytes(_zip({"令和9年度_市政改革取組状況調査票_税務課.xlsx": shuno}))
    (inbox / "財政.eml").write_bytes(_mail("調査票（修正）", "財 政 課（修正）_v2.xlsx", _filled(root, "t9", "財政課", 2027)))
    (inbox / "dx.eml").write_bytes(_mail("再提出", "ＤＸ推進課 再提出.XLSX", _filled(root, "t9", "DX推進課", 2027)))
    (inbox / "kanko.eml").write_bytes(_mail("観光", "kanko.xlsx", _filled(root, "t9", "観光課", 2027)))
    main(["merge", "in9", "--year", "R9", "--out", "o9", "--db", DB, "--json"])
    doc = json.loads(capsys.readouterr().out)
    said = {f["name"]: f["issues"][0]["message"] for f in doc["files"] if f["issues"]}
    assert "名前からは収納課（旧課名 税務課）の調査票と見られます" in said["提出.zip"]
    assert "名前からは財政課の調査票と見られます" in said["財政.eml"]
    assert "名前からはDX推進課の調査票と見られます" in said["dx.eml"]
    assert "名前からは" not in said["kanko.eml"]  # a name that names no section: anyone's (M011)

    out, err = _status(capsys, "--remind")
    drafts = _drafts(root)
    for section in ("収納課", "財政課", "DX推進課"):
        assert f"令和9年度_督促_{section}.eml" not in drafts, (section, drafts)
    assert "令和9年度_督促_観光課.eml" in drafts
    reminders = out.split("督促の一覧:")[1]
    assert "受信フォルダの ZIP「提出.zip」の中: 展開して merge してください" in _row(reminders, "収納課")
    assert "受信フォルダのメール「財政.eml」に添付" in _row(reminders, "財政課")
    assert "受信フォルダのメール「dx.eml」に添付" in _row(reminders, "DX推進課")
    notes = [line.split(":")[0] for line in err.splitlines() if line.startswith("  [M01")]
    assert notes == ["  [M010 警告] dx.eml", "  [M011 警告] kanko.eml", "  [M010 警告] 提出.zip",
                     "  [M010 警告] 財政.eml"], notes

    # unpacked as it was named (the old name): read as 収納課's return, the zip settled for it
    (inbox / "令和9年度_市政改革取組状況調査票_税務課.xlsx").write_bytes(shuno)
    assert run_cli(["merge", "in9", "--year", "R9", "--out", "o9", "--db", DB], capsys) == 1
    out, err = _status(capsys)
    assert _row(out, "収納課").split()[1] == "提出済"
    assert "提出.zip" not in err and "[M010 警告] 財政.eml" in err


def test_a_zip_recorded_under_the_old_name_before_the_revision_holds_the_new_sections_return(workdir, capsys):
    """Merged while 令和9年度 still had 税務課 (the revision imported afterwards, from 令和9年度): status says the
    zip holds 収納課's return — the name the ledger recorded is read through the plan's 組織改正."""
    root = workdir
    assert run_cli(["templates", "--year", "R9", "--section", "税務課", "市民課", "--out", "t9", "--db", DB,
                    "--deadline", "2028-05-26"], capsys) == 0
    inbox = root / "in9"
    inbox.mkdir()
    (inbox / "税務課の回答.zip").write_bytes(_zip({"税務課.xlsx": _filled(root, "t9", "税務課", 2027)}))
    run_cli(["merge", "in9", "--year", "R9", "--out", "o9", "--db", DB], capsys)
    _revise(root, capsys)
    out, err = _status(capsys, "--remind")
    assert "令和9年度_督促_収納課.eml" not in _drafts(root) and "令和9年度_督促_市民課.eml" in _drafts(root)
    assert "（ZIP の中・未展開）" in _row(out, "収納課")
    assert "[M010 警告] 税務課の回答.zip" in err and "収納課" in next(
        line for line in err.splitlines() if "[M010" in line)
    main(["status", "--year", "R9", "--db", DB, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert {s["section"]: s["unopened"] for s in doc["sections"]}["収納課"] == ["税務課の回答.zip"]


@pytest.fixture(scope="module")
def reorganised(plan):
    """The bundled plan with 税務課 renamed 収納課 and then 納税課, 市民課 split into 窓口課 and 戸籍課, and
    DX推進課・秘書政策課 merged into 政策推進課."""
    moves = (SectionMove(2027, "税務課", "収納課"), SectionMove(2029, "収納課", "納税課"),
             SectionMove(2028, "市民課", "窓口課"), SectionMove(2028, "市民課", "戸籍課"),
             SectionMove(2029, "DX推進課", "政策推進課"), SectionMove(2029, "秘書政策課", "政策推進課"))
    gone = {"税務課", "市民課", "DX推進課", "秘書政策課"}
    sections = tuple(s for s in plan.sections if s not in gone) + ("納税課", "窓口課", "戸籍課", "政策推進課")
    return replace(plan, sections=sections, moves=moves)


@pytest.mark.parametrize("case, names, expected, labels", [
    ("its own name", ["令和11年度_市政改革取組状況調査票_納税課.xlsx"], ("納税課",), ["納税課"]),
    ("the first old name", ["令和8年度_市政改革取組状況調査票_税務課.xlsx"], ("納税課",), ["納税課（旧課名 税務課）"]),
    ("the name between", ["収納課.xlsx"], ("納税課",), ["納税課（旧課名 収納課）"]),
    ("both old names", ["税務課.xlsx", "収納課（修正）.xlsx"], ("納税課",), ["納税課（旧課名 税務課・収納課）"]),
    ("a merged section's old name", ["秘書政策課_v2.xlsx"], ("政策推進課",), ["政策推進課（旧課名 秘書政策課）"]),
    ("a split section's old name: both", ["市民課 再提出.xlsx"], ("窓口課", "戸籍課"),
     ["窓口課（旧課名 市民課）", "戸籍課（旧課名 市民課）"]),
    ("full-width letters", ["ＤＸ推進課.xlsx"], ("政策推進課",), ["政策推進課（旧課名 DX推進課）"]),
    ("lower case", ["dx推進課.XLSX"], ("政策推進課",), ["政策推進課（旧課名 DX推進課）"]),
    ("spaces, half- and full-width", ["財 政　課（修正）.xlsx"], ("財政課",), ["財政課"]),
    ("the longest name held", ["生活環境課.xlsx"], ("生活環境課",), ["生活環境課"]),
    ("in a folder of the zip", ["収納課/回答.xlsx"], ("納税課",), ["納税課（旧課名 収納課）"]),
    ("no section", ["回答.xlsx"], (None,), []),
])
def test_whose_returns_names_hold_across_reorganisations(reorganised, case, names, expected, labels):
    from reform_xlsx.intake.saved_mail import SectionNames, inside, named_labels

    names_of = SectionNames.of(reorganised)
    assert inside(names, names_of) == expected, case
    assert named_labels(names, names_of) == labels, case


def test_without_moves_a_plain_section_tuple_still_works(plan):
    from reform_xlsx.intake.saved_mail import inside

    assert inside(["ＤＸ推進課 (修正).xlsx", "回答.xlsx"], plan.sections) == ("DX推進課", None)
