"""The 「記入要領」 sheet: purpose, steps, grade definitions, 記入例, deadline, contact, glossary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xlsxwriter.worksheet import Worksheet

from reform_xlsx.form import layout
from reform_xlsx.form.content import SheetContent
from reform_xlsx.plan.model import THIS_YEAR_MARK, Plan, Words
from reform_xlsx.templates.changes import changes_text
from reform_xlsx.wareki import format_fiscal_year, japanese_date, japanese_month, parse_date
from reform_xlsx.xlsx.sizing import header_lines, line_capacity, row_height
from reform_xlsx.xlsx.style import NUMBER_FORMATS, PROTECT_OPTIONS, Styles, page_rows_height

# Columns: A margin, B labels, C–F text (C–F also hold the 記入例 row, as wide as the real inputs).
WIDTHS = (2, 20, 18, 40, 36, 18)  # B: 「提出先・問い合わせ」「記入例（取組状況）」 with room to spare
PADDING = 2.5  # points above and below a line of guide text
DEFAULT_ROW_HEIGHT = 15.0  # a row the guide gives no height
TEXT_FIRST, TEXT_LAST = 2, 5
TEXT_WIDTH = sum(WIDTHS[TEXT_FIRST:TEXT_LAST + 1])
NO_DEADLINE = "（取りまとめ課からの通知をご確認ください）"
# Where a page after the first may start when the one before runs over (the label in B of the section's first row),
# and the least share of a page the last page then keeps (no page of one glossary term and the credit line).
SECTION_LABELS = ("差し戻しになる入力", "記入例（取組状況）", "用語解説")
LAST_PAGE_LEAST = 0.25


def as_deadline(deadline: dt.date | str | None) -> dt.date | None:
    """The 提出期限 as a date: a date, or a text such as 「2026-05-29」「令和8年5月29日」 (None or blank: none).
    Raises :class:`~reform_xlsx.wareki.FiscalYearError` for a text that is not a day (2026-02-30)."""
    if deadline is None or isinstance(deadline, dt.date):
        return deadline
    return parse_date(deadline) if deadline.strip() else None


def deadline_text(deadline: dt.date | str | None) -> str:
    """「2026-05-29」 or a date → 「令和8年5月29日（金）」; none → a line saying the office will tell."""
    day = as_deadline(deadline)
    return japanese_date(day, weekday=True) if day is not None else NO_DEADLINE


def published_responses(words: Words) -> str:
    """Which answers on 「意見への対応」 公表用 carries (those to the committee's opinion or a 対応方針: not those to
    the office's comment or the headquarters' remarks alone), as the sheet and the 記入要領 say it."""
    published = f"{words.committee_role}意見か対応方針" if words.has_committee else "対応方針"
    return f"{published}のある項目の「{layout.SHEET_RESPONSES}」は、公表用の資料にも載ります。"


def responses_step(words: Words, year: int) -> str:
    """The step of 「記入の手順」 for the sheet 「意見への対応」 (from the plan's second year)."""
    committee = f"{words.committee_role}・" if words.has_committee else ""
    return (f"「{layout.SHEET_RESPONSES}」シートには、{format_fiscal_year(year - 1)}の進捗状況に対する{words.office}の"
            f"二次評価と、{committee}{words.headquarters_meeting}・{words.office}の意見、対応方針のある{words.item}が"
            f"載っています（灰色）。黄色の「{layout.SHEET_RESPONSES}」に、{format_fiscal_year(year)}にどう対応したか"
            "（対応の内容・時期・予定）を項目ごとに入力します。空欄のまま提出しても差し戻しにはなりませんが、"
            f"{words.office}から記入をお願いすることがあります。{published_responses(words)}")


def steps(words: Words, year: int, has_kpi: bool, has_history: bool, has_marker: bool = False,
          measured: bool = False, has_phases: bool = False, resubmit: bool = False,
          has_responses: bool = False, other_units: str = "") -> list[str]:
    """The numbered steps of 「記入の手順」 (``year``: the year the template asks about; ``measured``:
    the section reports a KPI without a baseline in the plan; ``has_phases``: the plan gives the years
    of the 主な取組 of some item; ``resubmit``: a 差し戻し copy, sent back by its 再提出期限; ``has_responses``:
    the form has the sheet 「意見への対応」; ``other_units``: the KPIs whose earlier 実績値 are in a unit a revision has
    since changed, 「K12 枚 → 千枚」)."""
    fy = format_fiscal_year(year)
    items = [
        f"「{layout.SHEET_ITEMS}」シートで、{words.item}ごとに黄色のセルに入力します。灰色のセルは計画の内容です（変更できません）。"
        "白黒で印刷すると、黄色のセルはほぼ白に、灰色のセルはそれより濃い灰色になります。",
        "「進捗状況」は、セルを選ぶと右に出る ▼ から、下の「進捗状況の区分」に当てはまるものを選びます。",
        f"「取組実績」には{fy}に実施した内容と実績を、「課題・今後の方針」には課題と{format_fiscal_year(year + 1)}以降の"
        "方針を、「同上」「前年度と同じ」とせず具体的に（いつ・何を・どれだけ）書きます。セル内の改行は Alt+Enter（Excel）、Ctrl+Enter（LibreOffice）です。"
        "行が広がらないときは行の境界をダブルクリックします。",
        "「財政効果額（円）」は、取組による歳入の増加・歳出の削減の額が分かる場合に、円単位の数字で入力します（任意）。",
        "「実施時期」は、計画でその項目に取り組む期間です。",
    ]
    if has_phases:
        items[-1] += (f"主な取組ごとの年度と段階（検討・実施など）が示されている項目は、{THIS_YEAR_MARK} の付いた行が"
                      f"{format_fiscal_year(year)}に予定している取組です。")
    if has_marker:
        items[-1] += ("計画書の工程表には年度ごとの段階（①②…）が示されている項目もありますが、この調査票には"
                      "載せていません（計画の文書から年度ごとの段階を読み取れないため）。段階は計画書でご確認ください。")
    if has_kpi:
        items.append(f"「{layout.SHEET_KPI}」シートで、{fy}の「実績値」と「算出根拠・備考」を入力します。割合（%）の指標は"
                     "「82.5%」のように % を付けて、件数・金額の指標は数字だけ（単位なし）を入力します。"
                     "「年度目標値」の ※ の付いた値は、計画に年度ごとの目標がないため、基準値から目標値までを年数で"
                     "按分した参考の値です（参考（按分）。計画の目標ではありません。表示は指標の単位に丸めています）。")
    if measured:
        items.append("「基準値」が空欄の KPI は、計画に基準値がなく、最初に報告された年度の実績値を基準値とする指標です"
                     "（その年度は「年度目標値」も空欄です）。実績値を入力してください。次の年度からは、その実績値を"
                     "「基準値」に「118＊」のように ＊ を付けて示し、「年度目標値」はそれを基準に按分した値です"
                     "（会議資料の判定と同じ値）。")
    if has_history:
        items.append("灰色の「令和○年度 …」の列は前年度の回答・意見です（参考）。印刷に収まらない長い文は途中までとし"
                     "「…（以下略、全 n 字。全文はこのセルのメモに）」と示します（メモはポインターを合わせると出ます。印刷されません）。")
    if other_units:
        items.append(f"前年度までの実績値に単位が付いている KPI（{other_units}）は、計画の改訂で単位を改める前に、その単位で"
                     "報告された値です（換算していません）。今年度の実績値は「単位」欄の単位で入力してください。"
                     + ("計画に基準値がない指標の「基準値」は、今の単位で最初に報告された実績値です。" if measured else ""))
    if has_responses:
        items.append(responses_step(words, year))
    items += [
        "「担当課」欄は、その項目を一緒に担当するほかの課です（「関係課」は計画で関係課とされているもの）。"
        "ほかの課がない項目は「（単独）」です。共同で担当する項目は、この課の取組について記入してください。",
        "行や列の追加・削除、シート名の変更はしないでください。シートは入力ミスを防ぐために保護しています"
        "（パスワードはありません。保護は解除しないでください）。行の高さは変えられます。",
        f"Excel 形式（.xlsx）のまま保存し、{'再提出期限' if resubmit else '提出期限'}までに提出先へ送ってください。"
        "ファイル名は変えても構いません。",
    ]
    return [f"{n}. {text}" for n, text in enumerate(items, start=1)]


def other_units_text(plan: Plan, sheets) -> str:
    """「K12 枚 → 千枚」 for each KPI row whose earlier 実績値 the form shows in a unit a revision has since changed."""
    changes = {f"{row.id} {plan.kpi(row.id).measure_change(then)}": None
               for s in sheets for row in s.rows for then in row.measures.values()}
    return "、".join(changes)


def purpose(plan: Plan, fy: str) -> str:
    """「目的」: what the 調査票 is for and where the answers go, in the plan's words."""
    text = (f"「{plan.name}」に基づく{fy}の取組状況を、{plan.words.item}ごとに確認するための調査票です。"
            f"各課の回答は{plan.office}で取りまとめて{plan.headquarters}に報告し、")
    if plan.words.has_committee:
        text += f"{plan.committee}の意見を聴いて、"
    return text + "結果を公表します。"


def grade_text(display: str) -> str:
    """A grade as the guide's narrow column shows it: a long one broken at a natural point
    (「B 一部実施\n（遅れあり）」), never in the middle of a word."""
    return header_lines(display, line_capacity(WIDTHS[TEXT_FIRST]) - 1)


def grade_definition(grade, year: int) -> str:
    """The plan's definition of a grade with its 「今年度」 said as the year (「令和8年度」)."""
    return grade.definition.replace("今年度", format_fiscal_year(year))


def behind_text(plan: Plan, codes: bool = False) -> str:
    """The plan's ``behind`` grades as the guide and the input prompts name them: 「「C 遅れ」「D 未着手」」 (``codes``:
    「「C」「D」」, in a prompt too short for the names: :func:`reform_xlsx.templates.validation.fitted`)."""
    return "".join(f"「{g.code if codes else g.display}」" for g in plan.grades if g.behind)


@dataclass(frozen=True)
class Rule:
    """One check merge makes as an error (the file goes back), in the words of the 記入要領."""

    term: str  # what it is about (the guide's left column)
    text: str
    codes: tuple[str, ...]  # the catalogue's error codes for a breach
    columns: tuple[str, ...] = ()  # the input columns whose input prompt says it too


_NOT_A_DATE = "「1/2」などは日付になり読めません。"  # V024 (財政効果額 and 実績値)


_BELOW_ZERO = "（基準値・目標値がマイナスの指標はマイナスも）"  # Kpi.below_zero: a 収支 of −50,000千円 → 0


def error_rules(plan: Plan, has_kpi: bool, below_zero: bool | None = None) -> list[Rule]:
    """Every error merge reports about what a section types (validate.py, normalise.py, officer.py), for the
    記入要領's 「差し戻しになる入力」 (warnings are not listed: they do not send the file back). ``below_zero``: the
    section reports a KPI that takes a minus (:attr:`Kpi.below_zero`; None: any of the plan's)."""
    if below_zero is None:
        below_zero = any(k.below_zero for k in plan.kpis)
    grade, result, plan_next = (layout.item_label(k) for k in ("grade", "result", "plan_next"))
    rules = [Rule(grade, "必須です。空欄にせず、▼ の一覧から選びます。", ("V001", "V002"), ("grade",))]
    if behind_text(plan):  # a plan without behind grades has no V014
        rules.append(Rule(f"{result}\n{plan_next}",
                          f"進捗状況が{behind_text(plan)}のときは、両方とも必須です（遅れている理由と今後の対応を書きます。"
                          f"{plan.words.headquarters_meeting}で取り上げる項目です）。", ("V014",),
                          ("result", "plan_next")))
    rules.append(Rule(layout.item_label("effect_yen"), "0 以上の整数を円単位で（例: 1200000）。費用が増えたときは空欄にし、額と理由は取組実績に。"
                      + ("" if has_kpi else _NOT_A_DATE),  # (said once, beside 実績値, where there is one: the page)
                      ("V006", "V013", "V024"), ("effect_yen",)))
    if has_kpi:
        rules.append(Rule(f"{layout.kpi_label('actual')}（KPI）",
                          "必須です。数値で入力します（確定していなければ見込み値）。割合は 0%～100%、"
                          f"件数・金額は 0 以上です{_BELOW_ZERO if below_zero else ''}。"
                          f"{_NOT_A_DATE}年度目標値（※）は貼り付けません。",
                          ("V002", "V003", "V004", "V013", "V024", "V028"), ("actual",)))
    rules += [
        # (a sentence begun with 「=」「+」「-」 is a formula in Excel — 「=」 in Calc too — and 「@」 starts one in Excel:
        # said here, in the two lines the row has on the longest guide's page 2)
        Rule("すべての入力欄", "数式・エラー値・セル内の画像・データ型は入れません（「=」「+」「-」「@」で始まる文章は"
             "数式になります）。セルの結合、文字の色・表示形式の変更はしません。1セル 32,767 文字未満です。",
             ("V009", "V010", "V012", "V022", "V026", "V027", "S014", "F042", "F043", "F044")),
        Rule("行・列・シート", "行の削除・コピー、ID・見出し・シート名の書き換えはしないでください（並べ替えるときは"
             "見出し行を含めません）。ID のない行への入力は読めません。パスワードを付けず、.xlsx で保存します。",
             ("S001", "S002", "S003", "S004", "S005", "S006", "S007", "S008", "S011", "S018", "F002",
              "F005")),
    ]
    return rules


RULES_INTRO = "次のどれかに当てはまると、調査票を受け付けられず差し戻します（直して再提出していただきます）。"


class _Cursor:
    """Writes the guide top to bottom, one row at a time."""

    def __init__(self, sheet: Worksheet, styles: Styles) -> None:
        self.sheet, self.styles, self.row = sheet, styles, 0
        self.heights: dict[int, float] = {}  # each row's height as set (points)
        self.sections: list[int] = []  # rows that start a section a page may begin with (SECTION_LABELS)

    def label(self, label: str) -> None:
        """Write a row's label in B (a section's label marks where a later page may start)."""
        self.sheet.write_string(self.row, 1, label, self.styles.locked())
        if label in SECTION_LABELS:
            self.sections.append(self.row)

    def set_row(self, row: int, height: float) -> None:
        self.sheet.set_row(row, height)
        self.heights[row] = height

    def first_page_break(self) -> int:
        """Where page 2 starts: at the grade definitions (the next row), or — when the steps are more than the
        first page holds (a form with 「意見への対応」, the history and phases) — at the first row that does not fit,
        the steps going on above the grade definitions (never a page of one leftover step)."""
        used, capacity = 0.0, page_rows_height(WIDTHS)
        for row in range(self.row):
            used += self.heights.get(row, DEFAULT_ROW_HEIGHT)
            if used > capacity and row > 0:
                return row
        return self.row

    def page_breaks(self, first: int) -> list[int]:
        """``first`` (:meth:`first_page_break`, taken after the steps), then — where the rows after it are more than
        a page holds (a later year's form whose 「計画の見直し」 pushed steps onto page 2) — a break at the start of the
        last section that begins on the page that runs over and leaves the rest at least :data:`LAST_PAGE_LEAST` of
        a page (else the last such section; a row when no section begins there)."""
        capacity = page_rows_height(WIDTHS)

        def height(row: int) -> float:
            return self.heights.get(row, DEFAULT_ROW_HEIGHT)

        breaks = [first]
        while True:
            start, used = breaks[-1], 0.0
            over = next((row for row in range(start, self.row)
                         if (used := used + height(row)) > capacity and row > start), None)
            if over is None:
                return breaks
            places = [s for s in self.sections if start < s <= over]
            fair = [s for s in places if sum(height(r) for r in range(s, self.row)) >= capacity * LAST_PAGE_LEAST]
            breaks.append(max(fair or places or [over]))

    def text(self, label: str, text: str, bold: bool = False) -> None:
        if label:
            self.label(label)
        self.sheet.merge_range(self.row, TEXT_FIRST, self.row, TEXT_LAST, text, self.styles.plain(bold=bold))
        self.set_row(self.row, row_height([(text, TEXT_WIDTH)], padding=PADDING))
        self.row += 1

    def term(self, label: str, term: str, text: str) -> None:
        """A row of a two-part list (grade or glossary term in C, its text in D–F)."""
        if label:
            self.label(label)
        self.sheet.write_string(self.row, TEXT_FIRST, term, self.styles.plain(bold=True))
        self.sheet.merge_range(self.row, TEXT_FIRST + 1, self.row, TEXT_LAST, text, self.styles.plain())
        self.set_row(self.row, row_height([(term, WIDTHS[TEXT_FIRST]),
                                           (text, TEXT_WIDTH - WIDTHS[TEXT_FIRST])], padding=PADDING))
        self.row += 1

    def gap(self) -> None:
        self.set_row(self.row, 8)
        self.row += 1


def _example_rows(cursor: _Cursor, label: str, cells: list[tuple[str, object, str | None]]) -> None:
    """A 記入例 table: input header labels, then one row of example answers (locked, pale yellow)."""
    sheet, styles = cursor.sheet, cursor.styles
    cursor.label(label)
    for c, (header, _, _) in enumerate(cells, start=TEXT_FIRST):
        sheet.write_string(cursor.row, c, header, styles.form_header(input=True))
    sheet.set_row(cursor.row, row_height([(h, WIDTHS[c]) for c, (h, _, _) in enumerate(cells, start=TEXT_FIRST)]))
    cursor.row += 1
    for c, (_, value, num_format) in enumerate(cells, start=TEXT_FIRST):
        fmt = styles.input(num_format, wrap=num_format is None, locked=True)
        if isinstance(value, (int, float)):
            sheet.write_number(cursor.row, c, value, fmt)
        else:
            sheet.write_string(cursor.row, c, value, fmt)
    sheet.set_row(cursor.row, row_height([(v, WIDTHS[c]) for c, (_, v, n) in enumerate(cells, start=TEXT_FIRST)
                                          if n is None]))
    cursor.row += 1


def write_guide(sheet: Worksheet, styles: Styles, plan: Plan, year: int, section: str,
                sheets: tuple[SheetContent, ...], *, deadline: dt.date | None = None,
                contact: str | None = None, resubmit_by: dt.date | None = None, previous: Plan | None = None) -> None:
    """``resubmit_by``: a 差し戻し copy's 再提出期限, shown in place of the 提出期限; ``previous``: the plan in force
    the year before, for 「計画の見直し」 (what changed on the form since last year's)."""
    for c, width in enumerate(WIDTHS):
        sheet.set_column(c, c, width)
    fy = format_fiscal_year(year)
    items = plan.items_for(section, year)
    has_kpi = any(s.name == layout.SHEET_KPI for s in sheets)
    has_history = any("." in c.key for s in sheets for c in s.columns)
    cursor = _Cursor(sheet, styles)
    sheet.merge_range(0, 1, 0, TEXT_LAST, f"{fy} {plan.words.survey}　記入要領", styles.form_title())
    cursor.set_row(0, 26)
    sheet.merge_range(1, 1, 1, TEXT_LAST, f"課名: {section}", styles.get(bold=True, font_size=12))
    cursor.set_row(1, 20)
    cursor.row = 2
    cursor.gap()
    cursor.text("目的", purpose(plan, fy))
    if resubmit_by is not None:
        cursor.text("再提出期限", japanese_date(resubmit_by, weekday=True), bold=True)
    else:
        cursor.text("提出期限", deadline_text(deadline), bold=True)
    cursor.text("提出先・問い合わせ", contact.strip() if contact and contact.strip() else f"{plan.office}（取りまとめ課）")
    kpis = plan.kpis_for(section, year)
    contents = (f"「{layout.SHEET_ITEMS}」シート: この課が担当する{plan.words.item} {len(items)} 件" if items else
                f"「{layout.SHEET_ITEMS}」シート: {fy}にこの課が担当する{plan.words.item}はありません（回答者の欄だけ記入します）")
    contents += f"\n「{layout.SHEET_KPI}」シート: この課が報告する KPI {len(kpis)} 件" if kpis else \
        "\n（この課が報告する KPI はないため、「KPI」シートはありません）"
    responses = next((s for s in sheets if s.name == layout.SHEET_RESPONSES), None)
    if responses is not None:
        contents += (f"\n「{layout.SHEET_RESPONSES}」シート: {format_fiscal_year(year - 1)}の二次評価・意見・対応方針に"
                     f"対応を記入する{plan.words.item} {len(responses.rows)} 件")
    cursor.text("この調査票の内容", contents)
    responding = frozenset(r.id for r in responses.rows) if responses is not None else frozenset()
    changed = changes_text(previous, plan, year, section, responding) if previous is not None else None
    if changed:
        cursor.text("計画の見直し", changed)
    cursor.gap()
    measured = any(k.measured_from_first_year for k in kpis)
    for n, step in enumerate(steps(plan.words, year, has_kpi, has_history,
                                   any(i.marker is not None and not i.phases for i in items), measured,
                                   any(i.phases for i in items), resubmit=resubmit_by is not None,
                                   has_responses=responses is not None, other_units=other_units_text(plan, sheets))):
        cursor.text("記入の手順" if n == 0 else "", step)
    first_break = cursor.first_page_break()  # page 2: grades, 記入例, glossary
    for n, grade in enumerate(plan.grades):
        cursor.term("進捗状況の区分" if n == 0 else "", grade_text(grade.display), grade_definition(grade, year))
    cursor.gap()
    cursor.text("差し戻しになる入力", RULES_INTRO, bold=True)
    for rule in error_rules(plan, has_kpi, any(k.below_zero for k in kpis)):
        cursor.term("", rule.term, rule.text)
    cursor.gap()
    example_grade = grade_text(plan.grades[min(1, len(plan.grades) - 1)].display)
    _example_rows(cursor, "記入例（取組状況）", [
        (layout.item_label("grade"), example_grade, None),
        (layout.item_label("result"), f"（例）オンラインで申請できる手続を12件から20件に増やした（{japanese_month(year, 10)}）。"
                     "窓口に案内チラシを置いた。", None),
        (layout.item_label("plan_next"), f"（例）高齢の方の利用が少ない。{format_fiscal_year(year + 1)}は出張説明会を開いて周知する。", None),
        (layout.item_label("effect_yen"), 1200000, NUMBER_FORMATS["yen"]),
    ])
    if has_kpi:
        cursor.gap()
        _example_rows(cursor, "記入例（KPI）", [
            (layout.kpi_label("actual"), 0.825, NUMBER_FORMATS["rate"]),
            (layout.kpi_label("note"), f"（例）{japanese_month(year + 1, 3)}末の件数 ÷ 対象数（〇〇台帳）で算出。", None),
        ])
        cursor.text("", "割合（%）の指標は「82.5%」と入力すると上のように表示されます。"
                        "件数・金額の指標は数字だけ（例: 70、180000000）を入力します。")
    terms = plan.glossary_for(items)
    if terms:
        cursor.gap()
        for n, term in enumerate(terms):
            cursor.term("用語解説" if n == 0 else "", term.term, term.text)
    cursor.gap()
    cursor.text("", f"この調査票は {plan.office} が reform_xlsx で作成しました（様式 第{layout.FORMAT_VERSION}版、"
                    f"計画 {plan.id} {plan.version}）。")
    sheet.set_h_pagebreaks(cursor.page_breaks(first_break))
    sheet.protect("", PROTECT_OPTIONS)
    sheet.hide_gridlines(2)
