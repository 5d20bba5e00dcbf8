"""「改革項目一覧」: all 改革項目 in plan order, one row per item × section.

Grouped by 重点項目 and 取組区分 (heading rows across the table, never merged cells; a 重点項目 of a plan of two
levels has no 取組区分 heading: it would only repeat the 重点項目's, :attr:`Area.two_level`). Row
heights follow the text so nothing is cut off on paper, and the writer places the page breaks
itself: an item's rows split only where it is taller than a page or moving it on whole would
leave its page mostly blank, a heading never ends a page (it goes with its first item), each 重点項目 begins a
page unless the whole of it fits in what the page before leaves (small ones share a page; none is split from its
heading or over pages when it could begin one), a page that continues one begins with its heading 「（続き）」 (and
the 取組区分's 「（続き）」 when that goes on too), the last page is not left with a lone row and the total, and the
total's notes are counted on its page (they printed alone on a page more than planned).

From the plan's second year, 前年度 shows each answer's grade the year before and 増減 whether
it rose (↑改善) or fell (↓悪化) on the plan's scale. An item whose 財政効果額 comes from two or
more sections gets a 小計 row (marked 「※同額」 when two sections wrote the same amount); the
total adds every section's amount as written (SUBTOTAL, so the 小計 rows are not counted twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.plan.model import UNASSIGNED
from reform_xlsx.report.model import (
    NOT_ASKED,
    NOT_REVIEWED,
    REVIEW_GRADE,
    SAME_AMOUNT,
    SHEET_ITEMS,
    SHEET_REVIEWS,
    SUBTOTAL,
    UNANSWERED,
    Col,
    ReportData,
    Table,
    change_text,
    item_columns,
)
from reform_xlsx.xlsx.sizing import fit_row, row_height, wrap_lines
from reform_xlsx.xlsx.style import Styles, page_rows_height, start_sheet, write_band, write_note

TITLE_HEIGHT, NOTE_LINE, HEADER_HEIGHT, GROUP_HEIGHT, TOTAL_HEIGHT = 26.0, 13.0, 30.0, 20.0, 20.0
CONTINUED = "（続き）"
TEXT_KEYS = ("result", "plan_next")  # the sections' own text: 取組実績, 課題・今後の方針
NOTES_IN_RESERVE = 0.8  # how much of the page's reserve (page_rows_height's safety) the total's notes may take
MIN_FILL = 0.6  # a page left less full than this only where a 重点項目 or 取組区分 begins, or the sheet ends
# what the last page of a 重点項目 that runs over pages keeps when the page before can spare it: item groups (on the
# sheet's last page, beside the total), and rows where the sheet goes on (not a page of two short lines)
MIN_LAST_GROUPS, MIN_END_ROWS = 2, 3


@dataclass(frozen=True)
class ItemSheet:
    table: Table  # data rows (headings included: their ID cell never matches an item ID)
    pages: int  # printed pages, by the page breaks this writer set
    total_row: int  # 0-based row of the 財政効果額 合計


@dataclass(eq=False)
class _Block:
    kind: str  # area | category | item | total
    height: float
    text: str = ""
    rows: list = field(default_factory=list)  # the item's rows (records of ReportData.items)
    heights: list[float] = field(default_factory=list)
    texts: list[dict[str, str]] = field(default_factory=list)  # each row's 取組実績 and 課題 as printed
    shared: dict | None = None  # the item's shared_effects record, when it gets a 小計 row (last part)
    item_id: str = ""
    continued: bool = False  # a heading repeated 「（続き）」 at the top of a page that continues its group


def _parts(block: _Block) -> list[_Block]:
    """An item taller than a page, one row a block (the 小計 row stays with the last row)."""
    n = len(block.rows)
    parts = []
    for i in range(n):
        last = i == n - 1
        heights = block.heights[i:] if last else [block.heights[i]]
        parts.append(_Block("item", sum(heights), rows=block.rows[i:i + 1], heights=heights,
                            texts=block.texts[i:i + 1], shared=block.shared if last else None, item_id=block.item_id))
    return parts


def _legend(data: ReportData) -> str:
    grades = " ／ ".join(g.display for g in data.plan.grades)
    text = f"進捗状況: {grades}。複数の課が担当する項目は課ごとに1行です（回答のない行は「{UNANSWERED}」）。"
    if data.has_reviews:
        text += (f"{REVIEW_GRADE}は{data.plan.office}の評価です（課の進捗状況と異なるものは「{SHEET_REVIEWS}」に理由と意見を"
                 "示します）。")
    if data.plan.unassigned_items:
        text += f"担当課が決まっていない{data.plan.words.item}は担当課「{UNASSIGNED}」、進捗状況「{NOT_ASKED}」です（集計に含めません）。"
    if data.previous_year is not None:
        text += ("前年度は同じ課の前年度の進捗状況（計画の改訂でほかの課から移った項目は、その課のもの）、"
                 "増減はその比較（↑改善・↓悪化・→同じ）です。")
        shown = set(data.items["prev_grade"].dropna())
        former = [display for code, display in data.former_grades() if code in shown]
        if former:
            text += f"前年度の{'・'.join(former)}は、計画の改訂で今年度はない区分です。"
    return text


def _blocks(data: ReportData, cols: tuple[Col, ...], tallest: float, total: float) -> list[_Block]:
    """The table as blocks; an answer is printed in a row at most ``tallest`` points high; the total's block is
    ``total`` points high (its row and the notes under it)."""
    width = {c.key: c.width for c in cols}
    shared = {r["item_id"]: r for r in data.shared.to_dict("records")}
    by_item: dict[str, list] = {}  # one pass over the rows, not a filter per item
    for r in data.items.itertuples(index=False):
        by_item.setdefault(r.item_id, []).append(r)
    blocks: list[_Block] = []
    for area in data.plan.areas:
        area_blocks: list[_Block] = [_Block("area", GROUP_HEIGHT, data.plan.area_display(area))]
        for category in area.categories:
            groups = []
            for item in category.items:
                group = by_item.get(item.id)
                if not group:  # not asked this year (the plan file ends or starts it elsewhere)
                    continue
                # an answer longer than the tallest row prints cut, saying so (回答一覧 and the CSV keep it whole)
                texts = [{key: fit_row("" if getattr(r, key) is None else str(getattr(r, key)), width[key],
                                       height=tallest) for key in TEXT_KEYS} for r in group]
                heights = [row_height([(r.name, width["name"]), (r.section, width["section"]),
                                       (data.grade_display(r.grade), width["grade"]),
                                       *((shown[key], width[key]) for key in TEXT_KEYS)], minimum=18)
                           for r, shown in zip(group, texts)]
                record = shared.get(item.id)
                if record is not None:
                    heights.append(TOTAL_HEIGHT)
                groups.append(_Block("item", sum(heights), rows=group, heights=heights, texts=texts, shared=record,
                                     item_id=item.id))
            if groups and not area.two_level:  # (a plan of two levels: its 取組区分 would only repeat the 重点項目)
                area_blocks.append(_Block("category", GROUP_HEIGHT, category.display))
            area_blocks.extend(groups)
        if len(area_blocks) > 1:
            blocks.extend(area_blocks)
    blocks.append(_Block("total", total))
    return blocks


def _paginate(blocks: list[_Block], first_page: float, capacity: float,
              limits: dict[int, float] | None = None) -> list[list[_Block]]:
    """Blocks into pages. Each 重点項目 begins a page (the packet breaks by 重点項目), unless the whole of it (and the
    total after the last) fits in what is left of the page: a plan of eight 重点項目 of an item or two printed eight
    pages of two lines each. A heading goes with the next
    item; an item splits (at its rows) only when it is taller than a page holds (the first page under its title, a
    new page under 「（続き）」) or when moving it on whole would leave its page less than :data:`MIN_FILL` full; a
    page that continues a 重点項目 starts with its heading 「（続き）」, then the 取組区分's 「（続き）」 when the page
    continues that too (else the new 取組区分's heading); the last item keeps the total."""
    limits = limits or {}
    blocks = [part for b in blocks for part in (_parts(b) if b.kind == "item" and b.height > capacity else [b])]
    pages: list[list[_Block]] = [[]]
    used, area, category = first_page, None, None
    n = 0
    while n < len(blocks):
        b = blocks[n]
        if (b.kind == "area" and any(x.kind == "item" for x in pages[-1])
                and used + _area_height(blocks, n) > limits.get(len(pages) - 1, capacity)):
            # a 重点項目 begins a page, unless the whole of it fits in what is left of this one (small ones share)
            pages.append([])
            used, area, category = 0.0, None, None
            continue
        # What must stay together with this block: headings run on to the first item after them;
        # the last item takes the total.
        end = n
        while blocks[end].kind in ("area", "category") and end + 1 < len(blocks):
            end += 1
        if end + 1 < len(blocks) and blocks[end + 1].kind == "total":
            end += 1
            # (unless the total's notes make a last row, which cannot split, and the total taller than a page holds
            # under its 「（続き）」 headings: a row as tall as the first page holds, then notes of many lines — the
            # total then begins the next page; an item of rows splits as below)
            if (len(blocks[end - 1].rows) == 1
                    and sum(x.height for x in blocks[n:end + 1]) > capacity - _continued_height(b, area, category)):
                end -= 1
        need = sum(x.height for x in blocks[n:end + 1])
        limit = limits.get(len(pages) - 1, capacity)
        if used + need > limit:
            # An item too tall for the room it would get (what is left under the title on the first
            # page, else a new page under the 「（続き）」 headings of its 重点項目 and 取組区分) goes in at its
            # row breaks: left whole, the printer would break the page itself.
            cont = _continued_height(b, area, category)
            room = limit - used if not pages[-1] else limits.get(len(pages), capacity) - cont
            item = next((k for k in range(n, end + 1) if blocks[k].kind == "item"), None)
            if need > room and item is not None and len(blocks[item].rows) > 1:
                blocks[item:item + 1] = _parts(blocks[item])
                continue
            # Moved on whole, an item of several rows would leave most of this page blank (a long answer's row
            # after it): its first rows stay here, the rest go on under 「（続き）」.
            if (pages[-1] and item is not None and len(blocks[item].rows) > 1 and used < MIN_FILL * limit
                    and used + sum(x.height for x in blocks[n:item]) + blocks[item].heights[0] <= limit):
                blocks[item:item + 1] = _parts(blocks[item])
                continue
        if pages[-1] and used + need > limit:
            pages.append([])
            used = 0.0
            for heading in _continued(b, area, category):  # the 重点項目 (and 取組区分) go on over the break
                pages[-1].append(heading)
                used += heading.height
        for x in blocks[n:end + 1]:
            pages[-1].append(x)
            used += x.height
            if x.kind == "area":
                area = x
            elif x.kind == "category":
                category = x
        n = end + 1
    return pages


def _area_height(blocks: list[_Block], n: int) -> float:
    """The height of the 重点項目 whose heading is ``blocks[n]``: its headings and items, and the total after the last."""
    end = next((k for k in range(n + 1, len(blocks)) if blocks[k].kind == "area"), len(blocks))
    return sum(b.height for b in blocks[n:end])


def _continued(b: _Block, area: _Block | None, category: _Block | None) -> list[_Block]:
    """The headings 「（続き）」 a new page begins with when ``b`` goes on to it: the 重点項目's, and the
    取組区分's when ``b`` is an item of it (a new 取組区分 brings its own heading)."""
    heads = [area] if area is not None else []
    if b.kind == "item" and category is not None:
        heads.append(category)
    return [_Block(h.kind, GROUP_HEIGHT, h.text + CONTINUED, continued=True) for h in heads]


def _continued_height(b: _Block, area: _Block | None, category: _Block | None) -> float:
    return sum(h.height for h in _continued(b, area, category))


def _balanced(blocks: list[_Block], first_page: float, capacity: float) -> list[list[_Block]]:
    """Pages, with the last page of each 重点項目 that runs over pages (the sheet's last page among them) given at
    least :data:`MIN_LAST_GROUPS` items (and :data:`MIN_END_ROWS` rows, but on the sheet's last page) when the page
    before it has 3 or more items (2 or more, but before the sheet's last page) and stays at least 60 % full (no page
    of a lone row, or of a lone row and the total; a page a small 重点項目 shares with it is not alone). A 重点項目
    that begins on its last page keeps it: nothing of the one before goes on it."""
    limits: dict[int, float] = {}
    pages = _paginate(blocks, first_page, capacity)
    # A page inside a 重点項目 left less than MIN_FILL full (the row after it is too tall for the rest, and rows
    # never split but at an item's row breaks) takes the last item of the page before while that stays 60 % full.
    p = 1
    while p < len(pages) - 1:
        page = pages[p]
        used = sum(b.height for b in page)
        if page[0].continued and pages[p + 1][0].continued and used < MIN_FILL * limits.get(p, capacity):
            cut = _cut(pages[p - 1], first_page if p == 1 else 0.0, capacity, 2)
            if cut is not None:
                trial = {**limits, p - 1: cut}
                again = _paginate(blocks, first_page, capacity, trial)
                if len(again) <= len(pages) and sum(b.height for b in again[p]) > used:
                    limits, pages = trial, again
                    continue
        p += 1
    p, moves = 1, 0
    while p < len(pages):
        if not _lone_end(pages, p) or moves >= 6:
            p, moves = p + 1, 0
            continue
        spare = 3 if p == len(pages) - 1 else 2  # items the page before must have to give one
        new_limit = _cut(pages[p - 1], first_page if p == 1 else 0.0, capacity, spare)
        if new_limit is None:
            p, moves = p + 1, 0
            continue
        limits[p - 1] = new_limit  # (the pages before it stay as they are: pages are laid out in order)
        pages = _paginate(blocks, first_page, capacity, limits)
        moves += 1
    return pages


def _cut(before: list[_Block], top: float, capacity: float, spare: int) -> float | None:
    """The limit that ends page ``before`` (``top``: what its title takes) before the last item on it, with any
    heading that would be left behind; None when it has fewer than ``spare`` items or would be left less than
    60 % full."""
    items = [b for b in before if b.kind == "item"]
    if len(items) < spare:
        return None
    cut = before.index(items[-1])
    while cut > 0 and before[cut - 1].kind in ("area", "category"):
        cut -= 1
    new_limit = top + sum(b.height for b in before[:cut]) + 0.01
    if new_limit < 0.6 * capacity or new_limit >= top + sum(b.height for b in before):
        return None
    return new_limit


def _lone_end(pages: list[list[_Block]], p: int) -> bool:
    """Page ``p`` continues a 重点項目 (its heading 「（続き）」), is that 重点項目's last page and holds fewer than
    :data:`MIN_LAST_GROUPS` items (or, when the sheet goes on after it, fewer than :data:`MIN_END_ROWS` rows)."""
    if not pages[p][0].continued or (p < len(pages) - 1 and pages[p + 1][0].continued):
        return False
    if any(b.kind == "area" and not b.continued for b in pages[p]):  # a small 重点項目 shares the page: not alone
        return False
    items = [b for b in pages[p] if b.kind == "item"]
    return len(items) < MIN_LAST_GROUPS or (p < len(pages) - 1 and sum(len(b.heights) for b in items) < MIN_END_ROWS)


def write_items(ws: Worksheet, st: Styles, data: ReportData, *, public: bool = False) -> ItemSheet:
    cols = item_columns(data)
    widths = tuple(c.width for c in cols)
    last_col = len(cols) - 1
    keys = [c.key for c in cols]
    total_width = sum(widths)
    header_row = 1 + len(_note_lines(data, total_width))
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=data.sheet(SHEET_ITEMS),
                widths=widths, repeat=(header_row, header_row), title_height=TITLE_HEIGHT)
    write_note(ws, st, 1, _legend(data), total_width)
    ws.set_row(header_row, HEADER_HEIGHT)
    for n, c in enumerate(cols):
        ws.write_string(header_row, n, c.label, st.header)
    ws.freeze_panes(header_row + 1, 0)

    capacity = page_rows_height(widths) - HEADER_HEIGHT  # the header row repeats on every page
    first_page = TITLE_HEIGHT + NOTE_LINE * (header_row - 1)
    # the total goes on its page with the notes under it (how it was counted; the items of two or more sections,
    # listed): a plan of many shared items has notes of three lines and more, which printed alone on a page of their
    # own when only the total's row was counted (a page more than planned, and its number in 目次 wrong)
    # — rows of a fixed height, so they may take most of the part of the page ``capacity`` keeps for the estimate's
    # errors (the bundled plan's three lines always fitted in it)
    notes = sum(len(wrap_lines(text, total_width, font_size=st.note_line.font_size)) for text in _total_notes(data))
    reserve = page_rows_height(widths, safety=1.0) - page_rows_height(widths)
    total_block = TOTAL_HEIGHT + max(0.0, NOTE_LINE * notes - NOTES_IN_RESERVE * reserve)
    # a row no taller than the first page holds below its headings: a long answer's row never leaves a
    # page of headings alone (the printer would move the row on and break every page after it)
    tallest = capacity - first_page - 2 * GROUP_HEIGHT - TOTAL_HEIGHT
    pages = _balanced(_blocks(data, cols, tallest, total_block), first_page, capacity)

    row, breaks, total_row, first = header_row + 1, [], None, header_row + 1
    item_first: dict[str, int] = {}  # an item's first row (its 小計 adds from there, over a page break)
    for p, page in enumerate(pages):
        if p:
            breaks.append(row)
        for b in page:
            if b.kind == "area":
                write_band(ws, st, row, b.text, 0, last_col, "group", b.height)
                row += 1
            elif b.kind == "category":
                write_band(ws, st, row, b.text, 0, last_col, "subgroup", b.height)
                row += 1
            elif b.kind == "item":
                item_first.setdefault(b.item_id, row)
                row = _write_group(ws, st, data, row, b, keys, item_first[b.item_id])
            else:
                total_row = row
    ws.set_row(total_row, TOTAL_HEIGHT)
    effect = keys.index("effect_yen")
    ws.write_string(total_row, 0, "財政効果額 合計", st.band("total", "first"))
    for col in range(1, effect):
        ws.write_blank(total_row, col, None, st.band("total", "middle" if col < effect - 1 else "last"))
    letter = xl_col_to_name(effect)
    total = int(data.rollup.iloc[-1]["effect_yen"])
    ws.write_formula(total_row, effect, f"=SUBTOTAL(9,{letter}{first + 1}:{letter}{total_row})",
                     st.total_yen, total)
    end = total_row + 1
    for text in _total_notes(data):  # (one line a row: the lines counted above)
        end = write_note(ws, st, end, text, total_width, line_height=NOTE_LINE)
    ws.set_h_pagebreaks(breaks)
    _colour(ws, st, data, first, total_row - 1, keys)
    ws.print_area(0, 0, end - 1, last_col)
    table = Table(data.sheet(SHEET_ITEMS), first, total_row - 1, {c.key: n for n, c in enumerate(cols)}, {"合計": total_row})
    return ItemSheet(table, len(breaks) + 1, total_row)


def _note_lines(data: ReportData, width: float) -> list[str]:
    return wrap_lines(_legend(data), width, font_size=9)


def _total_notes(data: ReportData) -> list[str]:
    """How the total was counted, from the data (every amount is in it)."""
    notes = ["財政効果額の合計は、各課が記入した額をそのまま足したものです（小計の行は重ねて数えません）。"]
    if len(data.shared):
        listed = "、".join(map(data.item_number, data.shared["item_id"]))
        notes.append(f"複数の課が記入した項目（{listed}）は、課ごとの額と{SUBTOTAL}を示し、どの課の額も合計に含めています。")
        same = data.shared[data.shared["duplicate"]]
        if len(same):
            notes.append(f"「{SAME_AMOUNT}」の項目（{'、'.join(map(data.item_number, same['item_id']))}）は、同じ額を複数の課が記入しており、"
                         "同じ効果を重ねて計上している可能性があります。")
    return notes


def _write_group(ws, st: Styles, data: ReportData, first: int, block: _Block, keys: list[str],
                 item_first: int) -> int:
    row = first
    for r, height, texts in zip(block.rows, block.heights, block.texts):
        ws.set_row(row, height)
        ws.write_string(row, keys.index("item_id"), data.item_number(r.item_id), st.text)
        ws.write_string(row, keys.index("name"), str(r.name), st.wrap)
        ws.write_string(row, keys.index("section"), r.section, st.wrap)
        ws.write_string(row, keys.index("grade"), data.grade_display(r.grade) if r.assigned else NOT_ASKED,
                        st.wrap if r.assigned else st.center)
        if "review_grade" in keys:
            shown = data.grade_display(r.review_grade) if r.review_grade is not None else NOT_REVIEWED
            ws.write_string(row, keys.index("review_grade"), shown, st.wrap)
        if "prev_grade" in keys:
            ws.write_string(row, keys.index("prev_grade"), r.prev_grade or "－", st.center)
            ws.write_string(row, keys.index("change"), change_text(r.change), st.center)
        for key in TEXT_KEYS:
            ws.write_string(row, keys.index(key), texts[key], st.wrap)
        if r.effect_yen is None:
            ws.write_blank(row, keys.index("effect_yen"), None, st.yen)
        else:
            ws.write_number(row, keys.index("effect_yen"), float(r.effect_yen), st.yen)
        row += 1
    if block.shared is not None:
        shared = block.shared
        ws.set_row(row, block.heights[-1])
        label = f"{SUBTOTAL}（{len(shared['sections'])}課）"
        text = f"{SAME_AMOUNT}（{'・'.join(f'{a:,}円' for a in shared['repeated'])}）" if shared["duplicate"] else ""
        effect = keys.index("effect_yen")
        for col in range(effect):
            if keys[col] == "section":
                ws.write_string(row, col, label, st.total_label)
            elif keys[col] == "result" and text:
                ws.write_string(row, col, text, st.total_label)
            else:
                ws.write_blank(row, col, None, st.total_label)
        letter = xl_col_to_name(effect)
        ws.write_formula(row, effect, f"=SUBTOTAL(9,{letter}{item_first + 1}:{letter}{row})", st.total_yen,
                         shared["subtotal"])
        row += 1
    return row


def _colour(ws, st: Styles, data: ReportData, first: int, last: int, keys: list[str]) -> None:
    for key in ("grade", "review_grade"):
        if key not in keys:
            continue
        col = keys.index(key)
        for g in data.plan.grades:
            if g.code in st.fills:
                ws.conditional_format(first, col, last, col, {
                    "type": "text", "criteria": "begins with", "value": f"{g.code} ",
                    "format": st.fills[g.code]})
    col = keys.index("grade")
    ws.conditional_format(first, col, last, col, {
        "type": "cell", "criteria": "==", "value": f'"{UNANSWERED}"', "format": st.unanswered})
    if "change" in keys:
        c = keys.index("change")
        for text, name in (("↑改善", "順調"), ("↓悪化", "遅れ")):
            ws.conditional_format(first, c, last, c, {"type": "cell", "criteria": "==", "value": f'"{text}"',
                                                      "format": st.fills[name]})
