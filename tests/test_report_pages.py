"""What 改革項目一覧 prints: the writer's page breaks (LibreOffice never breaks a page itself) and amounts
in full."""

from __future__ import annotations

import datetime as dt
import random

import openpyxl
import pandas as pd
import pytest
import yaml

from pdf_measure import measure_pdf, page_problems, part_heading, read_words
from prefecture_plan import prefecture_plan_text
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.records import ANSWER_COLUMNS
from reform_xlsx.report.items import CONTINUED, GROUP_HEIGHT, TOTAL_HEIGHT, _balanced, _Block, _paginate
from reform_xlsx.report.model import SHEET_ITEMS, sheet_name
from reform_xlsx.report.writer import write_reports
from report_sample import _row, all_submitted_status, sample_answers, sample_status, stress_answers
from test_print import check_items_pages

FIRST, PAGE = 40.0, 480.0  # the title and legend on the first page; a page's rows under the repeated header


def _item(name: str, *heights: float) -> _Block:
    return _Block("item", sum(heights), rows=[f"{name}.{n}" for n in range(len(heights))], heights=list(heights),
                  texts=[{} for _ in heights], item_id=name)


def _heads() -> list[_Block]:
    return [_Block("area", GROUP_HEIGHT, "基本方針1"), _Block("category", GROUP_HEIGHT, "(1) 区分")]


def _shown(pages: list[list[_Block]]) -> list[list[str]]:
    return [[b.item_id + ":" + ",".join(b.rows) if b.kind == "item" else b.kind + ("+" if b.text.endswith(CONTINUED)
                                                                                  else "") for b in page]
            for page in pages]


CASES = [
    # an item shorter than a page but taller than what is left under the title: split at its rows on page 1
    ("first page holds less than a page", [*_heads(), _item("1-1-1", 342, 100.5), _item("1-1-2", 30)],
     [["area", "category", "1-1-1:1-1-1.0"], ["area+", "category+", "1-1-1:1-1-1.1", "1-1-2:1-1-2.0", "total"]]),
    # an item after a page mostly full: it fits a new page whole, so it moves on whole (its first row would fit)
    ("fits a fresh page whole", [*_heads(), _item("1-1-0", 260), _item("1-1-1", 100, 300)],
     [["area", "category", "1-1-0:1-1-0.0"], ["area+", "category+", "1-1-1:1-1-1.0,1-1-1.1", "total"]]),
    # the same after a short item: moved on whole it would leave 77 % of the page blank, so it splits at its rows
    ("splits rather than leave a page mostly blank", [*_heads(), _item("1-1-0", 30), _item("1-1-1", 300, 100)],
     [["area", "category", "1-1-0:1-1-0.0", "1-1-1:1-1-1.0"], ["area+", "category+", "1-1-1:1-1-1.1", "total"]]),
    # fits a page, but not under the 「（続き）」 heading the new page starts with: split at its rows
    ("too tall under （続き）", [*_heads(), _item("1-1-0", 300), _item("1-1-1", 230, 220)],
     [["area", "category", "1-1-0:1-1-0.0"], ["area+", "category+", "1-1-1:1-1-1.0"], ["area+", "category+", "1-1-1:1-1-1.1", "total"]]),
    # the total with notes of many lines (a plan of many shared items) after a last row as tall as the first page
    # holds: the two are taller than a page, so the total begins the next page (it ran over the page)
    ("a total of long notes after a tall last row", [*_heads(), _item("1-1-0", 100), _item("1-1-1", 380)],
     [["area", "category", "1-1-0:1-1-0.0"], ["area+", "category+", "1-1-1:1-1-1.0"], ["area+", "total"]], 120.0),
    # nothing too tall: as before
    ("short items", [*_heads(), _item("1-1-1", 100, 50), _item("1-1-2", 60)],
     [["area", "category", "1-1-1:1-1-1.0,1-1-1.1", "1-1-2:1-1-2.0", "total"]]),
]


@pytest.mark.parametrize("blocks, expected, total", [(*c[1:3], c[3] if len(c) > 3 else TOTAL_HEIGHT) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_pages_never_run_over(blocks, expected, total):
    pages = _paginate([*blocks, _Block("total", total)], FIRST, PAGE)
    assert _shown(pages) == expected
    for n, page in enumerate(pages):
        assert (FIRST if n == 0 else 0.0) + sum(b.height for b in page) <= PAGE, n



LAST_PAGE = [
    # three items on the page before, which stays 60 % full or more without its last: it moves on
    ("moved", [130, 130, 130, 130], [2, 2]),  # (item heights; items a page: [3, 1] before the move)
    # two items only on the page before: the last page keeps one item and the total
    ("page before has two", [200, 200, 200], [2, 1]),
    # three, but the page before would be less than 60 % full (180 of 480 pt): no move
    ("page before would be too empty", [50, 50, 300, 100], [3, 1]),
]


@pytest.mark.parametrize("heights, per_page", [c[1:] for c in LAST_PAGE], ids=[c[0] for c in LAST_PAGE])
def test_the_last_page_takes_an_item_from_the_page_before_only_when_it_can_spare_one(heights, per_page):
    """docs/report.md: the last page is not left with one item and the total, unless the page before has
    fewer than 3 items or would be less than 60 % full."""
    blocks = [*_heads(), *(_item(f"1-1-{n}", h) for n, h in enumerate(heights)), _Block("total", TOTAL_HEIGHT)]
    pages = _balanced(blocks, FIRST, PAGE)
    assert [sum(b.kind == "item" for b in page) for page in pages] == per_page


def _area(n: int, *items: _Block) -> list[_Block]:
    return [_Block("area", GROUP_HEIGHT, f"基本方針{n} 区分"), _Block("category", GROUP_HEIGHT, f"({n}) 区分"), *items]


AREAS = [
    # two small 重点項目: they share a page (a plan of many small ones printed a page of two lines for each)
    ("small 重点項目 share a page", [*_area(1, _item("1-1-1", 60)), *_area(2, _item("2-1-1", 60))],
     [["area", "category", "1-1-1:1-1-1.0", "area", "category", "2-1-1:2-1-1.0", "total"]]),
    # the last 重点項目 does not fit whole under the one before (with the total): it begins a page, and nothing of
    # the 重点項目 before is moved onto it
    ("the last 重点項目 keeps its page", [*_area(1, *(_item(f"1-1-{n}", 130) for n in range(3))),
                                       *_area(2, _item("2-1-1", 60))],
     [["area", "category", "1-1-0:1-1-0.0", "1-1-1:1-1-1.0", "1-1-2:1-1-2.0"],
      ["area", "category", "2-1-1:2-1-1.0", "total"]]),
    # a 重点項目 of one item taller than a page, split at its rows: a small 重点項目 after it fits on its last page
    ("a tall item, then a small 重点項目", [*_area(1, _item("1-1-1", 300, 300)), *_area(2, _item("2-1-1", 30))],
     [["area", "category", "1-1-1:1-1-1.0"], ["area+", "category+", "1-1-1:1-1-1.1", "area", "category",
                                              "2-1-1:2-1-1.0", "total"]]),
    # the next 重点項目's first item would fit, but not the whole of it: it begins a page, never split from its
    # heading nor over a page it could have had to itself
    ("a 重点項目 that fits only in part begins a page", [*_area(1, _item("1-1-1", 300)),
                                                      *_area(2, _item("2-1-1", 60), _item("2-1-2", 100))],
     [["area", "category", "1-1-1:1-1-1.0"], ["area", "category", "2-1-1:2-1-1.0", "2-1-2:2-1-2.0", "total"]]),
    # three small ones after a long one: the first two share the long one's last page, the third begins the next
    ("small 重点項目 fill the page, the next begins one",
     [*_area(1, _item("1-1-1", 300, 200)), *_area(2, _item("2-1-1", 80)), *_area(3, _item("3-1-1", 60)),
      *_area(4, _item("4-1-1", 100))],
     [["area", "category", "1-1-1:1-1-1.0"], ["area+", "category+", "1-1-1:1-1-1.1", "area", "category",
                                              "2-1-1:2-1-1.0", "area", "category", "3-1-1:3-1-1.0"],
      ["area", "category", "4-1-1:4-1-1.0", "total"]]),
]


CONTINUED_AREAS = [
    # a new 取組区分 begins the next page of its 重点項目: the 重点項目 heading 「（続き）」, then the new 取組区分's own
    ("a new 取組区分 on a continued page", [*_area(1, _item("1-1-1", 300)), _Block("category", GROUP_HEIGHT, "(2) 区分"),
                                          _item("1-2-1", 200)],
     [["area", "category", "1-1-1:1-1-1.0"], ["area+", "category", "1-2-1:1-2-1.0", "total"]]),
    # a page of items that go on in the same 取組区分: both headings 「（続き）」
    ("the same 取組区分 goes on", [*_area(1, _item("1-1-1", 300), _item("1-1-2", 200))],
     [["area", "category", "1-1-1:1-1-1.0"], ["area+", "category+", "1-1-2:1-1-2.0", "total"]]),
    # a 重点項目's last page (not the sheet's; the next 重点項目 does not fit under it) would hold one item: the page
    # before, with three and still 60 % full without its last, gives it one
    ("a 重点項目's last page takes an item", [*_area(1, *(_item(f"1-1-{n}", 130) for n in range(4))),
                                            *_area(2, _item("2-1-1", 300))],
     [["area", "category", "1-1-0:1-1-0.0", "1-1-1:1-1-1.0"], ["area+", "category+", "1-1-2:1-1-2.0", "1-1-3:1-1-3.0"],
      ["area", "category", "2-1-1:2-1-1.0", "total"]]),
    # it would hold two items of a row each (two short lines under its headings): it takes a third
    ("a 重点項目's last page takes rows", [*_area(1, _item("1-1-0", 130), _item("1-1-1", 130), *(_item(f"1-1-{n}", 40)
                                                                                            for n in range(2, 7))),
                                          *_area(2, _item("2-1-1", 340))],
     [["area", "category", "1-1-0:1-1-0.0", "1-1-1:1-1-1.0", "1-1-2:1-1-2.0", "1-1-3:1-1-3.0"],
      ["area+", "category+", "1-1-4:1-1-4.0", "1-1-5:1-1-5.0", "1-1-6:1-1-6.0"],
      ["area", "category", "2-1-1:2-1-1.0", "total"]]),
    # a page inside a 重点項目 ends short (the row after it is too tall for the rest, and a row never splits): it takes
    # the last item of the page before, which stays 60 % full
    ("a page inside a 重点項目 takes an item rather than end short",
     [*_area(1, _item("1-1-0", 250), _item("1-1-1", 150), _item("1-1-2", 100), _item("1-1-3", 400))],
     [["area", "category", "1-1-0:1-1-0.0"], ["area+", "category+", "1-1-1:1-1-1.0", "1-1-2:1-1-2.0"],
      ["area+", "category+", "1-1-3:1-1-3.0", "total"]]),
]


@pytest.mark.parametrize("blocks, expected", [c[1:] for c in CONTINUED_AREAS], ids=[c[0] for c in CONTINUED_AREAS])
def test_a_page_that_continues_an_area_begins_with_its_heading_continued(blocks, expected):
    """A meeting member holding any page of 改革項目一覧 sees which 重点項目 it belongs to: a page that continues
    one begins with its heading 「（続き）」 (the plan's own words), then the 取組区分 heading."""
    pages = _balanced([*blocks, _Block("total", TOTAL_HEIGHT)], FIRST, PAGE)
    assert _shown(pages) == expected
    assert pages[1][0].text == "基本方針1 区分" + CONTINUED


@pytest.mark.parametrize("blocks, expected", [c[1:] for c in AREAS], ids=[c[0] for c in AREAS])
def test_an_area_shares_a_page_only_when_the_whole_of_it_fits(blocks, expected):
    """The packet breaks by 重点項目 (docs/report.md): a 重点項目 begins a page of 改革項目一覧 unless the whole of it
    (with the total, when it is the last) fits in what the page before has left — small ones share a page, none is
    split from its heading —, and a page a 重点項目 begins is not filled from the 重点項目 before it."""
    assert _shown(_balanced([*blocks, _Block("total", TOTAL_HEIGHT)], FIRST, PAGE)) == expected


@pytest.mark.parametrize("seed", range(300))
def test_any_plan_pages_by_area_with_no_heading_left_alone(seed):
    """Plans of any shape (1–8 重点項目 of 1–3 取組区分 of 1–6 items, rows short to as tall as a page holds, one to
    three sections): no page runs over; every page holds an item; a 重点項目 heading below a page's top is a
    重点項目 printed whole on that page, and one at a page's top would not have fitted whole on the page before; no
    heading ends a page; a page that does not begin a 重点項目 begins with that 重点項目's heading 「（続き）」, then a
    取組区分 heading (the new one, or the one it continues 「（続き）」)."""
    rnd = random.Random(seed)
    tallest = PAGE - FIRST - 2 * GROUP_HEIGHT - TOTAL_HEIGHT
    blocks: list[_Block] = []
    for a in range(rnd.randint(1, 8)):
        blocks.append(_Block("area", GROUP_HEIGHT, f"基本方針{a}"))
        for c in range(rnd.randint(1, 3)):
            blocks.append(_Block("category", GROUP_HEIGHT, f"({c}) 区分"))
            blocks += [_item(f"{a}-{c}-{i}", *(min(tallest, rnd.choice((18, 30, 60, 120, 250, 380)))
                                               for _ in range(rnd.choice((1, 1, 2, 3)))))
                       for i in range(rnd.randint(1, rnd.choice((2, 6))))]
    blocks.append(_Block("total", TOTAL_HEIGHT))
    pages = _balanced(blocks, FIRST, PAGE)
    heights = {b.text: sum(x.height for x in blocks[n:next((k for k in range(n + 1, len(blocks))
                                                          if blocks[k].kind == "area"), len(blocks))])
               for n, b in enumerate(blocks) if b.kind == "area"}  # a 重点項目 whole, the total after the last
    area = category = ""
    for n, page in enumerate(pages):
        used = (FIRST if n == 0 else 0.0) + sum(b.height for b in page)
        assert used <= PAGE, n
        assert any(b.kind == "item" for b in page), n
        starts = [k for k, b in enumerate(page) if b.kind == "area"] + [len(page)]
        for k, end in zip(starts[1:], starts[2:]):  # a 重点項目 below the page's top: whole on the page
            assert sum(x.height for x in page[k:end]) == heights[page[k].text], n
        if n and not page[0].continued:
            before = (FIRST if n == 1 else 0.0) + sum(b.height for b in pages[n - 1])
            assert before + heights[page[0].text] > PAGE, n
        assert page[-1].kind not in ("area", "category"), n
        assert page[0].kind == "area" and page[1].kind == "category", n
        if page[0].text.endswith(CONTINUED):  # the 重点項目 the page before was in
            assert page[0].text == area + CONTINUED, n
        area = [b.text for b in page if b.kind == "area"][-1].removesuffix(CONTINUED)
        if page[1].text.endswith(CONTINUED):  # the 取組区分 the page before ended in
            assert page[1].text == category + CONTINUED and page[2].kind == "item", n
        category = [b.text for b in page if b.kind == "category"][-1].removesuffix(CONTINUED)
    shown = [b for page in pages for b in page if not b.text.endswith(CONTINUED)]
    assert [b.text for b in shown if b.kind != "item"] == [b.text for b in blocks if b.kind != "item"]
    assert [r for b in shown for r in b.rows] == [r for b in blocks for r in b.rows]


def test_a_two_section_item_too_tall_for_the_first_page_prints_on_the_pages_planned(soffice, plan, tmp_path):
    """The first item's first row is as tall as the first page holds and its second row a few lines: together
    shorter than a page, but taller than the first page under its title. Its rows go on two pages (the
    second under 「（続き）」) and the PDF has exactly the pages the writer planned."""
    answers = sample_answers(plan, (2026,))
    first = plan.items[0]
    assert len(first.sections) == 2
    rows = answers[(answers["field"] == "result") & (answers["id"] == first.id)]
    long = ("境界の確定と鑑定評価を進め、公募の条件を整理した。" * 200)[:4000]
    mid = "本庁の窓口で書かない受付を試行した。支所と出張所は来年度に展開する。" * 4
    for at, text in zip(rows.index, (long, mid)):
        answers.loc[at, ["value", "raw"]] = text
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    pages = ["".join(w.text for w in words) for _, _, words in read_words(result.pdf)]
    assert len(pages) == result.pdf_pages
    at = next(n for n, text in enumerate(pages) if f"{SHEET_ITEMS}（令和8年度）" in text)
    assert "以下略" in pages[at] and mid[:20] not in pages[at]
    assert CONTINUED in pages[at + 1] and mid[:20] in pages[at + 1]


@pytest.mark.parametrize("amounts", [(1_500_000_000, 990_000_000), (90_000_000_000, 9_990_000_000)],
                         ids=["24.9億円", "999億円"])
def test_a_total_of_billions_of_yen_prints_as_figures_not_hashes(soffice, plan, tmp_path, amounts):
    """A city's 財政効果額 reach 10億円 and more: the 改革項目一覧 column (each section's amount and the 合計)
    and 総括's 合計（円） are as wide as the longest amount, and the PDF shows them, never 「###」."""
    answers = sample_answers(plan, (2026,))
    effects = answers.index[answers["field"] == "effect_yen"]
    for at, amount in zip(effects, amounts):
        answers.loc[at, ["value", "raw"]] = [amount, str(amount)]
    total = int(pd.to_numeric(answers.loc[effects, "value"]).sum())
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path, pdf=True, public=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    for pdf, workbook in ((result.pdf, result.workbook), (result.public_pdf, result.public)):
        pages = ["".join(w.text for w in words) for _, _, words in read_words(pdf)]
        text = "".join(pages)
        assert "###" not in text and f"{amounts[0]:,}" in text and f"{total:,}" in text
        doc = measure_pdf(pdf, workbook, sheets=[SHEET_ITEMS])
        assert doc.problems(8.0) == [] and doc.min_pt >= 8.0
        items = [p for p in doc.pages if "財政効果額（円）" in pages[p.number - 1]]  # the repeated header row
        assert items and all(p.median_pt >= 9.0 for p in items), [(p.number, p.median_pt) for p in items]


def test_a_continued_page_of_a_plan_in_its_own_words_names_its_area(soffice, tmp_path):
    """A plan whose levels are 基本方針 → 推進項目 → 取組 (its list 「取組一覧」), long answers: every page that
    continues a 基本方針 begins 「基本方針N …（続き）」 under the header row, then its 推進項目 heading; measured with the
    plan's own word (the page before a new 基本方針 may end short, the page before a continued one may not)."""
    data = yaml.safe_load(bundled_plan_text())
    data["plan"]["levels"] = {"area": "基本方針", "category": "推進項目", "item": "取組"}
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"]
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    doc = measure_pdf(result.pdf, result.workbook, part_heading=part_heading(plan.words.area))
    assert len(doc.pages) == result.pdf_pages  # the pages the writer planned
    check_items_pages(result.pdf, doc, plan.words)
    listed = [p for p in doc.pages if p.sheet == sheet_name(SHEET_ITEMS, plan.words)]
    assert [m for p in listed for m in page_problems(p) if "sparse" in m] == []  # no 基本方針 ends on a lone row
    words = read_words(result.pdf)
    texts = ["".join(w.text for w in words[p.number - 1][2]) for p in listed]
    for area in plan.areas:
        heading = plan.area_display(area).replace(" ", "")
        pages = [text for text in texts if heading in text]
        assert len(pages) >= 2 and heading + CONTINUED not in pages[0], area.number  # long answers: over pages
        assert all(heading + CONTINUED in text for text in pages[1:]), area.number


def _small_areas_plan():
    """北陵県's plan (tests/prefecture_plan.py) of eight 基本方針, each of one 推進項目 of one or two 取組, one 課 each."""
    areas = "\n".join(
        f"  - {{number: {a}, name: 基本方針その{a}, categories: [{{number: 1, name: 推進項目{a}, items: ["
        + ", ".join(f"{{number: {i}, name: 取組{a}の{i}, content: 内容, actions: [実施], sections: [課{a}]}}"
                    for i in range(1, 3 - a % 2))
        + "]}]}" for a in range(1, 9))
    kpis = "  - {id: K1, item: 1-1-1, name: 指標, kind: count, unit: 件, baseline: 10, target: 50, owner: 課1}"
    plan, problems = parse_plan(prefecture_plan_text("[" + ", ".join(f"課{a}" for a in range(1, 9)) + "]",
                                                     f"areas:\n{areas}\nkpis:\n{kpis}"))
    assert not [p for p in problems if p.severity == "error"]
    return plan


def test_small_areas_share_the_pages_of_the_list(soffice, tmp_path):
    """Eight 基本方針 of an item or two: 取組一覧 printed eight pages of two lines each (a page per 基本方針); now they
    share two pages, each 基本方針 whole under its heading, and the PDF has the pages the writer planned."""
    plan = _small_areas_plan()
    rows = [_row(2025, s, "item", item.id, field, value) for s in plan.sections for item in plan.items_for(s, 2025)
            for field, value in (("grade", "A"), ("result", f"{item.name}を進めた。"), ("plan_next", "継続する。"))]
    rows.append(_row(2025, "課1", "kpi", "K1", "actual", 20))
    result = write_reports(plan, 2025, pd.DataFrame(rows, columns=list(ANSWER_COLUMNS)),
                           all_submitted_status(plan, 2025), tmp_path, pdf=True, created=dt.datetime(2026, 5, 1, 10, 0))
    doc = measure_pdf(result.pdf, result.workbook, part_heading=part_heading(plan.words.area))
    assert len(doc.pages) == result.pdf_pages  # the pages the writer planned: LibreOffice added none
    listed = [p for p in doc.pages if p.sheet == sheet_name(SHEET_ITEMS, plan.words)]
    assert len(listed) == 2, [(p.number, p.fill) for p in listed]  # was 8
    check_items_pages(result.pdf, doc, plan.words, least=2)  # 基本方針 below a page's top: whole on that page
    assert [m for p in listed for m in page_problems(p)] == []
    text = ["".join(w.text for w in words) for _, _, words in read_words(result.pdf)]
    for area in plan.areas:  # every 基本方針 and its items on one page
        heading = plan.area_display(area).replace(" ", "")
        (page,) = [p for p in listed if heading in text[p.number - 1]]
        assert all(item.id in text[page.number - 1] for c in area.categories for item in c.items)


def _shared_items_plan(count: int):
    """A plan of ``count`` items, each of two sections (課1–課4 in turn), in one 重点項目 and 取組区分."""
    data = yaml.safe_load(bundled_plan_text())
    sections = [f"課{n}" for n in range(1, 5)]
    items = [{"number": i, "name": f"事務の見直し{i}", "content": "内容", "actions": ["実施"],
              "sections": [sections[i % 4], sections[(i + 1) % 4]]} for i in range(1, count + 1)]
    data |= {"sections": sections,
             "areas": [{"number": 1, "name": "行政運営", "categories": [{"number": 1, "name": "事務の見直し", "items": items}]}],
             "kpis": [{"id": "K01", "item": "1-1-1", "name": "指標", "kind": "count", "unit": "件", "baseline": 10,
                       "target": 50, "owner": "課2"}]}
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"]
    return plan


def test_the_notes_under_the_total_are_counted_on_its_page(soffice, tmp_path):
    """40 items of two sections each, every one the same amount from both: the notes under the total list every item
    twice (複数の課が記入した項目, 「※同額」) — seven lines. Only the total's row was counted on the last page: the page
    came out full, and LibreOffice printed the rest of the notes on a page of their own (7 pages of 改革項目一覧, 6
    planned; every page number after it and 目次 one off). The total, its notes and the last item share the last page."""
    plan = _shared_items_plan(40)
    last = plan.items[-1]
    rows = [_row(2026, s, "item", item.id, field, value) for s in plan.sections for item in plan.items_for(s, 2026)
            for field, value in (("grade", "A"), ("plan_next", "継続する。"), ("effect_yen", 100_000),
                                 ("result", "窓口の手続を見直した。" * 8 if (item, s) == (last, last.sections[0])
                                  else "手続を見直した。"))]
    answers = pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))
    result = write_reports(plan, 2026, answers, all_submitted_status(plan), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    pages = ["".join(w.text for w in words) for _, _, words in read_words(result.pdf)]
    assert len(pages) == result.pdf_pages  # the pages the writer planned: LibreOffice added none
    listed = [text for text in pages if "令和8年度" + SHEET_ITEMS in text[:40]]  # the running header
    assert len(listed) == len(openpyxl.load_workbook(result.workbook)[SHEET_ITEMS].row_breaks.brk) + 1
    assert "財政効果額合計" in listed[-1] and "可能性があります。" in listed[-1]
    assert f"{last.id}事務の見直し40" in listed[-1]
