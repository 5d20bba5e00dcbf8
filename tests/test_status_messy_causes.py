"""`status --remind` / `--resubmit-by` over a messy year, through the real command line: each 要修正 copy left as it was
says why truly, and what F034 and the status table say of a section whose resubmission waits in a saved mail is true
when the section already has an accepted file.

- A copy the clerk saved over since merge wrote it, given a new 再提出期限: the draft said the new date while the
  copy it attached still said merge's (one mail, two deadlines).
- A section renamed by a plan revision imported after the merge that sent its file back: the copy (merge wrote it
  under the new name) was 「書き直せません: Excel などで開いていれば閉じて」 although nothing had it open, and the next
  merge with another section's file deleted that copy for good (the file stayed recorded under the old name).
- A section with an accepted file whose resubmission came in a saved mail: F034 said 「その課の提出は…受け付けて
  いません」 and the table 「提出済（メールに添付・未保存）」, as if the accepted file were the one in the mail."""

from __future__ import annotations

import email
import email.policy
import io
import sqlite3
import time
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
import yaml

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.plan.loading import bundled_plan_text

MERGE = ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]
REMIND = ["status", "--year", "R8", "--remind"]
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _bad(plan, section: str) -> dict:
    return {layout.SHEET_ITEMS: {plan.items_for(section, 2026)[0].id: {"進捗状況": "計画通り？"}}}


@pytest.fixture
def office(plan, tmp_path, monkeypatch):
    """財政課 accepted; 市民課 and 税務課 sent back by `merge --resubmit-by 2027-06-10`."""
    inbox = tmp_path / "受信"
    inbox.mkdir()
    craft.saved_at(craft.filled(plan, 2026, "財政課", tmp_path, "a.xlsx"), inbox / "財政課.xlsx", "2026-06-01T09:00:00Z")
    for n, section in enumerate(("市民課", "税務課")):
        craft.saved_at(craft.filled(plan, 2026, section, tmp_path, f"{n}.xlsx", changes=_bad(plan, section)),
                       inbox / f"{section}.xlsx", "2026-06-03T10:00:00Z")
    monkeypatch.chdir(tmp_path)
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    # the tests' merges come later, as a clerk's do: in a later second (the ledger keeps when a file came to the
    # second, and a mail that came in the same second as a section's file counts as settled by it)
    time.sleep(1.1)
    return tmp_path


def _copy(folder: Path, section: str) -> Path:
    return folder / "out" / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, section)


def _draft_path(folder: Path, section: str, kind: str = "resubmit") -> Path:
    return folder / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, kind, section)


def _draft(folder: Path, section: str) -> tuple[email.message.EmailMessage, str]:
    msg = email.message_from_bytes(_draft_path(folder, section).read_bytes().partition(b"\r\n")[2],
                                   policy=email.policy.default)
    return msg, msg.get_body(("plain",)).get_content()


def _copy_date(copy: bytes | Path) -> str:
    ws = openpyxl.load_workbook(io.BytesIO(copy) if isinstance(copy, bytes) else copy)[layout.SHEET_FEEDBACK_ERRORS]
    (row,) = [r for r in ws.iter_rows(values_only=True) if r[0] == "再提出期限"]
    return next(v for v in row[1:] if v)


def _listed(out: str, section: str) -> str:
    """The 督促の一覧's row of ``section``."""
    return next(line for line in out.split("督促の一覧:")[1].splitlines() if line.startswith(section))


def _set_copy_date(copy: Path, text: str | None = None) -> None:
    """The clerk opens the copy and saves it (a note added, or the 再提出期限 typed anew)."""
    wb = openpyxl.load_workbook(copy)
    ws = wb[layout.SHEET_FEEDBACK_ERRORS]
    ws["A40"] = "課に電話済み"
    if text is not None:
        (row,) = [r for r in ws.iter_rows() if r[0].value == "再提出期限"]
        next(c for c in row[1:] if c.value).value = text
    wb.save(copy)


def test_a_copy_saved_over_gets_no_draft_with_a_date_it_does_not_say(office, capsys):
    _set_copy_date(_copy(office, "市民課"))
    before = _copy(office, "市民課").read_bytes()
    capsys.readouterr()
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    said = capsys.readouterr()
    assert _copy(office, "市民課").read_bytes() == before  # never written over
    assert not _draft_path(office, "市民課").exists()  # before: a draft saying 6月21日 carrying a copy saying 6月10日
    row = _listed(said.out, "市民課")
    assert "令和9年6月10日（再提出）" in row and "手を加えてある" in row and "T007" in row and "Excel" not in row
    (line,) = [t for t in said.err.splitlines() if "[T007 警告]" in t]
    assert "令和9年6月21日（月）に書き直していません" in line and "写しの再提出期限: 令和9年6月10日（木）" in line
    _, body = _draft(office, "税務課")  # the other copy and its draft, as before
    assert "令和9年6月21日（月）" in body and _copy_date(_copy(office, "税務課")) == "令和9年6月21日（月）"


def test_a_copy_saved_over_with_the_date_typed_in_is_attached(office, capsys):
    """The clerk typed the new date into the copy: it says what the mail says, so the draft goes with it (D010)."""
    _set_copy_date(_copy(office, "市民課"), "令和9年6月21日（月）")
    capsys.readouterr()
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    said = capsys.readouterr()
    assert "[D010 警告]" in said.err and "T007" not in said.err
    msg, body = _draft(office, "市民課")
    assert "■ 再提出期限: 令和9年6月21日（月）" in body
    assert _copy_date(next(msg.iter_attachments()).get_payload(decode=True)) == "令和9年6月21日（月）"


def _renamed(tmp_path: Path) -> Path:
    """The bundled plan corrected from 令和8年度: 税務課 renamed 収納課 (nothing of 税務課 was accepted that year)."""
    data = yaml.safe_load(bundled_plan_text())
    data["plan"]["version"] = "2026-09"
    data["revision"] = {"date": "2026-09-01", "effective_year": "R8", "reason": "組織改正"}
    data["reorganisations"] = [{"year": "R8", "from": "税務課", "to": "収納課"}]
    data["sections"] = ["収納課" if s == "税務課" else s for s in data["sections"]]
    for area in data["areas"]:
        for category in area["categories"]:
            for item in category["items"]:
                item["sections"] = ["収納課" if s == "税務課" else s for s in item["sections"]]
    for kpi in data["kpis"]:
        kpi["owner"] = "収納課" if kpi["owner"] == "税務課" else kpi["owner"]
    path = tmp_path / "renamed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def renamed(office, capsys):
    """After the revision is imported, merge reads 税務課's file again as 収納課's (M009) and writes its copy."""
    assert main(["plan", "import", str(_renamed(office)), "--db", "out/reform.db"]) == 0
    assert main(MERGE) == 1
    assert _copy(office, "収納課").is_file()
    capsys.readouterr()
    return office


def test_a_renamed_sections_copy_stays_through_a_later_merge(renamed, plan, capsys):
    """Another section's file comes: the merge writes 収納課's copy again, it does not delete it."""
    craft.saved_at(craft.filled(plan, 2026, "観光課", renamed, "k.xlsx"), renamed / "受信" / "観光課.xlsx",
                   "2026-06-05T10:00:00Z")
    main(MERGE)
    assert _copy(renamed, "収納課").is_file()
    capsys.readouterr()
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    assert _listed(capsys.readouterr().out, "収納課").endswith(outputs.mail_draft(2026, "resubmit", "収納課"))
    assert _copy_date(_copy(renamed, "収納課")) == "令和9年6月21日（月）"


def test_a_renamed_sections_copy_is_rewritten_from_a_ledger_that_kept_the_old_name(renamed, capsys):
    """A ledger a merge before this fix wrote keeps 税務課's file under 税務課: status writes the copy merge wrote
    (収納課's), not 「書き直せません: Excel などで開いていれば」."""
    with sqlite3.connect(renamed / "out" / "reform.db") as db:
        assert db.execute("UPDATE submissions SET section = '税務課' WHERE name = '税務課.xlsx'").rowcount == 1
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    out = capsys.readouterr().out
    row = _listed(out, "収納課")
    assert "書き直せません" not in row and row.endswith(outputs.mail_draft(2026, "resubmit", "収納課"))
    assert outputs.feedback(2026, "収納課") in out.split("書き直しました: ")[1].splitlines()[0]
    msg, body = _draft(renamed, "収納課")
    attached = next(msg.iter_attachments()).get_payload(decode=True)
    assert attached == _copy(renamed, "収納課").read_bytes() and _copy_date(attached) == "令和9年6月21日（月）"
    assert "（収納課）" in openpyxl.load_workbook(io.BytesIO(attached))[layout.SHEET_FEEDBACK_ERRORS]["A1"].value


def _mail(subject: str, attachments: dict[str, bytes]) -> bytes:
    m = EmailMessage()
    m["Subject"], m["From"], m["To"] = subject, "zaisei@city.example.lg.jp", "gyokaku@city.example.lg.jp"
    m.set_content("修正したものを送ります。")
    for name, data in attachments.items():
        m.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    return bytes(m)


def test_a_resubmission_in_a_mail_of_a_section_with_an_accepted_file(office, plan, capsys):
    """財政課 was accepted; its corrected file came in a mail saved into the inbox. F034 must not say 財政課's
    submission is not accepted; the table says the mail holds a newer file, and no 督促 goes to 財政課."""
    newer = craft.filled(plan, 2026, "財政課", office, "z.xlsx").read_bytes()
    (office / "受信" / "財政課の修正.eml").write_bytes(_mail("財政課 修正版", {"財政課_修正版.xlsx": newer}))
    capsys.readouterr()
    main(MERGE)
    (line,) = [t for t in capsys.readouterr().out.splitlines() if "[F034 警告]" in t]
    assert "その課の提出は" not in line
    assert "財政課の調査票と見られます（その課に前に受け付けたファイルがあれば、添付ファイルを保存して merge するまではその回答を使います" in line
    code = main(REMIND)
    out = capsys.readouterr().out
    (row,) = [t for t in out.split("督促の一覧:")[0].splitlines() if t.startswith("財政課")]
    assert row.split()[1] == "提出済（新しいファイルがメールに添付・未保存）"
    assert not any(t.startswith("財政課") for t in out.split("督促の一覧:")[1].splitlines())
    assert not _draft_path(office, "財政課", "reminder").exists() and not _draft_path(office, "財政課").exists()
    assert code == 1


def test_a_section_renamed_since_its_file_was_merged_gets_no_reminder(office, capsys):
    """The revision is imported and status runs before merge: 収納課 shows 未提出 (its file is still recorded as
    税務課's), but it did send one — before, a 督促 draft told it nothing had come."""
    assert main(["plan", "import", str(_renamed(office)), "--db", "out/reform.db"]) == 0
    capsys.readouterr()
    assert main(REMIND) == 1
    said = capsys.readouterr()
    assert not _draft_path(office, "収納課", "reminder").exists()
    assert "M012" in _listed(said.out, "収納課") and "旧課名「税務課」" in _listed(said.out, "収納課")
    (line,) = [t for t in said.err.splitlines() if "[M012 警告]" in t]
    assert "「税務課.xlsx」" in line and "もう一度 merge すると、収納課のファイルとして読み直します" in line
    main(MERGE)  # read again as 収納課's: sent back, and asked to resubmit
    capsys.readouterr()
    assert main(REMIND) == 1
    assert _listed(capsys.readouterr().out, "収納課").endswith(outputs.mail_draft(2026, "resubmit", "収納課"))


def test_resubmit_by_without_remind_is_refused_not_ignored(office, capsys):
    """`status --resubmit-by` alone wrote nothing and said nothing (exit 0): the clerk took the copies as redated."""
    before = _copy(office, "市民課").read_bytes()
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--resubmit-by", "2027-06-21"]) == 2
    err = capsys.readouterr().err
    assert "--remind と一緒に指定してください" in err and "Traceback" not in err
    assert _copy(office, "市民課").read_bytes() == before


class _Ledger:
    def __init__(self, rows: list[dict]):
        self.rows = rows

    def submissions(self, year: int) -> list[dict]:
        return [r for r in self.rows if r["year"] == year]


@pytest.mark.parametrize(("moves", "now", "recorded_as", "found"), [
    ([(2026, "税務課", "収納課")], "収納課", "税務課", True),  # renamed once
    ([(2026, "税務課", "収納課"), (2027, "収納課", "納税課")], "納税課", "税務課", True),  # twice: the chain followed
    ([(2026, "税務課", "収納課"), (2027, "収納課", "納税課")], "納税課", "収納課", True),
    ([(2028, "税務課", "収納課")], "収納課", "税務課", False),  # renamed only after 令和9年度
    ([(2026, "税務課", "収納課")], "収納課", "市民課", False),  # a section of the plan: its own file
])
def test_former_name_files_follow_a_chain_of_renames(plan, moves, now, recorded_as, found):
    """A file of 令和9年度 recorded under 税務課 when the plan has since renamed 税務課 → 収納課 → 納税課: 納税課 did send
    one (before, only the last name back, 収納課, was looked for, and 納税課 got a 督促)."""
    import dataclasses

    from reform_xlsx.cli.status_cmd import former_name_files
    from reform_xlsx.plan.model import SectionMove

    renamed = dataclasses.replace(plan, moves=tuple(SectionMove(*m) for m in moves),
                                  sections=tuple(now if s == "税務課" else s for s in plan.sections))
    ledger = _Ledger([{"year": 2027, "section": recorded_as, "status": "accepted", "name": "税務課.xlsx"}])
    rows = [{"section": now, "status": "未提出", "file": None}]
    got = former_name_files(ledger, renamed, 2027, rows)
    assert got == ({now: ledger.rows} if found else {})
