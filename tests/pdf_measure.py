"""Test helper: measure a printed PDF — text size as printed, page fill, sparse pages, clipped cells.

The print-quality tests render each workbook reform_xlsx writes with LibreOffice and measure
the PDF with poppler's ``pdftotext -bbox`` (and ``pdftoppm`` for how far ink reaches down a
page). The clipping check also reads the workbook with openpyxl::

    from pdf_measure import measure_pdf, render_pdf
    doc = measure_pdf(render_pdf("out/会議資料.xlsx", tmp_path), workbook="out/会議資料.xlsx")
    assert doc.problems() == []          # ≥ 8 pt, no sparse page, no bare header band, nothing clipped

From a shell (handy while designing a sheet)::

    .venv/bin/python tests/pdf_measure.py file.xlsx [--json]   # renders with LibreOffice first
    .venv/bin/python tests/pdf_measure.py file.pdf --xlsx file.xlsx
    .venv/bin/python tests/pdf_measure.py --calibrate           # re-measure the height/point ratio

Calibration (``calibrate()``; LibreOffice 7.4, poppler 22)
---------------------------------------------------------
``pdftotext -bbox`` gives each word a box whose height is font size × (ascent − descent).
LibreOffice writes ``/Ascent 0 /Descent 0`` into every embedded font's descriptor, so poppler
falls back to 0.95 and −0.35: the box is **1.30 × the font size as printed** for every font and
weight (measured on BIZ UDゴシック, BIZ UDPゴシック and Noto Sans CJK JP, regular and bold,
5–16 pt, at 100 % and 50 %: 1.297–1.302). Print scaling (fit to width, print scale) is inside the
PDF's text matrix, so the box already shows the size on paper: a 10 pt cell on a sheet fitted at
60 % measures 6.0 pt. ``tests/test_pdf_measure.py`` re-checks the ratio on every run.

What a page reports (:class:`PageMeasure`)
------------------------------------------
- ``min_pt`` / ``median_pt``: body text, i.e. everything between the running header band (top
  42 pt) and footer band (bottom 40 pt); the median is weighted by characters. Chart labels are
  text in LibreOffice's PDF and count too.
- ``fill``: lowest word / usable height; ``ink_fill``: the same from a 24 dpi raster (charts and
  rules count).
- ``sparse``: at most 12 words or 3 lines below the repeated print-title rows (a page with only a
  heading, one row and a total). ``bare_title_band``: the repeated table header is followed, within
  three lines, by nothing that fills 30 % of its columns. Print titles are recognised as words
  that recur at the same x on other pages, at the top of the body.
- ``sheet`` / ``last_of_sheet`` (with the workbook): the sheet a page prints, guessed from which
  sheet's cell strings cover most of the page, in sheet order.
- Clipping (:func:`find_clipped`, with the workbook): every string cell is traced through the
  page's words as a wrapped cell prints them; a text that stops early, or whose lines run further
  down than its row is high (LibreOffice writes those lines into the PDF too; the row's clip hides
  them on paper), is reported with how many characters made it onto paper.

Rotated text (vertical axis titles) has its box turned: a word whose box is much taller than wide
is measured by its width instead.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

BBOX_HEIGHT_PER_PT = 1.30  # pdftotext -bbox word height / font size in pt (see module doc)
HEADER_BAND = 42.0  # pt from the top edge: running header (reform_xlsx: header margin 0.3in, 9 pt)
FOOTER_BAND = 40.0  # pt from the bottom edge: running footer (page number)
SPARSE_WORDS = 12  # a page with at most this many own words (not repeated, not header) is "sparse"
SPARSE_LINES = 3  # ... or with at most this many lines of own text

_WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # top (PDF y grows downwards in pdftotext's output)
    x1: float
    y1: float

    @property
    def rotated(self) -> bool:
        """Box much taller than wide for its length: text set vertically/rotated."""
        w, h = self.x1 - self.x0, self.y1 - self.y0
        return len(self.text) >= 2 and h > 1.6 * w

    @property
    def pt(self) -> float:
        """Font size in points as printed."""
        extent = (self.x1 - self.x0) if self.rotated else (self.y1 - self.y0)
        return round(extent / BBOX_HEIGHT_PER_PT, 1)


@dataclass
class PageMeasure:
    number: int  # 1-based
    width: float
    height: float
    sheet: str | None  # best guess of the worksheet printed on this page (needs the workbook)
    words: int  # all words on the page
    body_words: int  # words outside the running header/footer bands
    own_words: int  # body words below the repeated print-title rows
    own_lines: int
    min_pt: float | None  # smallest body text (running header/footer excluded)
    median_pt: float | None  # median body text, weighted by characters
    header_pt: float | None  # size of the running header/footer text
    fill: float  # lowest body text / usable height (between the header and footer bands), 0..1
    fill_x: float  # rightmost body text / usable width, 0..1
    sparse: bool  # only headings / repeated titles / a total: few own words
    bare_title_band: bool = False  # repeated table header (print titles) with no table rows under it
    ink_fill: float | None = None  # lowest non-white pixel row (charts, borders too) / usable height
    last_of_sheet: bool = True  # False when the next page prints the same sheet (needs the workbook)
    first_line: str = ""  # the first line of the page's own text (below the repeated titles)
    before_part: bool = False  # the next page prints the same sheet and begins a part (a 重点項目): a break on purpose
    smallest: list[str] = field(default_factory=list)  # a few of the smallest words, "text@pt"
    sizes: dict[str, int] = field(default_factory=dict)  # pt -> number of characters


@dataclass
class Clip:
    sheet: str
    cell: str
    text: str  # the cell's text (shortened)
    found: int  # characters of the cell text found in the PDF, in order from the start
    total: int

    @property
    def missing(self) -> str:
        return "(not printed)" if self.found == 0 else f"cut after {self.found}/{self.total} chars"


@dataclass
class DocumentMeasure:
    path: str
    pages: list[PageMeasure]
    clipped: list[Clip] = field(default_factory=list)
    workbook: str | None = None

    @property
    def min_pt(self) -> float | None:
        vals = [p.min_pt for p in self.pages if p.min_pt is not None]
        return min(vals) if vals else None

    def problems(self, body_min: float = 8.0) -> list[str]:
        out = []
        for p in self.pages:
            out.extend(f"p.{p.number}: {msg}" for msg in page_problems(p, body_min))
        out.extend(f"{c.sheet}!{c.cell}: {c.missing}: {c.text}" for c in self.clipped)
        return out


# --------------------------------------------------------------------------- reading

def _pdftotext() -> str:
    exe = shutil.which("pdftotext")
    if not exe:
        raise RuntimeError("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    return exe


def read_words(pdf: str | Path) -> list[tuple[float, float, list[Word]]]:
    """Per page: (width, height, words) from ``pdftotext -bbox``."""
    out = subprocess.run([_pdftotext(), "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for chunk in out.split("<page ")[1:]:
        m = _PAGE.match("<page " + chunk)
        words = [Word(html.unescape(t), float(a), float(b), float(c), float(d))
                 for a, b, c, d, t in _WORD.findall(chunk)]
        pages.append((float(m.group(1)), float(m.group(2)), words))
    return pages


def _key(w: Word) -> tuple:
    """Identity of a word across pages: text and left edge (print titles keep x, not always y:
    on a sheet's first page they sit under the title, on later pages at the top)."""
    return (w.text, round(w.x0))


def _line_groups(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines by baseline (2 pt tolerance), top to bottom."""
    groups: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.y1):
        if groups and w.y1 - groups[-1][-1].y1 <= 2.0:
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


def title_band(body: list[Word], repeated: set[tuple]) -> list[Word]:
    """The print-title rows: lines at the top of the body whose words recur at the same place on other pages."""
    band: list[Word] = []
    for line in _line_groups(body):
        if sum(_key(w) in repeated for w in line) >= 0.8 * len(line):
            band.extend(line)
        else:
            break
    return band


def _columns(words: list[Word]) -> list[tuple[float, float]]:
    """Horizontal extents of the word columns (overlapping x ranges merged)."""
    spans: list[list[float]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if spans and w.x0 <= spans[-1][1] + 1.0:
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            spans.append([w.x0, w.x1])
    return [(a, b) for a, b in spans]


def _lines(words: list[Word]) -> int:
    """Number of distinct text lines (words grouped by their baseline, 2 pt tolerance)."""
    ys = sorted(w.y1 for w in words)
    n, last = 0, None
    for y in ys:
        if last is None or y - last > 2.0:
            n += 1
        last = y
    return n


# --------------------------------------------------------------------------- measuring

def measure_page(number: int, width: float, height: float, words: list[Word],
                 repeated: set[tuple] = frozenset(), sheet: str | None = None,
                 header_band: float = HEADER_BAND, footer_band: float = FOOTER_BAND) -> PageMeasure:
    """Measure one page. ``repeated``: word keys seen at the same place on other pages."""
    band = [w for w in words if w.y1 <= header_band or w.y0 >= height - footer_band]
    body = [w for w in words if w not in band]
    titles = title_band(body, repeated)
    own = [w for w in body if w not in titles]
    sizes: Counter = Counter()
    for w in body:
        sizes[w.pt] += len(w.text)
    weighted = sorted(sizes.elements())
    usable_h = height - header_band - footer_band
    usable_w = width - 2 * 28.0
    fill = max(0.0, min(1.0, (max((w.y1 for w in body), default=header_band) - header_band) / usable_h))
    fill_x = max(0.0, min(1.0, (max((w.x1 for w in body), default=28.0) - 28.0) / usable_w))
    smallest = sorted(body, key=lambda w: w.pt)[:3]
    bare = False
    if titles:
        band_bottom = max(w.y1 for w in titles)
        columns = _columns(titles)
        first_lines = _line_groups([w for w in own if w.y0 > band_bottom - 1])[:3]
        bare = not any(
            sum(1 for x0, x1 in columns if any(w.x0 < x1 and w.x1 > x0 for w in line)) >= 0.3 * len(columns)
            for line in first_lines)
    return PageMeasure(
        number=number, width=round(width, 1), height=round(height, 1), sheet=sheet,
        words=len(words), body_words=len(body), own_words=len(own), own_lines=_lines(own),
        min_pt=min((w.pt for w in body), default=None),
        median_pt=statistics.median(weighted) if weighted else None,
        header_pt=statistics.median([w.pt for w in band]) if band else None,
        fill=round(fill, 2), fill_x=round(fill_x, 2),
        sparse=len(own) <= SPARSE_WORDS or _lines(own) <= SPARSE_LINES,
        bare_title_band=bare,
        smallest=[f"{w.text[:12]}@{w.pt}" for w in smallest],
        first_line=_first_line(own),
        sizes={str(k): v for k, v in sorted(sizes.items())},
    )


def _first_line(words: list[Word]) -> str:
    """The text of the topmost line of ``words`` (left to right), or ""."""
    if not words:
        return ""
    top = min(w.y1 for w in words)
    return "".join(w.text for w in sorted((w for w in words if abs(w.y1 - top) <= 2), key=lambda w: w.x0))


def part_heading(word: str = "重点項目") -> re.Pattern[str]:
    """How the first line of a page that begins a part of the packet's item list reads: the plan's first level
    (``plan.words.area``: 重点項目, 基本方針, 柱 …) and its number, not marked 「（続き）」 (a page that continues a
    part begins with the same heading, marked: the page before it is an ordinary page)."""
    return re.compile(rf"^{re.escape(word)}\s*\d+(?!.*（続き）)")


# the bundled plan's: the page before a page that begins a 重点項目 may end short
PART_HEADING = part_heading()


def repeated_keys(pages: list[tuple[float, float, list[Word]]]) -> set[tuple]:
    """Words with the same text at the same x on two or more pages (print titles, headers)."""
    seen: Counter = Counter()
    for _, _, words in pages:
        for k in {_key(w) for w in words}:
            seen[k] += 1
    return {k for k, n in seen.items() if n >= 2}


def measure_pdf(pdf: str | Path, workbook: str | Path | None = None, *, sheets=None, ink: bool = True,
                header_band: float = HEADER_BAND, footer_band: float = FOOTER_BAND,
                part_heading: re.Pattern[str] | None = PART_HEADING) -> DocumentMeasure:
    """Measure every page; with the source ``workbook`` also name each page's sheet and find clipped cells.
    ``part_heading``: how the first line of a page that begins a part reads (the page before it may end short);
    for a plan whose first level is not 重点項目, ``part_heading(plan.words.area)``."""
    pages = read_words(pdf)
    rep = repeated_keys(pages)
    names = assign_sheets(pages, workbook_cells(workbook, sheets)) if workbook else [None] * len(pages)
    measured = [measure_page(i + 1, w, h, words, rep, names[i], header_band, footer_band)
                for i, (w, h, words) in enumerate(pages)]
    if ink:
        for p, (fy, _) in zip(measured, ink_fill(pdf, header_band, footer_band)):
            p.ink_fill = fy
    for a, b in zip(measured, measured[1:]):
        a.last_of_sheet = a.sheet is None or a.sheet != b.sheet
        a.before_part = not a.last_of_sheet and part_heading is not None and bool(part_heading.match(b.first_line))
    doc = DocumentMeasure(str(pdf), measured, workbook=str(workbook) if workbook else None)
    if workbook:
        doc.clipped = find_clipped(pdf, workbook, pages, sheets)
    return doc


def ink_fill(pdf: str | Path, header_band: float = HEADER_BAND, footer_band: float = FOOTER_BAND,
             dpi: int = 24) -> list[tuple[float, float]]:
    """Per page (fill_y, fill_x) from a coarse greyscale raster (``pdftoppm -gray``):
    the lowest / rightmost non-white pixel between the header and footer bands, as a
    fraction of the usable height / width. Unlike word boxes this sees charts and rules."""
    exe = shutil.which("pdftoppm")
    if not exe:
        return []
    out = []
    with tempfile.TemporaryDirectory(prefix="measure-pdf-ink-") as tmp:
        subprocess.run([exe, "-gray", "-r", str(dpi), str(pdf), f"{tmp}/p"], check=True, capture_output=True)
        for f in sorted(Path(tmp).glob("p-*.pgm"), key=lambda f: int(f.stem.split("-")[-1])):
            data = f.read_bytes()
            parts = data.split(maxsplit=4)  # P5 W H MAX pixels
            w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
            scale = dpi / 72
            top, bottom = int(header_band * scale), h - int(footer_band * scale)
            margin = int(28 * scale)
            low, right = top, margin
            for y in range(top, bottom):
                row = pixels[y * w:(y + 1) * w]
                dark = [x for x in range(w) if row[x] < 200]
                if dark:
                    low = y
                    right = max(right, dark[-1])
            out.append((round((low - top) / max(1, bottom - top), 2),
                        round((right - margin) / max(1, w - 2 * margin), 2)))
    return out


def page_problems(p: PageMeasure, body_min: float = 8.0, min_fill: float = 0.6) -> list[str]:
    """Plain-language problems of one page (``min_fill``: how full a page the sheet goes on after must be)."""
    out = []
    if p.body_words == 0:
        out.append("empty page (only the running header/footer)")
        return out
    if p.min_pt is not None and p.min_pt < body_min:
        out.append(f"text down to {p.min_pt} pt (median {p.median_pt} pt)")
    if p.header_pt is not None and p.header_pt < body_min:
        out.append(f"running header/footer at {p.header_pt} pt")
    if p.sparse:
        out.append(f"sparse page: {p.own_words} own words in {p.own_lines} lines (headings/total only?)")
    if p.bare_title_band:
        out.append("repeated table header with no rows beneath it")
    used = p.ink_fill if p.ink_fill is not None else p.fill
    if not p.last_of_sheet and not p.before_part and used < min_fill and not p.sparse:
        out.append(f"page break leaves {1 - used:.0%} of the page empty (sheet continues)")
    return out


# --------------------------------------------------------------------------- workbook side

def _norm(text: str) -> str:
    """Compare text as printed: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def workbook_cells(workbook: str | Path, sheets=None, rows: dict | None = None) -> dict[str, list[tuple[str, str]]]:
    """Visible sheets (or only ``sheets``) -> [(cell, text)] of the literal strings in their
    print area (formulas skipped). ``rows``, when given, receives {(sheet, cell): (height, font size)} in points:
    the height of the cell's row (of its merged rows), where the workbook gives it."""
    import openpyxl
    from openpyxl.utils.cell import range_boundaries

    wb = openpyxl.load_workbook(workbook)
    out: dict[str, list[tuple[str, str]]] = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or (sheets is not None and ws.title not in sheets):
            continue
        bounds = None
        if ws.print_area:
            area = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
            bounds = range_boundaries(area.split("!")[-1].replace("$", ""))
        cells = []
        merged = {rng.start_cell.coordinate: (rng.min_row, rng.max_row) for rng in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or c.value.startswith("=") or not _norm(c.value):
                    continue
                if bounds and not (bounds[0] <= c.column <= bounds[2] and bounds[1] <= c.row <= bounds[3]):
                    continue
                if ws.column_dimensions[c.column_letter].hidden or ws.row_dimensions[c.row].hidden:
                    continue
                cells.append((c.coordinate, c.value))
                if rows is not None:
                    first, last = merged.get(c.coordinate, (c.row, c.row))
                    heights = [ws.row_dimensions[r].height for r in range(first, last + 1)
                               if not ws.row_dimensions[r].hidden]
                    if heights and None not in heights:
                        rows[(ws.title, c.coordinate)] = (sum(heights), c.font.sz or 11.0)
        out[ws.title] = cells
    return out


def assign_sheets(pages, cells: dict[str, list[tuple[str, str]]]) -> list[str | None]:
    """Guess which sheet each page prints.

    Pages follow sheet order; a page belongs to the sheet (this one or a later one) whose
    strings cover most of the page's text. A page with no match (a chart, a blank page)
    stays with the sheet before.
    """
    order = list(cells)
    strings = {name: {_norm(t) for _, t in cells[name]} - {""} for name in order}
    result: list[str | None] = []
    cur = 0
    for _, _, words in pages:
        text = _norm("".join(w.text for w in words))
        best, best_cov = cur, 0.0
        for i in range(cur, len(order)):
            cov = sum(len(s) for s in strings[order[i]] if len(s) >= 2 and s in text) / max(1, len(text))
            if cov > best_cov + 1e-9:
                best, best_cov = i, cov
        cur = best
        result.append(order[cur] if order else None)
    return result


def _printed_prefix(target: str, words: list[Word], fits=None) -> int:
    """How much of ``target`` (normalised) the page prints as one cell, from its start.

    Follows words as a wrapped cell prints them: the next piece is either to the right on
    the same line, or on the next line within the cell's horizontal reach. Returns the
    number of characters matched (len(target) when the whole text is printed). ``fits``, when
    given, judges a whole trace (its words, in order): it returns how many of them are on paper
    (:func:`_within_row`); a trace not all of whose words are is not whole, and the characters it
    keeps count as printed.
    """
    normed = [(_norm(w.text), w) for w in words]
    best = 0
    tried: set[tuple] = set()  # (position, word, reach, start) already followed without reaching the end
    path: list[Word] = []

    def whole() -> bool:
        nonlocal best
        if fits is None:
            return True
        kept = fits(path)
        if kept == len(path):
            return True
        best = max(best, sum(len(_norm(w.text)) for w in path[:kept]))
        return False

    def follow(pos: int, cur: Word, left: float, right: float, depth: int) -> bool:
        nonlocal best
        if pos >= len(target):
            return whole()
        best = max(best, pos)
        if depth > 400:
            return False
        state = (pos, id(cur), round(left, 1), round(right, 1), id(path[0]) if fits else None)  # (a trace is judged
        # from its first word: one from another start may fit its row)
        if state in tried:  # (a cell of many identical lines 「あ」 made every path a new search: hours)
            return False
        tried.add(state)
        rest = target[pos:]
        h = cur.y1 - cur.y0
        reach = 2.5 * h
        for t, w in normed:
            if not t or not rest.startswith(t):
                continue
            same_line = abs(w.y1 - cur.y1) < 0.15 * h and 0 <= w.x0 - cur.x1 < 1.6 * h
            # the next line of the cell: below, overlapping the text so far horizontally (left,
            # centred or right aligned lines alike)
            next_line = (0.4 * h < w.y0 - cur.y0 < 1.9 * h and w.x1 > left - reach and w.x0 < right + reach)
            if same_line or next_line:
                path.append(w)
                if follow(pos + len(t), w, min(left, w.x0), max(right, w.x1), depth + 1):
                    return True
                path.pop()
        return False

    for t, w in normed:
        if t and target.startswith(t):
            path[:] = [w]
            if follow(len(t), w, w.x0, w.x1, 0):
                return len(target)
    if best == 0:  # the text may start inside a word (e.g. overflow joined with the cell before)
        for t, _ in normed:
            if target in t:
                return len(target)
    return best


def _within_row(chain: list[Word], row_height: float, font_size: float) -> int:
    """How many of the traced words ``chain`` of a cell lie within its row: the text may reach no further down than
    the row is high, from its first line (LibreOffice writes a line that runs past the row's bottom edge into the PDF
    all the same — only the row's clip hides it on paper — so finding every word is not enough).

    Measured on LibreOffice's PDF: a top-aligned cell's first word box begins at the row's top edge (the box is
    0.95 em above the baseline, the padding within it), and a line's glyphs end 0.12 em below its baseline (0.35 em
    above the box's bottom). The scale the page prints at is read from the first word (its box is 1.30 × the font
    size as printed)."""
    first = chain[0]
    em = (first.y1 - first.y0) / BBOX_HEIGHT_PER_PT  # the font size as printed
    bottom = first.y0 + row_height * em / font_size + 0.3  # the row's bottom edge (a little tolerance)
    kept = 0
    for w in chain:
        if w.y1 - 0.35 * em + 0.12 * em > bottom:
            break
        kept += 1
    return kept


def find_clipped(pdf: str | Path, workbook: str | Path, pages=None, sheets=None) -> list[Clip]:
    """Cells whose text is not printed in full.

    Each string cell's text (NFKC, whitespace removed) is traced through the words of the
    page(s) its sheet printed on, line by line as a wrapped cell prints
    (:func:`_printed_prefix`). A cell whose text cannot be traced to its end, or whose traced
    lines run further down than its row is high (:func:`_within_row`: LibreOffice writes them
    into the PDF, the row's clip hides them), is reported with the number of characters that
    were printed. Formula and number cells are not
    checked ('###' overflow goes unnoticed); a cell split over two pages would be reported.
    """
    pages = pages if pages is not None else read_words(pdf)
    rows: dict = {}
    cells = workbook_cells(workbook, sheets, rows)
    names = assign_sheets(pages, cells)
    clips = []
    for sheet, items in cells.items():
        on_pages = [ws for (_, _, ws), n in zip(pages, names) if n == sheet]
        flat = _norm("".join(w.text for ws in on_pages for w in ws))
        for cell, text in items:
            t = _norm(text)
            if t in flat and len(t) <= 4:  # short labels: plain presence is enough
                continue
            row = rows.get((sheet, cell))
            fits = (lambda chain, row=row: _within_row(chain, *row)) if row else None
            found = max((_printed_prefix(t, ws, fits) for ws in on_pages), default=0)
            if found < len(t):
                clips.append(Clip(sheet, cell, text if len(text) <= 40 else text[:38] + "…", found, len(t)))
    return clips


# --------------------------------------------------------------------------- LibreOffice

def render_pdf(source: str | Path, out_dir: str | Path, timeout: float = 300) -> Path:
    """``soffice --headless --convert-to pdf`` (the package's own driver, a throw-away profile)."""
    from reform_xlsx.xlsx.libreoffice import convert

    return convert(source, "pdf", out_dir, timeout=timeout)


def calibrate(work: str | Path | None = None,
              fonts=("BIZ UDゴシック", "BIZ UDPゴシック", "Noto Sans CJK JP"),
              sizes=(5, 6, 7, 8, 9, 10, 11, 12, 14, 16), scales=(100, 50)) -> dict:
    """Print cells of known size with LibreOffice; return height/pt ratios (min, max, n) and the worst error."""
    import xlsxwriter

    texts = ["改革項目一覧", "ふるさと納税", "1,250,000", "K01abc", "(区分)", "ー・。"]
    work = Path(work or tempfile.mkdtemp(prefix="measure-pdf-cal-"))
    ratios, worst = [], 0.0
    for scale in scales:
        path = work / f"calib_{scale}.xlsx"
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("calib")
        ws.set_paper(9)
        ws.set_print_scale(scale)
        ws.set_column(0, 0, 14)
        ws.set_column(1, 1, 40)
        label = wb.add_format({"font_name": "DejaVu Sans", "font_size": 8})
        expect = {}
        r = 0
        for font in fonts:
            for bold in (False, True):
                fmt_by_size = {s: wb.add_format({"font_name": font, "font_size": s, "bold": bold}) for s in sizes}
                for s in sizes:
                    for t in texts:
                        tag = f"Q{r:04d}"
                        ws.write(r, 0, tag, label)
                        ws.write(r, 1, t, fmt_by_size[s])
                        expect[tag] = s * scale / 100
                        r += 1
        wb.close()
        pdf = render_pdf(path, work)
        for _, _, words in read_words(pdf):
            tags = [w for w in words if w.text in expect]
            others = [w for w in words if w.text not in expect]
            for tag in tags:  # cells are bottom-aligned: same row = nearest baseline
                cell = min(others, key=lambda w: abs(w.y1 - tag.y1))
                size = expect[tag.text]
                ratios.append((cell.y1 - cell.y0) / size)
                worst = max(worst, abs(cell.pt - size))
    return {"ratio_min": round(min(ratios), 4), "ratio_max": round(max(ratios), 4),
            "n": len(ratios), "max_error_pt": round(worst, 2), "work": str(work)}


# --------------------------------------------------------------------------- CLI

def format_table(doc: DocumentMeasure, body_min: float = 8.0) -> str:
    rows = [f"# {doc.path}", "page  sheet             min  median hdr   fill  ink   words own  problems"]
    for p in doc.pages:
        fmt = lambda v: "  -  " if v is None else f"{v:5.1f}"  # noqa: E731
        rows.append(f"{p.number:>4}  {(p.sheet or '')[:14]:<14}  {fmt(p.min_pt)} {fmt(p.median_pt)} "
                    f"{fmt(p.header_pt)}  {p.fill:4.2f}  {p.ink_fill if p.ink_fill is not None else 0:4.2f}  "
                    f"{p.body_words:>5} {p.own_words:>4}  "
                    f"{'; '.join(page_problems(p, body_min))}")
    for c in doc.clipped:
        rows.append(f"  CLIPPED {c.sheet}!{c.cell}: {c.missing}: {c.text}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help="PDF files, or .xlsx files (rendered with LibreOffice first)")
    ap.add_argument("--xlsx", help="source workbook of a single PDF (names sheets, finds clipped cells)")
    ap.add_argument("--sheets", help="comma-separated sheets the PDF prints (default: all visible)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--min-pt", type=float, default=8.0, help="body text threshold (default 8)")
    ap.add_argument("--pdf-dir", help="where rendered PDFs go (default: a temp dir)")
    ap.add_argument("--calibrate", action="store_true", help="re-measure the bbox height/pt ratio")
    a = ap.parse_args(argv)
    if a.calibrate:
        print(json.dumps(calibrate(), ensure_ascii=False, indent=1))
        return 0
    docs = []
    for f in a.files:
        f = Path(f)
        if f.suffix.lower() == ".xlsx":
            pdf = render_pdf(f, a.pdf_dir or tempfile.mkdtemp(prefix="measure-pdf-"))
            docs.append(measure_pdf(pdf, f))
        else:
            docs.append(measure_pdf(f, a.xlsx, sheets=a.sheets.split(",") if a.sheets else None))
    if a.json:
        print(json.dumps([{**asdict(d), "problems": d.problems(a.min_pt)} for d in docs],
                         ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(format_table(d, a.min_pt) for d in docs))
    bad = any(d.problems(a.min_pt) for d in docs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
