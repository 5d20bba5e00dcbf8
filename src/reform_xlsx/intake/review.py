"""Read the 推進室評価シート back: the office's 二次評価 and the meetings' opinions (in the worker).

The sheet is written by ``merge`` (:mod:`reform_xlsx.report.review`), filled by the office in
Excel and read here like any return: the same safe reading, identity from its metadata (form
``review``), rows found by ID and 担当課, columns by header label (:data:`layout.REVIEW_COLUMNS`).
Every problem is collected (A codes; a formula, an error value or an over-long text as for a
調査票: V009, V012, V010). The answers have kind ``review``, the row's section, and the fields of
:data:`layout.REVIEW_FIELDS`; the self-assessment the sheet showed is kept as ``sheet_grade``, so
that the ledger can tell when a section's answer changed after the sheet was made (A005).

The newest sheet read replaces the year's whole evaluation, so a sheet without a row merge writes (deleted: A007;
sorted above the header with the header row: A008) is refused: read as it is, it would erase what the ledger
holds for those rows without a word.
"""

from __future__ import annotations

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.intake import normalise as norm
from reform_xlsx.intake.cells import a1, report_doubtful, report_shown_otherwise
from reform_xlsx.intake.validate import points_elsewhere
from reform_xlsx.messages import Msg, Problem, Severity, problem, review_worded
from reform_xlsx.plan.model import UNASSIGNED, Plan
from reform_xlsx.records import SHEET_GRADE, Answer
from reform_xlsx.wareki import format_fiscal_year

KIND = "review"


def validate_review(raw: dict, plan: Plan, year: int, file: str) -> tuple[list[Problem], list[Answer]]:
    """Every problem of a returned 推進室評価シート, and its answers."""
    problems: list[Problem] = []
    answers: list[Answer] = []
    name = layout.SHEET_REVIEW

    def report(msg: Msg, cell: str | None = None, at: tuple[str, str] | None = None, **params: object) -> None:
        row_id, column = at or (None, None)
        if isinstance(params.get("raw"), str):  # what was typed, quoted up to 40 characters
            params["raw"] = norm.quoted(params["raw"])
        problems.append(problem(msg, file=file, sheet=name, cell=cell, row_id=row_id, column=column, **params))

    if name in raw.get("doubtful", {}):  # a cell readers may read apart (F040, F041): the sheet is not read
        report_doubtful(lambda msg, _sheet, cell, **params: report(msg, cell, **params), name, raw["doubtful"][name])
        return problems, answers
    sheet = raw.get("sheets", {}).get(name)
    if sheet is None:
        report(Msg.REVIEW_STRUCTURE, what=f"シート「{name}」")
        return problems, answers
    rows, special = sheet["rows"], sheet.get("special", {})
    header = layout.find_header_row(rows, layout.ID_LABEL_REVIEW, search_rows=len(rows))  # sorted down: A008
    if header is None:
        report(Msg.REVIEW_STRUCTURE, what=f"見出し「{layout.ID_LABEL_REVIEW}」の行")
        return problems, answers
    index = layout.column_index(rows[header])
    own = layout.review_columns(plan.words)  # a plan without a committee: no committee's column, asked for or read
    columns = {c.key: index.get(layout.normalise_label(c.label)) for c in own}
    if columns.get("committee_opinion", 0) is None:  # a sheet written before the column took the plan's word
        columns["committee_opinion"] = index.get(layout.normalise_label(layout.COMMITTEE_OPINION_LABEL))
    if columns["hq_opinion"] is None:  # likewise the headquarters' column (「本部会議での意見」)
        columns["hq_opinion"] = index.get(layout.normalise_label(layout.HQ_OPINION_LABEL))
    needed = [c for c in own if c.input or c.key in ("id", "section")]
    missing = [c.label for c in needed if columns[c.key] is None]
    if missing:
        report(Msg.REVIEW_STRUCTURE, a1(header, 0), what="見出し「" + "」「".join(missing) + "」の列")
        return problems, answers
    # the rows merge writes: an item of the plan with a section of the plan (each item with its own
    # sections, and any section that answered an item it is not named on), 担当課未定 for an item with none
    items = {i.id for i in plan.items}
    unassigned = {(i.id, UNASSIGNED) for i in plan.items if not i.sections}
    sections = {norm.nfkc(s): s for s in (*plan.sections, UNASSIGNED)}  # 「ＤＸ推進課」 typed over is 「DX推進課」
    seen: dict[tuple[str, str], str] = {}  # the rows read: (ID, 担当課) → the cell of its ID

    def key(row: list[object]) -> tuple[str, str]:
        id_ = plan.item_id_of(norm.item_number(norm.raw_text(_cell(row, columns["id"])) or ""))  # 「1ー3」: 1-1-3
        typed = (norm.raw_text(_cell(row, columns["section"])) or "").strip()
        return id_, sections.get(norm.nfkc(typed), typed)

    def known(id_: str, section: str) -> bool:
        return (id_ in items and section in plan.sections) or (id_, section) in unassigned

    without_id: list[tuple[str, dict]] = []  # rows without an ID where something was typed: said at the end (A012)
    unsaid: list[int] = []  # such rows beyond ROWS_REPORTED: counted on the last A012
    ended: list[tuple[tuple, dict]] = []  # words on the rows of ended items: said at the end (A011)
    stray: list[int] = []  # rows neither known nor read once: each said up to ROWS_REPORTED, the rest counted (A009)
    for r in range(header + 1, len(rows)):
        row = rows[r]
        id_, section = key(row)
        if not id_:  # a row inserted to write in: what was typed there is said, not lost without a word (A012)
            typed = [(columns[c.key], f"「{c.label}」") for c in own
                     if c.input and not norm.is_blank(_cell(row, columns[c.key]))]
            typed = typed or _noted(row, index, columns, plan)  # a note below the table, under no input (B: 改革項目)
            if typed and len(without_id) >= ROWS_REPORTED:  # (said as a count on the last one said)
                unsaid.append(r)
            elif typed:
                without_id.append((a1(r, typed[0][0]), {
                    "row": r + 1, "label": "・".join(label for _c, label in typed), "item": plan.words.item,
                    "raw": norm.raw_text(_cell(row, typed[0][0]))}))
            continue
        if not known(id_, section) or (id_, section) in seen:
            stray.append(r)
            if len(stray) > ROWS_REPORTED:
                continue
            if not known(id_, section):  # (an ID no item has: as typed, 「1ー9」 too)
                typed = norm.nfkc(norm.raw_text(_cell(row, columns["id"])) or "").strip()
                report(Msg.REVIEW_ROW_UNKNOWN, a1(r, columns["id"]), id=norm.quoted(plan.item_number(id_) if id_ in items else typed),
                       section=norm.quoted(section) or "（空欄）",
                       year=format_fiscal_year(year), item=plan.words.item)
            else:
                report(Msg.REVIEW_ROW_TWICE, a1(r, columns["id"]), id=plan.item_number(id_), section=section,
                       first=seen[(id_, section)])
            continue
        seen[(id_, section)] = a1(r, columns["id"])
        if id_ in items and plan.item(id_).end < year:  # the block of items that ended last year
            _ended_row(plan, year, row, r, id_, section, columns, lambda *a, **k: ended.append((a, k)))
            continue
        _read_row(plan, year, file, row, r, id_, section, columns, special, report, answers, sheet.get("masked", {}))
    if len(stray) > ROWS_REPORTED:  # 100,000 pasted rows: 20 said, not 100,000 lines in the 受付結果
        more = stray[ROWS_REPORTED:]
        report(Msg.REVIEW_MORE_ROWS, a1(more[0], columns["id"]), item=plan.words.item, count=f"{len(more):,}",
               first=more[0] + 1, last=more[-1] + 1)
    # rows of the sheet above its header (a sort that took the header along), said once (A008), not as missing
    above: dict[tuple[str, str], int] = {}
    for r in range(header):
        found = key(rows[r])
        if known(*found) and found not in seen and found not in above:
            above[found] = r
    if above:
        at = sorted(above.values())
        report(Msg.REVIEW_ROWS_ABOVE_HEADER, a1(header, columns["id"]), ids=_listed(plan, list(above)),
               header=header + 1, rows=_row_span(at), first=at[0] + 1)
    # the newest sheet replaces the whole evaluation: a row merge wrote that is not there would erase what the
    # ledger holds for it without a word (A007, the file is not read; the rows a section answered off the plan
    # are not known here)
    missing = [k for k in written_rows(plan, year) if k not in seen and k not in above]
    if missing:
        report(Msg.REVIEW_ROWS_MISSING, a1(header, columns["id"]), rows=_listed(plan, missing))
    # (「ほかの行は読みました」 only when no error here keeps the sheet from being read: A007 beside it, nothing is)
    read = "" if any(p.severity is Severity.ERROR for p in problems) else "（ほかの行は読みました）"
    for args, params in ended:
        report(*args, read=read, **params)
    for n, (cell, params) in enumerate(without_id, 1):
        more = (f"このほかにも、ID のない行への記入が {len(unsaid):,} 行（{unsaid[0] + 1}～{unsaid[-1] + 1} 行目の間）"
                "あります。") if unsaid and n == len(without_id) else ""
        report(Msg.REVIEW_INPUT_WITHOUT_ID, cell, read=read, more=more, **params)
    # a sheet the office added or copied (「推進室評価 (2)」 filled in, the original left as merge wrote it): only
    # 「推進室評価」 is read — what was typed elsewhere is said (A013), not lost without a word
    for other, cells in raw.get("unread", {}).items():
        hidden = "（非表示のシートです。シート見出しを右クリックして「再表示」で表示できます）" if other in raw.get("hidden", ()) else ""
        problems.append(problem(Msg.REVIEW_OTHER_SHEET, file=file, sheet=other, found=norm.quoted(other),
                                cells=f"{cells:,}", name=name, hidden=hidden))
    return problems, answers


def written_rows(plan: Plan, year: int) -> list[tuple[str, str]]:
    """The (ID, 担当課) rows merge always writes on ``year``'s sheet: each item active that year with each of
    its sections (担当課未定 for an item with none), as the 改革項目一覧 lists them."""
    return [(i.id, s) for i in plan.items if i.active_in(year) for s in (i.sections or (UNASSIGNED,))]


ROWS_NAMED = 5  # rows named in A007 / A008; the rest counted
ROWS_REPORTED = 20  # rows with a problem of their own (A002, A006) reported one by one; the rest in one A009


def _listed(plan: Plan, rows: list[tuple[str, str]]) -> str:
    """「1-1-1（DX推進課）・2-1-1（DX推進課） ほか 3 行」 (the items' numbers as shown: :meth:`Plan.item_number`)."""
    named = "・".join(f"{plan.item_number(id_)}（{section}）" for id_, section in rows[:ROWS_NAMED])
    return named + (f" ほか {len(rows) - ROWS_NAMED} 行" if len(rows) > ROWS_NAMED else "")


def _row_span(rows: list[int]) -> str:
    """0-based rows as the office reads them: 「4～7」 when they follow on, else 「4・6」."""
    if len(rows) > 1 and rows == list(range(rows[0], rows[-1] + 1)):
        return f"{rows[0] + 1}～{rows[-1] + 1}"
    return "・".join(str(r + 1) for r in rows)


def in_review_words(problems: list[Problem], year: int) -> list[Problem]:
    """The problems of a 推進室評価シート merged in ``year``, those a 調査票 shares (another year, another revision
    of the plan, saved as .ods) said of the office's sheet (:data:`reform_xlsx.messages.REVIEW_WORDING`)."""
    return [review_worded(p, outputs.review(year)) for p in problems]


def _printed(plan: Plan, year: int, key: str) -> str:
    """Where the office's words in column ``key`` are printed, each answer under its item alone (V030 in the office's
    words): the 会議資料's 二次評価・意見 (:mod:`reform_xlsx.report.reviews`), the 公表用 for the committee's opinion and
    the 対応方針, and next year's 調査票 of the section (its 意見への対応: :func:`reform_xlsx.form.content.opinions_text`)."""
    printed = "会議資料・公表用" if key in ("committee_opinion", "policy") else "会議資料"
    return printed + ("と、翌年度の各課の調査票（意見への対応）" if year < plan.end_year else "")


def _noted(row: list[object], index: dict[str, int], columns: dict[str, int | None],
           plan: Plan) -> list[tuple[int, str]]:
    """The first cell of a row without an ID that holds something outside the input columns (a note typed below the
    table under 改革項目, or past the table), as (column, 「its heading」 or 「M 列」); none for the line merge writes
    above the ended items' rows (:data:`layout.REVIEW_ENDED_HEADING_MARK`)."""
    own = layout.review_columns(plan.words)
    headings = {c: label for label, c in index.items()}
    inputs = {columns.get(c.key) for c in own if c.input}
    for c, value in enumerate(row):
        if c in inputs or c == columns["id"] or norm.is_blank(_cell(row, c)):
            continue
        if isinstance(value, str) and _ended_heading(value):
            continue
        label = next((o.label for o in own if layout.normalise_label(o.label) == headings.get(c)), None) \
            or headings.get(c)
        return [(c, f"「{label}」" if label else f"{a1(0, c).rstrip('0123456789')} 列")]
    return []


def _ended_heading(text: str) -> bool:
    """Whether ``text`` is the line merge writes above the ended items' rows: 「【終了した改革項目】…」, or as sheets
    written before it lost its year began (「【令和7年度で終了した改革項目】…」: a sheet written by the tool before an
    update, read after it)."""
    mark = layout.REVIEW_ENDED_HEADING_MARK
    return text.startswith(mark) or (text.startswith(mark[0]) and mark[1:] in text.partition("】")[0])


def _cell(row: list[object], c: int | None) -> object:
    if c is None or c >= len(row):
        return None
    value = row[c]
    return None if value == "" else value


def _ended_row(plan: Plan, year: int, row: list[object], r: int, id_: str, section: str,
               columns: dict[str, int | None], report) -> None:
    """A row of an item that ended before ``year`` (the sheet shows the section's 意見への対応 to last year's word
    on it, and asks nothing): nothing is read; a word typed into it (the sheet unprotected) is said, not lost
    silently (A011)."""
    for column in layout.REVIEW_COLUMNS:
        c = columns.get(column.key) if column.input else None
        if c is not None and not norm.is_blank(_cell(row, c)):
            item = plan.item(id_)
            report(Msg.REVIEW_ENDED_ROW_WORD, a1(r, c), (id_, column.key), id=plan.item_number(id_),
                   section=section,
                   ended=format_fiscal_year(item.end), item=plan.words.item, fy=format_fiscal_year(year),
                   raw=norm.raw_text(_cell(row, c)))


def _read_row(plan: Plan, year: int, file: str, row: list[object], r: int, id_: str, section: str,
              columns: dict[str, int | None], special: dict, report, answers: list[Answer],
              masked: dict[str, tuple[str, str, str]] | None = None) -> None:
    def answer(field: str, value: object, raw: str | None, cell: str) -> None:
        answers.append(Answer(year, section, KIND, id_, field, value, raw, file, layout.SHEET_REVIEW, cell))

    shown = _cell(row, columns["grade"])
    sheet_grade = norm.parse_grade(shown, plan.grades) if shown is not None else None
    if columns["grade"] is not None:
        answer(SHEET_GRADE, sheet_grade, norm.raw_text(shown), a1(r, columns["grade"]))
    values: dict[str, object] = {}
    for column in layout.REVIEW_COLUMNS:
        if not column.input or column.key not in columns:  # the committee's, of a plan without one
            continue
        c = columns[column.key]
        value, cell, at = _cell(row, c), a1(r, c), (id_, column.key)
        kind, text = special.get(cell, ("", ""))
        if kind == "formula":
            report(Msg.INTAKE_FORMULA_IN_INPUT, cell, at, formula=text, advice=norm.formula_advice(text))
            answer(column.key, None, text, cell)
            continue
        if kind == "error":
            report(Msg.INTAKE_CELL_ERROR, cell, at, raw=text)
            answer(column.key, None, text, cell)
            continue
        if kind == "malformed":
            report(Msg.INTAKE_CELL_MALFORMED, cell, at, detail=text)
            answer(column.key, None, None, cell)
            continue
        if kind == "rich":  # a picture placed in the cell, a data type
            params, shown = norm.rich_value(str(text))
            report(Msg.INTAKE_CELL_RICH_VALUE, cell, at, **params)
            answer(column.key, None, shown, cell)
            continue
        if kind == "too_long":
            report(Msg.INTAKE_TEXT_TOO_LONG, cell, at, length=f"{text:,}")
            answer(column.key, None, norm.raw_text(value), cell)
            continue
        if masked and cell in masked:  # 「;;;」: printed blank for the meeting, not what the office saw (F042)
            raw = report_shown_otherwise(lambda msg, _sheet, at_cell, **params: report(msg, at_cell, **params),
                                         layout.SHEET_REVIEW, cell, value, *masked[cell], at=at)
            answer(column.key, None, raw, cell)
            continue
        if column.key == "review_grade":
            code = norm.parse_grade(value, plan.grades) if not norm.is_blank(value) else None
            if code is None and not norm.is_blank(value):
                report(Msg.REVIEW_GRADE_INVALID, cell, at, raw=norm.raw_text(value),
                       zero=norm.typed_zero(value, plan.grades), choices="・".join(g.display for g in plan.grades))
            values[column.key] = code
            answer(column.key, code, norm.raw_text(value), cell)
        else:
            outcome = norm.normalise_text(value)
            if outcome.msg is not None:  # cut at Excel's limit when saved (V022): as on a 調査票
                report(outcome.msg, cell, at, **outcome.params)
            elif isinstance(outcome.value, str) and points_elsewhere(outcome.value):  # 「同上」 alone (V030)
                report(Msg.INTAKE_POINTS_ELSEWHERE, cell, at, label=layout.review_label(column.key, plan.words),
                       raw=outcome.value, item=plan.words.item, printed=_printed(plan, year, column.key))
            values[column.key] = outcome.value
            answer(column.key, outcome.value, norm.raw_text(value), cell)
    review = values.get("review_grade")
    if review and sheet_grade and review != sheet_grade and not values.get("office_comment"):
        c = columns["office_comment"]
        report(Msg.REVIEW_DIFFERS_UNEXPLAINED, a1(r, c), (id_, "office_comment"), id=plan.item_number(id_),
               section=section,
               review=plan.grade(review).display, grade=plan.grade(sheet_grade).display)
