"""``reform-xlsx merge`` and ``status`` end to end, on real workbooks."""

import hashlib
import json
import os
import re
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.cli.common import UsageError
from reform_xlsx.cli.merge_cmd import one_time_per_file, received_arg, warn_future_receipts
from reform_xlsx.cli.progress import render
from reform_xlsx.form import layout
from reform_xlsx.merge import ALL_FILES
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from reform_xlsx.xlsx import answer_table

SAMPLES = Path(__file__).parent.parent / "samples" / "inbox"


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_json(argv, capsys) -> tuple[int, dict]:
    code = main(argv + ["--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def inbox(tmp_path):
    target = tmp_path / "受信"
    shutil.copytree(SAMPLES, target)
    return target


def test_the_bundled_samples(plan, tmp_path, inbox, capsys):
    """samples/README.md says what merge makes of every sample file."""
    before = snapshot(inbox)
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db")]
    code, doc = run_json(argv, capsys)
    assert code == 1  # 都市計画課 is still to be corrected
    files = {f["name"]: f["status"] for f in doc["files"]}
    assert files == {
        **{outputs.template(plan.words, 2026, s): "accepted"
           for s in ("DX推進課", "人事行政課", "土木課", "特命担当", "生活環境課", "秘書政策課", "観光課", "財政課")},
        "市民課（LibreOffice保存）.xlsx": "accepted",
        "税務課_取組状況.xlsx": "rejected",
        "再提出/税務課_取組状況_修正版.xlsx": "accepted",
        "都市計画課.xlsx": "rejected",
        "再提出/観光課（再送）.xlsx": "duplicate",
        "~$" + outputs.template(plan.words, 2026, "財政課"): "ignored",
        "提出一覧メモ.csv": "skipped",
        "添付ファイル.zip": "skipped",
    }
    sections = {s["section"]: s["status"] for s in doc["sections"]}
    assert sections == {**{s: "提出済" for s in sections if s != "都市計画課"}, "都市計画課": "差し戻し"}
    assert len(sections) == 11
    flags = {s["section"]: (s["submitted"], s["accepted"], s["missing"]) for s in doc["sections"]}
    assert flags == {**{s: (True, True, False) for s in sections if s != "都市計画課"}, "都市計画課": (True, False, False)}
    assert next(s for s in doc["sections"] if s["section"] == "税務課")["file"] == "再提出/税務課_取組状況_修正版.xlsx"
    rejected = next(f for f in doc["files"] if f["name"] == "都市計画課.xlsx")
    assert [(i["code"], i["severity"], i["sheet"], i["cell"]) for i in rejected["issues"]] == [
        ("V002", "error", "取組状況", f"F{layout.HEADER_ROW + 2}")]
    # 期限内/期限後 follows each workbook's own saved time (samples/make_samples.py), not when merge ran:
    # 土木課 saved on 2027-06-01, after the 2027-05-28 deadline; 税務課's first file (5/21) counts.
    timely = {s["section"]: s["timeliness"] for s in doc["sections"]}
    assert timely == {**{s: "期限内" for s in timely if s != "土木課"}, "土木課": "期限後"}
    assert {s["section"]: s["deadline"] for s in doc["sections"]} == {s: "2027-05-28" for s in timely}
    zeimu = next(s for s in doc["sections"] if s["section"] == "税務課")
    assert zeimu["submitted_at"].startswith("2027-05-21") and zeimu["respondent"] == {"person": "田中 美咲",
                                                                                        "extension": "1501"}
    assert next(f for f in doc["files"] if f["name"] == "都市計画課.xlsx")["submitted_from"] == "saved"
    seikatsu = next(f for f in doc["files"] if f["name"] == outputs.template(plan.words, 2026, "生活環境課"))
    assert [i["code"] for i in seikatsu["issues"]] == ["V019"]  # the 回答者欄 left blank: a warning
    # The rejected 税務課 file was corrected by a newer one: only 都市計画課 gets a 差し戻し copy.
    assert {f["name"] for f in doc["files"] if f["resolved"]} == {"税務課_取組状況.xlsx"}
    assert list(doc["feedback"]) == ["都市計画課.xlsx"]
    assert Path(doc["feedback"]["都市計画課.xlsx"]).name == "令和8年度_都市計画課_要修正.xlsx"
    assert set(doc["outputs"]) == {"receipt", "answers", "meeting", "office", "review"}
    assert all(Path(p).is_absolute() and Path(p).exists() for p in doc["outputs"].values())
    assert snapshot(inbox) == before  # nothing in the inbox changed
    # 受付結果 「指摘事項」: the corrected 税務課 file's problems are kept, marked 解決済み, after the current ones.
    issues = pd.read_excel(doc["outputs"]["receipt"], sheet_name="指摘事項", header=2, engine="calamine")
    states = issues.set_index("ファイル")["状態"]
    assert set(states.loc["税務課_取組状況.xlsx"]) == {"解決済み"}
    assert states.loc["都市計画課.xlsx"] != "解決済み" and pd.isna(states.loc["都市計画課.xlsx"])
    assert list(states.fillna("")) == sorted(states.fillna(""), key=bool)  # the settled ones come last

    # The normalised answers: what was typed, and what it means.
    table = pd.read_excel(doc["outputs"]["answers"], header=2, engine="calamine")
    assert list(table.columns) == [c.label for c in answer_table.COLUMNS if c.key != "year"]
    kpi = table[table["区分"] == "KPI"].set_index(["ID", "項目"])
    for kpi_id, typed, value in [("K10", "1億8千万円", 180_000_000), ("K02", "５３％", 0.53),
                                 ("K12", "6,100,000", 6_100_000), ("K09", "2施設", 2), ("K01", "26%", 0.26)]:
        assert kpi.loc[(kpi_id, "実績値"), "入力値（原文）"] == typed
        assert float(kpi.loc[(kpi_id, "実績値"), "値"]) == pytest.approx(value)
    assert set(table["課名"]) == {s for s in sections if s != "都市計画課"}
    # printed within the table: its note no wider than the table (a long note made LibreOffice print it at 5.5 pt)
    from reform_xlsx.ledger.receipt import ANSWERS_NOTE
    from reform_xlsx.textwidth import text_units

    ws = openpyxl.load_workbook(doc["outputs"]["answers"])["回答一覧"]
    assert ws["A2"].value == ANSWERS_NOTE
    assert text_units(ANSWERS_NOTE) <= sum(c.width for c in answer_table.COLUMNS if c.key != "year")
    assert ws.print_area == f"'回答一覧'!$A$1:$J${ws.max_row}"

    # 事務局用 「提出状況」: the same counts as the console (a blank 差し戻し column read back as NaN
    # once made every 提出済 section 「再提出を差し戻し」), the 提出期限 on a line of its own
    status_sheet = openpyxl.load_workbook(doc["outputs"]["office"])["提出状況"]
    assert status_sheet["A2"].value == "提出済 10 課・差し戻し 1 課・未提出 0 課（全 11 課）"
    assert status_sheet["A3"].value == ("提出期限 令和9年5月28日（金）（提出日時はブックの保存日時。なければファイルの更新日時、"
                                         "推進室の指定があればその日時）")
    # 受付結果 「課別」 says the same of what 提出日時 is (it said 「ブックの保存日時」 only, though a file without one
    # is dated by its file time, or by the office's --received-at)
    by_section = openpyxl.load_workbook(doc["outputs"]["receipt"])["課別"]
    assert by_section["A2"].value.endswith("　提出期限 令和9年5月28日（金）（提出日時は各課が最初に送ったファイルの"
                                           "ブックの保存日時。なければファイルの更新日時、推進室の指定があればその日時）")

    # Same inputs again: the ledger adds nothing and every output is byte-identical.
    written = {p: Path(p).read_bytes() for p in doc["outputs"].values()}
    code, again = run_json(argv, capsys)
    assert code == 1 and not any(f["new"] for f in again["files"])
    assert {p: Path(p).read_bytes() for p in again["outputs"].values()} == written


def test_status_after_merge(tmp_path, inbox, capsys):
    db = str(tmp_path / "r.db")
    main(["merge", str(inbox), "--year", "令和8年度", "--out", str(tmp_path / "out"), "--db", db])
    capsys.readouterr()
    code, doc = run_json(["status", "--year", "2026", "--db", db], capsys)
    assert code == 1
    assert doc["year_display"] == "令和8年度"
    assert [s["status"] for s in doc["sections"]].count("提出済") == 10
    assert main(["status", "--year", "R8", "--db", db]) == 1
    out = capsys.readouterr().out
    assert "都市計画課  差し戻し" in out and "提出済 10 課・差し戻し 1 課・未提出 0 課（全 11 課）" in out
    assert main(["status", "--year", "R9", "--db", db]) == 1
    assert "未提出 11 課" in capsys.readouterr().out


class ClosedPipe:
    """stdout piped into ``head -1`` that has read its line and closed the pipe: every write fails."""

    encoding = "utf-8"

    def __init__(self):
        self.writes = 0

    def write(self, text):
        self.writes += 1
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        pass


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_output_cut_short_by_a_closed_pipe_keeps_the_exit_code_of_the_result(tmp_path, inbox, monkeypatch, json_flag):
    """``merge … | head -1``: the merge is done and recorded, only its printing was cut — a section to correct (都市計画課)
    is exit 1 still, as without the pipe, never 0."""
    import io
    db = tmp_path / "r.db"
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(db)] + json_flag) == 1
    assert sys.stdout.writes == 1  # it was the printing that broke
    again = ["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(db)]
    for argv in (["status", "--year", "R8", "--db", str(db)] + json_flag, again):
        monkeypatch.setattr(sys, "stderr", io.StringIO())
        monkeypatch.setattr(sys, "stdout", ClosedPipe())
        assert main(argv) == 1
    monkeypatch.undo()
    assert main(["status", "--year", "R8", "--db", str(db)]) == 1  # the ledger holds the whole merge


def test_a_pipe_closed_before_the_result_is_known_is_no_success(tmp_path, inbox, monkeypatch):
    """The merge did not finish (a warning on a closed pipe, before the files were read): not exit 0."""
    import io

    from reform_xlsx.cli import merge_cmd

    def closed(*_args, **_kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(merge_cmd, "run_merge", closed)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert main(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db")]) == 1


def fill_all(plan, tmp_path, skip=()) -> Path:
    """Every section's template filled in (but those in ``skip``), in one inbox folder."""
    templates = write_templates(plan, 2026, tmp_path / "templates")
    inbox = tmp_path / "inbox"
    for path in templates:
        section = path.stem.rsplit("_", 1)[1]
        if section in skip:
            continue
        answers = {layout.SHEET_ITEMS: {i.id: {"進捗状況": "B 概ね計画どおり", "取組実績": "=実施した"}
                                        for i in plan.items_for(section)}}
        if plan.kpis_for(section):
            answers[layout.SHEET_KPI] = {k.id: {"実績値": k.baseline} for k in plan.kpis_for(section)}
        fill_template(path, answers, inbox / path.name)
    return inbox


def test_all_sections_accepted_gives_exit_0(tmp_path, plan, capsys):
    inbox = fill_all(plan, tmp_path)
    out = tmp_path / "out"
    code, doc = run_json(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(tmp_path / "r.db"),
                          "--public"], capsys)
    assert code == 0, [f["issues"] for f in doc["files"] if f["issues"]]
    assert {s["status"] for s in doc["sections"]} == {"提出済"}
    assert doc["feedback"] == {} and "public" in doc["outputs"]
    # A section's text that starts with "=" stays text, in every workbook.
    for role in ("answers", "meeting"):
        wb = openpyxl.load_workbook(doc["outputs"][role])
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == "=実施した"]
        assert cells and all(c.data_type == "s" for c in cells), role


def test_a_missing_section_gives_exit_1_and_is_listed(tmp_path, plan, capsys):
    # 財政課 owns KPIs (K09, K12): the meeting workbook still comes out, with those 未報告.
    inbox = fill_all(plan, tmp_path, skip=("観光課", "財政課"))
    code, doc = run_json(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"),
                          "--db", str(tmp_path / "r.db"), "--public"], capsys)
    assert code == 1
    missing = [s for s in doc["sections"] if s["status"] == "未提出"]
    assert missing == [{"section": s, "status": "未提出", "submitted": False, "accepted": False, "missing": True,
                        "file": None, "received_at": None, "errors": 0, "warnings": 0, "returned": None, "submitted_at": None, "deadline": None,
                        "timeliness": None, "respondent": {}} for s in ("財政課", "観光課")]
    kpi = pd.read_excel(doc["outputs"]["meeting"], sheet_name="KPI達成状況", header=None, engine="calamine")
    judged = {row[0]: row.tolist() for _, row in kpi.iterrows() if str(row[0]).startswith("K")}
    assert "未報告" in judged["K09"] and "未報告" in judged["K12"]
    assert "遅れ" in judged["K11"]  # fill_all reports the baseline: no progress yet
    assert Path(doc["outputs"]["public"]).exists()
    by_section = pd.read_excel(doc["outputs"]["receipt"], sheet_name="課別", header=2, engine="calamine")
    row = by_section.set_index("課名").loc["観光課"]
    assert row["状況"] == "未提出" and pd.isna(row["採用したファイル／最新のファイル"])
    assert main(["status", "--year", "R8", "--db", str(tmp_path / "r.db")]) == 1
    status_line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("観光課"))
    assert status_line.split() == ["観光課", "未提出", "0", "0"]


@pytest.mark.parametrize("argv, code", [
    (["merge", "/nonexistent/受信", "--year", "R8"], 2),
    (["merge", ".", "--year", "R99x"], 2),
    (["merge", "--year", "R8"], 2),
    (["status", "--year", "R8", "--db", "/nonexistent/r.db"], 2),
    (["merge", ".", "--year", "R13"], 2),
    (["templates", "--year", "2019"], 2),
])
def test_unusable_input_exits_2(argv, code, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == code
    assert "Traceback" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_year_outside_the_plan_is_refused_before_anything_is_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["merge", ".", "--year", "令和13年度"]) == 2
    err = capsys.readouterr().err  # the plan it used is named: which one, and where it came from
    assert "令和13年度は計画「第2次二本松市市政改革推進行動計画」（ID nihonmatsu-reform-2、版 2026-02、(同梱) nihonmatsu.yaml）" in err
    assert "の期間（令和8年度～令和12年度）の外です" in err


@pytest.mark.parametrize("year", ["R5", "2031"])
def test_status_refuses_a_year_outside_the_plan_like_every_command(year, tmp_path, capsys):
    """It listed 11 sections as 未提出 for 令和5年度 and wrote them 督促 drafts."""
    db = tmp_path / "out" / "reform.db"
    assert main(["merge", str(SAMPLES), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(db)]) == 1
    capsys.readouterr()
    assert main(["status", "--year", year, "--db", str(db), "--remind"]) == 2
    assert "の期間（令和8年度～令和12年度）の外です" in capsys.readouterr().err
    assert not (tmp_path / "out" / outputs.MAIL_FOLDER).exists()


@pytest.mark.parametrize("done, total, name, expected", [
    (0, 4, "", "読み込み [------------------------------] 0/4"),
    (2, 4, "a.xlsx", "読み込み [###############---------------] 2/4 a.xlsx"),
    (4, 4, "", "読み込み [##############################] 4/4"),
    (0, 0, "", "読み込み [##############################] 0/0"),
])
def test_progress_bar(done, total, name, expected):
    assert render("読み込み", done, total, name) == expected


def test_a_locked_output_file_is_a_japanese_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    from reform_xlsx.cli import merge_cmd

    def locked(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "令和8年度_市政改革推進本部会議資料.xlsx"))

    monkeypatch.setattr(merge_cmd, "run_merge", locked)
    assert main(["merge", str(tmp_path), "--year", "R8"]) == 2
    err = capsys.readouterr().err
    assert "令和8年度_市政改革推進本部会議資料.xlsx" in err and "Excel などで開かれています" in err
    assert "Traceback" not in err and "Permission denied" not in err


def test_two_years_in_one_ledger(tmp_path, inbox, plan, capsys, monkeypatch):
    """R8 returns → R9 templates showing R8's answers → R9 returns → the meeting workbook's trend."""
    monkeypatch.chdir(tmp_path)  # the default ledger reform.db lives here
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out8"]) == 1
    assert main(["templates", "--year", "R9", "--out", "t9"]) == 0
    capsys.readouterr()
    shimin = tmp_path / "t9" / outputs.template(plan.words, 2027, "市民課")
    header = [c.value for c in openpyxl.load_workbook(shimin)[layout.SHEET_ITEMS][layout.HEADER_ROW + 1]]
    assert layout.history_label(2026, "進捗状況") in header
    for path in sorted((tmp_path / "t9").iterdir()):
        section = path.stem.rsplit("_", 1)[1]
        answers = {layout.SHEET_ITEMS: {i.id: {"進捗状況": "A"} for i in plan.items_for(section, 2027)}}
        answers[layout.SHEET_ITEMS][layout.RESPONDENT_ID] = {"担当者": "担当 太郎", "内線": "1000"}
        if plan.kpis_for(section):
            answers[layout.SHEET_KPI] = {k.id: {"実績値": k.target} for k in plan.kpis_for(section)}
        fill_template(path, answers, tmp_path / "in9" / path.name)
    code, doc = run_json(["merge", "in9", "--year", "R9", "--out", "out9"], capsys)
    assert code == 0 and not any(f["issues"] for f in doc["files"])
    summary = pd.read_excel(doc["outputs"]["meeting"], sheet_name="総括", header=None, engine="calamine")
    years = [v for v in summary[0].tolist() if isinstance(v, str) and v.startswith("令和")]
    assert "令和8年度" in years and "令和9年度" in years


def test_a_merge_of_another_years_templates_writes_nothing_and_says_so(tmp_path, plan, capsys):
    write_templates(plan, 2027, tmp_path / "inbox", sections=["観光課"])
    out = tmp_path / "out"
    assert main(["merge", str(tmp_path / "inbox"), "--year", "R8", "--out", str(out), "--db", str(tmp_path / "r.db")]) == 2
    err = capsys.readouterr().err
    assert "令和9年度のもの" in err and "--year" in err and "何も記録・作成していません" in err
    assert not any(p.is_file() for p in out.rglob("*")) if out.exists() else True
def test_a_rejected_resubmission_is_counted_with_its_feedback_file(tmp_path, plan, capsys):
    """A section whose answers are in (提出済) sends a newer file that is rejected: the 差し戻し file
    written for it is in every count — never 「差し戻し 0 課」 and nothing else."""
    inbox = fill_all(plan, tmp_path)
    time.sleep(1.1)  # the resubmission is saved later (the newest file of a section counts)
    template = write_templates(plan, 2026, tmp_path / "again", ["観光課"])[0]
    fill_template(template, {layout.SHEET_ITEMS: {i.id: {"進捗状況": "計画通り？"} for i in plan.items_for("観光課")}},
                  inbox / "観光課_再提出.xlsx")
    db = str(tmp_path / "r.db")
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", db]
    code, doc = run_json(argv, capsys)
    assert code == 1
    row = next(s for s in doc["sections"] if s["section"] == "観光課")
    assert (row["status"], row["file"], row["returned"]) == ("提出済", outputs.template(plan.words, 2026, "観光課"),
                                                             "観光課_再提出.xlsx")
    assert list(doc["feedback"]) == ["観光課_再提出.xlsx"]
    line = "提出済 11 課（うち 1 課は再提出を差し戻し）・差し戻し 0 課・未提出 0 課（全 11 課）"
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert line in out and "差し戻しファイル 1 件（観光課）" in out
    assert main(["status", "--year", "R8", "--db", db]) == 1
    assert line in capsys.readouterr().out
    receipt = openpyxl.load_workbook(doc["outputs"]["receipt"])["課別"]
    assert line in [c.value for row in receipt.iter_rows(max_row=3) for c in row]


def test_json_is_written_in_pieces_and_reads_back_whole():
    """--json for a big batch: the same text as one json.dumps, written in a few pieces of ~64 KiB
    (never the whole document as one string, never one write per token)."""
    import io

    from reform_xlsx.cli.common import print_json

    class Counting(io.StringIO):
        def __init__(self):
            super().__init__()
            self.sizes: list[int] = []

        def write(self, text):
            self.sizes.append(len(text))
            return super().write(text)

    data = {"files": [{"name": f"ファイル{n}.xlsx", "issues": [{"code": "V001", "message": "=SUM(A1)"}] * 3}
                      for n in range(5000)], "notes": []}
    out = Counting()
    print_json(data, out)
    assert out.getvalue() == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert 10 < len(out.sizes) < len(out.getvalue()) // 30_000
    assert max(out.sizes) < 2 * 65536


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the file system takes only Unicode names there")
def test_file_names_that_are_not_utf8_are_read_shown_and_kept(plan, tmp_path, capsys):
    """A zip made on Windows and unpacked on Linux leaves Shift_JIS names: each file is still read, its
    name shown in its characters (or as \\xNN), recorded, and known on the next run."""
    templates = write_templates(plan, 2026, tmp_path / "t", ["市民課", "税務課"])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    by = {p.stem.rsplit("_", 1)[1]: p for p in templates}
    grade = "A 計画どおり"  # the items only: a rejection, with a 差し戻し copy named for the section
    for section, raw in (("市民課", "市民課".encode("cp932")), ("税務課", b"\xff\xfe")):
        items = {i.id: {"進捗状況": grade} for i in plan.items_for(section, 2026)}
        target = fill_template(by[section], {layout.SHEET_ITEMS: items}, tmp_path / f"{section}.xlsx")
        os.makedirs(os.fsencode(inbox) + b"/" + "再提出".encode("cp932"), exist_ok=True)
        with open(os.fsencode(inbox) + b"/" + "再提出".encode("cp932") + b"/" + raw + b".xlsx", "wb") as f:
            f.write(target.read_bytes())
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db")]
    code, doc = run_json(argv, capsys)
    assert code == 1  # the other sections are missing; nothing stopped the batch
    shown = {f["name"]: f["section"] for f in doc["files"]}
    assert shown == {"再提出/市民課.xlsx": "市民課", r"再提出/\xff\xfe.xlsx": "税務課"}
    assert {f["status"] for f in doc["files"]} == {"rejected"}  # read and judged (their KPIs are blank: V002)
    assert {i["file"] for f in doc["files"] for i in f["issues"]} == set(shown)
    assert all(f["path"].encode("utf-8") for f in doc["files"])  # printable text, never raw bytes
    receipt = openpyxl.load_workbook(doc["outputs"]["receipt"])["ファイル別"]
    assert {"再提出/市民課.xlsx", r"再提出/\xff\xfe.xlsx"} <= {c.value for c in receipt["A"]}
    code, again = run_json(argv, capsys)
    assert code == 1 and not any(f["new"] for f in again["files"])  # known by the same path: not read again
    # an output folder of such a name, and a file named as the shell passes it (its raw bytes)
    out = os.fsdecode(os.fsencode(tmp_path) + b"/" + "出力".encode("cp932"))
    raw = os.fsdecode("再提出/".encode() + "市民課".encode("cp932") + b".xlsx")
    code, doc = run_json(["merge", str(inbox), "--year", "R8", "--out", out, "--db", str(tmp_path / "r2.db"),
                          "--received-at", f"{raw}=2027-05-20 10:00"], capsys)
    assert code == 1 and doc["outputs"]["receipt"].endswith(r"\x8fo\x97\xcd/令和8年度_受付結果.xlsx")
    given = next(f for f in doc["files"] if f["name"] == "再提出/市民課.xlsx")
    assert (given["submitted_from"], given["submitted_at"]) == ("given", "2027-05-20T10:00:00")


def test_a_template_of_another_plan_in_the_first_batch_is_only_sent_back(plan, tmp_path, capsys):
    """On a new ledger, a file of another plan (M002) is that file's problem: the batch is recorded,
    the plan kept, and the ledger goes on working (it was refused for ever as 「計画を記録する前の台帳」)."""
    inbox = fill_all(plan, tmp_path, skip=("観光課",))
    template = next((tmp_path / "templates").glob("*_観光課.xlsx"))
    wb = openpyxl.load_workbook(template)
    for prop in wb.custom_doc_props.props:
        if prop.name == layout.META_PLAN_ID:
            prop.value = "other-plan"
    meta = wb[layout.SHEET_META]
    next(row[1] for row in meta.iter_rows() if row[0].value == layout.META_PLAN_ID).value = "other-plan"
    wb.save(inbox / "観光課.xlsx")
    db = tmp_path / "r.db"
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(db)]
    code, doc = run_json(argv, capsys)
    assert code == 1
    other = next(f for f in doc["files"] if f["name"] == "観光課.xlsx")
    assert other["status"] == "rejected" and [i["code"] for i in other["issues"]] == ["M002"]
    assert sum(f["status"] == "accepted" for f in doc["files"]) == len(plan.sections) - 1
    code, again = run_json(argv, capsys)  # the next run: the same ledger, nothing new
    assert code == 1 and not any(f["new"] for f in again["files"])


def test_merge_without_db_records_into_the_ledger_the_other_commands_use(tmp_path, monkeypatch, capsys):
    """The README's first merge put the ledger in out/; a later `merge … --out out` without --db used to
    start a second ledger here and overwrite out/'s reports with a history-less year."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLES, tmp_path / "受信")
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert f"台帳: {Path('out') / 'reform.db'}（新しく作りました" in capsys.readouterr().out  # said when made
    assert main(["merge", "受信", "--year", "R8", "--out", "out"]) == 1
    out = capsys.readouterr().out
    assert f"台帳: {Path('out') / 'reform.db'}\n" in out and not (tmp_path / "reform.db").exists()
    # another out folder: the one ledger found one folder down, as status and report find it
    assert main(["merge", "受信", "--year", "R8", "--out", "out2"]) == 1
    assert f"台帳: {Path('out') / 'reform.db'}" in capsys.readouterr().out and not (tmp_path / "reform.db").exists()
    (tmp_path / "other").mkdir()
    shutil.copy(tmp_path / "out" / "reform.db", tmp_path / "other" / "reform.db")
    assert main(["merge", "受信", "--year", "R8", "--out", "out3"]) == 2  # two ledgers: which one? say --db
    assert "受付台帳が複数あります" in capsys.readouterr().err


def test_the_summary_says_how_many_new_files_were_copies(tmp_path, capsys):
    inbox = tmp_path / "受信"
    shutil.copytree(SAMPLES, inbox)
    assert main(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db")]) == 1
    assert "（今回はじめて記録 16 件、うち重複 1 件）" in capsys.readouterr().out


def test_output_redirected_in_the_windows_code_page_never_fails(tmp_path):
    """Japanese Windows writes redirected output in cp932: the plan line's 「—」 and an NFD file name
    stopped merge with 内部エラー（UnicodeEncodeError） after its work was done. --json is UTF-8 anyway."""
    import subprocess
    import unicodedata

    inbox = tmp_path / "受信"
    shutil.copytree(SAMPLES, inbox)
    nfd = unicodedata.normalize("NFD", "ガイド（パ）.xlsx")  # a macOS zip's name: combining marks cp932 lacks
    (inbox / nfd).write_bytes(b"not a workbook")
    env = {**os.environ, "PYTHONIOENCODING": "cp932"}
    argv = [sys.executable, "-m", "reform_xlsx", "merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"),
            "--db", str(tmp_path / "r.db")]
    text = subprocess.run(argv, env=env, capture_output=True, timeout=300)
    assert text.returncode == 1, text.stderr.decode("cp932", "replace")
    shown = text.stdout.decode("cp932")
    assert "受付結果" in shown and "台帳:" in shown and "Traceback" not in text.stderr.decode("cp932", "replace")
    doc = subprocess.run(argv + ["--json"], env=env, capture_output=True, timeout=300)
    assert doc.returncode == 1
    assert nfd in {f["name"] for f in json.loads(doc.stdout.decode("utf-8"))["files"]}


@pytest.mark.parametrize("on_disk, typed", [
    # a macOS zip gives 「ガ」 as two code points: the name the office types (NFC) is the same file
    ("都市計画課_ガイド.xlsx".replace("ガ", "カ\u3099"), "都市計画課_ガイド.xlsx"),
    # Windows' console (cp932) gives 「〜」 as 「～」, 「−」 as 「－」: the same file
    ("都市計画課_4月〜5月.xlsx", "都市計画課_4月～5月.xlsx"), ("都市計画課_4月～5月.xlsx", "都市計画課_4月〜5月.xlsx"),
    ("都市計画課_第2版−修正.xlsx", "都市計画課_第2版－修正.xlsx"),
])
def test_received_at_names_a_file_whose_name_came_in_another_form(on_disk, typed, tmp_path, capsys):
    inbox = tmp_path / "受信"
    shutil.copytree(SAMPLES, inbox)
    (inbox / "都市計画課.xlsx").rename(inbox / on_disk)
    code, doc = run_json(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db",
                          str(tmp_path / "r.db"), "--received-at", f"{typed}=2027-05-20 09:00"], capsys)
    assert code == 1
    (file,) = [f for f in doc["files"] if f["name"] == on_disk]
    assert file["submitted_from"] == "given" and file["submitted_at"].startswith("2027-05-20T09:00")


def test_an_inbox_that_cannot_be_listed_stops_the_merge_before_anything_is_made(tmp_path, monkeypatch, capsys):
    """No right to read the inbox (a share's ACL): exit 2 naming it — not 「ファイル 0 件」 and every section 未提出."""
    inbox = tmp_path / "受信"
    shutil.copytree(SAMPLES, inbox)
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": (_ for _ in ()).throw(PermissionError(13, "denied", str(path)))
                        if Path(path) == inbox else real(path))
    code = main(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db")])
    err = capsys.readouterr().err
    assert code == 2 and f"フォルダ {inbox} の中を見られません（読む権限がありません）" in err
    assert not (tmp_path / "r.db").exists() and not (tmp_path / "out").exists()


def test_a_receipt_time_later_than_now_is_kept_but_said(tmp_path, capsys):
    """--received-at 2072 for 2027: recorded as typed, and the clerk told on stderr (the JSON stays clean)."""
    inbox = tmp_path / "受信"
    shutil.copytree(SAMPLES, inbox)
    code = main(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db"),
                 "--received-at", "都市計画課.xlsx=2072-05-20 09:00", "--received-at", "市民課（LibreOffice保存）.xlsx"
                 "=2026-05-20", "--json"])
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert code == 1
    given = {f["name"]: f["submitted_at"] for f in doc["files"] if f["submitted_from"] == "given"}
    assert given["都市計画課.xlsx"] == "2072-05-20T09:00:00"
    notes = [line for line in captured.err.splitlines() if line.startswith("注意: --received-at")]
    assert len(notes) == 1 and re.fullmatch(r"注意: --received-at の日時（都市計画課.xlsx） 2072/05/20 09:00 は今"
                                            r"（20\d\d/\d\d/\d\d \d\d:\d\d）より後です。受け取った日時を確かめてください"
                                            r"（指定のまま記録します）。", notes[0])


@pytest.mark.parametrize("received, warned", [
    ([], False), ([("a.xlsx", datetime(2027, 5, 20, 10, 0))], False), ([("a.xlsx", datetime(2027, 5, 20, 10, 1))], True),
    ([(ALL_FILES, datetime(2027, 5, 21))], True), ([(ALL_FILES, datetime(2026, 4, 1))], False),
])
def test_warn_future_receipts(received, warned, capsys):
    warn_future_receipts(received, datetime(2027, 5, 20, 10, 0))
    err = capsys.readouterr().err
    assert ("より後です" in err) is warned
    assert ("（a.xlsx）" in err) is (warned and received[0][0] == "a.xlsx")


@pytest.mark.parametrize("typed, name, when", [
    ("都市計画課.xlsx=2027-05-20 10:00", "都市計画課.xlsx", datetime(2027, 5, 20, 10, 0)),
    ("都市計画課.xlsx＝2027-05-20 10:00", "都市計画課.xlsx", datetime(2027, 5, 20, 10, 0)),  # IME on: 「＝」
    ("都市計画課.xlsx=令和9年5月20日 10時", "都市計画課.xlsx", datetime(2027, 5, 20, 10, 0)),
    ("都市計画課.xlsx=令和9年5月20日（木）", "都市計画課.xlsx", datetime(2027, 5, 20)),  # as status prints a day
    ("a=b.xlsx=2027-05-20", "a=b.xlsx", datetime(2027, 5, 20)),  # the last 「=」 divides
    ("２０２７－０５－２０", ALL_FILES, datetime(2027, 5, 20)),
])
def test_received_at_as_typed(typed, name, when):
    assert received_arg(typed) == (name, when)


@pytest.mark.parametrize("typed", ["a.xlsx=昭和44年6月1日 10:00", "a.xlsx=1927-05-20", "9999-12-31"])
def test_a_received_time_no_clock_can_show_is_refused_as_typed(typed):
    """昭和44年 (before 1970: Windows cannot show it and merge stopped with 「ファイルを読み書きできません」) and
    9999 are typos: refused with the range to use, never recorded."""
    import argparse

    with pytest.raises(argparse.ArgumentTypeError, match="2000年から2999年の間|扱える範囲"):
        received_arg(typed)


def test_one_file_given_two_times_is_said_not_settled_by_the_last():
    same = [("a.xlsx", datetime(2027, 5, 20)), ("a.xlsx", datetime(2027, 5, 20)), (ALL_FILES, datetime(2027, 5, 1))]
    assert one_time_per_file(same) == {"a.xlsx": datetime(2027, 5, 20), ALL_FILES: datetime(2027, 5, 1)}
    with pytest.raises(UsageError, match="a.xlsx に2つの日時（2027/05/20 00:00 と 2027/05/21 00:00）"):
        one_time_per_file([("a.xlsx", datetime(2027, 5, 20)), ("a.xlsx", datetime(2027, 5, 21))])


@pytest.mark.parametrize("argv, says", [
    (["merge", "--year", "R8"], "必須の引数がありません: PATH"),  # no inbox given: argparse
    (["merge", "nowhere", "--year", "R8"], "見つかりません"),
    (["status", "--year", "R8", "--db", "missing.db"], "受付台帳 missing.db がありません"),
    (["plan", "--plan", "missing.yaml"], "計画ファイルにエラーがあります"),
    (["contacts"], "使えない引数です: --json"),  # a command without --json: said so, as JSON too
])
def test_with_json_a_command_that_cannot_go_on_still_writes_one_document(argv, says, tmp_path, monkeypatch, capsys):
    """A script reads stdout: on exit code 2 it gets {"exit_code": 2, "error": …, "problems": […]} (stdout
    was empty), and the clerk the same message on stderr."""
    monkeypatch.chdir(tmp_path)
    code = main(argv + ["--json"])
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert code == doc["exit_code"] == 2 and says in doc["error"]
    assert says in captured.err
    if argv[:2] == ["plan", "--plan"]:
        assert [p["code"] for p in doc["problems"]] == ["P001"]


@pytest.mark.parametrize("args", [["--final"], [], ["--year", "R8"]])
def test_report_on_a_ledger_with_requests_but_no_returns_says_to_merge_first(tmp_path, monkeypatch, capsys, args):
    """`templates --db … --deadline` records the 照会 (the ledger file exists); before any return is merged,
    `report` says so — not 「指定したファイル・フォルダが見つかりません」 for a file that is there."""
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--db", "t.db", "--out", "tpl", "--deadline", "2027-05-28"]) == 0
    assert (tmp_path / "t.db").is_file()
    capsys.readouterr()
    assert main(["report", "--db", "t.db", "--out", "out", *args]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "reform-xlsx: 台帳 t.db には受け付けた回答がまだありません。先に reform-xlsx merge を実行してください。"
    assert not (tmp_path / "out").exists()


def test_a_rejected_file_of_no_section_keeps_exit_1_and_the_summary_says_why(tmp_path, plan, capsys):
    """Every section 提出済, 差し戻し 0 課 — and exit 1 on every run with no word why: a workbook that is no form
    (or the form of a section the plan no longer has) is sent back but shown under no section."""
    from reform_xlsx.plan.loading import bundled_plan_text, parse_plan

    inbox = fill_all(plan, tmp_path)
    gone, _ = parse_plan(bundled_plan_text().replace("観光課", "観光振興課"), "gone.yaml")  # a section no longer
    form = write_templates(gone, 2026, tmp_path / "gone", sections=["観光振興課"])[0]
    fill_template(form, {layout.SHEET_ITEMS: {i.id: {"進捗状況": "B 概ね計画どおり"} for i in gone.items_for("観光振興課")}},
                  inbox / "観光振興課.xlsx")
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db")]
    for _ in range(2):  # the second run changes nothing and says the same
        assert main(argv) == 1
        out = capsys.readouterr().out
        assert "差し戻し 0 課" in out and "[M005 エラー] 観光振興課.xlsx" in out
        assert "どの担当課の状況にも数えない差し戻しのファイル 1 件（観光振興課.xlsx）" in out
    code, doc = run_json([*argv, "--json"], capsys)
    assert code == 1 and doc["exit_code"] == 1 and doc["rejected_apart"] == ["観光振興課.xlsx"]
    (inbox / "観光振興課.xlsx").unlink()
    assert main(argv) == 0
    assert "どの担当課の状況にも" not in capsys.readouterr().out
    # two bad files of one section: the older is that section's too (差し戻し), not a file of no section
    for n in (1, 2):
        fill_template(write_templates(plan, 2026, tmp_path / "t2", sections=["市民課"])[0],
                      {layout.SHEET_ITEMS: {plan.items_for("市民課")[0].id: {"進捗状況": None}}},
                      inbox / f"市民課_{n}.xlsx")
    code, doc = run_json([*argv, "--json"], capsys)
    assert code == 1 and doc["rejected_apart"] == []
    assert {s["section"]: s["status"] for s in doc["sections"]}["市民課"] == "提出済"


@pytest.mark.parametrize("renamed", ["out/reform_R8.db", "台帳_令和8年度.sqlite", "out/backup/reform.db.DB"])
def test_a_renamed_ledger_stops_a_merge_from_starting_a_new_one(renamed, tmp_path, monkeypatch, capsys):
    """The clerk renamed out/reform.db: the next merge without --db started a new ledger here and rewrote out/'s
    meeting workbook without the sections whose files had left the inbox. Now it stops and names the ledger;
    status says where it is too; an explicit --db still starts a new one."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLES, tmp_path / "受信")
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    meeting = next((tmp_path / "out").glob("*推進本部会議資料.xlsx"))
    before = meeting.read_bytes()
    (tmp_path / renamed).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "out" / "reform.db").rename(tmp_path / renamed)
    assert main(["merge", "受信", "--year", "R8", "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert f"--db {Path(renamed)}" in err and "名前の違う台帳" in err
    assert meeting.read_bytes() == before and not (tmp_path / "reform.db").exists()
    assert main(["status", "--year", "R8"]) == 2
    near = len(Path(renamed).parts) <= 2  # status looks here and one folder down
    assert (f"--db {Path(renamed)}" in capsys.readouterr().err) is near
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", str(Path(renamed))]) == 1
    assert main(["merge", "受信", "--year", "R8", "--out", "new", "--db", "new.db"]) == 1  # a new one, asked for


def test_templates_and_contacts_name_a_renamed_ledger_and_merge_names_it_once(tmp_path, monkeypatch, capsys):
    """Only reform_R8.db (the ledger, renamed) here: templates made forms from the bundled plan without the earlier
    years' answers, and contacts its sections, with exit 0; now both stop (exit 2) and name it, as merge does — and
    merge --out "$PWD" names it once (it listed 「reform_R8.db、/…/reform_R8.db」)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLES, tmp_path / "受信")
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "reform_R8.db"]) == 1
    capsys.readouterr()
    assert main(["merge", "受信", "--year", "R8", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "名前の違う台帳があります（reform_R8.db）" in err and err.count("reform_R8.db") == 2  # listed, and in --db
    for argv in (["templates", "--year", "R9", "--out", "tt"], ["contacts"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "名前の違う台帳があります（reform_R8.db）" in err and "--db reform_R8.db" in err
    assert not (tmp_path / "tt").exists() and not (tmp_path / "連絡先.xlsx").exists()
    assert main(["templates", "--year", "R9", "--out", "tt", "--db", "reform_R8.db"]) == 0
    assert main(["contacts", "--db", "reform_R8.db"]) == 0


def test_a_section_with_nothing_to_answer_this_year_gets_no_form_and_is_never_missing(tmp_path, monkeypatch, capsys):
    """都市計画課's only item starts in 令和9年度: 令和8年度's form said 「0 件」 with nothing to fill in, the section was
    未提出 for good (its blank form sent back is F027) and merge exited 1 on every run."""
    import yaml

    from reform_xlsx.plan.loading import bundled_plan_text, load_plan

    monkeypatch.chdir(tmp_path)
    data = yaml.safe_load(bundled_plan_text())
    category = data["areas"][2]["categories"][1]
    for item in category["items"]:
        item["sections"] = [s for s in item["sections"] if s != "都市計画課"]
    category["items"].append({"number": len(category["items"]) + 1, "name": "立地適正化計画の見直し",
                              "content": "計画を見直す。", "actions": [{"text": "見直し", "start": "R9", "stage": "検討"}],
                              "sections": ["都市計画課"], "start": "R9"})
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plan = load_plan(tmp_path / "plan.yaml")[0]
    assert "都市計画課" in plan.sections and "都市計画課" not in plan.sections_in(2026)
    assert "都市計画課" in plan.sections_in(2027)
    assert main(["templates", "--plan", "plan.yaml", "--year", "R8", "--out", "t"]) == 0
    out = capsys.readouterr().out
    assert "担当する改革項目・KPI のない課には作っていません（未提出にもなりません）: 都市計画課" in out
    assert not list((tmp_path / "t").glob("*都市計画課*"))
    assert main(["templates", "--plan", "plan.yaml", "--year", "R8", "--out", "t1", "--section", "都市計画課"]) == 0
    assert "注意: 都市計画課は令和8年度に担当する改革項目・KPI がないため" in capsys.readouterr().out
    for form in (tmp_path / "t").glob("*.xlsx"):
        section = form.stem.rsplit("_", 1)[1]
        answers = {layout.SHEET_ITEMS: {i.id: {"進捗状況": "B 概ね計画どおり"} for i in plan.items_for(section, 2026)}}
        if plan.kpis_for(section, 2026):
            answers[layout.SHEET_KPI] = {k.id: {"実績値": k.baseline} for k in plan.kpis_for(section, 2026)}
        fill_template(form, answers, tmp_path / "in" / form.name)
    code, doc = run_json(["merge", "in", "--plan", "plan.yaml", "--year", "R8", "--out", "out", "--db", "r.db",
                          "--json"], capsys)
    assert code == 0 and "都市計画課" not in {s["section"] for s in doc["sections"]}
    assert main(["status", "--year", "R8", "--db", "r.db"]) == 0
    assert "都市計画課" not in capsys.readouterr().out
    sections = openpyxl.load_workbook(doc["outputs"]["meeting"])["担当課別"]
    assert "都市計画課" not in {c.value for row in sections.iter_rows() for c in row}


def test_a_rejected_review_sheet_is_said_as_the_office_s_own_sheet_to_fix(tmp_path, plan, capsys):
    """A 推進室評価シート with an A error was summed up as 「どの担当課の状況にも数えない…今の担当課の調査票として
    読めなかったファイル…受信フォルダから外してください」 — although it came with --review and read well as a review sheet."""
    inbox = fill_all(plan, tmp_path)
    argv = ["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db")]
    assert main(argv) == 0
    capsys.readouterr()
    wb = openpyxl.load_workbook(tmp_path / "out" / "令和8年度_推進室評価シート.xlsx")
    ws = wb[layout.SHEET_REVIEW]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "ID")
    grade = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "推進室評価")
    ws.cell(header + 1, grade).value = "Z"
    wb.save(tmp_path / "評価.xlsx")
    assert main([*argv, "--review", str(tmp_path / "評価.xlsx")]) == 1
    out = capsys.readouterr().out
    assert "[A001 エラー] 評価.xlsx" in out and "どの担当課の状況にも" not in out
    assert "読み込めなかった推進室評価シート 1 件（評価.xlsx）: 上の指摘事項の箇所を直して保存し、もう一度 merge で" in out
    code, doc = run_json([*argv, "--review", str(tmp_path / "評価.xlsx")], capsys)
    assert (code, doc["rejected_apart"], doc["rejected_reviews"]) == (1, [], ["評価.xlsx"])
    ws.cell(header + 1, grade).value = "A 計画どおり"
    wb.save(tmp_path / "評価2.xlsx")
    code, doc = run_json([*argv, "--review", str(tmp_path / "評価2.xlsx")], capsys)
    assert (code, doc["rejected_reviews"]) == (0, [])


def test_a_rerun_names_its_outputs_as_the_first_run_did(workdir, capsys):
    """A merge again with nothing new writes nothing and lists the outputs as they are: it listed them by the ledger's
    absolute paths (「/home/…/out/令和8年度_受付結果.xlsx」) where the run that wrote them had said 「out/…」."""
    shutil.copytree(SAMPLES, workdir / "受信")
    argv = ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]

    def listed() -> tuple[str, list[str]]:
        assert main(argv) == 1  # (the samples hold a file sent back)
        printed = capsys.readouterr().out
        return printed, printed.split("\n出力:\n", 1)[1].split("\n\n", 1)[0].splitlines()

    _, first = listed()
    again, second = listed()
    assert "出力は書き直していません" in again
    assert second == first and len(first) >= 5
    assert all(line.strip().startswith(str(Path("out")) + os.sep) for line in first)
