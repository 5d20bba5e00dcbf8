"""Look and print setup shared by the meeting workbook and the 公表用 workbook.

- :class:`Styles`: the cell formats (BIZ UDゴシック, borders, %, yen, grade colours).
- :func:`setup_print`: A4 landscape, one page wide, repeated title rows, header with the plan
  name and 年度, footer 「x / y」.
- Row heights come from :func:`reform_xlsx.xlsx.sizing.row_height` (as for the templates).
- :func:`page_rows_height`: how many points of rows fit on a printed page, used to put
  manual page breaks so that no 改革項目 is split across pages.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.records import MISSING, RETURNED
from reform_xlsx.xlsx.workbook import FONT, FONT_SIZE

GRADE_COLOURS = {"A": "#C6EFCE", "B": "#E2F0D9", "C": "#FFEB9C", "D": "#FFC7CE", "E": "#BDD7EE"}
JUDGEMENT_COLOURS = {"達成": "#BDD7EE", "順調": "#C6EFCE", "概ね順調": "#FFEB9C",
                     "遅れ": "#FFC7CE", "未報告": "#D9D9D9"}
HEADER_FILL, GROUP_FILL, SUBGROUP_FILL, TOTAL_FILL = "#1F4E78", "#D9E1F2", "#EEF2F8", "#F2F2F2"
PERCENT, YEN, COUNT = "0.0%", "#,##0", "#,##0"


class Styles:
    """The formats of one workbook (xlsxwriter formats belong to their workbook)."""

    def __init__(self, wb: Workbook):
        base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top"}
        cell = {**base, "border": 1, "border_color": "#808080"}

        def fmt(**props):
            return wb.add_format({**cell, **props})

        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "valign": "vcenter"})
        self.subtitle = wb.add_format({**base, "font_size": 10, "font_color": "#404040"})
        self.heading = wb.add_format({**base, "bold": True, "font_size": 12, "valign": "vcenter"})
        self.note = wb.add_format({**base, "font_size": 9, "font_color": "#404040", "text_wrap": True})
        self.header = fmt(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, align="center",
                          valign="vcenter", text_wrap=True)
        self.group = fmt(bold=True, font_size=11, bg_color=GROUP_FILL, valign="vcenter")
        self.subgroup = fmt(bold=True, bg_color=SUBGROUP_FILL, valign="vcenter")
        self.text = fmt()
        self.wrap = fmt(text_wrap=True)
        self.center = fmt(align="center")
        self.muted = fmt(font_color="#808080", text_wrap=True)
        self.count = fmt(num_format=COUNT, align="right")
        self.yen = fmt(num_format=YEN)
        self.percent = fmt(num_format=PERCENT)
        self.decimal = fmt(num_format="#,##0.###")
        self.year = fmt(num_format='0"年度"', align="center")
        self.total_label = fmt(bold=True, bg_color=TOTAL_FILL)
        self.total_count = fmt(bold=True, bg_color=TOTAL_FILL, num_format=COUNT)
        self.total_yen = fmt(bold=True, bg_color=TOTAL_FILL, num_format=YEN)
        self.total_percent = fmt(bold=True, bg_color=TOTAL_FILL, num_format=PERCENT)
        self.param_label = fmt(bg_color=TOTAL_FILL, text_wrap=True, valign="vcenter", align="center")
        self.fills = {name: wb.add_format({"bg_color": colour})
                      for name, colour in {**GRADE_COLOURS, **JUDGEMENT_COLOURS}.items()}
        self.status_fills = {RETURNED: wb.add_format({"bg_color": "#FFEB9C"}),
                             MISSING: wb.add_format({"bg_color": "#FFC7CE"})}
        self.flag = wb.add_format({"bg_color": "#FFEB9C"})  # something to check
        self.unanswered = wb.add_format({"font_color": "#808080", "bg_color": "#F2F2F2"})

    def number(self, kind: str):
        """Format of a KPI value by the KPI's kind (rate/yen/count)."""
        return {"rate": self.percent, "yen": self.yen}.get(kind, self.decimal)


# A4 landscape (points) and the margins every sheet uses (inches).
PAGE_W, PAGE_H = 842.0, 595.0
MARGIN_LR, MARGIN_TOP, MARGIN_BOTTOM = 0.4, 0.75, 0.6


# Fewest points a column-width unit takes on paper at 100 % (LibreOffice: about 5.2 with
# BIZ UDゴシック 10 pt, Excel more). Fewer points per unit means a larger fitted scale.
MIN_PT_PER_UNIT = 5.0


def page_rows_height(widths: tuple[float, ...] = (), safety: float = 0.95) -> float:
    """Points of rows (at 100 %) that surely fit on one printed page of a sheet fitted to one
    page wide: the scale is estimated from above, so the estimate errs on the short side
    whichever application prints (Excel and LibreOffice measure column widths differently)."""
    printable_w = PAGE_W - 2 * MARGIN_LR * 72
    scale = min(1.0, printable_w / (sum(widths) * MIN_PT_PER_UNIT)) if widths else 1.0
    return (PAGE_H - (MARGIN_TOP + MARGIN_BOTTOM) * 72) * safety / scale


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


def setup_print(ws: Worksheet, *, plan_name: str, title: str,
                repeat: tuple[int, int] | None = None, one_page: bool = False) -> None:
    """A4 landscape, one page wide (``one_page``: and one tall), header (plan name, title
    with 年度), footer 「x / y」, repeated title rows."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 1 if one_page else 0)
    ws.set_margins(left=MARGIN_LR, right=MARGIN_LR, top=MARGIN_TOP, bottom=MARGIN_BOTTOM)
    font = f'&"{FONT},標準"&9'
    ws.set_header(f"&L{font}{_escape(plan_name)}&R{font}{_escape(title)}", {"margin": 0.3})
    ws.set_footer(f"&C{font}&P / &N", {"margin": 0.3})
    if repeat is not None:
        ws.repeat_rows(*repeat)
    ws.hide_gridlines(2)


def start_sheet(ws: Worksheet, st: Styles, *, plan_name: str, year_label: str, name: str,
                widths: tuple[float, ...], repeat: tuple[int, int] | None = None,
                one_page: bool = False, title_height: float = 26.0) -> None:
    """Print setup, column widths and the title 「<name>（令和8年度）」 in A1."""
    setup_print(ws, plan_name=plan_name, title=f"{year_label} {name}", repeat=repeat, one_page=one_page)
    for n, width in enumerate(widths):
        ws.set_column(n, n, width)
    ws.set_row(0, title_height)
    ws.write_string(0, 0, f"{name}（{year_label}）", st.title)


def _escape(text: str) -> str:
    return text.replace("&", "&&")
