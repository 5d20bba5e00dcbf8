"""Write the per-section entry templates (調査票) with xlsxwriter.

One workbook per section and fiscal year: 「記入要領」, 「取組状況」, 「KPI」 (when the
section owns KPIs), and the hidden 「_lists」 (drop-down source) and 「_meta」 sheets.
What goes into the locked cells is :mod:`reform_xlsx.form.content`; the geometry is
:mod:`reform_xlsx.form.layout`; the format is documented in ``docs/template-spec.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

import datetime as dt
import difflib
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.form.content import (
    MEASURED_MARK,
    FormHistory,
    Row,
    SheetContent,
    fingerprint,
    form_history,
    locked_of,
    section_content,
)
from reform_xlsx.form.layout import Column
from reform_xlsx.messages import Msg, problem
from reform_xlsx.plan.model import Plan, Words
from reform_xlsx.records import DueDateError, due_date_problem
from reform_xlsx.templates.guide import as_deadline, behind_text, published_responses, write_guide
from reform_xlsx.templates.validation import input_validation, prompt_fit
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year, short_fiscal_year
from reform_xlsx.xlsx.sizing import cut_to_length, line_capacity, line_count, row_height
from reform_xlsx.xlsx.style import (
    ANY_PAGES_TALL,
    ERROR_FILL,
    NUMBER_FORMATS,
    PROTECT_OPTIONS,
    Styles,
    figure_format,
    kpi_number_format,
    kpi_number_format_with_unit,
    setup_page,
)
from reform_xlsx.xlsx.workbook import FONT, FONT_SIZE, GrowingRowsWorksheet, new_workbook

MIN_INPUT_LINES = {layout.SHEET_ITEMS: 5, layout.SHEET_KPI: 3, layout.SHEET_RESPONSES: 4}  # room to type in each row
RESPONDENT_HEIGHT, SPACER_HEIGHT = 22.0, 6.0
CENTRED = {"id", "unit", "direction"}


class UnknownSectionError(ValueError):
    """A requested section is not named in the plan."""

    def __init__(self, unknown: list[str], plan: Plan) -> None:
        self.unknown = unknown
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, plan.sections, n=1, cutoff=0.5)
            hints.append(f"「{name}」" + (f"（「{close[0]}」のことですか？）" if close else ""))
        super().__init__(f"計画にない課名です: {'、'.join(hints)}。使える課名: {'、'.join(plan.sections)}"
                         f"（計画{plan.label}）")


def write_templates(plan: Plan, year: int, out_dir: str | Path, sections: list[str] | None = None, *,
                    deadline: dt.date | str | None = None, contact: str | None = None,
                    history: pd.DataFrame | FormHistory | None = None, previous: Plan | None = None,
                    plan_for: Callable[[int], Plan] | None = None) -> list[Path]:
    """Write one template per section (all sections of the plan when ``sections`` is None).

    Files are named :func:`reform_xlsx.outputs.template` and replaced when they exist; when one fails, the
    files this call made (not those it replaced) are removed before the error is raised. ``deadline``
    (a date, or a text such as 「2026-05-29」) is shown in the 記入要領 and kept in the metadata. ``previous``: the
    plan in force the year before (the ledger's revision; ``plan`` itself when there is none), for the 記入要領's
    「計画の見直し」: the items and KPIs added, ended or revised since last year's form. ``history``: the ledger's answers
    of earlier years (grouped once for all the forms: :func:`~reform_xlsx.form.content.form_history`, or given so
    grouped). ``plan_for``: the plan in force
    each earlier year (the ledger's revisions), for a KPI a revision has since counted in another unit
    (:func:`~reform_xlsx.form.content.section_content`).
    Raises :class:`UnknownSectionError` before writing anything if a section is not in the plan,
    :class:`~reform_xlsx.plan.model.YearOutsidePlanError` if ``year`` is outside the plan period,
    :class:`~reform_xlsx.wareki.FiscalYearError` if ``deadline`` is not a day,
    :class:`~reform_xlsx.records.DueDateError` (T001) if it is before ``year`` begins.
    """
    year = plan.require_year(year)
    deadline = as_deadline(deadline)
    if deadline is not None and (found := due_date_problem(year, deadline, nothing="調査票は作っていません")):
        raise DueDateError(found)
    chosen = list(plan.sections) if sections is None else list(dict.fromkeys(sections))
    unknown = [s for s in chosen if s not in plan.sections]
    if unknown:
        raise UnknownSectionError(unknown, plan)
    history = form_history(plan, year, history, plan_for)  # once, not once a form
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, made = [], MadeFiles()  # made: new in this call (removed again when a later one fails)
    try:
        for section in chosen:
            path = out / outputs.template(plan.words, year, section)
            new = not os.path.lexists(path)
            written.append(write_template(plan, year, section, path, deadline=deadline, contact=contact,
                                          history=history, previous=previous, plan_for=plan_for))
            if new:
                made.add(path)
    except BaseException:
        made.remove()
        raise
    return written


class MadeFiles:
    """The files a run made, each as it was when written: after a failure they are removed again — never one
    written over since (another run's form at the same path, a colleague's --force)."""

    def __init__(self) -> None:
        self.files: list[tuple[Path, tuple[int, int, int]]] = []

    def __len__(self) -> int:
        return len(self.files)

    def add(self, path: Path) -> None:
        self.files.append((path, _stamp(path)))

    def remove(self) -> list[Path]:
        """Remove them; return those that could not be removed."""
        left = []
        for path, stamp in self.files:
            try:
                if _stamp(path) != stamp:
                    continue  # not this run's file any more
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError:
                left.append(path)
        return left


def _stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


CellKey = tuple[str, str, str]  # (sheet, row ID, column key)


@dataclass
class Fill:
    """A template written with values already in its input cells (a 差し戻し copy).

    ``values``: what to write in an input cell (text stays text, numbers are numbers);
    ``marks``: an input cell's fill colour and comment; ``front``: called first with the workbook
    and its styles, it adds a sheet of its own and returns a function that is given, once the
    data sheets are written, where each cell went (``{(sheet, row ID, column key): "J5"}``), and returns the rows
    to add to 「_meta」 for it (what the sheet holds as written: :data:`layout.META_ERROR_SHEET`)."""

    values: dict[CellKey, object] = field(default_factory=dict)
    marks: dict[CellKey, tuple[str, str]] = field(default_factory=dict)
    front: Callable[[xlsxwriter.Workbook, Styles], Callable[[dict[CellKey, str]], Sequence[tuple[str, ...]]]] | None = None
    author: str = ""  # who signs the comments
    resubmit_by: dt.date | None = None  # the 再提出期限, shown in the 記入要領 in place of the 提出期限
    contact: str | None = None  # the 問い合わせ先 the 記入要領 shows (not recorded in the copy's metadata)
    as_text: dict[CellKey, str] = field(default_factory=dict)  # a value that is the text of a formula ("formula") or
    # an error value ("error") sent in: recorded on 「_meta」 (layout.META_SENT_AS_TEXT), so that it is not read as an answer
    not_copied: dict[CellKey, tuple[str, str, str]] = field(default_factory=dict)  # a cell marked for what the section
    # typed that the copy could not place (a row ID "" for a whole column): code, the value written, where it was —
    # recorded on 「_meta」 (layout.META_NOT_COPIED), so that the copy sent back without it is said (S015)


def write_template(plan: Plan, year: int, section: str, path: str | Path, *, deadline: dt.date | str | None = None,
                   contact: str | None = None, history: pd.DataFrame | FormHistory | None = None, fill: Fill | None = None,
                   previous: Plan | None = None, plan_for: Callable[[int], Plan] | None = None) -> Path:
    """Write one section's template to ``path`` (written to a temporary file, then moved in place)."""
    year = plan.require_year(year)
    deadline = as_deadline(deadline)
    if section not in plan.sections:
        raise UnknownSectionError([section], plan)
    path = Path(path)
    _build(plan, year, section, path, deadline, contact, history, fill or Fill(), previous,  # appears whole (atomic)
           plan_for)
    return path


def metadata(plan: Plan, year: int, section: str, history: pd.DataFrame | FormHistory | None = None,
             sheets: tuple[SheetContent, ...] | None = None, *, deadline: dt.date | None = None,
             contact: str | None = None) -> dict[str, str]:
    """The metadata of a new template (a fresh random template id each call); ``sheets``: its
    content when already built."""
    sheets = sheets if sheets is not None else section_content(plan, year, section, history)
    return {
        layout.META_FORMAT_VERSION: layout.FORMAT_VERSION,
        layout.META_PLAN_ID: plan.id,
        layout.META_PLAN_VERSION: plan.version,
        layout.META_FISCAL_YEAR: short_fiscal_year(year),
        layout.META_SECTION: section,
        layout.META_TEMPLATE_ID: uuid.uuid4().hex,
        layout.META_FINGERPRINT: fingerprint(locked_of(sheets)),
        layout.META_CREATED: datetime.now(UTC).replace(microsecond=0).isoformat(),
        layout.META_FORM: layout.FORM_SURVEY,
        layout.META_DEADLINE: deadline.isoformat() if deadline else "",
        layout.META_CONTACT: (contact or "").strip(),
    }


def _build(plan: Plan, year: int, section: str, path: str, deadline: dt.date | None, contact: str | None,
           history: pd.DataFrame | FormHistory | None, fill: Fill, previous: Plan | None = None,
           plan_for: Callable[[int], Plan] | None = None) -> None:
    workbook = new_workbook(path)
    styles = Styles(workbook, plan.grades)
    finish = fill.front(workbook, styles) if fill.front is not None else None
    cells: dict[CellKey, str] = {}
    sheets = section_content(plan, year, section, history, plan_for)
    meta = metadata(plan, year, section, history, sheets, deadline=deadline, contact=contact)
    header_left = f"{format_fiscal_year(year)} {plan.words.survey}"
    guide = workbook.add_worksheet(layout.SHEET_GUIDE)
    write_guide(guide, styles, plan, year, section, sheets, deadline=deadline, contact=fill.contact or contact,
                resubmit_by=fill.resubmit_by, previous=previous)
    setup_page(guide, left=header_left, centre=layout.SHEET_GUIDE, right=section)
    for content in sheets:
        sheet = workbook.add_worksheet(content.name, worksheet_class=GrowingRowsWorksheet)
        widths = column_widths(content, fill)
        cells |= _write_data_sheet(sheet, styles, plan, year, section, content, fill, widths)
        setup_page(sheet, left=header_left, centre=content.name, right=section,
                   repeat=(layout.HEADER_ROW, layout.HEADER_ROW), gridlines=True, widths=widths,
                   pages_tall=ANY_PAGES_TALL)  # rows grow with what sections type: never shrunk below the width's scale
    write_lists(workbook, plan)
    sheets_written = {sheet for sheet, _row_id, _column in cells}
    front_meta = list(finish(cells)) if finish is not None else []  # (the front sheet written: what it holds recorded)
    write_meta(workbook, meta, [(layout.META_SENT_AS_TEXT, *key, kind, str(fill.values[key]))
                                for key, kind in fill.as_text.items() if key in cells and key in fill.values]
               + [(layout.META_NOT_COPIED, *key, *noted) for key, noted in fill.not_copied.items()
                  if key in cells or (not key[1] and key[0] in sheets_written)] + front_meta)
    workbook.set_properties({
        "title": f"{format_fiscal_year(year)} {plan.words.survey}（{section}）",
        "subject": plan.name,
        "author": plan.office,
        "company": plan.city,
        "keywords": f"{plan.id} {short_fiscal_year(year)} {section}",
        "comments": "reform_xlsx で作成。灰色のセルと隠しシートは変更しないでください。",
        "created": layout.unsaved_time(meta[layout.META_CREATED]),  # a form sent back unsaved is known by it
    })
    for key, value in meta.items():
        workbook.set_custom_property(key, value)
    if finish is None:
        guide.activate()
    workbook.close()


def sheet_note(name: str, year: int, words: Words, behind: str = "", empty: bool = False) -> str:
    """The line under a data sheet's title: what to type, for which year (``behind``: the plan's behind
    grades, 「「C 遅れ」「D 未着手」」, whose items must say why; ``empty``: 取組状況 of a section with no item that
    year, asked only its 意見への対応 on an ended one — its table has no row to fill)."""
    fy = format_fiscal_year(year)
    if name == layout.SHEET_ITEMS and empty:
        return (f"{fy}にこの課が担当する{words.item}はありません（下の表に行はありません）。上の回答者の欄（担当者・内線・"
                "メール・所属長確認）だけ入力してください。記入方法は「記入要領」シートをご覧ください。")
    if name == layout.SHEET_ITEMS:
        rule = f"進捗状況は必須、{behind}の項目は取組実績と課題・今後の方針も必須です（空欄だと差し戻し）。" if behind else ""
        return (f"黄色のセルに{fy}の取組を入力してください（灰色のセルは計画の内容で、変更できません）。{rule}"
                "「担当課」欄は、この項目を一緒に担当するほかの課です。セル内の改行は Alt+Enter（Excel）、"
                "Ctrl+Enter（LibreOffice）。記入方法は「記入要領」シートをご覧ください。")
    if name == layout.SHEET_RESPONSES:
        before = format_fiscal_year(year - 1)
        # a plan without a committee: the meeting's and the office's opinions; 公表用 answers beside the 対応方針
        committee = f"{words.committee_role}・" if words.has_committee else ""
        return (f"灰色の列は{before}の進捗状況に対する{words.office}の二次評価と、{committee}{words.headquarters_meeting}・"
                f"{words.office}の意見、"
                f"対応方針です。黄色の「意見への対応」に、{fy}にどう対応したか（対応の内容・予定）を入力してください。"
                f"{published_responses(words)}")
    return (f"黄色のセルに{fy}の実績を入力してください。割合は「82.5%」のように % を付けて入力します。"
            "「年度目標値」の ※ は参考（按分）の値です。記入方法は「記入要領」シートをご覧ください。")


NUMBER_INPUTS = ("effect_yen", "actual")
NUMBER_ROOM = 2.0  # units a number needs beside its digits not to show 「###」 (the cell's padding, both applications)
WIDEST_NUMBER = 30.0  # a number input column of a 差し戻し copy is made at most this wide (the sheet still prints ≥ 8 pt)
SCIENTIFIC = "0.00E+00"  # a number wider than that (1E+30 sent back as the number it was) shows as Excel's General would


def _shown_units(value: object, code: str | None) -> float:
    """How wide a number input of a 差し戻し copy needs its column: the number as its format shows it, and room;
    beyond :data:`WIDEST_NUMBER` when the format is not one :func:`number_text` shows (beyond 15 digits)."""
    from reform_xlsx.intake.normalise import number_text  # the reader's own rendering of a format (only for a copy)

    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return 0.0
    shown = number_text(code or "General", float(value))
    if shown is None and code and "%" not in code and abs(value) < 1e22:  # beyond 15 digits: as Excel pads them with 0
        shown = f"{value:,.0f}"
    return text_units(shown) + NUMBER_ROOM if shown is not None else WIDEST_NUMBER + 1


def column_widths(content: SheetContent, fill: Fill) -> tuple[float, ...]:
    """The widths of a data sheet's columns: the form's, but a number input column of a 差し戻し copy as wide as its
    widest number (500,000,000,000 円 sent in with a V018 warning would show 「###」 in the form's 13 units), up to
    :data:`WIDEST_NUMBER`."""
    widths = []
    for column in content.columns:
        width = column.width
        if column.input and column.key in NUMBER_INPUTS and fill.values:
            needed = max((_shown_units(fill.values.get((content.name, row.id, column.key)), _number_format(row))
                          for row in content.rows), default=0.0)
            width = max(width, min(needed, WIDEST_NUMBER))
        widths.append(width)
    return tuple(widths)


def _write_data_sheet(sheet: Worksheet, styles: Styles, plan: Plan, year: int, section: str,
                      content: SheetContent, fill: Fill, widths: tuple[float, ...]) -> dict[CellKey, str]:
    """Write one data sheet, its columns ``widths`` wide; return where each row's cells went."""
    columns = content.columns
    cells: dict[CellKey, str] = {}
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.write_string(layout.TITLE_ROW, 0, layout.data_sheet_title(year, content.name, section), styles.form_title())
    sheet.set_row(layout.TITLE_ROW, 24)
    note = sheet_note(content.name, year, plan.words, behind_text(plan), empty=not content.rows)
    if content.name == layout.SHEET_ITEMS:
        cells |= _write_respondent(sheet, styles, fill, columns, plan.office)
    else:
        sheet.set_row(layout.RESPONDENT_ROW, SPACER_HEIGHT)
    sheet.merge_range(layout.NOTE_ROW, 0, layout.NOTE_ROW, len(columns) - 1, note, styles.form_note())
    sheet.set_row(layout.NOTE_ROW, row_height([(note, sum(widths) - 2)], padding=2))
    for c, column in enumerate(columns):
        sheet.write_string(layout.HEADER_ROW, c, header_text(column), styles.form_header(column.input))
    sheet.set_row(layout.HEADER_ROW, row_height([(c.label, c.width) for c in columns], min_lines=2))
    first = layout.HEADER_ROW + 1
    for r, row in enumerate(content.rows, start=first):
        kpi = plan.kpi(row.id) if content.name == layout.SHEET_KPI else None
        for c, column in enumerate(columns):
            key = (content.name, row.id, column.key)
            cells[key] = xl_rowcol_to_cell(r, c)
            if column.input:
                _write_input(sheet, styles, r, c, column, row, fill, key)
            else:
                _write_locked(sheet, styles, r, c, column, row, kpi, year)
                if column.key in row.notes:
                    write_whole_text(sheet, r, c, row.notes[column.key], plan.office)
        wrapped = [(row.values.get(col.key), col.width) for col in columns if col.wrap and not col.input]
        wrapped += [(fill.values.get((content.name, row.id, col.key)), col.width) for col in columns
                    if col.wrap and col.input and isinstance(fill.values.get((content.name, row.id, col.key)), str)]
        # A starting height, not a manual one: the row grows as the section types a long answer.
        sheet.set_growing_row(r, row_height(wrapped, min_lines=MIN_INPUT_LINES[content.name]))
    _add_validations(sheet, plan, year, content, first)
    sheet.freeze_panes(first, 1)
    sheet.protect("", PROTECT_OPTIONS)
    if content.rows:
        col = _first_input(columns)
        sheet.set_selection(first, col, first, col)
    return cells


def _write_input(sheet: Worksheet, styles: Styles, r: int, c: int, column: Column, row: Row, fill: Fill,
                 key: CellKey) -> None:
    """An input cell: blank, or (in a 差し戻し copy) the value the section sent, marked and commented."""
    sheet_name, _row_id, column_key = key
    # a mark of a whole column (row ID ""): a column of the file sent not found (S004)
    colour, comment = fill.marks.get(key) or fill.marks.get((sheet_name, "", column_key)) or (None, None)
    value = fill.values.get(key)
    blank = value is None or value == ""
    if column.required and blank and (fill.values or fill.marks) and "V002" not in (comment or ""):
        # a 差し戻し copy: a required cell still blank (a row rebuilt after S005, a sheet not read) goes back
        # marked, or the section sends it again as it is and gets V002
        colour = ERROR_FILL
        comment = "\n".join(filter(None, (comment, required_blank_comment(column, row))))
    fmt = _input_format(styles, column, row, colour)
    if column.key in NUMBER_INPUTS and _shown_units(value, _number_format(row)) > WIDEST_NUMBER:
        fmt = styles.input(SCIENTIFIC, wrap=column.wrap, **({"fill": colour} if colour else {}))
    if blank:
        sheet.write_blank(r, c, None, fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(r, c, value, fmt)
    else:
        sheet.write_string(r, c, str(value), fmt)  # a formula the section typed stays its text
    if comment:
        sheet.write_comment(r, c, comment, {"author": fill.author, "x_scale": 3, "y_scale": 2.5})


def required_blank_comment(column: Column, row: Row) -> str:
    """The comment on a required input left blank in a 差し戻し copy: what merge will say of it (V002)."""
    from reform_xlsx.intake.validate import ACTUAL_HINT, GRADE_HINT  # the reader's own words (only for a copy)

    hint = GRADE_HINT if column.key == "grade" else ACTUAL_HINT
    p = problem(Msg.INTAKE_REQUIRED_BLANK, label=column.label, id=row.values.get("id") or row.id, hint=hint)
    return f"【{p.code} {p.severity.label}】{p.message}"


def respondent_cells() -> dict[str, tuple[int, int]]:
    """Where the 回答者欄 goes on 取組状況: field key → (label column, value column), 0-based, in
    ``layout.RESPONDENT_ROW``: label and value pairs from the second column on (a data sheet has
    at least nine columns). Readers find the labels instead."""
    return {c.key: (1 + 2 * n, 2 + 2 * n) for n, c in enumerate(layout.RESPONDENT_COLUMNS)}


RESPONDENT_MESSAGES = {  # {office}: the plan's reform office (取りまとめ課), in its own words
    "person": "この調査票について問い合わせを受ける方の氏名を入力してください（{office}からの確認の連絡先になります）。",
    "extension": "担当者の内線番号を入力してください。",
    "mail": "担当者のメールアドレスを入力してください（任意。課の共通アドレスでも構いません）。",
    "head": "所属長が内容を確認したら、確認した所属長の氏名を入力してください（任意）。",
}


def _write_respondent(sheet: Worksheet, styles: Styles, fill: Fill, columns: tuple[Column, ...],
                      office: str) -> dict[CellKey, str]:
    """The 回答者欄: 「回答者」 and each label in grey, each value a pale yellow input (text) that wraps in
    its column — a mail address or 「財政課長 佐藤 太郎」 wider than the column prints whole on more lines
    (the row is as tall as the longest value needs, and grows when one is typed: it has no hand-set height)."""
    row = layout.RESPONDENT_ROW
    values = {c.key: fill.values.get((layout.SHEET_ITEMS, layout.RESPONDENT_ID, c.key)) for c in layout.RESPONDENT_COLUMNS}
    sheet.set_growing_row(row, row_height([(values[c.key], columns[respondent_cells()[c.key][1]].width)
                                           for c in layout.RESPONDENT_COLUMNS], minimum=RESPONDENT_HEIGHT))
    sheet.write_string(row, 0, layout.RESPONDENT_ID, styles.form_header())
    cells: dict[CellKey, str] = {}
    for column in layout.RESPONDENT_COLUMNS:
        label_col, value_col = respondent_cells()[column.key]
        key = (layout.SHEET_ITEMS, layout.RESPONDENT_ID, column.key)
        cells[key] = xl_rowcol_to_cell(row, value_col)
        sheet.write_string(row, label_col, column.label, styles.form_header())
        colour, comment = fill.marks.get(key, (None, None))
        fmt = styles.input(NUMBER_FORMATS["text"], wrap=True, **({"fill": colour} if colour else {}))
        value = values[column.key]
        if value is None or value == "":
            sheet.write_blank(row, value_col, None, fmt)
        else:
            sheet.write_string(row, value_col, str(value), fmt)
        if comment:
            sheet.write_comment(row, value_col, comment, {"author": fill.author, "x_scale": 3, "y_scale": 2.5})
        sheet.data_validation(row, value_col, row, value_col, {
            "validate": "any", "input_title": f"{layout.RESPONDENT_ID}（{column.label}）",
            "input_message": prompt_fit(RESPONDENT_MESSAGES[column.key].format(office=office))})
    return cells


def header_text(column: Column) -> str:
    """A header as written: a label too wide for its column breaks before its 「（」
    (「財政効果額\n（円）」). Readers compare labels without line breaks, so it reads the same."""
    if "\n" not in column.label and "（" in column.label and text_units(column.label) > line_capacity(column.width):
        head, _, tail = column.label.partition("（")
        return f"{head}\n（{tail}"
    return column.label


def _add_validations(sheet: Worksheet, plan: Plan, year: int, content: SheetContent, first: int) -> None:
    """One data validation per run of consecutive rows that share the same rule, per input column."""
    for c, column in enumerate(content.columns):
        if not column.input:
            continue
        rules = [input_validation(plan, year, column, row) for row in content.rows]
        start = 0
        for end in range(1, len(rules) + 1):
            if end == len(rules) or rules[end] != rules[start]:
                if rules[start]:
                    sheet.data_validation(first + start, c, first + end - 1, c, rules[start])
                start = end


def _first_input(columns: tuple) -> int:
    return next(i for i, c in enumerate(columns) if c.input)


def _number_format(row: Row, value: object = None) -> str | None:
    if row.kind == "item":
        return NUMBER_FORMATS["yen"]
    if row.kind == "count" and isinstance(value, float) and not value.is_integer():
        return NUMBER_FORMATS["count.1"]
    kind, _, decimals = row.kind.partition(".")  # 「count.3」: a KPI the plan gives in thousandths (number_kind)
    if decimals:
        return figure_format(kind, int(decimals))
    return NUMBER_FORMATS[row.kind]


def _input_format(styles: Styles, column: Column, row: Row, colour: str | None = None):
    fill = {"fill": colour} if colour else {}
    if column.key in ("effect_yen", "actual"):
        return styles.input(_number_format(row), wrap=column.wrap, **fill)
    return styles.input(wrap=column.wrap, **fill)


def _write_locked(sheet: Worksheet, styles: Styles, r: int, c: int, column: Column, row: Row, kpi, year: int) -> None:
    key, wrap = column.key, column.wrap
    value = row.values.get(key)
    history = "." in key
    align = "center" if key in CENTRED or key.endswith((".grade", ".review_grade")) else "left"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        align = "center" if key in CENTRED else "right"
        if key in row.measures:  # an earlier year's 実績値 in a unit a revision has since changed: 「6,100,000枚」
            fmt = kpi_number_format_with_unit(row.measures[key])
        elif kpi is not None:  # a KPI's figures: rounded to its unit; a reference 年度目標値 marked 「※」
            fmt = kpi_number_format(kpi, mark=key == "year_target" and year not in kpi.yearly_targets)
            if key == "baseline" and kpi.baseline is None:  # the first reported actual: 「118＊」, as in the packet
                fmt += f'"{MEASURED_MARK}"'
        else:
            fmt = _number_format(row, value)
        sheet.write_number(r, c, value, styles.locked(align, fmt, history, wrap))
    elif value is None or value == "":
        sheet.write_blank(r, c, None, styles.locked(align, history=history, wrap=wrap))
    else:
        sheet.write_string(r, c, str(value), styles.locked(align, history=history, wrap=wrap))


NOTE_WIDTH, NOTE_WIDE = 60, 110  # a note's box (column width units): one that would be too tall is made wider
NOTE_MAX_HEIGHT = 900  # pixels: the box, at most (a longer text still all in the note; Excel shows a scroll bar
# when the note is edited, LibreOffice when it is shown)


def write_whole_text(sheet: Worksheet, r: int, c: int, text: str, author: str) -> None:
    """The whole text of a grey cell cut to print (:func:`~reform_xlsx.form.content.fitted_history`: 「…（以下略、全
    792 字。全文はこのセルのメモに）」) as the cell's note — Excel's メモ, LibreOffice's コメント: shown when
    the pointer rests on the cell (a red mark in its corner says it has one), never printed (Excel and LibreOffice
    print no notes unless told to), never read back (the reader takes cell values only). Its box is as large as the
    text needs, in the form's font; a text past a note's limit (32,767 characters) ends where the limit allows,
    saying so."""
    text = _within_note_limit(text)
    width = NOTE_WIDTH
    if line_count(text, width) * 14 + 12 > NOTE_MAX_HEIGHT:
        width = NOTE_WIDE
    height = min(NOTE_MAX_HEIGHT, line_count(text, width) * 14 + 12)  # 14 px a 10 pt line
    sheet.write_comment(r, c, text, {"author": author, "font_name": FONT, "font_size": FONT_SIZE,
                                     "width": width * 7 + 5, "height": height})


NOTE_LIMIT = 32767  # UTF-16 code units, as Excel counts (and xlsxwriter refuses a longer note)


def _within_note_limit(text: str) -> str:
    return cut_to_length(text, NOTE_LIMIT, f"…（以下略、全 {len(text):,} 字）")


def write_lists(workbook: xlsxwriter.Workbook, plan: Plan) -> None:
    """The hidden 「_lists」 sheet: the grade drop-down's source, named :data:`layout.GRADE_LIST_NAME`."""
    sheet = workbook.add_worksheet(layout.SHEET_LISTS)
    for r, grade in enumerate(plan.grades):
        sheet.write_string(r, 0, grade.display)
        sheet.write_string(r, 1, grade.definition)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 60)
    last = len(plan.grades)
    workbook.define_name(layout.GRADE_LIST_NAME, f"='{layout.SHEET_LISTS}'!$A$1:$A${last}")
    sheet.protect("", PROTECT_OPTIONS)
    sheet.hide()


def write_meta(workbook: xlsxwriter.Workbook, meta: dict[str, str], more: Sequence[tuple[str, ...]] = ()) -> None:
    """The hidden 「_meta」 sheet: one metadata key and value a row; then ``more`` rows (key and values) of the
    sheet only (:data:`layout.META_SENT_AS_TEXT`)."""
    sheet = workbook.add_worksheet(layout.SHEET_META)
    for r, row in enumerate([*meta.items(), *more]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 1, 70)
    sheet.protect("", PROTECT_OPTIONS)
    sheet.hide()
