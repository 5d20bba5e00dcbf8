"""The few OOXML parts read directly (with expat, no DTD): the sheet list, properties, save time."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from datetime import UTC, datetime
from xml.parsers import expat

CUSTOM_PART = "docProps/custom.xml"
CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
# Excel 365's rich values (a picture placed in a cell, a data type), by the name python-calamine and Excel find them by
# (any case, safety.part_key): the value metadata the cells' ``vm`` attribute points into, and the rich value parts
METADATA_PART = "xl/metadata.xml"
RICH_DATA_FOLDER = "xl/richdata/"
RICH_PART_BYTES = 4 * 1024 * 1024  # a bigger one (no form has hundreds of thousands of pictures) is not read
# What else colours a cell (F043/F044): the workbook's theme (its 背景1・テキスト1 and accents) and the Excel tables
# (ListObjects) whose style fills a header row, found from a sheet's relationships. Bigger ones are not read.
THEME_FOLDER, TABLES_FOLDER, SHEET_RELS_FOLDER = "xl/theme/", "xl/tables/", "xl/worksheets/_rels/"
LOOK_PART_BYTES = 1024 * 1024
THEME = "<theme>"  # the key the inspection keeps the workbook's theme part under, wherever its relationship names it
ODF_META_PART = "meta.xml"  # an OpenDocument file's properties (an .ods saved from the template keeps ours there)


SAME_PARTS = 16  # results kept per function: the returns of one template share these parts
SAME_PARTS_BYTES = 64 * 1024  # only parts this small are kept (never a hostile giant)


def by_content(fn: Callable[..., object]) -> Callable[..., object]:
    """``fn`` of some parts' bytes, remembered by those bytes: the returns of one template, saved by
    the same program, share their workbook, relationships and styles parts byte for byte, so each is
    worked out once per worker. Only small parts are kept; errors are not (each file raises its own)."""
    remembered = functools.lru_cache(maxsize=SAME_PARTS)(fn)

    @functools.wraps(fn)
    def call(*xml: bytes):
        return remembered(*xml) if sum(map(len, xml)) <= SAME_PARTS_BYTES else fn(*xml)

    return call


def is_look_part(name: str) -> bool:
    """Whether the part ``name`` is a theme, a table or a sheet's relationships (:data:`THEME_FOLDER`)."""
    return (name.startswith((THEME_FOLDER, TABLES_FOLDER)) and name.endswith(".xml")
            or name.startswith(SHEET_RELS_FOLDER) and name.endswith(".rels"))


@by_content
def theme_part(rels_xml: bytes) -> str | None:
    """The part name of the workbook's theme, as its relationships (``xl/_rels/workbook.xml.rels``) name it (Excel
    reads it wherever it is), or None."""
    targets: list[str] = []

    def relationship(name: str, attributes: dict[str, str]) -> None:
        if _local_name(name) == "Relationship" and attributes.get("Type", "").endswith("/theme") and not targets:
            targets.append(resolve_target(attributes.get("Target", "")))

    _parser(relationship).Parse(rels_xml, True)
    return targets[0] if targets else None


def is_rich_part(key: str) -> bool:
    """Whether the part of (lower-case) name ``key`` is one the rich values of cells are read from (:data:`METADATA_PART`,
    the .xml parts of xl/richData/ — not their relationships)."""
    return key == METADATA_PART or (key.startswith(RICH_DATA_FOLDER) and key.endswith(".xml") and "/_rels/" not in key)


def local(tag: str) -> str:
    """``{namespace}name`` → ``name`` (transitional and Strict OOXML use different namespaces)."""
    return tag.rsplit("}", 1)[-1]


# The parts below are read for every file and are small: expat's events are enough, no tree is built.
# Each has passed the zip checks' DTD scan; the parser refuses a DTD or an entity declaration all the
# same (as defusedxml does), so no entity is ever expanded.
_NS = " "  # expat's separator between a name's namespace and its local name


def _parser(start=None, end=None, text=None, namespaces: bool = True) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=_NS) if namespaces else expat.ParserCreate()
    for handler in ("StartDoctypeDeclHandler", "EntityDeclHandler", "UnparsedEntityDeclHandler",
                    "ExternalEntityRefHandler"):
        setattr(parser, handler, _refuse)
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    return parser


events_parser = _parser  # for a part read by its events elsewhere (a sheet's cells calamine refuses)


def _refuse(*_args) -> None:
    raise ValueError("a DTD or an entity declaration")


def _local_name(name: str) -> str:
    return name.rpartition(_NS)[2]


def _elements(xml: bytes, max_depth: int) -> list[list]:
    """The elements down to ``max_depth`` (the root is 1), in document order, each
    ``[depth, name, attributes, text]`` — the text before its first child element (ElementTree's ``text``)."""
    found: list[list] = []
    open_: list[list | None] = []  # the open elements' records (None below max_depth)

    def start(name: str, attributes: dict[str, str]) -> None:
        if open_ and open_[-1] is not None:
            open_[-1][4] = True  # the parent's text ends at its first child
        record = [len(open_) + 1, name, attributes, [], False] if len(open_) < max_depth else None
        if record is not None:
            found.append(record)
        open_.append(record)

    def text(data: str) -> None:
        if open_ and open_[-1] is not None and not open_[-1][4]:
            open_[-1][3].append(data)

    _parser(start, lambda _name: open_.pop(), text).Parse(xml, True)
    return [[depth, name, attributes, "".join(pieces)] for depth, name, attributes, pieces, _ in found]


@by_content
def sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> tuple[tuple[str, str, str], ...]:
    """(sheet name, part name in the zip, state) in workbook order."""
    return tuple((name, "" if target is None else resolve_target(target), state)
                 for name, _rid, target, state in sheet_entries(workbook_xml, rels_xml))


def resolve_target(target: str) -> str:
    """A workbook relationship's target as a part name (relative to xl/, or absolute)."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


@by_content
def sheet_entries(workbook_xml: bytes, rels_xml: bytes) -> tuple[tuple[str, str | None, str | None, str], ...]:
    """(sheet name, relationship id, relationship target as written (None: no such relationship), state) in
    workbook order."""
    targets = {}

    def relationship(name: str, attributes: dict[str, str]) -> None:
        if _local_name(name) == "Relationship":
            targets[attributes.get("Id")] = attributes.get("Target", "")

    sheets = []

    def sheet(name: str, attributes: dict[str, str]) -> None:
        if _local_name(name) == "sheet":
            rid = next((v for k, v in attributes.items() if _NS in k and _local_name(k) == "id"), None)
            sheets.append((attributes.get("name", ""), rid, targets.get(rid), attributes.get("state", "visible")))

    _parser(relationship).Parse(rels_xml, True)
    _parser(sheet).Parse(workbook_xml, True)
    return tuple(sheets)


@by_content
def office_document(rels_xml: bytes) -> str | None:
    """The package relationships' (``_rels/.rels``) officeDocument target: the workbook part, as written."""
    found = []

    def relationship(name: str, attributes: dict[str, str]) -> None:
        if _local_name(name) == "Relationship" and attributes.get("Type", "").endswith("/officeDocument"):
            found.append(attributes.get("Target", ""))

    _parser(relationship).Parse(rels_xml, True)
    return found[-1] if found else None


def custom_properties(custom_xml: bytes) -> dict[str, str]:
    """Custom document properties (docProps/custom.xml) as name → text value (a dict of its own: the one worked out
    for the part's bytes is kept for the next return of the same form)."""
    return dict(_custom_properties(custom_xml))


@by_content
def _custom_properties(custom_xml: bytes) -> dict[str, str]:
    props: dict[str, str] = {}
    name = None  # of the <property> being read, until its first child (the value) is seen
    for depth, _tag, attributes, text in _elements(custom_xml, 3):
        if depth == 2:
            name = attributes.get("name")
            if name is not None:
                props[name] = ""
        elif depth == 3 and name is not None:
            props[name] = _unescaped(text).strip()
            name = None
    return props


# an escaped character of an OOXML string (ECMA-376 Part 1, ST_Xstring): xlsxwriter and Excel store a CR (a 問い合わせ先
# given with a line break) as 「_x000D_」, and a text typed like an escape with its 「_」 as 「_x005F_」
_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescaped(text: str) -> str:
    """``text`` as it was written, as the hidden sheet's copy of the same value is read (half a surrogate pair is
    no character: left as stored)."""
    return _XSTRING_ESCAPE.sub(lambda m: m.group() if 0xD800 <= int(m.group(1), 16) <= 0xDFFF
                               else chr(int(m.group(1), 16)), text)


def odf_user_defined(meta_xml: bytes) -> dict[str, str]:
    """An OpenDocument file's user-defined properties (meta.xml: ``<office:meta><meta:user-defined
    meta:name="…">value``) as name → text value: the template's custom properties, as LibreOffice keeps them
    when the form is saved as .ods."""
    props: dict[str, str] = {}
    for depth, tag, attributes, text in _elements(meta_xml, 3):
        if depth == 3 and _local_name(tag) == "user-defined":
            name = next((v for k, v in attributes.items() if _local_name(k) == "name"), None)
            if name is not None:
                props[name] = text.strip()
    return props


_NS_DCTERMS = "http://purl.org/dc/terms/"


def core_modified(core_xml: bytes, local: bool = False) -> float | None:
    """When the workbook was last saved (docProps/core.xml dcterms:modified), as an epoch. ``local``: the time is
    the saving PC's wall clock whatever zone it names (LibreOffice writes its local time marked ``Z``: a form saved
    in Japan at 18:41 said 18:41 UTC, 03:41 the next morning) — read in this machine's zone, the office's."""
    modified = f"{_NS_DCTERMS}{_NS}modified"
    text = next((t for depth, tag, _a, t in _elements(core_xml, 2) if depth == 2 and tag == modified), "")
    if not text.strip():
        return None
    text = text.strip().replace("Z", "+00:00")
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    if local:
        return stamp.replace(tzinfo=None).timestamp()
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp()


@by_content
def application(app_xml: bytes) -> str:
    """The program that last saved the workbook (docProps/app.xml Application: 「Microsoft Excel」,
    「LibreOffice/7.4.7.2$Linux_X86_64 …」), or ""."""
    return next((t for depth, tag, _a, t in _elements(app_xml, 2)
                 if depth == 2 and _local_name(tag) == "Application"), "").strip()
