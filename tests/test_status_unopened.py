"""``status --remind`` writes no 督促 to a section whose return sits in the inbox inside a zip (F032) or a saved mail
(F034) the clerk has not unpacked yet: its row says why and a 「注意:」 on stderr names the file once (M010). A zip or
mail whose workbooks no name ties to a section is named too (M011), and reminders go as before. Through the real
command line: merge, then status."""

from __future__ import annotations

import json
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main

FORM = "令和8年度_市政改革取組状況調査票_{}.xlsx"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _mail(subject: str, attachments: dict[str, bytes], tnef: bytes | None = None) -> bytes:
    """A mail as a mail program saves it (.eml), with ``attachments`` (and a winmail.dat, as Outlook's rich text)."""
    m = EmailMessage()
    m["Subject"], m["From"], m["To"] = subject, "kanko@city.example.lg.jp", "gyokaku@city.example.lg.jp"
    m.set_content("提出します。")
    for name, data in attachments.items():
        m.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    if tnef is not None:
        m.add_attachment(tnef, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return bytes(m)


def _zip(members: dict[str, bytes]) -> bytes:
    return craft.zip_bytes(members)


@pytest.fixture(scope="module")
def forms(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms")
    return {s: craft.filled(plan, 2026, s, folder).read_bytes() for s in ("観光課", "税務課", "市民課")}


def _merge(inbox: Path, out: Path, capsys) -> None:
    main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(out / "reform.db")])
    capsys.readouterr()


def _status(out: Path, capsys, *more: str) -> tuple[int, str, str]:
    code = main(["status", "--year", "R8", "--db", str(out / "reform.db"), *more])
    said = capsys.readouterr()
    return code, said.out, said.err


def _drafts(out: Path) -> set[str]:
    folder = out / outputs.MAIL_FOLDER
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _row(text: str, section: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(section + " "))


def _inbox(tmp_path: Path, forms: dict[str, bytes]) -> Path:
    inbox = tmp_path / "受信"
    inbox.mkdir()
    (inbox / FORM.format("市民課")).write_bytes(forms["市民課"])
    return inbox


def test_no_reminder_to_a_section_whose_return_waits_in_a_mail_or_a_zip(forms, tmp_path, workdir, capsys):
    inbox, out = _inbox(tmp_path, forms), tmp_path / "out"
    _merge(inbox, out, capsys)
    _status(out, capsys, "--remind")
    assert {"令和8年度_督促_観光課.eml", "令和8年度_督促_税務課.eml"} <= _drafts(out)  # nothing came from them yet
    mail = _mail("調査票の提出（観光課）", {FORM.format("観光課"): forms["観光課"]})
    (inbox / "調査票の提出（観光課）.eml").write_bytes(mail)
    (inbox / "税務課より.zip").write_bytes(_zip({FORM.format("税務課"): forms["税務課"], "回答.xlsx": forms["税務課"]}))
    (inbox / "まとめ.zip").write_bytes(_zip({"回答.xlsx": forms["税務課"]}))
    _merge(inbox, out, capsys)
    code, said, err = _status(out, capsys, "--remind")
    assert code == 1
    drafts = _drafts(out)
    # the drafts written before for them are no longer due: removed; the others' stay
    assert "令和8年度_督促_観光課.eml" not in drafts and "令和8年度_督促_税務課.eml" not in drafts, drafts
    assert "令和8年度_督促_生活環境課.eml" in drafts
    reminders = said.split("督促の一覧:")[1]
    assert "受信フォルダのメール「調査票の提出（観光課）.eml」に添付: 保存して merge してください" in _row(reminders, "観光課")
    assert "受信フォルダの ZIP「税務課より.zip」の中: 展開して merge してください" in _row(reminders, "税務課")
    notes = err.split("注意:")[1].splitlines()
    listed = [line for line in notes if line.startswith("  [M01")]
    assert [line.split(":")[0] for line in listed] == ["  [M011 警告] まとめ.zip", "  [M010 警告] 税務課より.zip",
                                                        "  [M010 警告] 調査票の提出（観光課）.eml"], listed
    assert "名前から観光課の調査票と見られるファイル" in listed[2] and "添付ファイルを受信フォルダに保存" in listed[2]
    assert "どの課のものか分からないファイルも入っています" in listed[1] and "ZIP を展開" in listed[1]
    assert "どの課のものか分からないファイルが入っています" in listed[0]
    assert err.count("調査票の提出（観光課）.eml") == 1  # once
    assert (inbox / "調査票の提出（観光課）.eml").read_bytes() == mail  # the inbox as it was


def test_the_status_table_and_json_say_it_too(forms, tmp_path, workdir, capsys):
    inbox, out = _inbox(tmp_path, forms), tmp_path / "out"
    (inbox / "調査票の提出（観光課）.eml").write_bytes(_mail("提出", {FORM.format("観光課"): forms["観光課"]}))
    _merge(inbox, out, capsys)
    code, said, err = _status(out, capsys)
    assert _row(said, "観光課").split()[:2] == ["観光課", "未提出（メールに添付・未保存）"]
    assert _row(said, "税務課").split()[:2] == ["税務課", "未提出"]
    assert "[M010 警告] 調査票の提出（観光課）.eml" in err
    code, said, err = _status(out, capsys, "--json")
    doc = json.loads(said)
    by = {s["section"]: s for s in doc["sections"]}
    assert by["観光課"]["unopened"] == ["調査票の提出（観光課）.eml"] and by["税務課"]["unopened"] == []
    assert [(p["code"], p["file"]) for p in doc["unopened"]] == [("M010", "調査票の提出（観光課）.eml")]


def test_a_section_whose_attachment_was_merged_since_is_reminded_no_more_of_it(forms, tmp_path, workdir, capsys):
    """Saved from the mail and merged (the mail left in the inbox), the section is 提出済: nothing said of the mail."""
    inbox, out = _inbox(tmp_path, forms), tmp_path / "out"
    (inbox / "提出.eml").write_bytes(_mail("提出", {FORM.format("観光課"): forms["観光課"]}))
    _merge(inbox, out, capsys)
    (inbox / FORM.format("観光課")).write_bytes(forms["観光課"])
    _merge(inbox, out, capsys)
    code, said, err = _status(out, capsys, "--remind")
    assert _row(said, "観光課").split()[1] == "提出済"
    assert "M010" not in err and "提出.eml" not in said


def test_a_mail_moved_out_of_the_inbox_still_holds_the_return_until_a_merge_runs(forms, tmp_path, workdir, capsys):
    """Moved out but not merged, its attachment may be in the inbox unread: still no 督促. A merge since (the
    attachment not saved) says the section sent nothing: the 督促 is written."""
    inbox, out = _inbox(tmp_path, forms), tmp_path / "out"
    (inbox / "提出.eml").write_bytes(_mail("提出", {FORM.format("観光課"): forms["観光課"]}))
    _merge(inbox, out, capsys)
    shutil.move(inbox / "提出.eml", tmp_path / "提出.eml")
    _status(out, capsys, "--remind")
    assert "令和8年度_督促_観光課.eml" not in _drafts(out)
    _merge(inbox, out, capsys)
    code, said, err = _status(out, capsys, "--remind")
    assert "令和8年度_督促_観光課.eml" in _drafts(out) and "M010" not in err
    shutil.move(tmp_path / "提出.eml", inbox / "提出.eml")  # put back: it holds the return again
    _merge(inbox, out, capsys)
    _status(out, capsys, "--remind")
    assert "令和8年度_督促_観光課.eml" not in _drafts(out)


def test_a_merge_of_another_folder_does_not_settle_a_mail_still_in_the_inbox(forms, tmp_path, workdir, capsys):
    inbox, out = _inbox(tmp_path, forms), tmp_path / "out"
    (inbox / "提出.eml").write_bytes(_mail("提出", {FORM.format("観光課"): forms["観光課"]}))
    _merge(inbox, out, capsys)
    other = tmp_path / "追加"
    other.mkdir()
    (other / FORM.format("税務課")).write_bytes(forms["税務課"])
    _merge(other, out, capsys)
    code, said, err = _status(out, capsys, "--remind")
    assert "令和8年度_督促_観光課.eml" not in _drafts(out) and "[M010 警告] 提出.eml" in err


def test_a_section_sent_back_whose_correction_waits_in_a_mail_is_not_asked_again(plan, forms, tmp_path, workdir, capsys):
    inbox, out = _inbox(tmp_path, forms), tmp_path / "out"
    bad = craft.filled(plan, 2026, "観光課", tmp_path / "bad", changes={"取組状況": {
        plan.items_for("観光課")[0].id: {"進捗状況": None}}})
    (inbox / "観光課.xlsx").write_bytes(bad.read_bytes())
    _merge(inbox, out, capsys)
    _status(out, capsys, "--remind")
    assert "令和8年度_再提出のお願い_観光課.eml" in _drafts(out)
    (inbox / "再提出.eml").write_bytes(_mail("再提出", {FORM.format("観光課"): forms["観光課"]}))
    _merge(inbox, out, capsys)
    code, said, err = _status(out, capsys, "--remind")
    assert "令和8年度_再提出のお願い_観光課.eml" not in _drafts(out)
    assert "受信フォルダのメール「再提出.eml」に添付" in _row(said.split("督促の一覧:")[1], "観光課")


def test_a_mail_whose_attachments_outlook_packed_into_winmail_dat(forms, tmp_path, workdir, capsys):
    """winmail.dat (TNEF) is no 「ブックが添付されていない」 mail (F035): F034 says Outlook packed the attachments and
    how to get them; status names it as anyone's (M011) and reminds as before."""
    inbox, out = _inbox(tmp_path, forms), tmp_path / "out"
    (inbox / "提出.eml").write_bytes(_mail("提出", {}, tnef=b"\x78\x9f\x3e\x22" + b"\0" * 64))
    main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(out / "reform.db"), "--json"])
    doc = json.loads(capsys.readouterr().out)
    said = next(f for f in doc["files"] if f["name"] == "提出.eml")["issues"]
    assert [p["code"] for p in said] == ["F034"], said
    assert "「winmail.dat」が添付されています" in said[0]["message"] and "Outlook でこのメールを開け" in said[0]["message"]
    assert "HTML 形式かテキスト形式" in said[0]["message"] and "送り直してもらう必要はありません" not in said[0]["message"]
    code, text, err = _status(out, capsys, "--remind")
    assert "[M011 警告] 提出.eml" in err and "令和8年度_督促_観光課.eml" in _drafts(out)


def test_a_mail_recorded_before_the_ledger_kept_whose_it_is_is_read_again(forms, tmp_path, workdir, capsys):
    """A ledger that recorded the mail before it kept whose returns it holds (no ``unopened`` table): the next merge
    reads the mail again and status knows."""
    import sqlite3

    inbox, out = _inbox(tmp_path, forms), tmp_path / "out"
    (inbox / "提出.eml").write_bytes(_mail("提出", {FORM.format("観光課"): forms["観光課"]}))
    _merge(inbox, out, capsys)
    with sqlite3.connect(out / "reform.db") as db:
        db.execute("DROP TABLE unopened")
    assert "M010" not in _status(out, capsys)[2]
    _merge(inbox, out, capsys)
    assert "[M010 警告] 提出.eml" in _status(out, capsys)[2]


@pytest.mark.parametrize("case, names, whole, expected", [
    ("a section's form", [FORM.format("観光課")], True, ("観光課",)),
    ("two sections, in the plan's order", ["観光課.xlsx", "市民課.xlsx"], True, ("市民課", "観光課")),
    ("one named, one not", ["観光課.xlsx", "回答.xlsx"], True, ("観光課", None)),
    ("none named", ["回答.xlsx"], True, (None,)),
    ("not all listed", ["観光課.xlsx"], False, ("観光課", None)),
    ("nothing", [], True, ()),
])
def test_whose_returns_a_zip_or_mail_holds(plan, case, names, whole, expected):
    from reform_xlsx.intake.saved_mail import inside

    assert inside(names, plan.sections, whole) == expected, case


def test_a_zip_names_the_section_its_workbook_is_named_for(forms, plan, tmp_path):
    from reform_xlsx.intake import read_return

    path = tmp_path / "添付.zip"
    path.write_bytes(_zip({FORM.format("税務課"): forms["税務課"]}))
    result = read_return(path, plan, 2026)
    assert [p.code for p in result.problems] == ["F032"] and result.inside == ("税務課",)
    assert "名前からは税務課の調査票と見られます" in result.problems[0].message
    assert "督促を送らないでください" in result.problems[0].message


def _statements_of_unopened(out: Path, plan) -> tuple[list, list[str]]:
    from reform_xlsx.ledger.store import Ledger

    said: list[str] = []
    with Ledger(out / "reform.db", plan=plan) as ledger:
        ledger.db.set_trace_callback(said.append)
        found = ledger.unopened(2026)
        ledger.db.set_trace_callback(None)
    return found, said


def test_the_sections_waiting_are_looked_up_once_not_per_mail(plan, forms, tmp_path, workdir, capsys):
    """Whether a section's return in a mail was settled since was one query per (mail, section), each scanning every
    file of the year and every answer of each (a former section's old form answers for the section): with thousands
    of files and hundreds of mails, `status` took minutes. Now the same few queries however many mails wait."""
    sections = ("観光課", "税務課", "財政課", "DX推進課", "土木課", "特命担当")
    counts = []
    for n in (1, len(sections)):
        (tmp_path / str(n)).mkdir()
        inbox, out = _inbox(tmp_path / str(n), forms), tmp_path / str(n) / "out"
        for section in sections[:n]:
            (inbox / f"{section}.eml").write_bytes(_mail("提出", {FORM.format(section): forms["観光課"]}))
        _merge(inbox, out, capsys)
        found, said = _statements_of_unopened(out, plan)
        assert [e.sections for e in found] == [[s] for s in sorted(sections[:n], key=lambda s: f"{s}.eml")]
        counts.append(len(said))
    assert counts[0] == counts[1]
