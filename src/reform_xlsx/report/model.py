"""What the meeting workbook shows: the computed tables, sheet names and column layouts.

:class:`ReportData` is built once from the plan, the answers and the submission status
(all the pandas work, via :mod:`reform_xlsx.report.consolidate`); the sheet writers only lay it out.
Sheet names and columns live here so that formulas on one sheet can find another's ranges.

Three workbooks come from the same sheet writers (``docs/report.md``):

- the packet (:data:`PACKET_SHEETS`): what the 市長 and 部長 read at the 推進本部会議, and its PDF —
  no file names, hashes, dates of receipt or other submission internals;
- the office's copy (:data:`OFFICE_SHEETS`): the packet and 確認事項, 算出根拠, 提出状況, データ;
- 公表用 (:data:`PUBLIC_SHEETS`): the packet for citizens, no merged cells in its tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

import pandas as pd
from xlsxwriter.utility import quote_sheetname, xl_col_to_name

from reform_xlsx import outputs
from reform_xlsx import records as ans
from reform_xlsx.form import layout
from reform_xlsx.form.content import (
    MAX_GRADE_WIDTH,
    ended_responses_asked,
    grade_width,
    grades_as_chosen,
    sections_asked,
)
from reform_xlsx.form.layout import item_label, kpi_label
from reform_xlsx.messages import Problem
from reform_xlsx.plan.diff import Change, revised_kpis
from reform_xlsx.plan.model import Kpi, Plan, Words
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.report import consolidate
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year

SHEET_COVER, SHEET_OVERVIEW, SHEET_SUMMARY = outputs.REPORT_FIRST_SHEETS  # 「表紙」「概要」「総括」: the intake knows
# the books by them (F028)
SHEET_ITEMS = "改革項目一覧"  # the key; the sheet is named with the plan's word for its items (sheet_name)
SHEET_KPI = "KPI達成状況"
SHEET_KPI_TREND = "KPI推移"
SHEET_SECTIONS = "担当課別"
SHEET_CHECKS = "確認事項"
SHEET_NOTES = "算出根拠"
SHEET_STATUS = "提出状況"
SHEET_DATA = "データ"
SHEET_PERIOD = "計画期間の総括"  # the plan's last year (or report --final): the plan's years in one view
SHEET_PERIOD_ITEMS = "計画期間の項目"  # the key; named 「計画期間の改革項目」 in the plan's words (sheet_name)
SHEET_REVISIONS = "計画の見直し"  # the plan's revisions in force for the year (when there are any)
SHEET_REVIEWS = "二次評価・意見"  # when the office's 推進室評価 or the sections' 意見への対応 are in
PACKET_SHEETS = (SHEET_COVER, SHEET_OVERVIEW, SHEET_SUMMARY, SHEET_ITEMS, SHEET_KPI, SHEET_KPI_TREND,
                 SHEET_SECTIONS)
OFFICE_SHEETS = PACKET_SHEETS + (SHEET_CHECKS, SHEET_NOTES, SHEET_STATUS, SHEET_DATA)
PUBLIC_SHEETS = PACKET_SHEETS
REVISED_MARK = "【改訂】"  # before the name of a KPI whose figures a revision changed
UNANSWERED = "未回答"
NOT_ASKED = "－"  # the 進捗状況 of an item without a section (担当課未定): no one was asked
NOT_SUBMITTED = "未提出"
REFERENCE_TARGET = "参考（按分）"  # a 年度目標値 the tool interpolates (the plan gives none for the year)
SUBTOTAL = "小計"
SAME_AMOUNT = "※同額"
REVIEW_GRADE = "二次評価"
NOT_REVIEWED = "－"


def sheet_name(key: str, words: Words) -> str:
    """A sheet's name in the plan's words: the items' list is 「改革項目一覧」, 「取組一覧」 …"""
    if key == SHEET_PERIOD_ITEMS:
        return f"計画期間の{words.item}"
    return f"{words.item}一覧" if key == SHEET_ITEMS else key


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    width: float


ITEM_TABLE_WIDTH = 158.5  # 改革項目一覧's widest (二次評価 and 前年度 with the bundled plan's grades): 9 pt or more


def item_columns(data: ReportData) -> tuple[Col, ...]:
    """改革項目一覧's columns; 前年度 and 増減 from the plan's second year. The text columns share
    what is left of a page that prints 10 pt text at full size (about 155 units)."""
    prev = data.previous_year is not None
    effect = Col("effect_yen", item_label("effect_yen").replace("（", "\n（"), yen_width(data, 12))
    before = [Col("item_id", layout.ID_LABEL_ITEMS, 6.5), Col("name", data.plan.words.item, 20),
              Col("section", "担当課", 11)]
    after = [Col("prev_grade", f"前年度\n{format_fiscal_year(data.previous_year)}", 10),
             Col("change", "増減", 7)] if prev else []
    grades = 2 if data.has_reviews else 1  # the office's 二次評価 beside the section's own
    others = sum(c.width for c in (*before, *after, effect))
    # 「A 実施（取組開始）」 on one line, unless the grade columns would leave the text columns less than
    # their least (60): then the grades wrap (two lines), the page still prints at 9 pt or more
    grade = min(MAX_GRADE_WIDTH, max(16, grade_width(data.plan)), max(16, (ITEM_TABLE_WIDTH - 60 - others) / grades))
    fixed = [*before, Col("grade", item_label("grade"), grade)]
    if data.has_reviews:
        fixed.append(Col("review_grade", REVIEW_GRADE, grade))
    fixed += after
    fixed_width = sum(c.width for c in fixed) + effect.width
    text = max(60.0, 154 - fixed_width)
    return (*fixed, Col("result", item_label("result"), round(text * 0.54)),
            Col("plan_next", item_label("plan_next"), round(text * 0.46)), effect)


def kpi_columns(data: ReportData) -> tuple[Col, ...]:
    """KPI達成状況's printed table: what the meeting reads. 算出根拠・備考 and 確認事項 are on the
    office's own sheet (算出根拠, 確認事項). A column of figures is as wide as its longest figure
    needs (a number that does not fit shows as 「###」)."""
    plan = data.plan
    revised = bool(data.kpis["revised"].any())
    figures = partial(number_width, data)
    mixed = "※" if data.kpis["planned_target"].any() else ""  # 按分 targets marked where some are the plan's
    cols = [Col("kpi_id", layout.ID_LABEL_KPI, 5.5), Col("item_id", "項目ID", 6.5),
            Col("name", "指標名", 29 if revised else 33), Col("unit", "単位", 5),
            Col("baseline", f"基準値\n{format_fiscal_year(plan.baseline_year)}", figures("baseline", MEASURED_MARK)),
            Col("target", f"目標値\n{format_fiscal_year(plan.end_year)}", figures("target"))]
    if revised:  # a revision changed some targets: the plan's first target beside the one in force
        cols.append(Col("original_target", "当初の\n目標値", figures("original_target")))
    cols += [Col("year_target", data.year_target_label, figures("year_target", mixed)),
            Col("actual", f"{kpi_label('actual')}\n{format_fiscal_year(data.year)}", figures("actual"))]
    if data.previous_year is not None:
        cols += [Col("prev_actual", f"前年度\n{format_fiscal_year(data.previous_year)}", figures("prev_actual")),
                 Col("change", "増減", figures("change"))]
    cols += [Col("progress", "進捗率", 8), Col("judgement", "判定", 8.5), Col("owner", "報告課", 11)]
    return tuple(cols)


def published_response(r) -> str | None:
    """A section's 意見への対応 as 公表用 shows it: only beside last year's word that 公表用 publishes (the
    committee's opinion or the 対応方針). An answer to the office's comment or the 本部会議's remarks alone
    is internal like them — it would tell citizens what was said there."""
    if r.response is None or not (_given(r.prev_committee) or _given(r.prev_policy)):
        return None
    return r.response


# (kind, field) of the answers 公表用 is built from: the sections' answers and the word it publishes
PUBLISHED_ANSWERS = frozenset({*(("item", f) for f in consolidate.ITEM_FIELDS), ("kpi", "actual"),
                               *(("review", f) for f in ("review_grade", "committee_opinion", "policy"))})
INTERNAL_WORDS = ("office_comment", "hq_opinion", "prev_opinions")  # prev_opinions: last year's, the office's with them


def _published_words(rows: pd.DataFrame) -> pd.DataFrame:
    """Item rows (:attr:`ReportData.items`, ``ended``) without the office's and the 本部会議's word, and with each
    意見への対応 only where 公表用 shows the word it answers."""
    out = rows.assign(**{c: None for c in INTERNAL_WORDS if c in rows})
    if "response" in out:
        out["response"] = pd.Series([published_response(r) for r in rows.itertuples()], index=rows.index, dtype=object)
    return out


def _given(value: object) -> bool:
    return value is not None and value == value and bool(str(value).strip())  # NaN is no word


def yen_width(data: ReportData, least: float) -> float:
    """The width a column of 財政効果額 needs: the longest amount written in it (a section's, a 小計,
    the 合計, a year's total or 総括's 増減 「▲1,234,567,890」) as shown and a little room, at least
    ``least`` — a city's total of 10億円 or more, or a fall of that much, never prints 「###」."""
    amounts = [*data.items["effect_yen"].dropna(), *data.rollup["effect_yen"].dropna()]
    if len(data.shared):
        amounts += list(data.shared["subtotal"].dropna())
    if len(data.trend) and "effect_yen" in data.trend:
        amounts += list(data.trend["effect_yen"].dropna())
    width = figure_width(amounts, least, room=1)
    change = total_change(data, "effect_yen")
    if change is not None:  # shown 「+#,##0;▲#,##0;±0」
        width = max(width, text_units(("▲" if change < 0 else "+") + f"{abs(change):,}") + 1)
    return width


def total_change(data: ReportData, key: str) -> int | None:
    """総括's 増減 of ``key``: this year's 合計 − last year's (from the trend table); None in the plan's first
    year or when last year has no row."""
    if data.previous_year is None or not len(data.trend) or key not in data.trend:
        return None
    before = data.trend.loc[data.trend["year"] == data.previous_year, key].dropna()
    now = data.rollup[key].dropna()
    if not len(before) or not len(now):
        return None
    return int(data.rollup.iloc[-1][key]) - int(before.iloc[0])


def figure_width(values: list, least: float, room: float = 2) -> float:
    """A column width that shows every number of ``values`` as printed (「1,234,567,890」, one decimal at most) with
    ``room`` to spare, at least ``least``; blanks and NaN ignored."""
    shown = [f"{v:,.1f}" if isinstance(v, float) and not float(v).is_integer() else f"{int(v):,}"
             for v in values if isinstance(v, int | float) and v == v and abs(v) != float("inf")]
    return max(least, max((text_units(t) for t in shown), default=0) + room)


MEASURED_MARK = "＊"  # a 基準値 that is the KPI's first reported actual (the plan gives none)


def number_width(data: ReportData, key: str, mark: str = "", least: float = 12) -> float:
    """The width a column of KPI figures needs: its longest figure as shown (with ``mark``) and a
    little room, at least ``least``."""
    longest = 0
    for k in data.kpis.to_dict("records"):
        value = k.get(key)
        if value is None or value != value:  # blank or NaN
            continue
        marked = mark if key != "baseline" or k.get("measured") else ""  # ＊: a measured baseline only
        if key == "change":
            marked = "▲" if value < 0 else "+"
        try:
            kpi = data.plan.kpi(k["kpi_id"])
        except KeyError:  # a KPI of an earlier revision only
            kpi = None
        shown = kpi.display(abs(value) if key == "change" else value, unit=False) if kpi is not None else f"{value:,}"
        first = original_kpi_in_other_unit(data, kpi) if key == "original_target" and kpi is not None else None
        if first is not None:  # shown with the unit the plan first set (「2,500,000,000,000円」 beside 千円)
            shown = first.display(value, unit=False) + first.unit_after
        longest = max(longest, text_units(marked + shown))
    return max(least, longest + 1)


@dataclass(frozen=True)
class Table:
    """Where a sheet writer put a table — the only way another sheet or a chart finds its cells.

    ``columns``: column key → 0-based column; ``rows``: row label → 0-based row; data rows are
    ``first_row`` … ``last_row`` (0-based, inclusive)."""

    sheet: str
    first_row: int
    last_row: int
    columns: dict[str, int]
    rows: dict[str, int] = field(default_factory=dict)

    def letter(self, key: str) -> str:
        return xl_col_to_name(self.columns[key])

    def col(self, key: str, first: int | None = None, last: int | None = None) -> str:
        """The data rows of column ``key`` (or rows ``first``…``last``): 'sheet'!$D$6:$D$60."""
        first = self.first_row if first is None else first
        last = self.last_row if last is None else last
        letter = self.letter(key)
        return f"{quote_sheetname(self.sheet)}!${letter}${first + 1}:${letter}${last + 1}"

    def cell(self, label: str, key: str) -> str:
        """The cell of row ``label`` in column ``key``: 'sheet'!$D$7."""
        return f"{quote_sheetname(self.sheet)}!${self.letter(key)}${self.rows[label] + 1}"

    def local(self, label: str, key: str) -> str:
        """The same cell for a formula on this sheet: $D$7."""
        return f"${self.letter(key)}${self.rows[label] + 1}"


@dataclass
class ReportData:
    plan: Plan
    year: int
    answers: pd.DataFrame  # all years up to ``year``
    items: pd.DataFrame  # consolidate.item_answers, with prev_grade and change
    kpis: pd.DataFrame  # consolidate.kpi_results, with prev_actual, change, better
    rollup: pd.DataFrame
    trend: pd.DataFrame
    sections: pd.DataFrame  # consolidate.section_summary
    status: pd.DataFrame  # consolidate.section_status
    kpi_history: pd.DataFrame  # consolidate.kpi_history
    shared: pd.DataFrame  # consolidate.shared_effects
    created: dt.datetime
    previous_year: int | None = None
    meeting_date: dt.date | None = None
    problems: list[Problem] = field(default_factory=list)
    revisions: Revisions | None = None  # the plan's revisions (None: one plan for every year)
    final: bool = False  # with 「計画期間の総括」 (the plan's last year, or report --final)
    unrecorded: tuple[int, ...] = ()  # the plan's years up to ``year`` its ledger has no record of (記録なし)
    ended: pd.DataFrame | None = None  # consolidate.ended_responses with the reviews: answers to last year's word on an
    # item that ended then (二次評価・意見 and the 公表用 CSV carry them; nothing else counts them)
    ended_asked: tuple[tuple[str, str], ...] = ()  # (item ID, section) of each 意見への対応 asked on an item that ended
    # last year, answered or not (form.content.ended_responses_asked): the 推進室評価シート's block of ended items
    published: bool = False  # :meth:`for_public`'s copy: nothing in it that 公表用 does not publish

    def for_public(self) -> ReportData:
        """The same year with only what 公表用 publishes (docs/report.md 「公表用」), for its workbook, PDF and CSV: no
        推進室コメント or 本部会議での意見, an 意見への対応 only beside the word 公表用 shows (:func:`published_response`),
        no 算出根拠・備考, no 回答者欄, file, time of receipt or 提出期限, a section sent back as 未提出, no meeting date.
        What is not there cannot reach a sheet, a count or a column that a later change adds to 公表用 — nor
        count what 公表用 leaves out (「前年度の意見への各課の対応 46 件」 beside the one it shows) or make a
        「二次評価・意見」 sheet for the office's word alone."""
        if self.published:
            return self
        keep = pd.Series(list(zip(self.answers["kind"], self.answers["field"])), index=self.answers.index,
                         dtype=object).isin(PUBLISHED_ANSWERS)
        answers = self.answers[keep].assign(file=None, sheet=None, cell=None)

        def public(status: str) -> ans.SectionStatus:  # 提出済 or 未提出
            return ans.SectionStatus(self.public_status(status))

        status = self.status.assign(status=self.status["status"].map(public),
                                    **dict.fromkeys(("file", "received_at", "returned", "submitted_at", "deadline",
                                                     "timeliness"), None), errors=0, warnings=0)
        return replace(
            self, answers=answers, items=_published_words(self.items),
            ended=None if self.ended is None else _published_words(self.ended),
            kpis=self.kpis.assign(note=None) if "note" in self.kpis else self.kpis, status=status,
            sections=self.sections.assign(status=self.sections["status"].map(public)),
            meeting_date=None, problems=[], published=True)

    def actuals_of(self, kpi_id: str) -> dict[int, float]:
        """Each year's 実績値 of the KPI in :attr:`kpi_history` (year → value)."""
        return self._actuals.get(kpi_id, {})

    @cached_property
    def yearly_items(self) -> dict[int, pd.DataFrame]:
        """:func:`~reform_xlsx.report.consolidate.item_answers` of every year of the plan up to :attr:`year`, each with
        the plan in force that year: built once for the 総括 (its 財政効果額, the note under it and 計画期間の改革項目 each
        read every year's, in the packet and the office copy alike — six passes over every year's answers). Read only."""
        return {y: consolidate.item_answers(self.plan_for(y), self.answers, y)
                for y in range(self.plan.start_year, self.year + 1)}

    @cached_property
    def _actuals(self) -> dict[str, dict[int, float]]:
        """:attr:`kpi_history` by KPI, read once (each sheet asked it per KPI, each time a pass over every row)."""
        found: dict[str, dict[int, float]] = {}
        for r in self.kpi_history.itertuples():
            found.setdefault(r.kpi_id, {})[int(r.year)] = r.actual
        return found

    @classmethod
    def build(cls, plan: Plan, year: int, answers: pd.DataFrame, status: pd.DataFrame, *,
              created: dt.datetime, meeting_date: dt.date | None = None, revisions: Revisions | None = None,
              final: bool = False, unrecorded: tuple[int, ...] = ()) -> ReportData:
        """Everything the sheets show for ``year``: ``plan`` is the plan in force that year, and every
        earlier year is judged with the revision in force then (``revisions``). ``unrecorded``: the
        years the ledger knows nothing of (no survey, no file), shown as 記録なし, never as 未回答."""
        answers = answers[answers["year"] <= year]
        plan_for = revisions.for_year if revisions is not None else (lambda _: plan)
        previous = consolidate.previous_year(answers, year)
        items = consolidate.item_answers(plan, answers, year)
        kpis, problems = consolidate.kpi_results(plan, answers, year, plan_for)
        prev_items = prev_kpis = None
        if previous is not None:
            prev_items = consolidate.item_answers(plan_for(previous), answers, previous)
            prev_kpis, _ = consolidate.kpi_results(plan_for(previous), answers, previous, plan_for)
        shared, shared_problems = consolidate.shared_effects(plan, items)
        first = revisions.first if revisions is not None else plan
        revised = revised_kpis(first, plan)
        original = {k.id: k.target for k in first.kpis}
        kpis["revised"] = kpis["kpi_id"].isin(revised)
        kpis["original_target"] = pd.Series([original.get(k) if k in revised and original.get(k) != t else None
                                             for k, t in zip(kpis["kpi_id"], kpis["target"])], index=kpis.index,
                                            dtype=object)
        items_shown = consolidate.with_previous_grades(plan, items, prev_items,
                                                       plan_for(previous) if previous is not None else None)
        ended = consolidate.with_previous_grades(plan, consolidate.ended_responses(plan, answers, year), prev_items,
                                                 plan_for(previous) if previous is not None else None)
        # the forms asked these as templates did (a grade a revision renamed, as the section chose it)
        last = answers[answers["year"].eq(year - 1)]
        ended_asked = ended_responses_asked(plan, year, grades_as_chosen(last, plan_for) if len(last) else None)
        asked = sections_asked(plan, year, None, ended_asked)
        return cls(
            plan=plan, year=year, answers=answers,
            items=consolidate.with_reviews(plan, items_shown, answers, year),
            kpis=consolidate.with_previous_actuals(kpis, prev_kpis),
            rollup=consolidate.rollup(plan, items, kpis),
            trend=consolidate.trend(plan, answers, year, plan_for, tuple(unrecorded)),
            sections=consolidate.section_summary(plan, items, kpis, status, year, asked),
            status=consolidate.section_status(plan, status, year, asked),
            kpi_history=consolidate.kpi_history(plan, answers, year, plan_for), shared=shared,
            created=created, previous_year=previous, meeting_date=meeting_date,
            problems=problems + shared_problems + consolidate.actuals_left_out(plan, answers, year, plan_for,
                                                                                  final=final),
            revisions=revisions, final=final,
            unrecorded=tuple(sorted(y for y in set(unrecorded) if plan.start_year <= y <= year)),
            ended=consolidate.with_reviews(plan, ended, answers, year), ended_asked=ended_asked)

    def plan_for(self, year: int) -> Plan:
        """The plan in force for ``year`` (its revision)."""
        return self.revisions.for_year(year) if self.revisions is not None else self.plan

    def item_number(self, item_id: str) -> str:
        """An item's number as the packet shows it (:meth:`Plan.item_number`: 「1-3」 in a plan of two levels), as the
        latest revision that has it numbers it."""
        plans = (self.plan, *reversed(self.revisions.plans)) if self.revisions is not None else (self.plan,)
        return next((p.item_number(item_id) for p in plans if item_id in p.items_by_id), item_id)

    @property
    def revision_changes(self) -> list[tuple[Plan, list[Change]]]:
        """The revisions in force up to this year, each with what it changed (「計画の見直し」)."""
        return self.revisions.changes_in_force(self.year) if self.revisions is not None else []

    @property
    def year_label(self) -> str:
        return format_fiscal_year(self.year)

    def sheet(self, key: str) -> str:
        """The name of sheet ``key`` in this plan's words (:func:`sheet_name`)."""
        return sheet_name(key, self.plan.words)

    @property
    def title(self) -> str:
        """The plan's short title, for page headers."""
        return self.plan.words.title

    @property
    def has_reviews(self) -> bool:
        """Whether the office's 二次評価 or opinions, or the sections' 意見への対応, are in for the year
        (last year's opinions alone are not: the sheet shows them beside a section's 意見への対応)."""
        columns = (*consolidate.REVIEW_FIELDS, "response")
        rows = self.review_rows
        return bool(rows[[c for c in columns if c in rows]].notna().any().any())

    @property
    def review_rows(self) -> pd.DataFrame:
        """:attr:`items` and, in plan order among them, :attr:`ended` (answers to last year's word on an item that
        ended then), with ``ended`` telling which: the rows of 二次評価・意見 and of the 公表用 CSV."""
        if self.ended is None or not len(self.ended):
            return self.items.assign(ended=False)
        order = {i.id: n for n, i in enumerate(self.plan.items)}
        rows = pd.concat([self.items.assign(ended=False), self.ended.assign(ended=True)], ignore_index=True)
        return rows.iloc[sorted(range(len(rows)), key=lambda n: order.get(rows["item_id"].iloc[n], len(order)))] \
            .reset_index(drop=True)

    def sheets(self, kind: str) -> tuple[str, ...]:
        """The sheets of the ``kind`` workbook (packet | office | public): 二次評価・意見 after 改革項目一覧
        when there is anything to show on it, 「計画期間の総括」 after 総括 in the final view, and
        「計画の見直し」 after 担当課別 when the plan has been revised."""
        out = list({"packet": PACKET_SHEETS, "office": OFFICE_SHEETS, "public": PUBLIC_SHEETS}[kind])
        if self.has_reviews:
            at = out.index(SHEET_ITEMS) + 1
            out[at:at] = [SHEET_REVIEWS]
        if self.final:
            at = out.index(SHEET_SUMMARY) + 1
            out[at:at] = [SHEET_PERIOD, SHEET_PERIOD_ITEMS]
        if self.revision_changes:
            out.insert(out.index(SHEET_SECTIONS) + 1, SHEET_REVISIONS)
        return tuple(out)

    @property
    def reference_targets(self) -> bool:
        """Whether any KPI's 年度目標値 this year is the tool's interpolation (参考（按分）)."""
        return not bool(self.kpis["planned_target"].all())

    @property
    def year_target_label(self) -> str:
        """「年度目標値／参考（按分）」 when every one is interpolated; 「※は参考（按分）」 when some are the plan's own."""
        if not self.reference_targets:
            return "年度目標値"
        if not self.kpis["planned_target"].any():
            return f"年度目標値\n{REFERENCE_TARGET}"
        return f"年度目標値\n※は{REFERENCE_TARGET}"

    @property
    def submitted(self) -> set[str]:
        """Sections whose answers are in (an accepted file)."""
        return set(self.status.loc[self.status["status"] == ans.SectionStatus.SUBMITTED, "section"])

    def grade_display(self, code: object, year: int | None = None) -> str:
        """「A 計画どおり」 (a grade of an earlier ``year``: as the plan then in force named it); 「未回答」
        without an answer."""
        if code is None:
            return UNANSWERED
        try:
            return (self.plan if year is None else self.plan_for(year)).grade(str(code)).display
        except StopIteration:  # a code the plan does not know: show it as it came
            return str(code)

    def former_grades(self) -> list[tuple[str, str]]:
        """Grades of the years so far that this year's plan no longer has (a revision removed them):
        (code, 「D 未着手」 as the last year that had it named it)."""
        now = {g.code for g in self.plan.grades}
        found: dict[str, str] = {}
        for y in sorted(int(v) for v in self.trend["year"]) if len(self.trend) else []:
            for g in self.plan_for(y).grades:
                if g.code not in now:
                    found[g.code] = g.display
        return sorted(found.items())

    def public_status(self, status: str) -> str:
        """A section's status as the public reads it: 提出済, or 未提出 (a file sent back counts as not in)."""
        return status if status == ans.SectionStatus.SUBMITTED else NOT_SUBMITTED


def change_text(change: object) -> str:
    """A grade's change from the year before: 「↑改善」, 「↓悪化」, 「→」 (same), 「－」 (no comparison)."""
    if change is None or (isinstance(change, float) and pd.isna(change)):
        return "－"
    return {1: "↑改善", -1: "↓悪化", 0: "→"}[int(change)]


def unit_changes(data: ReportData) -> str:
    """The KPIs whose unit a revision changed since last year, as the notes list them: 「K12 枚 → 千枚」 (empty
    when none; :func:`reform_xlsx.report.consolidate.with_previous_actuals`)."""
    changed = data.kpis[data.kpis["prev_unit"].notna()] if "prev_unit" in data.kpis else data.kpis.iloc[0:0]
    before = data.plan_for(data.previous_year) if data.previous_year is not None else data.plan
    return "、".join(f"{r['kpi_id']} {data.plan.kpi(r['kpi_id']).measure_change(before.kpi(r['kpi_id']))}"
                    for r in changed.to_dict("records"))


def original_kpi_in_other_unit(data: ReportData, kpi: Kpi) -> Kpi | None:
    """``kpi`` as the plan first set it, when a revision has since changed its unit or kind (枚 → 千枚): its
    当初の目標値 is in that first unit (never converted, L021) and is shown with it. None otherwise."""
    return data.revisions.first.counted_otherwise(kpi) if data.revisions is not None else None


def kpi_in_other_unit(data: ReportData, kpi: Kpi, year: int) -> Kpi | None:
    """``kpi`` as the plan in force in ``year`` counted it, when that was another unit or kind than now (a revision
    since changed 枚 to 千枚): that year's 実績値 is as reported in it (never converted, L021), shown with that unit
    and never compared with this year's. None otherwise (the same unit, or a KPI that plan did not have)."""
    return data.plan_for(year).counted_otherwise(kpi)
