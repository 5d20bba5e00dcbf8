"""A section's return saved by Excel (or another program) in a variant of the format the section chief takes for
「an Excel file」: 「Strict Open XML スプレッドシート」, a macro-enabled workbook, a template, an Excel binary workbook,
an export of Google スプレッドシート or Numbers, a save that drops the custom document properties. Each is read value
for value, or named precisely with what to do — never misread, never 「壊れたファイル」 or 「別のブック」."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import identify, read_returns
from reform_xlsx.intake.limits import Limits
from reform_xlsx.records import FileStatus

SECTION = "観光課"


@pytest.fixture(scope="module")
def good(plan, tmp_path_factory) -> Path:
    return craft.filled(plan, 2026, SECTION, tmp_path_factory.mktemp("saved-as"))


def xlsb_bytes(source: Path) -> bytes:
    """The form saved by Excel as 「Excel バイナリ ブック (*.xlsb)」: the workbook and its sheets binary (xl/workbook.bin
    …), the document properties — the custom ones that say whose file it is among them — still XML parts, as Excel
    writes them in every package."""
    with zipfile.ZipFile(source) as zf:
        props = {name: zf.read(name) for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")}
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    return craft.zip_bytes({
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
                               b'openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType='
                               b'"application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" '
                               b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override '
                               b'PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
                               b'officedocument.custom-properties+xml"/></Types>',
        "_rels/.rels": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rel +
                        'officeDocument" Target="xl/workbook.bin"/><Relationship Id="rId4" Type="' + rel +
                        'custom-properties" Target="docProps/custom.xml"/></Relationships>').encode(),
        "xl/workbook.bin": b"\x83\x01\x00\x80\x01\x00" * 20, "xl/_rels/workbook.bin.rels": b"<Relationships/>",
        "xl/worksheets/sheet1.bin": b"\x81\x01\x00" * 50, "xl/styles.bin": b"\x96\x02\x00", **props})


@pytest.mark.parametrize("name", ["観光課.xlsb", "観光課.xlsx"])
def test_an_excel_binary_workbook_is_its_sections_to_save_again(plan, good, tmp_path, name):
    """An .xlsb is not read (F002: save it as .xlsx), but its custom document properties are the form's, in the same
    XML part as in an .xlsx: it is the section's file, sent back (差し戻し: status asks for it again), not a file of no
    one's that leaves the section 未提出 and reminded that nothing came — as for an .ods or an .xls."""
    (tmp_path / name).write_bytes(xlsb_bytes(good))
    (result,) = read_returns([tmp_path], plan, 2026)
    assert (result.real_format, [p.code for p in result.problems], result.section, result.year, result.status) == \
        ("xlsb", ["F002"], SECTION, 2026, FileStatus.REJECTED)
    assert "Excel バイナリブック（.xlsb）" in result.problems[0].message
    assert "「Excel ブック (*.xlsx)」形式で保存し直して" in result.problems[0].message


def test_an_excel_binary_workbook_of_too_many_parts_is_not_searched_for_whose_it_is(plan, good, tmp_path):
    """No check counts an .xlsb's parts before its properties are looked for: past the cap they are not (F009's
    guard, as for an .ods)."""
    with zipfile.ZipFile(io.BytesIO(xlsb_bytes(good))) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members |= {f"x/{n}.bin": b"" for n in range(Limits().max_members)}
    (tmp_path / "観光課.xlsb").write_bytes(craft.zip_bytes(members))
    (result,) = read_returns([tmp_path], plan, 2026)
    assert (result.real_format, [p.code for p in result.problems], result.section, result.status) == \
        ("xlsb", ["F002"], None, FileStatus.SKIPPED)


def _busy(plan, folder: Path) -> Path:
    """市民課's form filled as a hurried section leaves it: a 年度目標値 pasted with its 「※」 format as 実績値 (V028), a
    rate typed as a percentage, dates and a time typed into text cells (read as they show) and into 財政効果額 (V024),
    a date in 和暦, 進捗状況 merged over two rows (S014), a picture placed in a cell (V027)."""
    import datetime as dt

    path = craft.filled(plan, 2026, "市民課", folder)
    items = [i.id for i in plan.items_for("市民課")]
    kpis = [k.id for k in plan.kpis_for("市民課")]

    def change(wb):
        def put(sheet: str, row_id: str, label: str, value, fmt: str) -> None:
            cell = wb[sheet][craft.cell_of(wb, sheet, row_id, label)]
            cell.value, cell.number_format = value, fmt

        target = wb[layout.SHEET_KPI][craft.cell_of(wb, layout.SHEET_KPI, kpis[0], layout.kpi_label("year_target"))]
        put(layout.SHEET_KPI, kpis[0], "実績値", target.value, target.number_format)
        put(layout.SHEET_KPI, kpis[1], "実績値", 0.825, "0.0%")
        put(layout.SHEET_ITEMS, items[0], "取組実績", dt.datetime(2027, 4, 1), 'm"月"d"日"')
        put(layout.SHEET_ITEMS, items[1], "取組実績", dt.time(12, 30), "h:mm")
        put(layout.SHEET_ITEMS, items[2], "取組実績", dt.datetime(2027, 3, 31, 9, 15), "yyyy/m/d h:mm")
        put(layout.SHEET_ITEMS, items[3], "取組実績", dt.datetime(2027, 3, 31), 'ggge"年"m"月"d"日"')
        put(layout.SHEET_ITEMS, items[2], "財政効果額（円）", dt.datetime(2026, 1, 2), 'm"月"d"日"')
        ws = wb[layout.SHEET_ITEMS]
        ws.protection.sheet = False
        top = craft.cell_of(wb, layout.SHEET_ITEMS, items[0], "進捗状況")
        ws[craft.cell_of(wb, layout.SHEET_ITEMS, items[1], "進捗状況")].value = None
        ws.merge_cells(f"{top}:{craft.cell_of(wb, layout.SHEET_ITEMS, items[1], '進捗状況')}")

    edited = craft.edit(path, folder / "edited.xlsx", change)
    picture = craft.cell_of(openpyxl.load_workbook(edited), layout.SHEET_ITEMS, items[3], "課題・今後の方針")
    return craft.rich_cells(edited, folder / "市民課_記入.xlsx", {(layout.SHEET_ITEMS, picture): "picture"})


def _as_read(result) -> tuple:
    return (result.status, result.section, result.year, result.template_id, result.plan_version, result.saved_at,
            [(p.code, p.severity, p.sheet, p.cell, p.row_id, p.message) for p in result.problems],
            [(a.sheet, a.id, a.field, a.value, a.raw) for a in result.answers])


def test_a_form_saved_as_strict_open_xml_is_read_value_for_value(plan, tmp_path):
    """Excel's 「Strict Open XML スプレッドシート (*.xlsx)」 writes the same .xlsx with every namespace and relationship
    type the ISO/IEC 29500 Strict one, and dates as ISO 8601 text (``t="d"``). Its custom properties and hidden
    「_meta」 say whose it is, its styles which cells show a percentage, a 「※」 or a date, its sheets the merged cells
    and the rich value: it is read exactly as the same form saved as a normal 「Excel ブック」."""
    normal = _busy(plan, tmp_path)
    saved = craft.strict(normal, tmp_path / "市民課_Strict.xlsx")
    with zipfile.ZipFile(saved) as zf:
        xml = {name: zf.read(name) for name in zf.namelist() if name.endswith((".xml", ".rels"))}
    assert b'conformance="strict"' in xml["xl/workbook.xml"]
    assert not [name for name, body in xml.items() if b"schemas.openxmlformats.org/spreadsheetml" in body
                or b"schemas.openxmlformats.org/officeDocument" in body]
    assert b"purl.oclc.org/ooxml/officeDocument/customProperties" in xml["docProps/custom.xml"]
    assert sum(body.count(b't="d"') for name, body in xml.items() if "worksheets/" in name) == 5
    (as_excel,), (as_strict,) = read_returns([normal], plan, 2026), read_returns([saved], plan, 2026)
    assert _as_read(as_strict) == _as_read(as_excel)
    assert (as_strict.status, as_strict.section) == (FileStatus.REJECTED, "市民課")
    assert {p.code for p in as_strict.problems} == {"V028", "V024", "S014", "V027"}
    texts = {(a.id, a.field): a.value for a in as_strict.answers}
    items = [i.id for i in plan.items_for("市民課")]
    assert [texts[(i, "result")] for i in items[:4]] == ["4月1日", "12:30", "2027年3月31日 9:15", "令和9年3月31日"]
    assert texts[(plan.kpis_for("市民課")[1].id, "actual")] == pytest.approx(0.825)


_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _edited(source: Path, target: Path, edits: dict, drop: tuple[str, ...] = (), add: dict | None = None) -> Path:
    """A copy of the zip ``source`` with parts edited (name → function of its bytes), dropped and added."""
    with zipfile.ZipFile(source) as zf:
        members = {name: zf.read(name) for name in zf.namelist() if name not in drop}
    for name, edit in edits.items():
        members[name] = edit(members[name])
    target.write_bytes(craft.zip_bytes(members | (add or {})))
    return target


def macro_enabled(source: Path, target: Path, main: bytes = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
                  ) -> Path:
    """Saved as 「Excel マクロ有効ブック (*.xlsm)」 (or, with its content type, a macro-enabled template .xltm): the
    same parts and a VBA project."""
    return _edited(source, target, {
        "[Content_Types].xml": lambda xml: xml.replace(_MAIN, main).replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type='
            b'"http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
            b"</Relationships>")}, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)})


def template_saved(source: Path, target: Path) -> Path:
    """Saved as 「Excel テンプレート (*.xltx)」: only the workbook's content type differs."""
    return _edited(source, target, {"[Content_Types].xml": lambda xml: xml.replace(
        _MAIN, b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml")})


def without_custom_properties(source: Path, target: Path) -> Path:
    """Saved by a program that keeps no custom document properties (WPS Office, a web editor): the hidden
    「_meta」 sheet still says whose it is."""
    return _edited(source, target, {
        "[Content_Types].xml": lambda xml: re.sub(rb'<Override PartName="/docProps/custom.xml"[^>]*/>', b"", xml),
        "_rels/.rels": lambda xml: re.sub(rb"<Relationship [^>]*custom-properties[^>]*/>", b"", xml)},
        drop=("docProps/custom.xml",))


def exported_from_the_web(source: Path, target: Path) -> Path:
    """Exported as Google スプレッドシート exports a sheet: no document properties at all, every text an inline string
    (no shared strings part); hidden sheets stay hidden."""
    with zipfile.ZipFile(source) as zf:
        shared = zf.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in zf.namelist() else b""
        sheets = [name for name in zf.namelist() if name.startswith("xl/worksheets/sheet")]
    strings = [re.sub(rb"<[^>]+>", b"", si) for si in re.findall(rb"<si>(.*?)</si>", shared, re.S)]

    def inline(xml: bytes) -> bytes:
        return re.sub(rb'<c([^>]*?) t="s"([^>]*)><v>(\d+)</v></c>', lambda m: b"<c" + m[1] + b' t="inlineStr"' + m[2]
                      + b'><is><t xml:space="preserve">' + strings[int(m[3])] + b"</t></is></c>", xml)

    return _edited(source, target, {
        **{name: inline for name in sheets},
        "[Content_Types].xml": lambda xml: re.sub(rb'<Override PartName="/(?:docProps/[^"]+|xl/sharedStrings.xml)"'
                                                  rb"[^>]*/>", b"", xml),
        "_rels/.rels": lambda xml: re.sub(rb'<Relationship [^>]*Target="/?docProps/[^"]*"[^>]*/>', b"", xml),
        "xl/_rels/workbook.xml.rels": lambda xml: re.sub(rb"<Relationship [^>]*sharedStrings[^>]*/>", b"", xml)},
        drop=("docProps/custom.xml", "docProps/core.xml", "docProps/app.xml", "xl/sharedStrings.xml"))


def test_the_web_export_has_no_properties_and_inline_strings(good, tmp_path):
    exported = exported_from_the_web(good, tmp_path / "web.xlsx")
    with zipfile.ZipFile(exported) as zf:
        names = zf.namelist()
        sheets = b"".join(zf.read(n) for n in names if n.startswith("xl/worksheets/"))
    assert not [n for n in names if n.startswith("docProps/") or n == "xl/sharedStrings.xml"]
    assert b't="inlineStr"' in sheets and b't="s"' not in sheets


@pytest.mark.parametrize("name, save, real_format", [
    ("観光課.xlsm", macro_enabled, "xlsm"),
    ("観光課.xltm", lambda s, t: macro_enabled(s, t, b"application/vnd.ms-excel.template.macroEnabled.main+xml"), "xlsm"),
    ("観光課.xltx", template_saved, "xlsx"),
    ("観光課_WPS.xlsx", without_custom_properties, "xlsx"),
    ("観光課_web.xlsx", exported_from_the_web, "xlsx"),
    ("観光課_Strict_WPS.xlsx", lambda s, t: craft.strict(without_custom_properties(s, t.with_suffix(".tmp")), t), "xlsx"),
])
def test_the_same_form_saved_otherwise_is_read_value_for_value(plan, good, tmp_path, name, save, real_format):
    """A macro-enabled book or template (its VBA never run), a template, a save without custom properties, a web
    export with inline strings: the form's sheets and its hidden 「_meta」 are all there, so it is accepted with every
    answer as sent — no message to ask anything of the section."""
    (expected,) = read_returns([good], plan, 2026)
    folder = tmp_path / "inbox"
    folder.mkdir()
    save(good, folder / name)
    (result,) = [r for r in read_returns([folder], plan, 2026) if r.name == name]
    assert (result.real_format, result.status, result.section, result.problems) == \
        (real_format, FileStatus.ACCEPTED, SECTION, [])
    assert [(a.sheet, a.id, a.field, a.value, a.raw) for a in result.answers] == \
        [(a.sheet, a.id, a.field, a.value, a.raw) for a in expected.answers]


def without_meta_sheet(source: Path, target: Path) -> Path:
    """The hidden 「_meta」 sheet gone too (its entry in the workbook, its relationship and its part), as Numbers saves
    a book it opened (its sheets are all shown, the custom properties dropped) or as the form's sheets moved into a new
    book leave it."""
    with zipfile.ZipFile(source) as zf:
        workbook, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
    entry = re.search(rb'<sheet [^>]*name="' + layout.SHEET_META.encode() + rb'"[^>]*/>', workbook)[0]
    rid = re.search(rb'r:id="([^"]+)"', entry)[1]
    relationship = re.search(rb'<Relationship [^>]*Id="' + rid + rb'"[^>]*/>', rels)[0]
    part = "xl/" + re.search(rb'Target="/?(?:xl/)?([^"]+)"', relationship)[1].decode()
    return _edited(without_custom_properties(source, target.with_suffix(".tmp")), target, {
        "xl/workbook.xml": lambda xml: xml.replace(entry, b""),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(relationship, b"")}, drop=(part,))


@pytest.mark.parametrize("save", [without_meta_sheet, lambda s, t: exported_from_the_web(without_meta_sheet(
    s, t.with_suffix(".tmp2")), t)])
def test_a_form_that_lost_its_record_is_its_sections_to_save_in_excel(plan, good, tmp_path, save):
    """Opened and saved in a program that keeps neither the custom properties nor the hidden 「_meta」 (Numbers, a web
    editor), the form's sheets are all there but nothing says whose it is: it was M001 「配布した調査票ではない…別の
    ブックに写した場合は」, a file of no one's (観光課 未提出, reminded that it sent nothing). Now F036 names what
    happened and what to do, and the titles of its sheets (「令和8年度 取組状況　観光課」) say whose it is: sent back
    (差し戻し) with what it sent read for the 差し戻し copy — never accepted on the title's word."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    save(good, folder / "観光課.xlsx")
    (expected,) = read_returns([good], plan, 2026)
    (result,) = [r for r in read_returns([folder], plan, 2026) if r.name == "観光課.xlsx"]
    assert ([p.code for p in result.problems], result.status, result.section, result.year) == \
        (["F036"], FileStatus.REJECTED, SECTION, 2026)
    message = result.problems[0].message
    assert "Numbers" in message and "Google スプレッドシート" in message and "「Excel ブック (*.xlsx)」" in message
    assert "観光課の令和8年度の調査票" in message and "別のブックに写した場合" not in message
    assert [(a.id, a.field, a.value) for a in result.answers] == [(a.id, a.field, a.value) for a in expected.answers]


def _sheets(items_title: str | None, kpi_title: str | None = None, header: bool = True) -> dict:
    """The rows a reader finds on the data sheets: a title (None: no such sheet), the note, the header row."""
    def rows(title: str, id_label: str, answer: str) -> list[list[object]]:
        return [[title, ""], ["", ""], ["黄色のセルに…", ""], [id_label if header else "番号", "改革項目", answer],
                ["1-1-1", "…"]]
    found = {}
    if items_title is not None:
        found[layout.SHEET_ITEMS] = {"rows": rows(items_title, layout.ID_LABEL_ITEMS, layout.item_label("grade"))}
    if kpi_title is not None:
        found[layout.SHEET_KPI] = {"rows": rows(kpi_title, layout.ID_LABEL_KPI, layout.kpi_label("actual"))}
    return found


# Sheets of the office's own books that share a data sheet's name or its ID column, but hold no answer column: the plan
# master's 「KPI」 (KPI ID, 項目ID, 指標名 …), the meeting book's 「KPI達成状況」 (its 実績値 headed with the year).
_MASTER_KPI = {layout.SHEET_KPI: {"rows": [["KPI（計画の指標）"], [], [layout.ID_LABEL_KPI, "項目ID", "指標名", "種類", "単位",
                                                                      "基準値", "目標値", "報告課"], ["K01", "1-1-1"]]}}
_MEETING_KPI = {"KPI達成状況": {"rows": [["KPI達成状況（令和8年度）"], [], [layout.ID_LABEL_KPI, "項目ID", "指標名", "単位",
                                                                        "基準値\n令和6年度", "実績値\n令和8年度", "進捗率"],
                                        ["K01", "1-1-1"]]}}


@pytest.mark.parametrize("sheets, expected", [
    (_sheets("令和8年度 取組状況\u3000観光課"), ("観光課", 2026, ["F036"])),
    (_sheets("令和8年度 取組状況\u3000観光課", "令和8年度 KPI（重要業績評価指標）\u3000観光課"), ("観光課", 2026, ["F036"])),
    (_sheets("令和８年度\u3000取組状況\u3000観光課"), ("観光課", 2026, ["F036"])),  # full-width, as a program may retype
    (_sheets(None, "令和8年度 KPI（重要業績評価指標）\u3000市民課"), ("市民課", 2026, ["F036"])),
    (_sheets("令和7年度 取組状況\u3000観光課"), ("観光課", 2025, ["F036", "M004"])),  # last year's form
    (_sheets("令和8年度 取組状況\u3000観光課", "令和8年度 KPI（重要業績評価指標）\u3000市民課"), (None, None, ["F036"])),
    (_sheets("令和8年度 取組状況\u3000観光部"), (None, None, ["F036"])),  # no section of the plan
    (_sheets("取組状況"), (None, None, ["F036"])),  # the title typed over
    (_sheets("令和8年度 取組状況"), (None, None, ["F036"])),
    (_sheets("令和8年度 取組状況\u3000観光課", header=False), None),  # not the form's table: M001 says the rest
    ({}, None),
    (_MASTER_KPI, None),  # no form's sheet: M001 (it said 「シート「KPI」は配布した調査票のもの」)
    (_MEETING_KPI, None),
])
def test_whose_a_form_that_lost_its_record_is_from_its_titles(plan, sheets, expected):
    found = identify.lost_record(sheets, plan, 2026, "f.xlsx", {layout.SHEET_KPI: ["KPI達成状況"]})
    if expected is None:
        assert found is None
        return
    who, problems = found
    assert (who.section, who.year, [p.code for p in problems]) == expected
    assert who.known == (expected[0] is not None)
    assert ("差し戻しの写しに写しました" in problems[0].message) == (expected[:2] == ("観光課", 2026) or
                                                                   expected[:2] == ("市民課", 2026))


@pytest.mark.parametrize("moves, now, title, expected", [
    ([(2026, "税務課", "収納課")], ["収納課"], "税務課", ("収納課", "収納課（旧課名 税務課）")),  # renamed
    ([(2026, "税務課", "収納課"), (2026, "市民課", "収納課")], ["収納課"], "税務課",
     ("収納課", "収納課（旧課名 税務課）")),  # merged
    ([(2026, "税務課", "収納課"), (2027, "収納課", "納税課")], ["納税課"], "税　務　課",
     ("納税課", "納税課（旧課名 税務課）")),  # renamed twice, the title retyped with spaces
    ([(2026, "税務課", "収納課"), (2026, "税務課", "納税課")], ["収納課", "納税課"], "税務課", (None, None)),  # split
])
def test_a_form_that_lost_its_record_under_a_former_section_name_is_the_section_it_became(plan, moves, now, title,
                                                                                         expected):
    """The title names 税務課, which a 組織改正 has since renamed: the form was said to be no one's (「シートの見出しから
    は…」 left out, the section counted 未提出 and sent a 督促)."""
    import dataclasses

    from reform_xlsx.plan.model import SectionMove

    gone = {m[1] for m in moves}
    renamed = dataclasses.replace(plan, moves=tuple(SectionMove(*m) for m in moves),
                                  sections=tuple(s for s in plan.sections if s not in gone) + tuple(now))
    who, problems = identify.lost_record(_sheets(f"令和8年度 取組状況\u3000{title}"), renamed, 2026, "f.xlsx")
    assert who.section == expected[0]
    assert [p.code for p in problems] == ["F036"]
    if expected[1]:
        assert f"シートの見出しからは{expected[1]}の令和8年度の調査票と見られるので" in problems[0].message
    else:
        assert "シートの見出しからは" not in problems[0].message


def test_data_sheet_titles_read_back(plan):
    for sheet in (layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES):
        for section in plan.sections:
            assert layout.title_year_section(sheet, layout.data_sheet_title(2027, sheet, section)) == \
                (2027, layout.normalise_label(section))
    assert layout.title_year_section(layout.SHEET_KPI, layout.data_sheet_title(2026, layout.SHEET_ITEMS, "観光課")) is None


def test_a_form_that_lost_its_record_and_its_title_is_no_ones(plan, good, tmp_path):
    """Without the titles too, nothing says whose it is: still F036 (what happened, what to do), a file of no one's."""
    def retitle(wb):
        for name in {layout.SHEET_ITEMS, layout.SHEET_KPI} & set(wb.sheetnames):
            wb[name]["A1"].value = "調査票"

    folder = tmp_path / "inbox"
    folder.mkdir()
    without_meta_sheet(craft.edit(good, tmp_path / "retitled.xlsx", retitle), folder / "調査票.xlsx")
    (result,) = [r for r in read_returns([folder], plan, 2026) if r.name == "調査票.xlsx"]
    assert ([p.code for p in result.problems], result.status, result.section, result.answers) == \
        (["F036"], FileStatus.SKIPPED, None, [])
    assert "配布した調査票を Excel か LibreOffice Calc で開いて記入し" in result.problems[0].message


def test_a_form_that_lost_its_record_and_whose_sheets_were_renamed_is_still_its_sections(plan, good, tmp_path):
    """A program that names each sheet after its table (「取組状況 - 表 1」): the renamed sheet is read (S012), and its
    title still says whose the form is."""
    def rename(wb):
        wb[layout.SHEET_ITEMS].title = f"{layout.SHEET_ITEMS} - 表 1"

    folder = tmp_path / "inbox"
    folder.mkdir()
    without_meta_sheet(craft.edit(good, tmp_path / "renamed.xlsx", rename), folder / "観光課.xlsx")
    (result,) = [r for r in read_returns([folder], plan, 2026) if r.name == "観光課.xlsx"]
    assert (result.status, result.section, result.problems[0].code) == (FileStatus.REJECTED, SECTION, "F036")
    assert "シート「取組状況 - 表 1」は配布した調査票のものですが" in result.problems[0].message
    assert {a.value for a in result.answers if a.field == "grade"} == {"A"}


def test_the_plan_masters_sheets_in_a_new_book_are_no_form_that_lost_its_record(plan, tmp_path):
    """The plan master's sheets moved into a new book (its 「_meta」 left behind) and put in the inbox: its 「KPI」 sheet
    has the form's KPI ID column but none of the form's answers — M001 (not our form), never F036's 「シート「KPI」は配布した
    調査票のものですが」."""
    from reform_xlsx.plan.master_export import write_master

    master = openpyxl.load_workbook(write_master(plan, tmp_path / "計画.xlsx"))
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in master.sheetnames:
        if name != layout.SHEET_META:
            copy = book.create_sheet(name)
            for row in master[name].iter_rows():
                for cell in row:
                    copy[cell.coordinate] = cell.value
    folder = tmp_path / "inbox"
    folder.mkdir()
    book.save(folder / "計画.xlsx")
    (result,) = read_returns([folder], plan, 2026)
    assert ([p.code for p in result.problems], result.status, result.section) == (["M001"], FileStatus.SKIPPED, None)


def test_a_former_sections_form_that_lost_its_record_is_read_for_the_section_it_became(plan, tmp_path):
    """税務課's form, saved by a program that dropped its record, arrives after a revision renamed 税務課 → 収納課: it is
    収納課's, sent back with what it sent read for the 差し戻し copy (it was a file of no one's: 収納課 未提出)."""
    import yaml

    from reform_xlsx.plan.loading import bundled_plan_text, load_plan

    data = yaml.safe_load(bundled_plan_text())
    data["plan"]["version"] = "2026-09"
    data["reorganisations"] = [{"year": "R8", "from": "税務課", "to": "収納課"}]
    data["sections"] = ["収納課" if s == "税務課" else s for s in data["sections"]]
    for item in (i for a in data["areas"] for c in a["categories"] for i in c["items"]):
        item["sections"] = ["収納課" if s == "税務課" else s for s in item["sections"]]
    for kpi in data["kpis"]:
        kpi["owner"] = "収納課" if kpi["owner"] == "税務課" else kpi["owner"]
    (tmp_path / "renamed.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    renamed, _ = load_plan(tmp_path / "renamed.yaml")
    form = craft.filled(plan, 2026, "税務課", tmp_path, "zeimu.xlsx")
    folder = tmp_path / "inbox"
    folder.mkdir()
    without_meta_sheet(form, folder / "税務課.xlsx")
    (expected,) = read_returns([form], plan, 2026)
    (result,) = [r for r in read_returns([folder], renamed, 2026) if r.name == "税務課.xlsx"]
    assert ([p.code for p in result.problems], result.status, result.section, result.year) == \
        (["F036"], FileStatus.REJECTED, "収納課", 2026)
    assert "収納課（旧課名 税務課）の令和8年度の調査票と見られるので" in result.problems[0].message
    assert sorted((a.id, a.field, a.value) for a in result.answers) == \
        sorted((a.id, a.field, a.value) for a in expected.answers)
