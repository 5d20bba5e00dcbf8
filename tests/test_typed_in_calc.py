"""What a section typed into the forms in LibreOffice Calc, as Calc saved it, read back as the section saw it."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import normalise as norm
from reform_xlsx.intake import read_return, read_returns
from reform_xlsx.intake.normalise import EXCEL_MAX_TEXT
from reform_xlsx.ledger.feedback import SHEET_ERRORS, write_feedback
from reform_xlsx.messages import Msg, Severity
from reform_xlsx.xlsx.style import ERROR_FILL

KPI = layout.SHEET_KPI


@pytest.mark.parametrize(("kpi_id", "example"), [("K09", "3"), ("K13", "3"), ("K01", "30%")])
def test_not_a_number_gives_an_example_the_cell_accepts(plan, kpi_id, example):
    """V003 for a count KPI said 「例: 3施設」 while the cell's input message says 「数字だけを入力します（単位は不要）」."""
    outcome = norm.normalise_kpi("未確定", plan.kpi(kpi_id))
    assert outcome.msg is Msg.INTAKE_NOT_A_NUMBER
    assert outcome.params["example"] == example


def test_a_changed_count_target_is_quoted_as_its_cell_shows_it(plan, tmp_path):
    """V011 quoted K09's 年度目標値 (1 → 3 施設 shared out over the years) as 「1.666667」, while its locked cell,
    formatted 「※#,##0」, shows 「※2」; the section overwrote the shown ※2 with 2 after removing protection."""
    source = craft.filled(plan, 2026, "財政課", tmp_path)
    wb = openpyxl.load_workbook(source)
    cell = craft.cell_of(wb, KPI, "K09", "年度目標値\n※は参考（按分）")
    assert wb[KPI][cell].number_format == '"※"#,##0' and not float(wb[KPI][cell].value).is_integer()
    wb[KPI][cell] = 2
    wb.save(tmp_path / "財政課_edited.xlsx")
    (p,) = [p for p in read_return(tmp_path / "財政課_edited.xlsx", plan, 2026).problems if p.code == "V011"]
    assert p.cell == cell
    assert p.message == "計画の内容（年度目標値 ※は参考（按分））が書き換えられています。この欄は計画の値「※2」を使います。"


def _ods(section: str) -> bytes:
    """A form LibreOffice saved as .ods: the section's record is in meta.xml, its answers in content.xml."""
    meta = ('<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>'
            f'<meta:user-defined meta:name="reform_xlsx.section" meta:value-type="string">{section}</meta:user-defined>'
            '<meta:user-defined meta:name="reform_xlsx.fiscal_year">R8</meta:user-defined>'
            '</office:meta></office:document-meta>')
    return craft.ods_bytes(meta)


def _guide_text(path) -> str:
    """The note above the error list (written one line a row), joined again."""
    ws = openpyxl.load_workbook(path)[SHEET_ERRORS]
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "コード")
    return "".join(str(ws.cell(r, 1).value or "") for r in range(4, top))


def test_a_form_saved_as_ods_is_sent_back_to_be_saved_again_as_xlsx(plan, tmp_path):
    """The 差し戻し copy of a form saved as .ods (F002) is blank, and its guide said 「この調査票に記入し直して」 while
    the F002 line below says to open the original and save it as .xlsx: a hurried chief typed the whole form again."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "税務課.ods").write_bytes(_ods("税務課"))
    (result,) = read_returns([inbox], plan, 2026)
    assert (result.section, [p.code for p in result.problems]) == ("税務課", ["F002"])
    copy = write_feedback(plan, 2026, "税務課", result.problems, result.answers, tmp_path / "copy.xlsx",
                          source_name="税務課.ods", resubmit_by=dt.date(2027, 6, 4))
    text = _guide_text(copy)
    assert "元のファイルを開き" in text and "「Excel ブック (*.xlsx)」形式で保存し直し" in text
    assert "この調査票に記入し直す必要はありません" in text
    assert "記入し直して" not in text and "このファイルのまま保存して" not in text


ITEMS = layout.SHEET_ITEMS
RESULT = "取組実績"


@pytest.mark.parametrize(("length", "codes"), [(EXCEL_MAX_TEXT - 1, []), (EXCEL_MAX_TEXT, ["V022"])])
def test_a_text_cut_at_excels_limit_when_saved_is_an_error(plan, tmp_path, length, codes):
    """Calc holds 40,000 characters typed into 取組実績 and writes exactly 32,767 of them to the .xlsx: merge took the
    cut text without a word (V010 is for a longer text, which a saved file never holds). The 差し戻し copy shows the
    text as it came, red, with the message in its comment."""
    text = "あ" * (length - 3) + "おわり"
    path = craft.filled(plan, 2026, "財政課", tmp_path, changes={ITEMS: {"1-1-4": {RESULT: text}}})
    cell = craft.cell_of(openpyxl.load_workbook(path), ITEMS, "1-1-4", RESULT)
    result = read_return(path, plan, 2026)
    found = [p for p in result.problems if p.code.startswith("V")]
    assert [(p.code, p.severity, p.sheet, p.cell) for p in found] == [(c, Severity.ERROR, ITEMS, cell) for c in codes]
    (answer,) = [a for a in result.answers if (a.id, a.field) == ("1-1-4", "result")]
    assert answer.value == text
    if not codes:
        return
    assert "32,767 文字" in found[0].message and "保存したときに 32,767 文字で切られ" in found[0].message
    copy = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                          source_name=path.name)
    shown = openpyxl.load_workbook(copy)[ITEMS][cell]
    assert shown.value == text and shown.fill.fgColor.rgb.endswith(ERROR_FILL[1:]) and "V022" in shown.comment.text


PLAN_NEXT = "課題・今後の方針"


@pytest.mark.parametrize(("label", "value", "number_format", "shown"), [
    (RESULT, 1234, "[$-411]#,##0", "1,234"),  # Calc stores 「1,234」 typed as 1234 with 「#,##0」
    (RESULT, -500, r"[$-411]#,##0;\(#,##0\)", "(500)"),  # 「(500)」: accounting parentheses, not 「-500」
    (PLAN_NEXT, 1500, "[$-411]0.00E+00", "1.50E+03"),  # 「1.5E+3」 shown 「1.50E+03」, not 「1500」
    (PLAN_NEXT, 1234567890123460, "General", "1234567890123460"),  # 16 digits as Calc saved them, no separators
    (PLAN_NEXT, 2.5, "General", "2.5"),
    (RESULT, 1234, "#,##0.00", "1,234.00"),
    (RESULT, 3, '"第"0"回"', "第3回"),
])
def test_a_number_in_a_free_text_cell_reads_as_the_cell_shows_it(plan, tmp_path, label, value, number_format, shown):
    """A bare number typed into 取組実績 or 課題・今後の方針 was recorded as the number (「1234」, 「-500」, 「1500」) or the
    money way (「1,234,567,890,123,460」) while the cell showed 「1,234」, 「(500)」, 「1.50E+03」: the answer's text and
    入力値 are what the cell shows, by its number format as Calc wrote it."""
    source = craft.filled(plan, 2026, "財政課", tmp_path)
    wb = openpyxl.load_workbook(source)
    cell = craft.cell_of(wb, ITEMS, "1-1-4", label)
    money = craft.cell_of(wb, ITEMS, "1-1-4", "財政効果額（円）")
    wb[ITEMS][cell] = value
    wb[ITEMS][cell].number_format = number_format
    wb[ITEMS][money] = 1234567
    wb[ITEMS][money].number_format = "[$-411]#,##0"
    wb.save(tmp_path / "typed.xlsx")
    result = read_return(tmp_path / "typed.xlsx", plan, 2026)
    assert [p.code for p in result.problems] == []
    answers = {a.cell: a for a in result.answers if a.sheet == ITEMS}
    assert (answers[cell].value, answers[cell].raw) == (shown, shown)
    assert (answers[money].value, answers[money].raw) == (1234567, "1234567")  # an amount: the number, as before


@pytest.mark.parametrize(("code", "value", "shown"), [
    ("#,##0", 1234.0, "1,234"), ("#,##0", 62.5, "63"), (r"#,##0;\(#,##0\)", -500.0, "(500)"),
    ("#,##0 ;(#,##0)", -7.0, "(7)"), ("0.00E+00", 1500.0, "1.50E+03"), ("0.00E+00", 9.996, "1.00E+01"),
    ("0.00E+00", 0.00012, "1.20E-04"), ("#,##0.00", -1234.5, "-1,234.50"), ("0.0#", 1.5, "1.5"), ("0.0#", 1.0, "1.0"),
    ("[$¥-411]#,##0", 1500.0, "¥1,500"), ("#,##0;[Red]-#,##0", -3.0, "-3"), (r"\※#,##0", 1.666667, "※2"),
    ("# ?/?", 1.5, None), ("000-0000", 1234567.0, None), ("yyyy/m/d", 45000.0, None), ("@", 12.0, None),
    # left to General, never an exception (a sound file refused as F016) nor a wrong figure
    ("#,##0", 1e60, None), ("0.00", 1e58, None), ("0." + "0" * 30, 1e30, None), ("0.00E+00", 5e-324, None),
    ("0.00E+00", 1.7976931348623157e308, None), ("#,##0,\"千円\"", 1234567.0, None), ("#,##0,,", 1234567.0, None),
    ("0.0,", 12345.0, None), ("[<=100]0;[>100]0", -50.0, None), ("[>=1000]#,##0,\"千\";0", 5000.0, None),
    ("0[$" * 20_000, 1.0, None), ("0.???", 1.5, None), ("##0.0E+0", 15000.0, None),
    ("00000", 42.0, "00042"), ("0000.00", 3.14, "0003.14"),
])
def test_number_text(code, value, shown):
    assert norm.number_text(code, value) == shown


def test_the_resubmit_mail_for_a_form_saved_as_ods_asks_to_save_it_again_not_to_fill_in_the_copy(
        plan, tmp_path, monkeypatch, capsys):
    """`status --remind`'s 再提出のお願い said 「エラー一覧に沿って直して（または記入して）、このファイルのまま保存し」 for a
    form that only needs saving again as .xlsx — the same contradiction as the copy's guide had."""
    import email

    from reform_xlsx.cli import main

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "税務課.ods").write_bytes(_ods("税務課"))
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/r.db"]) == 1
    assert main(["status", "--year", "R8", "--db", "out/r.db", "--remind"]) == 1
    capsys.readouterr()
    (draft,) = (tmp_path / "out" / "メール下書き").glob("*再提出のお願い_税務課.eml")
    from email import policy

    body = email.message_from_bytes(draft.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert "記入し直す必要はありません" in body and "「Excel ブック (*.xlsx)」形式で保存し直し" in body
    assert "このファイルのまま保存し" not in body


def test_a_tiny_negative_kpi_value_is_quoted_and_sent_back_as_the_number_it_was(plan, tmp_path):
    """−0.000001 in a count KPI's 実績値 was quoted 「-1e-06」 in the message and went back into the 差し戻し copy as
    that text (spilling into the next cell)."""
    kpi_id = "K09"
    path = craft.filled(plan, 2026, "財政課", tmp_path, changes={layout.SHEET_KPI: {kpi_id: {"実績値": -0.000001}}})
    result = read_return(path, plan, 2026)
    found = [p for p in result.problems if p.row_id == kpi_id]
    assert found and all("1e-06" not in p.message for p in found)
    assert any("-0.000001" in p.message for p in found), [p.message for p in found]
    copy = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                          source_name=path.name, resubmit_by=dt.date(2027, 6, 4))
    ws = openpyxl.load_workbook(copy)[layout.SHEET_KPI]
    cell = craft.cell_of(openpyxl.load_workbook(copy), layout.SHEET_KPI, kpi_id, "実績値")
    assert ws[cell].value == -0.000001


@pytest.mark.parametrize(("value", "text"), [
    (-0.000001, "-0.000001"), (0.1, "0.1"), (1.5, "1.5"), (123.0, "123"), (1e-12, "1E-12"), (-2.5e-7, "-0.00000025"),
])
def test_raw_text_of_a_number_never_has_an_exponent_people_do_not_write(value, text):
    from reform_xlsx.intake.normalise import raw_text

    assert raw_text(value) == text
