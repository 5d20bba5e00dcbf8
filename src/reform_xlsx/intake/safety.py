"""The container checks, in the worker process, before any spreadsheet parser sees a file.

The zip's central directory must open, with no two parts of one name; the number of parts,
the declared inflated sizes and each part's inflate ratio stay under :class:`Limits`. Then every
part is inflated once (which checks its CRC, so truncation and corruption are caught here, and a
size that lies is caught as it is exceeded), and no XML part may carry a DTD (the door to entity
expansion and external entities). The parts a parser reads next — the workbook, its
relationships, the document properties, the shared strings and the sheets that are read — are
kept, so that nothing is inflated twice.

:func:`inspect_zip` never raises: whatever goes wrong is a problem of this file.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from xml.parsers import expat

from reform_xlsx.form.layout import META_CREATED, META_SECTION, unsaved_time
from reform_xlsx.intake import parts
from reform_xlsx.intake.limits import Limits, human_bytes
from reform_xlsx.messages import Msg, Problem, problem

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SHEETS = "xl/worksheets/"
_ALWAYS = (parts.WORKBOOK_PART, parts.WORKBOOK_RELS, parts.CUSTOM_PART, parts.CORE_PART, parts.APP_PART,
           parts.SHARED_STRINGS, parts.STYLES, parts.CONTENT_TYPES, parts.PACKAGE_RELS)


def part_key(name: str) -> str:
    """A part's name as python-calamine looks it up in the zip: in any case, a backslash taken for a slash. Two
    parts of one key are one part to it (and to Excel, whose part names ignore case), so they are refused as a
    duplicate: what the checks here read must be the very part the cell reader reads."""
    return name.replace("\\", "/").lower()


_ALWAYS_BY_KEY = {part_key(name): name for name in _ALWAYS}
# A <sheet> start tag of workbook.xml (any prefix) and the attributes as written: python-calamine takes the last
# attribute whose local name is "id" (any prefix, none, even an xmlns: declaration) as the sheet's relationship.
_SHEET_TAG = re.compile(rb"""<(?:[\w.-]+:)?sheet(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)""")
# (a name taken from its first character: tried from each one of a long word with no 「=」, it grew with its square)
_RAW_ATTRIBUTE = re.compile(rb"""(?<![\w.:-])([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class _TooLarge(Exception):
    """The inflated parts passed the cap."""


# What a zip is, by the parts it holds (see :func:`zip_kind`); the keys of sniff.FORMAT_LABELS.
WORKBOOK_KINDS = ("xlsx", "xlsm")
ZIP = "zip"  # a zip that is none of the kinds below, or one whose directory cannot be read


def zip_kind(names: set[str] | frozenset[str], read: Callable[[str], bytes]) -> str:
    """xlsx, xlsm, xlsb, ods, odf, docx, pptx or zip, from the names of a zip's parts (``read(name)``
    gives a small part's bytes, or b"" when it cannot)."""
    if "xl/workbook.xml" in names:
        return "xlsm" if b"macroEnabled" in read(parts.CONTENT_TYPES) else "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "mimetype" in names:
        return "ods" if b"opendocument.spreadsheet" in read("mimetype") else "odf"
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return ZIP


def read_small_part(zf: zipfile.ZipFile, name: str, data: bytes, limit: int = 1 << 20) -> bytes:
    """A small part's bytes for telling what a zip is (at most ``limit``); b"" when absent or broken."""
    try:
        info = zf.getinfo(name)
        if info.file_size <= limit:
            direct = inflate_directly(data, info)  # the common case, without zipfile's reader
            if direct is not None:
                return direct
        with zf.open(name) as part:
            return part.read(limit)
    except Exception:  # noqa: BLE001 - absent or broken (a corrupt deflate stream is a zlib.error)
        return b""


def harden_xml() -> None:
    """Make the standard library's ElementTree refuse DTDs and entities (defusedxml's parsers in its
    place), in a worker process.

    It is the only standard XML parser a worker's reading loads; the rest of its XML goes through
    defusedxml or an expat that refuses DTDs (:mod:`.parts`). ``defusedxml.defuse_stdlib()`` would
    also load and patch minidom, pulldom, sax and xmlrpc — and with them urllib, http and email,
    0.08 s in every worker — for parsers nothing here uses. ``tests/test_intake_worker.py`` keeps it
    so: after reading every kind of sample file, no other standard XML parser is loaded."""
    import xml.etree.ElementTree as standard

    from defusedxml import ElementTree as defused

    for name in defused.__all__:
        if hasattr(standard, name):
            setattr(standard, name, getattr(defused, name))


@dataclass
class Inspection:
    """What the checks learnt about a zip: the parts read (inflated), the sheets, the properties."""

    kind: str = ZIP  # what the zip is (:func:`zip_kind`), when inspect_zip was asked to find out
    problems: list[Problem] = field(default_factory=list)
    sheets: list[tuple[str, str, str]] = field(default_factory=list)  # (name, part, state)
    parts: dict[str, bytes] = field(default_factory=dict)  # the inflated parts parsers read
    properties: dict[str, str] | None = None  # custom document properties, when readable
    saved_at: float | None = None  # docProps/core.xml modified time (epoch)
    unsaved: bool = False  # that time is still the one templates wrote, and no LibreOffice saved it: no one has saved
    # the form (never_saved)

    @property
    def ok(self) -> bool:
        return not self.problems


def inspect_zip(data: bytes, name: str, limits: Limits, wanted: tuple[str, ...] = (),
                workbook: bool | None = True) -> Inspection:
    """Run every container check on ``data`` and keep the parts a parser reads next (the sheets
    named ``wanted`` among them); ``workbook``: it must be a workbook (not any zip). None: find out
    what the zip is first (:attr:`Inspection.kind`) — another kind of document (an .ods, a .docx …) is
    not checked further; a workbook is checked as one, any other zip as a zip."""
    found = Inspection()
    try:
        _inspect(data, name, limits, wanted, workbook, found)
    except _TooLarge as exc:
        found.problems.append(problem(Msg.INTAKE_UNCOMPRESSED_TOO_LARGE, file=name, size=f"{exc} 以上",
                                      limit=human_bytes(limits.max_uncompressed_bytes)))
    except Exception as exc:  # noqa: BLE001 - corrupt in a way of its own: still this file's problem
        found.problems.append(problem(Msg.INTAKE_CORRUPT, file=name, detail=zip_detail(exc), whose=""))
    return found


def _inspect(data: bytes, name: str, limits: Limits, wanted: tuple[str, ...], workbook: bool | None,
             found: Inspection) -> None:
    def fail(msg: Msg, **params: object) -> None:
        found.problems.append(problem(msg, file=name, **params))

    zf = zipfile.ZipFile(io.BytesIO(data))
    infos = zf.infolist()
    if workbook is None:
        found.kind = zip_kind({i.filename for i in infos}, lambda part: read_small_part(zf, part, data))
        if found.kind not in (*WORKBOOK_KINDS, ZIP):
            return
        workbook = found.kind in WORKBOOK_KINDS
    if len(infos) > limits.max_members:
        return fail(Msg.INTAKE_TOO_MANY_PARTS, count=len(infos), limit=limits.max_members)
    keys = Counter(part_key(i.filename) for i in infos)
    twice = sorted(i.filename for i in infos if keys[part_key(i.filename)] > 1)
    if twice:
        return fail(Msg.INTAKE_DUPLICATE_PART, part=twice[0], count=len(twice))
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_uncompressed_bytes:
        return fail(Msg.INTAKE_UNCOMPRESSED_TOO_LARGE, size=human_bytes(declared),
                    limit=human_bytes(limits.max_uncompressed_bytes))
    if any(i.flag_bits & 0x1 for i in infos):
        return fail(Msg.INTAKE_ENCRYPTED)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_inflate_ratio:
            return fail(Msg.INTAKE_INFLATE_RATIO, part=info.filename, ratio=f"{ratio:,.0f}",
                        limit=f"{limits.max_inflate_ratio:,.0f}")
    budget = [limits.max_uncompressed_bytes]
    inflated: dict[str, bytes] = {}
    rich: dict[str, bytes] = {}  # the rich values' parts, by key (pictures in cells, data types: workbook_reader)
    looks: dict[str, bytes] = {}  # the theme, the tables and the sheets' relationships (what colours a cell: F044)
    for info in infos:
        body = _inflate(zf, info, budget, data)
        if info.filename.lower().endswith(_XML_SUFFIXES) and has_dtd(body):
            return fail(Msg.INTAKE_UNSAFE_XML, part=info.filename, detail="DTD・実体宣言（<!DOCTYPE>・<!ENTITY>）")
        if part_key(info.filename) in _ALWAYS_BY_KEY:  # by the name the cell reader finds it by
            inflated[_ALWAYS_BY_KEY[part_key(info.filename)]] = body
        elif parts.is_look_part(info.filename) and (len(body) <= parts.LOOK_PART_BYTES
                                                    or info.filename.startswith(parts.THEME_FOLDER)):
            looks[info.filename] = body[:parts.LOOK_PART_BYTES]  # (a theme's colours come first: its first MiB)
        elif info.filename.startswith(_SHEETS):
            inflated[info.filename] = body
        elif parts.is_rich_part(part_key(info.filename)) and len(body) <= parts.RICH_PART_BYTES:
            rich[part_key(info.filename)] = body
    found.parts = {k: v for k, v in inflated.items() if k in _ALWAYS} | rich | looks
    if not workbook:
        return
    for needed in (parts.WORKBOOK_PART, parts.WORKBOOK_RELS):
        if needed not in found.parts:
            return fail(Msg.INTAKE_READ_ERROR, detail=f"ブックに欠かせない部品 {needed} がありません")
    try:
        found.sheets = list(parts.sheet_parts(found.parts[parts.WORKBOOK_PART], found.parts[parts.WORKBOOK_RELS]))
    except Exception as exc:  # noqa: BLE001 - bad XML, an encoding that does not exist (encoding="s") …
        return fail(Msg.INTAKE_READ_ERROR, detail=f"ブックのシート一覧（{parts.WORKBOOK_PART}）{xml_damage(exc)}")
    unlike = _read_otherwise(found.parts, {i.filename for i in infos}, wanted)
    if unlike:
        return fail(Msg.INTAKE_READ_ERROR, detail=unlike)
    by_name = {i.filename: i for i in infos}
    theme = _quietly(parts.theme_part, found.parts[parts.WORKBOOK_RELS], None)
    if theme is not None and theme not in found.parts and theme in by_name:  # a theme kept outside xl/theme/
        body = _inflate(zf, by_name[theme], [limits.max_uncompressed_bytes], data)[:parts.LOOK_PART_BYTES]
        if not has_dtd(body):
            found.parts[theme] = body
    if theme is not None and theme in found.parts:  # (found once: the cell reader reads it for every sheet)
        found.parts[parts.THEME] = found.parts[theme]
    for sheet, part, _state in found.sheets:
        if sheet not in wanted or part not in by_name:
            continue
        # a sheet kept outside xl/worksheets/, or under another name than *.xml: checked all the same
        body = inflated[part] if part in inflated else _inflate(zf, by_name[part], [limits.max_uncompressed_bytes], data)
        if not part.lower().endswith(_XML_SUFFIXES) and has_dtd(body):
            return fail(Msg.INTAKE_UNSAFE_XML, part=part, detail="DTD・実体宣言（<!DOCTYPE>・<!ENTITY>）")
        found.parts[part] = body
    custom = found.parts.get(parts.CUSTOM_PART)
    found.properties = _quietly(parts.custom_properties, custom, {}) if custom is not None else {}
    core = found.parts.get(parts.CORE_PART)
    app = found.parts.get(parts.APP_PART)
    libreoffice = app is not None and _quietly(parts.application, app, "").startswith("LibreOffice")
    saved_at = _quietly(lambda xml: parts.core_modified(xml, local=libreoffice), core, None) if core is not None \
        else None
    # (LibreOffice saving a form unchanged keeps its save time: saved by it, it is no form as templates wrote it —
    # else F027 or a return by the PC's time zone, its 「Z」 time read as that PC's clock)
    found.unsaved = not libreoffice and never_saved(saved_at, found.properties.get(META_CREATED))
    found.saved_at = saved_after_made(saved_at, found.properties.get(META_CREATED))


def _read_otherwise(found: dict[str, bytes], names: set[str], wanted: tuple[str, ...]) -> str | None:
    """Why python-calamine would read another part than the one the checks see, or None. The checks and the reader
    must agree on every part read: the workbook (the package's officeDocument, which calamine follows), each wanted
    sheet's relationship (calamine takes the last ``id`` attribute as written, and its target as written, not
    normalised, in any case), so that no formula, far cell or long text hides in a part the checks did not read.
    Worked out once for the returns of one form (the same parts, part names and sheets wanted), as :func:`parts.by_content`
    does: small parts and names only (a zip's names are kept with its parts), and the sheets wanted as a plain tuple
    (the master reader's every sheet is a tuple equal to ``()``, no sheet: never its answer)."""
    package, workbook, rels = found.get(parts.PACKAGE_RELS), found[parts.WORKBOOK_PART], found[parts.WORKBOOK_RELS]
    if (type(wanted) is tuple
            and len(package or b"") + len(workbook) + len(rels) + sum(map(len, names)) <= parts.SAME_PARTS_BYTES):
        return _same_read_otherwise(package, workbook, rels, frozenset(names), wanted)
    return _read_otherwise_of(package, workbook, rels, names, wanted)


def _read_otherwise_of(package: bytes | None, workbook: bytes, rels: bytes, names: Set[str],
                       wanted: tuple[str, ...]) -> str | None:
    found = {parts.WORKBOOK_PART: workbook, parts.WORKBOOK_RELS: rels}
    if package is not None:
        try:
            main = parts.office_document(package)
        except Exception:  # noqa: BLE001 - bad XML: the cell reader may still follow it
            return f"ブックの構成（{parts.PACKAGE_RELS}）を解析できません"
        if main is not None and main.lstrip("/").rpartition("/")[0].lower() != "xl":
            return f"ブックの本体が {parts.WORKBOOK_PART} ではありません（{parts.PACKAGE_RELS} が {main} を指しています）"
    rels = found[parts.WORKBOOK_RELS]
    entries = parts.sheet_entries(found[parts.WORKBOOK_PART], rels)
    written = []
    for tag in _SHEET_TAG.findall(found[parts.WORKBOOK_PART]):
        ids = [double or single for name, double, single in _RAW_ATTRIBUTE.findall(tag)
               if name.rpartition(b":")[2] == b"id"]
        written.append(ids[-1].decode("utf-8", "replace") if ids else None)
    if b"&" in rels or written != [rid for _name, rid, _target, _state in entries]:
        return f"シートの一覧と参照（{parts.WORKBOOK_PART}・{parts.WORKBOOK_RELS}）が標準の形ではありません"
    by_key = {part_key(name): name for name in names}
    for name, _rid, target, _state in entries:
        if name not in wanted or target is None:
            continue
        as_read = target[1:] if target.startswith("/") else f"xl/{target}"
        if by_key.get(part_key(as_read)) != parts.resolve_target(target):
            return f"シート「{name}」の部品の参照（{target}）が標準の形ではありません"
    return None


_same_read_otherwise = functools.lru_cache(maxsize=parts.SAME_PARTS)(_read_otherwise_of)


def saved_after_made(saved_at: float | None, made: str | None) -> float | None:
    """The workbook's last-saved time, or None when it is not a save by the section: the time its template was
    written with (:func:`~reform_xlsx.form.layout.unsaved_time`), which says when the office made the form, not when
    the section sent it; or a time before it, which no save of the form can have (a PC whose clock is wrong: it
    would make a late file 期限内, and a corrected file older than the one it corrects). The file's own time is
    used instead (:func:`~reform_xlsx.intake.result.submitted_time`)."""
    unsaved = _template_save_time(made)
    if saved_at is None or unsaved is None:
        return saved_at
    return None if int(saved_at) <= int(unsaved) else saved_at


def _template_save_time(made: str | None) -> float | None:
    """The save time the template of 作成日時 ``made`` was written with (:func:`~reform_xlsx.form.layout.unsaved_time`);
    None without one, or for a 作成日時 typed over (it is in the hidden sheet too): nothing to compare."""
    try:
        return unsaved_time(made).timestamp() if made else None
    except (ValueError, OverflowError):
        return None


def never_saved(saved_at: float | None, made: str | None) -> bool:
    """Whether the workbook still has the save time its template was written with
    (:func:`~reform_xlsx.form.layout.unsaved_time`): no one has saved it since templates wrote it."""
    unsaved = _template_save_time(made)
    return saved_at is not None and unsaved is not None and int(saved_at) == int(unsaved)


def saved_since_made(data: bytes, limits: Limits) -> bool:
    """Whether ``data`` is a 調査票 (its identity in the document properties) that someone has saved since templates
    wrote it — a section's return, filled or not —, not the blank form as written (:func:`never_saved`). What is not
    a safe workbook, or carries no form's identity, is not one."""
    found = inspect_zip(data, "", limits, (), workbook=None)
    return (not found.problems and bool((found.properties or {}).get(META_SECTION)) and not found.unsaved)


def custom_properties_only(data: bytes, limits: Limits, max_members: int | None = None) -> dict[str, str] | None:
    """The custom document properties alone — the small part that says whose file it is — with the
    same caps; None when they cannot be had safely (``max_members``: nor from a zip of more parts)."""
    return _properties_only(data, limits, parts.CUSTOM_PART, parts.custom_properties, max_members)


def odf_properties_only(data: bytes, limits: Limits) -> dict[str, str] | None:
    """An OpenDocument file's user-defined properties alone (meta.xml: an .ods saved from the template still
    says whose it is), with the same caps; None when they cannot be had safely."""
    return _properties_only(data, limits, parts.ODF_META_PART, parts.odf_user_defined, limits.max_members)


def _properties_only(data: bytes, limits: Limits, part: str, parse: Callable[[bytes], dict[str, str]],
                     max_members: int | None = None) -> dict[str, str] | None:
    """``max_members``: no identity from a zip of more parts (an .ods, which no other check has seen)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = zf.namelist()
        if (max_members is not None and len(names) > max_members) or sum(name == part for name in names) != 1:
            return None
        info = zf.getinfo(part)
        if info.file_size > limits.max_meta_bytes or info.flag_bits & 0x1:
            return None
        body = _inflate(zf, info, [limits.max_meta_bytes], data)
        return None if has_dtd(body) else parse(body)
    except Exception:  # noqa: BLE001 - no identity, then
        return None


def has_dtd(xml: bytes) -> bool:
    """A document type declaration or an entity declaration, in UTF-8 or UTF-16 text."""
    if b"<!" in xml and (b"<!DOCTYPE" in xml or b"<!ENTITY" in xml):  # one scan in the usual case
        return True
    if xml[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00<\x00" in xml[:64] or b"<\x00" in xml[:8]:
        # with a byte order mark, or without one: then big-endian text starts with a zero byte
        codec = "utf-16" if xml[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-be" if xml[:1] == b"\x00" else "utf-16-le"
        text = xml.decode(codec, errors="ignore")
        return "<!DOCTYPE" in text or "<!ENTITY" in text
    return False


def _quietly(parse, xml: bytes, fallback):
    """A small metadata part that does not parse is left to the sheet reader to complain about."""
    try:
        return parse(xml)
    except Exception:  # noqa: BLE001 - bad XML, bad encoding declaration (encoding="s") …
        return fallback


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], data: bytes) -> bytes:
    """One part, inflated and CRC-checked. zipfile never yields more than the declared size (and
    the declared sizes were checked against the caps), so a size that lies only fails its CRC."""
    budget[0] -= info.file_size
    if budget[0] < 0:
        raise _TooLarge(human_bytes(info.file_size))
    return inflate_directly(data, info) or zf.read(info)


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED


def inflate_directly(data: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """The common case — a part stored or deflated, unencrypted, whose local header names it as the
    directory does — inflated straight from the zip's bytes, with the same size and CRC checks
    (zipfile's reader spends most of its time per part, not inflating). None for anything else:
    then zipfile reads the part itself, and says what is wrong."""
    if info.flag_bits & 0x1 or info.compress_type not in (_STORED, _DEFLATED):
        return None
    at = info.header_offset
    if at + _LOCAL_HEADER.size > len(data):
        return None
    signature, _version, _flags, _method, _time, _date, _crc, _size, _full, name_len, extra_len = \
        _LOCAL_HEADER.unpack_from(data, at)
    name = data[at + _LOCAL_HEADER.size:at + _LOCAL_HEADER.size + name_len]
    encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
    if signature != b"PK\x03\x04" or name != info.orig_filename.encode(encoding, errors="replace"):
        return None
    start = at + _LOCAL_HEADER.size + name_len + extra_len
    raw = data[start:start + info.compress_size]
    try:
        body = raw if info.compress_type == _STORED else \
            zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, info.file_size)
    except zlib.error:
        return None
    if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
        return None
    return body


def zip_detail(exc: BaseException) -> str:
    """What is wrong with a zip, in Japanese (never English library text alone)."""
    text = str(exc)
    if "CRC" in text:
        return "データの検査値（CRC）が合わない"
    if "not a zip file" in text.lower() or "End-of-central-directory" in text or "central directory" in text:
        return "ZIP の目次（セントラルディレクトリ）が見つからない"
    if isinstance(exc, EOFError) or "zlib" in type(exc).__module__ or "Error -3" in text or "truncated" in text:
        return "データが途中で終わっているか、圧縮データが壊れている"
    if "declared size" in text:
        return "部品の大きさが記録と違う"
    if isinstance(exc, UnicodeError):
        return "ZIP 内の部品の名前の文字コードが読めない"
    if isinstance(exc, NotImplementedError) or "compression" in text.lower():
        return "対応していない方式で圧縮されている"
    if isinstance(exc, zipfile.BadZipFile | ValueError | LookupError | struct.error):
        return "ZIP の構造が正しくない"
    return "ZIP として読めない（ファイルが壊れているか、ZIP の形式が正しくない）"


_ENCODING_ERRORS = {expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
                    expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING]}


def xml_damage(exc: BaseException) -> str:
    """What is wrong with an XML part that could not be parsed, in Japanese, following the part's name
    (「…の文字コードが読めない」): never the parser's English text or the exception's name."""
    if (isinstance(exc, LookupError | UnicodeError)  # encoding="s"; bytes that are not the declared encoding
            or (isinstance(exc, expat.ExpatError) and exc.code in _ENCODING_ERRORS)
            or (isinstance(exc, ValueError) and "encoding" in str(exc))):  # expat: "multi-byte encodings …"
        return "の文字コードが読めない"
    if isinstance(exc, expat.ExpatError):
        return "の XML の書き方が正しくない（途中で切れているか、壊れている）"
    return "の構造が正しくない"
