"""A fourth municipality's plan (tests/fourth_plan.py: 西浜町, written through the 計画マスター) run through two
years and a revision as its office runs it: skeleton → plan export → master → plan import, templates, returns,
merge --public, plan export → revised master → plan import, the second year's templates and merge."""

from __future__ import annotations

import csv
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

import fourth_plan as fp
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.templates.changes import year_changes
from reform_xlsx.templates.fill import fill_template

GRADE = {2019: "A 順調", 2020: "B やや遅れ"}


def _fill_year(templates: Path, inbox: Path, year: int) -> None:
    """Every section's form filled: a grade and texts per item, the year's actual for each KPI it reports."""
    inbox.mkdir()
    for path in sorted(templates.glob("*.xlsx")):
        ws = openpyxl.load_workbook(path)
        items = [r[0] for r in ws[layout.SHEET_ITEMS].iter_rows(min_row=5, values_only=True) if r[0]]
        kpis = ([r[0] for r in ws[layout.SHEET_KPI].iter_rows(min_row=5, values_only=True) if r[0]]
                if layout.SHEET_KPI in ws.sheetnames else [])
        answers = {layout.SHEET_ITEMS: {i: {"進捗状況": GRADE[year], "取組実績": f"{i}を進めた。",
                                            "課題・今後の方針": "続ける。"} for i in items}}
        if kpis:
            answers[layout.SHEET_KPI] = {k: {"実績値": fp.ACTUALS[year][k], "算出根拠・備考": "年度末"} for k in kpis}
        fill_template(path, answers, inbox / path.name)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The office's folder after both years (its own ledger, named in reform-xlsx.toml as docs/adopting.md says)."""
    folder = tmp_path_factory.mktemp("nishihama")
    before = Path.cwd()
    os.chdir(folder)
    try:
        (folder / "reform-xlsx.toml").write_text('ledger = "台帳/reform.db"\n', encoding="utf-8")
        (folder / "骨組み.yaml").write_text(fp.SKELETON, encoding="utf-8")
        assert main(["plan", "export", "骨組み.xlsx", "--plan", "骨組み.yaml"]) == 0
        fp.fill_master(folder / "骨組み.xlsx", folder / "計画.xlsx")
        assert main(["plan", "import", "計画.xlsx"]) == 0
        assert main(["templates", "--year", "H31", "--out", "調査票R1", "--deadline", "2019-05-31"]) == 0
        _fill_year(folder / "調査票R1", folder / "受信R1", 2019)
        assert main(["merge", "受信R1", "--year", "R1", "--out", "出力R1", "--public"]) == 0
        assert main(["plan", "export", "計画R1.xlsx"]) == 0
        fp.revise_master(folder / "計画R1.xlsx", folder / "計画R2.xlsx")
        assert main(["plan", "import", "計画R2.xlsx"]) == 0
        assert main(["templates", "--year", "R2", "--out", "調査票R2", "--deadline", "2020-05-29"]) == 0
        _fill_year(folder / "調査票R2", folder / "受信R2", 2020)
        assert main(["merge", "受信R2", "--year", "R2", "--out", "出力R2", "--public"]) == 0
    finally:
        os.chdir(before)
    return folder


def _kpi_rows(office: Path, year: int) -> dict[str, dict[str, str]]:
    folder, fy = {2019: ("出力R1", "令和元年度"), 2020: ("出力R2", "令和2年度")}[year]
    with open(office / folder / f"{fy}_行政経営改革取組状況_公表用_KPI.csv", encoding="utf-8-sig", newline="") as f:
        return {row["KPI ID"]: row for row in csv.DictReader(f)}


@pytest.mark.parametrize("year", [2019, 2020])
def test_each_kpi_is_judged_as_worked_out_by_hand(office, year):
    rows = _kpi_rows(office, year)
    assert list(rows) == list(fp.EXPECTED[year])  # K10, K11 after K9, in the plan's order
    for kpi_id, (progress, judged) in fp.EXPECTED[year].items():
        assert rows[kpi_id]["判定"] == judged, kpi_id
        assert abs(float(rows[kpi_id]["進捗率（%）"]) - progress * 100) <= 0.051, kpi_id


def _guide_changes(office: Path, section: str) -> str:
    ws = openpyxl.load_workbook(office / "調査票R2" / f"令和2年度_行政経営改革取組状況調査票_{section}.xlsx")[
        layout.SHEET_GUIDE]
    return next(r[2] for r in ws.iter_rows(values_only=True) if r[1] == "計画の見直し")


def test_the_section_an_item_moves_to_is_not_told_it_shares_it(office):
    """1-1-11 moved from the 取りまとめ課 to the 文化財保護係 whole: the 係's form said 「この課も担当します」, as if
    the 取りまとめ課 still answered it too."""
    said = _guide_changes(office, fp.CULT)
    assert f"・1-1-11 =出前講座の見直し（オンライン開催）: 令和2年度からこの課の担当です（令和元年度は{fp.OFFICE}）" in said
    assert "この課も" not in said
    assert f"・1-1-11 =出前講座の見直し（オンライン開催）: 令和2年度から{fp.CULT}の担当です（この調査票にはありません）" in (
        _guide_changes(office, fp.OFFICE))


@pytest.mark.parametrize("section, sections_now, expected", [
    (fp.CULT, (fp.CULT,), "この課の担当です"),  # moved whole
    (fp.CULT, (fp.OFFICE, fp.CULT), "この課も担当します"),  # joined the section that keeps it
])
def test_a_moved_or_shared_item_is_said_as_it_is(office, section, sections_now, expected):
    r1, r2 = (ledger_plan(office / "台帳" / "reform.db", None, year) for year in (2019, 2020))
    item = next(i for i in r2.items if i.id == "1-1-11")
    object.__setattr__(item, "sections", sections_now)
    try:
        lines = year_changes(r1, r2, 2020, section)
    finally:
        object.__setattr__(item, "sections", (fp.CULT,))
    assert f"1-1-11 =出前講座の見直し（オンライン開催）: 令和2年度から{expected}（令和元年度は{fp.OFFICE}）" in lines


def _text_of(path: Path) -> str:
    if path.suffix == ".csv":
        return path.read_text(encoding="utf-8-sig")
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_no_output_says_the_bundled_plans_words(office):
    """Forms, 受付結果, 回答一覧, 会議資料, 公表用 (Excel, CSV), 差し戻し, 評価シート of both years. (The 計画マスター
    is left out: its 説明 column gives examples of the field, 「例 重点項目、柱」.)"""
    files = [p for p in office.rglob("*") if p.suffix in (".xlsx", ".csv") and not p.name.startswith(("計画", "骨組み"))]
    assert len(files) > 20
    for path in files:
        text = _text_of(path)
        assert [w for w in fp.BUNDLED_WORDS if w in text] == [], path.name


@pytest.mark.parametrize("kpi_id, values, code", [
    ("K9", {"目標値": 3200}, "P024"),  # 維持目標 (target = baseline) without a 方向
    ("K5", {"目標値": 9000}, "P025"),  # 減少 but the target is above the baseline
])
def test_a_master_is_told_of_its_direction_column(workdir, capsys, kpi_id, values, code):
    """The clerk fills a 計画マスター, which has a 「方向」 column: P024 and P025 named only the plan file's key
    「direction」."""
    (workdir / "骨組み.yaml").write_text(fp.SKELETON, encoding="utf-8")
    assert main(["plan", "export", "骨組み.xlsx", "--plan", "骨組み.yaml"]) == 0
    master = fp.fill_master(workdir / "骨組み.xlsx", workdir / "計画.xlsx")
    wb = openpyxl.load_workbook(master)
    ws = wb["KPI"]
    columns = {c.value: c.column for c in ws[3]}
    row = next(r[0].row for r in ws.iter_rows(min_row=4) if r[0].value == kpi_id)
    for header, value in values.items():
        ws.cell(row, columns[header]).value = value
    wb.save(master)
    capsys.readouterr()
    assert main(["plan", "import", "計画.xlsx", "--dry-run"]) == 2
    said = capsys.readouterr()
    line = next(x for x in (said.out + said.err).splitlines() if f"[{code} " in x)
    assert f"計画.xlsx / KPI / {openpyxl.utils.get_column_letter(columns['方向'])}{row}" in line
    assert "「方向」" in line


def test_a_revision_that_cuts_answers_off_names_the_plans_items(office, tmp_path, capsys):
    """L022 (an answered item deleted) and L024 (an answered year cut from an item's period) called every plan's
    items 「改革項目」, the bundled plan's word: 西浜町's are 実施事項."""
    db = str(office / "台帳" / "reform.db")
    master = tmp_path / "計画.xlsx"
    assert main(["plan", "export", str(master), "--db", db]) == 0
    wb = openpyxl.load_workbook(master)
    fp._unprotect(wb)
    fp._info(wb, {"版": "R2-02", "適用年度": "R2"})
    for row in wb["実施事項"].iter_rows(min_row=4):
        if row[0].value == "1-1-8":  # answered in 令和2年度, deleted from 令和2年度
            for cell in row:
                cell.value = None
        if row[0].value == "1-1-7":  # answered in 令和2年度, ended in 令和元年度
            row[11].value = "R1"
    for row in wb["主な取組"].iter_rows(min_row=5):
        if row[0].value == "1-1-8" or (row[0].value == "1-1-7" and row[1].value == "②"):
            for cell in row:
                cell.value = None
        if row[0].value == "1-1-7":
            row[5].value = None  # ① 検討 in 令和元年度 only
    for row in wb["KPI"].iter_rows(min_row=4):
        if row[0].value == "K8":
            for cell in row:
                cell.value = None
    wb.save(master)
    capsys.readouterr()
    assert main(["plan", "import", str(master), "--db", db, "--dry-run"]) == 2
    said = capsys.readouterr()
    lines = [x for x in (said.out + said.err).splitlines() if "[L022 " in x or "[L024 " in x]
    assert len(lines) == 3, said  # 1-1-8, K8 and 1-1-7
    assert "実施事項 1-1-8「水道開閉栓手続の電子化」は、この改訂" in lines[0]
    assert "実施事項 1-1-7「ペーパーレス会議の推進」の終了年度を令和元年度にすると" in lines[2]
    assert "実施事項 1-1-7 の終了年度を令和2年度（回答を受け付けた最後の年度）以降にしてください" in lines[2]
    assert not [x for x in lines if "改革項目" in x]
