"""Test helper for the 推進室評価シート: sections' answers to fill their forms with, and a row's cells by label."""

from __future__ import annotations

from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from reform_xlsx.form import layout
from reform_xlsx.merge import MergeResult, run_merge
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from sheet_reader import header_row


def answers(plan, section: str, year: int) -> dict:
    """Every item of ``section`` 「B 概ね計画どおり」 with a text, a 回答者, each KPI at its baseline."""
    items = {i.id: {"進捗状況": "B 概ね計画どおり", "取組実績": f"{i.id} を進めた。", "課題・今後の方針": "継続する。"}
             for i in plan.items_for(section, year)}
    items[layout.RESPONDENT_ID] = {"担当者": "担当", "内線": "1000"}
    out = {layout.SHEET_ITEMS: items}
    if plan.kpis_for(section):
        out[layout.SHEET_KPI] = {k.id: {"実績値": k.baseline} for k in plan.kpis_for(section)}
    return out


def merge_answered(plan, root: Path, section: str, year: int = 2026) -> MergeResult:
    """``section``'s form (in ``root``/t8) filled with :func:`answers` into ``root``/inbox, merged into
    ``root``/out with the ledger ``root``/reform.db."""
    (template,) = write_templates(plan, year, root / "t8", [section])
    fill_template(template, answers(plan, section, year), root / "inbox" / template.name)
    return run_merge([root / "inbox"], plan, year, db=root / "reform.db", out=root / "out")


def review_row(ws: Worksheet, row_id: str, section: str) -> dict[str, str]:
    """Header label → A1 of the review sheet's row for (ID, 担当課)."""
    header = header_row(ws, "ID")
    labels = {c.value.replace("\n", ""): c.column_letter for c in ws[header] if c.value}
    for r in range(header + 1, ws.max_row + 1):
        if ws[f"{labels['ID']}{r}"].value == row_id and ws[f"{labels['担当課']}{r}"].value == section:
            return {label: f"{letter}{r}" for label, letter in labels.items()}
    raise AssertionError((row_id, section))
