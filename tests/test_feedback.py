"""差し戻し copies: a fresh template with what the section sent, problem cells marked and commented,
エラー一覧 first; nothing of the input file travels back; the corrected copy is accepted."""

import datetime as dt
import hashlib
import zipfile

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.ledger.feedback import SHEET_ERRORS, write_feedback
from reform_xlsx.messages import Msg, problem
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import cell_map, fill_template
from reform_xlsx.xlsx.style import ERROR_FILL, INPUT_FILL, WARNING_FILL
from sheet_reader import header_row

CONTACT = "人事行政課 行政改革係（内線 1234）"


@pytest.fixture(scope="module")
def template(tmp_path_factory, plan):
    out = tmp_path_factory.mktemp("templates")
    (path,) = write_templates(plan, 2026, out, sections=["財政課"])
    return path


def cell(path, sheet, row_id, label):
    ws = openpyxl.load_workbook(path)[sheet]
    return cell_map(ws, layout.ID_LABEL_KPI if sheet == layout.SHEET_KPI else layout.ID_LABEL_ITEMS)[
        (row_id, layout.normalise_label(label))]


@pytest.fixture(scope="module")
def returned(template, plan, tmp_path_factory):
    """財政課's return: a bad grade, a formula typed as text, a KPI over 100 % … and rows sorted."""
    folder = tmp_path_factory.mktemp("in")
    answers = craft.valid_answers(plan, "財政課")
    answers[layout.SHEET_ITEMS]["2-2-5"] |= {"進捗状況": "たぶん順調"}
    answers[layout.SHEET_ITEMS]["1-1-4"] |= {"進捗状況": "A", "取組実績": "入札要領を改正した", "財政効果額（円）": "150万円"}
    answers[layout.SHEET_KPI]["K12"]["実績値"] = "6100000人"  # a warning (V008): read as 6,100,000
    answers[layout.SHEET_KPI]["K09"]["実績値"] = "たくさん"
    filled = fill_template(template, answers, folder / "filled.xlsx")

    def formula(wb):  # a real formula (with a link) typed into an input cell
        wb[layout.SHEET_ITEMS][cell(filled, layout.SHEET_ITEMS, "2-2-5", "取組実績")] = '=HYPERLINK("http://x","見て")'
    path = craft.edit(filled, folder / "財政課.xlsx", formula)
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.REJECTED
    return path, result


@pytest.fixture(scope="module")
def copy(returned, plan, tmp_path_factory):
    path, result = returned
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    target = tmp_path_factory.mktemp("out") / "差し戻し" / outputs.feedback(2026, "財政課")
    ledgers_note = problem(Msg.LEDGER_TWO_FILES, file=path.name, section="財政課", count=2, others="前の.xlsx")
    written = write_feedback(plan, 2026, "財政課", result.problems + [ledgers_note], result.answers, target,
                             source_name=path.name, resubmit_by=dt.date(2027, 6, 4), contact=CONTACT)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the original is untouched
    return written


def test_copy_is_named_for_the_section_and_opens_on_the_error_list(copy):
    assert copy.name == "令和8年度_財政課_要修正.xlsx"
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == SHEET_ERRORS and wb.active.title == SHEET_ERRORS
    assert wb.sheetnames[1:] == [layout.SHEET_GUIDE, layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_LISTS,
                                 layout.SHEET_META]


def test_values_the_section_sent_are_in_the_copy_as_values(copy):
    wb = openpyxl.load_workbook(copy)
    items, kpi = wb[layout.SHEET_ITEMS], wb[layout.SHEET_KPI]
    assert items[cell(copy, layout.SHEET_ITEMS, "1-1-4", "進捗状況")].value == "A 計画どおり"
    assert items[cell(copy, layout.SHEET_ITEMS, "1-1-4", "財政効果額（円）")].value == 1_500_000
    assert items[cell(copy, layout.SHEET_ITEMS, "2-2-5", "進捗状況")].value == "たぶん順調"
    formula = items[cell(copy, layout.SHEET_ITEMS, "2-2-5", "取組実績")]
    assert formula.value == '=HYPERLINK("http://x","見て")' and formula.data_type == "s"  # text, not a formula
    assert kpi[cell(copy, layout.SHEET_KPI, "K12", "実績値")].value == 6_100_000
    assert kpi[cell(copy, layout.SHEET_KPI, "K09", "実績値")].value == "たくさん"


def test_problem_cells_are_marked_and_commented(copy):
    wb = openpyxl.load_workbook(copy)
    items, kpi = wb[layout.SHEET_ITEMS], wb[layout.SHEET_KPI]
    grade = items[cell(copy, layout.SHEET_ITEMS, "2-2-5", "進捗状況")]
    assert grade.fill.fgColor.rgb.endswith("FFC7CE") and "V001" in grade.comment.text  # error: red
    assert "V009" in items[cell(copy, layout.SHEET_ITEMS, "2-2-5", "取組実績")].comment.text
    assert "V003" in kpi[cell(copy, layout.SHEET_KPI, "K09", "実績値")].comment.text
    assert items[cell(copy, layout.SHEET_ITEMS, "1-1-4", "進捗状況")].comment is None
    warned = kpi[cell(copy, layout.SHEET_KPI, "K12", "実績値")]
    assert warned.fill.fgColor.rgb.endswith(WARNING_FILL[1:]) and "V008" in warned.comment.text  # warning: orange
    errors = wb[SHEET_ERRORS]
    first = header_row(errors, "コード") + 1
    listed = {row[1]: row for row in errors.iter_rows(min_row=first, max_col=6, values_only=True)}
    k09 = cell(copy, layout.SHEET_KPI, "K09", "実績値")
    assert listed["V003"][3:5] == (layout.SHEET_KPI, k09)
    link = next(c for c in errors["E"] if c.value == k09)
    assert link.hyperlink.location == f"'{layout.SHEET_KPI}'!{k09}"
    assert "L003" not in listed  # the ledger's note about the office's other files is not the section's to fix


def test_error_list_says_by_when_to_send_it_back_and_whom_to_ask(copy):
    errors = openpyxl.load_workbook(copy)[SHEET_ERRORS]
    lines = {row[0]: row[4] for row in errors.iter_rows(max_col=5, values_only=True) if row[0] in ("再提出期限", "問い合わせ先")}
    assert lines == {"再提出期限": "令和9年6月4日（金）", "問い合わせ先": CONTACT}
    assert "エラー一覧" in errors.oddHeader.center.text and "財政課" in errors.oddHeader.right.text  # printed header
    assert errors.print_title_rows  # the table's header repeats on every printed page



def test_guide_gives_the_same_date_and_contact(copy):
    """The 記入要領 of the copy says 再提出期限 with the date, not the first request's 「通知をご確認ください」."""
    guide = openpyxl.load_workbook(copy)[layout.SHEET_GUIDE]
    lines = {row[1]: row[2] for row in guide.iter_rows(max_col=3, values_only=True) if row[1]}
    assert lines["再提出期限"] == "令和9年6月4日（金）" and "提出期限" not in lines
    steps = " ".join(str(c.value) for row in guide.iter_rows() for c in row if isinstance(c.value, str))
    assert "再提出期限までに提出先へ送ってください" in steps and "、提出期限までに" not in steps
    assert lines["提出先・問い合わせ"] == CONTACT
    meta = {row[0]: row[1] for row in openpyxl.load_workbook(copy)[layout.SHEET_META].iter_rows(values_only=True)}
    # shown, not recorded: a copy sent back again must not make this merge's contact the year's
    assert not meta.get(layout.META_CONTACT) and not meta.get(layout.META_DEADLINE)


def _rgb(colour):
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_the_warning_colour_is_clearly_apart_from_the_input_cells():
    """Orange, not the inputs' pale yellow: far apart in every sense a reader sees (distance, blue channel)."""
    warning, inputs, error = _rgb(WARNING_FILL), _rgb(INPUT_FILL), _rgb(ERROR_FILL)
    assert sum((a - b) ** 2 for a, b in zip(warning, inputs)) ** 0.5 > 80
    assert sum((a - b) ** 2 for a, b in zip(warning, error)) ** 0.5 > 60


def test_nothing_active_travels_back(copy):
    with zipfile.ZipFile(copy) as zf:
        names = zf.namelist()
        sheets = "".join(zf.read(n).decode("utf-8") for n in names if n.startswith("xl/worksheets/sheet"))
    assert not any(n.startswith(("xl/externalLinks", "xl/vbaProject", "xl/media")) for n in names)
    assert "<f>" not in sheets and "<f " not in sheets  # no formula in any cell
    assert "http://x" not in "".join(n for n in names)


def test_copy_keeps_the_templates_protection_validation_and_metadata(copy):
    wb = openpyxl.load_workbook(copy)
    items, kpi = wb[layout.SHEET_ITEMS], wb[layout.SHEET_KPI]
    assert items.protection.sheet and kpi.protection.sheet
    assert items.data_validations.dataValidation
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[layout.META_SECTION] == "財政課" and props[layout.META_FISCAL_YEAR] == "R8"


@pytest.mark.parametrize("section, name", [
    ("財政課", "令和8年度_財政課_要修正.xlsx"),
    ("../../x/evil", "令和8年度__.._x_evil_要修正.xlsx"),
    ("CON", "令和8年度__CON_要修正.xlsx"),
    ("あ" * 300, f"令和8年度_{'あ' * 60}_要修正.xlsx"),
])
def test_feedback_name_is_one_safe_file_name(section, name):
    assert outputs.feedback(2026, section) == name


def test_a_corrected_feedback_copy_is_accepted(tmp_path, plan, copy):
    """The section fixes the marked cells in the copy it was sent and returns it."""
    fixed = fill_template(copy, {
        layout.SHEET_ITEMS: {"2-2-5": {"進捗状況": "B 概ね計画どおり", "取組実績": "広告を掲載した"}},
        layout.SHEET_KPI: {"K09": {"実績値": 2}, "K12": {"実績値": 6_100_000}}}, tmp_path / "in2" / "財政課_修正.xlsx")
    second = read_return(fixed, plan, 2026)
    assert (second.status, second.section, [p.code for p in second.errors]) == (FileStatus.ACCEPTED, "財政課", [])
    values = {(a.id, a.field): a.value for a in second.answers}
    assert values[("2-2-5", "grade")] == "B" and values[("1-1-4", "effect_yen")] == 1_500_000
    assert values[("K12", "actual")] == 6_100_000 and values[("K09", "actual")] == 2


def _guide_text(path) -> str:
    """The note above the error list (written one line a row): joined again."""
    errors = openpyxl.load_workbook(path)[SHEET_ERRORS]
    top = header_row(errors, "コード")
    return "".join(str(errors.cell(r, 1).value or "") for r in range(4, top))


@pytest.mark.parametrize("case, says, never", [
    ("all read", "送っていただいた内容を新しい調査票に写したものです。赤いセル", "写していません"),
    ("heading deleted", "シートや見出しが変わっていたところ（一覧の S で始まるもの）は読み取れなかったため、写していません",
     "内容を読み取れなかった"),
    # the column whose header was rewritten is the one the reader reads (S004 names it): its answers are copied
    ("heading renamed", "見出しや ID が書き換えられていた列・行の入力は、当てはまる列・行に写しました（オレンジのセル。",
     "写していません"),
    ("unreadable", "内容を読み取れなかったため、内容は写していません。この調査票に記入し直して", "写したものです"),
])
def test_the_copy_says_how_much_of_what_was_sent_it_holds(plan, template, tmp_path, case, says, never):
    """A copy of a file whose sheet or heading was renamed, or that could not be read at all, said it held
    what was sent: the section would send back blanks believing its answers were in it."""
    answers = craft.valid_answers(plan, "財政課")
    answers[layout.SHEET_ITEMS]["2-2-5"] |= {"進捗状況": "たぶん順調"}
    path = fill_template(template, answers, tmp_path / "財政課.xlsx")
    if case == "heading renamed":
        def rename(wb):
            ws = wb[layout.SHEET_ITEMS]
            header = next(c for c in ws[layout.HEADER_ROW + 1] if c.value == "取組実績")
            header.value = "実績"
        path = craft.edit(path, tmp_path / "財政課_見出し.xlsx", rename)
    elif case == "heading deleted":
        def delete(wb):
            ws = wb[layout.SHEET_ITEMS]
            ws.delete_cols(next(c for c in ws[layout.HEADER_ROW + 1] if c.value == "取組実績").column)
        path = craft.edit(path, tmp_path / "財政課_列.xlsx", delete)
    elif case == "unreadable":
        path = craft.rezip(path, tmp_path / "財政課_壊れ.xlsx", {"xl/worksheets/sheet3.xml": lambda xml: xml.replace(
            b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "a">]><worksheet', 1)})
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.REJECTED and result.section == "財政課"
    copy = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                          source_name=path.name, resubmit_by=dt.date(2027, 6, 4), contact=CONTACT)
    text = _guide_text(copy)
    assert says in text and never not in text


def test_a_row_rebuilt_in_the_copy_and_required_cells_left_blank_are_marked(plan, template, tmp_path):
    """A row the section deleted (S005: no cell in its file) is rebuilt in the copy with 進捗状況 blank, and a
    KPI sheet renamed and not readable (its header row gone: S002) comes back with every 実績値 blank: each such cell
    is red, says what merge would say of it (V002), and S005 links to the rebuilt row's cell — else the section
    sends the copy back as it is."""
    answers = craft.valid_answers(plan, "財政課")
    path = fill_template(template, answers, tmp_path / "filled.xlsx")

    def damage(wb):
        ws = wb[layout.SHEET_ITEMS]
        ws.delete_rows(ws[cell(path, layout.SHEET_ITEMS, "2-1-3", "進捗状況")].row)
        kpi_sheet = wb[layout.SHEET_KPI]
        kpi_sheet.title = "KPI（R8）"
        kpi_sheet.delete_rows(layout.HEADER_ROW + 1)
    path = craft.edit(path, tmp_path / "財政課.xlsx", damage)
    result = read_return(path, plan, 2026)
    assert sorted(p.code for p in result.errors) == ["S002", "S005"]
    copy = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                          source_name=path.name, resubmit_by=dt.date(2027, 6, 4), contact=CONTACT)
    wb = openpyxl.load_workbook(copy)
    items, kpi = wb[layout.SHEET_ITEMS], wb[layout.SHEET_KPI]
    rebuilt = cell(copy, layout.SHEET_ITEMS, "2-1-3", "進捗状況")
    grade = items[rebuilt]
    assert grade.value is None and grade.fill.fgColor.rgb.endswith(ERROR_FILL[1:])
    assert "S005" in grade.comment.text and "【V002 エラー】進捗状況（2-1-3）が空欄です" in grade.comment.text
    for kpi_id in (k.id for k in plan.kpis_for("財政課", 2026)):
        actual = kpi[cell(copy, layout.SHEET_KPI, kpi_id, "実績値")]
        assert actual.fill.fgColor.rgb.endswith(ERROR_FILL[1:]) and "V002" in actual.comment.text, kpi_id
    kept = items[cell(copy, layout.SHEET_ITEMS, "1-1-4", "進捗状況")]  # what was sent: not marked
    assert kept.value and kept.comment is None and kept.fill.fgColor.rgb.endswith(INPUT_FILL[1:])
    errors = wb[SHEET_ERRORS]
    listed = {row[1]: row for row in errors.iter_rows(min_row=header_row(errors, "コード") + 1, max_col=6,
                                                      values_only=True)}
    assert listed["S005"][3:5] == (layout.SHEET_ITEMS, rebuilt)
    blank = openpyxl.load_workbook(template)[layout.SHEET_ITEMS]  # a fresh template marks nothing
    assert blank[cell(template, layout.SHEET_ITEMS, "2-1-3", "進捗状況")].comment is None


def test_a_renamed_sheet_is_copied_under_the_forms_name_and_the_copy_says_all_was_copied(plan, template, tmp_path):
    """A renamed 取組状況 / KPI sheet (S012) is read: a file with another error gets a copy holding the renamed sheets'
    answers on the form's sheets (before, the section typed them all again from the file it sent)."""
    answers = craft.valid_answers(plan, "財政課")
    answers[layout.SHEET_ITEMS]["2-2-5"] |= {"進捗状況": "たぶん順調"}
    path = fill_template(template, answers, tmp_path / "filled.xlsx")

    def rename(wb):
        wb[layout.SHEET_ITEMS].title = "取組状況 (2)"
        wb[layout.SHEET_KPI].title = "KPI（財政課）"
    path = craft.edit(path, tmp_path / "財政課.xlsx", rename)
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.REJECTED
    assert sorted((p.code, p.sheet) for p in result.problems) == [
        ("S012", "KPI（財政課）"), ("S012", "取組状況 (2)"), ("V001", layout.SHEET_ITEMS)]
    copy = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                          source_name=path.name, resubmit_by=dt.date(2027, 6, 4), contact=CONTACT)
    assert "写していません" not in _guide_text(copy) and "写したものです" in _guide_text(copy)
    wb = openpyxl.load_workbook(copy)
    typed = answers[layout.SHEET_ITEMS]["1-1-4"]["取組実績"]
    assert wb[layout.SHEET_ITEMS][cell(copy, layout.SHEET_ITEMS, "1-1-4", "取組実績")].value == typed
    for kpi_id in (k.id for k in plan.kpis_for("財政課", 2026)):
        actual = wb[layout.SHEET_KPI][cell(copy, layout.SHEET_KPI, kpi_id, "実績値")].value
        assert actual is not None and actual != "", kpi_id


def test_rows_the_copy_does_not_have_are_placed_in_the_file_sent_and_quoted(plan, template, tmp_path):
    """An unknown-ID row (S007), a row without an ID (S008) and a second row of an ID (S006) are not in the copy:
    their エラー一覧 row had a blank セル and none of what was typed there, so the section could not retype it."""
    answers = craft.valid_answers(plan, "財政課")
    path = fill_template(template, answers, tmp_path / "filled.xlsx")
    result_col = cell(path, layout.SHEET_ITEMS, "1-1-4", "取組実績").rstrip("0123456789")
    yen_col = cell(path, layout.SHEET_ITEMS, "1-1-4", "財政効果額（円）").rstrip("0123456789")
    rows = {}

    def add_rows(wb):
        ws = wb[layout.SHEET_ITEMS]
        rows["unknown"], rows["no_id"], rows["second"] = ws.max_row + 1, ws.max_row + 2, ws.max_row + 3
        ws[f"A{rows['unknown']}"], ws[f"{result_col}{rows['unknown']}"] = "9-9-9", "新しく始めた取組を書いた" * 4
        ws[f"{yen_col}{rows['unknown']}"] = 250000
        ws[f"{result_col}{rows['no_id']}"] = "ID を消した行の実績"
        ws[f"A{rows['second']}"], ws[f"{result_col}{rows['second']}"] = "1-1-4", "2行目に書いた実績"
    path = craft.edit(path, tmp_path / "財政課.xlsx", add_rows)
    result = read_return(path, plan, 2026)
    assert sorted(p.code for p in result.errors) == ["S006", "S007", "S008"]
    copy = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                          source_name=path.name, resubmit_by=dt.date(2027, 6, 4), contact=CONTACT)
    errors = openpyxl.load_workbook(copy)[SHEET_ERRORS]
    listed = {row[1]: row[5] for row in errors.iter_rows(min_row=header_row(errors, "コード") + 1, max_col=6,
                                                         values_only=True)}
    unknown = listed["S007"]
    assert unknown.startswith(f"【送ったファイルの {rows['unknown']} 行目（A{rows['unknown']}）】ID「9-9-9」")
    assert "（この行の入力: 取組実績「" + ("新しく始めた取組を書いた" * 4)[:40] + "…」、財政効果額（円）「250000」）" in unknown
    assert listed["S008"].startswith(f"【送ったファイルの {rows['no_id']} 行目（{result_col}{rows['no_id']}）】")
    assert "（この行の入力: 取組実績「ID を消した行の実績」）" in listed["S008"]
    assert listed["S006"].startswith(f"【送ったファイルの {rows['second']} 行目")
    assert f"（{rows['second']} 行目の入力: 取組実績「2行目に書いた実績」）" in listed["S006"]


def test_an_id_sent_twice_marks_the_row_read_where_the_other_row_differs(plan, template, tmp_path):
    """An item's row copied below (S006) to write more: the copy has the ID once, with the first row's answers. Its
    cell where the second row said something else is red with the message quoting it, and the エラー一覧 links to it
    (before, nothing in the copy was red and the section sent it back as it was: what it typed below was lost)."""
    path = fill_template(template, craft.valid_answers(plan, "財政課"), tmp_path / "filled.xlsx")
    plan_next = cell(path, layout.SHEET_ITEMS, "2-2-5", "課題・今後の方針")
    second = {}

    def copy_row(wb):
        ws = wb[layout.SHEET_ITEMS]
        row, second["row"] = ws[plan_next].row, ws.max_row + 1
        for c in range(1, ws.max_column + 1):
            ws.cell(second["row"], c, ws.cell(row, c).value)
        ws[f"{plan_next.rstrip('0123456789')}{second['row']}"] = "来年度は料金表を改める"
    path = craft.edit(path, tmp_path / "財政課.xlsx", copy_row)
    result = read_return(path, plan, 2026)
    assert [p.code for p in result.errors] == ["S006"]
    copy = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                          source_name=path.name, resubmit_by=dt.date(2027, 6, 4), contact=CONTACT)
    wb = openpyxl.load_workbook(copy)
    marked = wb[layout.SHEET_ITEMS][cell(copy, layout.SHEET_ITEMS, "2-2-5", "課題・今後の方針")]
    assert marked.fill.fgColor.rgb.endswith(ERROR_FILL[1:]) and "S006" in marked.comment.text
    assert "課題・今後の方針「来年度は料金表を改める」" in marked.comment.text
    errors = wb[SHEET_ERRORS]
    (listed,) = [row for row in errors.iter_rows(min_row=header_row(errors, "コード") + 1, max_col=6, values_only=True)
                 if row[1] == "S006"]
    assert listed[3:5] == (layout.SHEET_ITEMS, marked.coordinate)
    assert listed[5].startswith(f"【送ったファイルの {second['row']} 行目（A{second['row']}）】")


def test_a_number_refused_as_too_large_goes_back_as_the_number_it_was(template, plan, tmp_path):
    """1,000兆円 typed by mistake (V013): the copy held the text 「1E+15」 — the section's number gone and the cell a
    text the section never typed; the message quoted 「1E+15」, which the #,##0 cell never showed."""
    answers = craft.valid_answers(plan, "財政課")
    answers[layout.SHEET_ITEMS]["1-1-4"] |= {"財政効果額（円）": 10**15}
    answers[layout.SHEET_KPI]["K12"]["実績値"] = 2.0**63
    sent = fill_template(template, answers, tmp_path / "財政課.xlsx")
    result = read_return(sent, plan, 2026)
    too_large = {p.row_id: p for p in result.problems if p.code == "V013"}
    assert set(too_large) == {"1-1-4", "K12"}
    assert "「1,000,000,000,000,000」は大きすぎます" in too_large["1-1-4"].message
    assert "「9,223,372,036,854,780,000」は大きすぎます" in too_large["K12"].message
    written = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                             source_name=sent.name, contact=CONTACT)
    wb = openpyxl.load_workbook(written)
    yen = wb[layout.SHEET_ITEMS][cell(written, layout.SHEET_ITEMS, "1-1-4", "財政効果額（円）")]
    actual = wb[layout.SHEET_KPI][cell(written, layout.SHEET_KPI, "K12", "実績値")]
    assert (yen.value, yen.data_type) == (10**15, "n")
    assert (actual.value, actual.data_type) == (float("9223372036854780000"), "n")  # the 15 digits the cell shows


def test_a_negative_amount_refused_goes_back_as_the_number_the_section_typed(template, plan, tmp_path):
    """-500,000 typed (V006: a cost is no 効果額) came back in the copy as the left-aligned text 「-500000」, the cell's
    「#,##0」 gone; 「△500,000」 and 「(500,000)」 are the same number. The copy holds the number, marked red."""
    answers = craft.valid_answers(plan, "財政課")
    typed = {"1-1-4": -500_000, "2-2-5": "△500,000", "2-1-3": "（500,000）"}
    for row_id, value in typed.items():
        answers[layout.SHEET_ITEMS][row_id] |= {"財政効果額（円）": value}
    answers[layout.SHEET_KPI]["K12"]["実績値"] = -5
    sent = fill_template(template, answers, tmp_path / "財政課.xlsx")
    result = read_return(sent, plan, 2026)
    assert {p.row_id for p in result.problems if p.code == "V006" and "費用が増えたときは" in p.message} == set(typed)
    written = write_feedback(plan, 2026, "財政課", result.problems, result.answers, tmp_path / "copy.xlsx",
                             source_name=sent.name, contact=CONTACT)
    wb = openpyxl.load_workbook(written)
    for row_id in typed:
        yen = wb[layout.SHEET_ITEMS][cell(written, layout.SHEET_ITEMS, row_id, "財政効果額（円）")]
        assert (yen.value, yen.data_type, yen.number_format) == (-500_000, "n", "#,##0"), row_id
        assert yen.fill.fgColor.rgb.endswith(ERROR_FILL.lstrip("#").upper())
    actual = wb[layout.SHEET_KPI][cell(written, layout.SHEET_KPI, "K12", "実績値")]
    assert (actual.value, actual.data_type) == (-5, "n")
    again = read_return(written, plan, 2026)  # sent back unchanged: refused again, for the same reason
    assert {p.row_id for p in again.problems if p.code == "V006"} == set(typed)


def test_a_number_refused_is_quoted_as_its_cell_shows_it(template, plan, tmp_path):
    """-500000 in the 「#,##0」 cell shows 「-500,000」: V006 quoted 「-500000」, a figure the section never saw. A number
    the format rounds (1500.5 shows 「1,501」) is quoted as it is: 「1,501」 would be no fraction to refuse."""
    answers = craft.valid_answers(plan, "財政課")
    answers[layout.SHEET_ITEMS]["1-1-4"] |= {"財政効果額（円）": -500_000}
    answers[layout.SHEET_ITEMS]["2-2-5"] |= {"財政効果額（円）": 1500.5}
    sent = fill_template(template, answers, tmp_path / "財政課.xlsx")
    said = {p.row_id: p.message for p in read_return(sent, plan, 2026).problems if p.code == "V006"}
    assert said["1-1-4"].startswith("財政効果額（円）「-500,000」は 0 以上の整数（円）で")
    assert said["2-2-5"].startswith("財政効果額（円）「1500.5」は 0 以上の整数（円）で")


@pytest.mark.parametrize("held, shown", [(-0.05, "-5.0%"), (1.2, "120.0%")])
def test_a_rate_refused_goes_back_as_the_number_its_cell_showed(plan, tmp_path, held, shown):
    """A rate 実績値 refused (V004: 「-5.0%」, 「120.0%」) came back as the left-aligned text 「-5.0%」 in the copy's 0.0%
    cell: it is the number again, showing what the section saw."""
    kpi = next(k for k in plan.kpis_for("市民課") if k.is_rate)
    sent = craft.filled(plan, 2026, "市民課", tmp_path, changes={layout.SHEET_KPI: {kpi.id: {"実績値": held}}})
    result = read_return(sent, plan, 2026)
    assert any(p.code == "V004" and f"「{shown}」" in p.message for p in result.problems)
    written = write_feedback(plan, 2026, "市民課", result.problems, result.answers, tmp_path / "copy.xlsx",
                             source_name=sent.name, contact=CONTACT)
    actual = openpyxl.load_workbook(written)[layout.SHEET_KPI][cell(written, layout.SHEET_KPI, kpi.id, "実績値")]
    assert (actual.value, actual.data_type, actual.number_format) == (held, "n", "0.0%")
    assert actual.fill.fgColor.rgb.endswith(ERROR_FILL[1:])


@pytest.mark.parametrize("section, kpi_id, typed, held", [
    ("人事行政課", "K11", "▲5人", -5), ("人事行政課", "K11", "△5名", -5),  # 名 counts people as 人 does
    ("財政課", "K12", "-5枚", -5), ("財政課", "K09", "（3施設）", -3),
    ("特命担当", "K10", "▲500,000円", -500_000),
    ("市民課", "K01", "▲5割", -0.5), ("市民課", "K01", "11割", 1.1),  # a rate as 歩合: the fraction the cell shows
    ("財政課", "K12", "▲5件", "▲5件"),  # another unit than the KPI's: the text as typed
])
def test_a_refused_kpi_typed_with_its_unit_goes_back_as_the_number(plan, tmp_path, section, kpi_id, typed, held):
    """「▲5人」 refused (V004: no minus) came back in the copy as the left-aligned text, the cell's number format gone,
    where 「▲500,000」 without a unit came back as the number: a text in the KPI's own unit is that number too."""
    sent = craft.filled(plan, 2026, section, tmp_path, changes={layout.SHEET_KPI: {kpi_id: {"実績値": typed}}})
    result = read_return(sent, plan, 2026)
    assert any(p.code == "V004" and p.row_id == kpi_id for p in result.problems)
    written = write_feedback(plan, 2026, section, result.problems, result.answers, tmp_path / "copy.xlsx",
                             source_name=sent.name, contact=CONTACT)
    actual = openpyxl.load_workbook(written)[layout.SHEET_KPI][cell(written, layout.SHEET_KPI, kpi_id, "実績値")]
    assert (actual.value, actual.data_type) == (held, "s" if isinstance(held, str) else "n")
    assert actual.fill.fgColor.rgb.endswith(ERROR_FILL[1:])
    again = read_return(written, plan, 2026)  # sent back unchanged: refused again, for the same reason
    assert any(p.code == "V004" and p.row_id == kpi_id for p in again.problems)
