"""What Excel 365's rich values in a return's cells are — a picture placed in a cell (挿入 → 画像 → セルに配置, IMAGE()),
a data type (株価・地理, an organisation's), an error value with its details — from ``xl/metadata.xml`` and the parts in
``xl/richData/``, followed as Excel writes them. Such a cell holds ``#VALUE!`` (or 0) for the readers that know none;
:func:`reform_xlsx.intake.workbook_reader.special_cells` says V027 for it, not V012 (docs/intake.md).

The parts are the sender's: each is parsed with the DTD-refusing parser the reader uses for every part, and any of
them missing, too big, malformed or hostile leaves the records unknown, never the file unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reform_xlsx.intake import parts

PICTURE, DATA_TYPE, RICH_ERROR = "picture", "data_type", "error"  # what a rich value is (and "": not known)
RICH_FALLBACK = "#VALUE!"  # the value Excel 365 writes in a rich value's cell for the readers that know none
# The structures (rdrichvaluestructure.xml ``<s t="…">``) of a picture in a cell: placed in it (挿入 → 画像 → セルに配置),
# or IMAGE()'s; of an error value with its details (#SPILL!, #CALC! …). Every other structure is a data type's
# (株価・地理 ``_linkedEntity``/``_linkedEntity2``, an organisation's or Power Query's ``_entity`` …).
_PICTURE_STRUCTURES = frozenset({"_localimage", "_webimage", "_image"})
_ERROR_STRUCTURES = frozenset({"_error"})


def rich_kind(vm: str, rich: RichValues | None) -> str:
    """What the rich value of a cell's ``vm`` is (:data:`PICTURE`, :data:`DATA_TYPE`, :data:`RICH_ERROR`), or ""."""
    if rich is None or not vm.strip().isdigit():
        return ""
    return rich.kind(int(vm))


@dataclass(frozen=True)
class RichValues:
    """What each value metadata record (a cell's ``vm``) of a workbook is, followed as Excel 365 writes it: the
    record's ``<rc t v>`` names the metadata type XLRICHVALUE (``t``, 1-based) and its futureMetadata block (``v``), whose
    ``<xlrd:rvb i>`` is the rich value (0-based, through rdrichvalue.xml or richValue*.xml in order); the rich value's
    structure (``s``) is a picture's, an error's or a data type's. ``kinds``: by record, 0-based; "" for one that
    cannot be followed. The parts are the sender's: any of them missing, too big (:data:`parts.RICH_PART_BYTES`, left
    out by the zip checks), malformed or with a DTD leaves the records unknown, never the file unread."""

    kinds: tuple[str, ...] = ()

    @classmethod
    def of(cls, found: dict[str, bytes]) -> RichValues:
        try:
            return cls(tuple(_rich_kinds(found)))
        except Exception:  # noqa: BLE001 - the sender's parts, whatever they hold: every record unknown
            return cls()

    def kind(self, vm: int) -> str:
        """The kind of the record a cell's ``vm`` names: 1-based as Excel writes it (``vm="1"`` is the first; a 0,
        which Excel never writes, is taken as the first too)."""
        index = max(vm - 1, 0)
        return self.kinds[index] if index < len(self.kinds) else ""


def _rich_kinds(found: dict[str, bytes]) -> list[str]:
    metadata = found.get(parts.METADATA_PART)
    if metadata is None:
        return []
    types: list[str] = []  # metadataTypes' names, in order
    blocks: dict[str, list[int | None]] = {}  # futureMetadata name → each block's rvb i
    records: list[tuple[str, str] | None] = []  # valueMetadata: each block's first <rc>'s (t, v)
    open_: list[str] = []
    future: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        local, parent = name.rpartition(" ")[2], open_[-1] if open_ else ""
        open_.append(local)
        if local == "metadataType" and parent == "metadataTypes":
            types.append(attributes.get("name", ""))
        elif local == "futureMetadata":
            future[:] = [attributes.get("name", "")]
            blocks.setdefault(future[0], [])
        elif local == "bk" and parent == "futureMetadata" and future:
            blocks[future[0]].append(None)
        elif local == "rvb" and future and blocks[future[0]] and blocks[future[0]][-1] is None:
            blocks[future[0]][-1] = _index(attributes.get("i"))
        elif local == "bk" and parent == "valueMetadata":
            records.append(None)
        elif local == "rc" and parent == "bk" and len(open_) >= 3 and open_[-3] == "valueMetadata" and records \
                and records[-1] is None:
            records[-1] = (attributes.get("t", ""), attributes.get("v", ""))

    def end(_name: str) -> None:
        if open_.pop() == "futureMetadata":
            future.clear()

    parts.events_parser(start, end).Parse(metadata, True)
    values, structures = _rich_value_structures(found)
    kinds = []
    for record in records:
        kind = ""
        t, v = (_index(x) for x in record) if record else (None, None)
        if t is not None and v is not None and 1 <= t <= len(types) and types[t - 1] == "XLRICHVALUE":
            chain = blocks.get("XLRICHVALUE", [])
            value = chain[v] if v < len(chain) else None
            structure = values[value] if value is not None and value < len(values) else None
            kind = _structure_kind(structure if isinstance(structure, str) else
                                   structures[structure] if structure is not None and structure < len(structures)
                                   else None)
        kinds.append(kind)
    return kinds


def _rich_value_structures(found: dict[str, bytes]) -> tuple[list[int | str | None], list[str]]:
    """Each rich value's structure (its ``s``, an index into the structures — or, in the richValue.xml variant with no
    structure, its type ``t`` as a name: 「image」), in order across the rich value parts; the structures' types."""
    def numbered(stem: str) -> list[str]:  # richValue.xml, richValue1.xml, richValue2.xml … (rdrichvalue.xml alike)
        pattern = re.compile(re.escape(parts.RICH_DATA_FOLDER + stem) + r"(\d*)\.xml")
        named = [(m[1], key) for key in found if (m := pattern.fullmatch(key))]
        return [key for _n, key in sorted(named, key=lambda n: int(n[0] or -1))]

    values: list[int | str | None] = []
    structures: list[str] = []

    def value(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "rv":
            s = _index(attributes.get("s"))
            values.append(s if s is not None else (attributes.get("t") or None))

    def structure(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "s":
            structures.append(attributes.get("t", ""))

    for key in numbered("rdrichvalue") or numbered("richvalue"):
        parts.events_parser(value).Parse(found[key], True)
    for key in numbered("rdrichvaluestructure") or numbered("richvaluestructure"):
        parts.events_parser(structure).Parse(found[key], True)
    return values, structures


def _structure_kind(structure: str | None) -> str:
    if structure is None:
        return ""
    name = structure.strip().lower()
    if name in _PICTURE_STRUCTURES or name == "image":
        return PICTURE
    return RICH_ERROR if name in _ERROR_STRUCTURES else DATA_TYPE


def _index(text: str | None) -> int | None:
    """A non-negative index written in an attribute, or None."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None
