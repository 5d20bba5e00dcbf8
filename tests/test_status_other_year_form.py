"""A section that sends last year's form by mistake (M004, sent back) and then this year's form after the 提出期限:
`status` (and merge's 「課別」) gave the section's 提出日時 as last year's form's (saved a year before this year's
調査票 was even sent) and called the section 期限内 — its first file. Another year's form is no answer of this
year: the section's 提出日時 and 期限内・期限後 come from its files of this year's form."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from pathlib import Path

import openpyxl

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main, status_cmd
from reform_xlsx.ledger import store

MERGE = ["merge", "受信", "--year", "R9", "--out", "out", "--db", "out/reform.db"]
STATUS = ["status", "--year", "R9", "--db", "out/reform.db"]


def _returned(plan, year: int, section: str, name: str) -> None:
    """``section``'s form of ``year``, filled, into the inbox as ``name``."""
    craft.filled(plan, year, section, Path("made"), name).rename(Path("受信") / name)


def _row(capsys, section: str) -> dict:
    capsys.readouterr()
    main([*STATUS, "--json"])
    return next(s for s in json.loads(capsys.readouterr().out)["sections"] if s["section"] == section)


def test_last_years_form_sent_by_mistake_is_not_the_sections_submission(plan, workdir, capsys):
    assert main(["templates", "--year", "R9", "--out", "sent", "--db", "out/reform.db",
                 "--deadline", "2027-04-05"]) == 0
    inbox = Path("受信")
    inbox.mkdir()
    _returned(plan, 2026, "特命担当", "特命担当.xlsx")  # last year's form: saved last year
    _returned(plan, 2027, "都市計画課", "都市計画課.xlsx")
    assert main([*MERGE, "--received-at", "特命担当.xlsx=2026-05-20 10:00",
                 "--received-at", "都市計画課.xlsx=2027-04-02 10:00"]) == 1
    sent_back = _row(capsys, "特命担当")
    assert sent_back["status"] == "差し戻し" and sent_back["file"] == "特命担当.xlsx"
    assert (sent_back["submitted_at"], sent_back["timeliness"]) == (None, None)
    assert _row(capsys, "都市計画課")["timeliness"] == "期限内"  # this year's form before the deadline: as before

    (inbox / "特命担当.xlsx").unlink()
    _returned(plan, 2027, "特命担当", "特命担当（令和9年度）.xlsx")
    assert main([*MERGE, "--received-at", "特命担当（令和9年度）.xlsx=2027-06-10 10:00"]) == 1  # others 未提出
    done = _row(capsys, "特命担当")
    assert done["status"] == "提出済" and done["file"] == "特命担当（令和9年度）.xlsx"
    assert (done["submitted_at"], done["timeliness"]) == ("2027-06-10T10:00:00", "期限後")
    assert main(STATUS) == 1
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("特命担当"))
    assert "2027/06/10 10:00" in line and "期限後" in line and "2026/" not in line


def test_last_years_form_has_no_timeliness_in_the_file_tables(plan, workdir, capsys):
    """受付結果 「ファイル別」, merge's file table and ``merge --json``'s ``files`` judged last year's form sent by mistake
    期限内 against this year's 提出期限 (its saved time is last year's): a form of another year is no answer of this
    year, so it has no 期限内・期限後 — blank, as another year's form passed over (F030, M015) is."""
    assert main(["templates", "--year", "R9", "--out", "sent", "--db", "out/reform.db",
                 "--deadline", "2027-04-05"]) == 0
    Path("受信").mkdir()
    _returned(plan, 2026, "特命担当", "特命担当.xlsx")
    _returned(plan, 2027, "都市計画課", "都市計画課.xlsx")
    given = ["--received-at", "特命担当.xlsx=2026-05-20 10:00", "--received-at", "都市計画課.xlsx=2027-04-02 10:00"]
    capsys.readouterr()
    assert main([*MERGE, *given, "--json"]) == 1
    files = {f["name"]: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert files["特命担当.xlsx"]["status"] == "rejected" and files["特命担当.xlsx"]["timeliness"] is None
    assert files["都市計画課.xlsx"]["timeliness"] == "期限内"  # this year's form: as before
    ws = openpyxl.load_workbook(Path("out") / outputs.receipt(2027))[outputs.RECEIPT_SHEETS[1]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["特命担当.xlsx"][8] in (None, "") and "2026/05/20" in rows["特命担当.xlsx"][7]  # its time still shown
    assert rows["都市計画課.xlsx"][8] == "期限内"
    assert main([*MERGE, *given]) == 1  # (read again, as recorded: the same)
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("特命担当.xlsx"))
    assert "期限内" not in line and "期限後" not in line


class _MergedOn(dt.datetime):
    """The clock of a merge run on 2027-06-20 (a Sunday: a week later is one too), 10:00."""

    @classmethod
    def now(cls, tz=None):
        return cls(2027, 6, 20, 10, 0)


def test_the_resubmission_date_of_last_years_form_runs_from_when_merge_received_it(plan, workdir, capsys, monkeypatch):
    """A section sent back only for last year's form (M004): the 再提出期限 its 要修正 copy and 再提出のお願い give is a
    week after merge received the file (the later of that day and the day it was saved: here the day received) — not
    a week after last year's saved time, which would be a date long past."""
    assert main(["templates", "--year", "R9", "--out", "sent", "--db", "out/reform.db",
                 "--deadline", "2027-06-04"]) == 0
    Path("受信").mkdir()
    _returned(plan, 2026, "特命担当", "特命担当.xlsx")
    _returned(plan, 2027, "都市計画課", "都市計画課.xlsx")  # (a merge of nothing but last year's forms stops)
    monkeypatch.setattr(store, "datetime", _MergedOn)
    assert main([*MERGE, "--received-at", "特命担当.xlsx=2026-05-20 10:00"]) == 1
    monkeypatch.setattr(status_cmd, "today", lambda: dt.date(2027, 6, 22))
    capsys.readouterr()
    assert main([*STATUS, "--remind"]) == 1
    out = capsys.readouterr().out
    line = [x for x in out.splitlines() if x.startswith("特命担当")][-1]  # 督促の一覧's
    assert "令和9年6月28日（再提出）" in line  # 6/27 a Sunday: the next open day
    assert "T006" not in out
    path = Path("out") / outputs.MAIL_FOLDER / outputs.mail_draft(2027, "resubmit", "特命担当")
    msg = email.message_from_bytes(path.read_bytes().partition(b"\r\n")[2], policy=email.policy.default)
    assert "令和9年6月28日" in msg["subject"]
    assert "再提出期限: 令和9年6月28日（月）" in msg.get_body(("plain",)).get_content()
