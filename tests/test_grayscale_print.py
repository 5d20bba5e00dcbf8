"""Pages printed on a black-and-white office printer: what the colours say is said without them too.

The 差し戻し copy's red (an error) and the inputs' pale yellow print as nearly the same grey, so a marked cell carries a
frame as well — thick and solid for an error, dashed for a warning — on the data sheets, the 回答者欄 and the エラー一覧's
「区分」, and the copy's note says so."""

import shutil
import subprocess

import openpyxl
import pytest

import intake_craft as craft
from pdf_measure import read_words, render_pdf
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.ledger.feedback import SHEET_ERRORS, write_feedback
from reform_xlsx.records import FileStatus
from reform_xlsx.templates.fill import cell_map
from reform_xlsx.xlsx.style import ERROR_FILL, INPUT_FILL, WARNING_FILL

SECTION = "財政課"
MARK_STYLES = {ERROR_FILL: "thick", WARNING_FILL: "mediumDashed"}


@pytest.fixture(scope="module")
def copy(plan, tmp_path_factory):
    """財政課's copy: a grade that is not one (V001, error) and a KPI's 実績値 with its unit typed (V008, warning)."""
    folder = tmp_path_factory.mktemp("in")
    path = craft.filled(plan, 2026, SECTION, folder, changes={layout.SHEET_ITEMS: {"2-2-5": {"進捗状況": "たぶん順調"}},
                                                             layout.SHEET_KPI: {"K12": {"実績値": "6100000人"}}})
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.REJECTED
    assert {p.severity.label for p in result.problems} >= {"エラー", "警告"}
    return write_feedback(plan, 2026, SECTION, result.problems, result.answers,
                          tmp_path_factory.mktemp("out") / "copy.xlsx", source_name=path.name)


def _colour(cell) -> str:
    return "#" + (cell.fill.fgColor.rgb or "")[-6:]


def _sides(cell) -> set[str | None]:
    b = cell.border
    return {b.left.style, b.right.style, b.top.style, b.bottom.style}


def test_each_marked_cell_of_the_copy_has_its_frame_and_no_other_cell_has(copy):
    """Every cell in the error red has a thick frame, every one in the warning orange a dashed one, on all four
    sides — read back as any spreadsheet reads it; the unmarked inputs keep the form's thin lines."""
    wb = openpyxl.load_workbook(copy)
    marked = {ERROR_FILL: 0, WARNING_FILL: 0}
    for name in (layout.SHEET_ITEMS, layout.SHEET_KPI, SHEET_ERRORS):
        for row in wb[name].iter_rows():
            for c in row:
                colour = _colour(c)
                if colour in MARK_STYLES:
                    marked[colour] += 1
                    assert _sides(c) == {MARK_STYLES[colour]}, (name, c.coordinate, _sides(c))
                elif colour == INPUT_FILL:
                    assert not _sides(c) & set(MARK_STYLES.values()), (name, c.coordinate)
    assert marked[ERROR_FILL] >= 2 and marked[WARNING_FILL] >= 2  # a cell and its エラー一覧 row, each


def test_the_grade_marked_an_error_is_framed_where_the_list_points(copy):
    wb = openpyxl.load_workbook(copy)
    items, kpi = wb[layout.SHEET_ITEMS], wb[layout.SHEET_KPI]
    grade = items[cell_map(items, layout.ID_LABEL_ITEMS)[("2-2-5", layout.normalise_label("進捗状況"))]]
    actual = kpi[cell_map(kpi, layout.ID_LABEL_KPI)[("K12", layout.normalise_label("実績値"))]]
    assert _sides(grade) == {"thick"} and "V001" in grade.comment.text
    assert _sides(actual) == {"mediumDashed"} and "V008" in actual.comment.text
    kinds = {r[2].value: _sides(r[2]) for r in wb[SHEET_ERRORS].iter_rows() if r[2].value in ("エラー", "警告")}
    assert kinds == {"エラー": {"thick"}, "警告": {"mediumDashed"}}


def test_the_copy_says_how_its_marks_look_printed_in_black_and_white(copy):
    texts = " ".join(str(c.value) for row in openpyxl.load_workbook(copy)[SHEET_ERRORS].iter_rows() for c in row
                     if isinstance(c.value, str))
    assert "太い枠" in texts and "破線の枠" in texts and "白黒で印刷しても" in texts


def test_the_error_frame_prints_dark_in_greyscale(soffice, copy, tmp_path):
    """Printed and rasterised in grey (``pdftoppm -gray``), the line just above 「たぶん順調」 is dark: the frame, not
    the form's grey hairline, nor a fill that prints as the inputs' grey."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm（poppler-utils）が見つからないため、このテストを飛ばします。")
    pdf = render_pdf(copy, tmp_path)
    found = [(n, w) for n, (_, _, words) in enumerate(read_words(pdf), start=1) for w in words if w.text == "たぶん順調"]
    assert found
    page, word = found[0]
    dpi = 144
    raster = subprocess.run([exe, "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
                            check=True, capture_output=True).stdout
    _, width, _, _, pixels = raster.split(maxsplit=4)  # P5 W H MAX pixels
    w, scale = int(width), dpi / 72
    x = int((word.x0 + word.x1) / 2 * scale)
    above = range(int((word.y0 - 6) * scale), int(word.y0 * scale))  # between the text and the cell's top edge
    darkest = min(pixels[y * w + x] for y in above)
    dark_rows = sum(pixels[y * w + x] < 100 for y in above)
    assert darkest < 100 and dark_rows >= 2, (darkest, dark_rows)


# --- the packet's 進捗率 chart: each bar's 判定 in words, not by its colour alone ------------------------------------

@pytest.mark.parametrize(("progress", "judgement", "label"), [
    (0.2, "遅れ", "20% 遅れ"),
    (0.333, "順調", "33% 順調"),
    (0.28, "概ね順調", "28% 概ね順調"),
    (-0.4, "遅れ", "-40% 遅れ"),
    (1.0, "達成", "100% 達成"),
    (0.5, "", "50%"),
])
def test_a_bars_label_says_its_judgement(progress, judgement, label):
    from reform_xlsx.report.kpi_trend import progress_label, progress_label_px

    assert progress_label(progress, judgement) == label
    assert progress_label_px(progress, judgement) > progress_label_px(progress) or not judgement


def test_the_axis_leaves_room_for_the_judgement_after_the_figure():
    from reform_xlsx.report.kpi_trend import progress_axis, progress_label_px

    plot_px = 500.0
    bottom, top, _ = progress_axis([0.9, 0.3], [0.33, 0.33], plot_px, ["概ね順調", "遅れ"])
    assert (top - 0.9) / (top - bottom) * plot_px >= progress_label_px(0.9, "概ね順調")


def test_the_packets_progress_chart_labels_each_bar_with_its_judgement(plan, tmp_path):
    """The 進捗率 chart of 「KPI推移」 as written: every KPI with a 進捗率 has a label 「<進捗率> <判定>」 — the colours of
    順調 and 概ね順調 print as the same grey."""
    import re
    import zipfile

    from report_sample import packet_with_actuals

    book = packet_with_actuals(plan, tmp_path / "out", {})
    ws = openpyxl.load_workbook(book, data_only=True)["KPI達成状況"]
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI ID")
    cols = {c.value: c.column - 1 for c in header}
    judged = [r[cols["判定"]].value for r in ws.iter_rows(min_row=header[0].row + 1)
              if isinstance(r[0].value, str) and re.fullmatch(r"K\d+", r[0].value)
              and isinstance(r[cols["進捗率"]].value, (int, float))]
    assert len(judged) >= 5 and {"順調", "概ね順調"} <= set(judged)
    with zipfile.ZipFile(book) as zf:
        charts = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/charts/chart")]
    (bars,) = [c for c in charts if "KPI の進捗率" in c]
    said = re.findall(r"<a:t>-?\d+% (達成|順調|概ね順調|遅れ)</a:t>", bars)
    assert sorted(said) == sorted(judged)


# --- the blank form: the inputs told from the plan's cells without colour ------------------------------------------

def _print_grey(cell) -> float:
    from reform_xlsx.xlsx.style import print_grey

    return print_grey(_colour(cell))


@pytest.fixture(scope="module")
def blank_form(plan, tmp_path_factory):
    from reform_xlsx.templates import write_templates

    (path,) = write_templates(plan, 2026, tmp_path_factory.mktemp("form"), [SECTION])
    return path


@pytest.mark.parametrize(("colour", "grey"), [("#FFFFFF", 255), ("#000000", 0), ("#808080", 128),
                                               ("#FF0000", 76.2), ("#00FF00", 149.7), ("#0000FF", 29.1)])
def test_print_grey_is_the_luma_a_printer_prints(colour, grey):
    from reform_xlsx.xlsx.style import print_grey

    assert print_grey(colour) == pytest.approx(grey, abs=0.1)


def test_the_blank_forms_inputs_print_clearly_lighter_than_the_plans_cells(plan, blank_form):
    """Read back: on each data sheet every input cell (unlocked) prints at least 20 of 255 lighter than every cell of
    the plan beside it, and the inputs' headers than the plan's — the old #EDEDED grey and the inputs' #FFF2CC yellow
    printed 5 apart, the headers 7."""
    from reform_xlsx.form.content import section_content
    from template_readback import header_and_rows

    wb = openpyxl.load_workbook(blank_form)
    for content in section_content(plan, 2026, SECTION):
        ws = wb[content.name]
        header_row, _, rows = header_and_rows(ws)
        header = [ws.cell(header_row, n + 1) for n in range(len(content.columns))]
        greys: dict[tuple[bool, bool], list[float]] = {}
        for column, head, *cells in zip(content.columns, header, *rows):
            greys.setdefault((True, column.input), []).append(_print_grey(head))
            for cell in cells:
                assert cell.protection.locked is not column.input, cell.coordinate
                greys.setdefault((False, column.input), []).append(_print_grey(cell))
        for is_header in (True, False):
            assert min(greys[is_header, True]) - max(greys[is_header, False]) >= 20, (content.name, is_header, greys)


def test_the_guide_says_how_the_two_kinds_of_cell_print(blank_form):
    texts = " ".join(str(c.value) for row in openpyxl.load_workbook(blank_form)[layout.SHEET_GUIDE].iter_rows()
                     for c in row if isinstance(c.value, str))
    assert "白黒で印刷すると、黄色のセルはほぼ白に、灰色のセルはそれより濃い灰色" in texts


def test_the_blank_form_printed_in_grey_shows_the_plans_column_darker_than_an_input(soffice, blank_form, tmp_path):
    """Printed by LibreOffice and rasterised in grey: down the 担当課 column (the plan's) the commonest pixel is
    clearly darker than down the empty 取組実績 column (an input)."""
    from collections import Counter

    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm（poppler-utils）が見つからないため、このテストを飛ばします。")
    pdf = render_pdf(blank_form, tmp_path)
    page, words = next((n, ws) for n, (_, _, ws) in enumerate(read_words(pdf), start=1)
                       if {"担当課", "取組実績"} <= {w.text for w in ws})
    heads = {w.text: w for w in words if w.text in ("担当課", "取組実績")}
    bottom = max(w.y1 for w in words if w.y1 < 560)  # the table's last text, above the footer
    dpi = 72
    raster = subprocess.run([exe, "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
                            check=True, capture_output=True).stdout
    _, width, _, _, pixels = raster.split(maxsplit=4)
    w = int(width)

    def commonest(word) -> int:
        x = int((word.x0 + word.x1) / 2)
        return Counter(pixels[y * w + x] for y in range(int(heads["担当課"].y1) + 12, int(bottom))).most_common(1)[0][0]

    plan_grey, input_grey = commonest(heads["担当課"]), commonest(heads["取組実績"])
    assert input_grey - plan_grey >= 15, (plan_grey, input_grey)


# --- 総括's 進捗状況 chart: each grade's segment in its own hatch ------------------------------------------------------

def test_each_segment_of_the_progress_chart_has_a_fill_of_its_own_besides_its_colour(plan, tmp_path):
    """The stacked 進捗状況 chart of 「総括」 as written: each series (grade, 未回答) filled solid or with a pattern no
    other series has — the greys of the grade colours alone print alike (LibreOffice prints the patterns as hatches)."""
    import re
    import zipfile

    from report_sample import packet_with_actuals

    book = packet_with_actuals(plan, tmp_path / "out", {})
    with zipfile.ZipFile(book) as zf:
        charts = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/charts/chart")]
    (stacked,) = [c for c in charts if "進捗状況（" in c and "<c:grouping val=\"stacked\"/>" in c]
    series = re.findall(r"<c:ser>.*?</c:ser>", stacked, flags=re.S)
    fills = []
    for s in series:
        sp_pr = re.search(r"<c:spPr>(.*?)</c:spPr>", s, flags=re.S).group(1)
        pattern = re.search(r'<a:pattFill prst="(\w+)"', sp_pr)
        fills.append(pattern.group(1) if pattern else ("solid" if "<a:solidFill>" in sp_pr else None))
    assert len(series) == len(plan.grades) + 1  # the grades and 未回答
    assert None not in fills and len(set(fills)) == len(fills), fills


# --- KPI達成状況's 増減: better or worse in words, not by its green or red alone -------------------------------------

def _sections(number_format: str) -> list[str]:
    """A number format's positive, negative and zero sections."""
    return number_format.split(";")


@pytest.mark.parametrize(("kind", "decimals", "direction", "rise", "fall"), [
    ("count", 0, "増加", "改善", "悪化"),
    ("count", 0, "減少", "悪化", "改善"),
    ("rate", 1, "増加", "改善", "悪化"),
    ("rate", 1, "減少", "悪化", "改善"),
    ("count", 1, "減少", "悪化", "改善"),
])
def test_a_kpis_change_says_better_or_worse_by_the_kpis_direction(kind, decimals, direction, rise, fall):
    """A rise of 超過勤務 (減少 wanted) is 「+2 悪化」, a fall of PPC用紙 「▲150,000 改善」; no change 「±0」 says neither.
    The green and red fills print as the same grey."""
    from types import SimpleNamespace

    from reform_xlsx.xlsx.style import kpi_change_format

    kpi = SimpleNamespace(kind=kind, decimals=decimals, direction=direction)
    up, down, zero = _sections(kpi_change_format(kpi))
    assert up.startswith("+") and up.endswith(f'{rise}"'), up
    assert down.startswith("▲") and down.endswith(f'{fall}"'), down
    assert "改善" not in zero and "悪化" not in zero
    assert ("pt" in up) == (kind == "rate")
    assert "改善" not in kpi_change_format(kpi, words=False)  # no room beside 13-digit yen changes: the figure only


def test_the_packets_kpi_changes_say_better_or_worse_in_words(plan, tmp_path):
    """令和9年度's KPI達成状況 (and 公表用): each 増減 cell's format names the better side by the KPI's direction, its
    column holds the longest change with its word, and the note says what the words mean, not only the colours."""
    import datetime as dt

    from reform_xlsx.report.writer import write_reports
    from reform_xlsx.textwidth import text_units
    from report_sample import sample_answers, sample_status
    from sheet_reader import Table

    years = (2026, 2027)
    result = write_reports(plan, 2027, sample_answers(plan, years), sample_status(plan, years), tmp_path,
                           created=dt.datetime(2027, 5, 1, 10, 0), public=True)
    for path in (result.workbook, result.public):
        ws = openpyxl.load_workbook(path)["KPI達成状況"]
        table, values = Table(ws, "KPI ID"), Table(openpyxl.load_workbook(path, data_only=True)["KPI達成状況"], "KPI ID")
        for kpi in plan.kpis:
            cell = table.cell(kpi.id, "増減")
            better = 0 if kpi.direction == "増加" else 1
            sections = _sections(cell.number_format)
            assert "改善" in sections[better] and "悪化" in sections[1 - better], (kpi.id, cell.number_format)
            change = values.value(kpi.id, "増減")
            figure = f"{abs(change):.1f}pt" if kpi.is_rate else kpi.display(abs(change), unit=False)
            shown = f"+{figure} 改善"  # 「+2.0pt 改善」, 「▲150,000 改善」
            width = next(d.width for d in ws.column_dimensions.values() if d.min <= cell.column <= d.max)
            assert width >= text_units(shown), (kpi.id, shown, width)
        notes = " ".join(str(c.value) for row in ws.iter_rows(max_row=8) for c in row if isinstance(c.value, str))
        assert "「改善」" in notes and "「悪化」" in notes, notes
