"""What the meeting workbook shows: the computed tables, sheet names and column layouts.

:class:`ReportData` is built once from the plan, the answers and the submission status
(all the pandas work, via :mod:`reform_xlsx.report.consolidate`); the sheet writers only lay it out.
Sheet names and columns live here so that formulas on one sheet can find another's ranges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from xlsxwriter.utility import quote_sheetname, xl_col_to_name

from reform_xlsx.form import layout
from reform_xlsx.form.layout import item_label, kpi_label
from reform_xlsx.messages import Problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.report import consolidate
from reform_xlsx.wareki import format_fiscal_year

SHEET_COVER = "表紙"
SHEET_SUMMARY = "総括"
SHEET_ITEMS = "改革項目一覧"
SHEET_KPI = "KPI達成状況"
SHEET_SECTIONS = "担当課別"
SHEET_STATUS = "提出状況"
SHEET_DATA = "データ"
MEETING_SHEETS = (SHEET_COVER, SHEET_SUMMARY, SHEET_ITEMS, SHEET_KPI, SHEET_SECTIONS,
                  SHEET_STATUS, SHEET_DATA)
PUBLIC_SHEETS = (SHEET_COVER, SHEET_SUMMARY, SHEET_ITEMS, SHEET_KPI, SHEET_SECTIONS)
UNANSWERED = "未回答"


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    width: float
    internal: bool = False  # left out of the 公表用 workbook


ITEM_COLUMNS = (
    Col("item_id", layout.ID_LABEL_ITEMS, 7),
    Col("name", "改革項目", 22),
    Col("section", "担当課", 11),
    Col("grade", item_label("grade"), 13),
    Col("result", item_label("result"), 46),
    Col("plan_next", item_label("plan_next"), 40),
    Col("effect_yen", item_label("effect_yen"), 17),
)

KPI_COLUMNS = (
    Col("kpi_id", layout.ID_LABEL_KPI, 7),
    Col("item_id", "項目ID", 7),
    Col("name", "指標名", 34),
    Col("unit", "単位", 6),
    Col("direction", "方向", 6),
    Col("baseline", "基準値", 13),
    Col("target", "目標値", 13),
    Col("year_target", "年度目標値", 13),
    Col("actual", kpi_label("actual"), 13),
    Col("progress", "進捗率", 10),
    Col("expected", "期待進捗", 10),
    Col("judgement", "判定", 10),
    Col("owner", "報告課", 11),
    Col("note", kpi_label("note"), 26, internal=True),
    Col("check", "確認事項", 36, internal=True),
)


def columns(cols: tuple[Col, ...], public: bool) -> tuple[Col, ...]:
    return tuple(c for c in cols if not (public and c.internal))


def col_letter(cols: tuple[Col, ...], key: str) -> str:
    return xl_col_to_name(next(n for n, c in enumerate(cols) if c.key == key))


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


@dataclass
class ReportData:
    plan: Plan
    year: int
    answers: pd.DataFrame  # all years up to ``year``
    items: pd.DataFrame  # consolidate.item_answers
    kpis: pd.DataFrame  # consolidate.kpi_results
    rollup: pd.DataFrame
    trend: pd.DataFrame
    sections: pd.DataFrame  # consolidate.section_summary
    status: pd.DataFrame  # consolidate.section_status
    created: dt.datetime
    meeting_date: dt.date | None = None
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def build(cls, plan: Plan, year: int, answers: pd.DataFrame, status: pd.DataFrame, *,
              created: dt.datetime, meeting_date: dt.date | None = None) -> ReportData:
        answers = answers[answers["year"] <= year]
        items = consolidate.item_answers(plan, answers, year)
        kpis, problems = consolidate.kpi_results(plan, answers, year)
        return cls(
            plan=plan, year=year, answers=answers, items=items, kpis=kpis,
            rollup=consolidate.rollup(plan, items, kpis),
            trend=consolidate.trend(plan, answers, year),
            sections=consolidate.section_summary(plan, items, kpis, status, year),
            status=consolidate.section_status(plan, status, year),
            created=created, meeting_date=meeting_date, problems=problems)

    @property
    def year_label(self) -> str:
        return format_fiscal_year(self.year)

    def grade_display(self, code: object, public: bool = False) -> str:
        """「A 計画どおり」; 「未回答」 without an answer (blank in the 公表用 workbook)."""
        if code is None:
            return "" if public else UNANSWERED
        try:
            return self.plan.grade(str(code)).display
        except StopIteration:  # a code the plan does not know: show it as it came
            return str(code)
