"""The plan master's cells → the plan: the plan file's data built from the sheets, then the same
schema, builders and checks as a plan file (:func:`reform_xlsx.plan.loading.plan_from_data`), every
problem placed at its sheet and cell.

The sheets are found by the names in 「_meta」, header rows by their first label, columns by label
(:mod:`reform_xlsx.plan.master_layout`) and rows by their content. What a cell cannot mean (a
formula, 「△」 in a ○ column, 「割合？」 as a 種類) is said at the cell (P043, P044); what the plan
cannot mean (a duplicate ID, an unknown 担当課 chosen in a drop-down, a blank 目標値) gets the plan
file's own code (P020, P021, P010 …) at the cell it came from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reform_xlsx.form.layout import column_index, find_header_row, normalise_label
from reform_xlsx.intake import normalise as norm
from reform_xlsx.intake.cells import a1, column_letters, report_doubtful, report_shown_otherwise
from reform_xlsx.intake.master_reader import read_master_cells
from reform_xlsx.messages import Msg, Problem, Severity, problem
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.builders import KeyPath
from reform_xlsx.plan.loading import PlanError, as_read, plan_from_data
from reform_xlsx.plan.model import Plan
from reform_xlsx.wareki import FiscalYearError, parse_fiscal_year, short_fiscal_year

MARKS = {"○", "〇", "◯", "O", "o", "1", "TRUE", "はい"}
SCHEMA_CODES = {Msg.PLAN_MISSING_KEY.value.code, Msg.PLAN_WRONG_TYPE.value.code, Msg.PLAN_BAD_VALUE.value.code}
_ITEM_ID = re.compile(r"^(\d+)-(\d+)-(\d+)$")
_SHOWN_ITEM_ID = re.compile(r"^(\d+)-(\d+)$")  # 「1-3」: an item of a 1段目 of two levels as the master shows it
_LEVEL_ID = re.compile(r"^(\d+)(?:-(\d+))?$")
YEARLY = "年度目標"


def load_master(path: str | Path, *, method: str | None = None) -> tuple[Plan, list[Problem]]:
    """Read the plan master at ``path`` safely (:mod:`.master_reader`) and build the plan from it.

    Returns the plan and its warnings; raises :class:`~reform_xlsx.plan.loading.PlanError` with every
    problem (F codes for a file that cannot be read safely, P codes by sheet and cell)."""
    plan, warnings, _ = read_master(path, method=method)
    return plan, warnings


@dataclass(frozen=True)
class MasterOrigin:
    """What the master says beside the plan: the 版 it was exported from (its 「_meta」; None when it
    does not say) and where a key path of the plan is (``{"sheet", "cell"}``), for what the ledger
    says of the plan as a revision (L013 at the 版 cell, L018 at the 旧課名 cell …)."""

    exported_version: str | None
    where: Callable[[KeyPath], dict]


def read_master(path: str | Path, *, method: str | None = None) -> tuple[Plan, list[Problem], MasterOrigin]:
    """:func:`load_master`, and the master's :class:`MasterOrigin`."""
    cells, problems = read_master_cells(path, method=method)
    if cells is None:
        raise PlanError(problems)
    reader = _Reader(cells, Path(path).name)
    plan, warnings = _plan_from_master(reader, cells)
    exported = _text(_clean(cells.get("meta", {}).get(ml.META_PLAN_VERSION)))
    return plan, warnings, MasterOrigin(exported, reader.places.where)


@dataclass
class _Places:
    """Where each key path of the plan data came from, and what the cell's column is called."""

    at: dict[KeyPath, tuple[str, str]] = field(default_factory=dict)
    labels: dict[KeyPath, str] = field(default_factory=dict)
    typed: dict[KeyPath, object] = field(default_factory=dict)  # a number's cell as typed (「35」, 「６５％」)

    def put(self, path: KeyPath, sheet: str, cell: str, label: str = "") -> None:
        self.at[path] = (sheet, cell)
        if label:
            self.labels[path] = label

    def where(self, path: KeyPath) -> dict:
        while path and path not in self.at:
            path = path[:-1]
        sheet, cell = self.at.get(path, (None, None))
        return {"sheet": sheet, "cell": cell}

    def describe(self, path: KeyPath) -> str:
        found = self.where(path)
        return f"「{found['sheet']}」シートの {found['cell']}" if found["sheet"] else str(path)

    def label(self, path: KeyPath) -> str:
        return self.labels.get(path, str(path[-1]))

    def written(self, path: KeyPath) -> str | None:
        """A value as its cell has it, quoted for a message (P026's 「35」, not the 35.0 read from it); None: not
        a number's cell (the value as read is shown)."""
        return as_read(self.typed[path]) if path in self.typed else None


@dataclass
class _Row:
    """One data row of a table: column key → (value, A1 cell)."""

    number: int
    cells: dict[str, tuple[object, str]]
    extra: dict[str, tuple[object, str]]  # the year columns, by their header label

    def value(self, key: str) -> object:
        return self.cells.get(key, (None, ""))[0]

    def cell(self, key: str) -> str:
        return self.cells.get(key, (None, ""))[1]


class _Reader:
    def __init__(self, cells: dict, source: str) -> None:
        self.cells, self.source = cells, source
        self.problems: list[Problem] = []
        self.places = _Places()
        meta = cells.get("meta", {})
        self.names = {k[len(ml.META_SHEET):]: v for k, v in meta.items() if k.startswith(ml.META_SHEET)}
        # the workbook's date system (read_cells' date1904): a day number is counted from 1904-01-01 in a 1904 one
        self.day_zero = norm.DAY_ZERO_1904 if cells.get("date1904") else norm.DAY_ZERO
        self.percent: dict[str, set[str]] = {}  # each sheet's cells shown as a percentage (Calc gives 「12.5%」 one)
        self.dates: dict[str, dict[str, object]] = {}  # each sheet's cells that hold a date: A1 → the date

    def report(self, msg: Msg, sheet: str | None, cell: str | None = None, **params: object) -> None:
        self.problems.append(problem(msg, file=self.source, sheet=sheet, cell=cell, **params))

    # --- sheets and tables ---------------------------------------------------------------
    def rows_of(self, key: str) -> tuple[str, list[list[object]]] | None:
        name = self.names.get(key, ml.FIXED_NAMES.get(key, key))
        if name in self.cells.get("oversized", {}):
            last_row, last_col = self.cells["oversized"][name]
            self.report(Msg.INTAKE_USED_RANGE_TOO_LARGE, name, a1(last_row - 1, last_col - 1),
                        range=f"A1:{a1(last_row - 1, last_col - 1)}", cells=f"{last_row * last_col:,}",
                        limit="2,000,000", far=a1(last_row - 1, last_col - 1))
            return None
        if name in self.cells.get("doubtful", {}):  # a cell readers may read apart (F040, F041): the sheet is not read
            report_doubtful(self.report, name, self.cells["doubtful"][name])
            return None
        sheet = self.cells.get("sheets", {}).get(name)
        if sheet is None:
            others = [n for n in self.cells.get("sheet_names", []) if n not in self.names.values()]
            near = difflib.get_close_matches(name, others, n=1, cutoff=0.5)
            hint = (f"「{near[0]}」は名前を変えたものではありませんか？「{name}」に戻してください。" if near
                    else "書き出した計画マスターのシートを削除せずに取り込んでください。")
            self.report(Msg.MASTER_SHEET_MISSING, name, expected=name, hint=hint)
            return None
        rows = [list(r) for r in sheet["rows"]]
        self.percent[name] = set(sheet.get("percent", ()))
        self.dates[name] = {a1(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)
                            if isinstance(v, (dt.date, dt.datetime))}
        for ref, (kind, text) in sheet.get("special", {}).items():  # formulas and error values: never used
            r, c = _ref(ref)
            if r < len(rows) and c < len(rows[r]):
                rows[r][c] = None
            if kind == "formula":
                self.report(Msg.MASTER_FORMULA, name, ref, formula=str(text)[:60])
            elif kind == "rich":  # a picture placed in the cell, a data type (Excel 365)
                self.report(Msg.MASTER_BAD_CELL, name, ref, label="セル", value=norm.rich_value(str(text))[1],
                            expected="画像・データ型です。値を直接入力してください。")
            elif kind == "malformed":  # a cell calamine refuses or reads otherwise than it is shown (read as blank)
                self.report(Msg.MASTER_CELL_MALFORMED, name, ref, detail=text)
            elif kind == "too_long":  # calamine cuts a text over Excel's limit
                self.report(Msg.MASTER_BAD_CELL, name, ref, label="セル", value=f"{text:,} 文字の文章",
                            expected="Excel の1セルの上限（32,767 文字）を超えています。短くしてください。")
            else:
                self.report(Msg.MASTER_BAD_CELL, name, ref, label="セル", value=text,
                            expected="エラー値です。値を直接入力してください。")
        for ref, (code, shown, how) in sheet.get("masked", {}).items():  # 「;;;」, white text: not what is seen (F042-F044)
            r, c = _ref(ref)
            if r < len(rows) and c < len(rows[r]) and ref not in sheet.get("special", {}):
                report_shown_otherwise(self.report, name, ref, rows[r][c], code, shown, how)
                rows[r][c] = None
        return name, rows

    def table(self, key: str, columns: tuple[ml.Column, ...], rows: list[list[object]], name: str,
              start: int = 0, stop_at_blank: bool = False) -> list[_Row]:
        """The data rows under the table whose header starts with ``columns[0]``, from row ``start``."""
        first_label = columns[0].label
        found = find_header_row(rows[start:], first_label, search_rows=len(rows))
        if found is None:
            self.report(Msg.MASTER_HEADER_MISSING, name, label=first_label.replace("\n", ""))
            return []
        header = start + found
        index = column_index(rows[header])
        where: dict[str, int] = {}
        for column in columns:
            c = index.get(normalise_label(column.label))
            if c is not None:
                where[column.key] = c
            elif column.key not in ("level", "number", "note"):  # shown, never read
                self.report(Msg.MASTER_HEADER_MISSING, name, a1(header, 0), label=column.label.replace("\n", ""))
        known = set(where.values())
        extra = {normalise_label(v): c for c, v in enumerate(rows[header]) if c not in known and v not in (None, "")}
        headed = known | set(extra.values())
        out = []
        for r in range(header + 1, len(rows)):
            row = rows[r]
            cells = {k: (_clean(row[c] if c < len(row) else None), a1(r, c)) for k, c in where.items()}
            more = {k: (_clean(row[c] if c < len(row) else None), a1(r, c)) for k, c in extra.items()}
            read = [v for k, (v, _) in cells.items() if k not in ("level", "number", "note")] + \
                [v for v, _ in more.values()]
            if all(v is None for v in read):
                if stop_at_blank:
                    break
                continue
            out.append(_Row(r, cells, more))
        # a value under no heading (its heading deleted) would be lost without a word
        stray = sorted({c for row in out for c, v in enumerate(rows[row.number])
                        if c not in headed and c < max(headed, default=-1) + 3 and _clean(v) is not None})
        for c in stray:
            self.report(Msg.MASTER_HEADER_MISSING, name, a1(header, c), label=f"{column_letters(c + 1)}列（値があります）")
        return out

    def headless(self, sheet: str | None = None) -> bool:
        """Whether a table (of ``sheet``, or any) was found without its heading or a column's (P042)."""
        return any(p.code == Msg.MASTER_HEADER_MISSING.value.code and sheet in (None, p.sheet) for p in self.problems)

    # --- values ----------------------------------------------------------------------------
    def date_id(self, sheet: str, cell: str, label: str, *, level: bool = False) -> bool:
        """Whether the ID cell holds a date — 「2-2-11」 typed where the cell is not text, which Calc and Excel make
        2002/2/11 (「1-4」 on the 区分 sheet (``level``): 1月4日) —, said at the cell (P044) with the ID it was
        typed as: read, it would be an item of 重点項目 2002, or no ID at all."""
        day = self.dates.get(sheet, {}).get(cell)
        if day is None:
            return False
        # (「1-3」, an item of a 1段目 of two levels, becomes 1月3日 of this year: a year past 2009 is no 1段目's number)
        typed = f"{day.month}-{day.day}" if level or day.year % 100 > 9 else f"{day.year % 100}-{day.month}-{day.day}"
        self.report(Msg.MASTER_BAD_CELL, sheet, cell, label=label, value=f"{day.year}/{day.month}/{day.day}",
                    expected=f"表計算ソフトが、入力した ID（「{typed}」ではありませんか）を日付に変えています。"
                             f"先頭に「'」を付けて「'{typed}」と入力するか、セルの書式を「文字列」にしてから入力し直して"
                             "ください。")
        return True

    def kpi_number(self, value: object, cell: str, sheet: str, label: str, kind: object,
                   unit: object) -> float | None:
        """:meth:`number` of a KPI's 基準値・目標値・年度目標値. A percentage in a KPI that is no rate (「12.5%」 typed for
        a count of 人 — Calc stores 0.125 in a cell it makes a percentage —) is read as shown: the number of a KPI
        counted in 「%」 (12.5), said at the cell (P044) for any other unit — never read as 0.125人."""
        if kind not in ("count", "yen") or value is None:
            return self.number(value, cell, sheet, label, kind == "rate", unit)
        shown = None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and cell in self.percent.get(sheet, ()):
            shown = norm.percent_shown(float(value))
        elif isinstance(value, str):
            try:
                shown = value if norm.parse_number(value).percent else None
            except norm.NotANumber:
                shown = None
        if shown is None:
            return self.number(value, cell, sheet, label, False, unit)
        if norm.nfkc(str(unit or "")).strip() == "%":  # a count in 「%」 (percentage points): the number shown
            return self.number(shown.removesuffix("%"), cell, sheet, label, False, unit)
        word = ml.KIND_WORDS.get(kind, kind)
        self.report(Msg.MASTER_BAD_CELL, sheet, cell, label=label, value=shown,
                    expected=f"この KPI は割合ではなく{word}（単位「{unit or ''}」）です。{unit or ''}の数を、"
                             "% を付けずに数字だけで入力してください（セルの書式がパーセントになっていれば、"
                             "「標準」か「数値」に戻します）。割合の指標なら、「種類」を「割合」にします。")
        return None

    def mark(self, value: object, cell: str, sheet: str, label: str) -> bool:
        """A 「○」 column: True for ○ (and its look-alikes), False for blank, P044 for anything else."""
        if value is None:
            return False
        if norm.nfkc(str(value)).strip().upper() in {norm.nfkc(m).upper() for m in MARKS}:
            return True
        self.report(Msg.MASTER_BAD_CELL, sheet, cell, label=label, value=value,
                    expected=f"「{ml.MARK}」か空欄にしてください。")
        return False

    def flag(self, row: _Row, key: str, sheet: str, label: str) -> bool:
        """:meth:`mark` of a row's cell."""
        return self.mark(row.value(key), row.cell(key), sheet, label)

    def number(self, value: object, cell: str, sheet: str, label: str, rate: bool = False,
               unit: object = None) -> float | None:
        """A number typed in the master (``rate``: a rate KPI's, where 「8割」「8割5分」 are 0.8 and 0.85; ``unit``: a KPI's,
        where 「11,800億円」 is 11,800 of a KPI in 億円, :func:`~reform_xlsx.intake.normalise.in_unit`)."""
        if value is None:
            return None
        if rate and (fraction := norm.wari_fraction(value)) is not None:
            return fraction
        try:
            found = norm.parse_number(value)
        except norm.NotANumber:
            self.report(Msg.MASTER_BAD_CELL, sheet, cell, label=label, value=value,
                        expected="数字で入力してください（割合は 24% のように）。")
            return None
        if isinstance(unit, str):
            found = norm.in_unit(found, unit, value)
        return None if found.value is None else found.value / 100 if found.percent else found.value


def _clean(value: object) -> object:
    """A cell as the plan data holds it: text stripped (blank → None), whole floats of text columns
    are decided by the reader of each column, dates as ISO text."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    return value


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# (a run of spaces taken from its first: tried from each space of a long run with no line break, it grew with its square)
_LINE_BREAK = re.compile(r"(?<!\s)\s*[\r\n\v\f\x85\u2028\u2029]+\s*")


def _one_line(value: object) -> str | None:
    """A name (名称, 課名, 指標名 …) as one line: a line break pasted into the cell (from a PDF, or Alt+Enter) is
    nothing between two Japanese (full-width) characters — 「電子入札制度の⏎運用拡大」 is 「電子入札制度の運用拡大」 —
    and one space elsewhere (「RPA⏎AI」 is 「RPA AI」). Long texts (推進内容, 説明, 主な取組) keep theirs."""
    text = _text(value)
    if text is None or not _LINE_BREAK.search(text):
        return text

    def joined(m: re.Match) -> str:
        before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
        return "" if before and after and _wide(before) and _wide(after) else " "

    return _LINE_BREAK.sub(joined, text).strip() or None


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _year(value: object) -> object:
    """A year as written: 2026 (a number), or the text (「R8」, 「令和8年度」) the builder reads."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return _text(value)


def _date(value: object, day_zero: dt.datetime = norm.DAY_ZERO) -> str | None:
    """A date as the plan file writes it (ISO): a spreadsheet may keep a typed 「2028-03-15」 as its day
    number even in a text cell (LibreOffice does), which is read back as the day it is — counted from the
    workbook's own day zero (``day_zero``: 1904-01-01 in a workbook of the 1904 date system)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value and \
            (day := norm.serial_day(int(value), day_zero)) is not None:
        return day.date().isoformat()
    return _text(value)


def _ref(ref: str) -> tuple[int, int]:
    m = re.match(r"^([A-Z]+)(\d+)$", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _put(target: dict, key: str, value: object) -> None:
    if value is not None:
        target[key] = value


def plan_from_master(cells: dict, source: str) -> tuple[Plan, list[Problem]]:
    """The plan from the master's cells (:func:`~reform_xlsx.intake.master_reader.read_master_cells`).

    Returns the plan and its warnings; raises :class:`PlanError` with every problem."""
    return _plan_from_master(_Reader(cells, source), cells)


def _plan_from_master(reader: _Reader, cells: dict) -> tuple[Plan, list[Problem]]:
    source = reader.source
    meta = cells.get("meta", {})
    if ml.SHEET_META in cells.get("doubtful", {}):  # 「_meta」 has a cell readers may read apart: not read, and said
        report_doubtful(reader.report, ml.SHEET_META, cells["doubtful"][ml.SHEET_META])  # (not 「no _meta sheet」)
        raise PlanError(reader.problems)
    if meta.get(ml.META_FORMAT) != ml.MASTER_FORMAT:
        detail = ("「_meta」シートがありません" if not meta else
                  f"計画マスターの様式 {meta.get(ml.META_FORMAT) or '（なし）'}、このツールは {ml.MASTER_FORMAT}")
        raise PlanError([problem(Msg.MASTER_NOT_A_MASTER, file=source, detail=detail)])
    sheets = {key: reader.rows_of(key) for key in ml.READ_SHEETS}
    if any(v is None for v in sheets.values()):
        raise PlanError(reader.problems)
    data: dict = {"format": 1}
    _info(reader, data, *sheets[ml.INFO])
    _levels(reader, data, *sheets[ml.LEVELS])
    items = _items(reader, data, *sheets[ml.ITEMS])
    if not reader.headless(sheets[ml.ITEMS][0]):  # no items read: every 主な取組's 項目ID would be unknown
        _actions(reader, data, items, *sheets[ml.ACTIONS], sheets[ml.ITEMS][0],
                 data.get("plan", {}).get("levels", {}).get("item", "項目"))
    _kpis(reader, data, *sheets[ml.KPIS])
    _sections(reader, data, *sheets[ml.SECTIONS])
    _moves(reader, data, *sheets[ml.MOVES])
    _grades(reader, data, *sheets[ml.GRADES])
    _glossary(reader, data, *sheets[ml.GLOSSARY])
    if any(p.severity is Severity.ERROR for p in reader.problems) and not data.get("plan"):
        raise PlanError(reader.problems)
    if reader.headless():
        # a table whose heading is gone was not read: what would follow (every ID it holds unknown on
        # the other sheets, every value of the column missing) says nothing more than the heading does
        raise PlanError(reader.problems)
    places = reader.places
    try:
        return plan_from_data(data, source, where=places.where, describe=places.describe, label=places.label,
                              problems=reader.problems, written=places.written,
                              sheets={key: name for key, (name, _) in sheets.items()})
    except PlanError as exc:
        raise PlanError(_once_per_cell(exc.problems)) from None


def _once_per_cell(problems: list[Problem]) -> list[Problem]:
    """A cell already said to be unreadable (P043, P044) is not also said to be missing (P010 …)."""
    said = {(p.sheet, p.cell) for p in problems if p.code not in SCHEMA_CODES and p.cell}
    return [p for p in problems if p.code not in SCHEMA_CODES or (p.sheet, p.cell) not in said]


# --- the sheets ------------------------------------------------------------------------------

_LONG_INFO = {"plan.headquarters_note", "plan.committee_note", "revision.reason"}  # may run to several lines


def _info(reader: _Reader, data: dict, name: str, rows: list[list[object]]) -> None:
    by_label = {label: (key, kind) for key, label, kind, _ in ml.info_rows()}
    table = reader.table(ml.INFO, ml.INFO_COLUMNS, rows, name)
    header_cell = a1(table[0].number - 1, 0) if table else "A1"
    for key, label, _, _ in ml.info_rows():  # a row that is not there: its key is missing, said at the table
        reader.places.put(tuple(key.split(".")), name, header_cell, label)
    for row in table:
        label = _text(row.value("label"))
        if label not in by_label:
            continue
        key, kind = by_label[label]
        path = tuple(key.split("."))
        reader.places.put(path, name, row.cell("value"), label)
        value = row.value("value")
        value = (_year(value) if kind == "year" else _date(value, reader.day_zero) if kind == "date"
                 else _text(value) if key in _LONG_INFO else _one_line(value))
        if value is None:
            continue
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    # the period as a whole (P027: its start after its end) is said at its first year's cell
    reader.places.put(("plan", "period"), *reader.places.at[("plan", "period", "start")], "計画期間")


def _levels(reader: _Reader, data: dict, name: str, rows: list[list[object]]) -> None:
    """The 重点項目 and 区分 in the order of their IDs (「1」, 「1-1」, 「1-2」, 「2」 …), whatever the rows' order: a
    sheet sorted by 名称 is the same plan. An ID is its numbers (「１」 is 1, 「1-01」 is 1-1): a second row with the
    same numbers is P020 (naming the first) and left out."""
    areas: dict[int, dict] = {}
    read: list[tuple[tuple[int, ...], str, re.Match, _Row]] = []
    data["areas"] = []
    for row in reader.table(ml.LEVELS, ml.LEVEL_COLUMNS, rows, name):
        if reader.date_id(name, row.cell("id"), "ID", level=True):
            continue
        text = _text(row.value("id")) or ""
        m = _LEVEL_ID.match(norm.item_number(text))  # (「1ー2」「１－２」: 1-2)
        if not m:
            reader.report(Msg.MASTER_BAD_CELL, name, row.cell("id"), label="ID", value=text or "（空欄）",
                          expected="1段目は「1」、2段目は「1-2」の形で書いてください。")
            continue
        key = (int(m.group(1)),) if m.group(2) is None else (int(m.group(1)), int(m.group(2)))
        read.append((key, text, m, row))
    first: dict[tuple[int, ...], tuple[str, str]] = {}
    for key, text, m, row in sorted(read, key=lambda r: r[0]):  # stable: of two rows of one ID, the upper is first
        if key in first:
            reader.report(Msg.PLAN_DUPLICATE_ID, name, row.cell("id"), id=text,
                          other=_first_place(name, *first[key], text))
            continue
        first[key] = (row.cell("id"), text)
        entry: dict = {"number": key[-1]}
        _put(entry, "name", _one_line(row.value("name")))
        entry["intro"] = _text(row.value("intro")) or ""
        if m.group(2) is None:
            entry["categories"] = []
            areas[entry["number"]] = entry
            path: KeyPath = ("areas", len(data["areas"]))
            data["areas"].append(entry)
        else:
            area = areas.get(key[0])
            if area is None:
                reader.report(Msg.MASTER_NO_CATEGORY, name, row.cell("id"), what="区分", id=text, key=m.group(1),
                              levels=name)
                continue
            entry["items"] = []
            ai = data["areas"].index(area)
            path = ("areas", ai, "categories", len(area["categories"]))
            area["categories"].append(entry)
        reader.places.put(path, name, row.cell("id"), "ID")
        for key_, label in (("name", "名称"), ("intro", "説明")):
            reader.places.put(path + (key_,), name, row.cell(key_), label)
        if "items" in entry:
            reader.places.put(path + ("items",), name, row.cell("id"), "ID")
        if "categories" in entry:
            reader.places.put(path + ("categories",), name, row.cell("id"), "ID")


def _first_place(sheet: str, cell: str, written: str, text: str) -> str:
    """P020's 「…と同じ」: the first row's ID cell, and its ID as written when this row writes it otherwise
    (「１」 after 「1」, 「1-1-01」 after 「1-1-1」)."""
    return f"「{sheet}」シートの {cell}" + (f" の「{written}」" if written != text else "")


def _items(reader: _Reader, data: dict, name: str,
           rows: list[list[object]]) -> dict[str, tuple[dict, KeyPath, str]]:
    """The items into their 区分, in the order of their IDs (「1-1-2」 before 「1-1-10」) whatever the rows' order (a
    sheet sorted by 担当課 is the same plan); returns ID → (the item's data, its key path, its ID cell). An ID is its
    numbers (「1-1-01」 and 「１-１-１」 are 1-1-1): a second row with the same numbers is P020 (naming the first) and
    left out."""
    columns = ml.item_columns(0)
    section_columns = [c for c in _header_labels(rows, columns[0].label) if re.fullmatch(rf"{ml.SECTION_LABEL}\d+", c)]
    columns = ml.item_columns(len(section_columns))
    read: list[tuple[tuple[int, int, int], str, _Row]] = []
    for row in reader.table(ml.ITEMS, columns, rows, name):
        if reader.date_id(name, row.cell("id"), "ID"):
            continue
        written = _text(row.value("id")) or ""
        numbers = _item_numbers(norm.item_number(written), data)  # (「1ー3」「１－３」: 1-3)
        if numbers is None:
            reader.report(Msg.MASTER_BAD_CELL, name, row.cell("id"), label="ID", value=written or "（空欄）",
                          expected=ml.item_id_form(data.get("areas", [])) +
                          _several_below(norm.item_number(written), data))
            continue
        read.append((numbers, written, row))
    found: dict[str, tuple[dict, KeyPath, str]] = {}
    first: dict[str, str] = {}  # ID → as its first row writes it
    for (area, category, number), written, row in sorted(read, key=lambda r: r[0]):  # stable: the upper row first
        text = f"{area}-{category}-{number}"
        if text in found:
            reader.report(Msg.PLAN_DUPLICATE_ID, name, row.cell("id"), id=written,
                          other=_first_place(name, found[text][2], first[text], written))
            continue
        place = _category(data, area, category)
        if place is None:
            full = bool(_ITEM_ID.match(norm.item_number(written)))  # (「3-2」 of a 1段目 not there names no 2段目)
            reader.report(Msg.MASTER_NO_CATEGORY, name, row.cell("id"), what=data.get("plan", {}).get(
                "levels", {}).get("item", "項目"), id=text if full else norm.nfkc(written),
                key=f"{area}-{category}" if full else str(area), levels=reader.names.get(ml.LEVELS))
            continue
        cat, cpath = place
        item: dict = {"number": number}
        _put(item, "name", _one_line(row.value("name")))
        item["continued"] = reader.flag(row, "continued", name, "継続")
        _put(item, "content", _text(row.value("content")))
        item["actions"] = []
        path = cpath + ("items", len(cat["items"]))
        item["sections"] = []
        for c in columns:
            if c.key.startswith("section") and row.value(c.key) is not None:
                reader.places.put(path + ("sections", len(item["sections"])), name, row.cell(c.key), c.label)
                item["sections"].append(_one_line(row.value(c.key)))
        item["related_sections"] = reader.flag(row, "related_sections", name, "関係課")
        for key in ("start", "end", "marker"):
            _put(item, key, _year(row.value(key)))
        cat["items"].append(item)
        reader.places.put(path, name, row.cell("id"), "ID")
        reader.places.put(path + ("number",), name, row.cell("id"), "ID")
        reader.places.put(path + ("actions",), name, row.cell("id"), "主な取組")
        for c in columns:
            if not c.key.startswith("section"):
                reader.places.put(path + (c.key,), name, row.cell(c.key), c.label)
        found[text] = (item, path, row.cell("id"))
        first[text] = written
    return found


def _item_numbers(text: str, data: dict) -> tuple[int, int, int] | None:
    """An item ID's numbers: 「1-2-3」 (「1-1-03」 too), or 「1-3」 — an item of a 1段目 of two levels (no 2段目 row, or
    one of the 1段目's name: docs/plan-format.md 「2階層の計画」), as plan export shows it — read as of that 2段目
    (1-1-3). None for other text, and for 「1-3」 of a 1段目 with a 2段目 of another name or two or more 2段目 (which
    one is not guessed: the 2段目 a row added names is not the one plan export meant by 「1-3」)."""
    m = _ITEM_ID.match(text)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = _SHOWN_ITEM_ID.match(text)
    if not m:
        return None
    area, number = int(m.group(1)), int(m.group(2))
    known = next((a for a in data.get("areas", []) if a["number"] == area), None)
    categories = known["categories"] if known is not None else []
    if categories and not ml.repeats_its_area(known):
        return None
    return area, categories[0]["number"] if categories else 1, number


def _several_below(text: str, data: dict) -> str:
    """What P044 adds for 「1-3」 of a 1段目 whose 2段目 rows do not repeat it: which 2段目 is not guessed."""
    m = _SHOWN_ITEM_ID.match(text)
    if not m:
        return ""
    area = next((a for a in data.get("areas", []) if a["number"] == int(m.group(1))), None)
    if area is None or not area["categories"] or ml.repeats_its_area(area):
        return ""
    keys = "・".join(f"{area['number']}-{c['number']}" for c in area["categories"])
    own = str(area.get("name") or "").strip()
    named = any(str(c.get("name") or "").strip() == own for c in area["categories"])
    return (f"1段目 {area['number']} には2段目の行（{keys}）があるので、どの2段目の項目かを「1-2-3」の形で書きます" +
            ("" if named else "（1段目と同じ名前の2段目の項目なら、その2段目の行も加えます）") + "。")


def _shown(item_id: str, data: dict) -> str:
    """An item ID as plan export shows it: 「1-3」 for an item of a 1段目 of two levels (:meth:`Plan.item_number`, which
    cannot be asked: the plan is built from this data only once every sheet is read; the ID is always one of it)."""
    area, category, number = item_id.split("-")
    known = next((a for a in data.get("areas", []) if str(a["number"]) == area), None)
    if known is not None and ml.repeats_its_area(known):
        return f"{area}-{number}"
    return item_id


def _item_id(value: object, data: dict) -> str:
    """An item ID as the other sheets refer to it: its numbers (「１-１-０３」, 「1-1-03」 → 1-1-3; 「1-3」 of a 1段目
    of two levels → 1-1-3, :func:`_item_numbers`); other text as typed (NFKC)."""
    text = norm.item_number(_text(value) or "")
    numbers = _item_numbers(text, data)
    return "-".join(map(str, numbers)) if numbers is not None else text


def _header_labels(rows: list[list[object]], first: str) -> list[str]:
    header = find_header_row(rows, first, search_rows=len(rows))
    return [] if header is None else [normalise_label(v) for v in rows[header] if v not in (None, "")]


def _category(data: dict, area: int, category: int) -> tuple[dict, KeyPath] | None:
    """The 区分 an item's ID names. A 1段目 with no 2段目 row is a plan of two levels' (the export leaves out the
    2段目 that only repeats it, docs/plan-format.md 「2階層の計画」): its items 「1-1-3」 are of its one 2段目 「1-1」,
    of its name (its place: the 1段目's row)."""
    for ai, a in enumerate(data.get("areas", [])):
        if a["number"] == area:
            for ci, c in enumerate(a["categories"]):
                if c["number"] == category:
                    return c, ("areas", ai, "categories", ci)
            if category == 1 and not a["categories"]:
                repeated: dict = {"number": 1, "intro": "", "items": []}
                _put(repeated, "name", a.get("name"))
                a["categories"].append(repeated)
                return repeated, ("areas", ai, "categories", 0)
    return None


def _years_of(row: _Row, prefix: str = "") -> list[tuple[int, object, str]]:
    """The year columns of a row (headed 「R8」, or 「年度目標R8」 with ``prefix``): (year, value, cell)."""
    out = []
    for label, (value, cell) in row.extra.items():
        if not label.startswith(prefix):
            continue
        try:
            out.append((parse_fiscal_year(label[len(prefix):].strip("()（）")), value, cell))  # 「年度目標（R9）」
        except FiscalYearError:
            continue
    return sorted(out)


def _actions(reader: _Reader, data: dict, items: dict[str, tuple[dict, KeyPath, str]], name: str,
             rows: list[list[object]], items_sheet: str, item_word: str) -> None:
    """Each item's 主な取組 (at least one: an item without any is said at its ID cell)."""
    columns = ml.action_columns(())
    for row in reader.table(ml.ACTIONS, columns, rows, name):
        if reader.date_id(name, row.cell("item"), "項目ID"):
            continue
        item_id = _item_id(row.value("item"), data)
        if item_id not in items:
            reader.report(Msg.MASTER_BAD_CELL, name, row.cell("item"), label="項目ID",
                          value=_text(row.value("item")) or "（空欄）",
                          expected=f"「{reader.names.get(ml.ITEMS)}」シートにある ID を書いてください（項目の行を削除した"
                                   f"ときは、その項目の主な取組の行も削除します。取組を終える項目は、行を削除せずに終了年度を"
                                   f"書きます）。")
            continue
        item, path, _ = items[item_id]
        at = path + ("actions", len(item["actions"]))
        reader.places.put(at, name, row.cell("text"), "主な取組")
        text = _text(row.value("text"))
        marked = [(y, cell) for y, value, cell in _years_of(row)
                  if reader.mark(value, cell, name, "年度")]
        stage = _one_line(row.value("stage"))
        if not marked:
            if stage:
                reader.report(Msg.MASTER_BAD_CELL, name, row.cell("stage"), label="段階", value=stage,
                              expected="段階を書いた主な取組には、取り組む年度に ○ を付けてください。")
            item["actions"].append(text)
            continue
        years = [y for y, _ in marked]
        if years != list(range(years[0], years[-1] + 1)):
            reader.report(Msg.MASTER_BAD_CELL, name, marked[0][1], label="年度の ○",
                          value="・".join(str(y) for y in years),
                          expected="○ は続いた年度に付けてください（段階が変わるなら、主な取組を分けて書きます）。")
        action = {"text": text, "start": years[0], "end": years[-1]}
        _put(action, "stage", stage)
        reader.places.put(at + ("start",), name, marked[0][1], "年度")
        reader.places.put(at + ("end",), name, marked[-1][1], "年度")
        item["actions"].append(action)
    for item_id, (item, _, cell) in items.items():
        if not item["actions"]:
            reader.report(Msg.MASTER_NO_ACTIONS, items_sheet, cell, id=_shown(item_id, data), actions=name,
                          what=item_word)


def _kpis(reader: _Reader, data: dict, name: str, rows: list[list[object]]) -> None:
    columns = ml.kpi_columns(())
    data["kpis"] = []
    for row in reader.table(ml.KPIS, columns, rows, name):
        path: KeyPath = ("kpis", len(data["kpis"]))
        labels = {c.key: c.label.replace("\n", "") for c in columns}
        for key, label in labels.items():
            reader.places.put(path + (key,), name, row.cell(key), label)
        reader.places.put(path, name, row.cell("id"), "KPI ID")
        kpi: dict = {}
        for key in ("name", "short_name", "unit", "owner"):
            _put(kpi, key, _one_line(row.value(key)))
        # 「Ｋ０３」 typed in full width, or 「k03」, is K03, as an item's 「１-１-３」 (or 「1-1-03」) is 1-1-3
        if row.value("id") is not None:
            kpi["id"] = norm.nfkc(_text(row.value("id"))).upper()
        if row.value("item") is not None and not reader.date_id(name, row.cell("item"), "項目ID"):
            kpi["item"] = _item_id(row.value("item"), data)
            reader.places.typed[path + ("item",)] = row.value("item")  # (P013 quotes it as typed: 「1ｰ3」, not 1ー3)
        kind = _text(row.value("kind"))
        if kind is not None:
            if kind in ml.KINDS or kind in ml.KINDS.values():
                kpi["kind"] = ml.KINDS.get(kind, kind)
            else:
                reader.report(Msg.MASTER_BAD_CELL, name, row.cell("kind"), label="種類", value=kind,
                              expected=f"{'・'.join(ml.KINDS)} のどれかを選んでください。")
        direction = _text(row.value("direction"))
        if direction is not None:
            if direction in ml.DIRECTIONS:
                kpi["direction"] = direction
            else:
                reader.report(Msg.MASTER_BAD_CELL, name, row.cell("direction"), label="方向", value=direction,
                              expected="増加 か 減少 を選んでください（目標値と基準値から決まるときは空欄でも構いません）。")
        kpi["cumulative"] = reader.flag(row, "cumulative", name, "累計")
        kind, unit = kpi.get("kind"), kpi.get("unit")
        kpi["baseline"] = reader.kpi_number(row.value("baseline"), row.cell("baseline"), name, "基準値", kind, unit)
        _put(kpi, "target", reader.kpi_number(row.value("target"), row.cell("target"), name, "目標値", kind, unit))
        for key in ("baseline", "target"):
            reader.places.typed[path + (key,)] = row.value(key)
        yearly, yearly_cells = {}, []
        for year, value, cell in _yearly_columns(reader, row, name):
            number = reader.kpi_number(value, cell, name, f"年度目標値（{year}）", kind, unit)
            if number is not None:
                yearly_cells.append((f"年度目標値（{short_fiscal_year(year)}）", year, cell, number))
                yearly[short_fiscal_year(year)] = number
                reader.places.typed[path + ("yearly_targets", short_fiscal_year(year))] = value
                reader.places.put(path + ("yearly_targets", short_fiscal_year(year)), name, cell, "年度目標値")
        if yearly:
            kpi["yearly_targets"] = yearly
        _fractions_of_counts(reader, kpi, name, [("基準値", "baseline", row.cell("baseline"), kpi.get("baseline")),
                                                 ("目標値", "target", row.cell("target"), kpi.get("target")),
                                                 *yearly_cells])
        kpi["owner_assumed"] = reader.flag(row, "owner_assumed", name, "報告課は仮")
        for key in ("start", "end"):
            _put(kpi, key, _year(row.value(key)))
        data["kpis"].append(kpi)


def _fractions_of_counts(reader: _Reader, kpi: dict, name: str,
                         values: list[tuple[str, str | int, str, float | None]]) -> None:
    """A count or an amount under 1 beside another of the row's values of 1 or more (85人 → 0.125人): 「12.5%」 typed
    into a cell Calc keeps as a number (the master's 「#,##0.###」) is stored as 0.125, shown there as 0.125 — said
    at its cell (P057, a warning: a share of a count, 0.5件 a year, may be meant). ``values``: (label, the value's key
    — baseline, target or a yearly target's year —, cell, value); the key goes with the warning (``extra["key"]``):
    plan import drops it for a value the ledger's plan has already (:func:`reform_xlsx.plan_import.import_plan`)."""
    if kpi.get("kind") not in ("count", "yen"):
        return
    read = [(label, key, cell, v) for label, key, cell, v in values if isinstance(v, (int, float))]
    for label, key, cell, v in read:
        others = [(other, w) for other, _, _, w in read if other != label and w >= 1]
        if 0 < v < 1 and others:
            unit = kpi.get("unit") or ""
            reader.report(Msg.MASTER_FRACTION_OF_COUNT, name, cell, kpi=kpi.get("id", ""), label=label, key=key,
                          value=f"{v:g}", unit=unit,
                          others="、".join(f"{other} {w:,.10g}{unit}" for other, w in others[:2]))


def _yearly_columns(reader: _Reader, row: _Row, name: str) -> list[tuple[int, object, str]]:
    """A KPI row's yearly targets: the columns headed 「年度目標 R9」, or only 「R9」 (as the 主な取組 sheet
    heads its year columns). A value under any other added heading, or a second column of one year, is
    said at its cell (P044) — never dropped without a word."""
    out: list[tuple[int, object, str]] = []
    seen: dict[int, str] = {}
    for label, (value, cell) in row.extra.items():
        try:
            year = parse_fiscal_year(label.removeprefix(YEARLY).strip("()（）"))
        except FiscalYearError:
            year = None
        if value is None:
            continue
        if year is None:
            if reader.headless(name):  # a renamed heading: P042 says it, once
                continue
            reader.report(Msg.MASTER_BAD_CELL, name, cell, label=f"見出し「{label}」の列の値", value=value,
                          expected="この列は読みません。年度目標は、見出しを「年度目標 R9」（または「R9」）のように"
                                   "年度にした列に書きます。要らない値なら消してください。")
        elif year in seen:
            reader.report(Msg.MASTER_BAD_CELL, name, cell, label=f"年度目標値（{short_fiscal_year(year)}）",
                          value=value, expected=f"この年度の年度目標の列が2つあります（もう一方は {seen[year]}）。"
                                                "1つの列にしてください。")
        else:
            seen[year] = cell
            out.append((year, value, cell))
    return sorted(out)


def _sections(reader: _Reader, data: dict, name: str, rows: list[list[object]]) -> None:
    data["sections"] = []
    for row in reader.table(ml.SECTIONS, ml.SECTION_COLUMNS, rows, name):
        reader.places.put(("sections", len(data["sections"])), name, row.cell("name"), "課名")
        data["sections"].append(_one_line(row.value("name")))
    reader.places.put(("sections",), name, "A1", "担当課")


def _moves(reader: _Reader, data: dict, name: str, rows: list[list[object]]) -> None:
    moves = []
    table = reader.table(ml.MOVES, ml.MOVE_COLUMNS, rows, name)
    header = find_header_row(rows, ml.MOVE_COLUMNS[0].label, search_rows=len(rows))
    below = table[-1].number + 1 if table else (header or 0) + 1
    reader.places.put(("reorganisations",), name, a1(below, 0), "組織改正")  # where a row left out goes back
    for row in table:
        path: KeyPath = ("reorganisations", len(moves))
        move: dict = {}
        for column in ml.MOVE_COLUMNS[:3]:
            reader.places.put(path + (column.key,), name, row.cell(column.key), column.label)
            value = row.value(column.key)
            _put(move, column.key, _year(value) if column.kind == "year" else _one_line(value))
        moves.append(move)
    if moves:
        data["reorganisations"] = moves


def _grades(reader: _Reader, data: dict, name: str, rows: list[list[object]]) -> None:
    data["grades"] = []
    # the grades: every row above the thresholds' table (a row left blank in between hides none below it)
    thresholds_at = find_header_row(rows, ml.THRESHOLD_COLUMNS[0].label, search_rows=len(rows))
    grade_rows = [r for r in reader.table(ml.GRADES, ml.GRADE_COLUMNS, rows, name)
                  if thresholds_at is None or r.number < thresholds_at]
    for row in grade_rows:
        path: KeyPath = ("grades", len(data["grades"]))
        grade: dict = {}
        for column in ml.GRADE_COLUMNS:
            reader.places.put(path + (column.key,), name, row.cell(column.key), column.label)
        for key in ("code", "label"):
            _put(grade, key, _one_line(row.value(key)))
        _put(grade, "definition", _text(row.value("definition")))
        rank = reader.number(row.value("rank"), row.cell("rank"), name, "順位")
        if rank is not None:
            grade["rank"] = int(rank) if float(rank).is_integer() else rank
        grade["behind"] = reader.flag(row, "behind", name, "遅れ")
        data["grades"].append(grade)
    last = max((r.number for r in grade_rows), default=0)
    judgement: dict = {}
    labels = {label: key.split(".")[1] for key, label, _ in ml.THRESHOLDS}
    for key, label, _ in ml.THRESHOLDS:
        reader.places.put(tuple(key.split(".")), name, "A1", label)
    for row in reader.table(ml.GRADES, ml.THRESHOLD_COLUMNS, rows, name, start=last + 1):
        key = labels.get(_text(row.value("label")) or "")
        if key is None:
            continue
        reader.places.put(("judgement", key), name, row.cell("value"), _text(row.value("label")))
        reader.places.typed[("judgement", key)] = row.value("value")
        _put(judgement, key, reader.number(row.value("value"), row.cell("value"), name, _text(row.value("label"))))
    data["judgement"] = judgement


def _glossary(reader: _Reader, data: dict, name: str, rows: list[list[object]]) -> None:
    terms = []
    for row in reader.table(ml.GLOSSARY, ml.GLOSSARY_COLUMNS, rows, name):
        path: KeyPath = ("glossary", len(terms))
        term: dict = {}
        for column in ml.GLOSSARY_COLUMNS:
            reader.places.put(path + (column.key,), name, row.cell(column.key), column.label)
            _put(term, column.key, (_one_line if column.key == "term" else _text)(row.value(column.key)))
        terms.append(term)
    if terms:
        data["glossary"] = terms
