"""The measuring helper itself (tests/pdf_measure.py): its calibration on a real LibreOffice PDF and
what it calls a problem, so that the print tests measure what they say they measure."""

from __future__ import annotations

import pytest
import xlsxwriter

from pdf_measure import (
    BBOX_HEIGHT_PER_PT,
    PageMeasure,
    Word,
    _printed_prefix,
    find_clipped,
    measure_page,
    page_problems,
    part_heading,
    read_words,
    render_pdf,
)
from reform_xlsx.xlsx.workbook import FONT


def test_word_height_is_1_30_font_size_as_printed(soffice, tmp_path):
    """Cells of known size at 100 % and at 50 %: the measured size is the printed size (± 0.1 pt)."""
    expect = {}
    for scale in (100, 50):
        path = tmp_path / f"calib_{scale}.xlsx"
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet()
        ws.set_paper(9)
        ws.set_print_scale(scale)
        ws.set_column(0, 0, 40)
        for r, (size, bold) in enumerate((s, b) for s in (6, 8, 9, 10, 12) for b in (False, True)):
            text = f"改革項目{r:02d}"
            ws.write(r, 0, text, wb.add_format({"font_name": FONT, "font_size": size, "bold": bold}))
            expect[(scale, text)] = size * scale / 100
        wb.close()
        words = [w for _, _, ws_words in read_words(render_pdf(path, tmp_path)) for w in ws_words]
        for w in words:
            assert abs(w.pt - expect[(scale, w.text)]) <= 0.1, (scale, w.text, w.pt)
    assert BBOX_HEIGHT_PER_PT == 1.30


def _word(text, x, y, pt=10.0):
    return Word(text, x, y, x + len(text) * pt, y + pt * BBOX_HEIGHT_PER_PT)


def test_small_text_sparse_pages_and_bare_header_bands_are_problems():
    header = [_word("ID", 30, 60), _word("改革項目", 80, 60), _word("担当課", 200, 60), _word("進捗状況", 300, 60)]
    rows = [_word(f"行{n}のテキスト", 30 + 100 * (n % 4), 80 + 14 * (n // 4)) for n in range(40)]
    full = measure_page(1, 842, 595, header + rows, repeated={(w.text, round(w.x0)) for w in header})
    assert page_problems(full) == []
    small = measure_page(2, 842, 595, [_word("小さい", 30, 60, pt=7.0)] + rows)
    assert any("7.0 pt" in p for p in page_problems(small))
    lonely = measure_page(3, 842, 595, header + [_word("合計", 30, 80), _word("6,280,000", 600, 80)],
                          repeated={(w.text, round(w.x0)) for w in header})
    assert lonely.sparse and any("sparse" in p for p in page_problems(lonely))
    chart_only = measure_page(4, 842, 595, header + [_word("進捗率のグラフ", 400, 300)] + rows[:20:4],
                              repeated={(w.text, round(w.x0)) for w in header})
    assert chart_only.bare_title_band or chart_only.sparse
    assert isinstance(full, PageMeasure) and full.min_pt == 10.0
    shrunk_header = measure_page(5, 842, 595, [_word("第2次行動計画", 30, 12, pt=7.3)] + header + rows)
    assert shrunk_header.header_pt == 7.3 and page_problems(shrunk_header) == ["running header/footer at 7.3 pt"]


def test_a_cell_cut_off_at_its_row_height_is_reported(soffice, tmp_path):
    path = tmp_path / "clip.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("取組状況")
    wrap = wb.add_format({"font_name": FONT, "text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 20)
    ws.set_row(0, 14)  # one line high: the rest of the text is not printed
    ws.write(0, 0, "長い取組実績の文章が行の高さで切れてしまうかどうかを確かめるための文です。" * 2, wrap)
    ws.write(2, 0, "短い文", wrap)
    wb.close()
    clips = find_clipped(render_pdf(path, tmp_path), path)
    assert [(c.sheet, c.cell) for c in clips] == [("取組状況", "A1")]
    assert 0 < clips[0].found < clips[0].total


def _lines_of(texts, x=100.0, top=100.0, height=13.0):
    """One word per line, as a wrapped cell prints its lines (left aligned, one line under the other)."""
    return [Word(t, x, top + i * height, x + 13.0 * len(t), top + i * height + height - 0.5) for i, t in enumerate(texts)]


@pytest.mark.parametrize(("target", "lines", "printed"), [
    ("行政改革", ["行政", "改革"], 4),
    ("行政改革の推進", ["行政", "改革"], 4),  # its last line cut off
    ("あ" * 40, ["あ"] * 40, 40),
    ("あ" * 40, ["あ"] * 39, 39),
])
def test_how_much_of_a_cell_the_page_prints(target, lines, printed):
    assert _printed_prefix(target, _lines_of(lines)) == printed


def test_cells_of_identical_lines_side_by_side_are_followed_in_moments():
    """Two cells next to each other, each of 40 lines 「あ」, and a text one line longer: every line could go on in
    either cell, and the search tried each of the 2⁴⁰ ways (a print test ran for hours)."""
    words = _lines_of(["あ"] * 40) + _lines_of(["あ"] * 40, x=140.0)
    assert _printed_prefix("あ" * 41, words) == 40


PART_LINES = [
    # (the plan's first level, a page's first line as read from the PDF, whether it begins a part)
    ("重点項目", "重点項目1行政のデジタル化", True),
    ("重点項目", "重点項目12財政の健全化", True),
    ("重点項目", "重点項目1行政のデジタル化（続き）", False),  # a page inside the part: the page before is ordinary
    ("重点項目", "(1)窓口サービスの向上（続き）", False),
    ("重点項目", "1-1-1窓口の電子化", False),
    ("基本方針", "基本方針2持続可能な財政運営", True),  # a plan whose first level is 基本方針
    ("基本方針", "基本方針2持続可能な財政運営（続き）", False),
    ("基本方針", "重点項目1行政のデジタル化", False),
    ("柱", "柱3公共施設の最適化", True),
    ("基本目標", "基本目標1市民サービス", True),
]


@pytest.mark.parametrize("word, line, begins", PART_LINES)
def test_a_part_begins_with_the_plans_own_level_word_not_a_continued_heading(word, line, begins):
    """The page before a part's first page may end short: the part is known by the plan's first level word, and a
    page that continues a part (its heading 「（続き）」) does not excuse the page before it."""
    assert bool(part_heading(word).match(line)) is begins


def test_lines_written_past_the_rows_bottom_edge_are_reported(soffice, tmp_path):
    """A row not marked as of a height set by hand (as the forms' growing rows) and lower than its text: LibreOffice
    writes every line into the PDF — the ones past the row's bottom edge are hidden by the row's clip — so finding
    every word said 「printed whole」 of a 推進内容 whose last lines were cut off on paper."""
    from reform_xlsx.xlsx.workbook import GrowingRowsWorksheet

    path = tmp_path / "past.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("取組状況", worksheet_class=GrowingRowsWorksheet)
    wrap = wb.add_format({"font_name": FONT, "text_wrap": True, "valign": "top", "border": 1})
    ws.set_column(0, 1, 20)
    text = "\n".join(f"第{n}行目の文章です" for n in range(1, 7))  # six lines
    ws.set_growing_row(0, 40)  # room for three
    ws.write(0, 0, text, wrap)
    ws.write(0, 1, "短い文", wrap)
    ws.set_growing_row(1, 80)
    ws.write(1, 0, text, wrap)  # room for all six
    ws.write(2, 0, "次の行", wrap)
    wb.close()
    clips = find_clipped(render_pdf(path, tmp_path), path)
    assert [(c.sheet, c.cell) for c in clips] == [("取組状況", "A1")]
    assert 0 < clips[0].found < clips[0].total
