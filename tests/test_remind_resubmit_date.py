"""`status --remind --resubmit-by`: the 再提出のお願い and the 要修正 copy it attaches give one 再提出期限.

A section received one mail with two deadlines: `status --remind --resubmit-by 2027-06-21` wrote 令和9年6月21日 into the
draft's subject, body and the 督促 list, while the attached copy (written by merge) still said merge's date in its
エラー一覧 and 記入要領; and a later plain `merge` wrote every copy again with the default date (a week after the file
came), dropping the date the office had chosen with `merge --resubmit-by`. A 再提出期限 already past went into a new
draft without a word (T006 now)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import os
from pathlib import Path

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main, status_cmd
from reform_xlsx.form import layout
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import resubmit_after
from reform_xlsx.wareki import japanese_date


def _bad(plan, section: str) -> dict:
    """An answer no 進捗状況 reads as: the file is sent back (V003)."""
    return {layout.SHEET_ITEMS: {plan.items_for(section, 2026)[0].id: {"進捗状況": "計画通り？"}}}


MERGE = ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]
REMIND = ["status", "--year", "R8", "--remind"]
LATER = dt.date.today() + dt.timedelta(days=400)  # in 令和8年度 or after it, and not yet come


def _draft(folder: Path, section: str) -> tuple[email.message.EmailMessage, str]:
    path = folder / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", section)
    msg = email.message_from_bytes(path.read_bytes().partition(b"\r\n")[2], policy=email.policy.default)
    return msg, msg.get_body(("plain",)).get_content()


def _texts(copy: bytes | Path, sheet: str) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(copy) if isinstance(copy, bytes) else copy)
    return "\n".join(str(v) for row in wb[sheet].iter_rows(values_only=True) for v in row if v)


def _dates_in(copy: bytes | Path) -> tuple[str, str]:
    return _texts(copy, layout.SHEET_FEEDBACK_ERRORS), _texts(copy, layout.SHEET_GUIDE)


def _copy(tmp_path: Path, section: str) -> Path:
    return tmp_path / "out" / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, section)


def _both_copies_and_the_reminders_say(tmp_path: Path, capsys, day: str, weekday: str) -> None:
    """財政課's and 市民課's 要修正 copies give ``day`` (エラー一覧 and 記入要領), and so does `status --remind`."""
    for section in ("財政課", "市民課"):
        errors, guide = _dates_in(_copy(tmp_path, section))
        assert day + weekday in errors and day + weekday in guide, section
    capsys.readouterr()
    assert main(REMIND) == 1
    assert capsys.readouterr().out.count(f"{day}（再提出）") == 2


@pytest.fixture
def two_sent_back(plan, tmp_path, monkeypatch):
    """財政課 sent a good file, then one with an error (提出済（再提出を差し戻し）); 市民課 sent one with an error (差し戻し)."""
    inbox = tmp_path / "受信"
    inbox.mkdir()
    craft.saved_at(craft.filled(plan, 2026, "財政課", tmp_path, "a.xlsx"), inbox / "財政課.xlsx", "2026-06-01T09:00:00Z")
    craft.saved_at(craft.filled(plan, 2026, "財政課", tmp_path, "b.xlsx", changes=_bad(plan, "財政課")), inbox / "財政課_修正.xlsx",
                   "2026-06-02T15:00:00Z")
    craft.saved_at(craft.filled(plan, 2026, "市民課", tmp_path, "c.xlsx", changes=_bad(plan, "市民課")), inbox / "市民課.xlsx",
                   "2026-06-03T10:00:00Z")
    monkeypatch.chdir(tmp_path)
    return inbox


def test_status_resubmit_by_writes_its_date_into_the_copies_it_attaches(two_sent_back, tmp_path, capsys):
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    out = capsys.readouterr().out
    assert out.count("令和9年6月21日（再提出）") == 2
    assert (f"要修正の写しを再提出期限 令和9年6月21日（月） で書き直しました: {outputs.feedback(2026, '市民課')}、"
            f"{outputs.feedback(2026, '財政課')}") in out
    for section in ("財政課", "市民課"):
        msg, body = _draft(tmp_path / "out", section)
        attached = next(msg.iter_attachments()).get_payload(decode=True)
        assert attached == _copy(tmp_path, section).read_bytes()  # the copy on disk is the one the mail carries
        errors, guide = _dates_in(attached)
        assert "令和9年6月21日（月）" in errors and "令和9年6月21日（月）" in guide
        assert "6月10日" not in errors + guide
        assert "■ 再提出期限: 令和9年6月21日（月）" in body and "（再提出期限 令和9年6月21日）" in msg["Subject"]
    with Ledger(tmp_path / "out" / "reform.db") as ledger:  # merge's own: replaced by a later merge, never a return
        assert ledger.wrote(_copy(tmp_path, "市民課"), 2026)
    written = _copy(tmp_path, "市民課").read_bytes()
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1  # the same date again: nothing to write again
    assert _copy(tmp_path, "市民課").read_bytes() == written
    assert "書き直しました" not in capsys.readouterr().out


def test_a_later_plain_merge_keeps_the_date_the_office_chose_last(two_sent_back, tmp_path, capsys):
    """`merge --resubmit-by X`, `status --remind --resubmit-by Y`, then `merge` with nothing new: the copies say Y (the
    merge wrote them again, its options having changed), and so does the next `status --remind`."""
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    assert main(MERGE) == 1
    _both_copies_and_the_reminders_say(tmp_path, capsys, "令和9年6月21日", "（月）")


def test_a_plain_merge_after_merge_resubmit_by_keeps_its_date(two_sent_back, tmp_path):
    """Before, the second merge wrote the copies again (its options changed) with the default date."""
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    assert main(MERGE) == 1
    errors, guide = _dates_in(_copy(tmp_path, "市民課"))
    assert "令和9年6月10日（木）" in errors and "令和9年6月10日（木）" in guide


def test_a_new_file_sent_back_gets_the_default_date_again(two_sent_back, plan, tmp_path):
    """The date chosen is the one for the file sent back: a newer file of the section, sent back too, gets the
    default (a week after it came), never the older file's date."""
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    craft.saved_at(craft.filled(plan, 2026, "市民課", tmp_path, "d.xlsx", changes=_bad(plan, "市民課")),
                   two_sent_back / "市民課_2.xlsx", "2026-06-05T10:00:00Z")
    assert main(MERGE) == 1
    with Ledger(tmp_path / "out" / "reform.db") as ledger:
        (row,) = [r for r in ledger.submissions(2026) if r["name"].endswith("市民課_2.xlsx")]
    default = resubmit_after(row["received_at"], row["submitted_at"])
    errors, guide = _dates_in(_copy(tmp_path, "市民課"))
    assert japanese_date(default, weekday=True) in errors and "6月10日" not in errors + guide
    errors, _ = _dates_in(_copy(tmp_path, "財政課"))
    assert "令和9年6月10日（木）" in errors


def test_status_after_a_plain_merge_leaves_the_next_merge_with_nothing_to_do(two_sent_back, tmp_path, capsys):
    """status rewrites the copies as merge records its own: a merge with nothing new finds its outputs as it left them."""
    assert main(MERGE) == 1
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    written = _copy(tmp_path, "市民課").read_bytes()
    capsys.readouterr()
    assert main(MERGE) == 1
    assert "前回の実行から変わったところがないため" in capsys.readouterr().out
    assert _copy(tmp_path, "市民課").read_bytes() == written


def test_a_copy_saved_over_is_neither_rewritten_nor_removed(two_sent_back, tmp_path, capsys):
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    edited = _copy(tmp_path, "市民課")
    wb = openpyxl.load_workbook(edited)
    wb[layout.SHEET_FEEDBACK_ERRORS]["A30"] = "課で書き足した"
    wb.save(edited)
    before = edited.read_bytes()
    capsys.readouterr()
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    captured = capsys.readouterr()
    assert edited.read_bytes() == before
    # it says 6月10日: no draft saying 6月21日 goes with it (T007; D010 was said of such a draft, written before)
    assert "[T007 警告]" in captured.err and "市民課" in captured.err
    assert not (tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課")).exists()
    errors, _ = _dates_in(_copy(tmp_path, "財政課"))  # the other copy is rewritten
    assert "令和9年6月21日（月）" in errors


def test_a_copy_open_in_excel_stops_no_other_and_is_said_at_the_end(two_sent_back, tmp_path, capsys, monkeypatch):
    """On Windows a copy open in Excel cannot be replaced: the other copy and drafts are written, the list says which
    copy could not, no draft with the new date goes with the old copy, and the run ends with exit 2 and a Japanese
    message (no traceback)."""
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    locked = _copy(tmp_path, "市民課").resolve()
    before = locked.read_bytes()
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).resolve() == locked:
            raise PermissionError(13, "プロセスはファイルにアクセスできません。", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    capsys.readouterr()
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 2
    captured = capsys.readouterr()
    assert locked.read_bytes() == before
    assert "Traceback" not in captured.err and outputs.feedback(2026, "市民課") in captured.err
    assert "閉じて" in captured.err
    errors, _ = _dates_in(_copy(tmp_path, "財政課"))
    assert "令和9年6月21日（月）" in errors
    _, body = _draft(tmp_path / "out", "財政課")
    assert "令和9年6月21日" in body
    assert not (tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課")).exists()
    assert "書き直せません" in captured.out


def test_a_resubmission_date_already_past_is_said(two_sent_back, tmp_path, capsys, monkeypatch):
    """T006: the 再提出期限 the copies give (merge's --resubmit-by, or its default) is before today: said, naming the
    sections and the date, with --resubmit-by as the way to give a new one."""
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    monkeypatch.setattr(status_cmd, "today", lambda: dt.date(2027, 6, 15))
    capsys.readouterr()
    assert main(REMIND) == 1
    err = capsys.readouterr().err
    (line,) = [text for text in err.splitlines() if "[T006 警告]" in text]
    assert "市民課・財政課" in line and "令和9年6月10日（木）" in line and "今日（令和9年6月15日（火））" in line
    assert "--resubmit-by 日付" in line


def test_no_t006_while_the_date_is_to_come_or_when_one_is_given(two_sent_back, tmp_path, capsys, monkeypatch):
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    monkeypatch.setattr(status_cmd, "today", lambda: dt.date(2027, 6, 10))
    capsys.readouterr()
    assert main(REMIND) == 1
    assert "T006" not in capsys.readouterr().err
    monkeypatch.setattr(status_cmd, "today", lambda: dt.date(2027, 7, 1))
    assert main([*REMIND, "--resubmit-by", LATER.isoformat()]) == 1
    assert "T006" not in capsys.readouterr().err


def test_a_section_whose_accepted_answers_stand_is_told_so(two_sent_back, tmp_path):
    assert main(MERGE) == 1
    assert main(REMIND) == 1
    _, body = _draft(tmp_path / "out", "財政課")
    assert "前にお送りいただいた「財政課.xlsx」は受け付けていますので、直したものが届くまでは、その回答を使います。" in body
    _, body = _draft(tmp_path / "out", "市民課")
    assert "受け付けていますので" not in body


@pytest.mark.parametrize("kind", ["reminder", "resubmit"])
def test_a_renamed_sections_mail_is_addressed_by_its_new_name(plan, tmp_path, kind):
    """The 連絡先 row of 税務課, renamed 収納課 by a 組織改正, serves 収納課: the To line showed 「税務課 山田」 above a
    greeting to 収納課."""
    from reform_xlsx.mail import reminder_draft, resubmit_draft
    from reform_xlsx.mail.directory import Contact, Directory
    from reform_xlsx.mail.drafts import message
    from reform_xlsx.plan.model import SectionMove

    directory = Directory(contacts={"税務課": Contact("税務課", "山田", "zeimu@example.jp")},
                          moves=(SectionMove(2027, "税務課", "収納課"),))
    if kind == "reminder":
        draft = reminder_draft(plan, 2027, "収納課", directory=directory, deadline=None, contact=None)
    else:
        copy = tmp_path / "写し.xlsx"
        copy.write_bytes(b"PK")
        draft = resubmit_draft(plan, 2027, "収納課", copy, directory=directory, resubmit_by=None, contact=None,
                               respondent={"person": "佐藤", "mail": "sato@example.jp"}, errors=1, warnings=0,
                               source_name="収納課.xlsx")
    msg = message(draft)
    shown = [a.display_name for field in ("To", "Cc") if msg[field] for a in msg[field].addresses]
    assert "収納課 山田" in shown and not any("税務課" in name for name in shown)
    assert draft.body.startswith("収納課\n")


def test_merge_given_its_date_again_after_status_gave_another_writes_it(two_sent_back, tmp_path, capsys):
    """`merge --resubmit-by X`, `status --remind --resubmit-by Y`, then `merge --resubmit-by X` with nothing new: the
    office's last word is X — the copies say it again (not 「変わったところがない」 with Y left in them)."""
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    assert main([*REMIND, "--resubmit-by", "2027-06-21"]) == 1
    capsys.readouterr()
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1
    assert "前回の実行から変わったところがないため" not in capsys.readouterr().out
    errors, guide = _dates_in(_copy(tmp_path, "市民課"))
    assert "令和9年6月10日（木）" in errors and "令和9年6月10日（木）" in guide
    assert main([*MERGE, "--resubmit-by", "2027-06-10"]) == 1  # and once it is so, nothing to do
    assert "前回の実行から変わったところがないため" in capsys.readouterr().out


def test_a_ledger_an_older_version_wrote_keeps_the_date_its_copies_gave(two_sent_back, tmp_path, capsys):
    """An older reform-xlsx kept no table of 再提出期限 (resubmit_dates came later, the ledger's version unchanged):
    its `merge --resubmit-by` date was only in the 要修正 copies mailed. The next merge of this version wrote them
    again with the default (a week after the file came), before the date the section had been told."""
    assert main([*MERGE, "--resubmit-by", "2027-06-30"]) == 1
    with Ledger(tmp_path / "out" / "reform.db") as ledger, ledger.db:
        ledger.db.execute("DROP TABLE resubmit_dates")  # as the older version left it
    assert main(MERGE) == 1
    _both_copies_and_the_reminders_say(tmp_path, capsys, "令和9年6月30日", "（水）")
