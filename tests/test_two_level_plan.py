"""A plan of two levels (tests/plans/kitahara.yaml: 基本方針 → 取組項目, each 基本方針 written with one 取組区分 of its
own name, docs/plan-format.md 「2階層の計画」): no output shows that 取組区分 again — no heading 「(1) …」 under the
基本方針's in the packet, the office's copy, 公表用 and their PDFs, no 取組区分 columns in the 公表用 CSV, no 取組区分
rows in the plan master (plan import reads them back), no second change in plan import's list — and nothing else is
lost: every item and its answer, the forms filled and merged."""

from __future__ import annotations

import csv
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from five_years import Master
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.intake.master_plan import load_master
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.diff import diff_plans
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.loading import PlanError, load_plan
from reform_xlsx.plan.master_export import write_master
from reform_xlsx.templates.fill import fill_template

PLAN_FILE = Path(__file__).parent / "plans" / "kitahara.yaml"
GRADES = {"総務課": "A 順調", "住民課": "B 遅れ", "建設課": "C 未着手"}


def kitahara():
    plan, warnings = load_plan(PLAN_FILE)
    assert warnings == []
    return plan


def _repeated(plan) -> list[str]:
    """The headings a 取組区分 would print: 「(1) 行政サービスの向上」."""
    return [c.display for c in plan.categories] + [c.display.replace(c.name, c.name.strip()) for c in plan.categories]


def _text(path: Path) -> str:
    """A PDF's text without its spacing."""
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(done.stdout.split())


@pytest.fixture(scope="module")
def year(tmp_path_factory, soffice):
    """令和6年度 of the town: its forms written, filled (every section, every item) and merged with --pdf --public."""
    plan = kitahara()
    root = tmp_path_factory.mktemp("kitahara")
    db = str(root / "reform.db")
    assert main(["templates", "--year", "R6", "--out", str(root / "調査票"), "--plan", str(PLAN_FILE)]) == 0
    forms = sorted((root / "調査票").glob("*.xlsx"))
    assert len(forms) == len(plan.sections)
    for form in forms:
        section = form.stem.rsplit("_", 1)[1]
        answers = {layout.SHEET_ITEMS: {i.id: {"進捗状況": GRADES[section], "取組実績": f"{i.name}を進めた（{section}）。",
                                               "課題・今後の方針": "次の年度も続ける。"} for i in plan.items_for(section, 2024)}}
        if plan.kpis_for(section):
            answers[layout.SHEET_KPI] = {k.id: {"実績値": 12, "算出根拠・備考": "年度末"} for k in plan.kpis_for(section)}
        fill_template(form, answers, root / "受信" / form.name)
    code = main(["merge", str(root / "受信"), "--year", "R6", "--out", str(root / "出力"), "--plan", str(PLAN_FILE),
                 "--db", db, "--pdf", "--public", "--json"])
    return plan, code, root, forms


def test_the_packet_and_the_public_copies_print_each_basic_policy_once_and_lose_nothing(year):
    plan, code, root, forms = year
    assert code == 0  # every form filled and merged was accepted: every section submitted
    for form in forms:  # the form says no level above the item: nothing there to repeat
        shown = [str(c.value) for ws in openpyxl.load_workbook(form).worksheets for r in ws.iter_rows() for c in r
                 if c.value is not None]
        assert not [t for t in shown if any(h in t for h in _repeated(plan))]
    out = root / "出力"
    answers = next(out.glob("*回答一覧*.xlsx"))
    said = {str(v) for ws in openpyxl.load_workbook(answers).worksheets for r in ws.iter_rows(values_only=True)
            for v in r if v is not None}
    assert all(f"{i.name}を進めた（{s}）。" in said for i in plan.items for s in i.sections)
    books = sorted(p for p in out.glob("*.xlsx") if any(w in p.name for w in ("会議資料", "事務局用", "公表用")))
    assert len(books) == 3
    sheet = f"{plan.words.item}一覧"
    for book in books:
        ws = openpyxl.load_workbook(book)[sheet]
        first = [str(r[0]) for r in ws.iter_rows(values_only=True) if r[0] is not None]
        assert [t for t in first if t.startswith(plan.words.area)] == ["基本方針1 行政サービスの向上", "基本方針2 健全な財政運営"]
        assert not [t for t in first if t.startswith("(")], book.name  # no 取組区分 heading, nor its 「（続き）」
        ids = [t for t in first if t[:1].isdigit()]
        # every item, every section's row, numbered as the town's plan numbers it: 「1-2」, not its ID 「1-1-2」
        assert ids == [plan.item_number(i) for i in plan.items for _ in i.sections] == ["1-1", "1-2", "1-2", "2-1"]
        grades = {str(c.value) for r in ws.iter_rows() for c in r if c.value in GRADES.values()}
        assert grades == set(GRADES.values())
    for pdf in sorted(out.glob("*.pdf")):
        text = _text(pdf)
        assert "基本方針1行政サービスの向上" in text and "基本方針2健全な財政運営" in text, pdf.name
        assert not [h for h in _repeated(plan) if "".join(h.split()) in text], pdf.name
        assert all(i.name in text for i in plan.items), pdf.name


def test_the_public_csv_has_no_columns_that_repeat_the_basic_policy(year):
    plan, _, root, _ = year
    path = next((root / "出力").glob(f"*公表用_{plan.words.item}.csv"))
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert "取組区分" not in rows[0] and "取組区分番号" not in rows[0]
    assert [(r["基本方針番号"], r["基本方針"], r["取組項目ID"]) for r in rows] == [
        (str(i.area), plan.area(i.area).name, f"{i.area}-{i.number}") for i in plan.items for _ in i.sections]


def test_the_plan_master_has_no_rows_that_repeat_the_basic_policy_and_reads_back(tmp_path):
    plan = kitahara()
    path = write_master(plan, tmp_path / "計画.xlsx")
    ws = openpyxl.load_workbook(path)[ml.sheet_names(plan.words, two_level=True)[ml.LEVELS]]
    ids = [str(r[0]) for r in ws.iter_rows(values_only=True) if r[0] is not None]
    assert [i for i in ids if i[:1].isdigit()] == ["1", "2"]
    again, warnings = load_master(path)
    assert warnings == [] and again.two_level
    # the master reads every name without the spaces around it (「　健全な財政運営 」 too, were its row there)
    trimmed = tuple(replace(a, categories=tuple(replace(c, name=c.name.strip()) for c in a.categories))
                    for a in plan.areas)
    assert plan_digest(again) == plan_digest(replace(plan, areas=trimmed))
    assert [c.name for c in again.categories] == [a.name for a in again.areas] == ["行政サービスの向上", "健全な財政運営"]
    assert again.items == plan.items


def test_the_plan_master_names_no_level_the_plan_has_not(tmp_path):
    """The sheet of the 基本方針 of a plan of two levels was named and titled 「基本方針・取組区分」 (in the guide's list of
    sheets and every printed page's header too) although it has no 取組区分 row and the town no such level."""
    plan = kitahara()
    wb = openpyxl.load_workbook(write_master(plan, tmp_path / "計画.xlsx"))
    assert "基本方針" in wb.sheetnames and not [n for n in wb.sheetnames if plan.words.category in n]
    ws = wb["基本方針"]
    assert ws["A1"].value == ws.oddHeader.center.text == "基本方針"  # its title, its printed pages' header
    guide = [str(c.value) for r in wb[wb.sheetnames[0]].iter_rows() for c in r if c.value is not None]
    assert any("計画情報、基本方針、取組項目" in t for t in guide)
    assert not [t for t in guide if f"基本方針・{plan.words.category}" in t]


def test_a_basic_policy_whose_one_category_is_not_numbered_1_reads_back_from_the_master(tmp_path):
    """基本方針2's one 取組区分 of its name numbered 2 (its items 「2-2-1」; a 取組区分 1 removed by a revision): plan
    export left out its row as one that only repeats the 基本方針, and plan import, which reads a 基本方針 with no
    row of its own as 取組区分 1, refused the master it had written (P045 「2-2-1 の区分（2-2）が…ありません」)."""
    text = PLAN_FILE.read_text(encoding="utf-8").replace('      - number: 1\n        name: "　健全な財政運営 "',
                                                         "      - number: 2\n        name: 健全な財政運営")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    plan, warnings = load_plan(tmp_path / "plan.yaml")
    assert warnings == [] and plan.two_level and plan.items[-1].id == "2-2-1"
    again, warnings = load_master(write_master(plan, tmp_path / "計画.xlsx"))
    assert warnings == [] and again.two_level
    assert plan_digest(again) == plan_digest(plan)


def test_a_basic_policy_renamed_is_one_change_and_the_summary_has_no_category_column(capsys):
    plan = kitahara()
    area = plan.areas[0]
    renamed = replace(area, name="住民サービスの向上",
                      categories=(replace(area.categories[0], name="住民サービスの向上"),))
    changes = diff_plans(plan, replace(plan, areas=(renamed, *plan.areas[1:])))
    assert [(c.kind, c.subject) for c in changes] == [("基本方針の名称の変更", "基本方針1")]
    assert main(["plan", "--plan", str(PLAN_FILE)]) == 0
    out = capsys.readouterr().out
    assert "取組区分" not in out and "(1)" not in out and "基本方針1  行政サービスの向上" in out


def test_a_basic_policy_added_with_nothing_under_it_is_told_to_get_an_item_in_the_item_sheet(tmp_path):
    """A 基本方針 3 added to the master's 「基本方針」 sheet with no 取組項目: P055 told the clerk to add a row 「3-1」 in
    「基本方針・取組区分」, a sheet the master has not. What works there is an item 「3-1-1」 in 「取組項目」: the advice,
    followed, is read."""
    plan = kitahara()
    m = Master(write_master(plan, tmp_path / "計画.xlsx"))
    area = m.new_row(ml.LEVELS, "ID", {"ID": "3", "名称": "協働のまちづくり"})
    for ref, value in area.items():
        m.wb[m.sheet(ml.LEVELS)][ref] = value
    m.wb.save(tmp_path / "empty.xlsx")
    with pytest.raises(PlanError) as caught:
        load_master(tmp_path / "empty.xlsx")
    (found,) = caught.value.problems
    assert (found.code, found.sheet, found.cell) == ("P055", "基本方針", next(iter(area)))
    assert found.message.startswith("基本方針 3「協働のまちづくり」には取組項目が1つもありません。取組項目を加えるか"
                                    "（計画マスターでは「取組項目」シートに ID「3-1-1」の行を、")
    assert "取組区分" not in found.message
    for key, values in ((ml.ITEMS, {"ID": "3-1-1", "名称": "町民活動の支援", "推進内容": "町民の活動を支える。",
                                    "担当課1": "総務課"}),
                        (ml.ACTIONS, {"項目ID": "3-1-1", "主な取組": "補助制度の創設"})):
        for ref, value in m.new_row(key, "ID" if key == ml.ITEMS else "項目ID", values).items():
            m.wb[m.sheet(key)][ref] = value
    m.wb.save(tmp_path / "followed.xlsx")
    again, warnings = load_master(tmp_path / "followed.xlsx")
    assert warnings == [] and again.two_level and [i.id for i in again.area(3).items] == ["3-1-1"]
