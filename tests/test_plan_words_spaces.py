"""A plan file written by another city's office, in its own words: a section name or the plan's 版 with a space
typed after it (「税務課　」, 「2026-02　」 — the full-width space of a Japanese keyboard, which YAML keeps in a plain
scalar) or before it.

The form's section and 版 are read back without those spaces (a space typed around a value is never part of it),
so the section's own 調査票 was refused as M005 「課名「税務課」は計画の担当課にありません」 — or every section's as
M003 「計画の版 2026-02 の調査票です（現在の版は 2026-02　）」 —, every year, whatever the sections did. The plan's
names and 版 are taken without the spaces around them, as the 計画マスター's cells are."""

from __future__ import annotations

import re

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.mail.directory import read_directory, write_directory
from reform_xlsx.merge import run_merge
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.records import FileStatus


def plan_with(old: str, new: str):
    """The bundled plan with ``old`` written ``new`` in the section list, the items' sections and the KPI owners."""
    text = bundled_plan_text()
    assert f"- {old}\n" in text and f"owner: {old}\n" in text
    plan, _ = parse_plan(re.sub(f"(?<=[\\[ ]){old}(?=[,\\]\n])", new, text), "plan.yaml")
    return plan


@pytest.mark.parametrize("typed", ["税務課　", "税務課 \t", "\u3000税務課"])
def test_a_section_name_with_spaces_around_it_is_the_name_without_them(typed):
    plan = plan_with("税務課", f'"{typed}"')
    assert "税務課" in plan.sections and typed not in plan.sections
    assert all(s == s.strip() for i in plan.items for s in i.sections)
    assert {k.owner for k in plan.kpis if k.id in ("K02", "K05")} == {"税務課"}


def accepted(plan, section: str, tmp_path) -> bool:
    """Whether ``section``'s form, made from ``plan`` and filled validly, is accepted (no error)."""
    inbox = tmp_path / "受信"
    inbox.mkdir()
    craft.filled(plan, 2026, section, tmp_path / "work").rename(inbox / "税務課.xlsx")
    result = run_merge([inbox], plan, 2026, db=tmp_path / "reform.db", out=tmp_path / "out")
    (found,) = result.batch.files
    assert [p.code for p in found.problems if p.severity.value == "error"] == []
    return found.status == FileStatus.ACCEPTED


def test_the_sections_own_form_is_accepted(tmp_path):
    plan = plan_with("税務課", "税務課　")  # a plain scalar: YAML keeps the full-width space
    (section,) = (s for s in plan.sections if "税務課" in s)  # the name the form is made for
    assert accepted(plan, section, tmp_path)


@pytest.mark.parametrize("typed", ["2026-02　", '"2026-02 "', '" 2026-02"'])
def test_a_version_with_spaces_around_it_is_the_version_without_them(tmp_path, typed):
    text = bundled_plan_text()
    assert '  version: "2026-02"\n' in text
    plan, _ = parse_plan(text.replace('  version: "2026-02"\n', f"  version: {typed}\n"), "plan.yaml")
    assert plan.version == "2026-02"
    assert accepted(plan, "観光課", tmp_path)


def test_the_office_with_a_space_after_it_is_the_office_and_its_contacts_row_signs_the_drafts(tmp_path):
    """plan.office 「人事行政課　」: its row of 連絡先.xlsx (課名 「人事行政課」, as typed and read) was never the
    office's, and every draft went out without its sender and 問い合わせ先."""
    text = bundled_plan_text()
    assert "  office: 人事行政課\n" in text
    plan, _ = parse_plan(text.replace("  office: 人事行政課\n", "  office: 人事行政課　\n"), "plan.yaml")
    assert plan.office == "人事行政課"
    path = write_directory(plan, tmp_path / "連絡先.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    (row,) = (r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "人事行政課")
    ws.cell(row, 3).value = "jinji@city.example.lg.jp"
    wb.save(path)
    office = read_directory(path, plan).office(plan)
    assert office is not None and office.mail == "jinji@city.example.lg.jp"
