"""The published files as a city web site must publish them (JIS X 8341-3, 総務省「みんなの公共サイト運用ガイドライン」):
a real title (not a file name), the document language (ja-JP), real text in embedded fonts, a tagged PDF with a
bookmark per sheet — and nothing of the office's people or folders in the file's properties. Read with pdfinfo,
pdffonts, pdftotext and the workbook's own parts, for the bundled plan and another city's."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from reform_xlsx import records as ans
from reform_xlsx.report.writer import write_reports
from reform_xlsx.xlsx import libreoffice
from report_sample import sample_answers, sample_status
from second_plan import BUNDLED_WORDS, second_plan

CREATED = dt.datetime(2026, 5, 1, 10, 0)
CORE = {"dc": "http://purl.org/dc/elements/1.1/",
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
TITLES = {  # (plan, year) → the three workbooks' titles, as the cover says them
    "bundled": {
        "workbook": "令和8年度 第2次二本松市市政改革推進行動計画 取組状況（市政改革推進本部会議 資料）",
        "office": "令和8年度 第2次二本松市市政改革推進行動計画 取組状況（市政改革推進本部会議 資料・事務局用）",
        "public": "令和8年度 第2次二本松市市政改革推進行動計画 取組状況（公表用）",
    },
    "second": {
        "workbook": "平成30年度 南山市行財政改革実施計画 取組状況（行財政改革推進本部会議 資料）",
        "office": "平成30年度 南山市行財政改革実施計画 取組状況（行財政改革推進本部会議 資料・事務局用）",
        "public": "平成30年度 南山市行財政改革実施計画 取組状況（公表用）",
    },
}


def _reports(which: str, out: Path, **kw):
    if which == "bundled":
        from reform_xlsx.plan.loading import load_plan
        plan = load_plan()[0]
        return plan, write_reports(plan, 2026, sample_answers(plan), sample_status(plan), out, public=True,
                                   created=CREATED, **kw)
    plan = second_plan()  # a year no section has answered yet: the titles do not depend on the answers
    empty = pd.DataFrame(columns=list(ans.ANSWER_COLUMNS))
    status = pd.DataFrame(columns=list(ans.STATUS_COLUMNS))
    return plan, write_reports(plan, 2018, empty, status, out, public=True, created=CREATED, **kw)


def core_properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("docProps/core.xml"))
    return {el.tag.split("}")[1]: el.text or "" for el in root}


@pytest.mark.parametrize("which", sorted(TITLES))
def test_each_workbook_is_titled_as_its_cover_says_never_by_its_file_name(which, tmp_path):
    plan, result = _reports(which, tmp_path)
    for role, title in TITLES[which].items():
        path = getattr(result, role)
        core = core_properties(path)
        assert core["title"] == title, role
        assert path.stem not in core["title"] and "_" not in core["title"]
        # the author and the last to save it: the city's office, never a person's login name
        assert core["creator"] == core["lastModifiedBy"] == f"{plan.city} {plan.office}"
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            book = z.read("xl/workbook.xml").decode()
        assert "docProps/custom.xml" not in names and not any("comments" in n for n in names), role
        assert 'state="hidden"' not in book and 'state="veryHidden"' not in book, role
    if which == "second":
        assert not any(w in t for t in TITLES[which].values() for w in BUNDLED_WORDS)


@pytest.mark.parametrize("which", sorted(TITLES))
def test_every_chart_of_the_published_workbook_has_its_alternative_text(which, tmp_path):
    """Excel's 代替テキスト (the drawing's descr): what a screen reader says of a chart, and where its numbers are."""
    plan, result = _reports(which, tmp_path)
    with zipfile.ZipFile(result.public) as z:
        drawings = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing")]
    frames = [m for d in drawings for m in re.findall(r"<xdr:cNvPr [^>]*>", d)]
    said = [html.unescape(m.group(1)) for f in frames if (m := re.search(r'descr="([^"]+)"', f))]
    assert len(frames) == 2 + 1 + len(plan.kpis) and len(said) == len(frames)  # 総括's two, KPI推移's
    for kpi in plan.kpis:
        assert any(s.startswith(f"{kpi.id} {kpi.name}の実績値の推移のグラフ") for s in said), kpi.id
    assert f"{plan.words.area}別の進捗状況の件数のグラフ（数字は上の表）" in said


def test_the_pdf_profile_asks_for_japanese_a_tagged_pdf_and_bookmarks(tmp_path):
    """The settings LibreOffice prints the PDFs with (its registry, read as the PDF export's defaults)."""
    libreoffice._japanese_line_breaking(tmp_path)
    root = ET.parse(tmp_path / "user" / "registrymodifications.xcu").getroot()
    oor = "{http://openoffice.org/2001/registry}"
    settings = {(item.get(f"{oor}path"), prop.get(f"{oor}name")): prop.findtext("value")
                for item in root for prop in item.iter("prop")}
    for key, value in [
        (("/org.openoffice.Setup/L10N", "ooSetupSystemLocale"), "ja-JP"),
        (("/org.openoffice.Office.Common/Filter/PDF/Export", "UseTaggedPDF"), "true"),
        (("/org.openoffice.Office.Common/Filter/PDF/Export", "ExportBookmarks"), "true"),
        (("/org.openoffice.Office.Linguistic/General", "DefaultLocale_CJK"), "ja-JP"),  # (as before)
    ]:
        assert settings.get(key) == value, key


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def _catalog_language(pdf: Path) -> list[str]:
    """The /Lang entries of the PDF (LibreOffice writes its catalog uncompressed)."""
    return [m.decode("latin-1") for m in re.findall(rb"/Lang\(([^)]*)\)", pdf.read_bytes())]


def _outline_titles(pdf: Path) -> set[str]:
    """Every /Title written as UTF-16 hex in the PDF: the bookmarks (and the document's title)."""
    return {bytes.fromhex(h.decode()).decode("utf-16-be") for h in re.findall(rb"/Title<FEFF([0-9A-Fa-f]*)>",
                                                                              pdf.read_bytes())}


@pytest.mark.parametrize("which", sorted(TITLES))
def test_the_published_and_the_meeting_pdf_carry_title_language_tags_bookmarks_and_fonts(which, soffice, tmp_path):
    plan, result = _reports(which, tmp_path, pdf=True)
    assert result.public_pdf is not None and result.pdf is not None, result.notes
    for pdf, role in ((result.public_pdf, "public"), (result.pdf, "workbook")):
        info = _info(pdf)
        assert info["Title"] == TITLES[which][role], pdf.name
        assert info["Author"] == f"{plan.city} {plan.office}" and info["Subject"] == plan.name
        assert info["Tagged"] == "yes", pdf.name
        assert _catalog_language(pdf) == ["ja-JP"], pdf.name
        sheets = set(_sheet_names(getattr(result, role)))
        assert sheets and sheets <= _outline_titles(pdf), pdf.name  # a bookmark per sheet
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(result.public_pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "（公表用）" in cover and "".join(plan.name.split()) in "".join(cover.split())  # text, not an image
    if which == "second":
        assert not any(w in _info(p)["Title"] + _info(p)["Subject"] for p in (result.pdf, result.public_pdf)
                       for w in BUNDLED_WORDS)


def _sheet_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())


def test_an_office_that_does_not_know_a_pdf_setting_still_prints(soffice, tmp_path, monkeypatch):
    """An older LibreOffice that lacks a setting of the profile (simulated: settings no LibreOffice has, beside the
    real ones) ignores it and prints the PDF as before — the settings are never filter options a run could fail on."""
    unknown = ('<item oor:path="/org.openoffice.Office.Common/Filter/PDF/Export">'
               '<prop oor:name="NoSuchPdfSetting" oor:op="fuse"><value>true</value></prop></item>\n'
               '<item oor:path="/org.openoffice.NoSuchNode/Export"><prop oor:name="UseTaggedPDF" oor:op="fuse">'
               '<value>true</value></prop></item>\n</oor:items>')
    monkeypatch.setattr(libreoffice, "_PDF_PROFILE_XCU", libreoffice._PDF_PROFILE_XCU.replace("</oor:items>", unknown))
    plan, result = _reports("second", tmp_path / "out")
    pdf = libreoffice.convert(result.public, "pdf", tmp_path / "pdf")
    info = _info(pdf)
    assert int(info["Pages"]) >= 7 and info["Title"] == TITLES["second"]["public"]
    assert info["Tagged"] == "yes" and _catalog_language(pdf) == ["ja-JP"]  # the settings it knows still apply
