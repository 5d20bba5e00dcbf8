"""The 再提出期限 the tool chooses falls on a day the city hall is open (開庁日); a date the office gives that falls on a
closed day is used as given and said (T003).

The default 再提出期限 was the day the file came + 7 days whatever that day was: a merge on 2027-05-23 (a Sunday) wrote
「令和9年5月30日（日）」 into the 差し戻し copy and the 再提出のお願い, and one on 2027-12-24 a day of the 年末年始 closure."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.feedback import SHEET_ERRORS
from reform_xlsx.merge import resubmit_after, run_merge
from reform_xlsx.office_days import YEAR_END, closed_reason, open_on_or_after

D = dt.date


@pytest.mark.parametrize("day, reason, open_day", [
    (D(2027, 5, 26), None, D(2027, 5, 26)),  # an ordinary Wednesday
    (D(2027, 5, 29), "土曜日", D(2027, 5, 31)),
    (D(2027, 5, 30), "日曜日", D(2027, 5, 31)),
    (D(2026, 5, 3), "憲法記念日", D(2026, 5, 7)),  # a Sunday holiday: named by the holiday; GW and its 振替休日 follow
    (D(2026, 5, 6), "憲法記念日 振替休日", D(2026, 5, 7)),
    (D(2027, 5, 3), "憲法記念日", D(2027, 5, 6)),  # GW on weekdays: 5/3, 5/4, 5/5
    (D(2027, 5, 5), "こどもの日", D(2027, 5, 6)),
    (D(2026, 9, 22), "国民の休日", D(2026, 9, 24)),  # between 敬老の日 and 秋分の日
    (D(2027, 3, 22), "春分の日 振替休日", D(2027, 3, 23)),
    (D(2027, 12, 28), None, D(2027, 12, 28)),  # the last day open before the closure
    (D(2027, 12, 29), YEAR_END, D(2028, 1, 4)),  # across the year end
    (D(2027, 12, 31), YEAR_END, D(2028, 1, 4)),
    (D(2028, 1, 1), "元日", D(2028, 1, 4)),
    (D(2028, 1, 3), YEAR_END, D(2028, 1, 4)),
    (D(2030, 12, 28), "土曜日", D(2031, 1, 6)),  # the closure, then a weekend: Monday 6 January
])
def test_closed_days_and_the_next_open_one(day, reason, open_day):
    assert closed_reason(day) == reason
    assert open_on_or_after(day) == open_day


@pytest.mark.parametrize("day, name", [
    (D(2026, 5, 6), "振替休日"), (D(2026, 9, 22), "国民の休日"), (D(2027, 3, 22), "振替休日"),
    (D(2029, 2, 12), "振替休日"), (D(2029, 4, 30), "振替休日"), (D(2029, 9, 24), "振替休日"),
    (D(2030, 5, 6), "振替休日"), (D(2030, 8, 12), "振替休日"), (D(2030, 11, 4), "振替休日"),
    (D(2031, 2, 24), "振替休日"), (D(2031, 5, 6), "振替休日"), (D(2031, 11, 24), "振替休日"),
    (D(2032, 9, 21), "国民の休日"),
])
def test_the_holiday_calendar_knows_substitute_and_citizens_holidays(day, name):
    """The holidays of the plan period and after (2026–2032) that follow from others: a holiday on a Sunday moves to
    the next weekday (振替休日), a day between two holidays is one (国民の休日)."""
    assert name in closed_reason(day) and day.weekday() < 5


@pytest.mark.parametrize("received, saved, due", [
    ("2027-05-19T10:00:00", dt.datetime(2027, 5, 18, 9), D(2027, 5, 26)),  # a Wednesday: as it was
    ("2027-05-23T10:00:00", dt.datetime(2027, 5, 20, 9), D(2027, 5, 31)),  # +7 is a Sunday: the Monday
    ("2027-05-20T10:00:00", dt.datetime(2027, 5, 22, 9), D(2027, 5, 31)),  # saved on the Saturday: from that day
    ("2027-04-26T10:00:00", dt.datetime(2027, 4, 1, 9), D(2027, 5, 6)),  # +7 is 5/3: past GW
    ("2026-04-29T10:00:00", None, D(2026, 5, 7)),  # +7 is 5/6, 振替休日
    ("2027-12-24T10:00:00", dt.datetime(2027, 12, 20, 9), D(2028, 1, 4)),  # +7 is 12/31: after the closure
])
def test_the_default_resubmission_date_is_an_open_day(received, saved, due):
    assert resubmit_after(received, saved.timestamp() if saved else None) == due


def sent_back(plan, folder, saved: str):
    """市民課's return with a grade not in the list (sent back), saved (as Excel records it) at ``saved``."""
    bad = craft.filled(plan, 2026, "市民課", folder / "work", changes={layout.SHEET_ITEMS: {"1-1-1": {"進捗状況": "たぶん"}}})
    inbox = folder / "受信"
    inbox.mkdir()
    return craft.saved_at(bad, inbox / "市民課.xlsx", saved)


def copy_dates(copy):
    wb = openpyxl.load_workbook(copy)
    listed = {row[0]: row[4] for row in wb[SHEET_ERRORS].iter_rows(max_col=5, values_only=True)}
    guide = {row[1]: row[2] for row in wb[layout.SHEET_GUIDE].iter_rows(max_col=3, values_only=True) if row[1]}
    return listed["再提出期限"], guide["再提出期限"]


def test_a_file_sent_back_on_a_sunday_is_due_the_monday_after_in_the_copy_and_the_mail(plan, tmp_path, monkeypatch,
                                                                                           capsys):
    """merge on Sunday 2027-05-23: the copy, its 記入要領, the 再提出のお願い draft and the 督促の一覧 all say Monday
    5/31, not Sunday 5/30."""
    sent_back(plan, tmp_path, "2027-05-20T09:00:00Z")
    monkeypatch.chdir(tmp_path)
    result = run_merge(["受信"], plan, "R8", db="out/reform.db", out="out", now=dt.datetime(2027, 5, 23, 10, 0))
    assert copy_dates(result.feedback["市民課.xlsx"]) == ("令和9年5月31日（月）",) * 2
    assert main(["status", "--year", "R8", "--remind"]) == 1
    captured = capsys.readouterr()
    assert "令和9年5月31日（再提出）" in captured.out and "5月30日" not in captured.out
    assert "T003" not in captured.err  # a date the tool chose is not said
    draft = tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課")
    mail = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert mail["Subject"].endswith("（再提出期限 令和9年5月31日）")
    assert "■ 再提出期限: 令和9年5月31日（月）" in mail.get_body(("plain",)).get_content()


@pytest.mark.parametrize("given, shown, reason", [
    ("2027-05-30", "令和9年5月30日（日）", "日曜日"),
    ("2027-05-04", "令和9年5月4日（火）", "みどりの日"),
    ("2027-12-30", "令和9年12月30日（木）", "年末年始（12月29日～1月3日）"),
])
def test_a_resubmission_date_given_on_a_closed_day_is_kept_and_said(plan, tmp_path, monkeypatch, capsys, given, shown,
                                                                    reason):
    """The office may mean it (a date agreed with the section): written as given, with a warning naming the day."""
    sent_back(plan, tmp_path, "2027-05-20T09:00:00Z")
    monkeypatch.chdir(tmp_path)
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--resubmit-by", given,
                 "--json"]) == 1
    err = capsys.readouterr().err
    assert f"[T003 警告] --resubmit-by: 再提出期限 {shown}は{reason}で、閉庁日です。指定のまま差し戻しの写しに書きます。" in err
    copy = tmp_path / "out" / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "市民課")
    assert copy_dates(copy) == (shown,) * 2
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", given]) == 1
    captured = capsys.readouterr()
    assert f"[T003 警告] --resubmit-by: 再提出期限 {shown}は{reason}で" in captured.err
    assert "指定のまま再提出のお願いの下書きに書きます" in captured.err
    assert f"{shown.split('（')[0]}（再提出）" in captured.out


def test_a_deadline_given_on_a_holiday_is_kept_and_said(plan, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--out", "調査票", "--section", "市民課", "--deadline", "2027-05-03"]) == 0
    err = capsys.readouterr().err
    assert "[T003 警告] --deadline: 提出期限 令和9年5月3日（月）は憲法記念日で、閉庁日です。指定のまま調査票に書きます。" in err
    form = tmp_path / "調査票" / outputs.template(plan.words, 2026, "市民課")
    guide = openpyxl.load_workbook(form)[layout.SHEET_GUIDE]
    assert "令和9年5月3日（月）" in [row[2] for row in guide.iter_rows(max_col=3, values_only=True)]


def test_an_open_day_given_is_not_said(plan, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--out", "調査票", "--section", "市民課", "--deadline", "2027-05-28"]) == 0
    assert "T003" not in capsys.readouterr().err


def sent_back_early(plan, folder, monkeypatch, deadline="2027-05-28", section="市民課"):
    """``section``'s form written by ``templates`` with a 提出期限 the ledger records, filled with one grade not in the
    list and saved on 2026-12-04 (a Friday, well before the 提出期限)."""
    monkeypatch.chdir(folder)
    args = ["templates", "--year", "R8", "--out", "調査票", "--section", section]
    assert main(args + (["--deadline", deadline, "--db", "out/reform.db"] if deadline else [])) == 0
    form = folder / "調査票" / outputs.template(plan.words, 2026, section)
    answers = craft.valid_answers(plan, section)
    answers[layout.SHEET_ITEMS][next(iter(answers[layout.SHEET_ITEMS]))]["進捗状況"] = "たぶん"
    (folder / "受信").mkdir()
    sent = craft.saved_at(craft.fill_template(form, answers, folder / "work.xlsx"), folder / "受信" / f"{section}.xlsx",
                          "2026-12-04T09:00:00Z")
    # the file's own time too: a save time before the form was made (today, by templates) is not read as a save,
    # and the file's time stands in for it — today's date would make the 再提出期限 depend on the day the test runs
    saved = dt.datetime(2026, 12, 4, 9, 0).timestamp()
    os.utime(sent, (saved, saved))
    return sent


@pytest.mark.parametrize("received, saved, deadline, due", [
    ("2026-12-04T10:00:00", dt.datetime(2026, 12, 4, 9), "2027-05-28", D(2027, 5, 28)),  # early: the 提出期限
    ("2026-12-04T10:00:00", dt.datetime(2026, 12, 4, 9), D(2027, 5, 28), D(2027, 5, 28)),
    ("2027-05-27T10:00:00", None, "2027-05-28", D(2027, 6, 3)),  # a week after, past the 提出期限: the week
    ("2027-05-21T10:00:00", None, "2027-05-28", D(2027, 5, 28)),  # +7 is the 提出期限 itself
    ("2026-12-04T10:00:00", None, None, D(2026, 12, 11)),  # no 提出期限 recorded: the week
    ("2026-12-04T10:00:00", None, "", D(2026, 12, 11)),
])
def test_the_default_resubmission_date_is_never_before_the_deadline(received, saved, deadline, due):
    assert resubmit_after(received, saved.timestamp() if saved else None, deadline) == due


def test_a_file_sent_back_early_is_due_by_the_deadline_in_the_copy_the_list_and_the_mail(plan, tmp_path, monkeypatch,
                                                                                          capsys):
    """A section that sent its file in early December with one mistake was given 令和8年12月11日 while every other
    section has until the 提出期限 令和9年5月28日: the default 再提出期限 is now the later of the two, in the copy (its
    エラー一覧 and 記入要領), the 督促の一覧 and the 再提出のお願い draft."""
    sent_back_early(plan, tmp_path, monkeypatch)
    result = run_merge(["受信"], plan, "R8", db="out/reform.db", out="out", now=dt.datetime(2026, 12, 4, 10, 0))
    assert copy_dates(result.feedback["市民課.xlsx"]) == ("令和9年5月28日（金）",) * 2
    assert main(["status", "--year", "R8", "--remind"]) == 1
    out = capsys.readouterr().out
    assert "令和9年5月28日（再提出）" in out and "12月11日" not in out
    draft = tmp_path / "out" / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "市民課")
    mail = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert mail["Subject"].endswith("（再提出期限 令和9年5月28日）")
    assert "■ 再提出期限: 令和9年5月28日（金）" in mail.get_body(("plain",)).get_content()


def test_a_resubmission_date_given_before_the_deadline_stays_as_given(plan, tmp_path, monkeypatch, capsys):
    sent_back_early(plan, tmp_path, monkeypatch)
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db",
                 "--resubmit-by", "2026-12-18"]) == 1
    copy = tmp_path / "out" / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "市民課")
    assert copy_dates(copy) == ("令和8年12月18日（金）",) * 2
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2026-12-18"]) == 1
    assert "令和8年12月18日（再提出）" in capsys.readouterr().out


def test_without_a_deadline_recorded_the_default_stays_a_week(plan, tmp_path, monkeypatch, capsys):
    sent_back_early(plan, tmp_path, monkeypatch, deadline=None)
    result = run_merge(["受信"], plan, "R8", db="out/reform.db", out="out", now=dt.datetime(2026, 12, 4, 10, 0))
    assert copy_dates(result.feedback["市民課.xlsx"]) == ("令和8年12月11日（金）",) * 2
