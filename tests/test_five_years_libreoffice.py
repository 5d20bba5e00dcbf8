"""Five years with the plan revised in Excel by the office: each year the plan master is exported, the
revision typed into it in LibreOffice Calc (through UNO, as a person types), imported with its diff,
then the 調査票 are made and the returns merged (tests/five_years.py says what and why).

Every year's KPI 判定 is checked against fixed values; 令和8・9年度 are judged the same after the
令和10年度 revision; a renamed section's answers come back in its new 調査票 and a return on its old
one is read as the new section's; the merged section keeps both histories; the last year has the
plan period in one view; the master and the new sheets print at 8 pt or more."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pytest

import five_years as fy
from lo_fill import fill, require_uno
from pdf_measure import measure_pdf, render_pdf
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.templates.fill import cell_map
from reform_xlsx.wareki import format_fiscal_year

pytestmark = pytest.mark.libreoffice


def _json(argv: list[str]) -> tuple[int, dict]:
    """Run a command with --json; its exit code and document."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(argv + ["--json"])
    return code, json.loads(out.getvalue())


def _sheet(path: Path, sheet: str) -> tuple[list[list[object]], dict[str, int]]:
    """A sheet's rows and its header (label → column) under the row whose first cell is an ID label."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(n for n, r in enumerate(rows) if r and r[0] in ("KPI ID", "ID"))
    return rows[header + 1:], {v: n for n, v in enumerate(rows[header]) if v}


def _judgements(packet: Path) -> dict[str, str]:
    rows, header = _sheet(packet, "KPI達成状況")
    return {r[0]: r[header["判定"]] for r in rows if r[0]}


def _packet(folder: Path) -> Path:
    return next(folder.glob("*推進本部会議資料.xlsx"))


def _template(folder: Path, year: int, section: str) -> Path:
    return folder / outputs.template(load_plan()[0].words, year, section)


def _locked(path: Path, sheet: str, row_id: str, label: str) -> object:
    wb = openpyxl.load_workbook(path)
    id_label = layout.ID_LABEL_KPI if sheet == layout.SHEET_KPI else layout.ID_LABEL_ITEMS
    cells = cell_map(wb[sheet], id_label)
    key = (row_id, layout.normalise_label(label))
    return wb[sheet][cells[key]].value if key in cells else None


@pytest.fixture(scope="module")
def five_years(soffice, tmp_path_factory):
    """The five years, run once: what Calc stored for each revision typed (``typed``), each import's and
    each merge's --json document (``imports``, ``merges``: (exit code, document)), the folder and ledger."""
    require_uno()
    root = tmp_path_factory.mktemp("five-years")
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    seen: dict = {"imports": {}, "typed": {}, "merges": {}}
    db = root / "reform.db"
    try:
        for year in fy.YEARS:
            r = f"R{year - 2018}"
            if year == 2027:  # 税務課's 調査票 made before the revision
                assert main(["templates", "--year", r, "--section", fy.RENAMED, "--out", "old"]) == 0
            if year in (2027, 2028, 2029):
                assert main(["plan", "export", f"計画{year}.xlsx"]) == 0
                edits = fy.master_edits(root / f"計画{year}.xlsx", year)
                seen["typed"][year] = fill(root / f"計画{year}.xlsx", root / f"計画{year}_改訂.xlsx", edits,
                                           soffice=soffice)
                code, seen["imports"][year] = _json(["plan", "import", f"計画{year}_改訂.xlsx"])
                assert code == 0
            assert main(["templates", "--year", r, "--out", f"調査票{year}"]) == 0
            plan = ledger_plan(db, None, year) if db.exists() else load_plan()[0]
            skip = (fy.NEW_NAME,) if year == 2027 else ()
            fy.fill_all(plan, root / f"調査票{year}", root / f"受信{year}", year, skip)
            if year == 2027:
                fy.fill_all(ledger_plan(db, None, 2026), root / "old", root / f"受信{year}", year)
            seen["merges"][year] = _json(["merge", f"受信{year}", "--year", r, "--out", f"出力{year}"]
                                         + (["--pdf"] if year == 2030 else []))
        assert main(["report", "--year", "R9", "--out", "再集計R9"]) == 0
        assert main(["report", "--final", "--year", "R11", "--out", "総括R11"]) == 0
    finally:
        mp.undo()
    seen["root"], seen["db"] = root, db
    return seen


def test_the_revisions_typed_in_calc_and_their_diff(five_years):
    typed = five_years["typed"]
    info = fy.Master(five_years["root"] / "計画2027.xlsx")
    version_cell = info.cell("info", "項目", "版", "値")
    assert typed[2027]["計画情報"][version_cell] == ["TEXT", "2027-03"]  # typed 2027-03 stays a 版, not a date
    k10 = fy.Master(five_years["root"] / "計画2028.xlsx").cell("kpis", "KPI ID", "K10", "目標値")
    assert typed[2028]["KPI"][k10] == ["VALUE", 300000000.0]
    changes = {year: {(c["kind"], c["subject"].split()[0]) for c in doc["changes"]}
               for year, doc in five_years["imports"].items()}
    assert {("組織改正", "税務課"), ("改革項目の終了", "1-1-4"), ("報告課の変更", "K05")} <= changes[2027]
    assert {("目標値の変更", "K10"), ("改革項目の追加", "2-2-11"), ("KPI の追加", "K14"),
            ("実施時期の変更", "1-1-2")} <= changes[2028]
    assert {("組織改正", "DX推進課・秘書政策課"), ("KPI の廃止", "K09"), ("担当課の変更", "2-1-1")} <= changes[2029]
    assert all(doc["stored"] for doc in five_years["imports"].values())
    assert five_years["imports"][2027]["plan"]["effective_year"] == "令和9年度"


def test_every_years_judgements(five_years):
    for year in fy.YEARS:
        code, doc = five_years["merges"][year]
        assert code == 0, (year, [f["issues"] for f in doc["files"] if f["issues"]])
        assert _judgements(Path(doc["outputs"]["meeting"])) == fy.EXPECTED[year], year
    # 令和9年度 made again after the 令和10年度 revision: K10 still judged against 2.5億
    assert _judgements(_packet(five_years["root"] / "再集計R9")) == fy.EXPECTED[2027]


def test_the_renamed_section_and_a_return_on_its_old_template(five_years):
    root = five_years["root"]
    _, doc = five_years["merges"][2027]
    old = next(f for f in doc["files"] if f["section"] == fy.NEW_NAME)
    assert old["name"].endswith(f"_{fy.RENAMED}.xlsx") and old["status"] == "accepted"
    assert [i["code"] for i in old["issues"]] == ["M009"]
    assert {s["section"]: s["status"] for s in doc["sections"]}[fy.NEW_NAME] == "提出済"
    new = _template(root / "調査票2027", 2027, fy.NEW_NAME)  # last year's answers of 税務課, in 収納課's 調査票
    assert _locked(new, layout.SHEET_ITEMS, "1-1-6", "令和8年度 進捗状況") == fy.grade(5, 2026)
    assert _locked(new, layout.SHEET_KPI, "K05", "令和8年度 実績値") == pytest.approx(0.70)
    assert _locked(_template(root / "調査票2027", 2027, "財政課"), layout.SHEET_ITEMS, fy.ENDED_ITEM, "ID") is None


def test_what_the_revision_of_r10_shows(five_years):
    root = five_years["root"]
    schedule = _locked(_template(root / "調査票2028", 2028, "人事行政課"), layout.SHEET_ITEMS, "1-1-2", "実施時期")
    assert schedule == "令和8～9年度 検討\n▶令和10年度～ 実施"
    zaisei = _template(root / "調査票2028", 2028, "財政課")
    assert _locked(zaisei, layout.SHEET_ITEMS, fy.NEW_ITEM, "実施時期") == "▶令和10年度～ 実施"
    assert _locked(zaisei, layout.SHEET_KPI, fy.NEW_KPI, "指標名") == "公用車の保有台数"
    assert _locked(_template(root / "調査票2028", 2028, "特命担当"), layout.SHEET_KPI, "K10", "目標値(R12)") == 300000000
    packet = _packet(root / "出力2028")
    rows, header = _sheet(packet, "KPI達成状況")
    k10 = next(r for r in rows if r[0] == "K10")
    assert k10[header["指標名"]].startswith("【改訂】")
    assert (k10[header["目標値\n令和12年度"]], k10[header["当初の\n目標値"]]) == (300000000, 250000000)
    wb = openpyxl.load_workbook(packet)
    texts = [" ".join(str(v) for v in r if v) for r in wb["計画の見直し"].iter_rows(values_only=True)]
    assert any(t.startswith("版 2027-03　令和9年度から（改訂日 令和9年3月10日）") for t in texts)
    assert any("目標値の変更 K10 ふるさと納税による寄附額 250,000,000円 300,000,000円" in t for t in texts)


def test_the_merged_section_keeps_both_histories(five_years):
    root = five_years["root"]
    merged = _template(root / "調査票2029", 2029, fy.MERGED_INTO)
    ids = [i.id for i in load_plan()[0].items]
    for item_id in ("1-2-1", "2-1-1"):  # once DX推進課's, once 秘書政策課's
        assert _locked(merged, layout.SHEET_ITEMS, item_id, "令和10年度 進捗状況") == fy.grade(ids.index(item_id), 2028)
    assert _locked(_template(root / "調査票2029", 2029, "財政課"), layout.SHEET_KPI, fy.RETIRED_KPI, "KPI ID") is None
    with Ledger(five_years["db"]) as ledger:
        uses = {(u["kind"], u["year"]): u["version"] for u in ledger.plan_uses()}
    assert [uses[("merge", y)] for y in fy.YEARS] == ["2026-02", "2027-03", "2028-03", "2029-03", "2029-03"]


def test_the_plan_period_in_one_view(five_years):
    root = five_years["root"]
    _, doc = five_years["merges"][2030]
    packet = Path(doc["outputs"]["meeting"])
    wb = openpyxl.load_workbook(packet, data_only=True)
    assert wb.sheetnames[3:5] == ["計画期間の総括", "計画期間の改革項目"]
    rows = [list(r) for r in wb["計画期間の総括"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "KPI ID")
    series = {r[0]: dict(zip(header, r)) for r in rows if r[0] and str(r[0]).startswith("K")}
    assert [series["K05"][format_fiscal_year(y)] for y in fy.YEARS] == pytest.approx(list(fy.ACTUALS["K05"]))  # renamed
    assert (series["K10"]["目標値\n令和12年度"], series["K10"]["当初の\n目標値"]) == (300000000, 250000000)
    assert [series["K09"][format_fiscal_year(y)] for y in fy.YEARS] == [1, 1, 2, "－", "－"]
    assert series["K13"]["判定"] == "達成"
    total = next(r for r in rows if r[1] == "合計")  # 財政効果額: each year as that year's own 総括 summed it
    summary = [list(r) for r in wb["総括"].iter_rows(values_only=True)]
    by_year = [next(r for r in summary if r[0] == format_fiscal_year(y))[-1] for y in fy.YEARS]
    assert total[4:10] == [*by_year, sum(by_year)] and min(by_year) > 0
    items = [list(r) for r in wb["計画期間の改革項目"].iter_rows(values_only=True)]
    by_row = {(r[0], r[2]): r[4:9] for r in items if r[0] and "-" in str(r[0])}
    assert by_row[("2-1-1", fy.MERGED_INTO)] == [fy.grade(_index("2-1-1"), y)[0] for y in fy.YEARS]  # ex-秘書政策課
    assert by_row[("1-1-6", fy.NEW_NAME)] == [fy.grade(_index("1-1-6"), y)[0] for y in fy.YEARS]  # ex-税務課
    assert by_row[(fy.ENDED_ITEM, "財政課")] == [fy.grade(_index(fy.ENDED_ITEM), 2026)[0], "－", "－", "－", "－"]
    assert by_row[(fy.NEW_ITEM, "財政課")][:2] == ["－", "－"]
    assert _packet(root / "総括R11") and "計画期間の総括" in openpyxl.load_workbook(_packet(root / "総括R11")).sheetnames


def _index(item_id: str) -> int:
    return [i.id for i in load_plan()[0].items].index(item_id)


def test_the_master_and_the_new_sheets_print_at_8pt(five_years, tmp_path):
    root = five_years["root"]
    master = root / "計画2029_改訂.xlsx"
    doc = measure_pdf(render_pdf(master, tmp_path), master)
    problems = [p for p in doc.problems(8.0) if "sparse page" not in p or "組織改正" not in p]
    assert problems == [], problems
    _, merged = five_years["merges"][2030]
    packet = measure_pdf(Path(merged["outputs"]["pdf"]), Path(merged["outputs"]["meeting"]))
    assert packet.problems(8.0) == []
    assert {"計画期間の総括", "計画期間の改革項目", "計画の見直し"} <= {p.sheet for p in packet.pages}
