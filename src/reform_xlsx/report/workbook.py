"""Assemble one workbook from the sheet writers: the meeting version or the 公表用 version."""

from __future__ import annotations

from pathlib import Path

from reform_xlsx.report.items import write_items
from reform_xlsx.report.kpis import write_kpis
from reform_xlsx.report.model import (
    SHEET_COVER,
    SHEET_DATA,
    SHEET_ITEMS,
    SHEET_KPI,
    SHEET_SECTIONS,
    SHEET_STATUS,
    SHEET_SUMMARY,
    ReportData,
)
from reform_xlsx.report.office_sheets import write_data, write_status
from reform_xlsx.report.summary import write_cover, write_sections, write_summary
from reform_xlsx.xlsx.style import Styles
from reform_xlsx.xlsx.workbook import new_workbook


def build_workbook(path: Path, data: ReportData, sheets: tuple[str, ...], *, public: bool,
                   title: str) -> dict[str, int]:
    """Write ``sheets`` (in this order) to ``path``; return the printed pages per sheet."""
    wb = new_workbook(path)
    wb.set_properties({
        "title": title, "subject": data.plan.name, "company": data.plan.city,
        "author": f"{data.plan.city} {data.plan.office}", "created": data.created,
        "comments": "reform_xlsx",
    })
    st = Styles(wb, data.plan.grades)
    ws = {name: wb.add_worksheet(name) for name in sheets}  # tab order first, contents after
    items = write_items(ws[SHEET_ITEMS], st, data, public=public)
    kpis = write_kpis(wb, ws[SHEET_KPI], st, data, public=public)
    write_cover(ws[SHEET_COVER], st, data, sheets, public=public)
    write_summary(wb, ws[SHEET_SUMMARY], st, data, items, kpis, public=public)
    write_sections(ws[SHEET_SECTIONS], st, data, items, kpis, public=public)
    if SHEET_STATUS in ws:
        write_status(ws[SHEET_STATUS], st, data)
    if SHEET_DATA in ws:
        write_data(ws[SHEET_DATA], st, data)
    ws[SHEET_COVER].activate()
    wb.close()
    pages = {name: 1 for name in sheets if name != SHEET_DATA}  # データ is not for printing
    pages[SHEET_ITEMS], pages[SHEET_KPI] = items.pages, kpis.pages
    return pages
