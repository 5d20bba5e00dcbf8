"""Assemble one workbook from the sheet writers: the packet, the office's copy or 公表用."""

from __future__ import annotations

from pathlib import Path

from reform_xlsx.report.final import write_period, write_period_items
from reform_xlsx.report.items import write_items
from reform_xlsx.report.kpi_trend import write_kpi_trend
from reform_xlsx.report.kpis import write_kpis
from reform_xlsx.report.model import (
    SHEET_CHECKS,
    SHEET_COVER,
    SHEET_DATA,
    SHEET_ITEMS,
    SHEET_KPI,
    SHEET_KPI_TREND,
    SHEET_NOTES,
    SHEET_OVERVIEW,
    SHEET_PERIOD,
    SHEET_PERIOD_ITEMS,
    SHEET_REVIEWS,
    SHEET_REVISIONS,
    SHEET_SECTIONS,
    SHEET_STATUS,
    SHEET_SUMMARY,
    ReportData,
)
from reform_xlsx.report.office_sheets import write_checks, write_data, write_notes, write_status
from reform_xlsx.report.overview import write_overview
from reform_xlsx.report.reviews import write_reviews
from reform_xlsx.report.revision_sheet import write_revisions
from reform_xlsx.report.summary import document_title, write_cover, write_sections, write_summary
from reform_xlsx.xlsx.style import Styles
from reform_xlsx.xlsx.workbook import new_workbook


def build_workbook(path: Path, data: ReportData, kind: str) -> dict[str, int]:
    """Write the ``kind`` workbook (packet | office | public) to ``path``; return the printed pages
    per sheet (by the page breaks the writers set; 「データ」 is not counted: it is not for paper)."""
    public = kind == "public"
    if public:
        data = data.for_public()  # only what it publishes: no sheet, count or column can show the rest
    sheets = data.sheets(kind)
    wb = new_workbook(path)
    wb.set_properties({
        "title": document_title(data, kind), "subject": data.plan.name, "company": data.plan.city,
        "author": f"{data.plan.city} {data.plan.office}", "created": data.created,
        "comments": "reform_xlsx",
    })
    st = Styles(wb, data.plan.grades)
    ws = {key: wb.add_worksheet(data.sheet(key)) for key in sheets}  # tab order first, contents after
    pages: dict[str, int] = {}
    items = write_items(ws[SHEET_ITEMS], st, data, public=public)
    if SHEET_REVIEWS in ws:
        pages[SHEET_REVIEWS] = write_reviews(ws[SHEET_REVIEWS], st, data, public=public)
    kpis = write_kpis(ws[SHEET_KPI], st, data, public=public)
    pages.update({name: 1 for name in sheets if name != SHEET_DATA and name not in pages})
    pages[SHEET_ITEMS], pages[SHEET_KPI] = items.pages, kpis.pages
    pages[SHEET_KPI_TREND] = write_kpi_trend(wb, ws[SHEET_KPI_TREND], st, data, kpis)
    pages[SHEET_OVERVIEW] = write_overview(ws[SHEET_OVERVIEW], st, data, public=public)
    pages[SHEET_SUMMARY] = write_summary(wb, ws[SHEET_SUMMARY], st, data, items, kpis)
    pages[SHEET_SECTIONS] = write_sections(ws[SHEET_SECTIONS], st, data, items, kpis, public=public)
    if SHEET_PERIOD in ws:
        pages[SHEET_PERIOD] = write_period(ws[SHEET_PERIOD], st, data)
        pages[SHEET_PERIOD_ITEMS] = write_period_items(ws[SHEET_PERIOD_ITEMS], st, data)
    if SHEET_REVISIONS in ws:
        pages[SHEET_REVISIONS] = write_revisions(ws[SHEET_REVISIONS], st, data)
    # written last: its 内容 says each sheet's pages (the cover is the first)
    write_cover(ws[SHEET_COVER], st, data, sheets, kind=kind, pages={SHEET_COVER: 1, **pages})
    if SHEET_CHECKS in ws:
        write_checks(ws[SHEET_CHECKS], st, data)
        write_notes(ws[SHEET_NOTES], st, data)
        write_status(ws[SHEET_STATUS], st, data)
        write_data(ws[SHEET_DATA], st, data)
    ws[SHEET_COVER].activate()
    wb.close()
    return pages
