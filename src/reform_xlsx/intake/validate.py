"""Judge the cells read from an identified template: every problem, and the answers.

Rows are found by ID and columns by header label (:mod:`reform_xlsx.form.layout`), so inserted
or sorted rows still read. Every problem in the file is collected; nothing stops at the
first. Locked plan cells are compared with :func:`template_content.locked_rows` (the plan
wins; a change is a warning).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from reform_xlsx.form import content as template_content
from reform_xlsx.form import layout
from reform_xlsx.form.layout import Column
from reform_xlsx.intake import normalise as norm
from reform_xlsx.intake import officer
from reform_xlsx.intake.cells import a1, report_doubtful, report_shown_otherwise, row_col
from reform_xlsx.intake.identify import Identity
from reform_xlsx.messages import Msg, Problem, Severity, problem
from reform_xlsx.plan.model import Kpi, Plan
from reform_xlsx.records import Answer

GRADE_HINT = "（ドロップダウンから選びます）"
ACTUAL_HINT = "（まだ確定していない場合は見込み値を入れ、算出根拠・備考にその旨を書いてください）"
_LOCKED_SHOWN = 60  # characters of the plan's text quoted in a V011 message


@dataclass(frozen=True)
class SheetSpec:
    name: str
    kind: str  # "item" | "kpi"
    id_label: str
    columns: tuple[Column, ...]  # the plan-fact (locked) and input columns, from layout
    expected: dict[str, dict[str, object]]  # ID → locked column key → value as written
    optional: bool = False  # 意見への対応: the sheet, and each row, is there only when last year's word was
    figures: dict[str, tuple[Kpi, bool]] = field(default_factory=dict)  # KPI ID → (the KPI, 年度目標値 marked ※)

    @functools.cached_property
    def locked(self) -> dict[str, list[tuple[str, str, object, str, str]]]:
        """ID → the row's plan facts to compare: (column key, label, canonical value, text shown in V011,
        row ID as written); worked out once per section, not once per file."""
        labels = {c.key: c.label for c in self.columns}
        found: dict[str, list[tuple[str, str, object, str, str]]] = {}
        for id_, expected in self.expected.items():
            found[id_] = []
            for key, value in expected.items():
                if key == "id" or key not in labels:
                    continue  # the ID matched already; earlier years' columns are not plan facts
                shown = _locked_shown(value, expected.get("unit"), self.figures.get(id_), key) or "（空欄）"
                if len(shown) > _LOCKED_SHOWN:
                    shown = shown[:_LOCKED_SHOWN] + "…"
                found[id_].append((key, labels[key].replace("\n", " "), _canonical(value), shown.replace("\n", " "), id_))
        return found

    def shown(self, id_: str) -> str:
        """The row's ID as the form shows it and messages say it: an item of a plan of two levels 「1-3」
        (:meth:`Plan.item_number`), its row still keyed by its ID 「1-1-3」."""
        return str(self.expected.get(id_, {}).get("id") or id_)

    def read_id(self, typed: str, plan: Plan) -> str:
        """The row a typed ID names: an item's number as shown (「1-3」) is its ID; an ID as a form written before
        showed it (「1-1-3」) is read as it is; either typed with another dash (「1ー3」「１－３」「1–1–3」,
        :func:`~reform_xlsx.intake.normalise.item_number`) too."""
        return plan.item_id_of(norm.item_number(typed)) if self.kind == "item" else typed


def _locked_shown(value: object, unit: object, figure: tuple[Kpi, bool] | None = None, key: str = "") -> str | None:
    """A plan value as V011 quotes it: as the cell shows it (「183,333,333」, a rate 「26.0%」, a KPI's figure rounded
    to its unit's decimals and a reference 年度目標値 marked, 「※2」 for 1.666667 施設), a text as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if figure is not None and math.isfinite(value):  # as kpi_number_format shows it
            kpi, mark = figure
            return (layout.REFERENCE_MARK if mark and key == "year_target" else "") + kpi.display(value, unit=False)
        if unit == "%":
            return norm.percent_shown(value)
        return f"{int(value):,}" if float(value).is_integer() else f"{value:,.10g}"
    return norm.raw_text(value)


def sheet_specs(plan: Plan, year: int, section: str) -> list[SheetSpec]:
    """The data sheets this section's template must have (and 意見への対応, which it may have)."""
    locked = template_content.locked_rows(plan, year, section)
    specs = [SheetSpec(layout.SHEET_ITEMS, "item", layout.ID_LABEL_ITEMS, layout.item_columns(plan.words),
                       locked.get(layout.SHEET_ITEMS, {}))]
    if plan.kpis_for(section, year):
        figures = {k.id: (k, year not in k.yearly_targets) for k in plan.kpis_for(section, year)}
        specs.append(SheetSpec(layout.SHEET_KPI, "kpi", layout.ID_LABEL_KPI,
                               layout.kpi_columns(plan.baseline_year, plan.end_year, plan.words),
                               locked.get(layout.SHEET_KPI, {}), figures=figures))
    names = {i.id: {"id": plan.item_number(i), "name": template_content.response_name(i, year)}
             for i in template_content.responding_items(plan, section, year)}
    specs.append(SheetSpec(layout.SHEET_RESPONSES, "item", layout.ID_LABEL_ITEMS, layout.response_columns(plan.words), names,
                           optional=True))
    return specs


def wanted_sheets() -> tuple[str, ...]:
    """The sheets the worker reads (the rest are never parsed)."""
    return (layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES, layout.SHEET_META, layout.SHEET_REVIEW,
            layout.SHEET_FEEDBACK_ERRORS)  # (only a 差し戻し copy has it: its notes, M014)


class _Collector:
    """Problems and answers of one file, with the location filled in one place."""

    def __init__(self, file: str, year: int, section: str, as_text: dict[tuple[str, str, str], tuple[str, str]]
                 | None = None, not_copied: dict[tuple[str, str, str], tuple[str, str, str]] | None = None):
        self.file, self.year, self.section = file, year, section
        self.problems: list[Problem] = []
        self.answers: list[Answer] = []
        self.as_text = as_text or {}  # a 差し戻し copy's cells holding a formula's or an error value's text
        self.not_copied = not_copied or {}  # a 差し戻し copy's cells marked for what it could not place (S015)
        # a number cell's value and format, for a message to quote it as shown: (kind, row ID, column key)
        self.numbers: dict[tuple[str, str, str], tuple[object, str | None]] = {}
        # the number a 財政効果額・実績値 cell shows (before it was read as a rate or in the KPI's unit), for V029
        self.stored: dict[tuple[str, str, str], float] = {}
        self.day_zero = norm.DAY_ZERO  # the workbook's date system: serial 0 is 1899-12-30, or 1904-01-01 (date1904)

    def shown(self, key: tuple[str, str, str]) -> str | None:
        """The number at ``key`` as its cell shows it (:func:`number_as_shown`), or None."""
        return number_as_shown(*self.numbers[key]) if key in self.numbers else None

    def sent_as_text(self, sheet: str, id_: str, key: str, value: object) -> tuple[str, str]:
        """("formula" | "error", text) when the cell still holds, unchanged, the text of a formula or an error value
        the section sent in, which its 差し戻し copy wrote there; else ("", "")."""
        kind, text = self.as_text.get((sheet, id_, key), ("", ""))
        return (kind, text) if kind and isinstance(value, str) and value.strip() == text.strip() else ("", "")

    def report(self, msg: Msg, sheet: str | None = None, cell: str | None = None, *,
               at: tuple[str, str] | None = None, **params: object) -> None:
        """``at``: (row ID, column key) of the cell, when it is a row's cell. What the section typed is quoted up to
        :data:`~reform_xlsx.intake.normalise.QUOTED` characters (「raw」: a 32,000-character text in a number cell)."""
        row_id, column = at or (None, None)
        if isinstance(params.get("raw"), str):
            params["raw"] = norm.quoted(params["raw"])
        self.problems.append(problem(msg, file=self.file, sheet=sheet, cell=cell, row_id=row_id, column=column,
                                     **params))

    def answer(self, kind: str, id_: str, field: str, value: object, raw: str | None, sheet: str,
               cell: str) -> None:
        self.answers.append(Answer(self.year, self.section, kind, id_, field, value, raw, self.file, sheet, cell))


def validate(raw: dict, identity: Identity, plan: Plan, year: int, file: str, *, max_cells: int,
             specs: list[SheetSpec] | None = None, prior: officer.Prior | None = None
             ) -> tuple[list[Problem], list[Answer]]:
    """Every problem in the data sheets of ``raw`` (the cells read), and the answers.

    ``specs``: :func:`sheet_specs` for the section, when the caller keeps them between files;
    ``prior``: what the ledger knew before (last year's KPIs, earlier 財政効果額) for the officer's checks."""
    meta_rows = raw.get("sheets", {}).get(layout.SHEET_META, {}).get("rows", [])
    out = _Collector(file, year, identity.section or "", sent_as_text(meta_rows), not_copied(meta_rows))
    if raw.get("date1904"):
        out.day_zero = norm.DAY_ZERO_1904
    names = raw.get("sheet_names", [])
    specs = specs if specs is not None else sheet_specs(plan, year, identity.section or "")
    for spec in specs:
        if spec.name in raw.get("oversized", {}):
            last_row, last_col = raw["oversized"][spec.name]
            far = a1(last_row - 1, last_col - 1)
            out.report(Msg.INTAKE_USED_RANGE_TOO_LARGE, spec.name, far, range=f"A1:{far}",
                       cells=f"{last_row * last_col:,}", limit=f"{max_cells:,}", far=far)
            continue
        if spec.name in raw.get("doubtful", {}):
            report_doubtful(out.report, spec.name, raw["doubtful"][spec.name])
            continue
        sheets = raw.get("sheets", {})

        def headed(name: str) -> bool:  # the form's header row is on the sheet
            return name in sheets and layout.find_header_row(
                sheets[name]["rows"], spec.id_label, search_rows=len(sheets[name]["rows"])) is not None

        lookalikes = [n for n in raw.get("renamed", {}).get(spec.name, []) if headed(n)]
        sheet = sheets.get(spec.name)
        if sheet is not None and (headed(spec.name) or not lookalikes):
            # a copy kept beside it is not read: said, in case it is the one filled in (S013) — and said to be hidden
            # when the sheet read is one the section cannot see
            hidden = (f"（「{spec.name}」は非表示のシートです。シート見出しを右クリックして「再表示」で表示できます）"
                      if spec.name in raw.get("hidden", ()) else "")
            for name in lookalikes:
                out.report(Msg.INTAKE_SHEET_COPY_BESIDE, name, expected=spec.name, found=norm.quoted(name), hidden=hidden)
        elif len(lookalikes) == 1:  # (a sheet of the form's name without its header — an empty one inserted — loses)
            # renamed (「取組状況 (2)」), its header row there: read as the form's sheet (S012, a warning: nothing is lost,
            # and a 差し戻し copy, which has the form's names, may be sent back as it is)
            out.report(Msg.INTAKE_SHEET_RENAMED_READ, lookalikes[0], expected=spec.name, found=norm.quoted(lookalikes[0]))
            sheet = sheets[lookalikes[0]]
        elif lookalikes:  # two such sheets (a draft kept, the filled one renamed): which one is meant is not guessed
            out.report(Msg.INTAKE_SHEET_RENAMED, spec.name, expected=spec.name,
                       found=_sheets_named(lookalikes))
            continue
        else:
            if not spec.optional:
                _report_missing_sheet(out, spec.name, names)
            continue
        _read_sheet(out, spec, sheet["rows"], sheet.get("special", {}), plan, sheet.get("percent", set()),
                    sheet.get("era", {}), sheet.get("numbers", {}), sheet.get("merged", ()), sheet.get("dates", {}),
                    sheet.get("marked", set()), sheet.get("masked", {}))
    if layout.SHEET_META in raw.get("doubtful", {}):  # what the form (a copy) recorded, read apart: not left unsaid
        report_doubtful(out.report, layout.SHEET_META, raw["doubtful"][layout.SHEET_META])
    _report_added_sheets(out, raw, specs)
    _report_error_sheet_notes(out, raw, meta_rows, specs)
    # an error at a cell says enough there; a warning (V008 unit, V021 approximate) leaves the value read, so
    # the officer's question about its size still stands — but V025 says what the size is (a day's serial typed as
    # 「1/2」): not also 「単位や桁を確認」 (V015)
    taken = {(p.row_id, p.column) for p in out.problems
             if p.row_id and (p.severity is Severity.ERROR or p.code == Msg.INTAKE_DATE_SERIAL.value.code)}
    out.problems += [p for p in officer.check(out.answers, plan, prior, file, out.shown, out.stored) if (p.row_id, p.column) not in taken]
    return out.problems, out.answers


def _report_added_sheets(out: _Collector, raw: dict, specs: list[SheetSpec]) -> None:
    """S016, once a sheet: a sheet none of the form's (a sheet of notes) holding something. Nothing there is read, so
    the office is told, as for a column added beside the table (S010). Not where a sheet of the form is missing or
    renamed: the sheet may be that one, and S001 or S002 says so."""
    if any(p.code in (Msg.INTAKE_SHEET_MISSING.value.code, Msg.INTAKE_SHEET_RENAMED.value.code) for p in out.problems):
        return
    copies = {n for found in raw.get("renamed", {}).values() for n in found}  # (said as the form's sheet: S012, S013)
    inputs = _text_inputs(raw, specs)
    for name, cells in raw.get("unread", {}).items():
        if name in copies or name in {spec.name for spec in specs}:
            continue
        hidden = f"（「{norm.quoted(name)}」は非表示のシートです）" if name in raw.get("hidden", ()) else ""
        out.report(Msg.INTAKE_SHEET_ADDED, name, found=norm.quoted(name), cells=f"{cells:,}", hidden=hidden,
                   inputs=inputs)


def _text_inputs(raw: dict, specs: list[SheetSpec]) -> str:
    """The form's text input columns on the sheets the workbook has, as a message names them (「取組実績・課題・今後の方針
    ・算出根拠・備考」; 意見への対応 where it is one)."""
    return "・".join(dict.fromkeys(c.label for spec in specs if spec.name in raw.get("sheet_names", ())
                                  for c in spec.columns if c.input and c.wrap))


def _report_error_sheet_notes(out: _Collector, raw: dict, meta_rows: list[list[object]], specs: list[SheetSpec]) -> None:
    """M014: a 差し戻し copy sent back with values on its 「エラー一覧」 the copy did not write there (「効果額は見込みです。
    確定は6月」 beside a problem listed). That sheet is never read as answers, so the office is told to read them. Only
    for a copy whose 「_meta」 records what the sheet held (:data:`layout.META_ERROR_SHEET`; the sheet is read only in a
    workbook that has it: a copy)."""
    record = error_sheet_written(meta_rows)
    if record is None:
        return
    name, written = record
    sheet = raw.get("sheets", {}).get(name)
    if sheet is None:  # deleted (nothing to read), or past the cap of cells
        return
    notes = error_sheet_notes(written, sheet["rows"], sheet.get("special", {}))
    if notes:
        first, value = notes[0]
        out.report(Msg.INTAKE_ERROR_SHEET_NOTES, name, first, found=norm.quoted(name), count=f"{len(notes):,}",
                   first=first, text=norm.quoted(norm.raw_text(value)), inputs=_text_inputs(raw, specs))


ERROR_SHEET_CHUNK = 30_000  # characters of digests a 「_meta」 cell holds (a cell holds 32,767)


def error_sheet_key(value: object) -> str | None:
    """The short digest of a value of a 差し戻し copy's 「エラー一覧」 as written and as read back after a save
    (LibreOffice, openpyxl: 1 and 1.0 alike, line ends and the spaces around alike); None for a blank cell."""
    text = unchanged_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10] if text else None


def error_sheet_record(sheet: str, values: Iterable[object]) -> tuple[str, ...]:
    """The 「_meta」 row (:data:`layout.META_ERROR_SHEET`) of what a copy's 「エラー一覧」 named ``sheet`` holds as written:
    key, name, how many cells hold a value, their digests (``digest`` or ``digest*times``), as many cells as they take."""
    keys = Counter(k for v in values if (k := error_sheet_key(v)) is not None)
    chunks = [""]
    for word in (k if n == 1 else f"{k}*{n}" for k, n in sorted(keys.items())):
        if len(chunks[-1]) + len(word) >= ERROR_SHEET_CHUNK:  # a cell's worth: the next cell (cut between words)
            chunks.append("")
        chunks[-1] += f" {word}" if chunks[-1] else word
    return (layout.META_ERROR_SHEET, sheet, str(keys.total()), *filter(None, chunks))


def error_sheet_written(rows: list[list[object]]) -> tuple[str, Counter[str]] | None:
    """The sheet and the digests a copy's 「_meta」 records for its 「エラー一覧」 (:func:`error_sheet_record`), or None."""
    for row in rows:
        if len(row) >= 3 and norm.raw_text(row[0]) == layout.META_ERROR_SHEET and norm.raw_text(row[1]):
            written: Counter[str] = Counter()
            for word in " ".join(norm.raw_text(c) or "" for c in row[3:]).split():
                key, _, times = word.partition("*")
                written[key] += int(times) if times.isdigit() else 1
            return norm.raw_text(row[1]) or "", written
    return None


def error_sheet_notes(written: Counter[str], rows: list[list[object]], special: dict[str, tuple[str, object]] | None = None
                      ) -> list[tuple[str, object]]:
    """The cells of a copy's 「エラー一覧」 (``rows`` from A1) holding what the copy did not write there, by row then
    column: (A1, value). A value written as many times as it is there is the copy's wherever it is now (rows sorted,
    moved); one there more often, or a cell retyped, is a note. ``special``: the sheet's formulas and error values
    (:func:`~reform_xlsx.intake.workbook_reader.read_cells`): a note typed 「=確認済」 is quoted as typed."""
    cells = {(r, c): value for r, row in enumerate(rows) for c, value in enumerate(row) if not norm.is_blank(value)}
    for ref, (kind, text) in (special or {}).items():
        at = row_col(ref)
        if at is not None and (kind == "formula" or at not in cells):
            cells[at] = text
    left = Counter(written)
    notes = []
    for (r, c), value in sorted(cells.items()):
        key = error_sheet_key(value)
        if key is None:
            continue
        if left[key] > 0:
            left[key] -= 1
        else:
            notes.append((a1(r, c), value))
    return notes


def sent_as_text(rows: list[list[object]]) -> dict[tuple[str, str, str], tuple[str, str]]:
    """The rows :data:`layout.META_SENT_AS_TEXT` of a 差し戻し copy's 「_meta」: (sheet, row ID, column key) →
    (kind, text)."""
    found: dict[tuple[str, str, str], tuple[str, str]] = {}
    for cells in _meta_records(rows, layout.META_SENT_AS_TEXT, 6):
        if cells[4] in ("formula", "error", "rich"):
            found.setdefault((cells[1], cells[2], cells[3]), (cells[4], cells[5]))
    return found


def not_copied(rows: list[list[object]]) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """The rows :data:`layout.META_NOT_COPIED` of a 差し戻し copy's 「_meta」: (sheet, row ID or "" for a column,
    column key) → (code, the value the copy wrote there as :func:`unchanged_text`, where it was in the file sent)."""
    found: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for cells in _meta_records(rows, layout.META_NOT_COPIED, 7):
        if cells[3]:
            found.setdefault((cells[1], cells[2], cells[3]), (cells[4], cells[5], cells[6]))
    return found


def _meta_records(rows: list[list[object]], key: str, width: int) -> list[list[str]]:
    """The 「_meta」 rows of ``key`` with all ``width`` cells, as text ("" for blank)."""
    records = []
    for row in rows:
        if len(row) >= width and norm.raw_text(row[0]) == key:
            records.append([norm.raw_text(c) or "" for c in row[:width]])
    return records


def unchanged_text(value: object) -> str:
    """A cell's value as a 差し戻し copy records it to tell it unchanged: canonical (85 and 85.0 alike), "" for blank."""
    value = _canonical(value)
    return "" if value is None else str(value)


def renamed_candidates(name: str, names: list[str]) -> list[str]:
    """The sheets of ``names`` that look like the form's sheet ``name`` renamed, or copied (「取組状況 (2)」,
    「取組状況（市民課）」), closest first."""
    known = {layout.SHEET_GUIDE, layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES, layout.SHEET_META,
             layout.SHEET_LISTS}
    others = [n for n in names if n not in known]
    found = [n for n in others if layout.normalise_label(n) == layout.normalise_label(name)]
    found += [n for n in difflib.get_close_matches(name, others, n=max(1, len(others)), cutoff=0.5) if n not in found]
    return found + [n for n in others if name in n and n not in found]


def renamed_sheet(name: str, names: list[str]) -> str | None:
    """The sheet of ``names`` most like the form's sheet ``name`` renamed, if any."""
    return next(iter(renamed_candidates(name, names)), None)


def sheet_lookalikes(names: list[str]) -> dict[str, list[str]]:
    """The form's data sheets → the other sheets of ``names`` that look like each (renamed, or a copy kept beside it):
    the reader reads them too, to tell a renamed sheet (S012) from a copy (S013) by their header rows."""
    found = {}
    for name in (layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES):
        candidates = renamed_candidates(name, names)
        if candidates:
            found[name] = candidates
    return found


SHEETS_NAMED = 5  # sheets named in an S002; the rest counted (a workbook may hold 999 copies of a sheet)


def _sheets_named(names: list[str]) -> str:
    """「取組状況 (2)」「取組状況 (3)」, up to :data:`SHEETS_NAMED` of them, then 「（ほか 994 枚）」."""
    named = "".join(f"「{norm.quoted(n)}」" for n in names[:SHEETS_NAMED])
    return named + (f"（ほか {len(names) - SHEETS_NAMED:,} 枚）" if len(names) > SHEETS_NAMED else "")


def _report_missing_sheet(out: _Collector, name: str, names: list[str]) -> None:
    close = renamed_sheet(name, names)
    if close is not None:
        out.report(Msg.INTAKE_SHEET_RENAMED, name, expected=name, found=_sheets_named([close]))
    else:
        out.report(Msg.INTAKE_SHEET_MISSING, name, expected=name)


def _read_sheet(out: _Collector, spec: SheetSpec, rows: list[list[object]],
                special: dict[str, tuple[str, str]], plan: Plan, percent: set[str] = frozenset(),
                era: dict[str, str] | None = None, numbers: dict[str, str] | None = None,
                merged: tuple | list = (), dates: dict[str, str] | None = None, marked: set[str] = frozenset(),
                masked: dict[str, tuple[str, str, str]] | None = None) -> None:
    """``percent``: the cells formatted as a percentage (a number there is read as it shows); ``era``: the
    cells showing a date in 和暦 (A1 → format code: a date there is read as it shows, 「R8.3.31」); ``numbers``: the
    cells showing a number by a format of their own (A1 → format code: a number in a free-text cell is read as it
    shows, 「1,234」); ``merged``: the sheet's merged cells (S014 where they cover input cells of the table); ``dates``:
    the cells showing a number as a date or a time (A1 → format code: such a cell of a number field is refused, V024);
    ``marked``: the cells showing the form's 「※」 of a reference 年度目標値 (a 実績値 there holding that target was
    pasted from it, V028); ``masked``: the cells whose format shows their value as something else (A1 → (format code,
    what it shows): F042, the value not read)."""
    header = layout.find_header_row(rows, spec.id_label, search_rows=len(rows))  # (a sort may take it far down)
    if header is None:
        out.report(Msg.INTAKE_HEADER_MISSING, spec.name, label=spec.id_label)
        return
    index = layout.column_index(rows[header])
    id_col = index[layout.normalise_label(spec.id_label)]
    columns: dict[str, int] = {}
    for column in spec.columns:
        c = index.get(layout.normalise_label(column.label))
        if c is not None:
            columns[column.key] = c
    renamed = _renamed_columns(spec, rows[header], id_col, columns)
    for column in spec.columns:
        if column.input and column.key not in columns:
            c = renamed.get(column.key)
            # the column key, no row: a 差し戻し copy marks the column's cells (carried there, or to be typed in)
            found = (f"見出しを「{norm.quoted(norm.raw_text(rows[header][c]))}」に書き換えた {a1(header, c).rstrip('0123456789')}"
                     f" 列を「{column.label}」の列として読みました（差し戻しの写しには、その列の入力を「{column.label}」の列に"
                     "写します）。") if c is not None else ""
            out.report(Msg.INTAKE_COLUMN_MISSING, spec.name, a1(header, id_col if c is None else c),
                       at=("", column.key), label=column.label, found=found)
            if c is not None:
                columns[column.key] = c
    inputs = [c for c in spec.columns if c.input and c.key in columns]
    if spec.name == layout.SHEET_ITEMS:
        _read_respondent(out, spec, rows, header, special, masked or {})
    found: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    stray: list[int] = []  # rows not read (S007, S008) past ROWS_REPORTED of each kind: counted in one S018
    without_id = 0
    for r in range(header + 1, len(rows)):
        row = rows[r]
        id_value = row[id_col] if id_col < len(row) else None
        if norm.is_blank(id_value):
            filled = [c for c in inputs if not norm.is_blank(_cell(row, columns[c.key]))]
            if filled and (without_id := without_id + 1) > ROWS_REPORTED:  # 100,000 pasted rows: not 100,000 lines
                stray.append(r)
            elif filled:  # (the column key, no row: a 差し戻し copy marks the row read above it, to bring it there)
                out.report(Msg.INTAKE_INPUT_WITHOUT_ID, spec.name, a1(r, columns[filled[0].key]), at=("", filled[0].key),
                           label="、".join(c.label for c in filled), typed=_typed(row, columns, inputs))
            continue
        typed = norm.nfkc(norm.raw_text(id_value) or "").strip()
        id_text = spec.read_id(typed, plan)
        if id_text not in spec.expected:
            unknown.append((r, typed))  # (S007 quotes it as typed)
            continue
        found.setdefault(id_text, []).append(r)
    _rows_above_header(out, spec, rows, header, id_col, found, plan)
    retyped = _retyped_ids(spec, rows, columns, unknown, found)
    not_read = 0
    for r, id_text in unknown:
        row, read_as = rows[r], retyped.get(r)
        if not read_as and (not_read := not_read + 1) > ROWS_REPORTED:
            stray.append(r)
            continue
        filled = [c for c in inputs if not norm.is_blank(_cell(row, columns[c.key]))]
        if read_as:  # read as that row: in a 差し戻し copy, its answers are on it, marked where they came from
            found[read_as] = [r]
        out.report(Msg.INTAKE_ROW_UNKNOWN, spec.name, a1(r, id_col), id=norm.quoted(id_text), kind=_kind_label(spec, plan),
                   typed="" if read_as else _typed(row, columns, inputs),
                   read_as=f"計画の内容が {spec.shown(read_as)} の行と同じなので、{spec.shown(read_as)} の行として"
                   f"読みました（差し戻しの写しでは {spec.shown(read_as)} の行に写します）。" if read_as else "",
                   at=(read_as or "", (filled or inputs)[0].key) if (filled or (read_as and inputs)) else None)
    if stray:
        stray.sort()
        out.report(Msg.INTAKE_MORE_ROWS, spec.name, a1(stray[0], id_col), kind=_kind_label(spec, plan),
                   count=f"{len(stray):,}", first=stray[0] + 1, last=stray[-1] + 1)
    covered = _merged_inputs(out, spec, rows, header, columns, inputs, found, merged)
    for id_ in spec.expected:
        where = found.get(id_)
        if not where:
            if not spec.optional:  # no cell in the file sent; in the 差し戻し copy, the row's first required input
                required = next((c.key for c in spec.columns if c.input and c.required), None)
                out.report(Msg.INTAKE_ROW_MISSING, spec.name, kind=_kind_label(spec, plan), id=spec.shown(id_),
                           name=_row_name(spec, id_, plan), at=(id_, required) if required else None)
            continue
        if len(where) > 1:  # in the 差し戻し copy, at the row read: the first input the other rows have otherwise
            out.report(Msg.INTAKE_ROW_DUPLICATE, spec.name, a1(where[1], id_col), kind=_kind_label(spec, plan),
                       id=spec.shown(id_), rows=_row_list(where),
                       typed="".join(_typed(rows[r], columns, inputs, f"{r + 1} 行目") for r in where[1:ROWS_REPORTED]),
                       at=(id_, _first_other_input(rows, where, columns, inputs)) if inputs else None)
        r = where[0]
        _check_locked(out, spec, rows[r], r, columns, id_)
        for column in inputs:
            c = columns[column.key]
            if (r, c) in covered:  # blank under a merge (S014 said so): not also 「空欄です」
                continue
            if a1(r, c) in marked and _target_pasted(out, spec, id_, column, _cell(rows[r], c), a1(r, c), plan):
                continue
            if masked and a1(r, c) in masked:  # 「;;;」 or 「"A 計画どおり"」: the value is not what was seen
                _shown_otherwise(out, spec, id_, column, _cell(rows[r], c), a1(r, c), *masked[a1(r, c)])
                continue
            _read_input(out, spec, id_, column, _cell(rows[r], c), a1(r, c), special, plan, percent, era or {},
                        numbers or {}, dates or {})
        if spec.name == layout.SHEET_RESPONSES and "response" in columns and norm.is_blank(_cell(rows[r], columns["response"])):
            out.report(Msg.INTAKE_RESPONSE_BLANK, spec.name, a1(r, columns["response"]), at=(id_, "response"), id=spec.shown(id_))
    form = {id_col, *columns.values()} | {c for c, v in enumerate(rows[header]) if layout.parse_history_label(v)}
    _report_added_columns(out, spec, rows, header, form)
    _report_not_copied_unchanged(out, spec, rows, columns, found, plan)


def _retyped_ids(spec: SheetSpec, rows: list[list[object]], columns: dict[str, int], unknown: list[tuple[int, str]],
                 found: dict[str, list[int]]) -> dict[int, str]:
    """The rows of an ID not the section's (S007) that are one of its rows not found (S005) with the ID retyped: the
    row's plan text (改革項目 / 指標名) is that row's, and no other row not read says it — row → the ID it is."""
    if "name" not in columns:
        return {}
    missing = [id_ for id_ in spec.expected if id_ not in found]
    matched: dict[int, str] = {}
    for r, _id_text in unknown:
        name = _canonical(_cell(rows[r], columns["name"]))
        like = [id_ for id_ in missing if name is not None and _canonical(spec.expected[id_].get("name")) == name]
        if len(like) == 1:
            matched[r] = like[0]
    ids = list(matched.values())
    return {r: id_ for r, id_ in matched.items() if ids.count(id_) == 1}


def _renamed_columns(spec: SheetSpec, header: list[object], id_col: int, columns: dict[str, int]) -> dict[str, int]:
    """The form's input columns whose header is not found (S004) → the column that is most likely that column with
    its header rewritten: one whose header is like the label (「実績」 for 「取組実績」, 「課題と今後の方針」), or the one
    column that is not the form's where the missing one belongs (between the form's columns found either side of
    it). A column two missing ones could be is taken by neither."""
    form = {id_col, *columns.values()} | {c for c, v in enumerate(header) if layout.parse_history_label(v)}
    others = [c for c in range(len(header)) if c not in form]
    missing = [column for column in spec.columns if column.input and column.key not in columns]
    chosen: dict[str, int] = {}
    for column in missing:
        want = layout.normalise_label(column.label)
        like = [c for c in others if (label := layout.normalise_label(header[c])) and (
            (len(label) >= 2 and (label in want or want in label))
            or difflib.SequenceMatcher(None, want, label).ratio() >= 0.6)]
        if len(like) == 1:
            chosen[column.key] = like[0]
        elif not like:
            place = _in_its_place(spec, column, columns, others, missing)
            if place is not None:
                chosen[column.key] = place
    taken = list(chosen.values())
    return {key: c for key, c in chosen.items() if taken.count(c) == 1}


def _in_its_place(spec: SheetSpec, column: Column, columns: dict[str, int], others: list[int],
                  missing: list[Column]) -> int | None:
    """The one column that is not the form's between the form's columns found before and after ``column`` (in the
    form's order; the column right after the last one found, for the form's last column), when ``column`` is the only
    one missing there: where it was, its header rewritten."""
    keys = [c.key for c in spec.columns]

    def found_before(key: str) -> int | None:
        return next((columns[k] for k in reversed(keys[:keys.index(key)]) if k in columns), None)

    before = found_before(column.key)
    after = next((columns[k] for k in keys[keys.index(column.key) + 1:] if k in columns), None)
    if before is None or (after is not None and after < before):
        return None
    gap = [c for c in others if c > before and (after is None or c < after)]
    if after is None:
        gap = [c for c in gap[:1] if c == before + 1]
    alone = [m.key for m in missing if found_before(m.key) == before] == [column.key]
    return gap[0] if len(gap) == 1 and alone else None


def _report_not_copied_unchanged(out: _Collector, spec: SheetSpec, rows: list[list[object]], columns: dict[str, int],
                                 found: dict[str, list[int]], plan: Plan) -> None:
    """S015 (a warning) for a 差し戻し copy sent back with the cells it marked red for what it could not place (a column
    not found, rows without a known ID) as it wrote them: what the section typed there would be lost unnoticed."""
    labels = {c.key: c.label for c in spec.columns}
    for (sheet, row_id, key), (code, written, where) in out.not_copied.items():
        if sheet != spec.name or key not in columns or key not in labels:
            continue
        if row_id:
            if row_id not in found or unchanged_text(_cell(rows[found[row_id][0]], columns[key])) != written:
                continue
            r = found[row_id][0]
            place = f" {spec.shown(row_id)} の「{labels[key]}」（{a1(r, columns[key])}）"  # (「1-3」 of two levels)
        else:  # a whole column the copy left blank
            cells = [r for rs in found.values() for r in rs[:1]]
            if not cells or any(not norm.is_blank(_cell(rows[r], columns[key])) for r in cells):
                continue
            r = min(cells)  # (the column's first cell; a row ID of "" for the column, as S004's: the copy marks it all)
            place = f"「{labels[key]}」の列（すべて空欄）"
        out.report(Msg.INTAKE_NOT_COPIED_UNCHANGED, spec.name, a1(r, columns[key]), at=(row_id, key), place=place,
                   what=f"{code}: {where}" if where else code)


def _first_other_input(rows: list[list[object]], where: list[int], columns: dict[str, int], inputs: list[Column]) -> str:
    """The first input column (key) where a later row of an ID holds something other than the row read (else the
    first input): where the section is to bring what it typed in those rows."""
    first = rows[where[0]]
    for column in inputs:
        c = columns[column.key]
        if any(not norm.is_blank(_cell(rows[r], c)) and _cell(rows[r], c) != _cell(first, c) for r in where[1:]):
            return column.key
    return inputs[0].key


def _merged_inputs(out: _Collector, spec: SheetSpec, rows: list[list[object]], header: int, columns: dict[str, int],
                   inputs: list[Column], found: dict[str, list[int]], merged) -> set[tuple[int, int]]:
    """S014, once a merge: merged cells that cover input cells of the table's rows besides their first cell (which
    alone holds the value: the others read as blank — 進捗状況 merged over three items shows one grade for all three).
    A merge that covers no input cell another merge has not (the same range written again — a broken tool writes one
    thousands of times —, or a range inside another) is not said again: at most one S014 an input cell.
    Returns the input cells so covered (row, column), not to be said blank as well."""
    ids = {r: id_ for id_, rs in found.items() for r in rs}
    where = {columns[column.key]: column for column in inputs}
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in merged:
        cells = [(r, c) for r in range(max(r0, header + 1), min(r1, len(rows) - 1) + 1) if r in ids
                 for c in range(c0, c1 + 1) if c in where and (r, c) != (r0, c0)]
        if covered.issuperset(cells):
            continue
        covered.update(cells)
        first_id = ids.get(r0)
        first_column = where.get(c0)
        at = (first_id, first_column.key) if first_id and first_column else (ids[cells[0][0]], where[cells[0][1]].key)
        labels = "・".join(where[c].label for c in range(c0, c1 + 1) if c in where)
        rows_ids = "・".join(dict.fromkeys(spec.shown(ids[r]) for r in range(r0, r1 + 1) if r in ids))  # (「1-3」)
        out.report(Msg.INTAKE_MERGED_INPUT, spec.name, a1(r0, c0), at=at, range=f"{a1(r0, c0)}:{a1(r1, c1)}",
                   first=a1(r0, c0), what=f"{labels}の {rows_ids} の行")
    return covered


ROWS_REPORTED = 20  # rows not read (S007, S008; S006's copies), columns added (S010) said one by one; the rest
# counted (S018, S017, 「ほか 3 行」)


def _row_list(where: list[int]) -> str:
    """The rows of one ID (0-based) as the section counts them, up to :data:`ROWS_REPORTED`: 「5・16・17 行目」,
    「5・16・…・34 行目、ほか 3 行」."""
    listed = "・".join(str(r + 1) for r in where[:ROWS_REPORTED]) + " 行目"
    return listed + (f"、ほか {len(where) - ROWS_REPORTED:,} 行" if len(where) > ROWS_REPORTED else "")


def _typed(row: list[object], columns: dict[str, int], inputs: list[Column], where: str = "この行") -> str:
    """What a row that is not read held in its input cells, quoted (each cell up to 40 characters), so that the
    section can type it again in the 差し戻し copy: 「（この行の入力: 取組実績「…」）」; "" when nothing."""
    typed = [f"{c.label}「{norm.quoted(norm.raw_text(_cell(row, columns[c.key])))}」" for c in inputs
             if not norm.is_blank(_cell(row, columns[c.key]))]
    return f"（{where}の入力: {'、'.join(typed)}）" if typed else ""


def _rows_above_header(out: _Collector, spec: SheetSpec, rows: list[list[object]], header: int, id_col: int,
                       found: dict[str, list[int]], plan: Plan) -> None:
    """S011: the section's rows above the header row (a sort that took the header along puts it below them), said
    once instead of an S005 for each; the rows are read, so the 差し戻し copy holds what they say."""
    above: dict[str, int] = {}
    for r in range(header):
        id_text = spec.read_id(norm.nfkc(norm.raw_text(_cell(rows[r], id_col)) or "").strip(), plan)
        if id_text in spec.expected and id_text not in above:
            above[id_text] = r
    if not above:
        return
    for id_, r in above.items():  # a row below the header too (added after the sort): S006, the first one read
        found[id_] = [r, *found.get(id_, [])]
    ids = [spec.shown(id_) for id_ in above]
    out.report(Msg.INTAKE_ROWS_ABOVE_HEADER, spec.name, a1(header, id_col), kind=_kind_label(spec, plan),
               ids="・".join(ids[:5]) + (f" ほか {len(ids) - 5} 件" if len(ids) > 5 else ""), header=header + 1,
               rows=_row_span(sorted(above.values())), first=min(above.values()) + 1)


def _row_span(rows: list[int]) -> str:
    """0-based rows as a section reads them: 「4～7」 when they follow on, else 「4・6」."""
    if rows == list(range(rows[0], rows[-1] + 1)) and len(rows) > 1:
        return f"{rows[0] + 1}～{rows[-1] + 1}"
    return "・".join(str(r + 1) for r in rows)


def _report_added_columns(out: _Collector, spec: SheetSpec, rows: list[list[object]], header: int,
                          form: set[int]) -> None:
    """S010, once a column: what was typed from the header down in a column that is none of the form's (a memo column
    added beside the table). Nothing there is read, so the office is told what it holds."""
    width = max((len(row) for row in rows[header:]), default=0)
    added = [c for c in range(width) if c not in form]
    if not added:
        return
    typed: dict[int, list[int]] = {}
    for r in range(header + 1, len(rows)):
        row = rows[r]
        for c in added:
            if c < len(row) and not norm.is_blank(_cell(row, c)):
                typed.setdefault(c, []).append(r)
    said: list[int] = []  # columns said, ROWS_REPORTED of them; the rest counted in one S017
    rest: list[tuple[int, int]] = []  # (column, cells) past those
    for c in added:
        label = _cell(rows[header], c)
        found = typed.get(c) or ([header] if not norm.is_blank(label) else [])
        if not found:
            continue
        if len(said) >= ROWS_REPORTED:  # a value filled to column XFD: not 16,000 lines in the 受付結果
            rest.append((c, len(found)))
            continue
        said.append(c)
        first = a1(found[0], c)
        quoted = f"{first}「{norm.quoted(norm.raw_text(_cell(rows[found[0]], c)))}」"
        out.report(Msg.INTAKE_COLUMN_ADDED, spec.name, first, letter=first.rstrip("0123456789"),
                   label=f"（見出し「{norm.quoted(norm.raw_text(label))}」）" if found[0] != header and not norm.is_blank(label)
                   else "",
                   cells=quoted if len(found) == 1 else f"{quoted} ほか、入力のあるセル {len(found)} 個",
                   inputs="・".join(c.label for c in spec.columns if c.input and c.wrap))
    if rest:
        letters = [a1(0, c).rstrip("0123456789") for c, _n in (rest[0], rest[-1])]
        out.report(Msg.INTAKE_MORE_COLUMNS_ADDED, spec.name, a1(header, rest[0][0]), count=f"{len(rest):,}",
                   first=letters[0], last=letters[1], cells=f"{sum(n for _c, n in rest):,}")


def _read_respondent(out: _Collector, spec: SheetSpec, rows: list[list[object]], header: int,
                     special: dict[str, tuple[str, object]], masked: dict[str, tuple[str, str, str]]) -> None:
    """The 回答者欄 above the header: each field an answer of kind 「respondent」 (text, as typed); a field whose
    format shows something else (``masked``: 「;;;」) is said (F042), not read."""
    cells = layout.find_respondent_cells(rows, header)
    for column in layout.RESPONDENT_COLUMNS:
        if column.key not in cells:
            _read_over_label(out, spec, rows, layout.find_respondent_labels(rows, header), column, masked)
            continue
        r, c = cells[column.key]
        value, cell = _cell(rows[r], c), a1(r, c)
        kind, text = special.get(cell, ("", ""))
        if kind == "malformed":  # a cell calamine refused, or 「inf」 it read as ∞ (workbook_reader.refused_cells)
            out.report(Msg.INTAKE_CELL_MALFORMED, spec.name, cell, at=(layout.RESPONDENT_ID, column.key), detail=text)
            out.answer("respondent", layout.RESPONDENT_ID, column.key, None, None, spec.name, cell)
            continue
        if kind:  # a formula, an error value, a picture: kept as its text, never as a name
            shown = norm.rich_value(str(text))[1] if kind == "rich" else str(text)
            out.answer("respondent", layout.RESPONDENT_ID, column.key, None, shown, spec.name, cell)
            continue
        if cell in masked:
            _shown_otherwise(out, spec, layout.RESPONDENT_ID, column, value, cell, *masked[cell], kind="respondent")
            continue
        outcome = norm.normalise_text(value)
        out.answer("respondent", layout.RESPONDENT_ID, column.key, outcome.value, norm.raw_text(value), spec.name, cell)


def _read_over_label(out: _Collector, spec: SheetSpec, rows: list[list[object]], labels: dict[str, tuple[int, int]],
                     column: Column, masked: dict[str, tuple[str, str, str]]) -> None:
    """A 回答者欄 field whose label cell was typed over (the name in 「担当者」's cell, unprotected): where the
    label was, from the labels still there (label and value pairs, in layout order). The text typed over the
    label is the field's value when the input cell beside it is blank (S009); else the input cell is read. Either
    cell's format showing something else (``masked``: 「;;;」) is said (F042), the value not read."""
    keys = [c.key for c in layout.RESPONDENT_COLUMNS]
    near = next((k for k in keys if k in labels), None)
    if near is None:
        return  # no label left to place it by
    r, label_col = labels[near]
    c = label_col + 2 * (keys.index(column.key) - keys.index(near))
    if c < 0:
        return
    typed, value = _cell(rows[r], c), _cell(rows[r], c + 1)
    over = norm.is_blank(value) and not norm.is_blank(typed)
    cell = a1(r, c if over else c + 1)
    if cell in masked:  # a name typed over the label in a cell of 「;;;」: one nobody saw
        _shown_otherwise(out, spec, layout.RESPONDENT_ID, column, typed if over else value, cell, *masked[cell],
                         kind="respondent")
        return
    if over:
        raw = norm.raw_text(typed)
        out.report(Msg.INTAKE_RESPONDENT_OVER_LABEL, spec.name, a1(r, c), at=(layout.RESPONDENT_ID, column.key),
                   label=column.label, raw=norm.quoted(raw), label_cell=a1(r, c), value_cell=a1(r, c + 1))
        out.answer("respondent", layout.RESPONDENT_ID, column.key, norm.normalise_text(typed).value, raw, spec.name,
                   a1(r, c))
        return
    out.answer("respondent", layout.RESPONDENT_ID, column.key, norm.normalise_text(value).value, norm.raw_text(value),
               spec.name, a1(r, c + 1))


def _kind_label(spec: SheetSpec, plan: Plan) -> str:
    """What a row is, in the plan's words: 「改革項目」 (or the plan's word for its items), 「KPI」."""
    return plan.words.item if spec.kind == "item" else "KPI"


def _cell(row: list[object], c: int) -> object:
    value = row[c] if c < len(row) else None
    return None if value == "" else value


def _row_name(spec: SheetSpec, id_: str, plan: Plan) -> str:
    return plan.item(id_).name if spec.kind == "item" else plan.kpi(id_).name


def _check_locked(out: _Collector, spec: SheetSpec, row: list[object], r: int, columns: dict[str, int],
                  id_: str) -> None:
    for key, label, expected, shown, row_id in spec.locked[id_]:
        found = _canonical(_cell(row, columns[key])) if key in columns else expected
        # (a cut's 「全 n 字」 counts the plan's text as written: a leading 「　」 too, which the canonical value has not)
        if found != expected and not template_content.is_cut_of(found, spec.expected[id_].get(key)):
            out.report(Msg.INTAKE_LOCKED_CHANGED, spec.name, a1(r, columns[key]), label=label, expected=shown,
                       at=(row_id, key))


def _canonical(value: object) -> object:
    value = template_content.canonical_value(value)
    return value.strip() if isinstance(value, str) else value


def _shown_otherwise(out: _Collector, spec: SheetSpec, id_: str, column: Column, value: object, cell: str,
                     code: str, shown: str, how: str = "", kind: str | None = None) -> None:
    """F042: the cell's format shows something other than its value (nothing, or words of its own), F043 a conditional
    format does, F044 its font is the colour of its background: not read."""
    raw = report_shown_otherwise(out.report, spec.name, cell, value, code, shown, how, at=(id_, column.key))
    out.answer(kind or spec.kind, id_, column.key, None, raw, spec.name, cell)


def _read_input(out: _Collector, spec: SheetSpec, id_: str, column: Column, value: object, cell: str,
                special: dict[str, tuple[str, object]], plan: Plan, percent: set[str] = frozenset(),
                era: dict[str, str] | None = None, numbers: dict[str, str] | None = None,
                dates: dict[str, str] | None = None) -> None:
    shown_percent = cell in percent
    era_format, number_format = (era or {}).get(cell), (numbers or {}).get(cell)
    if column.key not in _NOT_TEXT and isinstance(value, (dt.date, dt.time)) and (dates or {}).get(cell):
        # 「4/1」 typed into a text became a date shown 「4月1日」: the text says that, never the year the spreadsheet
        # assumed when it was typed (「2027年4月1日」 for 令和8年度's 4月1日, typed in May 2027)
        value = norm.date_shown(value, dates[cell])
    raw = norm.shown_text(value, shown_percent)
    if column.key not in _NOT_TEXT and not shown_percent and isinstance(value, (int, float)) and not isinstance(value, bool):
        raw = norm.raw_text(norm.text_shown(value, False, None, number_format))  # a number in a text cell as shown: 「1,234」
    kind, text = special.get(cell, ("", ""))
    if not kind:
        kind, text = out.sent_as_text(spec.name, id_, column.key, value)
    at = (id_, column.key)
    if kind == "formula":
        out.report(Msg.INTAKE_FORMULA_IN_INPUT, spec.name, cell, at=at, formula=text,
                   advice=norm.formula_advice(text))
        out.answer(spec.kind, id_, column.key, None, text, spec.name, cell)
        return
    if kind == "too_long":
        out.report(Msg.INTAKE_TEXT_TOO_LONG, spec.name, cell, at=at, length=f"{text:,}")
        out.answer(spec.kind, id_, column.key, None, raw, spec.name, cell)
        return
    if kind == "error":
        out.report(Msg.INTAKE_CELL_ERROR, spec.name, cell, at=at, raw=text)
        out.answer(spec.kind, id_, column.key, None, text, spec.name, cell)
        return
    if kind == "malformed":  # a cell calamine refused (workbook_reader.refused_cells): read as blank
        out.report(Msg.INTAKE_CELL_MALFORMED, spec.name, cell, at=at, detail=text)
        out.answer(spec.kind, id_, column.key, None, None, spec.name, cell)
        return
    if kind == "rich":  # a picture placed in the cell, a data type: no answer in it
        params, shown = norm.rich_value(str(text))
        out.report(Msg.INTAKE_CELL_RICH_VALUE, spec.name, cell, at=at, **params)
        out.answer(spec.kind, id_, column.key, None, shown, spec.name, cell)
        return
    if column.key in ("effect_yen", "actual") and (day := norm.date_shown(value, (dates or {}).get(cell), out.day_zero)) is not None:
        # 「1/2」「5/10」 typed became a date: refused as the cell shows it (「1月2日」), never read as its serial 46024
        out.report(Msg.INTAKE_NUMBER_AS_DATE, spec.name, cell, at=at, label=column.label, raw=day,
                   example=_example(column, id_, plan))
        out.answer(spec.kind, id_, column.key, None, day, spec.name, cell)
        return
    outcome = _normaliser(spec, column, id_, plan, shown_percent, era_format, number_format)(value)
    if column.key in _NOT_TEXT and not shown_percent and number_format is not None:
        out.numbers[(spec.kind, id_, column.key)] = (value, number_format)  # for V015–V017 to quote it as shown
    if column.key in ("effect_yen", "actual") and isinstance(value, (int, float)) and not isinstance(value, bool):
        # as the section sees it: a %-formatted 82.5 %, which Calc's fill handle counts on to 83.5 %, as 82.5
        out.stored[(spec.kind, id_, column.key)] = float(value) * 100 if shown_percent else float(value)
    if outcome.msg is None and not shown_percent and column.key in ("effect_yen", "actual"):
        outcome = _date_serial(outcome, value, out.year, column, id_, plan, number_format, out.day_zero)
    if outcome.msg is not None:
        out.report(outcome.msg, spec.name, cell, at=at, **outcome.params)
    elif outcome.value is None and column.required and norm.is_blank(value):
        hint = GRADE_HINT if column.key == "grade" else ACTUAL_HINT
        out.report(Msg.INTAKE_REQUIRED_BLANK, spec.name, cell, at=at, label=column.label, id=spec.shown(id_), hint=hint)
    out.answer(spec.kind, id_, column.key, outcome.value, raw, spec.name, cell)


_NOT_TEXT = ("grade", "effect_yen", "actual")  # the inputs read as a grade or a number; the rest are free text


def _target_pasted(out: _Collector, spec: SheetSpec, id_: str, column: Column, value: object, cell: str,
                   plan: Plan) -> bool:
    """V028 (and True) where a 実績値 cell shows the form's 「※」 and holds the row's reference 年度目標値: the grey
    target pasted with Ctrl+V, its format and all (Calc and Excel alike), never a measured value. A number typed over
    the pasted one (the 「※」 stays) is read as any other."""
    target = spec.expected.get(id_, {}).get("year_target")
    if column.key != "actual" or isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not isinstance(target, (int, float)) or not math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-12):
        return False
    shown = layout.REFERENCE_MARK + template_content.figure_text(plan.kpi(id_), value)
    out.report(Msg.INTAKE_TARGET_PASTED, spec.name, cell, at=(id_, column.key), label=column.label, raw=shown)
    out.answer(spec.kind, id_, column.key, None, shown, spec.name, cell)
    return True


def _date_serial(outcome: norm.Outcome, value: object, year: int, column: Column, id_: str, plan: Plan,
                 number_format: str | None, day_zero: dt.datetime = norm.DAY_ZERO) -> norm.Outcome:
    """``outcome`` with V025 when the number is the serial of a day of the fiscal year's two calendar years — what
    LibreOffice Calc stores, keeping the form's 「#,##0」, when 「1/2」 or 「5/10」 is typed (46024: 2026/1/2, shown
    「46,024」; 44562 in a workbook of the 1904 date system, ``day_zero``); a number typed as such is read all the
    same. Not a KPI's 実績値 of its own plan figures' size (:func:`_kpi_sized`): a 滞納繰越額 of 52,300 → 30,000千円
    reported as 47,200 is no day typed, though 47200 is 2029年3月23日's serial."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        return outcome
    if column.key == "actual" and _kpi_sized(plan.kpi(id_), float(value)):
        return outcome
    first, last = dt.date(year, 1, 1), dt.date(year + 1, 12, 31)
    day = norm.serial_day(value, day_zero) if value > 0 else None
    if day is None or not first <= day.date() <= last:
        return outcome
    shown = norm.number_text(number_format, float(value)) if number_format else None
    return norm.Outcome(outcome.value, Msg.INTAKE_DATE_SERIAL, {
        "label": column.label, "raw": shown or _figure(value), "date": f"{day.year}年{day.month}月{day.day}日",
        "typed": f"{day.month}/{day.day}", "example": _example(column, id_, plan)})


SERIAL_SCALE = 2.0  # how far outside its plan figures (baseline, target, yearly targets) a KPI's value is its own size


def _kpi_sized(kpi: Kpi, value: float) -> bool:
    """Whether ``value`` is of the size ``kpi``'s own plan figures are: between half the smallest and twice the largest
    (a day's serial, 46,000–47,500 in these years, typed into a KPI of 40 → 60件 is not; into one of 52,300 → 30,000千円
    it is that KPI's figure)."""
    figures = [abs(v) for v in (kpi.baseline, kpi.target, *kpi.yearly_targets.values()) if v is not None]
    return bool(figures) and min(figures) / SERIAL_SCALE <= value <= max(figures) * SERIAL_SCALE


def _example(column: Column, id_: str, plan: Plan) -> str:
    """A number the field reads, for a message that asks for one."""
    kind = "yen" if column.key == "effect_yen" else plan.kpi(id_).kind
    return norm.NUMBER_EXAMPLE.get(kind, "3")


def _normaliser(spec: SheetSpec, column: Column, id_: str, plan: Plan, percent: bool = False,
                era_format: str | None = None, number_format: str | None = None) -> Callable[[object], norm.Outcome]:
    if column.key == "grade":
        return lambda value: _grade(value, plan)
    if column.key == "effect_yen" and percent:  # 12 shown 「1200%」: no amount of yen (V006 quotes it as shown)
        return lambda value: norm.normalise_yen(norm.text_shown(value, True), column.label)
    if column.key == "effect_yen":
        return _as_shown(lambda value: norm.normalise_yen(value, column.label), number_format, column.label, "円")
    if column.key == "actual":
        kpi = plan.kpi(id_)
        read = functools.partial(norm.normalise_kpi, kpi=kpi, label=column.label, percent_format=percent)
        return read if percent else _as_shown(read, number_format, column.label, kpi.unit)
    return lambda value: _pointing_elsewhere(
        norm.normalise_text(norm.text_shown(value, percent, era_format, number_format)), column.label)


# A text that only points at another: the row above (「同上」, 「〃」 — ″ is 〃 as a keyboard types it, NFKC ′′; 「”」 the
# quotation mark a Japanese keyboard gives for ", 「ゝ」「仝」「々」 among the candidates 「おなじ」 converts to) or the
# gray 前年度 column (「前年度と同じ」「前年度どおり」); with 「です」 or a full stop, spaces anywhere. A sentence that
# says more is an answer.
_POINTS_ELSEWHERE = re.compile(
    r"(?:[〃′″\"”“ゝヽ仝々]+|同上|同左|同前|上に同じ|上記(?:と|に)同じ|(?:前|昨|去)年度?(?:と|に)?同(?:じ|様)(?:の?内容)?"
    r"|前回(?:と|に)?同(?:じ|様)|(?:同上|上記|(?:前|昨|去|例)年度?|前回)の?(?:とおり|通り|どおり))"
    r"(?:です|である)?[。.]?")


def points_elsewhere(text: str) -> bool:
    """Whether a text cell's whole answer is 「同上」, 「〃」, 「前年度と同じ」 or the like (V030)."""
    return bool(text) and _POINTS_ELSEWHERE.fullmatch(layout.compact_text(text)) is not None


def _pointing_elsewhere(outcome: norm.Outcome, label: str) -> norm.Outcome:
    """``outcome`` of a text cell with V030 when all it says is 「同上」 or 「前年度と同じ」: in the 会議資料 and the 公表用 the
    text stands alone under its item (the row above is another item there), so it says nothing or something false.
    The answer is kept as typed."""
    if outcome.msg is None and isinstance(outcome.value, str) and points_elsewhere(outcome.value):
        return norm.Outcome(outcome.value, Msg.INTAKE_POINTS_ELSEWHERE, {"label": label, "raw": outcome.value})
    return outcome


def _as_shown(read: Callable[[object], norm.Outcome], number_format: str | None, label: str,
              unit: str) -> Callable[[object], norm.Outcome]:
    """``read`` for a number cell whose display format shows the number otherwise than it is — a unit word with a
    size in it (「#,##0"千円"」 shows 500 as 「500千円」): read as shown, with V023 saying what the cell holds. A
    format that only decorates (「#,##0"円"」, 「¥#,##0」) shows the same number: read as it is. A message about a
    number the cell holds quotes it as the cell shows it (「-500,000」, 「(500,000)」 where Calc gave 「(500,000)」 typed
    its own format), not as stored (「-500000」)."""
    def shown_or_held(value: object) -> norm.Outcome:
        held = _quoted_as_shown(read(value), value, number_format)
        if number_format is None or not any(word in number_format for word in _SIZE_WORDS) \
                or isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return held  # (the form's own formats have no such word: one look at the code, no rendering)
        shown = norm.number_text(number_format, float(value))
        if shown is None or not any(word in shown for word in _SIZE_WORDS):  # 「351」 of 350.5: rounded, not a unit
            return held
        seen = read(shown)
        if seen.value is None or seen.value == held.value:
            return held
        if seen.msg is not None:  # what it shows is itself wrong (a unit of another kind): said of the shown text
            return seen
        return norm.Outcome(seen.value, Msg.INTAKE_SHOWN_WITH_UNIT,
                            {"label": label, "raw": shown, "stored": f"{_figure(value)}{unit}",
                             "value": f"{_figure(seen.value)}{unit}"})
    return shown_or_held


_SIZE_WORDS = ("千", "万", "億", "兆")  # a unit word with a size: 千円, 百万円, 万人, 千基


def _quoted_as_shown(outcome: norm.Outcome, value: object, number_format: str | None) -> norm.Outcome:
    """``outcome`` with the number its message quotes (``raw``) as the cell shows it (:func:`number_as_shown`)."""
    if outcome.msg is None or "raw" not in outcome.params or (shown := number_as_shown(value, number_format)) is None:
        return outcome
    return norm.Outcome(outcome.value, outcome.msg, {**outcome.params, "raw": shown})


def number_as_shown(value: object, number_format: str | None) -> str | None:
    """A number cell's ``value`` as its ``number_format`` shows it (「1,234,567」 under the form's 「#,##0」), as the
    messages about it quote it — when that is the number itself: 1500.5 shown rounded 「1,501」 is quoted as it is
    (「1,501」 is no fraction to refuse); None for a text, or a number under General or a format not rendered."""
    if number_format is None or isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value):
        return None
    shown = norm.number_text(number_format, float(value))
    try:
        same = shown is not None and norm.parse_number(shown).value == value
    except norm.NotANumber:  # a format's own words around it (「500件」 is read, 「No.500」 is not)
        same = False
    return shown if same else None


def _figure(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,.10g}"


def _grade(value: object, plan: Plan) -> norm.Outcome:
    if norm.is_blank(value):
        return norm.Outcome(None)
    code = norm.parse_grade(value, plan.grades)
    if code is None:
        choices = "・".join(g.display for g in plan.grades)
        return norm.Outcome(None, Msg.INTAKE_GRADE_INVALID, {"raw": norm.raw_text(value), "choices": choices,
                                                             "zero": norm.typed_zero(value, plan.grades)})
    return norm.Outcome(code)
