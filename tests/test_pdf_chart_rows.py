"""A chart over the empty rows under a sheet's table prints whole in the PDFs LibreOffice makes: the 総括's charts
(進捗状況, KPI の判定) lost their axis labels and bottom edge — cut off at the print area's end — because the
conversion's profile (Japanese line breaking, test_pdf_line_breaking.py) kept the rows of the used cells as high as the
.xlsx sets them but let Calc make the empty rows under them lower, so that the print area ended inside the charts."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import xlsxwriter

from pdf_measure import read_words, render_pdf
from reform_xlsx.xlsx.style import FONT
from reform_xlsx.xlsx.workbook import workbook_options

LABELS = ("区分一", "区分二", "区分三")
DPI = 72  # a pixel a point: the words' boxes are the raster's


def _workbook(path) -> None:
    """A table of five rows, and under it a column chart of three categories over empty rows of the default height;
    the print area ends two rows under the chart, as the 総括's does."""
    wb = xlsxwriter.Workbook(str(path), workbook_options())  # the reports' (BIZ UDゴシック 10 pt)
    ws = wb.add_worksheet("総括")
    cell = wb.add_format()
    for row, (label, value) in enumerate(zip(LABELS, (3, 5, 2))):
        ws.write_string(row, 0, label, cell)
        ws.write_number(row, 1, value, cell)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"categories": ["総括", 0, 0, 2, 0], "values": ["総括", 0, 1, 2, 1]})
    chart.set_x_axis({"num_font": {"name": FONT, "size": 10}})
    chart.set_legend({"none": True})
    chart_row, chart_px = 5, 270
    chart.set_size({"width": 480, "height": chart_px})
    ws.insert_chart(chart_row, 0, chart, {"y_offset": 4, "object_position": 3})
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.print_area(0, 0, chart_row + chart_px // 20 + 1, 7)
    wb.close()


def _inked(pdf, page: int, box: tuple[float, float, float, float]) -> bool:
    """Whether anything is drawn inside ``box`` (points) on ``page`` (from 1) of ``pdf``."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm（poppler-utils）が見つからないため、このテストを飛ばします。")
    raster = subprocess.run([exe, "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf)],
                            check=True, capture_output=True).stdout
    _, width, _, _, pixels = raster.split(maxsplit=4)  # P5 W H MAX pixels
    w = int(width)
    x0, y0, x1, y1 = (int(v) for v in box)
    return any(pixels[y * w + x] < 160 for y in range(y0 + 1, y1) for x in range(x0, x1 + 1))


def test_the_axis_labels_of_a_chart_under_a_table_are_printed(soffice, tmp_path):
    source = tmp_path / "総括.xlsx"
    _workbook(source)
    pdf = render_pdf(source, tmp_path / "pdf")
    (page_width, page_height, words), = read_words(pdf)
    in_chart = [w for w in words if w.text in LABELS and w.y0 > page_height * 0.2]  # not the table's cells
    assert sorted(w.text for w in in_chart) == sorted(LABELS)  # the labels are in the text layer either way
    assert [w.text for w in in_chart if not _inked(pdf, 1, (w.x0, w.y0, w.x1, w.y1))] == []
