"""Row heights for wrapped Japanese text, estimated from text length and column width.

Neither Excel nor LibreOffice re-fits the height of a wrapped row written by xlsxwriter
(on screen or in print), so every writer here (templates, reports, receipts) sets each
row's height itself with :func:`row_height`. The estimate assumes the workbooks' font
(BIZ UDゴシック, monospaced: a full-width character is 1 em, a half-width one ½ em) at
:data:`FONT_SIZE` points and Excel's column width unit (the width of a digit of the
default font, 7 pixels at 96 dpi).
"""

from __future__ import annotations

import math

from reform_xlsx.textwidth import text_units
from reform_xlsx.xlsx.workbook import FONT_SIZE  # points

LINE_HEIGHT = 13.5  # points per line of FONT_SIZE text (Excel and LibreOffice, measured)
ROW_PADDING = 4.0  # points above and below the text of a row
MAX_ROW_HEIGHT = 409.0  # Excel's limit
_PX_PER_WIDTH_UNIT = 7  # pixels per column width unit (Excel, default font metrics)
_CELL_PADDING_PX = 8  # pixels lost to cell margins and gridlines
_HALF_WIDTH_PX = FONT_SIZE * 96 / 72 / 2  # a half-width character at 96 dpi


def line_capacity(width: float, font_size: float = FONT_SIZE) -> int:
    """How many half-width characters fit on one line of a column ``width`` wide."""
    half_px = _HALF_WIDTH_PX * font_size / FONT_SIZE
    return max(1, int((width * _PX_PER_WIDTH_UNIT + 5 - _CELL_PADDING_PX) / half_px))


def line_count(text: object, width: float, font_size: float = FONT_SIZE) -> int:
    """Lines a wrapped cell needs: each paragraph wraps on its own; ~8 % slack for line breaking rules."""
    if text is None or text == "":
        return 1
    capacity = line_capacity(width, font_size)
    return sum(max(1, math.ceil(text_units(p) * 1.08 / capacity)) for p in str(text).split("\n"))


def row_height(cells: list[tuple[object, float]], min_lines: int = 1,
               font_size: float = FONT_SIZE, padding: float = ROW_PADDING, minimum: float = 0.0) -> float:
    """Height (points) of a row whose wrapped cells are ``(text, column width)`` pairs
    (at least ``minimum`` points)."""
    lines = max([min_lines] + [line_count(text, width, font_size) for text, width in cells])
    height = max(minimum, lines * LINE_HEIGHT * font_size / FONT_SIZE + 2 * padding)
    return min(MAX_ROW_HEIGHT, round(height * 4) / 4)
