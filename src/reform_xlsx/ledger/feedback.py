"""差し戻し: a fresh 調査票 of the section and year, filled with what the section sent, every problem
cell marked and commented, and a first sheet 「エラー一覧」 — ready to send back.

The copy is built, never copied: the section's file is not opened here at all. A new template
is written (:func:`reform_xlsx.templates.write_template`) with the values the reader took from
the return (:class:`~reform_xlsx.records.Answer`: the text as typed where it did not read as a
value), so no formula, link, external reference, macro or unknown part of the input can travel
back. A formula the section typed appears as its text, marked. The section fixes the copy and
sends it back; it reads like any return of that template.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.form import layout
from reform_xlsx.intake.normalise import MAX_NUMBER, SAME_UNITS, NotANumber, parse_number, wari_fraction
from reform_xlsx.intake.validate import error_sheet_record, unchanged_text
from reform_xlsx.intake.walk import sent_name
from reform_xlsx.messages import RESAVE_CODES, Msg, Problem, Severity
from reform_xlsx.plan.model import Kpi, Plan
from reform_xlsx.records import Answer
from reform_xlsx.templates.writer import CellKey, Fill, write_template
from reform_xlsx.wareki import format_fiscal_year, japanese_date
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import (
    BORDER_COLOUR,
    ERROR_FILL,
    LOCKED_HEADER_FILL,
    WARNING_FILL,
    Styles,
    setup_page,
    write_note,
)

SHEET_ERRORS = layout.SHEET_FEEDBACK_ERRORS
RESUBMIT_LABEL, CONTACT_LABEL = "再提出期限", "問い合わせ先"
NO_RESUBMIT_DATE = "（取りまとめ課からの連絡をご確認ください）"
SHEET_OF_KIND = {"item": layout.SHEET_ITEMS, "kpi": layout.SHEET_KPI}
WIDTHS = (5, 8, 7, 12, 8, 90)


_A_NUMBER_SHOWN = re.compile(r"-?\d{1,3}(,\d{3})+|-?\d(\.\d+)?E[+-]\d+|-?\d+\.\d+")  # a number cell as normalise.raw_text quotes it


def sent_values(plan: Plan, answers: list[Answer]) -> dict[CellKey, object]:
    """What to write back in each input cell: the value as read where it read, else the text as typed."""
    values: dict[CellKey, object] = {}
    kpis = {k.id: k for k in plan.kpis}
    for a in answers:
        # 意見への対応 is an item's answer on a sheet of its own: written back there, never lost from the copy
        sheet = layout.SHEET_RESPONSES if a.kind == "item" and a.field == "response" else SHEET_OF_KIND.get(a.kind, a.sheet)
        key = (sheet, a.id, a.field)
        if a.field == "grade" and a.value is not None:
            value: object = next((g.display for g in plan.grades if g.code == a.value), a.raw)
        elif a.field in ("effect_yen", "actual") and isinstance(a.value, (int, float)):
            value = a.value
        elif isinstance(a.value, str):  # a text as the section saw it (「100%」, not the 1 the cell held)
            value = a.value
        elif a.field in ("effect_yen", "actual") and a.raw and _A_NUMBER_SHOWN.fullmatch(a.raw):
            value = float(a.raw.replace(",", ""))  # a number refused as too large goes back as the number it was
        elif a.field in ("effect_yen", "actual") and (refused := _refused_number(
                a.raw, kpis.get(a.id) if a.field == "actual" else None)) is not None:
            value = refused  # 「-500000」「△500,000」「▲5人」, 「120.0%」「11割」 refused: the number, as the cell shows it
        else:
            value = a.raw
        if value is not None:
            values[key] = value
    return values


def _refused_number(raw: str | None, kpi: Kpi | None) -> float | None:
    """The number a refused amount or 実績値 was — the cell held it (-500000: Excel and Calc turn 「(500,000)」 typed into
    it; 1.2 of a rate, 「120.0%」), or a text that reads as one in the cell's own unit, 「△500,000」「▲5人」「▲5割」 —
    else None: it goes back as that number, in the cell's number format and marked, not as a text (the text 「-500000」
    was left-aligned in the cell). ``kpi``: the 実績値's KPI (None for 財政効果額): a rate's 「-5.0%」 is -0.05, a count's
    unit its own (「▲5人」「▲5名」 of a KPI in 人); a text in another unit (「▲5件」 of 人) goes back as typed."""
    rate = kpi is not None and kpi.is_rate
    if rate and (fraction := wari_fraction(raw)) is not None:
        return fraction
    try:
        number = parse_number(raw)
    except NotANumber:
        return None
    units = {""} | ({"円"} if kpi is None or kpi.kind == "yen" else set()) \
        | ({kpi.unit, *SAME_UNITS.get(kpi.unit, ())} if kpi is not None and not rate else set())
    if number.value is None or not abs(number.value) < MAX_NUMBER or number.unit not in units \
            or number.percent and not rate:
        return None
    return number.value / 100 if number.percent else number.value


def problem_marks(problems: list[Problem]) -> dict[CellKey, tuple[str, str]]:
    """Each input cell with problems: red for an error, orange for a warning, and the messages."""
    by_cell: dict[CellKey, list[Problem]] = defaultdict(list)
    for p in problems:
        if p.sheet and p.row_id and p.column:
            by_cell[(p.sheet, p.row_id, p.column)].append(p)
    return {key: (ERROR_FILL if any(p.severity is Severity.ERROR for p in found) else WARNING_FILL,
                  "\n".join(f"【{p.code} {p.severity.label}】{p.message}" for p in found))
            for key, found in by_cell.items()}


AS_TEXT_KINDS = {Msg.INTAKE_FORMULA_IN_INPUT.value.code: "formula", Msg.INTAKE_CELL_ERROR.value.code: "error",
                 Msg.INTAKE_CELL_RICH_VALUE.value.code: "rich"}


def sent_as_text(problems: list[Problem], values: dict[CellKey, object]) -> dict[CellKey, str]:
    """The input cells the copy holds the text of a formula or an error value in (V009, V012), or the words for a
    picture or a data type (V027), and which: the
    reader knows them by it (:data:`layout.META_SENT_AS_TEXT`), so that the copy sent back with that text unchanged
    is sent back again — the text is not the section's answer, nor was the formula."""
    kinds: dict[CellKey, str] = {}
    for p in problems:
        key = (p.sheet, p.row_id, p.column)
        if p.code in AS_TEXT_KINDS and key in values:
            kinds[key] = AS_TEXT_KINDS[p.code]
    return kinds


COLUMN_NOT_FOUND = Msg.INTAKE_COLUMN_MISSING.value.code
NOT_COPIED_UNCHANGED = Msg.INTAKE_NOT_COPIED_UNCHANGED.value.code
# what an S015 says it was about (「S004: 送ったファイルで見出しが見つからなかった列」), read back from its message: a problem
# the ledger kept has its message, not its parameters
_NOT_COPIED_SAID = re.compile(re.escape(Msg.INTAKE_NOT_COPIED_UNCHANGED.value.template)
                              .replace(re.escape("{place}"), ".*?").replace(re.escape("{what}"), "(?P<what>.*?)"),
                              re.DOTALL)
REQUIRED = {c.key for c in (*layout.ITEM_COLUMNS, *layout.KPI_COLUMNS) if c.required}
ROW_NOT_READ = (Msg.INTAKE_ROW_UNKNOWN.value.code, Msg.INTAKE_INPUT_WITHOUT_ID.value.code)


def _carried(p: Problem, answers: list[Answer]) -> list[Answer]:
    """What the reader took, for the column an S004 names, from the column it judged that one with its header
    rewritten (「実績」 for 「取組実績」); none when it found no such column."""
    if p.code != COLUMN_NOT_FOUND or not p.column:
        return []
    return [a for a in answers if a.field == p.column and SHEET_OF_KIND.get(a.kind, a.sheet) == p.sheet]


def add_mark(marks: dict[CellKey, tuple[str, str]], key: CellKey, colour: str, text: str, first: bool = False) -> None:
    """Mark ``key`` (red over orange) and add ``text`` to its comment (``first``: before what it says already)."""
    old_colour, old_text = marks.get(key, (colour, ""))
    texts = (text, old_text) if first else (old_text, text)
    marks[key] = (ERROR_FILL if ERROR_FILL in (old_colour, colour) else colour, "\n".join(filter(None, texts)))


def placed(problems: list[Problem], answers: list[Answer], values: dict[CellKey, object]
           ) -> tuple[dict[CellKey, tuple[str, str]], dict[CellKey, tuple[str, str, str]], dict[int, CellKey]]:
    """What the copy marks for what the section typed where the form has no place for it, and records on 「_meta」
    (:data:`layout.META_NOT_COPIED`) to know the copy sent back without it (S015), and the cell the エラー一覧 links each
    such problem to (by ``id``): ``(marks, not_copied, links)``.

    - a column whose header was rewritten, the reader telling which column it is (S004 naming it): what it held is in
      the copy, in the form's column, each cell orange with where it came from;
    - a column not found at all (S004): each of its cells red with the problem (a row ID of "" marks the column);
    - a row not read (S007: an ID not the section's; S008: no ID): the cell of its first input in the row read just
      above it in the file sent (the row the section most likely added it under), red with what it held;
    - a copy sent back with such cells as it wrote them (S015): the same cells, orange with that, recorded again — the
      copy of a copy keeps asking for what is still to be typed."""
    marks: dict[CellKey, tuple[str, str]] = {}
    not_copied: dict[CellKey, tuple[str, str, str]] = {}
    links: dict[int, CellKey] = {}
    rows: dict[str, list[tuple[int, str]]] = defaultdict(list)  # sheet → (row in the file sent, ID) of the rows read
    for a in answers:
        if a.id != layout.RESPONDENT_ID and a.cell:
            rows[SHEET_OF_KIND.get(a.kind, a.sheet)].append((int(_row_of(a.cell) or 0), a.id))

    def mark(key: CellKey, colour: str, text: str) -> None:
        add_mark(marks, key, colour, text)

    for p in problems:
        said = f"【{p.code} {p.severity.label}】{p.message}"
        if p.code == COLUMN_NOT_FOUND and p.sheet and p.column:
            carried = _carried(p, answers)
            for a in carried:
                key = (p.sheet, a.id, p.column)
                if key in values:
                    mark(key, WARNING_FILL, f"【{p.code} 確認】送っていただいたファイルの {a.cell}（見出しを書き換えた列）"
                                            "から写しました。内容を確かめてください。")
            if not carried:
                mark((p.sheet, "", p.column), ERROR_FILL, said)
                if p.column not in REQUIRED:  # (a required column left blank is V002 again: an error already)
                    not_copied[(p.sheet, "", p.column)] = (p.code, "", "送ったファイルで見出しが見つからなかった列")
        elif p.code in ROW_NOT_READ and p.sheet and p.row_id and p.column:  # an ID retyped, read as the row it is
            for a in answers:
                if a.id == p.row_id and SHEET_OF_KIND.get(a.kind, a.sheet) == p.sheet and (p.sheet, a.id, a.field) in values:
                    mark((p.sheet, a.id, a.field), WARNING_FILL, f"【{p.code} 確認】送っていただいたファイルの "
                         f"{_row_of(p.cell)} 行目（ID が書き換えてあった行）から写しました。内容を確かめてください。")
        elif p.code == NOT_COPIED_UNCHANGED and p.sheet and p.column and p.row_id is not None:
            # a copy sent back with the cells marked for what it could not place as they were (and another error):
            # marked and recorded again, so that this copy sent back so is said again (S015), not taken silently
            key = (p.sheet, p.row_id, p.column)
            mark(key, WARNING_FILL, said)
            said_what = _NOT_COPIED_SAID.fullmatch(p.message)
            code, _, where = (said_what["what"] if said_what else COLUMN_NOT_FOUND).partition(": ")
            not_copied.setdefault(key, (code, unchanged_text(values.get(key)) if p.row_id else "", where))
        elif p.code in ROW_NOT_READ and p.sheet and p.column and p.cell and rows.get(p.sheet):
            at = int(_row_of(p.cell) or 0)
            above = [r for r in rows[p.sheet] if r[0] < at]
            row, row_id = max(above) if above else min(rows[p.sheet])
            key = links[id(p)] = (p.sheet, row_id, p.column)
            mark(key, ERROR_FILL, f"{said}\n（送ったファイルでこの行の{'下' if row < at else '上'}の {at} 行目にあった入力です。"
                                  "この行のものなら、この欄に書き足してください）")
            not_copied.setdefault(key, (p.code, unchanged_text(values.get(key)), f"送ったファイルの {at} 行目"))
    return marks, not_copied, links


def copy_resubmit_dates(paths: list[Path]) -> dict[Path, date | None]:
    """The 再提出期限 each 差し戻し copy of ``paths`` gives at the top of 「エラー一覧」 (the date merge wrote into it, with
    ``--resubmit-by`` or the default), read as every workbook is (one sandboxed worker for them all); None for one that
    gives none or cannot be read so: the 再提出のお願い that attaches a copy says the same date as the copy."""
    from reform_xlsx.intake.tables import read_sheets_rows

    try:
        found = read_sheets_rows(list(paths), SHEET_ERRORS)
    except OSError:  # no worker could be started: no copy read
        return dict.fromkeys(paths)
    return {path: None if isinstance(rows, Exception) else _resubmit_date_in(rows) for path, rows in zip(paths, found)}


def _resubmit_date_in(rows: list[list[object]]) -> date | None:
    from reform_xlsx.wareki import FiscalYearError, parse_date

    for row in rows[:10]:  # the band under the title
        texts = [str(v).strip() for v in row if v is not None and str(v).strip()]
        if len(texts) == 2 and texts[0] == RESUBMIT_LABEL:
            try:
                return parse_date(texts[1])
            except FiscalYearError:  # 「（取りまとめ課からの連絡をご確認ください）」: no date
                return None
    return None


def for_the_section(problems: list[Problem]) -> list[Problem]:
    """The problems the section is to fix or check in this file: its own, not the ledger's notes about
    the office's other files (L001–L003: duplicates, replaced and rival files are the office's
    bookkeeping, and an older file's problems are not this file's)."""
    return [p for p in problems if not p.code.startswith("L")]


def write_feedback(plan: Plan, year: int, section: str, problems: list[Problem], answers: list[Answer],
                   target: str | Path, *, source_name: str, history: pd.DataFrame | None = None,
                   resubmit_by: date | None = None, contact: str | None = None,
                   plan_for: Callable[[int], Plan] | None = None) -> Path:
    """Write the 差し戻し copy for ``section`` to ``target`` (atomically). Returns ``target``.

    ``resubmit_by``: the 再提出期限 and ``contact``: the 問い合わせ先 (default: the plan's office),
    both at the top of 「エラー一覧」. ``plan_for``: the plan in force each earlier year (the form's earlier 実績値
    in their own unit where a revision has since changed it)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    problems = for_the_section(problems)
    contact = (contact or "").strip() or f"{plan.office}（取りまとめ課）"

    values = sent_values(plan, answers)
    marks, not_copied, links = placed(problems, answers, values)
    # an ID retyped, the row read as the one it is (S007): its cells are marked where they came from, not as errors
    # (an S015: marked where :func:`placed` records it)
    for key, (colour, text) in problem_marks([p for p in problems if not (p.code in ROW_NOT_READ and p.row_id)
                                              and p.code != NOT_COPIED_UNCHANGED]).items():
        add_mark(marks, key, colour, text, first=True)

    def front(workbook: Workbook, styles: Styles):
        ws = workbook.add_worksheet(SHEET_ERRORS)
        ws.activate()

        def finish(cells: dict[CellKey, str]) -> list[tuple[str, ...]]:
            listed, copied = problems, _what_was_copied(values, problems, answers)
            if values and _earlier_revision(problems):
                listed = _on_this_form(problems, cells)
                copied = _copied_from_earlier_revision(plan, values, problems, cells, answers)
            written = _Written(ws)
            _error_sheet(written, styles, plan, listed, cells, year=year, section=section, source_name=source_name,
                         resubmit_by=resubmit_by, contact=contact, copied=copied, links=links)
            # what the sheet holds as written, on 「_meta」: a copy sent back with notes typed there is said (M014)
            return [error_sheet_record(SHEET_ERRORS, written.values)]
        return finish

    fill = Fill(values=values, marks=marks, front=front, author=plan.office, resubmit_by=resubmit_by, contact=contact,
                as_text=sent_as_text(problems, values), not_copied=not_copied)
    return write_template(plan, year, section, target, history=history, fill=fill, plan_for=plan_for)


class _Written:
    """A worksheet that keeps each value written to it (:attr:`values`), for 「_meta」 to record them."""

    def __init__(self, ws: Worksheet):
        self._ws = ws
        self.values: list[object] = []

    def __getattr__(self, name: str):
        return getattr(self._ws, name)

    def write_string(self, row: int, col: int, string: str, *args, **kwargs):
        self.values.append(string)
        return self._ws.write_string(row, col, string, *args, **kwargs)

    def write_number(self, row: int, col: int, number: float, *args, **kwargs):
        self.values.append(number)
        return self._ws.write_number(row, col, number, *args, **kwargs)

    def write_url(self, row: int, col: int, url: str, cell_format=None, string: str | None = None, *args, **kwargs):
        self.values.append(string if string is not None else url)
        return self._ws.write_url(row, col, url, cell_format, string, *args, **kwargs)


def _what_was_copied(values: dict[CellKey, object], problems: list[Problem], answers: list[Answer] = ()) -> str:
    """What the copy's guide says of its contents and what to do: all of what was sent, part of it (a sheet or a
    heading the reader did not find: S001–S008 — nothing under it was read), or nothing (the file could not be
    read) — then, when every error is one the section fixes by saving the file it sent again (:data:`RESAVE_CODES`:
    a form saved as .ods or .xls, F002), to open that file and save it again, never to type it all in anew."""
    keep = f"、このファイルのまま保存して、{RESUBMIT_LABEL}までに送り返してください。"
    if not values:
        errors = {p.code for p in problems if p.severity is Severity.ERROR}
        if errors and errors <= RESAVE_CODES:
            return ("送っていただいたファイルは、下の一覧のとおりそのままでは読み取れなかったため、内容は写していません。"
                    "この調査票に記入し直す必要はありません。送っていただいた元のファイルを開き、一覧の「内容と直し方」の"
                    "とおりに直して「Excel ブック (*.xlsx)」形式で保存し直し、"
                    f"{RESUBMIT_LABEL}までに送り直してください。")
        return ("送っていただいたファイルは、下の一覧のとおり内容を読み取れなかったため、内容は写していません。"
                "この調査票に記入し直して" + keep)
    carried = [p for p in problems if _carried(p, answers) or (p.code in ROW_NOT_READ and p.row_id)]
    moved = ("見出しや ID が書き換えられていた列・行の入力は、当てはまる列・行に写しました（オレンジのセル。破線の枠"
             "で囲んでいます。内容を確かめてください）。") if carried else ""
    if any(p.code.startswith("S") and p.code != Msg.INTAKE_SHEET_RENAMED_READ.value.code and p not in carried
           for p in problems):
        return ("このファイルは、送っていただいた内容を新しい調査票に写したものです。" + moved + "ただし、シートや見出しが"
                "変わっていたところ（一覧の S で始まるもの）は読み取れなかったため、写していません。送っていただいたファイルを"
                "見ながらその欄を記入し、赤いセル（太い枠。エラー）を直して" + keep)
    return "このファイルは、送っていただいた内容を新しい調査票に写したものです。" + moved + "赤いセル（太い枠。エラー）を直して" + keep


def _earlier_revision(problems: list[Problem]) -> bool:
    """The file is a form of an earlier revision of the plan (M003): what it sent, when it was read (with that
    revision: :func:`reform_xlsx.intake.identify.earlier_revision`), goes on a form of the current one."""
    return any(p.code == Msg.INTAKE_OTHER_PLAN_VERSION.value.code for p in problems)


def _rows_of(cells: dict[CellKey, str]) -> set[tuple[str, str]]:
    return {(sheet, row_id) for sheet, row_id, _column in cells}


def _on_this_form(problems: list[Problem], cells: dict[CellKey, str]) -> list[Problem]:
    """The problems to list in a copy of a form of an earlier revision: not the value checks (V) of a row the current
    revision no longer has on the section's form — there is nothing to fix there."""
    rows = _rows_of(cells)
    return [p for p in problems if not (p.code.startswith("V") and p.row_id and (p.sheet, p.row_id) not in rows)]


DROPPED_SHOWN = 10  # the IDs of rows not copied named in the guide; more are counted


def _row_names(plan: Plan, row_ids: list[str], keys) -> str:
    """``row_ids`` as the guide names them (an item by its number, 「1-3」 of two levels; a KPI by its ID, ``keys`` the
    cells that say which rows are KPIs), the first :data:`DROPPED_SHOWN` and how many more."""
    kpis = {row_id for sheet, row_id, _column in keys if sheet == layout.SHEET_KPI}
    shown = [row_id if row_id in kpis else plan.item_number(row_id) for row_id in row_ids]
    return "、".join(shown[:DROPPED_SHOWN]) + (f" ほか {len(row_ids) - DROPPED_SHOWN} 行"
                                               if len(row_ids) > DROPPED_SHOWN else "")


def _copied_from_earlier_revision(plan: Plan, values: dict[CellKey, object], problems: list[Problem],
                                  cells: dict[CellKey, str], answers: list[Answer]) -> str:
    """What the guide says of a copy of a form of an earlier revision (M003): what was sent is on the form of the
    current revision, row by row (by ID); what it sent for rows that form no longer has is named and not copied;
    the rows that form has and the sent one had not (added by the revision) are named, to be filled; the rows the
    revision changed are the section's to check."""
    keep = f"、このファイルのまま保存して、{RESUBMIT_LABEL}までに送り返してください。"
    rows = _rows_of(cells)
    dropped = list(dict.fromkeys(row_id for sheet, row_id, _column in values if (sheet, row_id) not in rows))
    unread = any(p.code.startswith("S") and p.code != Msg.INTAKE_SHEET_RENAMED_READ.value.code for p in problems)
    text = ("送っていただいたファイルは前の版の計画で作った調査票のため、受け付けられませんでした。このファイルは、"
            f"送っていただいた内容を、現在の版（{plan.version}）の計画の新しい調査票に、項目・KPI ごとに同じ ID の行へ"
            "写したものです。" + ("" if unread else "記入し直す必要はありません。"))
    if dropped:
        text += f"現在の版の調査票にない行（{_row_names(plan, dropped, values)}）の内容は、写していません。"
        # an item the revision ended keeps its row on 意見への対応 (asked last year's word): its answer there was copied
        kept = [row_id for row_id in dropped if (layout.SHEET_RESPONSES, row_id, "response") in values
                and (layout.SHEET_RESPONSES, row_id) in rows]
        if kept:
            text += f"ただし、{'、'.join(map(plan.item_number, kept))} の「意見への対応」は、「{layout.SHEET_RESPONSES}」シートに写しました。"
    # rows the revision gave the section (a new item or KPI, one moved to it): the sent form had none, they stand blank
    # (a row it had and left blank is in ``answers``, not in ``values``: no row the revision added)
    sent = _rows_of(values) | {(SHEET_OF_KIND.get(a.kind, a.sheet), a.id) for a in answers}
    added = [row_id for sheet, row_id in dict.fromkeys((sheet, row_id) for sheet, row_id, _column in cells)
             if sheet in (layout.SHEET_ITEMS, layout.SHEET_KPI) and row_id != layout.RESPONDENT_ID
             and (sheet, row_id) not in sent]
    if added and not unread:
        text += (f"ただし、現在の版の調査票で加わった行（{_row_names(plan, added, cells)}）は、送っていただいたファイルに"
                 "なかったため空欄です。記入してください。")
    if unread:
        text += ("シートや見出しが変わっていたところ（一覧の S で始まるもの）は読み取れなかったため、写していません。"
                 "送っていただいたファイルを見ながらその欄を記入してください。")
    return (text + "計画の改訂で内容や目標値が変わった項目・KPI は、写した内容がそれでよいか確かめ、"
            "赤いセル（太い枠。エラー）を直して" + keep)


def _error_sheet(ws: Worksheet, st: Styles, plan: Plan, problems: list[Problem], cells: dict[CellKey, str], *,
                 year: int, section: str, source_name: str, resubmit_by: date | None, contact: str,
                 copied: str, links: dict[int, CellKey] | None = None) -> None:
    title = f"{format_fiscal_year(year)} {plan.words.survey}の修正のお願い（{section}）"
    for n, width in enumerate(WIDTHS):
        ws.set_column(n, n, width)
    ws.set_row(0, 26)
    ws.write_string(0, 0, title, st.title)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    row = 1
    for label, text in ((RESUBMIT_LABEL, japanese_date(resubmit_by, weekday=True) if resubmit_by else NO_RESUBMIT_DATE),
                        (CONTACT_LABEL, contact)):
        # one band a line, no merged cells: the label over A–D, the text over E–F
        ws.set_row(row, 21)
        edge = {"top": 1, "bottom": 1, "top_color": BORDER_COLOUR, "bottom_color": BORDER_COLOUR, "valign": "vcenter"}
        grey = {**edge, "bg_color": LOCKED_HEADER_FILL}
        ws.write_string(row, 0, label, st.get(bold=True, left=1, left_color=BORDER_COLOUR, **grey))
        for c in (1, 2):
            ws.write_blank(row, c, None, st.get(**grey))
        ws.write_blank(row, 3, None, st.get(right=1, right_color=BORDER_COLOUR, **grey))
        ws.write_string(row, 4, text, st.get(bold=label == RESUBMIT_LABEL, font_size=11 if label == RESUBMIT_LABEL else 10,
                                             left=1, left_color=BORDER_COLOUR, **edge))
        ws.write_blank(row, 5, None, st.get(right=1, right_color=BORDER_COLOUR, **edge))
        row += 1
    row += 1
    # the file as the section sent it: not the office's inbox folders (the copy goes back to the section)
    note = (f"「{sent_name(source_name)}」にエラー {errors} 件、警告 {len(problems) - errors} 件がありました。{copied}"
            "オレンジのセル（破線の枠）は警告（確認のお願い）です。白黒で印刷しても、エラーは太い枠、警告は破線の枠で"
            "見分けられます。セルにコメントで内容を書いています。")
    top = write_note(ws, st, row, note, sum(WIDTHS) - 2, fmt=st.get(valign="top")) + 1
    setup_page(ws, left=f"{format_fiscal_year(year)} {plan.words.survey}の修正のお願い", centre=SHEET_ERRORS, right=section,
               repeat=(top, top))
    headers = ("No.", "コード", "区分", "シート", "セル", "内容と直し方")
    for c, h in enumerate(headers):
        ws.write_string(top, c, h, st.header)
    for n, p in enumerate(problems, start=1):
        row = top + n
        where = _listed_cell(p, cells, links or {})
        ws.write_number(row, 0, n, st.count)
        ws.write_string(row, 1, p.code, st.text)
        ws.write_string(row, 2, p.severity.label, st.mark(ERROR_FILL if p.severity is Severity.ERROR else WARNING_FILL))
        ws.write_string(row, 3, p.sheet or "", st.text)
        if where:
            ws.write_url(row, 4, f"internal:'{p.sheet}'!{where}", st.cell(font_color="#0563C1", underline=1),
                         string=where)
        else:
            ws.write_string(row, 4, "", st.text)
        # where it was in the file sent, when the copy has it on another row or not at all (S006–S008, S010)
        text = (p.message if not p.cell or (where and _row_of(where) == _row_of(p.cell))
                else f"【送ったファイルの {_row_of(p.cell)} 行目（{p.cell}）】{p.message}")
        ws.write_string(row, 5, text, st.wrap)
        ws.set_row(row, row_height([(text, WIDTHS[5])], minimum=18))
    ws.freeze_panes(top + 1, 0)


def _listed_cell(p: Problem, cells: dict[CellKey, str], links: dict[int, CellKey]) -> str | None:
    """The copy's cell a problem of the エラー一覧 links to: its own; for a row not read (S007, S008) the cell marked for
    it; for a column not found (S004, a row ID of "") the column's first cell."""
    if id(p) in links:
        return cells.get(links[id(p)])
    if p.row_id:
        return cells.get((p.sheet, p.row_id, p.column))
    if p.row_id == "" and p.column:
        return next((a1 for (sheet, row_id, column), a1 in cells.items()
                     if sheet == p.sheet and column == p.column and row_id != layout.RESPONDENT_ID), None)
    return None


def _row_of(cell: str) -> str:
    """「16」 of 「J16」: the row a problem was at in the file the section sent, when the copy has it elsewhere (the
    row read of an ID the file had twice: S006, rows sorted) or not at all (S007, S008; a column: S010)."""
    return cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$").replace("$", "")
