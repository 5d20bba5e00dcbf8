"""「二次評価・意見」: the A of PDCA — the office's 二次評価 beside each section's own grade, the
推進室's comment, the 本部会議's and the 推進委員会's opinions, the 対応方針, and the section's
意見への対応 to last year's word.

One row per item and section with any of these, in plan order. The packet and the office's copy
show everything; 公表用 shows the 二次評価, the committee's opinions, the 対応方針 and the responses to
last year's committee opinion or 対応方針 (the office's comment and the 本部会議's remarks are internal, and
so is an answer to them alone). A plan that names no committee has no committee's column: 公表用 then
shows the 二次評価, the 対応方針 and the responses beside it. The note above the table counts
the 二次評価 that differ from the self-assessment (higher, lower).
"""

from __future__ import annotations

import math

import numpy as np
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.form.content import MAX_GRADE_WIDTH, grade_width, response_name, response_name_width
from reform_xlsx.form.layout import review_label
from reform_xlsx.report import consolidate
from reform_xlsx.report.model import NOT_REVIEWED, REVIEW_GRADE, SHEET_REVIEWS, Col, ReportData, published_response
from reform_xlsx.textwidth import text_units
from reform_xlsx.xlsx.sizing import fit_row, header_label, row_height, row_lines, units_lines
from reform_xlsx.xlsx.style import Styles, paginate_table, start_sheet, write_note

SELF_GRADE = "自己評価"
RESPONSE = "意見への対応（課）"
PUBLIC_FIELDS = ("committee_opinion", "policy")
INTERNAL_FIELDS = ("office_comment", "hq_opinion")
PREVIOUS_WORD = "previous_word"  # the column of last year's word the sections' 意見への対応 answers
EMPTY_WIDTH = 10  # a text column no row fills this year
TABLE_WIDTH = 156  # the columns' units together (A4 landscape at 9 pt)
WIDEN_AHEAD = 8  # units :func:`text_widths` looks ahead
TEXT_LEAST = 12  # a filled text column at least (its heading on two lines where a word starts: 「推進室」「コメント」)
TITLE_HEIGHT, HEADER_HEIGHT = 26.0, 30.0


def text_fields(data: ReportData, public: bool) -> tuple[str, ...]:
    """The word the sheet shows (公表用: the committee's opinion and the 対応方針); a plan without a committee
    has no committee's column (:attr:`Words.has_committee`)."""
    fields = PUBLIC_FIELDS if public else (*INTERNAL_FIELDS, *PUBLIC_FIELDS)
    return tuple(f for f in fields if f != "committee_opinion" or data.plan.words.has_committee)


def review_columns(data: ReportData, public: bool) -> tuple[Col, ...]:
    texts = text_fields(data, public)
    rows = data.review_rows
    responses = any(_response(r, public) is not None for r in rows.itertuples())
    grade = min(MAX_GRADE_WIDTH, max(16, grade_width(data.plan)))  # 「D 完了（目標達成）」 on one line
    ended = [data.plan.item(r.item_id) for r in rows.itertuples() if r.ended]
    fixed = [Col("item_id", "ID", 6.5), Col("name", data.plan.words.item, response_name_width(ended, data.year, 16)),
             Col("section", "担当課", 10),
             Col("grade", SELF_GRADE, grade), Col("review_grade", REVIEW_GRADE, grade)]
    # the text columns share the page; one that no row fills this year (its heading stays) takes little
    keys = [*texts, *((PREVIOUS_WORD, "response") if responses else ())]
    filled = {k: k == PREVIOUS_WORD or bool(rows[k].notna().any()) for k in keys}
    room = TABLE_WIDTH - sum(c.width for c in fixed) - EMPTY_WIDTH * sum(not f for f in filled.values())
    widths = text_widths(room, {k: _paragraphs(data, k, public) for k in keys if filled[k]})
    labels = {PREVIOUS_WORD: "前年度の意見・対応方針", "response": RESPONSE}
    return tuple(fixed + [Col(k, labels.get(k) or review_label(k, data.plan.words), widths.get(k, EMPTY_WIDTH))
                          for k in keys])  # the sections' answers beside the word they answer (公表用: 対応方針 only)


def _paragraphs(data: ReportData, key: str, public: bool) -> list[list[float]]:
    """Each row's text in a column as its paragraphs' half-width units ([] for an empty cell)."""
    role = data.plan.words.committee_role
    found = []
    for r in rows_shown(data, public):
        value = (_previous_word(r, public, role) if key == PREVIOUS_WORD else
                 _response(r, public) if key == "response" else getattr(r, key))
        found.append([text_units(p) for p in str(value).split("\n")] if value else [])
    return found


def text_widths(room: float, texts: dict[str, list[list[float]]]) -> dict[str, float]:
    """The filled text columns' widths in ``room`` (units), the least total of the rows' lines: each column at least
    :data:`TEXT_LEAST`, the rest given a unit at a time where it saves the most lines (a row is as tall as its longest
    cell). ``texts``: each column's rows as :func:`_paragraphs`. Shared equally, last year's word (every opinion
    and the 対応方針 in one cell) ran 14 lines in a column of 15 beside comments of 3, and a page of four columns
    filled held one or two rows."""
    if not texts:
        return {}
    keys = list(texts)
    widths = dict.fromkeys(keys, min(TEXT_LEAST, math.floor(room / len(keys) * 2) / 2))
    cache: dict[tuple[str, float], np.ndarray] = {}
    most = row_lines()

    def lines(key: str, width: float) -> np.ndarray:  # (a text longer than a row prints cut: fit_row)
        if (key, width) not in cache:
            cache[key, width] = np.array([min(units_lines(p, width), most) if p else 1 for p in texts[key]], dtype=int)
        return cache[key, width]

    def total(trial: dict[str, float]) -> int:
        return int(np.max([lines(k, trial[k]) for k in keys], axis=0).sum())

    while (spare := math.floor(room - sum(widths.values()))) >= 1:
        now = total(widths)
        # the most lines saved a unit, looking a few units ahead (one unit often saves none: a plateau)
        tried = [((now - total(widths | {k: widths[k] + step})) / step, -step, k)
                 for k in keys for step in range(1, min(spare, WIDEN_AHEAD) + 1)]
        gain, step, best = max(tried)
        if gain <= 0:  # no line saved anywhere: the rest to the column of most lines
            best, step = max(keys, key=lambda k: int(lines(k, widths[k]).sum())), -spare
        widths[best] += -step
    return widths


def _previous_word(r, public: bool, role: str) -> str | None:
    """Last year's word an answer responds to: the opinions and the 対応方針 (公表用: the committee's
    opinion — ``role``, 「推進委員会」 — and the 対応方針, the two it publishes)."""
    policy = f"【対応方針】{r.prev_policy}" if r.prev_policy else None
    committee = f"【{role}】{str(r.prev_committee).strip()}" if r.prev_committee and str(r.prev_committee).strip() else None
    parts = [committee, policy] if public else [r.prev_opinions, policy]
    return "\n".join(p for p in parts if p) or None


def _response(r, public: bool) -> str | None:
    """The section's 意見への対応 as the sheet shows it (公表用: beside the word it publishes only)."""
    return published_response(r) if public else r.response


def rows_shown(data: ReportData, public: bool) -> list:
    """The rows with any word: :attr:`ReportData.review_rows` (an item that ended last year has a row for the answer
    to last year's word on it)."""
    fields = (*text_fields(data, public), "review_grade")
    return [r for r in data.review_rows.itertuples()
            if any(getattr(r, f) is not None for f in fields) or _response(r, public) is not None]


def _name(data: ReportData, r) -> str:
    """An item's name; one that ended before the year says so (「…\n【令和8年度で終了】」, as the section's form did)."""
    if not r.ended:
        return r.name
    return response_name(data.plan.item(r.item_id), data.year)


def write_reviews(ws: Worksheet, st: Styles, data: ReportData, *, public: bool = False) -> int:
    """Write the sheet; return its printed pages."""
    cols = review_columns(data, public)
    widths = tuple(c.width for c in cols)
    counts = consolidate.review_counts(data.items)
    note = (f"{REVIEW_GRADE}は、{data.plan.office}が各課の進捗状況（自己評価）を確かめた評価です。"
            + (f"{REVIEW_GRADE}のある {counts['reviewed']} 件のうち、自己評価と異なるもの {counts['differ']} 件"
               f"（自己評価より上 {counts['higher']} 件・下 {counts['lower']} 件）。" if counts["reviewed"]
               else f"{REVIEW_GRADE}はまだありません。"))
    role = data.plan.words.committee_role
    committee = data.plan.committee
    if not public:
        whose = (f"{data.plan.headquarters}（{data.plan.words.headquarters_meeting}）"
                 + (f"と{committee}" if data.plan.words.has_committee else ""))
        note += f"意見は{whose}のもの、対応方針は{data.plan.office}がまとめたもの。"
    elif data.plan.words.has_committee:
        note += f"{role}意見は{committee}の意見、対応方針はそれを受けた{data.plan.city}の方針です。"
    else:  # no committee: the 対応方針 is what 公表用 shows of the word given
        note += f"対応方針は、{REVIEW_GRADE}と意見を受けた{data.plan.city}の方針です。"
    if any(c.key == "response" for c in cols):
        note += f"「{RESPONSE}」は、前年度の二次評価・意見に対して各課が調査票に記入したものです。"
    rows = rows_shown(data, public)
    total = sum(widths)
    header = 1 + len(_lines(note, total))
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_REVIEWS, widths=widths,
                repeat=(header, header), title_height=TITLE_HEIGHT)
    write_note(ws, st, 1, note, total)
    labels = [header_label(col.label, col.width) for col in cols]  # 「推進室」「コメント」, never 「推進室コメン」「ト」
    header_height = row_height(list(zip(labels, widths)), minimum=HEADER_HEIGHT)
    ws.set_row(header, header_height)
    for c, label in enumerate(labels):
        ws.write_string(header, c, label, st.header)
    ws.freeze_panes(header + 1, 0)
    heights = []
    for n, r in enumerate(rows, start=header + 1):
        values = []
        for col in cols:
            if col.key == PREVIOUS_WORD:
                value = _previous_word(r, public, role)
            elif col.key == "name":
                value = _name(data, r)
            elif col.key == "item_id":
                value = data.item_number(r.item_id)
            else:
                value = _response(r, public) if col.key == "response" else getattr(r, col.key)
            if col.key in ("grade", "review_grade"):
                value = data.grade_display(value) if value is not None else NOT_REVIEWED
            values.append("" if value is None else str(value))
        # a word longer than the tallest row prints cut, saying so (推進室評価シート and 回答一覧 keep it whole)
        values = [fit_row(v, w) for v, w in zip(values, widths)]
        for c, value in enumerate(values):
            fmt = st.center if cols[c].key == "item_id" else st.wrap
            ws.write_string(n, c, value, fmt)
        heights.append(row_height([(v, w) for v, w in zip(values, widths)], minimum=20))
        ws.set_row(n, heights[-1])
    if not rows:
        ws.write_string(header + 1, 0, "二次評価・意見はまだありません。", st.text)
    last = header + max(len(rows), 1)
    for key in ("grade", "review_grade"):
        c = [col.key for col in cols].index(key)
        for g in data.plan.grades:
            if g.code in st.fills:
                ws.conditional_format(header + 1, c, last, c, {"type": "text", "criteria": "begins with",
                                                               "value": f"{g.code} ", "format": st.fills[g.code]})
    ws.print_area(0, 0, last, len(cols) - 1)
    return paginate_table(ws, heights, header + 1, widths, top=TITLE_HEIGHT + 13.0 * (header - 1), header=header_height)


def _lines(text: str, width: float) -> list[str]:
    from reform_xlsx.xlsx.sizing import wrap_lines

    return wrap_lines(text, width, font_size=9)
