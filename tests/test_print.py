"""Print quality, measured on paper: every printed output rendered by LibreOffice and measured
from the PDF (``tests/pdf_measure.py``).

For the samples (the real ``merge`` of ``samples/inbox`` with ``--pdf --public``), the year after
(year on year), the 調査票 (with and without last year's answers, and one LibreOffice filled with a
long text) and a stress set (long texts, a 財政効果額 from every section of every item, every KPI
unreported): body text at 8 pt or more (tables 9 pt or more), nothing cut off, no page that holds
only headings or a total, no repeated header band with nothing under it, no heading left at the
foot of a page, the 取組区分 heading repeated at the top of a page that continues it, and the
pages the writers planned (LibreOffice adding no break of its own).

Each document is rendered once per session (module-scoped fixtures)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from pdf_measure import measure_pdf, page_problems, read_words, render_pdf
from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.plan.model import Words
from reform_xlsx.report.items import CONTINUED, HEADER_HEIGHT
from reform_xlsx.report.model import SHEET_ITEMS, SHEET_KPI, SHEET_OVERVIEW, SHEET_SECTIONS, sheet_name
from reform_xlsx.report.writer import write_reports
from reform_xlsx.templates import write_templates
from report_sample import all_submitted_status, sample_answers, sample_status, stress_answers, with_reviews

SAMPLES = Path(__file__).parent.parent / "samples" / "inbox"
TABLE_SHEETS = {SHEET_OVERVIEW, SHEET_ITEMS, SHEET_KPI, SHEET_SECTIONS, "課別", "ファイル別", "指摘事項",
                "エラー一覧", "記入要領"}


def heading_patterns(word: str = "重点項目") -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any heading row, a 重点項目 heading row) of 改革項目一覧 as printed, for a plan whose first level is ``word``
    (``plan.words.area``: 重点項目, 基本方針, 柱 …)."""
    area = re.escape(word) + r"\s*\d"
    return re.compile(rf"^(\(\d+\)|{area})"), re.compile(rf"^{area}")


HEADING, AREA = heading_patterns()


@pytest.fixture(scope="module")
def samples(soffice, plan, tmp_path_factory):
    """The real merge of the sample inbox, with the PDFs, 公表用 and the R9 templates it leads to."""
    work = tmp_path_factory.mktemp("print-samples")
    result = run_merge([SAMPLES], plan, 2026, db=work / "r.db", out=work / "out", pdf=True, public=True,
                       meeting_date=dt.date(2026, 5, 25))
    with Ledger(work / "r.db") as ledger:
        history = ledger.answers([2026])
    templates = write_templates(plan, 2026, work / "t8", ["財政課"]) + \
        write_templates(plan, 2027, work / "t9", ["財政課"], history=history)
    return result, templates, work


def measured(pdf: Path, workbook: Path, sheets=None):
    return measure_pdf(pdf, workbook, sheets=sheets)


def check(doc, *, fill: bool = True, tables_pt: float = 9.5) -> None:
    """The print rules every document keeps (see the module doc)."""
    problems = [p for p in doc.problems(8.0) if fill or "page break leaves" not in p]
    assert problems == [], "\n".join(problems)
    for page in doc.pages:
        if page.sheet in TABLE_SHEETS and page.median_pt is not None:
            assert page.median_pt >= tables_pt, (page.number, page.sheet, page.median_pt)


def check_items_pages(pdf: Path, doc, words: Words | None = None, least: int = 3) -> None:
    """改革項目一覧 (of a plan in its own ``words``, e.g. 基本方針 → 推進項目 → 取組 and 「取組一覧」; default the bundled
    plan's): no heading at the foot of a page; every page starts with a 重点項目 heading (its own, or that of the
    重点項目 it continues marked 「（続き）」), then a 取組区分 heading; a 重点項目 that begins below a page's top (a small
    one sharing the page) is never continued on the next page."""
    heading, area_heading = heading_patterns(words.area if words else "重点項目")
    sheet = sheet_name(SHEET_ITEMS, words) if words else SHEET_ITEMS
    area, shared = None, False
    pages = read_words(pdf)
    items = [p for p in doc.pages if p.sheet == sheet]
    assert len(items) >= least
    for page in items:
        words = pages[page.number - 1][2]
        body = [w for w in words if 42 < w.y1 < page.height - 40]
        id_cell = min((w for w in body if w.text == "ID"), key=lambda w: w.y0)  # the header row, on every page
        header_bottom = id_cell.y0 + 0.8 * HEADER_HEIGHT * page_scale(page)
        rows = [t for _, t in _lines([w for w in body if w.y0 > header_bottom])]
        # a new 重点項目, or the one the page before was in 「（続き）」, then a 取組区分 (new, or its 「（続き）」)
        assert area_heading.match(rows[0]) and heading.match(rows[1]), (page.number, rows[:2])
        if rows[0].endswith(CONTINUED):
            assert rows[0] == f"{area}{CONTINUED}" and not shared, (page.number, rows[0], area)
        below = [row for row in rows[1:] if area_heading.match(row)]  # 重点項目 that share the page, whole on it
        area, shared = (below or rows[:1])[-1].removesuffix(CONTINUED), bool(below)
        if page is not items[-1]:
            assert not heading.match(rows[-1]), (page.number, rows[-1])  # a heading goes with its first row


def page_scale(page) -> float:
    """The print scale of a page: its body text is 10 pt in the workbook."""
    return (page.median_pt or 10.0) / 10.0


def _lines(words) -> list[tuple[float, str]]:
    out: list[list] = []
    for w in sorted(words, key=lambda w: (round(w.y1), w.x0)):
        if out and abs(w.y1 - out[-1][0]) <= 2:
            out[-1][1] += w.text
        else:
            out.append([w.y1, w.text])
    return [(y, t) for y, t in out]


def test_sample_packet(samples):
    result, _, _ = samples
    pdf, workbook = result.outputs["pdf"], result.outputs["meeting"]
    doc = measured(pdf, workbook)
    check(doc)
    assert [p.sheet for p in doc.pages][:3] == ["表紙", "概要", "総括"]  # the opening page first after the cover
    check_items_pages(pdf, doc)


def test_sample_public(samples):
    result, _, _ = samples
    doc = measured(result.outputs["public_pdf"], result.outputs["public"])
    check(doc)


def test_sample_receipt_and_the_error_sheet(samples, tmp_path):
    result, _, _ = samples
    receipt = result.outputs["receipt"]
    check(measured(render_pdf(receipt, tmp_path), receipt))
    # 差し戻し: its first sheet 「エラー一覧」 (the section's own sheets after it are the 調査票's)
    feedback = next(iter(result.feedback.values()))
    pdf = render_pdf(feedback, tmp_path)
    doc = measure_pdf(pdf, feedback, sheets=["エラー一覧"])
    words = read_words(pdf)
    errors = [p for p in doc.pages if any("修正のお願い" in w.text for w in words[p.number - 1][2] if w.y1 < 42)]
    assert errors and all(p.header_pt is not None for p in errors)  # the running header and page numbers
    errors[-1].last_of_sheet = True  # the 調査票's own sheets follow
    assert [msg for p in errors for msg in page_problems(p)] == []
    assert all(p.median_pt >= 9.5 for p in errors)
    assert doc.clipped == []


def test_templates_with_and_without_last_year(samples, tmp_path):
    _, templates, _ = samples
    r8, r9 = templates
    doc = measured(render_pdf(r8, tmp_path / "r8"), r8)
    check(doc)
    assert all(p.min_pt >= 9.5 for p in doc.pages if p.sheet == layout.SHEET_ITEMS)  # 10 pt as printed
    doc = measured(render_pdf(r9, tmp_path / "r9"), r9)
    check(doc, tables_pt=8.0)  # last year's answers beside the inputs: 8 pt or more
    headers = {c.value for c in openpyxl.load_workbook(r9)[layout.SHEET_ITEMS][layout.HEADER_ROW + 1]}
    assert "令和8年度\n進捗状況" in headers  # the year on a line of its own: never 「進捗状」/「況」 in the narrow column


def test_a_long_answer_typed_in_libreoffice_prints_whole(samples, tmp_path):
    from lo_fill import fill_by_id, require_uno

    require_uno()
    _, templates, _ = samples
    r8 = templates[0]
    long = ("一般業務委託の電子入札を試行し、手順書を整えて全課に周知した。" * 18)[:538]
    filled = tmp_path / "filled.xlsx"
    fill_by_id(r8, filled, {layout.SHEET_ITEMS: {"1-1-4": {"進捗状況": "A 計画どおり", "取組実績": long}}})
    doc = measured(render_pdf(filled, tmp_path), filled, sheets=[layout.SHEET_ITEMS])
    assert doc.clipped == []  # the row grew with the text (the issue: cut after 135 of 538 characters)
    assert long[-20:] in "".join(w.text for _, _, ws in read_words(doc.path) for w in ws)


@pytest.mark.parametrize("year", [  # 令和8年度; 令和9年度, whose last-year columns narrow the text columns
    0, pytest.param(1, marks=pytest.mark.xfail(strict=True, reason=(
        "the row Calc grew as it took the text is lower than its print needs (the last line of 取組実績's 400 "
        "characters is past the row's bottom edge, hidden by its clip): see the test below")))])
def test_the_length_each_prompt_states_prints_whole_when_typed_in_libreoffice(samples, tmp_path, year):
    """A 500-character 課題・今後の方針 was cut on paper though the docs promised about 500 for any cell: the
    narrower column holds less. Each text cell's prompt now states its own length — and it holds; the 回答者
    values wrap instead of being cut (a mail address) or running past the table (所属長確認)."""
    from lo_fill import fill_by_id, require_uno

    require_uno()
    form = samples[1][year]
    ws = openpyxl.load_workbook(form)[layout.SHEET_ITEMS]
    stated = {dv.promptTitle: int(m.group(1)) for dv in ws.data_validations.dataValidation
              if (m := re.search(r"およそ (\d+) 字まで", dv.prompt or ""))}
    assert stated["取組実績"] > stated["課題・今後の方針"] >= 300
    base = "一般業務委託の電子入札を試行し、手順書を整えて全課に周知した。"
    ends = {"取組実績": "実績はここまで", "課題・今後の方針": "方針はここまで"}
    texts = {label: (base * 40)[:stated[label] - len(end)] + end for label, end in ends.items()}
    mail, head = "hasegawa.ichiro@city.example.lg.jp", "財政課長　佐藤　太郎"
    filled = tmp_path / "filled.xlsx"
    fill_by_id(form, filled, {layout.SHEET_ITEMS: {"1-1-4": {"進捗状況": "A 計画どおり", **texts},
                                                  layout.RESPONDENT_ID: {"メール": mail, "所属長確認": head}}})
    doc = measured(render_pdf(filled, tmp_path), filled, sheets=[layout.SHEET_ITEMS])
    assert doc.clipped == []  # every character of each cell is on the page (at 450 of 400 it found 442)
    printed = "".join(w.text for _, _, ws in read_words(doc.path) for w in ws)
    for value in (mail, head):  # wrapped in its column (a line may break inside a word): every character, in order
        rest = iter(printed)
        assert all(ch in rest for ch in value.replace("　", ""))
    row = next(r for r in openpyxl.load_workbook(filled)[layout.SHEET_ITEMS].iter_rows(max_row=3)
               if r[0].value == layout.RESPONDENT_ID)
    assert all(c.alignment.wrap_text for c in row if c.value in (mail, head))


@pytest.mark.xfail(strict=True, reason="Calc's own row height is lower than its print needs: a line of 10 pt text "
                   "is 9.75 pt on its screen, 10 pt on paper, and a column may hold one character more a line on "
                   "screen than on paper (推進内容 of width 26.7: 14 and 13). Not fixed yet.")
def test_a_form_typed_into_in_japanese_calc_and_its_rows_remeasured_prints_whole(samples, tmp_path):
    """A section types into its 令和9年度 form in Japanese Calc (through the view: Calc measures the row it typed
    into) and double-clicks the rows' borders, as the 記入要領 says to when a row did not grow: Calc sizes each row by
    its screen layout, lower than its print needs, and the last line of a locked 推進内容 and of a 234-character
    取組実績 with a line break was cut off on paper. (The print check did not see it: LibreOffice writes the lines
    past a row's bottom edge into the PDF, hidden by the row's clip.)"""
    from lo_fill import fill_by_id, require_uno

    require_uno()
    form = samples[1][1]
    ws = openpyxl.load_workbook(form)[layout.SHEET_ITEMS]
    first, last = layout.HEADER_ROW + 2, ws.max_row
    ids = [ws.cell(r, 1).value for r in range(first, last + 1)]
    answer = ("市税のスマートフォン決済に新たに2事業者を追加した。証明書交付手数料のキャッシュレス決済を本庁窓口で開始した。\n"
              + "施設使用料についても、指定管理者と協議しながら順次対応し、利用状況を確認して効果を検証した。" * 4)[:234]
    typed = {row_id: {"進捗状況": "A 計画どおり", "取組実績": "窓口での案内を強化した。"} for row_id in ids}
    typed[ids[0]]["取組実績"] = answer
    filled = tmp_path / "filled.xlsx"
    fill_by_id(form, filled, {layout.SHEET_ITEMS: typed}, keyboard=True,
               steps=[{"sheet": layout.SHEET_ITEMS, "do": "optimal_height", "rows": [first, last]}])
    doc = measured(render_pdf(filled, tmp_path), filled, sheets=[layout.SHEET_ITEMS])
    assert [(c.cell, c.missing) for c in doc.clipped] == []


@pytest.fixture(scope="module")
def stress(soffice, plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("print-stress")
    return write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), out, pdf=True, public=True,
                         created=dt.datetime(2026, 5, 1, 10, 0))


def test_stress_packet_and_public(stress):
    """Long texts fill pages unevenly (a row cannot split), so page fill is not asked here."""
    for pdf, workbook in ((stress.pdf, stress.workbook), (stress.public_pdf, stress.public)):
        doc = measured(pdf, workbook)
        check(doc, fill=False)
        check_items_pages(pdf, doc)
    assert len(measured(stress.pdf, stress.workbook).pages) == stress.pdf_pages


def test_year_after_packet(soffice, plan, tmp_path):
    """The 令和9年度 packet (前年度 and 増減 columns): the print rules, and KPI達成状況's judging conditions each on one
    or two lines — 「概ね順調:」 fell on the narrow 進捗率 column and printed 「概ね順」「調:」「e ×」."""
    result = write_reports(plan, 2027, sample_answers(plan, (2026, 2027)), sample_status(plan, (2026, 2027)),
                           tmp_path, pdf=True, created=dt.datetime(2027, 5, 1, 10, 0))
    doc = measured(result.pdf, result.workbook)
    check(doc)
    assert len(doc.pages) == result.pdf_pages  # LibreOffice added no break: no item split, no sheet overflowing
    check_items_pages(result.pdf, doc)
    (kpi_page,) = [p for p in doc.pages if p.sheet == SHEET_KPI]
    words = read_words(result.pdf)[kpi_page.number - 1][2]
    top = min(w.y0 for w in words if w.text == "判定の条件")
    values = min(w.y0 for w in words if w.text == "令和9年度" and w.y0 > top)  # 対象年度: the row under the labels
    for label in ("達成の", "順調:", "概ね順調:"):
        (first,) = [w for w in words if w.text == label and top - 5 < w.y0 < values]  # its first line whole
        lines = {round(w.y0) for w in words if top - 5 < w.y0 < values and w.x0 < first.x1 and w.x1 > first.x0}
        assert len(lines) <= 2, (label, sorted(lines))


def test_samples_outputs_are_all_there(plan, samples):
    result, _, _ = samples
    assert {"meeting", "office", "pdf", "public", "public_pdf", "public_csv_items", "public_csv_kpis"} <= set(result.outputs)
    assert result.outputs["public_pdf"].name == outputs.public(plan.words, 2026, ".pdf")
    assert shutil.which("pdftotext")


def test_the_office_review_prints_at_8_pt_or_more(soffice, plan, tmp_path):
    """The packet's 「二次評価・意見」, 公表用's, and the 推進室評価シート filled with the office's word."""
    result = write_reports(plan, 2026, with_reviews(plan, sample_answers(plan)), sample_status(plan), tmp_path,
                           pdf=True, public=True, created=dt.datetime(2027, 6, 1, 10, 0),
                           review=tmp_path / outputs.review(2026))
    for pdf, workbook in ((result.pdf, result.workbook), (result.public_pdf, result.public)):
        doc = measured(pdf, workbook)
        check(doc, fill=False)
        reviews = [p for p in doc.pages if p.sheet == "二次評価・意見"]
        assert reviews and all(p.min_pt >= 8.5 for p in reviews)
    doc = measured(render_pdf(result.review, tmp_path / "review"), result.review)
    # (the bare-title-band heuristic takes a first row for a repeated title when its ID, section and
    # grades stand at the same place as on other pages — rows of this sheet do — so it is left out)
    assert [p for p in doc.problems(8.0) if "repeated table header" not in p] == []
    assert doc.clipped == [] and all(p.min_pt >= 8.0 and p.header_pt for p in doc.pages)


LONG_GRADES = {"A": "予定どおり実施（取組完了）", "B": "一部実施（一部に遅れ）", "C": "未実施（検討・調整中）",
               "D": "未着手（計画の見直し）", "E": "完了（目標達成）"}


def _long_grades(plan):
    """The bundled plan with grade names as long as a town's 「B 一部実施（一部に遅れ）」."""
    from dataclasses import replace

    return replace(plan, grades=tuple(replace(g, label=LONG_GRADES[g.code]) for g in plan.grades))


def _second_year(plan):
    """Two years of answers, the office's word on the first, and the sections' 意見への対応 in the second."""
    import pandas as pd

    answers = with_reviews(plan, sample_answers(plan, (2026, 2027)), 2026)
    reviewed = answers[(answers["year"] == 2026) & (answers["kind"] == "review")][["section", "id"]].drop_duplicates()
    responses = [{"year": 2027, "section": r.section, "kind": "item", "id": r.id, "field": "response",
                  "value": "担当課で検討し、令和9年度から効果の測定を始めた。", "raw": None, "file": "f.xlsx",
                  "sheet": "意見への対応", "cell": "F5"} for r in reviewed.itertuples()]
    return pd.concat([answers, pd.DataFrame(responses)], ignore_index=True)


@pytest.mark.parametrize("grades", ["bundled", "long"])
def test_the_second_years_review_sheet_and_templates_print_at_8_pt_or_more(soffice, plan, tmp_path, grades):
    """With 意見への対応（課） added, the 推進室評価シート printed at 7.4 pt (6.9 with long grade names),
    the 調査票 with last year's columns at 7.8 pt with long grade names, and the packet's 改革項目一覧 with
    二次評価 and 前年度 at 8.7 pt, four items a page."""
    plan = plan if grades == "bundled" else _long_grades(plan)
    answers = _second_year(plan)
    result = write_reports(plan, 2027, answers, sample_status(plan, (2026, 2027)), tmp_path, pdf=True,
                           created=dt.datetime(2028, 6, 1, 10, 0), review=tmp_path / outputs.review(2027))
    doc = measured(result.pdf, result.workbook)  # 改革項目一覧 with 二次評価 and 前年度: long grades wrap
    sheet_of = {p.number: p.sheet for p in doc.pages}
    # (二次評価・意見: its tall rows fill pages unevenly, and the bare-title-band heuristic misreads its first
    # row, as in test_the_office_review_prints_at_8_pt_or_more)
    problems = [p for p in doc.problems(8.0) if "page break leaves" not in p and not (
        "repeated table header" in p and sheet_of[int(p.split(":")[0][2:])] == "二次評価・意見")]
    assert problems == []
    for page in doc.pages:  # (概要 a little over one page is fitted to one: 8.9 pt or more, by design)
        if page.sheet in TABLE_SHEETS and page.median_pt:
            assert page.median_pt >= (8.9 if page.sheet == SHEET_OVERVIEW else 9.5), (page.number, page.sheet)
    assert len(doc.pages) == result.pdf_pages
    check_items_pages(result.pdf, doc)
    top = openpyxl.load_workbook(result.review)[layout.SHEET_REVIEW].iter_rows(max_row=10, values_only=True)
    assert "意見への対応（課）" in {v for row in top for v in row}  # the widest form of the sheet
    doc = measured(render_pdf(result.review, tmp_path / "review"), result.review)
    assert doc.clipped == [] and all(p.min_pt >= 8.0 for p in doc.pages), [(p.number, p.min_pt) for p in doc.pages]
    (template,) = write_templates(plan, 2027, tmp_path / "t", ["財政課"], history=answers[answers["year"] == 2026])
    doc = measured(render_pdf(template, tmp_path / "t"), template, sheets=[layout.SHEET_ITEMS])
    assert doc.clipped == [] and all(p.min_pt >= 8.0 for p in doc.pages), [(p.number, p.min_pt) for p in doc.pages]


def test_an_answer_longer_than_the_tallest_row_prints_cut_and_says_so(soffice, plan, tmp_path):
    """A 3,000-character 取組実績 is more than one row can print (409 pt). The packet prints what fits and
    ends it 「…（以下略、全 3,000 字）」 — never a cell whose end is lost unseen (回答一覧 keeps it whole)."""
    answers = sample_answers(plan, (2026,))
    at = answers.index[(answers["field"] == "result") & (answers["section"] == "財政課")][0]
    long = ("未利用地の売却に向けて、境界の確定と鑑定評価を進め、公募の条件を整理した。" * 90)[:2999] + "末"
    answers.loc[at, ["value", "raw"]] = long
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    doc = measured(result.pdf, result.workbook, sheets=[SHEET_ITEMS])
    assert doc.clipped == []
    text = "".join(w.text for _, _, ws in read_words(result.pdf) for w in ws)
    assert "（以下略、全3,000字）" in text and long[:200] in text


def test_a_long_first_answer_prints_under_its_headings_not_after_a_page_of_headings(soffice, plan, tmp_path):
    """The first item's answer is long: its row is no taller than the first page holds below the title and its
    headings, so the headings are never left alone on a page (the printer moved the row on and every page
    break after it fell out of step)."""
    answers = sample_answers(plan, (2026,))
    first = plan.items[0]
    at = answers.index[(answers["field"] == "result") & (answers["id"] == first.id)][0]
    answers.loc[at, ["value", "raw"]] = ("境界の確定と鑑定評価を進め、公募の条件を整理した。" * 200)[:4000]
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    assert measured(result.pdf, result.workbook, sheets=[SHEET_ITEMS]).clipped == []
    pages = ["".join(w.text for w in words) for _, _, words in read_words(result.pdf)]
    page = next(text for text in pages if "改革項目一覧（令和8年度）" in text)  # the sheet's first page
    assert first.id in page and "以下略" in page  # the item and its cut answer on it, under its headings


HEADING_ROWS = [
    # (the plan's first level, a row of 改革項目一覧 as printed, a heading row, a 重点項目 heading row)
    ("重点項目", "重点項目1行政のデジタル化", True, True),
    ("重点項目", "重点項目1行政のデジタル化（続き）", True, True),
    ("重点項目", "(2)窓口サービスの向上（続き）", True, False),
    ("重点項目", "1-1-1窓口の電子化財政課", False, False),
    ("基本方針", "基本方針2持続可能な財政運営（続き）", True, True),
    ("基本方針", "(1)歳入の確保", True, False),
    ("柱", "柱3公共施設の最適化", True, True),
    ("柱", "重点項目3公共施設の最適化", False, False),
]


@pytest.mark.parametrize("word, row, is_heading, is_area", HEADING_ROWS)
def test_the_heading_patterns_follow_the_plans_level_word(word, row, is_heading, is_area):
    heading, area = heading_patterns(word)
    assert (bool(heading.match(row)), bool(area.match(row))) == (is_heading, is_area)
