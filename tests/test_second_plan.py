"""A second, unlike plan (tests/plans/minamiyama.yaml) through templates and merge, two years across
平成→令和: its own words everywhere, its shapes (an item without a section, a KPI without a
baseline, long grade labels), the ledger keeping it, and the settings file that names it.
The LibreOffice half (filling in Calc, PDF, recalculation) is test_second_plan_libreoffice.py."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.form.content import grade_width
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.plan.loading import BUNDLED_PLAN, bundled_plan_text
from reform_xlsx.plan.model import UNASSIGNED
from reform_xlsx.report.model import NOT_ASKED
from reform_xlsx.wareki import format_period
from second_plan import MISSING, PLAN_FILE, UNASSIGNED_ITEM, fill_year, second_plan
from sheet_reader import Table

SRC = Path(__file__).parent.parent / "src" / "reform_xlsx"


@pytest.fixture
def city(workdir):
    """A city's working folder: its plan file and reform-xlsx.toml naming the plan and the ledger."""
    (workdir / "計画").mkdir()
    (workdir / "計画" / "行財政改革.yaml").write_text(PLAN_FILE.read_text("utf-8"), encoding="utf-8")
    (workdir / "reform-xlsx.toml").write_text('plan = "計画/行財政改革.yaml"\nledger = "台帳/reform.db"\n',
                                              encoding="utf-8")
    return workdir


def run_json(argv, capsys) -> tuple[int, dict]:
    code = main(argv + ["--json"])
    return code, json.loads(capsys.readouterr().out)


def year_of_returns(folder: Path, year: str, western: int, capsys, skip=()) -> tuple[int, dict]:
    """templates → filled returns → merge, for one year, as the city runs it (no --plan, no --db)."""
    assert main(["templates", "--year", year, "--out", str(folder / f"調査票{western}")]) == 0
    capsys.readouterr()
    plan = second_plan()
    templates = sorted((folder / f"調査票{western}").glob("*.xlsx"))
    fill_year(plan, templates, folder / f"受信{western}", western, skip)
    return run_json(["merge", str(folder / f"受信{western}"), "--year", year, "--out", str(folder / f"出力{western}"),
                     "--public"], capsys)


def test_it_loads_in_its_own_words_and_shapes():
    plan = second_plan()
    w = plan.words
    assert (w.city, w.reform, w.title, w.area, w.category, w.item) == (
        "南山市", "行財政改革", "行財政改革実施計画", "柱", "施策", "取組")
    assert w.meeting == "行財政改革推進本部会議" and w.with_city(plan.name) == plan.name
    assert (plan.start_year, plan.end_year, plan.baseline_year) == (2018, 2021, 2017)
    assert format_period(plan.start_year, plan.end_year) == "平成30年度～令和3年度"
    assert [i.id for i in plan.unassigned_items] == [UNASSIGNED_ITEM] and len(plan.areas) == 5
    assert plan.kpi("M4").baseline is None and plan.kpi("M4").direction == "増加"
    assert plan.kpi("M1").yearly_targets == {2018: 0.05, 2019: 0.12, 2020: 0.2}
    assert plan.item("1-1-2").start == 2019  # written R1: the first 令和 year


def test_no_source_file_names_the_bundled_city_or_its_reform():
    """The bundled plan file is the one place its words live; the code says the plan's words."""
    found = [f"{p.relative_to(SRC)}: {word}" for p in sorted(SRC.rglob("*")) if p.is_file() and p.suffix != ".pyc"
             and p.name != BUNDLED_PLAN for word in ("二本松", "市政改革") if word in p.read_text("utf-8")]
    assert found == []
    assert "二本松市" in bundled_plan_text() and "市政改革" in bundled_plan_text()


def test_templates_say_the_plans_words_and_leave_out_the_unassigned_item(city, capsys):
    plan = second_plan()
    assert main(["templates", "--year", "平成30年度", "--out", "調査票"]) == 0
    out = capsys.readouterr().out
    assert "計画: 南山市行財政改革実施計画" in out and str(Path("計画") / "行財政改革.yaml") in out
    names = sorted(p.name for p in (city / "調査票").iterdir())
    assert names == sorted(outputs.template(plan.words, 2018, s) for s in plan.sections)
    assert names[0].startswith("平成30年度_行財政改革取組状況調査票_")
    wb = openpyxl.load_workbook(city / "調査票" / outputs.template(plan.words, 2018, "企画課"))
    guide = [c.value for row in wb[layout.SHEET_GUIDE].iter_rows() for c in row if isinstance(c.value, str)]
    assert guide[0] == "平成30年度 行財政改革取組状況調査票　記入要領"
    assert any("南山市行財政改革推進本部に報告し、南山市行財政改革懇話会の意見を聴いて" in t for t in guide)
    assert any("「基準値」が空欄の KPI" in t for t in guide)  # 企画課 reports M4, which has no baseline
    items = wb[layout.SHEET_ITEMS]
    header = [c.value for c in items[layout.HEADER_ROW + 1]]
    assert "取組" in header and "改革項目" not in header
    grade_col = header.index("進捗状況") + 1
    assert items.column_dimensions[openpyxl.utils.get_column_letter(grade_col)].width >= 18  # 「B 一部実施（遅れあり）」
    kpi = {r[0]: r for r in wb[layout.SHEET_KPI].iter_rows(min_row=layout.HEADER_ROW + 2, values_only=True)}
    kpi_header = [c.value for c in wb[layout.SHEET_KPI][layout.HEADER_ROW + 1]]
    assert kpi["M4"][kpi_header.index("基準値(H29)")] is None  # measured from its first report
    assert kpi["M4"][kpi_header.index("年度目標値\n※は参考（按分）")] is None
    for path in (city / "調査票").iterdir():  # 担当課未定 has no 調査票 and no row
        ids = [r[0] for r in openpyxl.load_workbook(path)[layout.SHEET_ITEMS].iter_rows(
            min_row=layout.HEADER_ROW + 2, values_only=True)]
        assert UNASSIGNED_ITEM not in ids


def test_two_years_across_heisei_and_reiwa(city, capsys):
    """平成30年度 then 令和元年度: 判定 with fixed expected values (M4 measured from its first report),
    the unassigned item shown and not counted, the year before's columns across the eras."""
    plan = second_plan()
    code, doc = year_of_returns(city, "H30", 2018, capsys, skip=(MISSING,))
    assert code == 1 and doc["plan"]["id"] == plan.id
    assert Path(doc["outputs"]["meeting"]).name == "平成30年度_行財政改革推進本部会議資料.xlsx"
    assert Path(doc["outputs"]["public_csv_items"]).name == "平成30年度_行財政改革取組状況_公表用_取組.csv"
    assert (city / "台帳" / "reform.db").is_file()  # where reform-xlsx.toml said
    wb = openpyxl.load_workbook(doc["outputs"]["meeting"], data_only=True)
    assert "取組一覧" in wb.sheetnames
    kpis = Table(wb["KPI達成状況"], "KPI ID")
    # H30: e = (2018 − 2017)/(2021 − 2017) = 25 %; M4 is in its first year (p = e = 0).
    assert kpis.column("判定") == {"M1": "遅れ", "M2": "順調", "M3": "遅れ", "M4": "順調", "M5": "順調"}
    assert kpis.value("M4", "基準値") == 3 and kpis.value("M4", "進捗率") == 0
    items = Table(wb["取組一覧"], "ID")
    assert (items.value(UNASSIGNED_ITEM, "担当課"), items.value(UNASSIGNED_ITEM, "進捗状況")) == (UNASSIGNED, NOT_ASKED)
    total = Table(wb["総括"], "柱", header_rows=2)
    answered_rows = sum(len(i.sections) for i in plan.items if i.active_in(2018))
    missing_rows = len(plan.items_for(MISSING, 2018))
    assert total.value("合計", "未回答") == missing_rows  # 担当課未定 is not a question no one answered
    assert sum(total.value("合計", f"{g.code}") for g in plan.grades) == answered_rows - missing_rows
    cover = [c.value for row in wb["表紙"].iter_rows() for c in row if isinstance(c.value, str)]
    assert cover[:3] == ["南山市行財政改革実施計画", "平成30年度　行財政改革の取組状況", "南山市行財政改革推進本部 資料"]

    # KPI推移: M1's line is the plan's own yearly targets, the others 参考; the years in the era's words;
    # M4's long name takes two lines of title, its plot starts lower.
    with zipfile.ZipFile(doc["outputs"]["meeting"]) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    def title(xml: str) -> str:  # the chart's title, its lines joined (a long name is broken: 「…協議会の数」「（累計）…」)
        runs = re.findall(r"<a:t>([^<]*)</a:t>", re.search(r"<c:title>.*?</c:title>", xml, re.S).group(0))
        return "".join(runs).replace("\n", "")

    trend = {k.id: next(c for c in charts if "<c:v>実績値</c:v>" in c and title(c).startswith(f"{k.label}（"))
             for k in plan.kpis}
    assert "<c:v>年度目標値</c:v>" in trend["M1"]
    assert all("<c:v>年度目標値（参考）</c:v>" in trend[k] for k in ("M2", "M3", "M4", "M5"))
    plot_top = {k: float(re.search(r'<c:plotArea><c:layout><c:manualLayout>.*?<c:y val="([^"]+)"', xml,
                                   re.S).group(1)) for k, xml in trend.items()}
    assert plot_top["M4"] > plot_top["M1"] == plot_top["M2"]

    # The committee is named as the kind of body the plan's is (懇話会), never the bundled city's 推進委員会.
    csv_header = Path(doc["outputs"]["public_csv_items"]).read_text("utf-8-sig").splitlines()[0]
    assert "懇話会意見" in csv_header and "推進委員会" not in csv_header

    # The 推進室評価シート merge wrote, with a word on the 担当課未定 row, is read back as written; a sheet
    # written before the committee's column took the plan's word (「推進委員会意見」) is read as well.
    review = Path(doc["outputs"]["review"])
    wb = openpyxl.load_workbook(review)
    sheet = wb[layout.SHEET_REVIEW]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str))
    assert "懇話会意見" in text and "推進委員会" not in text
    rows = Table(sheet, "ID")
    for label in ("進捗状況（課）", "推進室評価"):  # the plan's longest grade 「A 実施（取組開始）」 wraps onto two
        letter = next(c.column_letter for c in sheet[rows.header] if c.value == label)  # lines: the sheet prints at 8 pt
        assert grade_width(plan) > layout.REVIEW_GRADE_WIDTH == int(sheet.column_dimensions[letter].width), label
        assert sheet[f"{letter}{rows.header + 1}"].alignment.wrap_text, label
    rows.cell(UNASSIGNED_ITEM, "推進室コメント").value = "担当課を決めてください"
    rows.cell(UNASSIGNED_ITEM, "懇話会意見").value = "早く決めること"
    next(c for c in sheet[rows.header] if c.value == "懇話会意見").value = "推進委員会意見"
    wb.save(city / "評価.xlsx")
    code, doc = run_json(["merge", str(city / "受信2018"), "--year", "H30", "--out", str(city / "出力2018"),
                          "--review", str(city / "評価.xlsx")], capsys)
    sheet = next(f for f in doc["files"] if f["name"] == "評価.xlsx")
    assert sheet["status"] == "accepted" and not sheet["issues"]
    with Ledger(city / "台帳" / "reform.db") as ledger:
        words = ledger.answers([2018])
    said = words[(words["id"] == UNASSIGNED_ITEM) & (words["section"] == UNASSIGNED) & (words["field"] == "office_comment")]
    assert list(said["value"]) == ["担当課を決めてください"]
    said = words[(words["id"] == UNASSIGNED_ITEM) & (words["field"] == "committee_opinion")]
    assert list(said["value"]) == ["早く決めること"]

    code, doc = year_of_returns(city, "R1", 2019, capsys)
    assert code == 0, [f["issues"] for f in doc["files"] if f["issues"]]
    wb = openpyxl.load_workbook(doc["outputs"]["meeting"], data_only=True)
    kpis = Table(wb["KPI達成状況"], "KPI ID")
    # R1: e = 50 %; M1 the plan's own target 12 %; M4 from its H30 baseline 3: e = 1/3, p = (6 − 3)/(12 − 3) = 1/3.
    assert kpis.column("判定") == {"M1": "概ね順調", "M2": "遅れ", "M3": "遅れ", "M4": "順調", "M5": "遅れ"}
    assert kpis.value("M4", "年度目標値") == pytest.approx(6) and kpis.value("M4", "進捗率") == pytest.approx(1 / 3)
    assert kpis.value("M1", "年度目標値") == pytest.approx(0.12)
    header = [c.value for c in wb["取組一覧"][Table(wb["取組一覧"], "ID").header]]
    assert "前年度\n平成30年度" in header  # the year before, across the eras
    kpi_csv = Path(doc["outputs"]["public_csv_kpis"]).read_text("utf-8-sig").splitlines()
    m4 = dict(zip(kpi_csv[0].split(","), next(r for r in kpi_csv if ",M4," in r).split(",")))
    assert (m4["基準年度（和暦）"], m4["基準値"], m4["基準値の種別"], m4["判定"]) == ("平成30年度", "3", "初回の実績", "順調")


def test_the_ledger_keeps_its_plan(city, capsys):
    """Recorded by the first merge; used without --plan; another plan or a revision is refused, naming both."""
    plan = second_plan()
    year_of_returns(city, "H30", 2018, capsys)
    db = city / "台帳" / "reform.db"
    with Ledger(db) as ledger:
        record = ledger.plan_record()
    assert (record.plan_id, record.version, record.text) == (plan.id, plan.version, PLAN_FILE.read_text("utf-8"))
    (city / "reform-xlsx.toml").unlink()  # from now on only the ledger knows the plan

    code, doc = run_json(["status", "--year", "H30", "--db", str(db)], capsys)
    assert [s["section"] for s in doc["sections"]] == list(plan.sections) and doc["plan"]["id"] == plan.id
    assert main(["templates", "--year", "R1", "--db", str(db), "--out", "t"]) == 0
    assert "台帳" in capsys.readouterr().out
    assert sorted(p.name for p in (city / "t").iterdir()) == sorted(
        outputs.template(plan.words, 2019, s) for s in plan.sections)

    bundled = city / BUNDLED_PLAN
    bundled.write_text(bundled_plan_text(), encoding="utf-8")
    assert main(["status", "--year", "H30", "--db", str(db), "--plan", str(bundled)]) == 2
    err = capsys.readouterr().err
    assert "[L010]" in err and "「南山市行財政改革実施計画」" in err and "「第2次二本松市市政改革推進行動計画」" in err
    revised = city / "改訂.yaml"
    revised.write_text(PLAN_FILE.read_text("utf-8").replace("target: 12", "target: 15"), encoding="utf-8")
    assert main(["merge", str(city / "受信2018"), "--year", "H30", "--db", str(db), "--plan", str(revised)]) == 2
    err = capsys.readouterr().err
    assert "[L011]" in err and "改訂.yaml" in err and "--plan（または reform-xlsx.toml の plan）を外して" in err
    commented = city / "注記.yaml"  # the same plan with a comment: the same plan
    commented.write_text("# 注記\n" + PLAN_FILE.read_text("utf-8"), encoding="utf-8")
    assert main(["status", "--year", "H30", "--db", str(db), "--plan", str(commented)]) == 0

    # A ledger from before plans were recorded: its templates' plan ID still keeps another plan out.
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM plans")
    assert main(["status", "--year", "H30", "--db", str(db)]) == 2  # the bundled plan is not taken silently
    assert "[L012]" in capsys.readouterr().err


def test_settings_file_and_environment(city, capsys, monkeypatch):
    monkeypatch.setenv("REFORM_XLSX_DB", str(city / "別の台帳.db"))  # the environment over the file
    assert main(["plan"]) == 0
    assert "南山市行財政改革実施計画" in capsys.readouterr().out
    year_of_returns(city, "H30", 2018, capsys)
    assert (city / "別の台帳.db").is_file() and not (city / "台帳").exists()
    for text, code, says in (('plan = "計画/行財政改革.yaml"\nledgr = "x.db"\n', "C002", "「ledger」の誤りではありませんか"),
                             ("plan = [1]\n", "C003", '（例: plan = "計画/行財政改革実施計画.yaml"）'),
                             ("ledger = 3\n", "C003", '（例: ledger = "台帳/reform.db"）'), ("plan = \n", "C001", "TOML")):
        (city / "reform-xlsx.toml").write_text(text, encoding="utf-8")
        assert main(["status", "--year", "H30"]) == 2
        err = capsys.readouterr().err
        assert f"[{code} エラー]" in err and "reform-xlsx.toml" in err and says in err
    # a ledger the settings name that is not there: the settings said, not a --db nobody typed
    (city / "reform-xlsx.toml").write_text('ledger = "台帳/無い台帳.db"\n', encoding="utf-8")
    monkeypatch.delenv("REFORM_XLSX_DB")
    assert main(["status", "--year", "H30"]) == 2
    err = capsys.readouterr().err
    assert "reform-xlsx.toml の ledger のパスを確かめてください" in err and "--db" not in err
    monkeypatch.setenv("REFORM_XLSX_DB", str(city / "無い.db"))
    assert main(["status", "--year", "H30"]) == 2
    assert "環境変数 REFORM_XLSX_DB のパスを確かめてください" in capsys.readouterr().err


@pytest.mark.parametrize("committee, role", [
    ("二本松市行政改革推進委員会", "推進委員会"), ("南山市行財政改革懇話会", "懇話会"), ("東谷町町政改革審議会", "審議会"),
    ("行政改革懇談会", "懇談会"), ("行財政改革市民会議", "会議"), ("外部評価委員会", "委員会"), ("", "委員会"),
    ("有識者の集まり", "委員会"),
])
def test_the_committee_is_named_as_the_kind_of_body_it_is(committee, role):
    words = replace(second_plan().words, committee=committee)
    assert words.committee_role == role


def test_an_item_that_started_this_year_is_not_said_to_have_had_no_answer():
    """概要: 「令和元年度から」 for an item the plan starts in 令和元年度, 「前年度 回答なし」 only for one that ran."""
    from types import SimpleNamespace

    from reform_xlsx.report.overview import _no_grade_before

    plan = second_plan()
    data = SimpleNamespace(plan=plan, previous_year=2018)
    assert plan.item("1-1-2").start == 2019 and plan.item("1-1-1").active_in(2018)
    assert _no_grade_before(data, SimpleNamespace(item_id="1-1-2")) == "　令和元年度から"
    assert _no_grade_before(data, SimpleNamespace(item_id="1-1-1")) == "　前年度 回答なし"


def test_the_request_mail_names_the_items_in_the_plans_word(tmp_path):
    from reform_xlsx.mail.drafts import request_draft

    plan = second_plan()
    draft = request_draft(plan, 2018, "企画課", tmp_path / "調査票.xlsx", directory=None, deadline=None, contact=None)
    count = len(plan.items_for("企画課", 2018))
    assert f"この課が担当する取組 {count} 件の進捗状況" in draft.body and "改革項目" not in draft.body


def test_contacts_lists_the_citys_sections_from_its_settings_then_its_ledger(city, capsys):
    """`contacts` without --plan: the plan of reform-xlsx.toml, and once only the ledger knows the plan, the
    ledger's — never the bundled city's sections (their mail drafts would have had no addresses)."""
    from reform_xlsx.mail import read_directory

    plan = second_plan()
    assert main(["contacts"]) == 0
    assert plan.name in capsys.readouterr().out  # which plan it used
    listed = sorted(read_directory(city / outputs.DEFAULT_CONTACTS, plan).contacts)
    assert listed == sorted(plan.sections)
    year_of_returns(city, "H30", 2018, capsys)
    (city / "reform-xlsx.toml").unlink()
    (city / outputs.DEFAULT_CONTACTS).unlink()
    assert main(["contacts", "--db", str(city / "台帳" / "reform.db")]) == 0
    assert plan.name in capsys.readouterr().out
    listed = sorted(read_directory(city / outputs.DEFAULT_CONTACTS, plan).contacts)
    assert listed == sorted(plan.sections)


@pytest.mark.parametrize("data, plan, says", [
    # メモ帳「UTF-8 (BOM 付き)」, PowerShell 5 Out-File: read as written
    ("\ufeffplan = \"計画/南山市.yaml\"\r\n".encode(), "計画/南山市.yaml", None),
    ('plan = "C:/計画/南山市.yaml"\n'.encode(), "C:/計画/南山市.yaml", None),  # a Windows path with /
    ("plan = 'C:\\計画\\南山市.yaml'\n".encode(), "C:\\計画\\南山市.yaml", None),  # or in single quotes
    # a Windows path in double quotes: TOML reads \計 as an escape; said how to write it
    ('plan = "C:\\計画\\南山市.yaml"\n'.encode(), None, "一重引用符で囲んでください"),
    (b'plan = "C:\\new\\a.yaml"\n', None, "「/」に変えるか"),
    # escapes TOML reads without error: 「\r」「\t」 made a ledger named with a CR
    (b'plan = "D:\\reform\\new.yaml"\n', None, "制御文字が入りました"),
    (b'ledger = "D:\\tmp\\r.db"\n', None, "一重引用符で囲んでください"),
    ('plan = "計画.yaml"\r\n'.encode("cp932"), None, "UTF-8 にして保存し直してください"),  # Shift_JIS
])
def test_a_settings_file_as_windows_writes_it(tmp_path, data, plan, says):
    from reform_xlsx.settings import SettingsError, load_settings

    (tmp_path / "reform-xlsx.toml").write_bytes(data)
    if says is None:
        found = load_settings(tmp_path, environ={}).plan
        assert found == (Path(plan) if Path(plan).is_absolute() else tmp_path / plan)
        return
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, environ={})
    assert says in str(caught.value) and "reform-xlsx.toml" in str(caught.value)
