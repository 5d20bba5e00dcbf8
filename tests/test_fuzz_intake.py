"""Property-based fuzzing of the intake (issue 9): mutants of a valid return — its zip bytes flipped,
cut or overwritten, its XML parts edited (elements deleted, duplicated or garbled, attributes
changed), its cells given random values (text with control characters, huge numbers, formulas,
errors) — never stop a batch, never hang past the per-file cap, always get exactly one status
each, and the good file beside them is always accepted.

Hypothesis draws small *recipes* (what to change where), applied to the valid return in the test,
so that a failing example reads as the edit that made it. The cheap properties (sniffing, the zip
checks) run in-process on hundreds of examples; the batch properties put several mutants in one
inbox per example, so that one pool of workers reads them all. ``@pytest.mark.slow`` runs the same
properties on :data:`SLOW_SCALE` times as many examples (``REFORM_XLSX_FUZZ_SCALE`` sets it).
"""

from __future__ import annotations

import functools
import io
import os
import re
import struct
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile_corpus as corpus
from reform_xlsx import merge as merge_module
from reform_xlsx.intake import Limits, read_returns
from reform_xlsx.intake.reader import iter_returns
from reform_xlsx.intake.safety import inspect_zip
from reform_xlsx.intake.sniff import FORMAT_LABELS, sniff
from reform_xlsx.messages import ALL_MESSAGES
from reform_xlsx.records import FileStatus

SLOW_SCALE = int(os.environ.get("REFORM_XLSX_FUZZ_SCALE", "3"))
SCALES = [pytest.param(1, id="ci"), pytest.param(SLOW_SCALE, id="slow", marks=pytest.mark.slow)]
TIMEOUT = 10.0  # per file: small, so that a hang shows quickly
LIMITS = Limits(timeout_seconds=TIMEOUT)
CODES = {m.value.code for m in ALL_MESSAGES}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # what a message must never carry (tab, line breaks may)
GOOD = "市民課"  # the good return beside the mutants (the mutants are 財政課's)


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Base:
    """The valid return the mutants come from (財政課's), and where its cells are."""

    def __init__(self, ctx: corpus.Ctx):
        path = ctx.good(corpus.H)
        self.data = path.read_bytes()
        self.entries = corpus.members(path)
        self.spans = member_spans(self.data)
        self.sheets = {sheet: corpus.sheet_part(path, sheet) for sheet in (corpus.ITEMS, corpus.KPI)}
        self.cells = cell_refs(ctx)


@pytest.fixture(scope="module")
def ctx(plan, tmp_path_factory):
    return corpus.Ctx(plan, tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def base(ctx):
    return Base(ctx)


def member_spans(data: bytes) -> list[tuple[int, int]]:
    """(start, length) of each member's compressed data in the zip."""
    spans = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
            spans.append((info.header_offset + 30 + n + m, info.compress_size))
    return spans


def cell_refs(ctx: corpus.Ctx) -> list[tuple[str, str]]:
    """(sheet, A1) of every input cell of 財政課's return, and of its ID cells (locked, but read)."""
    refs = []
    for item in ctx.plan.items_for(corpus.H):
        for label in ("ID", corpus.GRADE, corpus.RESULT, corpus.NEXT, corpus.YEN):
            refs.append((corpus.ITEMS, ctx.ref(corpus.ITEMS, item.id, label)))
    for kpi in ctx.plan.kpis_for(corpus.H):
        for label in ("KPI ID", corpus.ACTUAL, corpus.NOTE):
            refs.append((corpus.KPI, ctx.ref(corpus.KPI, kpi.id, label)))
    return refs


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.getvalue()


# ============================================================================ byte recipes
POSITION = st.integers(0, 1 << 20)  # taken modulo the size
JUNK = st.binary(min_size=1, max_size=64)
BYTE_RECIPES = st.one_of(
    st.tuples(st.just("flip"), st.lists(POSITION, min_size=1, max_size=9)),
    st.tuples(st.just("member"), st.integers(0, 20), POSITION),  # inside one member's compressed data
    st.tuples(st.just("truncate"), POSITION),
    st.tuples(st.just("overwrite"), POSITION, JUNK),
    st.tuples(st.just("insert"), POSITION, JUNK),
)


def apply_bytes(base: Base, recipe: tuple) -> bytes:
    """The zip's bytes flipped, cut, overwritten or with bytes inserted."""
    data, kind = base.data, recipe[0]
    if kind in ("flip", "member"):
        if kind == "member":
            start, length = base.spans[recipe[1] % len(base.spans)]
            positions = [start + recipe[2] % max(length, 1)]
        else:
            positions = [p % len(data) for p in recipe[1]]
        out = bytearray(data)
        for p in positions:
            out[p] ^= 0xFF
        return bytes(out)
    at = recipe[1] % len(data)
    if kind == "truncate":
        return data[:at]
    junk = recipe[2]
    return data[:at] + junk + data[at + len(junk):] if kind == "overwrite" else data[:at] + junk + data[at:]


# ============================================================================ XML recipes
PARTS = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/custom.xml",
         "docProps/core.xml", "xl/styles.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
         "xl/worksheets/sheet5.xml")  # sheets: 取組状況, KPI, _meta
ATTRIBUTE_VALUES = ["", "-1", "0", "A1:XFD1048576", "XFD1048576", "999999999999", "../../../x", "rId999", "s",
                    "inlineStr", "e", "str", "1e309", "\u202e", "財政課", "&amp;", "hidden", "veryHidden"]
XML_EDITS = st.tuples(
    st.sampled_from(PARTS),
    st.sampled_from(["delete", "duplicate", "garble", "attribute", "truncate", "insert"]),
    st.integers(0, 10_000),  # which element, attribute or position (modulo how many there are)
    st.binary(max_size=32) | st.sampled_from(ATTRIBUTE_VALUES) | st.text(max_size=12),
)
XML_RECIPES = st.tuples(st.just("xml"), st.lists(XML_EDITS, min_size=1, max_size=3))
_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)\b[^>]*?(/?)>")
_ATTRIBUTE = re.compile(rb'([A-Za-z][\w:.-]*)="([^"]*)"')


def _element(xml: bytes, n: int) -> tuple[int, int] | None:
    """The span of the ``n``-th element (roughly: up to the first closing tag of its name)."""
    tags = list(_TAG.finditer(xml))
    if not tags:
        return None
    m = tags[n % len(tags)]
    if m.group(2) == b"/":
        return m.start(), m.end()
    end = xml.find(b"</" + m.group(1) + b">", m.end())
    return (m.start(), end + len(m.group(1)) + 3) if end >= 0 else (m.start(), m.end())


def xml_edit(xml: bytes, kind: str, n: int, payload: bytes | str) -> bytes:
    """An element deleted, duplicated or garbled, an attribute changed, the part cut or given bytes."""
    raw = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload
    if kind in ("delete", "duplicate", "garble"):
        span = _element(xml, n)
        if span is None:
            return xml
        a, b = span
        return {"delete": xml[:a] + xml[b:], "duplicate": xml[:b] + xml[a:b] + xml[b:],
                "garble": xml[:a] + raw + xml[b:]}[kind]
    if kind == "attribute":
        found = list(_ATTRIBUTE.finditer(xml))
        if not found:
            return xml
        m = found[n % len(found)]
        return xml[:m.start(2)] + raw.replace(b'"', b"&quot;") + xml[m.end(2):]
    at = n % (len(xml) + 1)
    return xml[:at] if kind == "truncate" else xml[:at] + raw + xml[at:]


def apply_xml(base: Base, recipe: tuple) -> bytes:
    """A zip whose XML parts carry the edits (rezipped: the container itself is sound)."""
    parts = dict(base.entries)
    for part, kind, n, payload in recipe[1]:
        parts[part] = xml_edit(parts[part], kind, n, payload)
    return zip_bytes(list(parts.items()))


# ============================================================================ cell recipes
def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)  # what XML can hold
RAW = st.text(st.characters(max_codepoint=0x7F), min_size=1, max_size=8)  # with control characters XML cannot hold
FORMULAS = ["cmd|' /C calc'!A0", "HYPERLINK(\"http://evil.example\",\"x\")", "_xlfn.SINGLE(SUM(1))", "+1", "-1+1",
            "1/0", "[1]Sheet1!$A$1", "SUM(A1:XFD1048576)", "INDIRECT(\"A1\")", "WEBSERVICE(\"http://x\")"]


@st.composite
def cell_contents(draw) -> tuple[str, str | None]:
    """(inner XML, type) of a cell: text (control characters raw, as _xHHHH_ escapes or as
    character references), a number of any size or none, a formula with or without a cached value,
    an error, a boolean, a shared-string index that may not exist, a date that is not one."""
    kind = draw(st.sampled_from(["text", "raw", "escapes", "refs", "number", "formula", "error", "bool", "shared",
                                 "date"]))
    if kind in ("text", "raw"):
        return f'<is><t xml:space="preserve">{_escape(draw(TEXT if kind == "text" else RAW))}</t></is>', "inlineStr"
    if kind == "escapes":
        codes = draw(st.lists(st.integers(0, 0x1F), min_size=1, max_size=4))
        return f"<is><t>{''.join(f'_x{c:04X}_' for c in codes)}{_escape(draw(TEXT))}</t></is>", "inlineStr"
    if kind == "refs":
        return f"<is><t>a&#x{draw(st.integers(0, 0x1F)):x};b</t></is>", "inlineStr"
    if kind == "number":
        number = draw(st.integers(-(10**40), 10**40) | st.floats(allow_nan=True, allow_infinity=True))
        return f"<v>{number!r}</v>", draw(st.sampled_from(["n", None]))
    if kind == "formula":
        text = draw(st.sampled_from(FORMULAS) | TEXT)
        cached = draw(st.none() | st.sampled_from(["1", "#DIV/0!", "x", "1e999"]))
        return f"<f>{_escape(text)}</f>" + (f"<v>{cached}</v>" if cached else ""), draw(st.sampled_from(["str", None, "e"]))
    if kind == "error":
        return f"<v>{draw(st.sampled_from(['#DIV/0!', '#N/A', '#REF!', '#VALUE!', '#NAME?', '#NUM!', 'x']))}</v>", "e"
    if kind == "bool":
        return f"<v>{draw(st.sampled_from(['0', '1', '2', 'x']))}</v>", "b"
    if kind == "shared":
        return f"<v>{draw(st.integers(-1, 10**6))}</v>", "s"
    return f"<v>{_escape(draw(TEXT))}</v>", "d"


CELL_RECIPES = st.tuples(st.just("cells"), st.lists(st.tuples(st.integers(0, 1000), cell_contents()),
                                                   min_size=1, max_size=4))


def apply_cells(base: Base, recipe: tuple) -> bytes:
    """A return with some cells (an input cell or an ID, by number) given the drawn contents."""
    parts = dict(base.entries)
    for n, (inner, t) in recipe[1]:
        sheet, ref = base.cells[n % len(base.cells)]
        parts[base.sheets[sheet]] = corpus.set_cell(parts[base.sheets[sheet]], ref, inner, t)
    return zip_bytes(list(parts.items()))


def mutant(base: Base, recipe: tuple) -> bytes:
    return {"xml": apply_xml, "cells": apply_cells}.get(recipe[0], apply_bytes)(base, recipe)


ANY_RECIPE = BYTE_RECIPES | XML_RECIPES | CELL_RECIPES


# ============================================================================ properties
@given(data=st.binary(max_size=4096) | st.builds(lambda n: b"PK\x03\x04"[:n], st.integers(0, 4)))
@settings(max_examples=300, deadline=None, database=None)
def test_sniffing_never_raises_on_any_bytes(data):
    assert sniff(data) in FORMAT_LABELS


@pytest.mark.parametrize("scale", SCALES)
def test_sniffing_and_the_zip_checks_never_raise_on_mutants(scale, base):
    @fuzz_settings(300 * scale)
    @given(recipe=BYTE_RECIPES | XML_RECIPES)
    def prop(recipe):
        data = mutant(base, recipe)
        assert sniff(data) in FORMAT_LABELS
        found = inspect_zip(data, "m.xlsx", LIMITS, (corpus.ITEMS, corpus.KPI, corpus.META))
        assert all(p.code in CODES and p.code.startswith("F") for p in found.problems)

    prop()


def check_batch(results, names: list[str], started: float) -> None:
    """One result per file, each with one status and known codes, messages free of control
    characters, never an internal error; no file cost more than its cap; the good file accepted."""
    assert sorted(r.name for r in results) == sorted(names)
    for r in results:
        assert r.status in set(FileStatus), r.name
        assert all(p.code in CODES for p in r.problems), r.problems
        assert not [p.message for p in r.problems if CONTROL.search(p.message)], r.name
        assert "F020" not in {p.code for p in r.problems}, (r.name, r.problems)  # an internal error is a bug
    good = next(r for r in results if r.name == "good.xlsx")
    assert (good.status, good.section, good.problems) == (FileStatus.ACCEPTED, GOOD, [])
    # every file in its turn (two workers): startup plus one cap per file is the most it may take
    assert time.monotonic() - started < 60 + TIMEOUT * len(names)


def inbox_of(folder: Path, base: Base, good: bytes, recipes: list[tuple]) -> list[str]:
    """The mutants and the good return, written into ``folder``: their names."""
    names = [f"m{n:02}.xlsx" for n in range(len(recipes))]
    for name, recipe in zip(names, recipes):
        (folder / name).write_bytes(mutant(base, recipe))
    (folder / "good.xlsx").write_bytes(good)
    return [*names, "good.xlsx"]


@pytest.mark.parametrize("scale", SCALES)
def test_a_batch_of_mutants_completes(scale, ctx, plan, base):
    """Byte, XML and cell mutants, eight to an inbox, beside one good return: read in one batch."""
    good = ctx.good(GOOD).read_bytes()

    @fuzz_settings(50 * scale)
    @given(recipes=st.lists(ANY_RECIPE, min_size=8, max_size=8))
    def prop(recipes):
        with tempfile.TemporaryDirectory() as tmp:
            names = inbox_of(Path(tmp), base, good, recipes)
            started = time.monotonic()
            results = read_returns([tmp], plan, corpus.YEAR, limits=LIMITS)
            check_batch(results, names, started)

    prop()


@pytest.mark.parametrize("scale", SCALES)
def test_merge_of_returns_with_random_cells_completes(scale, ctx, plan, base, monkeypatch):
    """Returns with random cell contents go all the way: ledger, 受付結果, 回答一覧, 差し戻し copies,
    the meeting workbook and 公表用. The batch completes, the good return is accepted, the inbox is
    untouched, and no formula or link from an input reaches an output."""
    good = ctx.good(GOOD).read_bytes()
    monkeypatch.setattr(merge_module, "iter_returns", functools.partial(iter_returns, limits=LIMITS))
    own = corpus.own_formulas()

    @fuzz_settings(25 * scale)
    @given(recipes=st.lists(CELL_RECIPES, min_size=3, max_size=3))
    def prop(recipes):
        with tempfile.TemporaryDirectory() as tmp:
            inbox, out = Path(tmp) / "inbox", Path(tmp) / "out"
            inbox.mkdir()
            names = inbox_of(inbox, base, good, recipes)
            before = corpus.snapshot(inbox, folders=True)
            started = time.monotonic()
            result = merge_module.run_merge([inbox], plan, corpus.YEAR, db=Path(tmp) / "l.db", out=out, public=True)
            assert corpus.snapshot(inbox, folders=True) == before
            check_batch([f.result for f in result.batch.files], names, started)
            assert {f.result.name: f.status for f in result.batch.files}["good.xlsx"] == FileStatus.ACCEPTED
            for path in out.rglob("*.xlsx"):
                assert corpus.active_content(path, own_formulas=path.name in own) == [], path.name
            for path in out.rglob("*.csv"):
                assert corpus.csv_formulas(path) == [], path.name

    prop()
