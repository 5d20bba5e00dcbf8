"""A plan of two levels (tests/plans/kitahara.yaml: 基本方針 → 取組項目, each 基本方針 written with one 取組区分 of its
own name, docs/plan-format.md 「2階層の計画」): no output shows that 取組区分 again — no heading 「(1) …」 under the
基本方針's in the packet, the office's copy, 公表用 and their PDFs, no 取組区分 columns in the 公表用 CSV, no 取組区分
rows in the plan master (plan import reads them back), no second change in plan import's list — and nothing else is
lost: every item and its answer, the forms filled and merged. Every output numbers an item as the town's plan does,
「1-2」 (基本方針-番号), never by its ID 「1-1-2」, which stays the ledger's and the forms' key; 「1-2」 and 「1-1-2」 read alike."""

from __future__ import annotations

import csv
import email
import email.policy
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from five_years import Master
from reform_xlsx import outputs
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
    「基本方針・取組区分」, a sheet the master has not. What works there is an item 「3-1」 in 「取組項目」 (as the master
    numbers the others: 「1-1」; 「3-1-1」 reads too): the advice, followed, is read."""
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
                                    "（計画マスターでは「取組項目」シートに ID「3-1」の行を、")
    assert "取組区分" not in found.message
    for key, values in ((ml.ITEMS, {"ID": "3-1", "名称": "町民活動の支援", "推進内容": "町民の活動を支える。",
                                    "担当課1": "総務課"}),
                        (ml.ACTIONS, {"項目ID": "3-1-1", "主な取組": "補助制度の創設"})):
        for ref, value in m.new_row(key, "ID" if key == ml.ITEMS else "項目ID", values).items():
            m.wb[m.sheet(key)][ref] = value
    m.wb.save(tmp_path / "followed.xlsx")
    again, warnings = load_master(tmp_path / "followed.xlsx")
    assert warnings == [] and again.two_level and [i.id for i in again.area(3).items] == ["3-1-1"]


# --- the items' numbers: 「1-2」 as the town's plan numbers them, never the ID 「1-1-2」 -----------------------------

def _cells(path: Path) -> list[str]:
    return [str(c.value) for ws in openpyxl.load_workbook(path).worksheets for r in ws.iter_rows() for c in r
            if c.value is not None]


def _says_an_id(texts) -> list[str]:
    """The texts that show an item's ID 「1-1-2」 (a number the town's plan never had)."""
    return [t for t in texts if any(i in str(t) for i in ("1-1-1", "1-1-2", "2-1-1"))]


def test_the_form_numbers_each_item_as_the_plan_does_and_reads_the_old_numbers_too(year, tmp_path, capsys):
    """The 調査票 showed 「1-1-2」 in its ID column and its KPI's 取組項目 (「1-1-2 電子申請の拡大」): the town's plan
    numbers it 「1-2」. A form written before (its IDs 「1-1-2」) is still read, and fill_template fills either."""
    plan, _, root, forms = year
    form = next(f for f in forms if f.stem.endswith("総務課"))
    wb = openpyxl.load_workbook(form)
    ids = [r[0] for r in wb[layout.SHEET_ITEMS].iter_rows(values_only=True)][layout.HEADER_ROW + 1:]
    assert [i for i in ids if i] == ["1-2"]
    assert "1-2 電子申請の拡大" in [r[1] for r in wb[layout.SHEET_KPI].iter_rows(values_only=True)]
    assert not _says_an_id(_cells(form))
    # the form as written before: its IDs 「1-1-2」; filled by either number, read, every answer the item's
    old = tmp_path / "old.xlsx"
    ws = wb[layout.SHEET_ITEMS]
    for row in ws.iter_rows(min_row=layout.HEADER_ROW + 2):
        if row[0].value == "1-2":
            row[0].value = "1-1-2"
    wb.save(old)
    for source, key, said in ((old, "1-2", "前の様式"), (form, "1-1-2", "今の様式")):  # (each in an office of its own)
        fill_template(source, {layout.SHEET_ITEMS: {key: {"進捗状況": "A 順調", "取組実績": f"{said}に記入した。",
                                                          "課題・今後の方針": "続ける。"}},
                               layout.SHEET_KPI: {"K1": {"実績値": 15}}}, tmp_path / said / "受信" / form.name)
        assert main(["merge", str(tmp_path / said / "受信"), "--year", "R6", "--out", str(tmp_path / said / "出力"),
                     "--plan", str(PLAN_FILE), "--db", str(tmp_path / said / "reform.db"), "--json"]) == 1  # (others: 未提出)
        (read,) = json.loads(capsys.readouterr().out)["files"]
        assert read["status"] == "accepted" and {p["code"] for p in read["issues"]} == {"V019"}  # (no 担当者 typed)
        shown = _cells(next((tmp_path / said / "出力").glob("*回答一覧*.xlsx")))
        assert f"{said}に記入した。" in shown and not _says_an_id(shown)


def test_the_packet_the_office_copy_and_the_public_copies_number_items_and_kpis_as_the_plan_does(year):
    """会議資料・事務局用・公表用 (Excel and PDF) and the 公表用 CSV of KPIs showed 「1-1-2」 for 取組項目 1-2."""
    plan, _, root, _ = year
    out = root / "出力"
    for book in sorted(out.glob("*.xlsx")):
        assert not _says_an_id(_cells(book)), book.name
    for name in ("会議資料", "事務局用", "公表用"):
        ws = openpyxl.load_workbook(next(p for p in out.glob("*.xlsx") if name in p.name))["KPI達成状況"]
        assert ["K1", "1-2"] in [list(r[:2]) for r in ws.iter_rows(values_only=True)], name
    for pdf in sorted(out.glob("*.pdf")):
        text = _text(pdf)
        assert "1-2電子申請の拡大" in text and "2-1町有施設の長寿命化" in text, pdf.name
        assert not _says_an_id([text]), pdf.name
    path = next(out.glob("*公表用_KPI.csv"))
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["KPI ID"], r["取組項目ID"] if "取組項目ID" in r else r["項目ID"]) for r in rows] == [("K1", "1-2")]


def test_a_message_on_an_item_names_it_as_the_form_does(year, tmp_path, capsys):
    """V002 said 「進捗状況（1-1-2）が空欄です」 and V014 「1-1-1 は進捗状況が…」 of a form that shows 「1-2」 and 「1-1」, as
    did the 差し戻し copy's エラー一覧."""
    plan, _, root, forms = year
    form = next(f for f in forms if f.stem.endswith("住民課"))
    fill_template(form, {layout.SHEET_ITEMS: {"1-1-1": {"進捗状況": "B 遅れ", "課題・今後の方針": "来年度に設置する。"},
                                              "1-1-2": {"取組実績": "対象を広げた。"}}}, tmp_path / "受信" / form.name)
    assert main(["merge", str(tmp_path / "受信"), "--year", "R6", "--out", str(tmp_path / "出力"), "--plan", str(PLAN_FILE),
                 "--db", str(tmp_path / "reform.db"), "--json"]) == 1
    (read,) = json.loads(capsys.readouterr().out)["files"]
    said = {p["code"]: p["message"] for p in read["issues"]}
    assert said["V002"].startswith("進捗状況（1-2）が空欄です") and said["V014"].startswith("1-1 は進捗状況が「B 遅れ」")
    # the row is still known by its ID (the 差し戻し copy puts each mark on its row by it)
    assert sorted(p["row_id"] for p in read["issues"] if p["code"] in ("V002", "V014")) == ["1-1-1", "1-1-2"]
    copy = next(tmp_path.rglob("*要修正*.xlsx"))
    errors = _cells(copy)
    assert any("進捗状況（1-2）が空欄です" in t for t in errors) and not _says_an_id(errors)


def test_the_plan_master_numbers_items_as_the_plan_does_and_reads_either_number(tmp_path):
    """plan export wrote 「1-1-2」 in the 取組項目, 主な取組 and KPI sheets: it writes 「1-2」, and plan import reads an item
    added as 「1-3」 (its 主な取組 「１-３」, a KPI of it) as 1-1-3, and 「1-1-2」 (a master written before) as 1-1-2."""
    plan = kitahara()
    path = write_master(plan, tmp_path / "計画.xlsx")
    m = Master(path)

    def column(key: str, label: str) -> list[str]:
        ws = m.wb[m.sheet(key)]
        letter = m.column(key, "KPI ID" if key == ml.KPIS else "項目ID" if key == ml.ACTIONS else "ID", label)
        return [str(c.value) for c in ws[letter] if c.value is not None][1:]

    assert column(ml.ITEMS, "ID")[-3:] == ["1-1", "1-2", "2-1"]
    assert column(ml.ACTIONS, "項目ID")[-3:] == ["1-1", "1-2", "2-1"] and column(ml.KPIS, "項目ID")[-1:] == ["1-2"]
    notes = [str(c.value) for ws in m.wb.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert not _says_an_id(notes) and not [t for t in notes if "1-1-番号）" in t]
    for key, label, values in ((ml.ITEMS, "ID", {"ID": "1-3", "名称": "窓口の電子化", "推進内容": "窓口の手続を電子化する。",
                                                 "担当課1": "住民課", "開始年度": "R7"}),
                               (ml.ACTIONS, "項目ID", {"項目ID": "１-３", "主な取組": "電子窓口の導入"}),
                               (ml.KPIS, "KPI ID", {"KPI ID": "K2", "項目ID": "1-3", "指標名": "電子窓口の件数", "種類": "件数",
                                                    "単位": "件", "基準値": 0, "目標値": 100, "報告課": "住民課"})):
        for ref, value in m.new_row(key, label, values).items():
            m.wb[m.sheet(key)][ref] = value
    m.wb[m.sheet(ml.KPIS)][m.cell(ml.KPIS, "KPI ID", "K1", "項目ID")] = "1-1-2"  # as a master written before says it
    m.wb.save(tmp_path / "edited.xlsx")
    again, warnings = load_master(tmp_path / "edited.xlsx")
    assert warnings == [] and again.two_level
    added = again.item("1-1-3")
    assert (added.name, added.actions, added.start) == ("窓口の電子化", ("電子窓口の導入",), 2025)
    assert [(k.id, k.item_id) for k in again.kpis] == [("K1", "1-1-2"), ("K2", "1-1-3")]
    assert [again.item_number(i) for i in again.items] == ["1-1", "1-2", "1-3", "2-1"]
    changes = [c.text for c in diff_plans(plan, again)]
    assert [t for t in changes if t.startswith("[取組項目") or "K1" in t] == [
        "[取組項目の追加] 1-3 窓口の電子化: 令和7年度から（住民課）"], changes
    assert not _says_an_id(changes)


MIXED = """          - number: 2
            name: 道路台帳の電子化
            content: 道路台帳を電子化する。
            actions: [台帳の電子化]
            sections: []
  - number: 3
    name: 協働のまちづくり
    categories:
      - number: 1
        name: 町民活動の支援
        items:
          - number: 1
            name: 町民活動の補助
            content: 町民の活動を補助する。
            actions: [補助制度の創設]
            sections: [住民課]
      - number: 2
        name: 情報の発信
        items:
          - number: 1
            name: 広報の充実
            content: 広報紙を見直す。
            actions: [紙面の刷新]
            sections: [住民課]

kpis:
"""


def test_a_plan_of_two_levels_in_part_numbers_those_items_as_its_plan_and_the_others_by_their_id(tmp_path, capsys):
    """基本方針 1 and 2 of two levels beside a 基本方針 3 with two 取組区分: 「1-2」 and 「2-2」 for the former, 「3-1-1」 and
    「3-2-1」 for the latter — on the form, in the packet, in the plan master (read back), in `reform-xlsx plan`."""
    text = PLAN_FILE.read_text(encoding="utf-8").replace("\nkpis:\n", "\n" + MIXED, 1)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    plan, warnings = load_plan(tmp_path / "plan.yaml")
    assert warnings == [] and not plan.two_level
    assert main(["templates", "--year", "R6", "--out", str(tmp_path / "調査票"), "--plan", str(tmp_path / "plan.yaml")]) == 0
    form = next((tmp_path / "調査票").glob("*住民課.xlsx"))
    ids = [r[0] for r in openpyxl.load_workbook(form)[layout.SHEET_ITEMS].iter_rows(values_only=True)]
    assert [i for i in ids[layout.HEADER_ROW + 1:] if i] == ["1-1", "1-2", "3-1-1", "3-2-1"]
    answers = {i.id: {"進捗状況": "A 順調", "取組実績": "進めた。", "課題・今後の方針": "続ける。"}
               for i in plan.items_for("住民課", 2024)}
    fill_template(form, {layout.SHEET_ITEMS: answers}, tmp_path / "受信" / form.name)
    main(["merge", str(tmp_path / "受信"), "--year", "R6", "--out", str(tmp_path / "出力"), "--plan",
          str(tmp_path / "plan.yaml"), "--db", str(tmp_path / "reform.db")])
    ws = openpyxl.load_workbook(next((tmp_path / "出力").glob("*会議資料.xlsx")))[f"{plan.words.item}一覧"]
    first = [str(r[0]) for r in ws.iter_rows(values_only=True) if r[0] is not None]
    assert [t for t in first if t[:1].isdigit()] == ["1-1", "1-2", "1-2", "2-1", "2-2", "3-1-1", "3-2-1"]
    assert [plan.item_number(i) for i in plan.items] == ["1-1", "1-2", "2-1", "2-2", "3-1-1", "3-2-1"]
    assert [plan.item_id_of(n) for n in ("1-2", "2-2", "3-1-1", "1-1-2")] == ["1-1-2", "2-1-2", "3-1-1", "1-1-2"]
    again, warnings = load_master(write_master(plan, tmp_path / "計画.xlsx"))
    assert warnings == [] and again.items == plan.items  # (its 「3-1-1」 and 「1-2」 read back)
    assert [again.item_number(i) for i in again.items] == [plan.item_number(i) for i in plan.items]
    capsys.readouterr()
    assert main(["plan", "--plan", str(tmp_path / "plan.yaml")]) == 0
    assert "（調査票には載りません）: 2-2" in capsys.readouterr().out


def test_the_reminder_for_items_an_old_form_has_not_names_them_as_the_form_does(tmp_path, monkeypatch, capsys):
    """住民課 renamed 町民課 from 令和7年度, which adds it an item 1-3: 住民課's old 令和7年度 form has no row for it. L004
    and the 督促 mail named it 「1-1-3」, a number the town's plan never had."""
    monkeypatch.chdir(tmp_path)
    revised = PLAN_FILE.read_text(encoding="utf-8").replace('version: "R6-01"', 'version: "R7-01"').replace(
        "住民課", "町民課").replace("\nsections:\n", "\nrevision: {effective_year: R7}\nreorganisations:\n"
                                  "  - {year: R7, from: 住民課, to: 町民課}\nsections:\n", 1).replace(
        "            sections: [総務課, 町民課]\n", "            sections: [総務課, 町民課]\n"
        "          - number: 3\n            name: 窓口の電子化\n            content: 窓口の手続を電子化する。\n"
        "            actions: [電子窓口の導入]\n            sections: [町民課]\n            start: R7\n", 1)
    (tmp_path / "revised.yaml").write_text(revised, encoding="utf-8")
    assert main(["templates", "--year", "R7", "--out", "old", "--plan", str(PLAN_FILE)]) == 0
    old = next(Path("old").glob("*住民課.xlsx"))
    for plan_file in (PLAN_FILE, tmp_path / "revised.yaml"):
        assert main(["plan", "import", str(plan_file), "--db", "reform.db"]) == 0
    rows = {i: {"進捗状況": "A 順調", "取組実績": "進めた。", "課題・今後の方針": "続ける。"} for i in ("1-1-1", "1-1-2")}
    rows[layout.RESPONDENT_ID] = {"担当者": "山田", "内線": "123"}
    fill_template(old, {layout.SHEET_ITEMS: rows}, Path("受信") / old.name)
    capsys.readouterr()
    main(["merge", "受信", "--year", "R7", "--out", "出力", "--db", "reform.db", "--json"])
    (read,) = json.loads(capsys.readouterr().out)["files"]
    (said,) = [p["message"] for p in read["issues"] if p["code"] == "L004"]
    assert "町民課の1-3 は" in said and "1-1-3" not in said
    main(["status", "--year", "R7", "--remind", "--db", "reform.db"])
    mail = next(Path(outputs.MAIL_FOLDER).glob("*督促*町民課*"))
    body = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default).get_body(("plain",)).get_content()
    assert "町民課の 1-3 の回答がありません" in body and "1-1-3" not in body


def test_a_second_level_row_of_another_name_added_to_a_basic_policy_is_not_where_its_items_go(tmp_path):
    """The clerk splits 基本方針 1 by adding a 取組区分 row 「1-2 デジタル化」 (and its item 「1-2-1」) to the master that
    plan export wrote. Its items 「1-1」 and 「1-2」 meant the 取組区分 that repeats 基本方針 1 (1-1-1, 1-1-2): they were
    read as 1-2-1 and 1-2-2 — the new item a P020 「duplicate of the 「1-1」 in A4」, and without one the town's items
    deleted and others added. 「1-1」 there names no 取組区分 that is known: said at each such ID (P044)."""
    m = Master(write_master(kitahara(), tmp_path / "計画.xlsx"))
    old = [m.cell(ml.ITEMS, "ID", n, "ID") for n in ("1-1", "1-2")]
    for key, label, values in ((ml.LEVELS, "ID", {"ID": "1-2", "名称": "デジタル化"}),
                               (ml.ITEMS, "ID", {"ID": "1-2-1", "名称": "AI議事録", "推進内容": "会議録を作る。",
                                                 "担当課1": "総務課"}),
                               (ml.ACTIONS, "項目ID", {"項目ID": "1-2-1", "主な取組": "AIの導入"})):
        for ref, value in m.new_row(key, label, values).items():
            m.wb[m.sheet(key)][ref] = value
    m.wb.save(tmp_path / "split.xlsx")
    with pytest.raises(PlanError) as caught:
        load_master(tmp_path / "split.xlsx")
    found = caught.value.problems
    assert "P020" not in {p.code for p in found}
    said = [p for p in found if p.sheet == m.sheet(ml.ITEMS)]
    assert [(p.code, p.cell) for p in said] == [("P044", old[0]), ("P044", old[1])]
    assert "1段目 1 には2段目の行（1-2）があるので、どの2段目の項目かを「1-2-3」の形で書きます" in said[0].message


def test_a_kpi_of_an_item_not_in_the_plan_is_quoted_as_the_master_numbers_it(tmp_path):
    """A KPI whose 項目ID is 「1-5」 (no such item): P022 said 「1-1-5」, a number the clerk never typed."""
    m = Master(write_master(kitahara(), tmp_path / "計画.xlsx"))
    for ref, value in m.new_row(ml.KPIS, "KPI ID", {"KPI ID": "K2", "項目ID": "1-5", "指標名": "件数", "種類": "件数",
                                                     "単位": "件", "基準値": 0, "目標値": 10, "報告課": "住民課"}).items():
        m.wb[m.sheet(ml.KPIS)][ref] = value
    m.wb.save(tmp_path / "kpi.xlsx")
    with pytest.raises(PlanError) as caught:
        load_master(tmp_path / "kpi.xlsx")
    (found,) = caught.value.problems
    assert found.code == "P022" and found.message.startswith("KPI K2 の取組項目「1-5」が計画にありません。")


def test_a_kpi_of_an_item_not_in_a_plan_file_is_quoted_as_the_plan_file_writes_it(tmp_path):
    """A plan file (YAML) of two levels whose KPI names item 1-1-9 (none): P022 quoted 「1-9」, which the file does not
    say, and asked for an ID 「例 1-3」 — written so, the plan file's kpis.item is refused (P013: 「1-1-3」の形で)."""
    text = PLAN_FILE.read_text(encoding="utf-8").replace("    item: 1-1-2\n", "    item: 1-1-9\n", 1)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(tmp_path / "plan.yaml")
    (found,) = caught.value.problems
    assert found.message == "KPI K1 の取組項目「1-1-9」が計画にありません。ID（例 1-1-3）を確認してください。"
    (tmp_path / "plan.yaml").write_text(text.replace("    item: 1-1-9\n", "    item: 1-3\n"), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(tmp_path / "plan.yaml")
    assert [p.code for p in caught.value.problems] == ["P013"]  # (the form the plan file asks: 「1-1-3」)


# --- what the clerk types: other dashes, the messages' examples, plan import's list of changes ---------------------

DASHES = ("-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\uff0d", "\u30fc", "\uff70")


@pytest.mark.parametrize("typed, read", [
    *[(f"1{d}3", "1-3") for d in DASHES], *[(f"1{d}1{d}3", "1-1-3") for d in DASHES],
    ("１－３", "1-3"), ("１ー１ー３", "1-1-3"), (" 1ー3 ", "1-3"), ("12ー30", "12-30"), ("1-1-03", "1-1-03"),
    ("1ーー3", "1ーー3"), ("1ー3 窓口", "1ー3 窓口"), ("ー3", "ー3"), ("1ー", "1ー"), ("K1", "K1"), ("1ー1ー1ー1", "1ー1ー1ー1"),
])
def test_an_item_number_typed_with_another_dash_is_read_with_a_hyphen(typed, read):
    from reform_xlsx.intake.normalise import item_number

    assert item_number(typed) == read


def _master_with(tmp_path, rows: tuple[tuple[str, str, dict], ...], kpi_item: str | None = None) -> Path:
    m = Master(write_master(kitahara(), tmp_path / "計画.xlsx"))
    for key, label, values in rows:
        for ref, value in m.new_row(key, label, values).items():
            m.wb[m.sheet(key)][ref] = value
    if kpi_item is not None:
        m.wb[m.sheet(ml.KPIS)][m.cell(ml.KPIS, "KPI ID", "K1", "項目ID")] = kpi_item
    m.wb.save(tmp_path / "edited.xlsx")
    return tmp_path / "edited.xlsx"


@pytest.mark.parametrize("dash", DASHES[1:])
def test_the_plan_master_reads_an_item_number_typed_with_another_dash(tmp_path, dash):
    """A clerk adds 「1ー3」 (the IME's long vowel, 「－」 full width, 「−」 the Mac's minus, 「–」 …) in the 取組項目,
    主な取組 and KPI sheets: it was refused (P044, P013 「1-1-3」の形で); it is the item 1-3 (1-1-3)."""
    typed = f"1{dash}3"
    path = _master_with(tmp_path, ((ml.ITEMS, "ID", {"ID": typed, "名称": "窓口の電子化", "推進内容": "電子化する。",
                                                     "担当課1": "住民課"}),
                                   (ml.ACTIONS, "項目ID", {"項目ID": f"１{dash}３", "主な取組": "電子窓口の導入"})),
                        kpi_item=f"1{dash}2")
    again, warnings = load_master(path)
    assert warnings == [] and [i.id for i in again.items] == ["1-1-1", "1-1-2", "1-1-3", "2-1-1"]
    assert again.item("1-1-3").actions == ("電子窓口の導入",) and again.kpis[0].item_id == "1-1-2"


def test_an_item_typed_with_another_dash_beside_the_same_number_is_one_item_said_twice(tmp_path):
    """「1ー2」 beside 「1-2」: the same item twice (P020 naming the first as typed), never a second item."""
    path = _master_with(tmp_path, ((ml.ITEMS, "ID", {"ID": "1ー2", "名称": "二重", "推進内容": "二重。", "担当課1": "住民課"}),))
    with pytest.raises(PlanError) as caught:
        load_master(path)
    (found,) = [p for p in caught.value.problems if p.code == "P020"]
    assert found.message.startswith("「1ー2」が重複しています（「取組項目」シートの A") and "の「1-2」 と同じ）" in found.message


def test_a_second_level_row_typed_with_another_dash_is_read(tmp_path):
    """A 1段目 3 split in two 2段目 「3ー1」「3－2」 (a plan of two levels in part), its items 「3ー1ー1」「3‐2‐1」."""
    rows = [(ml.LEVELS, "ID", {"ID": "3", "名称": "協働のまちづくり"})]
    for n, (level, item) in enumerate((("3ー1", "3ー1ー1"), ("3－2", "3‐2‐1")), 1):
        rows += [(ml.LEVELS, "ID", {"ID": level, "名称": f"区分{n}"}),
                 (ml.ITEMS, "ID", {"ID": item, "名称": f"項目{n}", "推進内容": "進める。", "担当課1": "住民課"}),
                 (ml.ACTIONS, "項目ID", {"項目ID": item, "主な取組": "取組"})]
    again, warnings = load_master(_master_with(tmp_path, tuple(rows)))
    assert warnings == [] and [(c.key, c.name) for c in again.area(3).categories] == [("3-1", "区分1"), ("3-2", "区分2")]
    assert [again.item_number(i) for i in again.area(3).items] == ["3-1-1", "3-2-1"]


def test_a_message_on_an_item_number_the_master_cannot_read_gives_the_masters_numbering(tmp_path):
    """P013 told a KPI's 項目ID 「電子申請」 to be written 「1-1-3」, P044 an item's ID 「1-2-3」, P022 gave 「例 1-1-3」:
    numbers this town's master never shows. Each quotes the cell as typed."""
    path = _master_with(tmp_path, ((ml.ITEMS, "ID", {"ID": "一の三", "名称": "窓口の電子化", "推進内容": "電子化する。",
                                                     "担当課1": "住民課"}),), kpi_item="電子申請ｰ2")
    with pytest.raises(PlanError) as caught:
        load_master(path)
    said = {p.code: p.message for p in caught.value.problems}
    assert said["P013"] == "値 「電子申請ｰ2」 は使えません。項目の ID は「1-3」（1段目-番号）の形で書いてください。"
    assert said["P044"] == "ID「一の三」を読めません。「1-3」（1段目-番号）の形で書いてください。"
    with pytest.raises(PlanError) as caught:
        load_master(_master_with(tmp_path, (), kpi_item="1ー5"))
    (found,) = caught.value.problems
    assert found.message == "KPI K1 の取組項目「1-5」が計画にありません。ID（例 1-3）を確認してください。"


ITEM_ID_FORM = ("「1-2-3」（1段目-2段目-番号）の形で書いてください（2段目の行がない1段目の項目は「1-3」（1段目-番号）とも"
                "書けます）。")
ITEM_ID_FORM_TWO_LEVELS = "「1-3」（1段目-番号）の形で書いてください。"


def _area(name: str | None, *categories: str | None) -> dict:
    """A 1段目 of the plan's data (as a plan file or the master's reader gives it); a name None is left out."""
    return {"number": 1, **({} if name is None else {"name": name}),
            "categories": [{"number": n, "items": [], **({} if c is None else {"name": c})}
                           for n, c in enumerate(categories, 1)]}


@pytest.mark.parametrize("area, repeats", [
    (_area("行政サービスの向上", "行政サービスの向上"), True),
    (_area(" 行政サービスの向上", "行政サービスの向上　"), True),  # spaces around either name aside (Area.two_level)
    (_area("行政サービスの向上", "デジタル化"), False),
    (_area("行政サービスの向上", "行政サービスの向上", "デジタル化"), False),  # two 2段目: which one is not guessed
    (_area("行政サービスの向上"), False),  # no 2段目 (yet): item_id_form counts it as of two levels
    (_area(None, None), True),  # neither named: the same (no name) — the schema says what is missing
    ({"name": "向上", "categories": "向上"}, False),  # a plan file's categories that are no list
    ({"name": "向上", "categories": None}, False),
])
def test_a_first_level_repeated_by_its_only_second_level_is_of_two_levels(area, repeats):
    """The one test plan loading (P055, P013) and the master's reader (「1-3」 read, P044, P047) ask of the plan's
    data: ml.repeats_its_area."""
    assert ml.repeats_its_area(area) is repeats


@pytest.mark.parametrize("areas, form", [
    ([_area("向上", "向上"), _area("改革", "改革")], ITEM_ID_FORM_TWO_LEVELS),
    ([_area("向上", "向上"), _area("改革")], ITEM_ID_FORM_TWO_LEVELS),  # no 2段目 row: of two levels
    ([_area("向上"), _area("改革")], ITEM_ID_FORM_TWO_LEVELS),
    ([_area("向上", "向上"), _area("改革", "区分1", "区分2")], ITEM_ID_FORM),  # two levels in part
    ([_area("向上", "デジタル化")], ITEM_ID_FORM),  # three levels
    ([_area("向上"), _area("改革", "区分1")], ITEM_ID_FORM),
    ([], ITEM_ID_FORM),  # no 1段目 read
])
def test_how_an_item_id_is_written_follows_the_masters_numbering(areas, form):
    """P044 (an item's ID) and P013 (a KPI's 項目ID) of a master: 「1-3」 only where every 1段目 is of two levels."""
    assert ml.item_id_form(areas) == form


def _split_third() -> tuple[tuple[str, str, dict], ...]:
    """基本方針 3 added with two 2段目 rows of other names (a plan of two levels in part)."""
    rows: tuple[tuple[str, str, dict], ...] = ((ml.LEVELS, "ID", {"ID": "3", "名称": "協働のまちづくり"}),)
    for n in (1, 2):
        rows += ((ml.LEVELS, "ID", {"ID": f"3-{n}", "名称": f"区分{n}"}),
                 (ml.ITEMS, "ID", {"ID": f"3-{n}-1", "名称": f"項目{n}", "推進内容": "進める。", "担当課1": "住民課"}),
                 (ml.ACTIONS, "項目ID", {"項目ID": f"3-{n}-1", "主な取組": "取組"}))
    return rows


@pytest.mark.parametrize("plan, rows, form", [
    ("kitahara", (), ITEM_ID_FORM_TWO_LEVELS),  # every 1段目 of two levels
    ("kitahara", "split", ITEM_ID_FORM),  # two levels in part
    ("bundled", (), ITEM_ID_FORM),  # three levels
], ids=["two-levels", "in-part", "three-levels"])
def test_the_item_sheet_and_the_kpi_sheet_ask_for_an_item_id_in_the_same_words(tmp_path, plan, rows, form):
    """An item's ID (P044) and a KPI's 項目ID (P013) the master cannot read are told the one form the master numbers
    items in: P013 said 「…（1段目-番号））」 without 「とも書けます」 where P044 said it, and 「1-1-3」 in a master of
    three levels where P044 said 「1-2-3」（1段目-2段目-番号）."""
    from reform_xlsx.plan.loading import load_plan as load

    source = kitahara() if plan == "kitahara" else load()[0]
    m = Master(write_master(source, tmp_path / "計画.xlsx"))
    for key, label, values in (*(_split_third() if rows == "split" else rows),
                               (ml.ITEMS, "ID", {"ID": "一の三", "名称": "窓口の電子化", "推進内容": "電子化する。",
                                                 "担当課1": "住民課"})):
        for ref, value in m.new_row(key, label, values).items():
            m.wb[m.sheet(key)][ref] = value
    m.wb[m.sheet(ml.KPIS)][m.cell(ml.KPIS, "KPI ID", source.kpis[0].id, "項目ID")] = "電子申請"
    m.wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(PlanError) as caught:
        load_master(tmp_path / "edited.xlsx")
    said = {p.code: p.message for p in caught.value.problems if p.code in ("P013", "P044")}
    assert said == {"P013": f"値 「電子申請」 は使えません。項目の ID は{form}", "P044": f"ID「一の三」を読めません。{form}"}


def test_plan_import_names_a_kpis_old_item_as_the_plan_before_numbered_it():
    """Item 1-2 removed and its KPI moved to item 1-1: the change said 「1-1-2 → 1-1」, the old item as its ID (it is
    in no plan's numbering now)."""
    plan = kitahara()
    area = plan.areas[0]
    category = replace(area.categories[0], items=area.categories[0].items[:1])
    new = replace(plan, areas=(replace(area, categories=(category,)), *plan.areas[1:]),
                  kpis=(replace(plan.kpis[0], item_id="1-1-1"),))
    changes = [c.text for c in diff_plans(plan, new)]
    assert "[項目の変更] K1 電子申請できる手続の数: 1-2 → 1-1" in changes
    assert not _says_an_id(changes)


def test_the_form_and_the_review_sheet_read_an_item_number_typed_with_another_dash(year, tmp_path):
    """An ID typed over on the 調査票 (「1ー2」) or the 推進室評価シート (「１－１」, 「1−2」) was an unknown row (S007, A002
    and A007): it names its item. An ID no item has is quoted as typed (「1ー9」)."""
    from reform_xlsx.intake import read_return
    from review_sample import review_row

    plan, _, root, forms = year
    form = next(f for f in forms if f.stem.endswith("総務課"))
    wb = openpyxl.load_workbook(root / "受信" / form.name)
    ws = wb[layout.SHEET_ITEMS]
    (cell,) = [c for r in ws.iter_rows() for c in r if c.value == "1-2"]
    cell.value = "1ー2"
    wb.save(tmp_path / form.name)
    read = read_return(tmp_path / form.name, plan, 2024)
    assert not [p for p in read.problems if p.code in ("S006", "S007", "S008")], [p.message for p in read.problems]
    assert {a.id for a in read.answers if a.kind == "item"} == {"1-1-2"}
    review = next((root / "出力").glob("*推進室評価シート.xlsx"))
    wb = openpyxl.load_workbook(review)
    ws = wb[layout.SHEET_REVIEW]
    for (number, section), typed in ((("1-1", "住民課"), "１－１"), (("1-2", "住民課"), "1−2")):
        ws[review_row(ws, number, section)["ID"]] = typed
    wb.save(tmp_path / "評価.xlsx")
    assert not read_return(tmp_path / "評価.xlsx", plan, 2024).problems
    ws[review_row(ws, "2-1", "建設課")["ID"]] = "1ー9"
    wb.save(tmp_path / "評価2.xlsx")
    said = {p.code: p.message for p in read_return(tmp_path / "評価2.xlsx", plan, 2024).problems}
    assert said["A002"].startswith("評価シートの行（ID「1ー9」・担当課「建設課」）") and not _says_an_id(said.values())


def test_a_copy_sent_back_without_what_it_asked_for_names_the_row_as_the_form_does(tmp_path):
    """A row added under 1-2 with an ID no item has (S007): the 差し戻し copy marks 1-2's row red for it; sent back as it
    was, S015 said 「… 1-1-2 の「課題・今後の方針」…」 of a form that shows 1-2."""
    import datetime as dt

    import intake_craft as craft
    from reform_xlsx.merge import run_merge

    plan = kitahara()
    answers = {i.id: {"進捗状況": "A 順調", "取組実績": "進めた。", "課題・今後の方針": "続ける。"}
               for i in plan.items_for("総務課", 2024)}
    answers[layout.RESPONDENT_ID] = {"担当者": "山田", "内線": "123"}
    assert main(["templates", "--year", "R6", "--out", str(tmp_path / "調査票"), "--plan", str(PLAN_FILE)]) == 0
    form = next((tmp_path / "調査票").glob("*総務課.xlsx"))
    fill_template(form, {layout.SHEET_ITEMS: answers, layout.SHEET_KPI: {"K1": {"実績値": 12}}}, tmp_path / "filled.xlsx")

    def add_row(wb):
        ws = wb[layout.SHEET_ITEMS]
        last = max(c.row for c in ws["A"] if c.value == "1-2")
        column = next(c.column for c in ws[layout.HEADER_ROW + 1] if c.value == "課題・今後の方針")
        ws.cell(last + 1, 1, "9-9")
        ws.cell(last + 1, column, "知らない ID の行の方針")
    (tmp_path / "受信").mkdir()
    craft.edit(tmp_path / "filled.xlsx", tmp_path / "受信" / form.name, add_row)
    out, db = tmp_path / "出力", tmp_path / "reform.db"
    first = run_merge([tmp_path / "受信"], plan, 2024, db=db, out=out)
    assert [p.code for p in first.batch.files[0].problems] == ["S007"]
    copy = first.feedback[form.name]
    (tmp_path / "再提出").mkdir()
    now = dt.datetime.now() + dt.timedelta(minutes=1)
    craft.saved_at(copy, tmp_path / "再提出" / form.name, now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    (back,) = run_merge([tmp_path / "再提出"], plan, 2024, db=db, out=out, now=now).batch.files
    said = [p.message for p in back.problems if p.code == "S015"]
    assert said and all(m.startswith("差し戻しの写しの 1-2 の「") for m in said) and not _says_an_id(said)


@pytest.mark.parametrize("kpi_id", ["1-1-9", "1-1-1", "K1"])
def test_the_answer_table_shows_a_kpi_by_its_id_even_one_written_like_an_item(tmp_path, kpi_id):
    """A town numbering its KPIs 「1-1-9」 (an ID the plan file allows): the 回答一覧 showed KPI 1-1-9 as 「1-9」 and KPI
    1-1-1 as 「1-1」 — the number of item 1-1 — as if an item's number (:meth:`Plan.item_number`)."""
    import pandas as pd

    from reform_xlsx.xlsx.answer_table import answer_table

    text = PLAN_FILE.read_text(encoding="utf-8").replace("  - id: K1\n", f"  - id: {kpi_id}\n", 1)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    plan, _ = load_plan(tmp_path / "plan.yaml")
    cells = {"year": 2024, "section": "総務課", "file": "f.xlsx"}
    answers = pd.DataFrame([{**cells, "kind": "kpi", "id": kpi_id, "field": "actual", "value": 12, "raw": "12",
                             "sheet": layout.SHEET_KPI, "cell": "I5"},
                            {**cells, "kind": "item", "id": "1-1-2", "field": "grade", "value": "A", "raw": "A",
                             "sheet": layout.SHEET_ITEMS, "cell": "F5"}])
    table = answer_table(plan, answers)
    assert sorted(zip(table["kind"], table["id"])) == [("KPI", kpi_id), ("取組状況", "1-2")]


@pytest.mark.parametrize("item_id, shown", [
    ("1-1-2", "1-2"), ("1-1-9", "1-9"), ("2-1-7", "2-7"),  # an item of the plan, an earlier version's (ended, moved)
    ("1-2-1", "1-2-1"), ("3-1-1", "3-1-1"), ("K1", "K1"), ("1-9", "1-9"), ("1-1", "1-1"), ("", ""),
])
def test_an_item_the_plan_has_not_is_numbered_as_its_basic_policy_numbers_its_items(item_id, shown):
    """An ID of an earlier version (an item ended, moved to another section) was shown as 「1-1-9」 (the 差し戻し copy
    of a form of that version named its rows so)."""
    assert kitahara().item_number(item_id) == shown


def test_the_copy_of_a_form_of_an_earlier_version_names_the_rows_it_left_out_as_the_form_did():
    """M003's copy: 「現在の版の調査票にない行（1-1-9、K9）」 named an item by its ID."""
    from reform_xlsx.ledger.feedback import _copied_from_earlier_revision

    values = {(layout.SHEET_ITEMS, "1-1-9", "result"): "進めた。", (layout.SHEET_KPI, "K9", "actual"): 3,
              (layout.SHEET_RESPONSES, "1-1-9", "response"): "対応した。"}
    text = _copied_from_earlier_revision(kitahara(), values, [], {(layout.SHEET_RESPONSES, "1-1-9", "response"): "C9"}, [])
    assert "現在の版の調査票にない行（1-9、K9）" in text and "ただし、1-9 の「意見への対応」" in text
    assert not _says_an_id([text]) and "1-1-9" not in text


def test_merged_input_cells_are_said_of_the_rows_as_the_form_numbers_them(year, tmp_path):
    """進捗状況 merged over 住民課's two rows (S014) said 「… の 1-1-1・1-1-2 の行」 of a form that shows 1-1 and 1-2."""
    from reform_xlsx.intake import read_return

    plan, _, root, forms = year
    form = next(f for f in forms if f.stem.endswith("住民課"))
    wb = openpyxl.load_workbook(root / "受信" / form.name)
    ws = wb[layout.SHEET_ITEMS]
    rows = [c.row for c in ws["A"] if c.value in ("1-1", "1-2")]
    column = next(c.column_letter for c in ws[layout.HEADER_ROW + 1] if c.value == "進捗状況")
    ws.merge_cells(f"{column}{rows[0]}:{column}{rows[-1]}")
    wb.save(tmp_path / form.name)
    said = [p.message for p in read_return(tmp_path / form.name, plan, 2024).problems if p.code == "S014"]
    assert said and "の 1-1・1-2 の行" in said[0] and not _says_an_id(said)
