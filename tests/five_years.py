"""Five years of the bundled plan as the office lives them, with the plan revised in Excel on the way.

- 令和9年度 (版 2027-03, from R9): 税務課 renamed 収納課 (its items and KPIs move with it); 1-1-4
  電子入札 ended after 令和8年度.
- 令和10年度 (版 2028-03, from R10): K10 ふるさと納税 target 2.5億 → 3億; a new item 2-2-11 公用車の削減
  (財政課) with a new KPI K14 measured from its first year; the 工程表 of 1-1-2 completed
  (① 令和8～9年度 検討, ② 令和10年度～ 実施).
- 令和11年度 (版 2029-03, from R11): DX推進課 and 秘書政策課 merged into 政策推進課; K09 retired
  after 令和10年度.

:func:`master_edits` says each revision as cells of the exported plan master ({sheet: {A1: value}}),
for LibreOffice to type (tests/lo_fill.py); :func:`returns` is what every section sends each year.
:data:`EXPECTED` is every year's KPI 判定, worked out by hand from :data:`ACTUALS` (e = 1/3, 1/2, 2/3,
5/6, 1; 概ね順調 from 0.8·e).
"""

from __future__ import annotations

import zlib
from pathlib import Path

import openpyxl

from reform_xlsx.form import layout
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.model import Plan
from reform_xlsx.templates.fill import cell_map, fill_template

YEARS = (2026, 2027, 2028, 2029, 2030)
RENAMED, NEW_NAME = "税務課", "収納課"
MERGED, MERGED_INTO = ("DX推進課", "秘書政策課"), "政策推進課"
ENDED_ITEM, NEW_ITEM, NEW_KPI, REVISED_KPI, RETIRED_KPI = "1-1-4", "2-2-11", "K14", "K10", "K09"

# What the owner of each KPI reports, per year (rates as fractions).
ACTUALS = {
    "K01": (0.262, 0.265, 0.27, 0.292, 0.305),
    "K02": (0.52, 0.556, 0.58, 0.6, 0.61),
    "K03": (0.13, 0.142, 0.16, 0.17, 0.19),
    "K04": (0.80, 0.85, 0.86, 0.88, 0.91),
    "K05": (0.70, 0.74, 0.76, 0.80, 0.82),
    "K06": (0.30, 0.33, 0.37, 0.385, 0.39),
    "K07": (0.25, 0.31, 0.31, 0.32, 0.35),
    "K08": (0.12, 0.16, 0.21, 0.26, 0.30),
    "K09": (1, 1, 2, None, None),  # retired after 令和10年度
    "K10": (180_000_000, 205_000_000, 235_000_000, 270_000_000, 310_000_000),
    "K11": (68, 64, 54, 48, 40),
    "K12": (6_100_000, 6_000_000, 5_900_000, 5_800_000, 5_500_000),
    "K13": (350, 400, 430, 470, 500),
    "K14": (None, None, 118, 110, 100),  # added from 令和10年度, no baseline: its first actual is it
}
# Every year's 判定 (K10 from 令和10年度 against 3億: 2.35億 is 概ね順調 there, it would be 順調 against 2.5億;
# 令和8・9年度 stay judged against 2.5億 — 概ね順調, 順調 — although against 3億 they would be 遅れ).
EXPECTED = {
    2026: {"K01": "順調", "K02": "遅れ", "K03": "概ね順調", "K04": "遅れ", "K05": "順調", "K06": "遅れ",
           "K07": "遅れ", "K08": "順調", "K09": "遅れ", "K10": "概ね順調", "K11": "順調", "K12": "概ね順調",
           "K13": "遅れ"},
    2027: {"K01": "概ね順調", "K02": "順調", "K03": "概ね順調", "K04": "順調", "K05": "順調", "K06": "概ね順調",
           "K07": "順調", "K08": "順調", "K09": "遅れ", "K10": "順調", "K11": "概ね順調", "K12": "概ね順調",
           "K13": "順調"},
    2028: {"K01": "遅れ", "K02": "順調", "K03": "概ね順調", "K04": "概ね順調", "K05": "順調", "K06": "順調",
           "K07": "概ね順調", "K08": "順調", "K09": "遅れ", "K10": "概ね順調", "K11": "順調", "K12": "概ね順調",
           "K13": "概ね順調", "K14": "順調"},
    2029: {"K01": "順調", "K02": "達成", "K03": "概ね順調", "K04": "概ね順調", "K05": "達成", "K06": "順調",
           "K07": "遅れ", "K08": "順調", "K10": "概ね順調", "K11": "概ね順調", "K12": "概ね順調", "K13": "順調",
           "K14": "概ね順調"},
    2030: {"K01": "達成", "K02": "達成", "K03": "概ね順調", "K04": "達成", "K05": "達成", "K06": "概ね順調",
           "K07": "遅れ", "K08": "達成", "K10": "達成", "K11": "達成", "K12": "達成", "K13": "達成", "K14": "達成"},
}
GRADES = ("A 計画どおり", "B 概ね計画どおり", "A 計画どおり", "C 遅れ", "E 完了")


def grade(item_index: int, year: int) -> str:
    return GRADES[(item_index + year) % len(GRADES)]


def _offset(section: str) -> int:
    """A few hundred yen that differ by section: a shared item's 財政効果額 is never the same from two
    sections by chance (that is R005, a question for the office)."""
    return 100 * (zlib.crc32(section.encode()) % 1000)


def answers(plan: Plan, section: str, year: int) -> dict:
    """What ``section`` types for ``year`` (grades by item and year, every KPI it reports)."""
    items = plan.items_for(section, year)
    ids = [i.id for i in plan.items]
    found = {layout.SHEET_ITEMS: {i.id: {"進捗状況": grade(ids.index(i.id), year),
                                         "取組実績": f"{i.name}を進めた（{section}、{year}）。",
                                         "課題・今後の方針": "次の年度も続ける。",
                                         "財政効果額（円）": 100_000 * (ids.index(i.id) % 4) + _offset(section)}
                                  for i in items}}
    found[layout.SHEET_ITEMS][layout.RESPONDENT_ID] = {"担当者": f"{section}の担当", "内線": "1234",
                                                       "メール": "kaikaku@example.jp"}
    kpis = plan.kpis_for(section, year)
    if kpis:
        found[layout.SHEET_KPI] = {k.id: {"実績値": ACTUALS[k.id][year - 2026], "算出根拠・備考": "年度末の実数"}
                                   for k in kpis}
    return found


def fill_all(plan: Plan, folder: Path, inbox: Path, year: int, skip: tuple[str, ...] = ()) -> list[Path]:
    """Every section's 調査票 in ``folder`` filled (but ``skip``) into ``inbox``."""
    inbox.mkdir(parents=True, exist_ok=True)
    done = []
    for path in sorted(folder.glob("*.xlsx")):
        section = path.stem.rsplit("_", 1)[1]
        if section not in skip:
            done.append(fill_template(path, answers(plan, section, year), inbox / path.name))
    return done


# --- the revisions as cells of the plan master ----------------------------------------------

class Master:
    """Where things are in an exported plan master (rows by their ID or label, columns by label)."""

    def __init__(self, path: Path) -> None:
        self.wb = openpyxl.load_workbook(path)
        meta = {r[0].value: r[1].value for r in self.wb[ml.SHEET_META].iter_rows()}
        self.names = {k[len(ml.META_SHEET):]: v for k, v in meta.items() if k.startswith(ml.META_SHEET)}

    def sheet(self, key: str) -> str:
        return self.names[key]

    def cell(self, key: str, id_label: str, row_id: str, label: str) -> str:
        return cell_map(self.wb[self.sheet(key)], id_label)[(row_id, layout.normalise_label(label))]

    def blank_rows(self, key: str, id_label: str, count: int = 1) -> list[int]:
        """The first ``count`` empty rows under a table (1-based)."""
        ws = self.wb[self.sheet(key)]
        rows = [[c.value for c in r] for r in ws.iter_rows()]
        header = layout.find_header_row(rows, id_label, search_rows=len(rows))
        first = next(r for r in range(header + 1, len(rows) + 1)
                     if r >= len(rows) or all(v in (None, "") for v in rows[r]))
        return [first + 1 + n for n in range(count)]

    def column(self, key: str, id_label: str, label: str) -> str:
        ws = self.wb[self.sheet(key)]
        rows = [[c.value for c in r] for r in ws.iter_rows(max_row=30)]
        header = layout.find_header_row(rows, id_label)
        index = layout.column_index(rows[header])
        return openpyxl.utils.get_column_letter(index[layout.normalise_label(label)] + 1)

    def new_row(self, key: str, id_label: str, values: dict[str, object], n: int = 0) -> dict[str, object]:
        row = self.blank_rows(key, id_label, n + 1)[n]
        return {f"{self.column(key, id_label, label)}{row}": value for label, value in values.items()}


def _info(m: Master, version: str, year: str, date: str, reason: str) -> dict:
    return {m.cell(ml.INFO, "項目", "版", "値"): version, m.cell(ml.INFO, "項目", "適用年度", "値"): year,
            m.cell(ml.INFO, "項目", "改訂日", "値"): date, m.cell(ml.INFO, "項目", "改訂の理由", "値"): reason}


def master_edits(path: Path, year: int) -> dict[str, dict[str, object]]:
    """The revision of ``year`` (2027, 2028 or 2029) as cells of the master exported at ``path``."""
    m = Master(path)
    info, items, actions, kpis = (m.sheet(k) for k in (ml.INFO, ml.ITEMS, ml.ACTIONS, ml.KPIS))
    sections, moves = m.sheet(ml.SECTIONS), m.sheet(ml.MOVES)
    if year == 2027:
        return {
            info: _info(m, "2027-03", "R9", "2027-03-10", "税務課を収納課に改称。電子入札の運用拡大は令和8年度で完了"),
            sections: {m.cell(ml.SECTIONS, "課名", RENAMED, "課名"): NEW_NAME},
            moves: m.new_row(ml.MOVES, "適用年度", {"適用年度": "R9", "旧課名": RENAMED, "新課名": NEW_NAME}),
            items: {m.cell(ml.ITEMS, "ID", ENDED_ITEM, "終了年度"): "R8"},
        }
    if year == 2028:
        marks = {label: "○" for label in ("R10", "R11", "R12")}
        actions_cells = m.new_row(ml.ACTIONS, "項目ID", {"項目ID": NEW_ITEM, "主な取組": "公用車の台数の見直し",
                                                          "段階": "実施", **marks})
        steps = {}
        ws = m.wb[actions]
        for row in ws.iter_rows():  # 1-1-2's two 主な取組: ① R8–R9 検討, ② R10– 実施
            if row[0].value == "1-1-2":
                n = sum(1 for r in ws.iter_rows(max_row=row[0].row) if r[0].value == "1-1-2")
                years = ("R8", "R9") if n == 1 else ("R10", "R11", "R12")
                steps[f"{m.column(ml.ACTIONS, '項目ID', '段階')}{row[0].row}"] = "検討" if n == 1 else "実施"
                steps |= {f"{m.column(ml.ACTIONS, '項目ID', y)}{row[0].row}": "○" for y in years}
        return {
            info: _info(m, "2028-03", "R10", "2028-03-12", "ふるさと納税の目標を引き上げ、公用車の削減を追加"),
            kpis: {m.cell(ml.KPIS, "KPI ID", REVISED_KPI, "目標値"): "300000000",
                   **m.new_row(ml.KPIS, "KPI ID", {
                       "KPI ID": NEW_KPI, "項目ID": NEW_ITEM, "指標名": "公用車の保有台数", "略称": "公用車の台数",
                       "種類": "件数", "単位": "台", "方向": "減少", "目標値": "100", "報告課": "財政課",
                       "開始年度": "R10", "終了年度": "R12"})},
            items: m.new_row(ml.ITEMS, "ID", {"ID": NEW_ITEM, "名称": "公用車の削減",
                                              "推進内容": "公用車の台数と使い方を見直し、維持費を減らす。",
                                              "担当課1": "財政課", "開始年度": "R10", "終了年度": "R12"}),
            actions: actions_cells | steps,
        }
    if year == 2029:
        return {
            info: _info(m, "2029-03", "R11", "2029-03-08", "DX推進課と秘書政策課を統合し政策推進課に"),
            sections: {m.cell(ml.SECTIONS, "課名", MERGED[0], "課名"): MERGED_INTO,
                       m.cell(ml.SECTIONS, "課名", MERGED[1], "課名"): ""},
            moves: m.new_row(ml.MOVES, "適用年度", {"適用年度": "R11", "旧課名": MERGED[0], "新課名": MERGED_INTO})
            | m.new_row(ml.MOVES, "適用年度", {"適用年度": "R11", "旧課名": MERGED[1], "新課名": MERGED_INTO}, n=1),
            kpis: {m.cell(ml.KPIS, "KPI ID", RETIRED_KPI, "終了年度"): "R10"},
        }
    raise ValueError(year)


def apply_with_openpyxl(path: Path, cells: dict[str, dict[str, object]], target: Path) -> Path:
    """The same edits written by openpyxl (a quick stand-in for LibreOffice, for the tests that only
    need an edited master)."""
    wb = openpyxl.load_workbook(path)
    for sheet, values in cells.items():
        for ref, value in values.items():
            if isinstance(value, str) and value.replace(".", "", 1).isdigit():
                value = float(value)
            wb[sheet][ref].value = value if value != "" else None
    wb.save(target)
    return target


# --- the same revisions as plan files (for the tests that need no LibreOffice) ----------------

def revised_yaml(year: int) -> str:
    """The plan as revised up to ``year`` (2027, 2028 or 2029), as a plan file with its revision block."""
    import yaml

    from reform_xlsx.plan.loading import bundled_plan_text

    data = yaml.safe_load(bundled_plan_text())
    items = {f"{a['number']}-{c['number']}-{i['number']}": i for a in data["areas"] for c in a["categories"]
             for i in c["items"]}
    kpis = {k["id"]: k for k in data["kpis"]}
    data["reorganisations"] = [{"year": "R9", "from": RENAMED, "to": NEW_NAME}]
    data["sections"] = [NEW_NAME if s == RENAMED else s for s in data["sections"]]
    items[ENDED_ITEM]["end"] = "R8"
    data["plan"]["version"] = "2027-03"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "税務課を収納課に改称"}
    if year >= 2028:
        kpis[REVISED_KPI]["target"] = 300_000_000
        category = data["areas"][1]["categories"][1]
        category["items"].append({"number": 11, "name": "公用車の削減", "content": "公用車の台数と使い方を見直す。",
                                  "actions": [{"text": "公用車の台数の見直し", "start": "R10", "stage": "実施"}],
                                  "sections": ["財政課"], "start": "R10"})
        data["kpis"].append({"id": NEW_KPI, "item": NEW_ITEM, "name": "公用車の保有台数", "kind": "count", "unit": "台",
                             "direction": "減少", "baseline": None, "target": 100, "owner": "財政課", "start": "R10"})
        first, second = items["1-1-2"]["actions"]
        items["1-1-2"]["actions"] = [{"text": first, "start": "R8", "end": "R9", "stage": "検討"},
                                     {"text": second, "start": "R10", "stage": "実施"}]
        data["plan"]["version"] = "2028-03"
        data["revision"] = {"date": "2028-03-12", "effective_year": "R10", "reason": "ふるさと納税の目標を引き上げ"}
    if year >= 2029:
        data["reorganisations"] += [{"year": "R11", "from": s, "to": MERGED_INTO} for s in MERGED]
        data["sections"] = [MERGED_INTO if s == MERGED[0] else s for s in data["sections"] if s != MERGED[1]]
        kpis[RETIRED_KPI]["end"] = "R10"
        data["plan"]["version"] = "2029-03"
        data["revision"] = {"date": "2029-03-08", "effective_year": "R11", "reason": "政策推進課の発足"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
