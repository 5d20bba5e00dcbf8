"""「概要」: the opening page, 「令和8年度の概要」 — sentences built from the numbers, nothing else.

What it says, each from the same tables the other sheets print: how many sections' answers are
in; the grade counts (with the change from the year before); the answers in the plan's
``behind`` grades (遅れ, 未着手) item by item, and those that fell since last year; the KPI
judgements with the KPIs' names, the 遅れ and 未報告 ones with their figures; the 財政効果額
total and how shared items were counted. No prose is invented: a sentence whose number is zero
says so (「なし」).
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from reform_xlsx import records as ans
from reform_xlsx.plan.attainment import BEHIND, JUDGEMENTS, NOT_REPORTED
from reform_xlsx.plan.model import UNASSIGNED
from reform_xlsx.report import consolidate
from reform_xlsx.report.kpis import progress_text
from reform_xlsx.report.model import (
    NOT_SUBMITTED,
    REFERENCE_TARGET,
    SHEET_ITEMS,
    SHEET_KPI,
    SHEET_OVERVIEW,
    SHEET_REVIEWS,
    SHEET_SUMMARY,
    ReportData,
    unit_changes,
)
from reform_xlsx.rounding import percent
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, page_rows_height, setup_page

WIDTHS = (2, 19, 122)
ONE_PAGE_SLACK = 1.12  # up to this much over one page, the page is fitted to one (≥ 8.9 pt)
MOVE_WHOLE_ROOM = 0.25  # a short block moves whole to the next page when it leaves less of a page blank
LABEL_COL, TEXT_COL = 1, 2


def _signed(n: int) -> str:
    return f"+{n:,}" if n > 0 else (f"▲{-n:,}" if n < 0 else "±0")


class _Page:
    """Writes the page top to bottom and remembers each row's height and block (for the breaks)."""

    def __init__(self, ws: Worksheet, st: Styles):
        self.ws, self.st, self.row = ws, st, 0
        self.heights: dict[int, float] = {}
        self.blocks: list[list[int]] = [[]]
        self.labels: dict[int, str] = {}
        self.gaps: set[int] = set()

    def _continued(self, block: list[int], row: int) -> None:
        """The block's label, 「（続き）」 after it, on the row a page starts with inside the block."""
        label = next((self.labels[r] for r in block if r in self.labels and r < row), None)
        if label is None or row in self.labels:
            return
        text = f"{label}（続き）"
        self.ws.write_string(row, LABEL_COL, text if text_units(text) <= WIDTHS[LABEL_COL] else "（続き）",
                             self.st.label)

    def line(self, text: str, label: str = "", bold: bool = False) -> None:
        if label:
            self.ws.write_string(self.row, LABEL_COL, label, self.st.label)
            self.labels[self.row] = label
        self.ws.write_string(self.row, TEXT_COL, text, self.st.label if bold else self.st.paragraph)
        self._height(row_height([(text, WIDTHS[TEXT_COL]), (label, WIDTHS[LABEL_COL])], padding=2.5))

    def gap(self, height: float = 8.0) -> None:
        """The space between blocks; a page may break here."""
        self.gaps.add(self.row)
        self._height(height)
        self.blocks.append([])

    def _height(self, height: float) -> None:
        self.ws.set_row(self.row, height)
        self.heights[self.row] = height
        self.blocks[-1].append(self.row)
        self.row += 1

    def paginate(self) -> int:
        """One page when the text fits (or nearly: fitted to one page); else page breaks between
        blocks (inside a block only when it is longer than a page). Returns the pages."""
        capacity = page_rows_height(WIDTHS)
        if sum(self.heights.values()) <= capacity * ONE_PAGE_SLACK:
            self.ws.fit_to_pages(1, 1)
            return 1
        breaks, used = [], 0.0
        for block in self.blocks:
            size = sum(self.heights[r] for r in block)
            # A short block moves whole to the next page when what it leaves blank is a short stretch; else
            # (a long block, or one that would leave a quarter of a page blank: the 財政効果額 of a final
            # packet left 41 %) it fills the page and goes on under 「（続き）」, never leaving its first
            # three rows (a label and its first lines) alone at a page end, nor its last row alone on the next.
            room = capacity - used
            if used and used + size > capacity and (
                    (size <= 0.4 * capacity and room < MOVE_WHOLE_ROOM * capacity) or
                    sum(self.heights[r] for r in block[:3]) > room):
                breaks.append(block[0])
                used = 0.0
            lines = [r for r in block if r not in self.gaps]  # a gap at a page's end breaks nothing
            for n, r in enumerate(lines):
                if used and used + self.heights[r] > capacity:
                    at = n - 1 if n == len(lines) - 1 and n > 3 else n  # the last line not alone
                    breaks.append(lines[at])
                    self._continued(block, lines[at])
                    used = sum(self.heights[x] for x in lines[at:n])
                used += self.heights[r]
            used += sum(self.heights[r] for r in block if r in self.gaps)
        self.ws.set_h_pagebreaks(breaks)
        return len(breaks) + 1


def write_overview(ws: Worksheet, st: Styles, data: ReportData, *, public: bool = False) -> int:
    """Write the page; return its printed pages."""
    plan = data.plan
    setup_page(ws, left=plan.words.title, right=f"{data.year_label} {SHEET_OVERVIEW}")
    for n, w in enumerate(WIDTHS):
        ws.set_column(n, n, w)
    page = _Page(ws, st)
    ws.write_string(0, LABEL_COL, f"{data.year_label}の概要", st.title)
    page._height(30)
    page.line(f"{plan.name}の{data.year_label}の取組状況です。数字は「{SHEET_SUMMARY}」「{data.sheet(SHEET_ITEMS)}」"
              f"「{SHEET_KPI}」と同じ集計によります。")
    page.gap()
    _answers(page, data, public)
    page.gap()
    _grades(page, data)
    if data.has_reviews:
        _reviews(page, data, public)
    page.gap()
    _behind(page, data)
    page.gap()
    _kpis(page, data)
    page.gap()
    _effects(page, data)
    ws.print_area(0, 0, page.row - 1, len(WIDTHS) - 1)
    return page.paginate()


def _answers(page: _Page, data: ReportData, public: bool) -> None:
    status = data.status
    total = len(status)
    submitted = int((status["status"] == ans.SectionStatus.SUBMITTED).sum())
    text = f"担当課 {total} 課のうち {submitted} 課の回答を集計しました。"
    missing = status[status["status"] == ans.SectionStatus.MISSING]["section"].tolist()
    returned = status[status["status"] == ans.SectionStatus.RETURNED]["section"].tolist()
    if public:
        missing, returned = missing + returned, []
    if missing:
        text += f"{NOT_SUBMITTED}: {'、'.join(missing)}。"
    if returned:
        text += f"修正を依頼中（差し戻し）: {'、'.join(returned)}。"
    page.line(text, "回答")


def _reviews(page: _Page, data: ReportData, public: bool) -> None:
    """The office's 二次評価 against the self-assessments, and the opinions given (counts)."""
    counts = consolidate.review_counts(data.items)
    items = data.items
    text = (f"{data.plan.office}の二次評価 {counts['reviewed']} 件のうち、課の自己評価と異なるもの {counts['differ']} 件"
            f"（上 {counts['higher']} 件・下 {counts['lower']} 件）。" if counts["reviewed"]
            else f"{data.plan.office}の二次評価はまだありません。")
    opinions = int(items["committee_opinion"].notna().sum())
    if opinions:
        text += f"{data.plan.words.committee_role}の意見 {opinions} 件。"
    if not public and int(items["hq_opinion"].notna().sum()):
        text += f"{data.plan.words.headquarters_meeting}での意見 {int(items['hq_opinion'].notna().sum())} 件。"
    responses = int(data.review_rows["response"].notna().sum())  # an ended item's too
    if responses:
        text += f"前年度の意見への各課の対応 {responses} 件。"
    page.line(text + f"（「{SHEET_REVIEWS}」）", "二次評価と意見")


def _grades(page: _Page, data: ReportData) -> None:
    total = data.rollup.iloc[-1]
    items = data.items
    n_items = items.loc[items["assigned"], "item_id"].nunique()
    answered, rows = int(total["answered"]), int(total["rows"])
    word = data.plan.words.item
    text = (f"{word} {n_items} 項目（担当課ごとの回答 {rows} 件）のうち、{answered} 件に回答がありました"
            f"（未回答 {rows - answered} 件）。")
    unassigned = [data.plan.item_number(i) for i in data.plan.unassigned_items if i.active_in(data.year)]
    if unassigned:
        text += f"このほか{UNASSIGNED}の{word}が {len(unassigned)} 項目（{'、'.join(unassigned)}）あります（集計に含めていません）。"
    page.line(text, f"{word}の進捗状況")
    before = None
    if data.previous_year is not None:
        before = data.trend[data.trend["year"] == data.previous_year].iloc[0]
    parts = []
    for g in data.plan.grades:
        count = int(total[g.code])
        part = f"{g.display} {count} 件"
        if before is not None:
            part += f"（{_signed(count - int(before[g.code]))}）"
        parts.append(part)
    text = "、".join(parts) + "。"
    if before is not None:
        text = f"進捗状況（かっこ内は前年度（{format_fiscal_year(data.previous_year)}）との差）: " + text
        changes = [c for c in items["change"] if c is not None]
        text += (f"前年度から上がった回答 {sum(c > 0 for c in changes)} 件、下がった回答 {sum(c < 0 for c in changes)} 件、"
                 f"同じ {sum(c == 0 for c in changes)} 件。")
    else:
        text = "進捗状況: " + text
    page.line(text)


def _item_line(data: ReportData, r) -> str:
    return f"・{data.item_number(r.item_id)} {r.name}（{r.section}）"


def _behind(page: _Page, data: ReportData) -> None:
    """The answers in the plan's ``behind`` grades, item by item (with last year's grade from the
    second year), and how many answers fell since last year."""
    items = data.items
    label = "遅れている項目"
    if data.previous_year is not None:
        fell = sum(c is not None and c < 0 for c in items["change"])
        page.line(f"前年度から進捗状況が下がった回答は {fell} 件です（「{data.sheet(SHEET_ITEMS)}」の増減が「↓悪化」の行）。",
                  label)
        label = ""
    for g in (g for g in data.plan.grades if g.behind):
        rows = items[items["grade"] == g.code]
        page.line(f"{g.display}: {len(rows)} 件" + ("" if len(rows) else "（なし）"), label, bold=True)
        label = ""
        for r in rows.itertuples():
            before = ""
            if data.previous_year is not None:
                before = (f"　前年度 {data.grade_display(r.prev_grade, data.previous_year)}" if r.prev_grade
                          else _no_grade_before(data, r))
            page.line(f"{_item_line(data, r)}{before}")


def _no_grade_before(data: ReportData, r) -> str:
    """Why an answer has no grade the year before: the item started this year, or no answer came."""
    try:
        item = data.plan.item(r.item_id)
    except KeyError:
        return "　前年度 回答なし"
    return f"　{format_fiscal_year(item.start)}から" if not item.active_in(data.previous_year) else "　前年度 回答なし"


def _kpi_figures(data: ReportData, k: dict) -> str:
    kpi = data.plan.kpi(k["kpi_id"])
    if k["actual"] is None:
        return f"・{kpi.label}（報告課 {kpi.owner}）: 実績値の報告なし"
    target = kpi.display(k["year_target"])
    kind = "" if k["planned_target"] else f"・{REFERENCE_TARGET}"
    # as KPI達成状況 and KPI推移 show it: 「-1200.0%」, and one beyond ±10000 % 「-10000%未満」 (never twelve digits)
    progress = "" if k["progress"] is None else f"、進捗率 {progress_text(k['progress'])}"
    return f"・{kpi.label}: 実績値 {kpi.display(k['actual'])}{progress}（年度目標値 {target}{kind}）"


def _kpis(page: _Page, data: ReportData) -> None:
    kpis = data.kpis
    counts = {j: int((kpis["judgement"] == j).sum()) for j in JUDGEMENTS}
    e = data.plan.expected_progress(data.year)
    page.line(f"KPI {len(kpis)} 指標の判定は、" + "、".join(f"{j} {counts[j]}" for j in JUDGEMENTS)
              + f" です（期待進捗 {percent(e)}）。", "KPI の達成状況")
    for j in JUDGEMENTS:
        if not counts[j] or j in (BEHIND, NOT_REPORTED):
            continue
        names = "、".join(data.plan.kpi(k).label for k in kpis.loc[kpis["judgement"] == j, "kpi_id"])
        page.line(f"{j}（{counts[j]}）: {names}")
    for j in (BEHIND, NOT_REPORTED):
        rows = kpis[kpis["judgement"] == j]
        page.line(f"{j}: {len(rows)} 指標" + ("" if len(rows) else "（なし）"), bold=True)
        for k in rows.to_dict("records"):
            page.line(_kpi_figures(data, k))
    if data.previous_year is not None:
        better = [b for b in kpis["better"] if b is not None]
        page.line(f"前年度から実績値が目標の方向に進んだ指標 {sum(b > 0 for b in better)}、逆に進んだ指標 "
                  f"{sum(b < 0 for b in better)}、変わらない指標 {sum(b == 0 for b in better)}"
                  f"（前年度と今年度の両方に実績値がある {len(better)} 指標"
                  + (f"。単位を改めた {changed} は比べていません" if (changed := unit_changes(data)) else "")
                  + "）。", bold=True)
        for k in kpis[kpis["better"].map(lambda b: b is not None and b < 0)].to_dict("records"):
            kpi = data.plan.kpi(k["kpi_id"])
            page.line(f"・{kpi.label}: {kpi.display(k['prev_actual'])} → {kpi.display(k['actual'])}")


def _effects(page: _Page, data: ReportData) -> None:
    total = int(data.rollup.iloc[-1]["effect_yen"])
    entered = int(data.items["effect_yen"].notna().sum())
    text = f"各課が記入した財政効果額の合計は {total:,} 円です（記入のあった回答 {entered} 件）。"
    if data.previous_year is not None:
        before = int(data.trend[data.trend["year"] == data.previous_year].iloc[0]["effect_yen"])
        text += f"前年度は {before:,} 円（差 {_signed(total - before)} 円）。"
    page.line(text, "財政効果額")
    for r in data.shared.to_dict("records"):
        amounts = "、".join(f"{s} {a:,} 円" for s, a in zip(r["sections"], r["amounts"]))
        line = f"・{data.item_number(r['item_id'])} {r['name']}: 複数の課が記入（{amounts}、小計 {r['subtotal']:,} 円）。合計にはどの額も含めています。"
        if r["duplicate"]:
            line += "同じ額の記入があり、重複して計上している可能性があります。"
        page.line(line)
