"""The entry template's geometry: the one place that knows sheet names, header labels,
which columns are inputs, and the metadata keys.

The template writer, the intake reader, the 差し戻し annotator and the docs all ask this
module. Readers find the header row by the ID label and columns by header label, never by
fixed position (``docs/template-spec.md``). Changing a sheet name, a header label or a
metadata key is a format change: bump :data:`FORMAT_VERSION`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reform_xlsx.plan.model import Words

from reform_xlsx.intake.cells import is_blank, nfkc
from reform_xlsx.wareki import format_fiscal_year, short_fiscal_year, split_fiscal_year_prefix

FORMAT_VERSION = "3"

SHEET_GUIDE = "記入要領"
SHEET_ITEMS = "取組状況"
SHEET_KPI = "KPI"
SHEET_META = "_meta"  # hidden: metadata key/value pairs
SHEET_LISTS = "_lists"  # hidden: drop-down sources (grade scale)

ID_LABEL_ITEMS = "ID"
ID_LABEL_KPI = "KPI ID"

SHEET_RESPONSES = "意見への対応"  # from the second year: last year's 二次評価 and opinions, and the answer to them
SHEET_FEEDBACK_ERRORS = "エラー一覧"  # a 差し戻し copy's first sheet: what to fix (the copy may be sent back as it is)

# Where the writer puts things (readers search instead of relying on these).
TITLE_ROW = 0  # 0-based: the sheet's title (:func:`data_sheet_title`)
REFERENCE_MARK = "※"  # before a 年度目標値 that is a reference (按分), not the plan's own (the form shows it)
RESPONDENT_ROW = 1  # 取組状況: the 回答者欄 (label cells, each value in the cell to its right)
NOTE_ROW = 2  # how to fill it in, one line
HEADER_ROW = 3  # the header labels; data rows follow directly below

# Defined name (workbook scope) of the 進捗状況 drop-down's source range on SHEET_LISTS.
GRADE_LIST_NAME = "GradeList"

# Earlier years' answers shown (locked) beside this year's inputs.
HISTORY_ITEM_KEYS = ("grade", "result")
HISTORY_KPI_KEYS = ("actual",)

# Custom document property names (also the keys of the _meta sheet).
META_FORMAT_VERSION = "reform_xlsx.format_version"
META_PLAN_ID = "reform_xlsx.plan_id"
META_PLAN_VERSION = "reform_xlsx.plan_version"
META_FISCAL_YEAR = "reform_xlsx.fiscal_year"  # "R8"
META_SECTION = "reform_xlsx.section"
META_TEMPLATE_ID = "reform_xlsx.template_id"  # random, one per generated workbook
META_FINGERPRINT = "reform_xlsx.fingerprint"  # sha256 over the locked cells' values
META_CREATED = "reform_xlsx.created"
META_FORM = "reform_xlsx.form"  # which form: FORM_SURVEY (調査票) or FORM_REVIEW (推進室評価シート)
META_DEADLINE = "reform_xlsx.deadline"  # 提出期限 given to `templates` (ISO date, "" when none)
META_CONTACT = "reform_xlsx.contact"  # 提出先・問い合わせ先 given to `templates` ("" when none)
META_LABELS = {  # how messages name them to people
    META_FORMAT_VERSION: "様式の版", META_PLAN_ID: "計画ID", META_PLAN_VERSION: "計画の版",
    META_FISCAL_YEAR: "年度", META_SECTION: "課名", META_TEMPLATE_ID: "調査票ID",
    META_FINGERPRINT: "計画内容の指紋", META_CREATED: "作成日時", META_FORM: "様式の種類",
    META_DEADLINE: "提出期限", META_CONTACT: "問い合わせ先",
}
META_KEYS = (META_FORMAT_VERSION, META_PLAN_ID, META_PLAN_VERSION, META_FISCAL_YEAR,
             META_SECTION, META_TEMPLATE_ID, META_FINGERPRINT, META_CREATED, META_FORM, META_DEADLINE,
             META_CONTACT)
FORM_SURVEY, FORM_REVIEW = "survey", "review"
# Rows of a 差し戻し copy's _meta sheet only (no document property): an input cell the copy holds the text of a
# formula or an error value the section sent in (key, sheet, row ID, column key, kind "formula" | "error", text) —
# sent back with that text unchanged, it is that formula or error still (V009, V012), not an answer.
META_SENT_AS_TEXT = "reform_xlsx.sent_as_text"
# Rows of a 差し戻し copy's _meta sheet only: an input cell marked red because what the section typed could not be
# placed in the copy (a column not found: S004; a row without a known ID: S007, S008) — key, sheet, row ID ("" for the
# whole column), column key, the code, the value the copy wrote there (canonical text, "" for blank), and where it was
# in the file sent. Sent back with every such cell as the copy wrote it, the reader says so (S015).
META_NOT_COPIED = "reform_xlsx.not_copied"
# A row of a 差し戻し copy's _meta sheet only: what its 「エラー一覧」 held as written — key, the sheet's name, how many cells
# hold a value, then the short digests of those values (:func:`reform_xlsx.intake.validate.error_sheet_record`), one
# or more cells of them. A copy sent back with values there the copy did not write (a section's notes) is said (M014).
META_ERROR_SHEET = "reform_xlsx.error_sheet"


@dataclass(frozen=True)
class Column:
    """One column of a data sheet."""

    key: str  # stable English key used in code and in the answers table
    label: str  # header text in the workbook (what readers match on)
    width: float  # Excel column width (characters)
    input: bool = False  # unlocked, pale yellow: the section fills it in
    required: bool = False  # an input that must not be left blank
    wrap: bool = False  # text wraps in the cell


# 取組状況: one row per item (改革項目) the section is named on. Few plan columns, so that the sheet
# prints at 10 pt on A4 (and ≥ 8 pt with the year before's answers beside the inputs). The item
# columns are headed with the plan's word for its items (:func:`item_columns`).
ITEM_COLUMNS: tuple[Column, ...] = (
    Column("id", ID_LABEL_ITEMS, 6.5),
    Column("name", "改革項目", 15, wrap=True),
    Column("content", "推進内容・主な取組", 30, wrap=True),
    Column("schedule", "実施時期", 12, wrap=True),
    Column("sections", "担当課", 11, wrap=True),
    Column("grade", "進捗状況", 16, input=True, required=True),
    Column("result", "取組実績", 30, input=True, wrap=True),
    Column("plan_next", "課題・今後の方針", 24, input=True, wrap=True),
    Column("effect_yen", "財政効果額（円）", 13, input=True),
)

# KPI: one row per KPI the section owns. 基準値 and 目標値 carry the plan's years: see kpi_columns.
KPI_COLUMNS: tuple[Column, ...] = (
    Column("id", ID_LABEL_KPI, 7),
    Column("item", "改革項目", 18, wrap=True),
    Column("name", "指標名", 24, wrap=True),
    Column("unit", "単位", 6, wrap=True),
    Column("direction", "方向", 6),
    Column("baseline", "基準値", 13),
    Column("target", "目標値", 13),
    # as wide as its header's second line, so that it never prints broken in its bracket (「※は参考（按」「分）」)
    Column("year_target", "年度目標値\n※は参考（按分）", 17),
    Column("actual", "実績値", 14, input=True, required=True),
    Column("note", "算出根拠・備考", 36, input=True, wrap=True),
)
_YEAR_LABELLED = ("baseline", "target")


# 回答者欄 (取組状況, row RESPONDENT_ROW): whom the office calls about this return. Label cells with
# the value in the cell to the right; read into the ledger (受付結果, 督促), never published.
RESPONDENT_ID = "回答者"  # the row ID these cells go by (fill_template, 差し戻し copies, answers)
RESPONDENT_COLUMNS: tuple[Column, ...] = (
    Column("person", "担当者", 0, input=True),
    Column("extension", "内線", 0, input=True),
    Column("mail", "メール", 0, input=True),
    Column("head", "所属長確認", 0, input=True),
)

# 意見への対応 (from the plan's second year): one row per item with last year's word on it.
RESPONSE_COLUMN = Column("response", "意見への対応", 40, input=True, wrap=True)
RESPONSE_COLUMNS: tuple[Column, ...] = (
    Column("id", ID_LABEL_ITEMS, 6.5),
    Column("name", "改革項目", 15, wrap=True),
    RESPONSE_COLUMN,
)
# last year's columns on it (locked): history_label(year, label) of these
RESPONSE_HISTORY = (("grade", "進捗状況", 16), ("review_grade", "二次評価", 16), ("opinions", "意見", 40),
                    ("policy", "対応方針", 26))


# 推進室評価シート (written by merge, filled by the office, read back by merge): one row per item and
# section. The section's answer is locked; the office's and the meetings' word are the inputs.
SHEET_REVIEW = "推進室評価"
REVIEW_FORMAT_VERSION = "1"
ID_LABEL_REVIEW = ID_LABEL_ITEMS
REVIEW_GRADE_WIDTH = 16  # 「B 概ね計画どおり」 on one line; a longer grade name wraps
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("id", ID_LABEL_ITEMS, 6.5),
    Column("name", "改革項目", 15, wrap=True),
    Column("section", "担当課", 11, wrap=True),
    Column("grade", "進捗状況（課）", REVIEW_GRADE_WIDTH, wrap=True),
    Column("answer", "取組実績・課題（課）", 30, wrap=True),
    Column("review_grade", "推進室評価", REVIEW_GRADE_WIDTH, input=True),
    Column("office_comment", "推進室コメント", 22, input=True, wrap=True),
    Column("hq_opinion", "本部会議での意見", 22, input=True, wrap=True),
    Column("committee_opinion", "推進委員会意見", 22, input=True, wrap=True),
    Column("policy", "対応方針", 22, input=True, wrap=True),
)
REVIEW_RESPONSE = Column("response", "意見への対応（課）", 24, wrap=True)  # locked; when sections answered
REVIEW_FIELDS = tuple(c.key for c in REVIEW_COLUMNS if c.input)
# how the line above the ended items' rows begins (「【終了した改革項目】令和7年度の意見・対応方針への…」, under the
# 改革項目 column, on a row without an ID): merge's own words, never a note typed there (A012)
REVIEW_ENDED_HEADING_MARK = "【終了した"


def review_label(key: str, words: Words | None = None) -> str:
    """A 推進室評価シート column's header; the committee's of a plan without one (no such column) is the header
    a sheet written before had (「委員会意見」), for what a ledger kept from it."""
    found = next((c.label for c in (*review_columns(words), REVIEW_RESPONSE) if c.key == key), None)
    if found is None and key == "committee_opinion" and words is not None:
        return f"{words.committee_role}意見"
    return found if found is not None else next(c.label for c in REVIEW_COLUMNS if c.key == key)


def respondent_label(key: str) -> str:
    return next(c.label for c in RESPONDENT_COLUMNS if c.key == key)


def response_columns(words: Words | None = None) -> tuple[Column, ...]:
    """意見への対応's own columns, the item column headed with the plan's word for its items."""
    if words is None:
        return RESPONSE_COLUMNS
    return tuple(replace(c, label=words.item) if c.key == "name" else c for c in RESPONSE_COLUMNS)


def review_columns(words: Words | None = None) -> tuple[Column, ...]:
    """The 推進室評価シート's columns, the item column headed with the plan's word for its items and the
    committee's with the kind of body it is (「推進委員会意見」, 「懇話会意見」 …), the headquarters' with
    its meeting (「本部会議での意見」, 「推進会議での意見」); no committee's column for a plan that names no
    committee (``Words.has_committee``)."""
    if words is None:
        return REVIEW_COLUMNS
    named = {"name": words.item, "committee_opinion": f"{words.committee_role}意見",
             "hq_opinion": f"{words.headquarters_meeting}での意見"}
    return tuple(replace(c, label=named[c.key]) if c.key in named else c for c in REVIEW_COLUMNS
                 if c.key != "committee_opinion" or words.has_committee)


COMMITTEE_OPINION_LABEL = "推進委員会意見"  # the committee's column before it took the plan's word (read still)
HQ_OPINION_LABEL = "本部会議での意見"  # the headquarters' column before it took the plan's word (read still)


def item_columns(words: Words | None = None) -> tuple[Column, ...]:
    """取組状況's columns, the item column headed with the plan's word for its items (「改革項目」,
    「取組」 …); :data:`ITEM_COLUMNS` without ``words``."""
    if words is None:
        return ITEM_COLUMNS
    return tuple(replace(c, label=words.item) if c.key == "name" else c for c in ITEM_COLUMNS)


def kpi_columns(baseline_year: int, target_year: int, words: Words | None = None) -> tuple[Column, ...]:
    """The KPI sheet's columns with the plan's years in 「基準値(R6)」 and 「目標値(R12)」 (and the
    plan's word for its items, with ``words``)."""
    years = {"baseline": baseline_year, "target": target_year}
    return tuple(replace(c, label=f"{c.label}({short_fiscal_year(years[c.key])})") if c.key in _YEAR_LABELLED
                 else replace(c, label=words.item) if words is not None and c.key == "item"
                 else c for c in KPI_COLUMNS)


def item_label(key: str) -> str:
    """Header label of a 取組状況 column by key: ``item_label("grade")`` → 「進捗状況」."""
    return next(c.label for c in ITEM_COLUMNS if c.key == key)


def kpi_label(key: str) -> str:
    """Header label of a KPI column by key: ``kpi_label("actual")`` → 「実績値」."""
    if key in _YEAR_LABELLED:
        raise KeyError(f"{key}: its label carries the plan's year; use kpi_columns()")
    return next(c.label for c in KPI_COLUMNS if c.key == key)


def item_input_columns() -> tuple[Column, ...]:
    return tuple(c for c in ITEM_COLUMNS if c.input)


def history_label(year: int, label: str) -> str:
    """Header of an earlier year's answer column (locked, grey): the year on its own line, then the label
    (「令和8年度\n進捗状況」), so that a narrow column never breaks the label mid-word (「進捗状」「況」). Readers
    compare labels without spaces or line breaks (:func:`normalise_label`): a form written before, headed
    「令和8年度 進捗状況」 on one line, reads the same."""
    return f"{format_fiscal_year(year)}\n{label}"


def history_key(year: int, key: str) -> str:
    """Column key of an earlier year's answer: ``history_key(2026, "grade")`` → ``"R8.grade"``."""
    return f"{short_fiscal_year(year)}.{key}"


# A data sheet's title (at TITLE_ROW): the fiscal year, the sheet's title, the section — 「令和8年度 取組状況　市民課」.
SHEET_TITLES = {SHEET_ITEMS: "取組状況", SHEET_KPI: "KPI（重要業績評価指標）", SHEET_RESPONSES: "前年度の評価・意見への対応"}


def data_sheet_title(year: int, sheet: str, section: str) -> str:
    """The title the form's data sheet ``sheet`` carries: 「令和8年度 取組状況　市民課」."""
    return f"{format_fiscal_year(year)} {SHEET_TITLES[sheet]}\u3000{section}"


def title_year_section(sheet: str, title: object) -> tuple[int, str] | None:
    """The fiscal year and the section the title of the data sheet ``sheet`` names (:func:`data_sheet_title`; spaces
    and full-width letters aside, as :func:`normalise_label` reads labels): 「令和8年度 取組状況　市民課」 → ``(2026,
    "市民課")``. None for any other text (a title typed over, another sheet's)."""
    found = split_fiscal_year_prefix(normalise_label(title))
    heading = normalise_label(SHEET_TITLES.get(sheet, ""))
    if not found or not heading or not found[1].startswith(heading) or found[1] == heading:
        return None
    return found[0], found[1][len(heading):]


def parse_history_label(label: object) -> tuple[int, str] | None:
    """「令和8年度\n進捗状況」 (or 「令和8年度 進捗状況」, as forms wrote it before) → ``(2026, "進捗状況")``; None
    for any other label."""
    found = split_fiscal_year_prefix(normalise_label(label))
    return found if found and found[1] else None


def normalise_label(text: object) -> str:
    """How readers compare header labels: NFKC, no spaces or line breaks."""
    if text is None or text == "":
        return ""
    text = str(text)
    return _normalised_label(text) if len(text) <= _LABEL_CACHED else compact_text(text)


_LABEL_CACHED = 100  # labels are short; a long text (an answer) is not kept among them


def compact_text(text: str) -> str:
    """``text`` NFKC, without its spaces and line breaks (:func:`normalise_label`'s comparison; its NFKC remembered
    for the last texts, :func:`~reform_xlsx.intake.cells.nfkc`)."""
    return "".join(nfkc(text).split())


_normalised_label = functools.lru_cache(maxsize=4096)(compact_text)  # every file's headers read the same


def find_header_row(rows: list[list[object]], id_label: str, search_rows: int = 30) -> int | None:
    """Index of the first row (0-based) whose cells include ``id_label``; None when absent."""
    want = normalise_label(id_label)
    for r, row in enumerate(rows[:search_rows]):
        if any(normalise_label(v) == want for v in row):
            return r
    return None


def column_index(header: list[object]) -> dict[str, int]:
    """Map normalised header label → 0-based column index (first occurrence wins)."""
    index: dict[str, int] = {}
    for c, value in enumerate(header):
        label = normalise_label(value)
        if label and label not in index:
            index[label] = c
    return index


def find_respondent_labels(rows: list[list[object]], header_row: int) -> dict[str, tuple[int, int]]:
    """The 回答者欄's label cells above ``header_row``: field key → (row, column), 0-based, the first cell
    reading each label (rows above the header only)."""
    labels = {normalise_label(c.label): c.key for c in RESPONDENT_COLUMNS}
    found: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(rows[:header_row]):
        for c, value in enumerate(row):
            key = labels.get(normalise_label(value))
            if key is not None and key not in found:
                found[key] = (r, c)
    return found


def find_respondent_cells(rows: list[list[object]], header_row: int) -> dict[str, tuple[int, int]]:
    """The 回答者欄's value cells above ``header_row``: field key → (row, column), 0-based. The cell to the right
    of each label, unless it is blank and a cell further right holds something before the next label and within
    the table's width (a column inserted in the table below, the sheet unprotected, moved the value a cell
    right): that cell. The next field's label typed over (「内線」 replaced by the extension, S009) is where it
    was, two cells right: its text is that field's, never this one's."""
    header = rows[header_row] if header_row < len(rows) else []
    width = max((c + 1 for c, v in enumerate(header) if not is_blank(v)), default=0)
    labels = find_respondent_labels(rows, header_row)
    starts = sorted(labels.values())
    keys = [column.key for column in RESPONDENT_COLUMNS]
    found: dict[str, tuple[int, int]] = {}
    for key, (r, c) in labels.items():
        following = keys[keys.index(key) + 1:keys.index(key) + 2]
        lost = [c + 2] if following and following[0] not in labels else []  # (the next label gone: not looked past)
        stop = min([s for row, s in starts if row == r and s > c] + [width] + lost)
        row = rows[r]
        typed = next((v for v in range(c + 1, min(stop, len(row))) if not is_blank(row[v])), c + 1)
        found[key] = (r, typed)
    return found


def unsaved_time(made: str) -> datetime:
    """The save time a template is written with: one second before its 作成日時 (``reform_xlsx.created``). Excel,
    LibreOffice and openpyxl write the time of the save, never before the template was made (not even a fill within
    the same second), so a returned file with this time has not been saved since: a blank form sent back as it came."""
    return datetime.fromisoformat(made) - timedelta(seconds=1)
