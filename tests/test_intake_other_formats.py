"""Real files in the formats sections send by mistake, made by LibreOffice from a template:
.xls (Excel 97-2003), .ods, .csv — each named by its real format, also when renamed .xlsx."""

from __future__ import annotations

import shutil

import pytest

from reform_xlsx.form import layout
from reform_xlsx.intake import read_returns
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.xlsx.libreoffice import convert

FILTERS = {"xls": "xls", "ods": "ods", "csv": "csv"}


@pytest.fixture(scope="module")
def converted(soffice, plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    template, = write_templates(plan, 2026, folder / "src", ["観光課"])
    inbox = folder / "inbox"
    inbox.mkdir()
    for fmt, spec in FILTERS.items():
        made = convert(template, spec, folder / "out")
        shutil.copy(made, inbox / f"{fmt}の調査票.{fmt}")
        shutil.copy(made, inbox / f"{fmt}を改名した調査票.xlsx")
    return read_returns([inbox], plan, 2026)


def test_each_real_format_is_named(converted):
    found = {(r.name, r.real_format, r.status, tuple(p.code for p in r.problems)) for r in converted}
    assert found == {(f"{fmt}{suffix}", fmt, FileStatus.SKIPPED, ("F002",)) for fmt in FILTERS
                     for suffix in ("の調査票." + fmt, "を改名した調査票.xlsx")}


def test_the_message_says_save_as_xlsx(converted):
    xls = next(r for r in converted if r.name == "xlsを改名した調査票.xlsx")
    assert "古い形式の Excel ブック" in xls.problems[0].message
    assert "「Excel ブック (*.xlsx)」形式で保存し直して" in xls.problems[0].message
    assert layout.SHEET_ITEMS not in xls.problems[0].message
