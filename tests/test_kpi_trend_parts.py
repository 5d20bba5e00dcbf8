"""「KPI推移」 of a plan of more than 16 KPIs, read from the workbook: its 進捗率 chart is in parts, each on a page of
its own. Printed, the parts' plots started at different x (LibreOffice fits each plot beside its own part's names, and
the names differ in length), so the axis every part shares did not line up page to page; and the small charts printed
under part 2 were KPIs 5–8, not part 2's — a reader found a KPI's bar on one page and its chart under another part.
Each part's plot now has the same manual layout, and each part's page is followed by its own KPIs' charts, in order,
before the next part's page."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass

import openpyxl
import pytest
import yaml

from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.kpi_trend import PER_ROW, overview_parts
from reform_xlsx.report.model import SHEET_KPI_TREND
from reform_xlsx.report.writer import write_reports
from report_sample import sample_answers, sample_status
from test_kpi_trend_many_kpis import _answers, _plan_of

NS = {"main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@dataclass(frozen=True)
class Chart:
    row: int  # the anchor's top row (0-based)
    col_off: int  # the anchor's x offset in its first column (EMU): the small charts' slot
    description: str
    xml: str

    @property
    def is_overview(self) -> bool:
        return 'barDir val="bar"' in self.xml

    def ranges(self) -> list[str]:
        return re.findall(r"<c:f>([^<]*)</c:f>", self.xml)

    def layout(self) -> dict[str, float]:
        """The plot area's manual layout (x, y, w, h), {} when LibreOffice lays it out itself."""
        plot = self.xml.split("<c:plotArea>", 1)[1].split("</c:layout>", 1)[0] if "<c:plotArea><c:layout/>" not in \
            self.xml else ""
        return {k: float(v) for k, v in re.findall(r"<c:(x|y|w|h) val=\"([-\d.E]+)\"/>", plot)}


def _resolve(base: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def trend_charts(book) -> list[Chart]:
    """The KPI推移 sheet's charts in the order they sit on it (by row, then left to right)."""
    with zipfile.ZipFile(book) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        rid = re.search(rf'<sheet name="{SHEET_KPI_TREND}" sheetId="\d+" r:id="(rId\d+)"', workbook).group(1)
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        sheet = "xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
        sheet_rels = z.read(_resolve(sheet, "_rels/" + posixpath.basename(sheet) + ".rels")).decode("utf-8")
        drawing = _resolve(sheet, re.search(r'Type="[^"]*/drawing" Target="([^"]+)"', sheet_rels).group(1))
        drawing_xml = z.read(drawing).decode("utf-8")
        drawing_rels = z.read(_resolve(drawing, "_rels/" + posixpath.basename(drawing) + ".rels")).decode("utf-8")
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', drawing_rels))
        charts = []
        for anchor in re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", drawing_xml, re.S):
            row = int(re.search(r"<xdr:from>.*?<xdr:row>(\d+)</xdr:row>", anchor, re.S).group(1))
            col_off = int(re.search(r"<xdr:from>.*?<xdr:colOff>(\d+)</xdr:colOff>", anchor, re.S).group(1))
            descr = re.search(r'descr="([^"]*)"', anchor).group(1)
            chart_rid = re.search(r'<c:chart [^>]*r:id="(rId\d+)"', anchor).group(1)
            xml = z.read(_resolve(drawing, targets[chart_rid])).decode("utf-8")
            charts.append(Chart(row, col_off, descr, xml))
    return sorted(charts, key=lambda c: (c.row, c.col_off))


def _rows(ref: str) -> range:
    first, last = (int(n) for n in re.findall(r"\$(\d+)", ref))
    return range(first, last + 1)


@pytest.fixture(scope="module", params=[17, 23, 33])
def many(request, plan, tmp_path_factory):
    n = request.param
    shown = _plan_of(n)
    out = tmp_path_factory.mktemp(f"kpis{n}")
    result = write_reports(shown, 2026, _answers(plan, shown), sample_status(shown, (2026,)), out,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    return shown, result.workbook


def test_every_parts_plot_has_the_same_layout(many):
    _, book = many
    overviews = [c for c in trend_charts(book) if c.is_overview]
    assert len(overviews) > 1
    layouts = [c.layout() for c in overviews]
    assert layouts[0] and set(layouts[0]) == {"x", "y", "w", "h"}, layouts[0]  # (before: LibreOffice's own, per part)
    assert all(layout == layouts[0] for layout in layouts), layouts
    assert 0 < layouts[0]["x"] < layouts[0]["x"] + layouts[0]["w"] <= 1


def test_the_charts_after_each_part_are_its_kpis_in_order(many):
    plan, book = many
    ws = openpyxl.load_workbook(book)[SHEET_KPI_TREND]
    breaks = sorted(b.id for b in ws.row_breaks.brk)  # a page starts at the row after each (1-based: its index)
    charts = trend_charts(book)
    ids = [k.id for k in plan.kpis]
    parts = overview_parts(len(ids))

    def page(row: int) -> int:
        return sum(b <= row for b in breaks)

    order: list[str] = []  # the sheet's charts read top to bottom: 「part n」 or a KPI ID
    for chart in charts:
        if chart.is_overview:
            rows = _rows(chart.ranges()[0])  # the bars' names in the table below the print area
            names = [ws.cell(r, 2).value for r in rows]
            part = next(n for n, p in enumerate(parts) if [plan.kpis[i].label for i in p] == names)
            order.append(f"part {part}")
        else:
            order.append(chart.description.split(" ", 1)[0])
    expected = [x for n, p in enumerate(parts) for x in [f"part {n}"] + [ids[i] for i in p]]
    assert order == expected  # (before: part 2's page had KPIs 5–8 under it)
    # each part starts a page, the first of its KPIs' charts under it on that page
    for chart, label in zip(charts, order):
        if label.startswith("part"):
            assert chart.row in [b for b in breaks] or label == "part 0", (label, chart.row, breaks)
            under = [c for c in charts if not c.is_overview and page(c.row) == page(chart.row)]
            n = int(label.split()[1])
            assert [c.description.split(" ", 1)[0] for c in under] == [ids[i] for i in parts[n]][:PER_ROW]
    # no page holds two parts' KPIs
    for p in {page(c.row) for c in charts}:
        on_page = [label for c, label in zip(charts, order) if page(c.row) == p and not label.startswith("part")]
        owners = {next(n for n, part in enumerate(parts) if ids.index(k) in part) for k in on_page}
        assert len(owners) <= 1, (p, on_page)


def test_a_kpi_name_wider_than_the_chart_leaves_the_plot_its_half(tmp_path):
    """A KPI of 100 characters and no short name: the names beside the bars took the whole chart, the plot had no
    width, and the packet was not written (ZeroDivisionError). The names now take half the chart at most (wrapped)."""
    data = yaml.safe_load(bundled_plan_text())
    data["kpis"][0].pop("short_name", None)
    data["kpis"][0]["name"] = ("市民が行政手続をオンラインで完結できた割合" * 5)[:100]
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"]
    result = write_reports(plan, 2026, sample_answers(plan, (2026,)), sample_status(plan, (2026,)), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    layout = next(c for c in trend_charts(result.workbook) if c.is_overview).layout()
    assert 0.4 <= layout["x"] < layout["x"] + layout["w"] <= 1, layout
