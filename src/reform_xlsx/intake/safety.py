"""Cheap checks in the parent process before any spreadsheet parser sees a file.

The zip's central directory must open; the number of parts, the declared and the actual
inflated sizes and each part's inflate ratio stay under :class:`Limits`; every part is
inflated once (which also checks its CRC, so a truncated or corrupt file is caught here);
no XML part may carry a DTD (the door to entity expansion and external entities); no
sheet may declare a used range beyond the cap. The three small parts needed to identify
the file (workbook.xml, its .rels, custom.xml) are then parsed with defusedxml.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl.utils.cell import range_boundaries

from reform_xlsx.intake import parts
from reform_xlsx.intake.limits import Limits, human_bytes
from reform_xlsx.messages import Msg, Problem, problem

_CHUNK = 64 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3}\d{1,7}(?::[A-Z]{1,3}\d{1,7})?)\"")
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
               RuntimeError, zipfile.LargeZipFile)


@dataclass
class Inspection:
    """What the parent learnt about a zip without parsing any sheet."""

    problems: list[Problem] = field(default_factory=list)
    sheets: list[tuple[str, str, str]] = field(default_factory=list)  # (name, part, state)
    properties: dict[str, str] | None = None  # custom document properties, when readable
    saved_at: float | None = None  # docProps/core.xml modified time (epoch)

    @property
    def ok(self) -> bool:
        return not self.problems


def used_range_cells(ref: str) -> tuple[int, int, int]:
    """(cells, last row, last column) of an A1 range such as ``A1:N40``."""
    _min_col, _min_row, max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
    return max_row * max_col, max_row, max_col


def inspect_zip(data: bytes, name: str, limits: Limits) -> Inspection:
    """Run every container check on ``data``; stop at the first that fails."""
    found = Inspection()

    def fail(msg: Msg, **params: object) -> Inspection:
        found.problems.append(problem(msg, file=name, **params))
        return found

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        return fail(Msg.INTAKE_CORRUPT, detail=_zip_detail(exc))
    if len(infos) > limits.max_members:
        return fail(Msg.INTAKE_TOO_MANY_PARTS, count=len(infos), limit=limits.max_members)
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
    heads: dict[str, bytes] = {}
    total = 0
    try:
        for info in infos:
            size, head, unsafe = _inflate(zf, info)
            total += size
            if total > limits.max_uncompressed_bytes:
                return fail(Msg.INTAKE_UNCOMPRESSED_TOO_LARGE, size=f"{human_bytes(total)} 以上",
                            limit=human_bytes(limits.max_uncompressed_bytes))
            if unsafe:
                return fail(Msg.INTAKE_UNSAFE_XML, part=info.filename,
                            detail="DTD・実体宣言（<!DOCTYPE>・<!ENTITY>）")
            heads[info.filename] = head
    except _ZIP_ERRORS as exc:
        return fail(Msg.INTAKE_CORRUPT, detail=_zip_detail(exc))
    _identify_parts(zf, found, name, limits)
    for sheet, part, _state in found.sheets:
        match = _DIMENSION.search(heads.get(part, b""))
        if match:
            ref = match.group(1).decode()
            cells, _row, _col = used_range_cells(ref)
            if cells > limits.max_cells:
                far = ref.split(":")[-1]
                found.problems.append(problem(Msg.INTAKE_USED_RANGE_TOO_LARGE, file=name, sheet=sheet, cell=far,
                                              range=ref, cells=f"{cells:,}", limit=f"{limits.max_cells:,}",
                                              far=far))
                return found
    return found


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, bytes, bool]:
    """Inflate one part (checking its CRC): (size, first 4 KB, has a DTD)."""
    is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
    size, head, tail, unsafe = 0, b"", b"", False
    with zf.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > info.file_size:
                raise zipfile.BadZipFile("inflated beyond the declared size")
            if len(head) < 4096:
                head += chunk[: 4096 - len(head)]
            if is_xml and not unsafe:
                unsafe = bool(_DTD.search(tail + chunk))
                tail = chunk[-16:]
    return size, head, unsafe


def _identify_parts(zf: zipfile.ZipFile, found: Inspection, name: str, limits: Limits) -> None:
    """Sheet list and custom properties; a part that will not parse is left to the worker."""
    workbook = parts.read_part(zf, parts.WORKBOOK_PART, limits.max_meta_bytes)
    rels = parts.read_part(zf, parts.WORKBOOK_RELS, limits.max_meta_bytes)
    try:
        if workbook is not None and rels is not None:
            found.sheets = parts.sheet_parts(workbook, rels)
    except (ParseError, DefusedXmlException):
        found.sheets = []
    custom = parts.read_part(zf, parts.CUSTOM_PART, limits.max_meta_bytes)
    try:
        found.properties = parts.custom_properties(custom) if custom is not None else {}
    except (ParseError, DefusedXmlException):
        found.properties = None
    core = parts.read_part(zf, parts.CORE_PART, limits.max_meta_bytes)
    try:
        found.saved_at = parts.core_modified(core) if core is not None else None
    except (ParseError, DefusedXmlException):
        found.saved_at = None


def _zip_detail(exc: BaseException) -> str:
    text = str(exc)
    if "CRC" in text or "Bad CRC" in text:
        return "データの検査値（CRC）が合わない"
    if "not a zip file" in text.lower() or "End-of-central-directory" in text:
        return "ZIP の目次（セントラルディレクトリ）が見つからない"
    if isinstance(exc, (EOFError, zlib.error)):
        return "データが途中で終わっている"
    return f"{type(exc).__name__}: {text[:120]}"
