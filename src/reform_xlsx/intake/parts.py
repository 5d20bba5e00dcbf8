"""The few OOXML parts read directly (with defusedxml): the sheet list, properties, save time."""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime

from defusedxml import ElementTree

CUSTOM_PART = "docProps/custom.xml"
CORE_PART = "docProps/core.xml"
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"
CONTENT_TYPES = "[Content_Types].xml"


def local(tag: str) -> str:
    """``{namespace}name`` → ``name`` (transitional and Strict OOXML use different namespaces)."""
    return tag.rsplit("}", 1)[-1]


def sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> list[tuple[str, str, str]]:
    """(sheet name, part name in the zip, state) in workbook order."""
    targets = {}
    for rel in ElementTree.fromstring(rels_xml).iter():
        if local(rel.tag) != "Relationship":
            continue
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = part
    sheets = []
    for sheet in ElementTree.fromstring(workbook_xml).iter():
        if local(sheet.tag) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.startswith("{") and local(k) == "id"), None)
        sheets.append((sheet.get("name", ""), targets.get(rid, ""), sheet.get("state", "visible")))
    return sheets


def custom_properties(custom_xml: bytes) -> dict[str, str]:
    """Custom document properties (docProps/custom.xml) as name → text value."""
    props = {}
    for prop in ElementTree.fromstring(custom_xml):
        name = prop.get("name")
        if name is None:
            continue
        value = next(iter(prop), None)
        props[name] = "" if value is None or value.text is None else value.text.strip()
    return props


_NS_DCTERMS = "http://purl.org/dc/terms/"


def core_modified(core_xml: bytes) -> float | None:
    """When the workbook was last saved (docProps/core.xml dcterms:modified), as an epoch."""
    elem = ElementTree.fromstring(core_xml).find(f"{{{_NS_DCTERMS}}}modified")
    if elem is None or not (elem.text or "").strip():
        return None
    text = elem.text.strip().replace("Z", "+00:00")
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp()
