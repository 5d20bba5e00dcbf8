"""Write the plan master: the whole plan as a workbook the reform office edits (``plan export``).

Every part of the plan file (:func:`reform_xlsx.plan.yaml_export.plan_data`, the same data a plan
file gives) goes into one table or another (:mod:`.master_layout`); reading the workbook back
unedited gives the same plan. What the office may edit is pale yellow; fixed IDs (計画ID, the IDs of
existing 区分, 項目 and KPI) are grey and locked (the sheets are protected without a password: rows
can still be added and deleted). Where a value must come from a list there is a drop-down (担当課,
項目ID, 種類, 方向, 年度, ○). Every sheet prints on A4 landscape, one page wide.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.master_layout import MARK, Column
from reform_xlsx.plan.model import Plan, action_number
from reform_xlsx.plan.yaml_export import plan_data
from reform_xlsx.wareki import format_fiscal_year, format_period, format_year_span, japanese_month, short_fiscal_year
from reform_xlsx.xlsx.sizing import row_height, wrap_lines
from reform_xlsx.xlsx.style import INPUT_FILL, LOCKED_FILL, Styles, paginate_table, setup_page, write_note
from reform_xlsx.xlsx.workbook import new_workbook

TEXT = "@"  # typed text stays text (a 版 「2028-04」 is not a date)
RATE_FORMAT, NUMBER_FORMAT = "0.0##%", "#,##0.###"
PROTECT = {"select_locked_cells": True, "select_unlocked_cells": True, "format_rows": True,
           "format_columns": True, "insert_rows": True, "delete_rows": True}
KIND_LABELS = {v: k for k, v in ml.KINDS.items()}


def years_of(plan: Plan) -> tuple[int, ...]:
    return tuple(range(plan.start_year, plan.end_year + 1))


def write_master(plan: Plan, path: str | Path, *, now: dt.datetime | None = None) -> Path:
    """Write ``plan`` as the plan master at ``path`` (written whole, then moved into place)."""
    path = Path(path)
    data = plan_data(plan)
    levels = _level_rows(data, plan)
    two_level = all(r["level"] == plan.words.area for r in levels)  # no 2段目 row: no 2段目 word in its name
    names = ml.sheet_names(plan.words, two_level)
    wb = new_workbook(path)
    st = Styles(wb, plan.grades)
    wb.set_properties({"title": f"{plan.name} 計画マスター（版 {plan.version}）", "subject": plan.name,
                       "author": plan.office, "company": plan.city,
                       "comments": "reform_xlsx の計画マスター。編集して reform-xlsx plan import で取り込みます。"})
    sheets = {key: wb.add_worksheet(names[key]) for key in ml.SHEET_ORDER}
    writer = _Writer(plan, st, years_of(plan), ml.levels_title(plan.words, two_level))
    writer.guide(sheets[ml.GUIDE], names)
    writer.info(sheets[ml.INFO], data)
    writer.table(sheets[ml.LEVELS], ml.LEVELS, levels)
    writer.table(sheets[ml.ITEMS], ml.ITEMS, _item_rows(data, plan))
    writer.table(sheets[ml.ACTIONS], ml.ACTIONS, _action_rows(plan))
    writer.table(sheets[ml.KPIS], ml.KPIS, _kpi_rows(data, plan))
    writer.table(sheets[ml.SECTIONS], ml.SECTIONS, [{"name": s} for s in plan.sections])
    writer.table(sheets[ml.MOVES], ml.MOVES, [{"year": m["year"], "from": m["from"], "to": m["to"]}
                                              for m in data.get("reorganisations", [])])
    top = writer.table(sheets[ml.GRADES], ml.GRADES, [
        {**g, "behind": MARK if g["behind"] else None} for g in data["grades"]], spare=5)
    writer.thresholds(sheets[ml.GRADES], top + 2, data["judgement"])
    writer.table(sheets[ml.GLOSSARY], ml.GLOSSARY, data.get("glossary", []))
    _lists(wb, plan, names, writer.first_rows)
    _meta(wb, plan, names, now or dt.datetime.now().replace(microsecond=0))
    sheets[ml.GUIDE].activate()
    wb.close()
    return path


def _level_rows(data: dict, plan: Plan) -> list[dict]:
    rows = []
    for a in data["areas"]:
        rows.append({"id": str(a["number"]), "level": plan.words.area, "name": a["name"], "intro": a["intro"]})
        if plan.area(a["number"]).two_level and not a["categories"][0]["intro"] and a["categories"][0]["number"] == 1:
            continue  # its one 2段目 only repeats it (a plan of two levels): plan import reads it back from this row
            # (as 2段目 1: one numbered otherwise keeps its row, its items' IDs name it)
        rows += [{"id": f"{a['number']}-{c['number']}", "level": plan.words.category, "name": c["name"],
                  "intro": c["intro"]} for c in a["categories"]]
    return rows


def _item_rows(data: dict, plan: Plan) -> list[dict]:
    """The items sheet's rows, each item's ID as every output shows it (「1-3」 in a 1段目 of two levels: plan import
    reads it, and 「1-1-3」, as the item 1-1-3)."""
    start, end = data["plan"]["period"]["start"], data["plan"]["period"]["end"]
    rows = []
    for a in data["areas"]:
        for c in a["categories"]:
            for i in c["items"]:
                row = {"id": plan.item_number(f"{a['number']}-{c['number']}-{i['number']}"), "name": i["name"],
                       "continued": MARK if i["continued"] else None, "content": i["content"],
                       "related_sections": MARK if i["related_sections"] else None,
                       "start": i.get("start", start), "end": i.get("end", end), "marker": i.get("marker")}
                row |= {f"section{n}": s for n, s in enumerate(i["sections"], start=1)}
                rows.append(row)
    return rows


def _action_rows(plan: Plan) -> list[dict]:
    rows = []
    for item in plan.items:
        for n, text in enumerate(item.actions):
            phase = item.phases[n] if n < len(item.phases) else None
            row = {"item": plan.item_number(item), "number": action_number(n), "text": text}
            if phase is not None:
                row["stage"] = phase.stage
                row |= {f"year.{short_fiscal_year(y)}": MARK for y in range(phase.start, phase.end + 1)}
            rows.append(row)
    return rows


def _kpi_rows(data: dict, plan: Plan) -> list[dict]:
    """The KPI sheet's rows; 開始年度・終了年度 blank where the KPI has its item's years (the plan file leaves them out:
    it ends with its item, also when a revision typed into this master moves the item's end)."""
    rows = []
    for k in data["kpis"]:
        row = {**k, "item": plan.item_number(k["item"]), "kind": KIND_LABELS[k["kind"]], "cumulative": MARK if k["cumulative"] else None,
               "owner_assumed": MARK if k["owner_assumed"] else None, "start": k.get("start"),
               "end": k.get("end"), "_kind": k["kind"]}
        row |= {f"yearly.{y}": v for y, v in k.get("yearly_targets", {}).items()}
        rows.append(row)
    return rows



def info_examples(start: int, end: int, city: str = "", reform: str = "") -> dict[str, str]:
    """The 計画情報 sheet's examples in the plan's own years (令和8～12年度: 「R8、令和8年度」, 「R12」, 適用年度 「R10」,
    公表 「令和8年2月」, 改訂日 「2028-03-15」) and words (推進本部 「北浦町町政改革推進本部会議」, not a 市's)."""
    later = min(end, start + 2)
    return {"first": short_fiscal_year(start), "first_long": format_fiscal_year(start), "last": short_fiscal_year(end),
            "later": short_fiscal_year(later), "published": japanese_month(start, 2), "revised": f"{later}-03-15",
            "headquarters": f"{city.strip() or '〇〇市'}{reform.strip() or '行政改革'}推進本部会議"}


def schedule_example(start: int, end: int) -> str:
    """How the 調査票's 「実施時期」 shows a 主な取組's ○, in the plan's own years: 「令和8～9年度 検討、令和10年度～
    実施」 for 令和8～12年度, 「平成30～31年度 検討、令和2年度～ 実施」 for 平成30年度～令和3年度."""
    if end - start >= 2:
        return f"{format_year_span(start, start + 1)} 検討、{format_year_span(start + 2, end, open_end=True)} 実施"
    if end > start:
        return f"{format_year_span(start, start)} 検討、{format_year_span(end, end)} 実施"
    return f"{format_year_span(start, start)} 実施"

class _Writer:
    def __init__(self, plan: Plan, st: Styles, years: tuple[int, ...], levels: str) -> None:
        self.plan, self.st, self.years, self.levels = plan, st, years, levels  # levels: the 階層 sheet's title
        self.sections = max([ml.ITEM_SECTIONS] + [len(i.sections) for i in plan.items])  # 担当課1 …
        self.first_rows: dict[str, int] = {}  # sheet key → its first data row (0-based)
        self.two_levels = any(a.two_level for a in plan.areas)  # items numbered 「1-3」 (Plan.item_number)

    # --- formats -------------------------------------------------------------------------
    def _cell(self, column: Column, locked: bool, kind: str | None = None):
        fmt = None
        if column.kind in ("year", "date", "section", "item") or column.key in ("id", "value"):
            fmt = TEXT
        elif column.kind == "number":
            fmt = RATE_FORMAT if kind == "rate" else NUMBER_FORMAT
        align = "center" if column.kind in ("mark", "kind", "direction", "int") or (
            column.kind == "year" and column.key != "value") else None
        props: dict = {"text_wrap": True, "bg_color": LOCKED_FILL if locked else INPUT_FILL, "locked": locked}
        if fmt:
            props["num_format"] = fmt
        if align:
            props["align"] = align
        return self.st.cell(**props)

    def _header(self, ws: Worksheet, row: int, columns: tuple[Column, ...]) -> None:
        for c, column in enumerate(columns):
            ws.write_string(row, c, column.label, self.st.form_header(input=not column.locked))
        ws.set_row(row, row_height([(c.label, c.width) for c in columns], min_lines=2))

    def _title(self, ws: Worksheet, key: str, columns: tuple[Column, ...]) -> int:
        """The sheet's title and note (one line a row, no merged cells); returns the header row."""
        w = self.plan.words
        title = ml.TITLES[key].format(levels=self.levels, item=w.item)
        ws.write_string(ml.TITLE_ROW, 0, title, self.st.form_title())
        ws.set_row(ml.TITLE_ROW, 24)
        note = ml.NOTES[f"{key}.two_levels" if self.two_levels and f"{key}.two_levels" in ml.NOTES else key].format(schedule=schedule_example(self.plan.start_year, self.plan.end_year))
        return write_note(ws, self.st, ml.NOTE_ROW, note, sum(c.width for c in columns))

    def _page(self, ws: Worksheet, key: str, columns: tuple[Column, ...], header: int) -> None:
        setup_page(ws, left=f"{self.plan.name} 計画マスター", centre=ws.get_name(), right=f"版 {self.plan.version}",
                   repeat=(header, header))
        for c, column in enumerate(columns):
            ws.set_column(c, c, column.width)
        ws.freeze_panes(header + 1, 1)
        ws.protect("", PROTECT)

    # --- sheets -----------------------------------------------------------------------------
    def guide(self, ws: Worksheet, names: dict[str, str]) -> None:
        plan = self.plan
        setup_page(ws, left=f"{plan.name} 計画マスター", centre=ws.get_name(), right=f"版 {plan.version}", one_page=True)
        ws.set_column(0, 0, 2)
        ws.set_column(1, 1, 24)
        ws.set_column(2, 2, 110)
        ws.write_string(0, 1, f"{plan.name}　計画マスター（版 {plan.version}）", self.st.title)
        ws.set_row(0, 30)
        lines = [("この表は", f"{plan.name}（{format_period(plan.start_year, plan.end_year)}）の全体です。"
                              "推進室がこの表で計画を直し（目標値の見直し、項目の追加・終了、組織改正など）、"
                              "reform-xlsx plan import で取り込みます。取り込むと、前の版との違い（変更点）を表示してから台帳に記録します。"),
                 ("直せるところ", "黄色のセルです。灰色のセル（計画ID、これまでの区分・項目・KPI の ID）は変えられません"
                                  "（調査票と台帳が ID で見分けているため）。行の追加はシートの下の空いた行に書きます。"),
                 ("改訂するとき", "「計画情報」の「版」を新しくし、「改訂日」「適用年度」「改訂の理由」を書きます。"
                                  "適用年度から新しい版の調査票・集計になり、前の年度はその年度に使った版のまま集計します。"),
                 ("項目・KPI をやめる", "行は消さずに「終了年度」を書きます（前の年度の回答と判定は残ります）。"),
                 ("項目・KPI を加える", "下の空いた行に書き、「開始年度」を書きます。ID は重ならない番号にします。"),
                 ("組織改正", "「担当課」を新しい課名にし、「組織改正」シートに 適用年度・旧課名・新課名 を書きます。"
                              "名称変更・統合は、項目の担当課と KPI の報告課が新しい課に移ります（前年度の回答も新しい課に引き継ぎます）。"),
                 ("実施時期", "「主な取組」シートで、主な取組ごとに取り組む年度に ○ を付けます。調査票の「実施時期」に"
                              f"「{schedule_example(plan.start_year, plan.end_year)}」のように出ます。"),
                 ("数字", "割合は 24% のように % を付けて入力します（セルには 0.24 が入ります）。金額は円、件数は数字だけ。"),
                 ("数式", "数式は使えません（値を直接入力します）。ドロップダウンのあるセルは一覧から選びます。")]
        lines += [("シート", "、".join(names[k] for k in ml.SHEET_ORDER[1:]))]
        row = 2
        for label, text in lines:
            ws.write_string(row, 1, label, self.st.label)
            ws.write_string(row, 2, text, self.st.paragraph)
            ws.set_row(row, row_height([(text, 110)], padding=3))
            row += 1
        ws.print_area(0, 0, row, 2)
        ws.protect("", PROTECT)

    def info(self, ws: Worksheet, data: dict) -> None:
        columns = ml.INFO_COLUMNS
        header = self._title(ws, ml.INFO, columns)
        self._header(ws, header, columns)
        row = header + 1
        examples = info_examples(self.plan.start_year, self.plan.end_year, self.plan.words.city, self.plan.words.reform)
        for key, label, kind, note in ml.info_rows():
            note = note.format(**examples)
            value = _at(data, key)
            locked = key == "plan.id"
            ws.write_string(row, 0, label, self.st.locked())
            fmt = self._cell(Column("value", "", 0, kind=kind), locked)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(row, 1, value, fmt)
            elif value in (None, ""):
                ws.write_blank(row, 1, None, fmt)
            else:
                ws.write_string(row, 1, str(value), fmt)
            ws.write_string(row, 2, note, self.st.muted)
            if kind == "year":
                ws.data_validation(row, 1, row, 1, _list(ml.LIST_YEARS, "年度",
                                                         f"一覧の年度から選びます（例 {examples['later']}）"))
            ws.set_row(row, row_height([(value, 50), (note, 60)]))
            row += 1
        self._page(ws, ml.INFO, columns, header)
        ws.print_area(0, 0, row - 1, len(columns) - 1)

    def table(self, ws: Worksheet, key: str, rows: list[dict], spare: int = ml.SPARE_ROWS) -> int:
        """Title, note, header and ``rows`` (column key → value), then ``spare`` open rows; returns the
        last row written."""
        columns = ml.columns(key, self.years, self.sections, self.two_levels)
        header = self._title(ws, key, columns)
        self._header(ws, header, columns)
        first = self.first_rows[key] = header + 1
        heights = []
        for r, values in enumerate(rows, start=first):
            kind = values.get("_kind")
            for c, column in enumerate(columns):
                self._write(ws, r, c, column, values.get(column.key), column.locked, kind)
            texts = [(values.get(col.key), col.width) for col in columns if isinstance(values.get(col.key), str)]
            # (a short text in a narrow column breaks where the Japanese rules let it: 「電子申告／（償却資／産）」 is three
            # lines where its length says two, and LibreOffice printed it cut)
            heights.append(row_height(texts, min_lines=max([1] + [len(wrap_lines(t, w)) for t, w in texts])))
            ws.set_row(r, heights[-1])
        last = first + len(rows) + spare - 1
        for r in range(first + len(rows), last + 1):
            for c, column in enumerate(columns):
                self._write(ws, r, c, column, None, False, None)
        for c, column in enumerate(columns):
            rule = _validation(column)
            if rule:
                ws.data_validation(first, c, last, c, rule)
        self._page(ws, key, columns, header)
        widths = tuple(c.width for c in columns)
        paginate_table(ws, heights, first, widths, top=24 + 13 * (header - ml.NOTE_ROW),
                       header=row_height([(c.label, c.width) for c in columns], min_lines=2))
        ws.print_area(0, 0, max(first + len(rows) - 1, first), len(columns) - 1)
        return last

    def _write(self, ws: Worksheet, r: int, c: int, column: Column, value: object, locked: bool,
               kind: str | None) -> None:
        fmt = self._cell(column, locked, kind)
        if value is None or value == "":
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, bool):
            ws.write_string(r, c, MARK if value else "", fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)

    def thresholds(self, ws: Worksheet, top: int, judgement: dict) -> None:
        columns = ml.THRESHOLD_COLUMNS
        self._header(ws, top, columns)
        for r, (key, label, note) in enumerate(ml.THRESHOLDS, start=top + 1):
            ws.write_string(r, 0, label, self.st.locked())
            ws.write_number(r, 1, judgement[key.split(".")[1]], self._cell(Column("threshold", "", 0, kind="number"), False))
            ws.write_string(r, 2, note, self.st.muted)
            # (the sheet's columns are the grades' table's: the label wraps in its narrow 記号 column, where a row 20 pt
            # high printed 「達成（進捗」 and cut 「率）」)
            cells = [(label, ml.GRADE_COLUMNS[0].width), (note, ml.GRADE_COLUMNS[2].width)]
            ws.set_row(r, max(20, row_height(cells, min_lines=max(len(wrap_lines(t, w)) for t, w in cells))))
        ws.print_area(0, 0, top + len(ml.THRESHOLDS), len(ml.GRADE_COLUMNS) - 1)


def _at(data: dict, dotted: str) -> object:
    node: object = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _list(name: str, title: str, message: str) -> dict:
    return {"validate": "list", "source": f"={name}", "input_title": title[:32], "input_message": message[:255],
            "error_title": title[:32], "error_message": "一覧にない値です。セル右の ▼ から選んでください。",
            "error_type": "stop"}


_LISTS = {"section": ml.LIST_SECTIONS, "item": ml.LIST_ITEMS, "kind": ml.LIST_KINDS,
          "direction": ml.LIST_DIRECTIONS, "mark": ml.LIST_MARK, "year": ml.LIST_YEARS}


def _validation(column: Column) -> dict | None:
    if column.locked:
        return None
    if column.kind in _LISTS:
        rule = _list(_LISTS[column.kind], column.label.replace("\n", " "), column.note or "一覧から選びます")
        if column.kind == "item":  # a new item's ID is typed on the same save: not a stop
            rule["error_type"] = "warning"
        return rule
    if column.note:
        return {"validate": "any", "input_title": column.label.replace("\n", " ")[:32],
                "input_message": column.note[:255]}
    return None


def _lists(wb, plan: Plan, names: dict[str, str], first_rows: dict[str, int]) -> None:
    ws = wb.add_worksheet(ml.SHEET_LISTS)
    columns = {ml.LIST_KINDS: list(ml.KINDS), ml.LIST_DIRECTIONS: list(ml.DIRECTIONS), ml.LIST_MARK: [MARK],
               ml.LIST_YEARS: [short_fiscal_year(y) for y in years_of(plan)]}
    for c, (name, values) in enumerate(columns.items()):
        for r, value in enumerate(values):
            ws.write_string(r, c, value)
        letter = xl_col_to_name(c)
        wb.define_name(name, f"={quote_sheetname(ml.SHEET_LISTS)}!${letter}$1:${letter}${len(values)}")
    # The lists the office extends: the column of their sheet, spare rows and rows added below included.
    for name, key in ((ml.LIST_SECTIONS, ml.SECTIONS), (ml.LIST_ITEMS, ml.ITEMS)):
        wb.define_name(name, f"={quote_sheetname(names[key])}!$A${first_rows[key] + 1}:$A$1000")
    ws.hide()


def _meta(wb, plan: Plan, names: dict[str, str], now: dt.datetime) -> None:
    ws = wb.add_worksheet(ml.SHEET_META)
    meta = {ml.META_FORMAT: ml.MASTER_FORMAT, ml.META_PLAN_ID: plan.id, ml.META_PLAN_VERSION: plan.version,
            ml.META_DIGEST: plan_digest(plan), ml.META_EXPORTED: now.isoformat()}
    meta |= {ml.META_SHEET + key: name for key, name in names.items()}
    for r, (key, value) in enumerate(meta.items()):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.protect("", PROTECT)
    ws.hide()

