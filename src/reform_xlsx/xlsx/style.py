"""The one look and print set-up of every workbook reform_xlsx writes (xlsxwriter).

- :class:`Styles`: every cell format, created once per workbook — the reports' (titles,
  headers, counts, %, yen, grade and 判定 colours) and the form's (grey locked plan facts,
  pale yellow inputs). Grade colours come from the plan's own grades (:func:`grade_colours`).
- :func:`setup_page`: A4 landscape, one page wide, repeated title rows, a running header and
  「x / y ページ」 footer — for templates, reports, receipts and 差し戻し copies alike.
- :func:`fitted_scale` / :func:`page_rows_height` / :func:`break_before` / :func:`keep_last_rows`:
  how large a sheet fitted to one page wide prints, and where manual page breaks go.
- :func:`write_note`: a note written one line a row (no merged cells), :func:`write_band`: a
  heading row across a table (no merged cells).

One font everywhere: BIZ UDゴシック (installed with Windows 10 and later; LibreOffice
substitutes a Gothic font where it is missing).
"""

from __future__ import annotations

import colorsys
import math
from functools import cached_property

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.form.layout import REFERENCE_MARK
from reform_xlsx.plan.model import DECREASE
from reform_xlsx.records import SectionStatus
from reform_xlsx.xlsx.workbook import FONT, FONT_SIZE

# --- colours -------------------------------------------------------------------------------
# The plan's facts (form) in a grey clearly darker than the inputs' pale yellow: printed in black and white the yellow
# is nearly white and the grey stays grey (the former #EDEDED printed as the same grey as the yellow, and the former
# header #D0D0D0 as the inputs' header). :func:`print_grey` gives the grey a colour prints as.
LOCKED_FILL, LOCKED_HEADER_FILL = "#D9D9D9", "#BFBFBF"
INPUT_FILL, INPUT_HEADER_FILL = "#FFF2CC", "#FFD966"  # the section's inputs (form)
HISTORY_FONT, BORDER_COLOUR, MUTED_FONT = "#404040", "#808080", "#404040"
HEADER_FILL, GROUP_FILL, SUBGROUP_FILL, TOTAL_FILL = "#1F4E78", "#D9E1F2", "#EEF2F8", "#F2F2F2"
ERROR_FILL = "#FFC7CE"  # a problem that rejects the file
WARNING_FILL = "#F4B183"  # a problem to check: orange, clearly apart from the inputs' pale yellow
# A marked cell's frame, so that a page printed in black and white still tells it (the red and the inputs' yellow print
# as nearly the same grey): an error in a thick solid frame, a warning in a medium dashed one. Its line style, not its
# colour, says which; the colour stays for the screen.
MARK_BORDERS = {ERROR_FILL: {"border": 5, "border_color": "#C00000"},  # thick
                WARNING_FILL: {"border": 8, "border_color": "#C55A11"}}  # medium dashed
JUDGEMENT_COLOURS = {"達成": "#BDD7EE", "順調": "#C6EFCE", "概ね順調": "#FFEB9C",
                     "遅れ": "#FFC7CE", "未報告": "#D9D9D9"}
STATUS_COLOURS = {SectionStatus.SUBMITTED: JUDGEMENT_COLOURS["順調"], SectionStatus.RETURNED: "#FFEB9C",
                  SectionStatus.MISSING: JUDGEMENT_COLOURS["遅れ"]}
# Grades by their place on the plan's scale (best first), unless the plan gives a colour.
ON_PLAN_COLOURS = ("#C6EFCE", "#E2F0D9", "#BDD7EE", "#DDEBF7", "#E4DFEC")
BEHIND_COLOURS = ("#FFEB9C", "#FFC7CE", "#FCE4D6")

# A stacked chart's segments told apart on a black-and-white print, not by their colour alone: the first solid, the others
# hatched in their own direction (LibreOffice prints a chart's pattern fill as a hatch of the pattern's direction, Excel
# as the pattern), the legend's keys alike. 未回答 gets a pattern of its own (LibreOffice: a diagonal cross hatch).
SEGMENT_PATTERNS = (None, "light_upward_diagonal", "light_horizontal", "light_downward_diagonal", "light_vertical",
                    "small_grid")
UNANSWERED_PATTERN = "percent_50"

NUMBER_FORMATS = {"rate": "0.0%", "count": "#,##0", "yen": "#,##0", "count.1": "#,##0.0",
                  "decimal": "#,##0.###", "text": "@"}
# Changes from the year before: ▲ for a fall, as Japanese tables write it; rates in points.
CHANGE_FORMATS = {"count": '+#,##0;▲#,##0;±0'}  # a KPI's change: kpi_change_format (its figures' decimals)
BETTER, WORSE = "改善", "悪化"  # a KPI's change toward its target or away from it, in words beside the green or red


def kpi_change_format(kpi, words: bool = True) -> str:
    """A KPI's change from the year before with whether it went toward the target: 「+2.0pt 改善」, 「▲150,000 改善」
    (a 減少 KPI), 「+2 悪化」; no change 「±0」. The green and red fills print as one grey on a black-and-white printer.
    Without ``words`` (no room beside 13-digit figures) only the figure."""
    digits = "." + "0" * kpi.decimals if kpi.decimals else ""  # as its figures (0.001 % changes by 「▲0.001pt」)
    figure, points = ("0" + digits, '"pt"') if kpi.kind == "rate" else ("#,##0" + digits, "")
    plain = f"+{figure}{points};▲{figure}{points};±0{digits}{points}"
    if not words:
        return plain
    rise, fall, zero = plain.split(";")
    better_rise = kpi.direction != DECREASE
    return (f'{rise}" {BETTER if better_rise else WORSE}";{fall}" {WORSE if better_rise else BETTER}";{zero}')


DASH_ZERO = '#,##0;-#,##0;"－"'  # a count shown as 「－」 when zero (a section that sent nothing)

# Sheet protection without a password: it prevents slips, not people.
PROTECT_OPTIONS = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_rows": True,  # a section may make a row taller for a long answer
    "format_columns": True,
}


def grade_colours(grades) -> dict[str, str]:
    """Grade code → fill colour: the plan's own colour where it gives one, else in the plan's order,
    greens and blues for the grades on plan and warm colours for its ``behind`` grades (遅れ, 未着手),
    whatever their letters (the bundled plan: A green, B pale green, C yellow, D red, E blue)."""
    on_plan = iter(ON_PLAN_COLOURS * len(grades))
    behind = iter(BEHIND_COLOURS * len(grades))
    return {g.code: getattr(g, "colour", None) or next(behind if g.behind else on_plan) for g in grades}


def print_grey(colour: str) -> float:
    """The grey (0 black – 255 white) a fill ``#RRGGBB`` prints as on a black-and-white printer (ITU-R BT.601 luma,
    as ``pdftoppm -gray`` and printer drivers convert)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def darker(colour: str, factor: float = 0.72) -> str:
    """A stronger shade of a pale fill, for chart bars: ``#C6EFCE`` → a clear green."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, lightness * factor, min(1.0, s * 1.3 + 0.2))
    return "#" + "".join(f"{round(v * 255):02X}" for v in (r, g, b))


def segment_fill(colour: str, pattern: str | None) -> dict[str, dict]:
    """A chart series' fill of ``colour`` (the screen's): solid, or ``pattern`` (:data:`SEGMENT_PATTERNS`) in a darker
    shade of it over it."""
    if pattern is None:
        return {"fill": {"color": colour}}
    return {"pattern": {"pattern": pattern, "fg_color": darker(colour, 0.6), "bg_color": colour}}


class Styles:
    """The formats of one workbook (xlsxwriter formats belong to their workbook), made on first use."""

    def __init__(self, wb: Workbook, grades=()) -> None:
        self._wb = wb
        self._cache: dict[tuple, Format] = {}
        self.grade_colours = grade_colours(grades)

    def get(self, **props: object) -> Format:
        """The format with ``props`` (over the workbook's font), created once."""
        props = {"font_name": FONT, "font_size": FONT_SIZE, **props}
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._wb.add_format(dict(props))
        return self._cache[key]

    def conditional(self, **props: object) -> Format:
        """A conditional format's ``props`` only (a fill, a number format: no font), created once."""
        key = ("conditional",) + tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._wb.add_format(dict(props))
        return self._cache[key]

    def cell(self, **props: object) -> Format:
        """A bordered table cell, top-aligned."""
        return self.get(**{"valign": "top", "border": 1, "border_color": BORDER_COLOUR, **props})

    # --- titles and notes ------------------------------------------------------------
    @cached_property
    def title(self) -> Format:
        return self.get(bold=True, font_size=16, valign="vcenter")

    @cached_property
    def subtitle(self) -> Format:
        return self.get(font_color=MUTED_FONT, valign="top")

    @cached_property
    def subtitle_wrap(self) -> Format:
        """:attr:`subtitle` wrapped, for a line that would run past the table's (and the page's) edge."""
        return self.get(font_color=MUTED_FONT, valign="top", text_wrap=True)

    @cached_property
    def heading(self) -> Format:
        return self.get(bold=True, font_size=12, valign="vcenter")

    @cached_property
    def note(self) -> Format:
        return self.get(font_size=9, font_color=MUTED_FONT, text_wrap=True, valign="top")

    # --- tables ------------------------------------------------------------------------
    @cached_property
    def header(self) -> Format:
        return self.cell(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, align="center",
                         valign="vcenter", text_wrap=True)

    def header_group(self, part: str) -> Format:
        """The top header row over a group of columns, without merging: the group's name in its
        first cell (left aligned, it overflows), borders only round the group (``part`` first |
        middle | last | only)."""
        props: dict[str, object] = dict(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, valign="vcenter",
                                        top=1, bottom=1, top_color=BORDER_COLOUR, bottom_color=BORDER_COLOUR)
        if part in ("first", "only"):
            props.update(left=1, left_color=BORDER_COLOUR)
        if part in ("last", "only"):
            props.update(right=1, right_color=BORDER_COLOUR)
        if part == "only":
            props.update(align="center", text_wrap=True)
        return self.get(**props)

    def across(self, part: str, **props: object) -> Format:
        """A cell of a run of cells that reads as one (no merging): borders only round the run (``part`` first |
        middle | last), the text of its first cell over the blank others — centred across them
        (``align="center_across"``, on every cell of the run) or, left aligned, overflowing into them."""
        edges: dict[str, object] = dict(top=1, bottom=1, top_color=BORDER_COLOUR, bottom_color=BORDER_COLOUR)
        if part == "first":
            edges.update(left=1, left_color=BORDER_COLOUR)
        if part == "last":
            edges.update(right=1, right_color=BORDER_COLOUR)
        return self.get(**{"valign": "vcenter", **edges, **props})

    @cached_property
    def group(self) -> Format:
        return self.cell(bold=True, font_size=11, bg_color=GROUP_FILL, valign="vcenter")

    @cached_property
    def subgroup(self) -> Format:
        return self.cell(bold=True, bg_color=SUBGROUP_FILL, valign="vcenter")

    @cached_property
    def text(self) -> Format:
        return self.cell()

    @cached_property
    def wrap(self) -> Format:
        return self.cell(text_wrap=True)

    @cached_property
    def center(self) -> Format:
        return self.cell(align="center")

    @cached_property
    def late(self) -> Format:
        """期限後: centred, in the colour of a late section."""
        return self.cell(align="center", bg_color=STATUS_COLOURS[SectionStatus.RETURNED])

    @cached_property
    def muted(self) -> Format:
        return self.cell(font_color="#808080", text_wrap=True)

    @cached_property
    def count(self) -> Format:
        return self.cell(num_format=NUMBER_FORMATS["count"], align="right")

    @cached_property
    def yen(self) -> Format:
        return self.cell(num_format=NUMBER_FORMATS["yen"])

    @cached_property
    def percent(self) -> Format:
        return self.cell(num_format=NUMBER_FORMATS["rate"])

    @cached_property
    def decimal(self) -> Format:
        return self.cell(num_format=NUMBER_FORMATS["decimal"])

    @cached_property
    def total_label(self) -> Format:
        return self.cell(bold=True, bg_color=TOTAL_FILL)

    @cached_property
    def total_count(self) -> Format:
        return self.cell(bold=True, bg_color=TOTAL_FILL, num_format=NUMBER_FORMATS["count"])

    @cached_property
    def total_yen(self) -> Format:
        return self.cell(bold=True, bg_color=TOTAL_FILL, num_format=NUMBER_FORMATS["yen"])

    @cached_property
    def param_label(self) -> Format:
        return self.cell(bg_color=TOTAL_FILL, text_wrap=True, valign="vcenter", align="center")

    def number(self, kind: str) -> Format:
        """Format of a KPI value by the KPI's kind (rate/yen/count)."""
        return {"rate": self.percent, "yen": self.yen}.get(kind, self.decimal)

    def kpi_value(self, kpi, *, mark: bool = False, bold: bool = False) -> Format:
        """A KPI's value rounded to its unit for display (:attr:`Kpi.decimals`: 「26.7%」, 「2」);
        ``mark``: prefixed 「※」 (a reference 年度目標値)."""
        return self.cell(num_format=kpi_number_format(kpi, mark), bold=bold)

    def kpi_value_with_unit(self, kpi) -> Format:
        """A KPI's value with its unit after it (「5,600,000枚」): a figure in a unit a revision has since changed,
        beside this year's figures in the new one (「千枚」). Rates show their 「%」 already."""
        return self.cell(num_format=kpi_number_format_with_unit(kpi))

    def kpi_change(self, kpi, words: bool = True) -> Format:
        """A KPI's change from the year before: 「+2.0pt 改善」 (rates, in points), 「▲15 悪化」
        (:func:`kpi_change_format`); without ``words`` 「+2.0pt」, 「▲15」."""
        return self.cell(num_format=kpi_change_format(kpi, words))

    @cached_property
    def count_change(self) -> Format:
        return self.cell(num_format=CHANGE_FORMATS["count"], align="right", font_color=MUTED_FONT)

    @cached_property
    def yen_change(self) -> Format:
        return self.cell(num_format=CHANGE_FORMATS["count"], font_color=MUTED_FONT)

    @cached_property
    def count_dash(self) -> Format:
        return self.cell(num_format=DASH_ZERO, align="right", font_color=MUTED_FONT)

    def band(self, level: str, part: str) -> Format:
        """A heading row across a table without merging: ``level`` group | subgroup | total,
        ``part`` first | middle | last | only (which borders the cell keeps)."""
        fill = {"group": GROUP_FILL, "subgroup": SUBGROUP_FILL, "total": TOTAL_FILL}[level]
        props: dict[str, object] = dict(bold=True, bg_color=fill, valign="vcenter", top=1, bottom=1,
                                        top_color=BORDER_COLOUR, bottom_color=BORDER_COLOUR)
        if level == "group":
            props["font_size"] = 11
        if part in ("first", "only"):
            props.update(left=1, left_color=BORDER_COLOUR)
        if part in ("last", "only"):
            props.update(right=1, right_color=BORDER_COLOUR)
        return self.get(**props)

    @cached_property
    def note_line(self) -> Format:
        return self.get(font_size=9, font_color=MUTED_FONT, valign="top")

    def note_for(self, widths: tuple[float, ...]) -> Format:
        """A note's line on a sheet of ``widths`` fitted to the page: 9 pt, or larger so that it prints at 8 pt or
        more on a sheet the fit shrinks (a table of 12-digit yen figures)."""
        size = printed_pt(9, NOTE_MIN_PT, widths)
        return self.note_line if size == 9 else self.get(font_size=size, font_color=MUTED_FONT, valign="top")

    @cached_property
    def label(self) -> Format:
        return self.get(bold=True, valign="top", text_wrap=True)

    @cached_property
    def paragraph(self) -> Format:
        return self.get(valign="top", text_wrap=True)

    # --- colours for conditional formats (fill only) -------------------------------------
    @cached_property
    def fills(self) -> dict[str, Format]:
        """Grade code or 判定 → a fill-only format."""
        colours = {**self.grade_colours, **JUDGEMENT_COLOURS}
        return {name: self._wb.add_format({"bg_color": colour}) for name, colour in colours.items()}

    @cached_property
    def status_fills(self) -> dict[str, Format]:
        return {s: self._wb.add_format({"bg_color": STATUS_COLOURS[s]})
                for s in (SectionStatus.RETURNED, SectionStatus.MISSING)}

    @cached_property
    def status_cells(self) -> dict[str, Format]:
        """Section status → a bordered cell in its colour."""
        return {s: self.cell(bg_color=colour) for s, colour in STATUS_COLOURS.items()}

    @cached_property
    def flag(self) -> Format:
        return self._wb.add_format({"bg_color": "#FFEB9C"})  # something to check

    @cached_property
    def unanswered(self) -> Format:
        return self._wb.add_format({"font_color": "#808080", "bg_color": "#F2F2F2"})

    # --- the form (調査票) -------------------------------------------------------------
    def form_title(self) -> Format:
        return self.get(bold=True, font_size=14)

    def form_note(self) -> Format:
        return self.get(valign="top", text_wrap=True)

    def form_header(self, input: bool = False) -> Format:
        return self.cell(bold=True, text_wrap=True, align="center", valign="vcenter",
                         bg_color=INPUT_HEADER_FILL if input else LOCKED_HEADER_FILL)

    def locked(self, align: str = "left", num_format: str | None = None, history: bool = False,
               wrap: bool = True) -> Format:
        props: dict[str, object] = dict(text_wrap=wrap, align=align, bg_color=LOCKED_FILL)
        if num_format:
            props["num_format"] = num_format
        if history:
            props["font_color"] = HISTORY_FONT
        return self.cell(**props)

    def input(self, num_format: str | None = None, wrap: bool = True, locked: bool = False,
              fill: str = INPUT_FILL) -> Format:
        props: dict[str, object] = dict(text_wrap=wrap, bg_color=fill, locked=locked, **MARK_BORDERS.get(fill, {}))
        if num_format:
            props["num_format"] = num_format
        return self.cell(**props)

    def mark(self, colour: str) -> Format:
        """A table cell in a problem's colour (:data:`ERROR_FILL`, :data:`WARNING_FILL`) and its frame
        (:data:`MARK_BORDERS`): the 「区分」 of the 差し戻し copy's エラー一覧, framed as the cells it lists."""
        return self.cell(bg_color=colour, **MARK_BORDERS.get(colour, {}))

    def plain(self, bold: bool = False, wrap: bool = True) -> Format:
        return self.get(bold=bold, text_wrap=wrap, valign="top")


# --- page set-up ---------------------------------------------------------------------------
# A4 landscape (points) and the margins every sheet uses (inches).
PAGE_W, PAGE_H = 842.0, 595.0
MARGIN_LR, MARGIN_TOP, MARGIN_BOTTOM = 0.3, 0.75, 0.6
# Points a column-width unit takes on paper at 100 %: LibreOffice prints a column of width w as
# (w + 0.71) × 5.0 pt with BIZ UDゴシック 10 pt (measured); Excel takes more, so its fitted scale
# is smaller and a page holds more rows. Fewer points per unit means a larger fitted scale.
MIN_PT_PER_UNIT = 5.0
COLUMN_PADDING = 0.71  # units xlsxwriter adds to every column width
PRINTABLE_W = PAGE_W - 2 * MARGIN_LR * 72
PRINTABLE_H = PAGE_H - (MARGIN_TOP + MARGIN_BOTTOM) * 72


def figure_format(kind: str, decimals: int) -> str:
    """The number format of a figure with ``decimals`` after the point: 「0.00%」 for a rate, 「#,##0.000」 else."""
    digits = "." + "0" * decimals if decimals else ""
    return f"0{digits}%" if kind == "rate" else f"#,##0{digits}"


def kpi_number_format(kpi, mark: bool = False) -> str:
    """The number format of a KPI's values: its unit's decimals (rates as %)."""
    fmt = figure_format(kpi.kind, kpi.decimals)
    return f'"{REFERENCE_MARK}"{fmt}' if mark else fmt


def kpi_number_format_with_unit(kpi) -> str:
    """:func:`kpi_number_format` with the KPI's unit after the figure (「5,600,000枚」; a rate shows its 「%」
    already): a figure in a unit a revision has since changed, beside figures in the new one."""
    unit = kpi.unit_after.replace('"', "")
    return kpi_number_format(kpi) + (f'"{unit}"' if unit else "")


HEADER_MIN_PT = 8.4  # the running header and footer as printed (9 pt at 100 %)
NOTE_MIN_PT = 8.0  # a note's lines as printed


def header_footer_text(text: str) -> str:
    """Escape ``&`` for Excel's header/footer codes."""
    return text.replace("&", "&&")


# A sheet one page wide and as many tall as its rows take, however tall they grow (a form's rows, typed by sections):
# not 0 (「自動」), which LibreOffice reads as leave to shrink the sheet below the width's scale when that saves a
# nearly empty last page (a second-year form of tall rows printed at 7.9 pt, not 8.1). Excel prints 1 × 99 as 1 ×
# 自動: the width decides. (The packet's sheets plan their own page breaks for 0, and keep it.)
ANY_PAGES_TALL = 99


def setup_page(ws: Worksheet, *, left: str = "", centre: str = "", right: str = "",
               repeat: tuple[int, int] | None = None, one_page: bool = False,
               gridlines: bool = False, widths: tuple[float, ...] = (), pages_tall: int = 0) -> None:
    """A4 landscape, one page wide (``one_page``: and one tall; ``pages_tall``: at most that many tall, the width
    alone deciding the scale: :data:`ANY_PAGES_TALL`), a running header (``left``,
    ``centre``, ``right``), footer 「x / y ページ」, ``repeat`` rows on every page. ``widths``: the
    sheet's column widths, when fitting them shrinks the page: the header and footer are set larger
    so that they still print at :data:`HEADER_MIN_PT` or more."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 1 if one_page else pages_tall)
    ws.center_horizontally()
    ws.set_margins(left=MARGIN_LR, right=MARGIN_LR, top=MARGIN_TOP, bottom=MARGIN_BOTTOM)
    font = f'&"{FONT},標準"&{printed_pt(9, HEADER_MIN_PT, widths)}'
    parts = [f"&{code}{font}{header_footer_text(text)}" for code, text in (("L", left), ("C", centre), ("R", right))
             if text]
    ws.set_header("".join(parts), {"margin": 0.3})
    ws.set_footer(f"&C{font}&P / &N ページ", {"margin": 0.3})
    if repeat is not None:
        ws.repeat_rows(*repeat)
    if not gridlines:
        ws.hide_gridlines(2)


def printed_pt(size: float, least: float, widths: tuple[float, ...]) -> float:
    """The font size to give text of ``size`` points on a sheet of ``widths`` fitted to the page, so that
    it prints at ``least`` points or more (the fitted scale estimated 3 % low: a one-page sheet may be
    scaled a little more for its height)."""
    return max(size, math.ceil(least / (fitted_scale(widths) * 0.97)))


def fitted_scale(widths: tuple[float, ...]) -> float:
    """The print scale of a sheet fitted to one A4 landscape page wide (at most 1.0), as
    LibreOffice prints it: 10 pt text prints at 10 × this. The larger of Excel's and
    LibreOffice's scales, so it errs towards fewer rows a page."""
    if not widths:
        return 1.0
    return min(1.0, PRINTABLE_W / (sum(w + COLUMN_PADDING for w in widths) * MIN_PT_PER_UNIT))


def page_rows_height(widths: tuple[float, ...] = (), safety: float = 0.95) -> float:
    """Points of rows (at 100 %) that surely fit on one printed page of a sheet fitted to one
    page wide: the scale is estimated from above, so the estimate errs on the short side
    whichever application prints (Excel and LibreOffice measure column widths differently)."""
    return PRINTABLE_H * safety / fitted_scale(widths)


def break_before(heights: list[float], used: float, capacity: float) -> list[int]:
    """Indexes of the rows that must start a new page (rows of ``heights`` points, ``used``
    points already taken on the first page, ``capacity`` points per page)."""
    breaks = []
    for n, height in enumerate(heights):
        if used + height > capacity and n > 0:
            breaks.append(n)
            used = 0.0
        used += height
    return breaks


def keep_last_rows(breaks: list[int], heights: list[float], used: float, capacity: float, last_rows: int,
                   least: float = 0.0) -> list[int]:
    """``breaks`` (of :func:`break_before`) with the last moved back so that the last page keeps ``last_rows`` rows,
    but never so far that the page before keeps fewer than two rows or less than ``least`` of ``capacity`` (then as
    they were): moved to keep three rows, a last break after 重点項目7 and 10 left 重点項目8 alone on a page ~30 %
    full — it goes after 重点項目9, the two pages sharing their rows. ``used``: points above the first row."""
    if not breaks or len(heights) - breaks[-1] >= last_rows:
        return breaks
    start = breaks[-2] if len(breaks) > 1 else 0
    moved = min(breaks[-1], max(start + 2, len(heights) - last_rows))
    if (used if len(breaks) == 1 else 0.0) + sum(heights[start:moved]) >= least * capacity:
        return [*breaks[:-1], moved]
    return breaks


def paginate_table(ws: Worksheet, heights: list[float], first_row: int, widths: tuple[float, ...], *,
                   top: float = 0.0, header: float = 0.0, slack: float = 1.12, last_rows: int = 3) -> int:
    """Page breaks for a long table whose header row repeats: a table up to ``slack`` over one page
    is fitted to one page (text stays ≥ 8.9 pt); a longer one breaks between rows, and the last
    page keeps at least ``last_rows`` rows (no page of a lone row). ``heights``: the rows from
    ``first_row``; ``top``: points above the table on the first page. Returns the pages."""
    capacity = page_rows_height(widths) - header
    if top + sum(heights) <= capacity * slack:
        ws.fit_to_pages(1, 1)
        return 1
    breaks = keep_last_rows(break_before(heights, top, capacity), heights, top, capacity, last_rows, least=0.6)
    ws.set_h_pagebreaks([first_row + n for n in breaks])
    return len(breaks) + 1


def start_sheet(ws: Worksheet, st: Styles, *, plan_name: str, year_label: str, name: str,
                widths: tuple[float, ...], repeat: tuple[int, int] | None = None,
                one_page: bool = False, title_height: float = 26.0) -> None:
    """Print setup, column widths and the title 「<name>（令和8年度）」 in A1."""
    setup_page(ws, left=plan_name, right=f"{year_label} {name}", repeat=repeat, one_page=one_page, widths=widths)
    for n, width in enumerate(widths):
        ws.set_column(n, n, width)
    ws.set_row(0, title_height)
    ws.write_string(0, 0, f"{name}（{year_label}）", st.title)


def write_subtitle(ws: Worksheet, st: Styles, row: int, text: str, widths: tuple[float, ...] | list[float]) -> None:
    """A line above a table (counts, 提出期限) in row ``row``: as it is when it fits the table's width, else wrapped
    across the table in a taller row (a 提出期限 naming the sections given other days ran past the page's edge)."""
    from reform_xlsx.xlsx.sizing import line_count, row_height

    if line_count(text, sum(widths)) > 1:
        ws.merge_range(row, 0, row, len(widths) - 1, text, st.subtitle_wrap)
        ws.set_row(row, row_height([(text, sum(widths))]))
    else:
        ws.write_string(row, 0, text, st.subtitle)


def write_note(ws: Worksheet, st: Styles, row: int, text: str, width: float, col: int = 0,
               fmt: Format | None = None, line_height: float = 13.0) -> int:
    """Write ``text`` one line a row from (``row``, ``col``), each line short enough for a span of
    ``width`` column units (no merged cells: a line overflows into the empty cells to its right).
    Returns the row after the last line."""
    from reform_xlsx.xlsx.sizing import wrap_lines

    fmt = fmt or st.note_line
    size = fmt.font_size  # the lines are cut for the size they print at
    for line in wrap_lines(text, width, font_size=size):
        ws.set_row(row, line_height)
        ws.write_string(row, col, line, fmt)
        row += 1
    return row


def write_band(ws: Worksheet, st: Styles, row: int, text: str, first: int, last: int, level: str,
               height: float = 20.0) -> None:
    """A heading row from column ``first`` to ``last`` without merging: the text in the first cell
    (it overflows into the blank cells of the band), borders round the whole band."""
    ws.set_row(row, height)
    if first == last:
        ws.write_string(row, first, text, st.band(level, "only"))
        return
    ws.write_string(row, first, text, st.band(level, "first"))
    for col in range(first + 1, last):
        ws.write_blank(row, col, None, st.band(level, "middle"))
    ws.write_blank(row, last, None, st.band(level, "last"))
