"""What a section (or the office) types reaches every output workbook as the same text: never a formula, a link, a
number, nor XML that breaks the workbook (docs/security.md)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from reform_xlsx.report.model import SHEET_REVIEWS
from reform_xlsx.report.writer import write_reports
from reform_xlsx.xlsx.sizing import MAX_ROW_HEIGHT
from reform_xlsx.xlsx.workbook import GrowingRowsWorksheet, new_workbook
from report_sample import sample_answers, sample_status, with_reviews

# typed as it is, one per cell (a cell's text is kept as typed, only stripped at intake)
HOSTILE = [
    '=HYPERLINK("http://x","クリック")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
    "＝1+1", "＋1", "－5", "＠SUM(1)", "0123", "1e5", "1,234", "http://evil.example/x", "mailto:evil@example.com",
    '<b>&amp; "x"</b> & < > \'',
    "<r>実施した & <b></r>",  # what xlsxwriter takes for its own rich-text XML and writes unescaped
    "<r><t>x</t></r>", "<r></r>", "<r>",
    "𠮷野家🙂葛\U000e0100", "\u202eabc\u200f", "a\u200bb\ufeff", "_x0041_ は文字", "a\x01b\x0bc\x1fd",
    "行\n" * 5000 + "終",
]


# a formula made of a text above (the meeting workbook has formulas of its own)
FROM_TEXT = (b"HYPERLINK", b"cmd|", b"SUM(A1)", b"SUM(1)", b"evil", b"1+1", b"2+3")


def excel_text(value: object) -> object:
    """A cell's text as Excel reads it: openpyxl leaves the ``_xHHHH_`` escapes of control characters as they are
    (and takes the ``_x005F_`` away from a text that has such a form: 「_x0041_」 comes back as typed)."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x(00[01][0-9A-Fa-f])_", lambda m: chr(int(m.group(1), 16)), value)


def parts_parse(path: Path) -> list[str]:
    """The XML parts of ``path`` that are not well-formed, and any formula made of a text or link a cell holds."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            data = zf.read(name)
            try:
                ElementTree.fromstring(data)
            except ElementTree.ParseError as exc:
                found.append(f"{name}: {exc}")
            formulas = re.findall(rb"<f\b[^>]*>(.*?)</f>", data, flags=re.S)
            found += [f"formula {f[:40]!r} in {name}" for f in formulas if any(m in f for m in FROM_TEXT)]
            if name.endswith(".rels") and b"/hyperlink" in data:
                found.append(f"hyperlink in {name}")
    return found


@pytest.mark.parametrize("worksheet_class", [None, GrowingRowsWorksheet])
def test_a_hostile_text_is_written_as_the_same_text(tmp_path, worksheet_class):
    """A text 「<r>…</r>」 went into sharedStrings.xml as raw XML (xlsxwriter's mark of its rich strings): the
    workbook did not open (Excel repairs it, LibreOffice's PDF lost every text)."""
    path = tmp_path / "out.xlsx"
    wb = new_workbook(path)
    ws = wb.add_worksheet("S", worksheet_class=worksheet_class) if worksheet_class else wb.add_worksheet("S")
    for row, text in enumerate(HOSTILE):
        ws.write(row, 0, text)
        ws.write_string(row, 1, text, wb.add_format({"text_wrap": True}))
    wb.close()
    assert parts_parse(path) == []
    read = openpyxl.load_workbook(path)["S"]
    for row, text in enumerate(HOSTILE, start=1):
        for column in (1, 2):
            cell = read.cell(row, column)
            assert (excel_text(cell.value), cell.data_type) == (text, "s"), (row, column)


def test_a_rich_string_of_the_workbook_itself_stays_rich(tmp_path):
    path = tmp_path / "out.xlsx"
    wb = new_workbook(path)
    ws = wb.add_worksheet("S")
    ws.write_rich_string(0, 0, "太字: ", wb.add_format({"bold": True}), "<r>本文</r>")
    wb.close()
    assert parts_parse(path) == []
    cell = openpyxl.load_workbook(path, rich_text=True)["S"]["A1"].value
    assert str(cell) == "太字: <r>本文</r>" and any(getattr(run, "font", None) and run.font.b for run in cell)


def test_hostile_answers_reach_every_report_workbook_as_text(plan, tmp_path):
    answers = sample_answers(plan)
    results = answers.index[answers["field"] == "result"]
    for index, text in zip(results, HOSTILE, strict=False):
        answers.at[index, "value"] = answers.at[index, "raw"] = text
    result = write_reports(plan, 2026, answers, sample_status(plan), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    books = sorted(tmp_path.glob("*.xlsx"))
    assert len(books) >= 3, books
    for path in books:
        assert parts_parse(path) == [], path.name
    meeting = openpyxl.load_workbook(Path(result.workbook))
    texts = {excel_text(c.value) for ws in meeting for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    typed = [t for t in HOSTILE[:len(results)] if t.strip() == t and "\n" not in t]  # (the packet cuts a long one)
    assert len(typed) > 20 and [t for t in typed if t not in texts] == []


def test_a_word_longer_than_a_row_prints_cut_saying_so(plan, tmp_path):
    """A 対応方針 (or 推進室コメント, an opinion) of 5,000 lines filled the tallest row and the rest was lost from the
    printed 二次評価・意見 without a word; now it ends 「…（以下略、全 n 字）」 like a long 取組実績 (docs/report.md)."""
    answers = with_reviews(plan, sample_answers(plan))
    long_policy = "対応する。\n" * 5000
    reviews = answers.index[(answers["kind"] == "review") & (answers["field"] == "policy")]
    answers.loc[reviews[0], ["value", "raw"]] = long_policy
    comments = answers.index[(answers["kind"] == "review") & (answers["field"] == "office_comment")]
    answers.loc[comments[1], ["value", "raw"]] = "確認した。" * 3000
    result = write_reports(plan, 2026, answers, sample_status(plan), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    for path, marks in ((result.workbook, 2), (result.public, 1)):  # 公表用 shows no 推進室コメント
        ws = openpyxl.load_workbook(path)[SHEET_REVIEWS]
        cut = [c for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and c.value.startswith(("対応する。", "確認した。"))]
        assert len(cut) == marks, path
        for cell in cut:
            assert cell.value.endswith("字）") and "以下略" in cell.value, cell.value[-40:]
            assert ws.row_dimensions[cell.row].height <= MAX_ROW_HEIGHT


# texts that look like the escapes of .xlsx (「_x000D_」 is a CR there), overlapping ones too (「_x005F_x000D_」: its
# 「_x005F_」 ends where 「_x000D_」 starts)
ESCAPE_FORMS = ["_x000D_ をそのまま", "_x005F_x000D_ も", "_x005F_x0041_", "a_x0041__x0042_b", "_x005f_x000d_",
                "<r>_x005F_x000D_</r>", "_x005F_x005F_x005F_"]


def test_a_text_like_an_escape_reads_back_as_typed(tmp_path):
    """xlsxwriter puts 「_x005F」 before each escape form it finds, one after another: in 「_x005F_x000D_」 it found
    「_x005F_」 only, and Excel, LibreOffice and the intake read the rest 「_x000D_」 as a CR. Read here as the intake
    reads a cell (calamine) and as Excel reads a note."""
    import python_calamine

    path = tmp_path / "out.xlsx"
    wb = new_workbook(path)
    ws = wb.add_worksheet("S")
    for row, text in enumerate(ESCAPE_FORMS):
        ws.write_string(row, 0, text)
        ws.write_comment(row, 0, text)
    wb.close()
    read = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()
    assert [row[0] for row in read] == ESCAPE_FORMS
    with zipfile.ZipFile(path) as zf:
        notes = ElementTree.fromstring(zf.read("xl/comments1.xml"))
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    said = ["".join(t.text or "" for t in c.iter(f"{ns}t")) for c in notes.iter(f"{ns}comment")]
    assert [re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), s) for s in said] == ESCAPE_FORMS
