"""What goes into a section's template: the columns, the locked cells' values, the fingerprint.

Pure and I/O-free. The template writer (:mod:`reform_xlsx.templates`) writes exactly these
values, and the intake reader calls :func:`locked_rows` / :func:`fingerprint` to know what the
locked cells of a returned template must still hold (``docs/template-spec.md``).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from reform_xlsx.form import layout
from reform_xlsx.form.layout import Column
from reform_xlsx.plan.attainment import NOT_REPORTED
from reform_xlsx.plan.model import RELATED_SECTIONS, Item, Kpi, Plan, Words, action_number
from reform_xlsx.plan.reorg import attribute, left_item, successor_for
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.sizing import MAX_ROW_HEIGHT, fit_row

ONLY_THIS_SECTION = "（単独）"  # 担当課 when no other section shares the item


@dataclass(frozen=True)
class Row:
    """One data row: the ID, the locked cells' values (column key → value as written)."""

    id: str
    values: dict[str, object]
    kind: str = "item"  # "item", or the KPI's kind for number formats (rate | count | yen; count.1 for a count the
    # plan gives in tenths: :func:`number_kind`)
    notes: dict[str, str] = field(default_factory=dict)  # column key → the whole text of a cell cut to print
    # (:func:`fitted_history`), written as the cell's note (comment): shown on screen, never printed nor read
    measures: dict[str, Kpi] = field(default_factory=dict)  # column key → the KPI as an earlier year's plan counted it,
    # where a revision has since changed its unit or kind (:func:`earlier_measures`): that year's 実績値 is shown with
    # its own unit (「6,100,000枚」 beside this year's 千枚), never read back


def number_kind(kpi) -> str:
    """A KPI row's kind for its number formats: a count the plan gives in fractions (a target of 12,500.5億円, a
    baseline of 180.5時間) is shown and typed in tenths (``count.1``), or 12,380.4 typed shows as 「12,380」; finer
    figures with their decimals (0.005件/千件 ``count.3``, 99.99 % ``rate.2``: :attr:`Kpi.decimals`)."""
    if kpi.kind == "count" and kpi.decimals:
        return f"count.{kpi.decimals}"
    return f"rate.{kpi.decimals}" if kpi.kind == "rate" and kpi.decimals > 1 else kpi.kind


@dataclass(frozen=True)
class SheetContent:
    """One data sheet of a template: its columns in order and its rows in plan order."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = field(default=())

    @property
    def locked_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.input)


# --- cell texts ----------------------------------------------------------------------
def actions_text(item: Item) -> str:
    """主な取組: one per line, numbered ①②③ when there are several."""
    if len(item.actions) == 1:
        return item.actions[0]
    return "\n".join(action_number(i) + a for i, a in enumerate(item.actions))


def schedule_text(item: Item, year: int | None = None, end_year: int | None = None) -> str:
    """実施時期 in words. Where the plan gives the years of each 主な取組 (the plan master's 工程表),
    one line each as a section reads it (:meth:`Item.schedule_lines`: 「令和8～9年度 検討」, 「▶令和10年度～
    実施」 — ▶: planned for ``year``). Else the item's years: 「令和8年度～令和12年度」, 「令和9年度」 (the
    plan table's 「①」 marks, lost when the plan became text, are left out; the 記入要領 says so)."""
    lines = item.schedule_lines(year, end_year)
    if lines:
        return "\n".join(lines)
    if item.end == item.start:
        return format_fiscal_year(item.start)
    return f"{format_fiscal_year(item.start)}～\n{format_fiscal_year(item.end)}"


def content_text(item: Item) -> str:
    """推進内容・主な取組: the plan's text, then its actions (①②③ when several)."""
    return f"{item.content}\n【主な取組】\n{actions_text(item)}"


def other_sections_text(item: Item, section: str) -> str:
    """担当課: the other sections named on the item, and 「関係課」 where the plan says so (one a line)."""
    names = [s for s in item.sections if s != section]
    if item.related_sections:
        names.append(RELATED_SECTIONS)
    return "\n".join(names) if names else ONLY_THIS_SECTION


def item_name_text(item: Item) -> str:
    return item.name + ("\n【継続項目】" if item.continued else "")


def rounded_target(kpi: Kpi, value: float) -> float | int:
    """年度目標値 as written: full precision (to 6 decimals; yen to the yen). The cell shows it
    rounded to the KPI's unit (:attr:`Kpi.decimals`: 1.6667 施設 shows 「2」)."""
    if kpi.kind == "yen":
        return int(round(value))
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def item_values(plan: Plan, section: str, item: Item, year: int | None = None) -> dict[str, object]:
    return {
        "id": plan.item_number(item),  # (「1-3」 in a plan of two levels: the row is still found by its ID, Row.id)
        "name": item_name_text(item),
        "content": content_text(item),
        "schedule": schedule_text(item, year, plan.end_year),
        "sections": other_sections_text(item, section),
    }


def kpi_values(plan: Plan, year: int, kpi: Kpi, first: tuple[int, float] | None = None) -> dict[str, object]:
    """A KPI row's plan facts. ``first``: for a KPI without a baseline in the plan, the first earlier year
    it was reported and that actual (the ledger's, :func:`measured_bases`) — its 基準値 (shown 「118＊」)
    and the base of its 年度目標値, as the meeting packet judges it; blank before it is reported."""
    item = plan.item(kpi.item_id)
    base = first if kpi.baseline is None and first is not None and first[0] < year else None
    return {
        "id": kpi.id,
        "item": f"{plan.item_number(item)} {item.name}",
        "name": kpi.name,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "baseline": _number(kpi.baseline if base is None else base[1]),  # blank: not reported yet
        "target": _number(kpi.target),
        "year_target": _target(kpi, plan.year_target(kpi, year, base)),  # blank without a baseline (nor the plan's own)
    }


def earlier_measures(kpi: Kpi, years: tuple[int, ...], plan_for: Callable[[int], Plan] | None) -> dict[str, Kpi]:
    """The earlier years' 実績値 columns (「R8.actual」) of ``kpi`` whose year's plan counted it in another unit or kind
    than now (a revision from 枚 to 千枚), each with the KPI as that plan had it: the figure is shown with its own
    unit, as reported (the ledger never converts it, L021), so that no one reads 6,100,000 as 千枚."""
    if plan_for is None:
        return {}
    return {layout.history_key(y, "actual"): then for y in years
            if (then := plan_for(y).counted_otherwise(kpi)) is not None}


MEASURED_MARK = "＊"  # a 基準値 that is the KPI's first reported actual (as the meeting packet marks it)


def measured_bases(plan: Plan, history: pd.DataFrame | None, year: int,
                   plan_for: Callable[[int], Plan] | None = None) -> dict[str, tuple[int, float]]:
    """For each KPI without a baseline in the plan: the first year before ``year`` it was reported in the unit the
    plan counts it in (``plan_for``: the plan in force each year), and that actual — the baseline the meeting packet
    measures it from (:func:`~reform_xlsx.report.consolidate.first_actuals`)."""
    if history is None or history.empty or not any(k.baseline is None for k in plan.kpis):
        return {}
    import pandas as pd

    from reform_xlsx.report.consolidate import first_actuals  # it reads this module's opinions_text

    earlier = history[pd.to_numeric(history["year"], errors="coerce").lt(year)]
    return ({k: v for k, v in first_actuals(plan, earlier, year - 1, plan_for).items() if v[0] < year}
            if len(earlier) else {})


def ledger_facts(kpi: Kpi, year: int) -> tuple[str, ...]:
    """The KPI sheet's locked cells whose value comes from the ledger, not the plan: a KPI without a plan
    baseline has its first reported actual for 基準値 and the 年度目標値 measured from it (the plan's own
    年度目標値 stays a plan fact)."""
    if kpi.baseline is not None:
        return ()
    return ("baseline",) if year in kpi.yearly_targets else ("baseline", "year_target")


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _target(kpi: Kpi, value: float | None) -> float | int | None:
    return None if value is None else rounded_target(kpi, value)


# --- history -----------------------------------------------------------------------
# Earlier years shown beside the inputs: 取組状況 the latest one (more would not print at 8 pt on
# A4), KPI the latest two (its columns are narrow). The ledger and the meeting workbook keep every year.
HISTORY_MAX_YEARS = {layout.SHEET_ITEMS: 1, layout.SHEET_KPI: 2}


def history_years(history: pd.DataFrame | None, year: int, sheet: str = layout.SHEET_KPI) -> tuple[int, ...]:
    """The latest earlier years present in the answers table (at most :data:`HISTORY_MAX_YEARS` of
    ``sheet``), oldest first.

    Taken over all sections alike, so that every template of one run has the same columns.
    """
    if history is None or history.empty or "year" not in history.columns:
        return ()
    import pandas as pd  # history only: a worker process reading returns never gets here

    years = pd.to_numeric(history["year"], errors="coerce").dropna().astype(int)
    return tuple(sorted({y for y in years if y < year}))[-HISTORY_MAX_YEARS[sheet]:]


def history_columns(years: tuple[int, ...], sources: tuple[Column, ...], keys: tuple[str, ...],
                    width: dict[str, float]) -> tuple[Column, ...]:
    """Locked columns 「令和8年度 進捗状況」… for each earlier year and each of ``keys``."""
    by_key = {c.key: c for c in sources}
    return tuple(
        Column(layout.history_key(y, k), layout.history_label(y, by_key[k].label), width[k], wrap=True)
        for y in years for k in keys)


HISTORY_WIDTHS = {"grade": 16, "result": 24, "actual": 12}  # 「B 概ね計画どおり」 on one line
HISTORY_CUT = "…（以下略、全 {n:,} 字。全文はこのセルのメモに）"  # ends an earlier year's text cut to print


def is_cut_of(shown: object, whole: object) -> bool:
    """Whether ``shown`` is ``whole`` as :func:`fitted_history` cuts it to print: a start of it (not empty) ended
    「…（以下略、全 n 字。全文はこのセルのメモに）」 with ``n`` its length. Where a form cuts a text depends on its
    columns' widths — a later year's form, with earlier years' columns, cuts the plan's text shorter — which the
    reader does not know: it takes any such cut of the plan's text as the text (:func:`locked_rows`). ``whole`` as the
    plan has it (its length counts a leading 「　」 or a trailing line break, which the reader's values have not)."""
    if not isinstance(shown, str) or not isinstance(whole, str):
        return False
    marker = HISTORY_CUT.format(n=len(whole))
    start = str(canonical_value(shown[:-len(marker)]) or "").strip() if shown.endswith(marker) else ""
    return bool(start) and str(canonical_value(whole) or "").strip().startswith(start)


def fitted_history(content: SheetContent) -> SheetContent:
    """``content`` with each grey text — an earlier year's (the 「令和8年度 …」 columns: last year's 取組実績, the
    意見 and 対応方針 a section answers) and the plan's own (推進内容・主な取組 of an item with 20 or more 主な取組) — as
    its row can print it: whole when it fits the tallest row (:data:`~reform_xlsx.xlsx.sizing.MAX_ROW_HEIGHT`, the
    most a row of the form grows to), else cut and ended 「…（以下略、全 1,234 字。全文はこのセルのメモに）」, the whole
    text kept in the row's ``notes`` for the cell's note — the section reads in its own form all it is asked to
    answer; the printed page keeps its layout, and never loses a text's end unsaid. Shown only, never read back
    (the ledger and the plan keep the whole text; the reader expects the whole text or any cut of it,
    :func:`locked_rows`, :func:`is_cut_of`). This year's inputs are never cut."""
    texts = {c.key: c.width for c in content.columns if not c.input and c.wrap}
    if not texts:
        return content

    def fitted(row: Row) -> Row:
        values = {key: fit_row(value, texts[key], height=MAX_ROW_HEIGHT, marker=HISTORY_CUT)
                  if key in texts and isinstance(value, str) else value for key, value in row.values.items()}
        notes = {key: row.values[key] for key, value in values.items() if value != row.values[key]}
        return replace(row, values=values, notes=notes)

    return replace(content, rows=tuple(fitted(r) for r in content.rows))


def _history_frame(history: pd.DataFrame, years: tuple[int, ...], kind: str, keys: tuple[str, ...]) -> pd.DataFrame:
    """The answers of ``kind`` and ``keys`` in ``years`` (the year as a number)."""
    import pandas as pd
    frame = history[history["kind"].eq(kind) & history["field"].isin(keys)].copy()
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce")
    return frame[frame["year"].isin(years)]


def _history_lookup(rows: Iterable, kind: str, section: str,
                    shown: Callable[[str, object], object] = lambda key, value: value) -> dict[str, dict[str, object]]:
    """{id: {history key: value}} from ``rows`` (of the answers table, in its order: :attr:`FormHistory.items` of
    ``section``, or :attr:`FormHistory.kpis` of its KPIs); the section's own rows win. An item that two
    sections merged into ``section`` both answered (column ``former``, see :func:`form_history`: the
    section that answered) shows each answer headed with its section, one a line, each as ``shown``
    gives it (「【生活環境課】D 未着手」「【観光課】B 概ね計画どおり」): neither hides the other."""
    rows = list(rows)
    found: dict[str, dict[str, object]] = {}
    parts: dict[tuple[str, str], dict[str, object]] = {}
    for row in [r for r in rows if r.section != section] + [r for r in rows if r.section == section]:
        value = None if _missing(row.value) else row.value
        key = layout.history_key(int(row.year), row.field)
        found.setdefault(str(row.id), {})[key] = value
        if kind == "item":
            parts.setdefault((str(row.id), key), {})[str(getattr(row, "former", row.section))] = value
    for (id_, key), by_section in parts.items():
        if len(by_section) > 1:
            found[id_][key] = "\n".join(f"【{s}】{shown(key, v)}" for s, v in by_section.items() if v is not None) or None
    return found


def _left_behind(plan: Plan, rows: Iterable, item_id: str) -> dict[str, object]:
    """An item a revision gave to this section: the earlier years' answer of the section it left (``rows``: the
    item's, :attr:`FormHistory.left`), its 取組実績 headed with that section (「【土木課】…」) — nothing when no
    section left it."""
    found: dict[str, object] = {}
    for row in rows:
        key = layout.history_key(int(row.year), row.field)
        if key in found or not left_item(plan, item_id, str(row.section)):
            continue
        value = None if _missing(row.value) else row.value
        found[key] = f"【{row.section}】{value}" if row.field == "result" and value is not None else value
    return found


def _grouped(frame: pd.DataFrame, key: Callable[[object], object]) -> dict[object, list]:
    """``frame``'s rows (named tuples) by ``key``, each group in the table's order."""
    found: dict[object, list] = {}
    for row in frame.itertuples(index=False):
        found.setdefault(key(row), []).append(row)
    return found


@dataclass(eq=False)
class FormHistory:
    """The answers table as the forms of one run read it, grouped once (:func:`form_history`): each form takes its
    own groups, never the whole table again (at 1,000 sections, filtering it for each form was half of
    ``templates``). Made for one plan, year and ``plan_for``."""

    table: pd.DataFrame | None  # the answers as given (the ledger's, any earlier years)
    plan: Plan
    year: int
    plan_for: Callable[[int], Plan] | None
    answers: pd.DataFrame | None  # ``table`` under the sections as the plan has them now (:func:`attribute`)
    item_years: tuple[int, ...]  # the earlier years 取組状況 shows (:func:`history_years`)
    kpi_years: tuple[int, ...]  # and the KPI sheet
    items: dict  # section → its 進捗状況・取組実績 of ``item_years``
    kpis: dict  # KPI ID → its 実績値 of ``kpi_years``, any section's
    left: dict  # item ID → its 進捗状況・取組実績 of ``item_years``, any section's (:func:`_left_behind`)
    reviews: dict  # last year's 推進室評価 (:func:`reviews_of`)
    by_item: dict  # the same by item (:func:`reviews_by_item`)
    grades: dict  # last year's grades (:func:`_last_grades`), when there are reviews
    _bases: dict | None = None

    def made_for(self, plan: Plan, year: int, plan_for: Callable[[int], Plan] | None) -> bool:
        return self.plan is plan and self.year == year and self.plan_for is plan_for

    def bases(self) -> dict[str, tuple[int, float]]:
        """:func:`measured_bases` (worked out once, when a form has a KPI)."""
        if self._bases is None:
            self._bases = measured_bases(self.plan, self.answers, self.year, self.plan_for)
        return self._bases


def attributed(plan: Plan, history: pd.DataFrame | None) -> pd.DataFrame | None:
    """``history`` under the sections as the plan has them now (:func:`~reform_xlsx.plan.reorg.attribute`), with
    column ``former``: which section answered (for an item two merged sections both answered)."""
    answers = attribute(plan, history)
    return answers if answers is history else answers.assign(former=history["section"])


def form_history(plan: Plan, year: int, history: pd.DataFrame | FormHistory | None,
                 plan_for: Callable[[int], Plan] | None = None) -> FormHistory:
    """``history`` (the ledger's answers of earlier years) grouped for the forms of ``year`` (:class:`FormHistory`);
    one already grouped for the same plan, year and ``plan_for`` as it is. Earlier years' answers of a section a
    reorganisation replaced are the section's that has its items now; column ``former`` keeps which answered."""
    if isinstance(history, FormHistory):
        if history.made_for(plan, year, plan_for):
            return history
        history = history.table
    answers = attributed(plan, history)
    item_years = history_years(answers, year, layout.SHEET_ITEMS)
    kpi_years = history_years(answers, year, layout.SHEET_KPI)
    items: dict = {}
    left: dict = {}
    kpis: dict = {}
    if item_years and answers is not None:
        items = _grouped(_history_frame(answers, item_years, "item", layout.HISTORY_ITEM_KEYS), lambda r: r.section)
        left = _grouped(answers[answers["kind"].eq("item") & answers["year"].isin(item_years)
                                & answers["field"].isin(layout.HISTORY_ITEM_KEYS)], lambda r: r.id)
    if kpi_years and answers is not None:
        kpis = _grouped(_history_frame(answers, kpi_years, "kpi", layout.HISTORY_KPI_KEYS), lambda r: str(r.id))
    reviews = reviews_of(answers, year - 1)
    grades = _last_grades(answers, year - 1) if reviews else {}
    return FormHistory(history, plan, year, plan_for, answers, item_years, kpi_years, items, kpis, left, reviews,
                       reviews_by_item(reviews), grades)


NO_ANSWER = "未回答"  # an earlier year's 進捗状況 the section was asked for and never gave (as the packet says it)


def _asked_then(plan: Plan, then: Plan, year: int, kind: str, row_id: str, section: str) -> bool:
    """Whether ``row_id`` (an item of ``section``, or a KPI on its form) was asked for in ``year`` by ``then``
    (the plan in force that year): the KPI was reported that year; the item was active and named ``section``
    (or a section it became), or named only sections no longer on it (a revision moved it here)."""
    try:
        earlier = then.item(row_id) if kind == "item" else then.kpi(row_id)
    except KeyError:
        return False
    if not earlier.active_in(year):
        return False
    if kind != "item":
        return True
    now = _successors_of(plan, earlier.sections, year, row_id)
    return section in now or not any(s in plan.item(row_id).sections for s in now)


def _successors_of(plan: Plan, sections: tuple[str, ...], year: int, item_id: str) -> tuple[str, ...]:
    """The plan's sections now answering for ``item_id`` that ``sections`` answered for in ``year``."""
    return tuple(successor_for(plan, s, year, "item", item_id) for s in sections)


def unanswered(plan: Plan, years: tuple[int, ...], kind: str, row_id: str, section: str, values: dict[str, object],
               plan_for: Callable[[int], Plan] | None = None) -> dict[str, object]:
    """``values`` with each earlier year's 進捗状況 (``kind`` "item") or 実績値 ("kpi") the ledger has no answer for,
    though it was asked for that year, said as 「未回答」「未報告」 — a blank would read as nothing to report (or 0);
    a year the row was not in the plan stays blank."""
    field, word = ("grade", NO_ANSWER) if kind == "item" else ("actual", NOT_REPORTED)
    out = dict(values)
    for y in years:
        key = layout.history_key(y, field)
        if out.get(key) is None and _asked_then(plan, plan_for(y) if plan_for else plan, y, kind, row_id, section):
            out[key] = word
    return out


def _missing(value: object) -> bool:
    import pandas as pd

    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def grades_as_chosen(history: pd.DataFrame, plan_for: Callable[[int], Plan]) -> pd.DataFrame:
    """``history`` with each year's 進捗状況 and 推進室評価 as the plan in force that year names them
    (「A 計画どおり」 even after a revision renamed A): what the section and the office chose then."""
    graded = history["field"].isin(("grade", "review_grade"))
    if not graded.any():
        return history
    out = history.copy()
    names = {int(y): {g.code: g.display for g in plan_for(int(y)).grades} for y in out.loc[graded, "year"].unique()}
    out.loc[graded, "value"] = [names[int(y)].get(str(v).strip(), v) if not _missing(v) else v
                                for y, v in zip(out.loc[graded, "year"], out.loc[graded, "value"])]
    return out


def _grade_display(plan: Plan, value: object) -> object:
    if value is None or _missing(value):
        return None
    codes = {g.code: g.display for g in plan.grades}
    return codes.get(str(value).strip(), value)


# --- sheets ------------------------------------------------------------------------
# With the year before's answers beside the inputs, the wide text columns give way so that the
# sheet still prints at 8 pt or more on A4 (column width → layout.Column.width).
NARROW_WITH_HISTORY = {"content": 26, "result": 27, "plan_next": 21}


def grade_width(plan: Plan) -> float:
    """The width that shows the plan's longest grade (「A 実施（取組開始）」) on one line."""
    units = max((text_units(g.display) for g in plan.grades), default=0)
    return math.ceil((units * 20 / 3 + 3) / 7)  # a half-width character is 6⅔ px at 10 pt, a width unit 7 px


MAX_GRADE_WIDTH = 24  # wider grades wrap


def item_sheet_columns(years: tuple[int, ...] = (), plan: Plan | None = None) -> tuple[Column, ...]:
    """取組状況's columns: plan facts, earlier years' answers, then this year's inputs (headed in the
    ``plan``'s words, the 進捗状況 column as wide as its grades need)."""
    columns = layout.item_columns(plan.words if plan is not None else None)
    if years:
        columns = tuple(replace(c, width=NARROW_WITH_HISTORY.get(c.key, c.width)) for c in columns)
    if plan is not None:
        need = grade_width(plan)
        columns = tuple(replace(c, width=min(MAX_GRADE_WIDTH, max(c.width, need)), wrap=need > MAX_GRADE_WIDTH)
                        if c.key == "grade" else c for c in columns)
    locked = tuple(c for c in columns if not c.input)
    inputs = tuple(c for c in columns if c.input)
    columns = locked + history_columns(years, inputs, layout.HISTORY_ITEM_KEYS, HISTORY_WIDTHS) + inputs
    if years and plan is not None:  # a wider 進捗状況 takes its room from the text columns: the page prints
        budget = sum(c.width for c in columns) - _grade_extra(columns)  # as the bundled plan's does
        columns = within(columns, budget, lambda c: c.key in SHRINKABLE or c.key.endswith(".result"))
    return columns


def _grade_extra(columns: tuple[Column, ...]) -> float:
    """How much wider than :data:`HISTORY_WIDTHS` the 進捗状況 input column is (long grade names)."""
    return sum(max(0.0, c.width - HISTORY_WIDTHS["grade"]) for c in columns if c.key == "grade")


SHRINKABLE = ("content", "result", "plan_next")  # and earlier years' 取組実績: long texts that wrap anyway


def within(columns: tuple[Column, ...], budget: float, text: Callable[[Column], bool]) -> tuple[Column, ...]:
    """``columns`` with their long-text columns (``text``) narrowed in proportion until all fit ``budget``
    units: the text wraps onto more lines, the sheet prints no smaller than the budget's width allows."""
    over = sum(c.width for c in columns) - budget
    texts = [c for c in columns if text(c)]
    room = sum(c.width for c in texts)
    if over <= 0 or not room:
        return columns
    return tuple(replace(c, width=round(c.width * (1 - over / room), 1)) if c in texts else c for c in columns)


def kpi_sheet_columns(plan: Plan, years: tuple[int, ...] = (), rows: tuple[Row, ...] = ()) -> tuple[Column, ...]:
    """The KPI sheet's columns; with ``rows``, each earlier year's 実績値 column as wide as its figures need."""
    columns = layout.kpi_columns(plan.baseline_year, plan.end_year, plan.words)
    locked = tuple(c for c in columns if not c.input)
    inputs = tuple(c for c in columns if c.input)
    past = tuple(replace(c, width=figure_width([past_figure_text(plan, r, c.key) for r in rows], c.width))
                 for c in history_columns(years, inputs, layout.HISTORY_KPI_KEYS, HISTORY_WIDTHS))
    # the plan's figures as their cells show them: 「1,234,567,890＊」 (a measured base), 「※1,867,283,945」 (a year
    # target shared out, marked as reference) — a city's yen KPI in the billions never shows 「###」
    shown = {"baseline": [figure_text(plan.kpi(r.id), r.values.get("baseline"),
                                      MEASURED_MARK if plan.kpi(r.id).baseline is None else "") for r in rows],
             "target": [figure_text(plan.kpi(r.id), r.values.get("target")) for r in rows],
             "year_target": [figure_text(plan.kpi(r.id), r.values.get("year_target"), "※") for r in rows]}
    locked = tuple(replace(c, width=figure_width(shown[c.key], c.width)) if c.key in shown else c for c in locked)
    # the 実績値 typed is of the size of the plan's figures and last years': as wide as they need (「###」 else)
    figures = [figure_text(plan.kpi(r.id), r.values.get(k)) for r in rows for k in ("baseline", "target", "year_target")]
    figures += [figure_text(plan.kpi(r.id), r.values.get(c.key)) for r in rows for c in past]
    inputs = tuple(replace(c, width=figure_width(figures, c.width)) if c.key == "actual" else c for c in inputs)
    return locked + past + inputs


def past_figure_text(plan: Plan, row: Row, key: str) -> str:
    """An earlier year's 実績値 as its cell shows it: with its own unit where a revision has since changed it
    (「6,100,000枚」, :attr:`Row.measures`)."""
    then = row.measures.get(key)
    if then is None:
        return figure_text(plan.kpi(row.id), row.values.get(key))
    return figure_text(then, row.values.get(key), then.unit_after)


def figure_text(kpi: Kpi, value: object, mark: str = "") -> str:
    """A KPI figure as its cell shows it (:func:`~reform_xlsx.xlsx.style.kpi_number_format`): 「1,234,567,890」,
    「82.5%」, with ``mark``; "" for a blank or a text."""
    if not isinstance(value, int | float) or isinstance(value, bool) or value != value or abs(value) == math.inf:
        return ""
    if kpi.kind == "rate":
        return f"{value * 100:.{kpi.decimals}f}%{mark}"
    return f"{value:,.{kpi.decimals}f}{mark}"


def figure_width(texts: list[str], least: float) -> float:
    """The width that shows each of ``texts`` on one line with a half-width character to spare (a number
    that does not fit shows 「###」, in Excel and LibreOffice alike), at least ``least``."""
    units = max((text_units(t) for t in texts if t), default=0)
    return max(least, math.ceil(((units + 1) * 20 / 3 + 3) / 7)) if units else least  # as grade_width


# --- last year's word (二次評価 and opinions) and the answer to it ---------------------------
OPINION_PARTS = ("committee_opinion", "hq_opinion", "office_comment")
REVIEW_WORDS = ("review_grade", "office_comment", "hq_opinion", "committee_opinion", "policy")


def opinion_source(key: str, words: Words) -> str:
    """Whose word an opinion is, as a section reads it: the committee as the kind of body the plan's is
    (Words.committee_role), the headquarters' meeting likewise (Words.headquarters_meeting: 「本部会議」,
    「推進会議」), the reform office by its name (「人事行政課」, 「総務課」)."""
    return {"committee_opinion": words.committee_role, "hq_opinion": words.headquarters_meeting,
            "office_comment": words.office}[key]


def opinions_text(values: dict[str, object], words: Words) -> str | None:
    """The opinions on one answer as one text: 「【推進委員会】…」「【本部会議】…」「【人事行政課】…」 (those given)."""
    parts = [f"【{opinion_source(key, words)}】{str(values[key]).strip()}" for key in OPINION_PARTS
             if values.get(key) is not None and str(values[key]).strip()]
    return "\n".join(parts) or None


def answered_words(values: dict[str, object], own: object, plan: Plan) -> str | None:
    """Last year's word on one answer that its section was asked to answer, as one text: a 二次評価 other than the
    section's ``own`` grade (「【二次評価】C 遅れ（自己評価 D 未着手）」 — the form asks an answer to it, opinion or none),
    then :func:`opinions_text`."""
    review = values.get("review_grade")
    differs = review is not None and not _missing(review) and str(review).strip() and review != own
    mine = f"（自己評価 {_grade_display(plan, own)}）" if own is not None and not _missing(own) else ""
    grade = f"【二次評価】{_grade_display(plan, review)}{mine}" if differs else None
    return "\n".join(p for p in (grade, opinions_text(values, plan.words)) if p) or None


def reviews_of(history: pd.DataFrame | None, year: int, section: str | None = None) -> dict[tuple[str, str], dict]:
    """The recorded 推進室評価 of ``year``: {(item ID, section): {field: value}} (only answers with any word)."""
    if history is None or history.empty or "kind" not in history.columns:
        return {}
    frame = history[history["kind"].eq("review") & history["year"].eq(year) & history["field"].isin(REVIEW_WORDS)]
    if section is not None:
        frame = frame[frame["section"].eq(section)]
    former = "former" in frame.columns  # (the section that was reviewed, when a reorganisation renamed it since)
    found: dict[tuple[str, str, str], dict] = {}
    for row in frame.itertuples(index=False):
        if not _missing(row.value) and str(row.value).strip():
            then = str(row.former) if former else str(row.section)
            found.setdefault((str(row.id), str(row.section), then), {})[row.field] = row.value
    return reviews_as_now(found)


def reviews_as_now(found: dict[tuple[str, str, str], dict]) -> dict[tuple[str, str], dict]:
    """Reviews given as {(item ID, section now, section reviewed): review} by (item ID, section now) — but, where
    sections a reorganisation merged since were each reviewed on one item, by (item ID, section reviewed) each: the
    word on one is never overwritten by the word on the other (:func:`item_reviews` gives both, each headed)."""
    count: dict[tuple[str, str], int] = {}
    for item_id, section, _ in found:
        count[(item_id, section)] = count.get((item_id, section), 0) + 1
    return {(item_id, section if count[(item_id, section)] == 1 else then): review
            for (item_id, section, then), review in found.items()}


def reviews_by_item(reviews: dict[tuple[str, str], dict]) -> dict[str, list[tuple[str, dict]]]:
    """:func:`reviews_of` by item: {item ID: [(section reviewed, review)]}, in its order."""
    found: dict[str, list[tuple[str, dict]]] = {}
    for (item_id, section), review in reviews.items():
        found.setdefault(item_id, []).append((section, review))
    return found


def item_reviews(plan: Plan, reviews: dict[tuple[str, str], dict], item_id: str,
                 section: str, by_item: dict[str, list[tuple[str, dict]]] | None = None) -> list[tuple[str, dict]]:
    """The reviews of :func:`reviews_of` (every section's) that ``section`` answers for on ``item_id`` now, as
    (section reviewed, review): its own, then those of each section a plan revision took the item from
    (:func:`~reform_xlsx.plan.reorg.left_item`) — an item's history follows it, its opinions too. ``by_item``:
    ``reviews`` by item (:func:`reviews_by_item`), when many items are looked up."""
    own = reviews.get((item_id, section))
    found = [(section, own)] if own else []
    others = by_item.get(item_id, ()) if by_item is not None else [(s, r) for (i, s), r in reviews.items() if i == item_id]
    found += [(s, r) for s, r in others if s != section and _answered_by(plan, item_id, s, section)]
    return found


def _answered_by(plan: Plan, item_id: str, reviewed: str, section: str) -> bool:
    """Whether ``section`` answers now for the word on ``reviewed``'s answer to ``item_id``: ``reviewed`` (as the
    plan calls it now — one of sections since merged is kept by its own name, :func:`reviews_as_now`) is ``section``,
    or a revision took the item from it."""
    now = reviewed if reviewed in plan.sections else successor_for(plan, reviewed, None, "item", item_id)
    return now == section or left_item(plan, item_id, now)


def headed(parts: list[tuple[str, object]], head: bool) -> object:
    """One cell of values from one or more sections: the value alone, or (``head``) each given one headed
    with its section, one a line (「【土木課】C 遅れ」); None when none is given."""
    given = [(s, v) for s, v in parts if v is not None and str(v).strip()]
    if not head:
        return given[0][1] if given else None
    return "\n".join(f"【{s}】{v}" for s, v in given) or None


def responding_items(plan: Plan, section: str, year: int) -> tuple[Item, ...]:
    """The items whose rows 「意見への対応」 may have, in plan order: the section's items of ``year``, and those it
    was named on that ended before ``year`` (a revision may end an item the year its opinion is given: the answer
    to that 対応方針 is still the section's to give — after a reorganisation, the section it became, which the
    plan names on the item)."""
    return tuple(i for i in plan.items_for(section) if i.active_in(year) or i.start <= i.end < year)


def ended_mark(item: Item) -> str:
    """The line an ended item's name is marked with: 「【令和8年度で終了】」."""
    return f"【{format_fiscal_year(item.end)}で終了】"


def response_name(item: Item, year: int) -> str:
    """An item's name on 「意見への対応」: an item that ended before ``year`` says so (「…【令和8年度で終了】」)."""
    ended = f"\n{ended_mark(item)}" if item.end < year else ""
    return item_name_text(item) + ended


def response_name_width(items, year: int, width: float) -> float:
    """A column of ``width`` for :func:`response_name` of ``items``, widened to hold an ended item's mark on one line
    (at 15 units it printed 「【令和8年度で終」「了】」, the word broken mid-way)."""
    return max([width, *(text_units(ended_mark(i)) + 1 for i in items if i.end < year)])


def _last_grades(history: pd.DataFrame | None, before: int) -> dict[tuple[str, str], object]:
    """Each section's own grade of ``before``: {(item ID, section): grade}."""
    if history is None or history.empty or "kind" not in history.columns:
        return {}
    own = history[history["kind"].eq("item") & history["field"].eq("grade") & history["year"].eq(before)]
    found = {(str(r.id), str(r.section)): r.value for r in own.itertuples(index=False)}
    if "former" in own.columns:  # and by the section that gave it, for sections since merged (:func:`reviews_as_now`)
        found |= {(str(r.id), str(r.former)): r.value for r in own.itertuples(index=False)}
    return found


def _asking(plan: Plan, year: int, section: str, reviews: dict[tuple[str, str], dict],
            grades: dict[tuple[str, str], object],
            by_item: dict[str, list[tuple[str, dict]]] | None = None) -> list[tuple[Item, list[tuple[str, dict]]]]:
    """The rows of ``section``'s 「意見への対応」 (:func:`response_sheet`): each item with the word on it that asks
    an answer, as (item, [(section reviewed, review)])."""
    rows = []
    for item in responding_items(plan, section, year):
        asking = [(s, review) for s, review in item_reviews(plan, reviews, item.id, section, by_item)
                  if not (set(review) == {"review_grade"} and review["review_grade"] == grades.get((item.id, s)))]
        if asking:
            rows.append((item, asking))
    return rows


def ended_responses_asked(plan: Plan, year: int, history: pd.DataFrame | None) -> tuple[tuple[str, str], ...]:
    """(item ID, section) of each row a section's 「意見への対応」 of ``year`` has for an item that ended before
    ``year`` (:func:`responding_items`), in the plan's order of items, then of sections: the answers asked of an
    ended item. ``history``: the ledger's answers (any years; a reorganisation's sections are given as now)."""
    history = attributed(plan, history)
    reviews = reviews_of(history, year - 1)
    if not reviews:
        return ()
    grades = _last_grades(history, year - 1)
    by_item = reviews_by_item(reviews)
    asked = {(item.id, s) for s in plan.sections for item, _ in _asking(plan, year, s, reviews, grades, by_item)
             if item.end < year}
    return tuple((i.id, s) for i in plan.items for s in plan.sections if (i.id, s) in asked)


def sections_asked(plan: Plan, year: int, history: pd.DataFrame | None,
                   ended: tuple[tuple[str, str], ...] | None = None) -> tuple[str, ...]:
    """The sections sent a form for ``year`` and expected to return it (plan order): those with an item or a KPI
    that year (:meth:`~reform_xlsx.plan.model.Plan.sections_in`), and a section whose only word to give is its
    「意見への対応」 to last year's word on an item that ended then (``ended``: :func:`ended_responses_asked`)."""
    ended = ended_responses_asked(plan, year, history) if ended is None else ended
    answering = {s for _, s in ended}
    active = set(plan.sections_in(year))
    return tuple(s for s in plan.sections if s in active or s in answering)


def response_sheet(plan: Plan, year: int, section: str,
                   history: pd.DataFrame | FormHistory | None) -> SheetContent | None:
    """「意見への対応」: each of the section's items with last year's word on it that asks for an answer —
    an opinion, a comment, a 対応方針, or a 二次評価 other than the section's own grade (one that agrees,
    said alone, asks nothing) — with the section's grade then, the 対応方針, and the input 「意見への対応」.
    An item a plan revision gave to the section brings the word on the section that had it (:func:`item_reviews`),
    its grade headed with that section (「【土木課】B 概ね計画どおり」); the word on two sections, each headed.
    An item that ended last year keeps its row, its name marked (:func:`response_name`). None when there is none."""
    before = year - 1
    if isinstance(history, FormHistory):  # grouped once for the run's forms
        reviews, grades, by_item = history.reviews, history.grades, history.by_item
    else:
        reviews, by_item = reviews_of(history, before), None
        grades = _last_grades(history, before) if reviews else {}
    if not reviews:
        return None
    own = layout.response_columns(plan.words)
    locked, response = own[:2], own[2]
    past = tuple(Column(layout.history_key(before, key), layout.history_label(before, label), width, wrap=True)
                 for key, label, width in layout.RESPONSE_HISTORY)
    rows = []
    for item, asking in _asking(plan, year, section, reviews, grades, by_item):
        several = len(asking) > 1
        moved = several or asking[0][0] != section
        rows.append(Row(item.id, {
            "id": plan.item_number(item), "name": response_name(item, year),
            layout.history_key(before, "grade"): headed(
                [(s, _grade_display(plan, grades.get((item.id, s)))) for s, _ in asking], moved),
            layout.history_key(before, "review_grade"): headed(
                [(s, _grade_display(plan, r.get("review_grade"))) for s, r in asking], several),
            layout.history_key(before, "opinions"): headed(
                [(s, opinions_text(r, plan.words)) for s, r in asking], several),
            layout.history_key(before, "policy"): headed([(s, r.get("policy")) for s, r in asking], several),
        }))
    if not rows:
        return None
    items = [plan.item(r.id) for r in rows]
    locked = tuple(replace(c, width=response_name_width(items, year, c.width)) if c.key == "name" else c for c in locked)
    return SheetContent(layout.SHEET_RESPONSES, (*locked, *past, response), tuple(rows))


def section_content(plan: Plan, year: int, section: str, history: pd.DataFrame | FormHistory | None = None,
                    plan_for: Callable[[int], Plan] | None = None) -> tuple[SheetContent, ...]:
    """The data sheets of a section's template: 取組状況, KPI when the section owns KPIs, and
    意見への対応 when last year's 二次評価 or opinions name any of its items. Earlier years' answers of a
    section a reorganisation replaced are shown to the section that has its items now. ``history``: the ledger's
    answers of earlier years, or those grouped once for every form of a run (:func:`form_history`). ``plan_for``: the
    plan in force each earlier year (the ledger's revisions), for a KPI a revision counts in another unit since."""
    answers = form_history(plan, year, history, plan_for)
    years = answers.item_years

    def shown(key: str, value: object) -> object:
        return _grade_display(plan, value) if key.endswith(".grade") else value

    item_history = _history_lookup(answers.items.get(section, ()), "item", section, shown)
    rows = []
    for item in plan.items_for(section, year):
        values = item_values(plan, section, item, year)
        past = item_history.get(item.id) or _left_behind(plan, answers.left.get(item.id, ()), item.id)
        for key, value in past.items():
            values[key] = shown(key, value)
        rows.append(Row(item.id, unanswered(plan, years, "item", item.id, section, values, plan_for)))
    sheets = [SheetContent(layout.SHEET_ITEMS, item_sheet_columns(years, plan), tuple(rows))]
    kpis = plan.kpis_for(section, year)
    if kpis:
        kpi_years = answers.kpi_years
        kpi_history = _history_lookup([r for k in kpis for r in answers.kpis.get(k.id, ())], "kpi", section)
        bases = answers.bases()
        kpi_rows = tuple(Row(k.id, unanswered(plan, kpi_years, "kpi", k.id, section,
                                              {**kpi_values(plan, year, k, bases.get(k.id)), **kpi_history.get(k.id, {})},
                                              plan_for),
                             number_kind(k), measures=earlier_measures(k, kpi_years, plan_for)) for k in kpis)
        sheets.append(SheetContent(layout.SHEET_KPI, kpi_sheet_columns(plan, kpi_years, kpi_rows), kpi_rows))
    responses = response_sheet(plan, year, section, answers)
    if responses is not None:
        sheets.append(responses)
    return tuple(fitted_history(s) for s in sheets)


def locked_rows(plan: Plan, year: int, section: str,
                history: pd.DataFrame | None = None) -> dict[str, dict[str, dict[str, object]]]:
    """The expected locked cells: {sheet: {ID: {column key: value as written}}}.

    Every locked column of every row is present (None where the cell is blank, e.g. an
    earlier year without an answer). This is what :func:`fingerprint` hashes. Without ``history``
    (the reader checking a return), a KPI's cells that only the ledger knows (:func:`ledger_facts`: the
    「118＊」 of a KPI measured from its first actual) are left out — not compared; None, they are not
    hashed either.
    """
    sheets = section_content(plan, year, section, history)
    rows = locked_of(sheets)
    if history is None:
        # the reader: a text cut to print (the plan's, :func:`fitted_history`) is expected whole — where the form cut
        # it depends on the earlier years' columns it had, which the reader does not know (:func:`is_cut_of`)
        for sheet in sheets:
            for row in sheet.rows:
                rows[sheet.name][row.id].update((k, v) for k, v in row.notes.items() if k in rows[sheet.name][row.id])
        for kpi_id, values in rows.get(layout.SHEET_KPI, {}).items():
            for key in ledger_facts(plan.kpi(kpi_id), year):
                values.pop(key, None)
    return rows


def locked_of(sheets: tuple[SheetContent, ...]) -> dict[str, dict[str, dict[str, object]]]:
    """:func:`locked_rows` of sheets already built."""
    return {sheet.name: {row.id: {c.key: row.values.get(c.key) for c in sheet.locked_columns} for row in sheet.rows}
            for sheet in sheets}


# --- fingerprint -------------------------------------------------------------------
def canonical_value(value: object) -> object:
    """A cell value as the fingerprint sees it.

    Blank and "" → None; numbers → int when whole, else a float rounded to 9 decimals
    (so 85, 85.0 and "as read back by another tool" agree); text with \\r\\n or \\r → \\n.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) or _is_number(value):
        number = float(value)
        if not math.isfinite(number):
            return str(value)
        return int(number) if number.is_integer() else round(number, 9)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text or None


def _is_number(value: object) -> bool:
    return hasattr(value, "__float__") and not isinstance(value, str)


def canonical_json(rows: dict[str, dict[str, dict[str, object]]]) -> str:
    """The serialisation hashed by :func:`fingerprint` (keys sorted, None values left out)."""
    payload = {
        sheet: {
            str(row_id): {key: v for key, raw in values.items() if (v := canonical_value(raw)) is not None}
            for row_id, values in by_id.items()}
        for sheet, by_id in rows.items()}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(rows: dict[str, dict[str, dict[str, object]]]) -> str:
    """sha256 (hex) of :func:`canonical_json` of :func:`locked_rows`' result (UTF-8)."""
    return hashlib.sha256(canonical_json(rows).encode("utf-8")).hexdigest()
