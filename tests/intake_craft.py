"""Build the returned files the intake tests read: real templates, filled and then broken.

Templates come from the real writer (:func:`reform_xlsx.templates.write_template`) and are
filled with :func:`reform_xlsx.templates.fill.fill_template` (openpyxl), then edited with openpyxl or
at the zip level. OLE2 files (.xls, encrypted .xlsx) are written by :func:`cfb`, a minimal
compound-file writer (olefile only reads).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.plan.model import Plan
from reform_xlsx.templates import write_template
from reform_xlsx.templates.fill import fill_template


def template(plan: Plan, year: int, section: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_template(plan, year, section, folder / outputs.template(plan.words, year, section))


RESPONDENT = {"担当者": "山田 花子", "内線": "1234", "メール": "yamada@example.jp"}  # the 回答者欄, filled


def valid_answers(plan: Plan, section: str) -> dict:
    """Answers that pass every check: {sheet: {ID: {label: value}}}."""
    items = {i.id: {"進捗状況": "A 計画どおり", "取組実績": f"{i.id} を実施した。", "課題・今後の方針": "継続する。",
                    "財政効果額（円）": 100000} for i in plan.items_for(section)}
    items[layout.RESPONDENT_ID] = dict(RESPONDENT)
    answers = {layout.SHEET_ITEMS: items}
    kpis = plan.kpis_for(section)
    if kpis:
        answers[layout.SHEET_KPI] = {
            k.id: {"実績値": 0.3 if k.is_rate else int(k.baseline), "算出根拠・備考": "集計による"} for k in kpis}
    return answers


def filled(plan: Plan, year: int, section: str, folder: Path, name: str | None = None,
           changes: dict | None = None) -> Path:
    """A template with every input filled validly, then ``changes`` ({sheet: {ID: {label: value}}})."""
    source = template(plan, year, section, folder / "_templates")
    answers = valid_answers(plan, section)
    for sheet, rows in (changes or {}).items():
        for row_id, values in rows.items():
            answers.setdefault(sheet, {}).setdefault(row_id, {}).update(values)
    return fill_template(source, answers, folder / (name or f"{section}.xlsx"))


def cells_of(path: Path, plan: Plan, section: str, where: dict[str, tuple[str, int, str]]) -> dict[str, str]:
    """The A1 addresses in the workbook ``path`` of ``where``: {name: (sheet, the n-th row of the section's items or
    KPIs on it, header label)}."""
    wb = openpyxl.load_workbook(path)
    rows = {layout.SHEET_ITEMS: plan.items_for(section), layout.SHEET_KPI: plan.kpis_for(section)}
    return {name: cell_of(wb, sheet, rows[sheet][n].id, label) for name, (sheet, n, label) in where.items()}


def edit(path: Path, target: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """Open ``path`` with openpyxl, apply ``change``, save as ``target``."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(target)
    return target


def set_meta(wb: openpyxl.Workbook, key: str, value: str | None, *, properties: bool = True,
             sheet: bool = True) -> None:
    """Change (or with None remove) a metadata key in the custom properties and/or the _meta sheet."""
    if properties:
        props = wb.custom_doc_props
        for prop in list(props.props):
            if prop.name == key:
                if value is None:
                    props.props.remove(prop)
                else:
                    prop.value = value
    if sheet:
        for row in wb[layout.SHEET_META].iter_rows():
            if row[0].value == key:
                if value is None:
                    row[0].value = row[1].value = None
                else:
                    row[1].value = value


def cell_of(wb: openpyxl.Workbook, sheet: str, row_id: str, label: str) -> str:
    """A1 address of a row's cell under a header label (found like the reader does)."""
    from reform_xlsx.templates.fill import cell_map

    id_label = layout.ID_LABEL_KPI if sheet == layout.SHEET_KPI else layout.ID_LABEL_ITEMS
    return cell_map(wb[sheet], id_label)[(row_id, layout.normalise_label(label))]


def rezip(source: Path, target: Path, replace: dict[str, bytes | Callable[[bytes], bytes]]) -> Path:
    """Copy a zip, replacing some members' bytes (or transforming them)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in replace:
                new = replace[info.filename]
                data = new(data) if callable(new) else new
            zout.writestr(info.filename, data)
    return target


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def saved_at(source: Path, target: Path, when: str) -> Path:
    """Copy a workbook with its own last-saved time (docProps/core.xml, as Excel writes it: ``2026-12-04T09:00:00Z``)."""
    return rezip(source, target, {"docProps/core.xml": lambda data: _MODIFIED.sub(
        lambda m: m.group(1) + when.encode() + m.group(2), data)})


def shared_string(source: Path, target: Path, sheet: str, cell: str, si_body: str) -> Path:
    """Copy a workbook openpyxl wrote (its text in inline strings, no shared strings part), the text of ``cell``
    on ``sheet`` moved to a shared strings part as Excel keeps it: ``<si>{si_body}</si>`` (runs, furigana …)."""
    part = sheet_part(source, sheet)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    shared = f'<sst xmlns="{ns}" count="1" uniqueCount="1"><si>{si_body}</si></sst>'.encode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

    def to_shared(xml: bytes) -> bytes:
        start = xml.index(f'<c r="{cell}"'.encode())
        end = xml.index(b"</c>", start) + len(b"</c>")
        style = re.search(rb'\ss="\d+"', xml[start:end])
        return xml[:start] + f'<c r="{cell}"'.encode() + (b" " + style[0] if style else b"") + \
            b' t="s"><v>0</v></c>' + xml[end:]

    rezip(source, target, {
        part: to_shared,
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
            b"</Relationships>", f'<Relationship Type="{relation}" Target="sharedStrings.xml" Id="rIdShared"/>'
                                 f"</Relationships>".encode()),
        "[Content_Types].xml": lambda xml: xml.replace(
            b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'.encode()),
    })
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf:
        assert "xl/sharedStrings.xml" not in zf.namelist()
        zf.writestr("xl/sharedStrings.xml", shared)
    return target


_PLACEHOLDER_FORMAT = re.compile(rb'<numFmt numFmtId="(\d+)" formatCode="&quot;BUILTIN(\d+)&quot;0"\s*/>')


def builtin_formats(source: Path, target: Path, cells: dict[tuple[str, str], tuple[object, int | str]]) -> Path:
    """Copy a workbook with ``cells`` ({(sheet, A1): (value, numFmtId)}) holding each value under a built-in number
    format written by its id alone, with no ``<numFmt>`` naming its code (a format code instead of an id: written with
    its ``<numFmt>``) — as Japanese Excel writes its 和暦 and 年月日 dates (27–36, 50–58), and may write its ¥ and
    accounting formats (5–8, 41–44): ECMA-376 Part 1 §18.8.30.
    openpyxl writes a code it does not know as its own format (164 …): each cell gets a placeholder code, then the
    styles part has the built-in id in its place and no such ``<numFmt>``. A date is given as its serial (46113 for
    2026-04-01), as Excel stores it."""
    def change(wb: openpyxl.Workbook) -> None:
        for (sheet, ref), (value, number_format) in cells.items():
            wb[sheet][ref].value = value
            wb[sheet][ref].number_format = number_format if isinstance(number_format, str) \
                else f'"BUILTIN{number_format}"0'

    def by_id(styles: bytes) -> bytes:
        ids = {m[1]: m[2] for m in _PLACEHOLDER_FORMAT.finditer(styles)}
        styles = _PLACEHOLDER_FORMAT.sub(b"", styles)
        return re.sub(rb'numFmtId="(\d+)"', lambda m: b'numFmtId="' + ids.get(m[1], m[1]) + b'"', styles)

    edited = edit(source, target.with_name(target.stem + "_openpyxl.xlsx"), change)
    rezip(edited, target, {"xl/styles.xml": by_id})
    edited.unlink()
    return target


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member holding a sheet."""
    from reform_xlsx.intake import parts

    with zipfile.ZipFile(path) as zf:
        sheets = parts.sheet_parts(zf.read(parts.WORKBOOK_PART), zf.read(parts.WORKBOOK_RELS))
    return next(part for name, part, _state in sheets if name == sheet)


# --- Excel 365 rich values in cells: a picture placed in a cell, a data type ---------------------------------
RICH_NS = "http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"
# the structure Excel 365 writes for each kind of rich value (rdrichvaluestructure.xml), its keys and a value for each
RICH_STRUCTURES = {
    "picture": ('_localImage', [("_rvRel:LocalImageIdentifier", "i", "0"), ("CalcOrigin", "i", "5")]),
    "web_picture": ('_webimage', [("WebImageIdentifier", "i", "0"), ("CalcOrigin", "i", "1"), ("ComputedImage", "b", "1")]),
    "data_type": ('_linkedEntity2', [("%EntityServiceId", "i", "268435456"), ("_DisplayString", "s", "トヨタ自動車"),
                                     ("%EntityId", "s", "a1b2"), ("%IsRefreshable", "b", "1")]),
    "entity": ('_entity', [("_DisplayString", "s", "二本松市"), ("人口", "r", "52000")]),
    "error": ('_error', [("errorType", "i", "8"), ("subType", "i", "1")]),
}
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def png_bytes() -> bytes:
    """A 1×1 PNG picture."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def rich_cells(source: Path, target: Path, cells: dict[tuple[str, str], str], *, cell_xml: str = '<v>#VALUE!</v>',
               cell_type: str | None = "e", replace: dict[str, bytes] | None = None) -> Path:
    """Copy a workbook with rich values placed in ``cells`` ({(sheet, A1): kind of :data:`RICH_STRUCTURES`}) as
    Excel 365 saves them (and xlsxwriter's ``embed_image``): the cell ``<c r="B2" t="e" vm="1"><v>#VALUE!</v></c>``
    (``vm`` 1-based), xl/metadata.xml (an XLRICHVALUE value metadata record per cell, its futureMetadata ``rvb``
    naming the rich value), xl/richData/rdrichvalue.xml and rdrichvaluestructure.xml, richValueRel.xml and its
    relationship to the picture in xl/media/. ``replace``: parts to write instead of the ones made here."""
    kinds = list(dict.fromkeys(cells.values()))
    structures = "".join(f'<s t="{RICH_STRUCTURES[k][0]}">' + "".join(f'<k n="{n}" t="{t}"/>' for n, t, _v in
                                                                        RICH_STRUCTURES[k][1]) + "</s>" for k in kinds)
    values = "".join(f'<rv s="{kinds.index(k)}">' + "".join(f"<v>{v}</v>" for _n, _t, v in RICH_STRUCTURES[k][1])
                     + "</rv>" for k in cells.values())
    future = "".join(f'<bk><extLst><ext uri="{{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}}"><xlrd:rvb i="{i}"/></ext>'
                     "</extLst></bk>" for i in range(len(cells)))
    metadata = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata '
                f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="{RICH_NS}">'
                '<metadataTypes count="1"><metadataType name="XLRICHVALUE" minSupportedVersion="120000" copy="1" '
                'pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" '
                'clearComments="1" assign="1" coerce="1"/></metadataTypes>'
                f'<futureMetadata name="XLRICHVALUE" count="{len(cells)}">{future}</futureMetadata>'
                f'<valueMetadata count="{len(cells)}">'
                + "".join(f'<bk><rc t="1" v="{i}"/></bk>' for i in range(len(cells))) + "</valueMetadata></metadata>")
    new = {
        "xl/metadata.xml": metadata.encode(),
        "xl/richData/rdrichvalue.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<rvData '
                                       f'xmlns="{RICH_NS}" count="{len(cells)}">{values}</rvData>'.encode(),
        "xl/richData/rdrichvaluestructure.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                                f'<rvStructures xmlns="{RICH_NS}" count="{len(kinds)}">{structures}'
                                                "</rvStructures>".encode(),
        "xl/richData/richValueRel.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<richValueRels '
                                        b'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2022/richvaluerel" '
                                        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                                        b'<rel r:id="rId1"/></richValueRels>',
        "xl/richData/_rels/richValueRel.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{_IMAGE_REL}" Target="../media/image1.png"/></Relationships>').encode(),
        "xl/media/image1.png": png_bytes(),
    } | (replace or {})
    types = {"xl/metadata.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml",
             "xl/richData/rdrichvalue.xml": "application/vnd.ms-excel.rdrichvalue+xml",
             "xl/richData/rdrichvaluestructure.xml": "application/vnd.ms-excel.rdrichvaluestructure+xml",
             "xl/richData/richValueRel.xml": "application/vnd.ms-excel.richvaluerel+xml"}
    relations = {"metadata.xml": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata",
                 "richData/richValueRel.xml": "http://schemas.microsoft.com/office/2022/10/relationships/richValueRel",
                 "richData/rdrichvalue.xml": "http://schemas.microsoft.com/office/2017/06/relationships/rdRichValue",
                 "richData/rdrichvaluestructure.xml":
                     "http://schemas.microsoft.com/office/2017/06/relationships/rdRichValueStructure"}
    numbered = {ref: n for n, ref in enumerate(cells, 1)}

    def placed(sheet: str):
        def change(xml: bytes) -> bytes:
            for (name, ref), n in numbered.items():
                if name != sheet:
                    continue
                m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
                style = re.search(rb'\ss="\d+"', m["attrs"]) if m else None
                tag = (f'<c r="{ref}"' + (style[0].decode() if style else "") + (f' t="{cell_type}"' if cell_type else "")
                       + f' vm="{n}">{cell_xml}</c>').encode()
                if m is None:  # a cell not written: into its row (the test's cells are in rows the form has)
                    row = re.search(rb'<row r="' + ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").encode() + rb'"[^>]*>', xml)
                    xml = xml[:row.end()] + tag + xml[row.end():]
                else:
                    xml = xml[:m.start()] + tag + xml[m.end():]
            return xml
        return change

    rezip(source, target, {
        **{sheet_part(source, sheet): placed(sheet) for sheet in {s for s, _r in cells}},
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", "".join(
            f'<Relationship Id="rIdRich{i}" Type="{t}" Target="{p}"/>' for i, (p, t) in enumerate(relations.items()))
            .encode() + b"</Relationships>"),
        "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", "".join(
            f'<Override PartName="/{p}" ContentType="{t}"/>' for p, t in types.items()).encode()
            + (b'<Default Extension="png" ContentType="image/png"/>' if b'Extension="png"' not in xml else b"")
            + b"</Types>"),
    })
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf:
        for name, body in new.items():
            zf.writestr(name, body)
    return target


# --- OLE2 compound files ----------------------------------------------------------------
_FREE, _END, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal version-3 compound file holding ``streams`` (each padded to ≥ 4096 bytes so that no mini stream is
    needed). A name with ``/`` is a stream inside storages (``"\x06DataSpaces/DataSpaceInfo/DRMEncryptedDataSpace"``,
    as a file protected by a sensitivity label holds). One FAT sector, the directory, then the data."""
    datas = [(name, data.ljust(4096, b"\0")) for name, data in streams.items()]
    # the directory: the root, each storage once, each stream; children of one storage chained by right siblings
    entries: list[dict] = [{"name": "Root Entry", "kind": 5, "children": []}]
    storages = {"": 0}
    for name, data in datas:
        *folders, leaf = name.split("/")
        parent = 0
        for depth in range(len(folders)):
            path = "/".join(folders[:depth + 1])
            if path not in storages:
                storages[path] = len(entries)
                entries.append({"name": folders[depth], "kind": 1, "children": []})
                entries[parent]["children"].append(storages[path])
            parent = storages[path]
        entries[parent]["children"].append(len(entries))
        entries.append({"name": leaf, "kind": 2, "children": [], "data": data})
    directory_sectors = -(-len(entries) // 4)
    fat = [_FATSECT] + [2 + i for i in range(directory_sectors - 1)] + [_END]
    for entry in entries:
        if "data" in entry:
            count = -(-len(entry["data"]) // 512)
            entry["start"] = len(fat)
            fat += [entry["start"] + i + 1 for i in range(count - 1)] + [_END]
    assert len(fat) <= 128
    fat += [_FREE] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    right = {}
    for entry in entries:
        for a, b in zip(entry["children"], entry["children"][1:]):
            right[a] = b
    directory = b"".join(
        _dir_entry(e["name"], e["kind"], child=e["children"][0] if e["children"] else _NOSTREAM,
                   right=right.get(n, _NOSTREAM), start=e.get("start", _END if e["kind"] == 5 else 0),
                   size=len(e.get("data", b""))) for n, e in enumerate(entries)).ljust(512 * directory_sectors, b"\0")
    body = b"".join(e["data"].ljust(-(-len(e["data"]) // 512) * 512, b"\0") for e in entries if "data" in e)
    return header + struct.pack("<128I", *fat) + directory + body


def _dir_entry(name: str, kind: int, *, child: int = _NOSTREAM, right: int = _NOSTREAM, start: int, size: int
               ) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child) + b"\0" * 16 + struct.pack("<I", 0)
            + b"\0" * 16 + struct.pack("<IQ", start, size))


def ods_bytes(meta: str | bytes, extra: int = 0) -> bytes:
    """A form as LibreOffice saves it as .ods: ``meta`` as its meta.xml (where the section's record is), an empty
    content.xml, and ``extra`` empty members more."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("content.xml", "<office:document-content/>")
        zf.writestr("meta.xml", meta)
        for n in range(extra):
            zf.writestr(f"x/{n}.txt", "")
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


# --- Excel's 「Strict Open XML スプレッドシート (*.xlsx)」 ------------------------------------
# The transitional namespaces and relationship types and their ISO/IEC 29500 Strict counterparts (ECMA-376 Part 1's
# Strict schemas), as Excel 2013 and later writes them when a book is saved as Strict Open XML: the package's own
# namespaces (content types, relationships, core properties) and Microsoft's extensions stay as they are.
_TRANSITIONAL = "http://schemas.openxmlformats.org/"
_STRICT = "http://purl.oclc.org/ooxml/"
STRICT_NAMESPACES = (  # longest first: a relationship type begins with the relationships namespace
    (_TRANSITIONAL + "officeDocument/2006/relationships/extended-properties",
     _STRICT + "officeDocument/relationships/extendedProperties"),
    (_TRANSITIONAL + "officeDocument/2006/relationships/custom-properties",
     _STRICT + "officeDocument/relationships/customProperties"),
    (_TRANSITIONAL + "officeDocument/2006/relationships", _STRICT + "officeDocument/relationships"),
    (_TRANSITIONAL + "spreadsheetml/2006/main", _STRICT + "spreadsheetml/main"),
    (_TRANSITIONAL + "officeDocument/2006/extended-properties", _STRICT + "officeDocument/extendedProperties"),
    (_TRANSITIONAL + "officeDocument/2006/custom-properties", _STRICT + "officeDocument/customProperties"),
    (_TRANSITIONAL + "officeDocument/2006/docPropsVTypes", _STRICT + "officeDocument/docPropsVTypes"),
    (_TRANSITIONAL + "drawingml/2006/main", _STRICT + "drawingml/main"),
    (_TRANSITIONAL + "drawingml/2006/spreadsheetDrawing", _STRICT + "drawingml/spreadsheetDrawing"),
)
_CELL = re.compile(rb"<c\s([^>]*?)(?:/>|>(.*?)</c>)", re.S)


def strict(source: Path, target: Path) -> Path:
    """Copy the workbook ``source`` as Excel saves it as 「Strict Open XML スプレッドシート」: every Office namespace and
    relationship type the Strict one (:data:`STRICT_NAMESPACES`), ``conformance="strict"`` on the workbook, borders'
    ``<start>``/``<end>`` for ``<left>``/``<right>``, and each number shown as a date or a time an ISO 8601 date cell
    (``<c t="d"><v>2027-04-01</v>``; a time alone on 1899-12-31, as its serial's day 0 is written)."""
    from reform_xlsx.intake.workbook_reader import number_styles

    with zipfile.ZipFile(source) as zin:
        dates = number_styles(zin.read("xl/styles.xml")).dates
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename.endswith((".xml", ".rels")) and info.filename != "[Content_Types].xml":
                    text = data.decode("utf-8")
                    for transitional, strict_ns in STRICT_NAMESPACES:
                        text = text.replace(transitional, strict_ns)
                    if info.filename == "xl/workbook.xml":
                        text = re.sub(r"(<(?:\w+:)?workbook\b[^>]*?)(/?>)", r'\1 conformance="strict"\2', text, count=1)
                    elif info.filename == "xl/styles.xml":
                        text = re.sub(r"<(/?)(\w+:)?left\b", r"<\1\2start", text)
                        text = re.sub(r"<(/?)(\w+:)?right\b", r"<\1\2end", text)
                    data = text.encode("utf-8")
                    if info.filename.startswith("xl/worksheets/"):
                        data = _CELL.sub(lambda m: _iso_date_cell(m, dates), data)
                zout.writestr(info, data)
    return target


def _iso_date_cell(cell: re.Match, dates: dict[int, str]) -> bytes:
    import datetime

    attributes, body = cell[1], cell[2]
    style, kind = re.search(rb'\ss="(\d+)"', attributes), re.search(rb'\st="(\w*)"', attributes)
    value = re.search(rb"<v>([^<]*)</v>", body or b"")
    if (style is None or int(style[1]) not in dates or (kind and kind[1] != b"n") or value is None
            or b"<f" in body):
        return cell[0]
    serial = float(value[1])
    when = datetime.datetime(1899, 12, 30) + datetime.timedelta(seconds=round(serial * 86400))
    iso = (f"1899-12-31T{when:%H:%M:%S}" if serial < 1 else f"{when:%Y-%m-%dT%H:%M:%S}" if serial % 1
           else f"{when:%Y-%m-%d}")
    attributes = re.sub(rb'\st="n"', b"", attributes)
    return b"<c " + attributes + b' t="d">' + body.replace(value[0], b"<v>" + iso.encode() + b"</v>") + b"</c>"
