"""The plan master's geometry: the one place that knows its sheets, header labels, columns and lists.

The plan master is the whole plan as a workbook the reform office edits (``reform-xlsx plan export``,
``plan import``; ``docs/plan-format.md``). The writer (:mod:`.master_export`) and the reader
(:mod:`.master_import`) both ask this module. The reader finds a sheet by the name recorded in the
hidden 「_meta」 sheet (two sheets are named in the plan's words: 「重点項目・取組区分」「改革項目」), a
header row by its first label, a column by its label and a row by its content — never by position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reform_xlsx.plan.model import GRADE_MARKS, KIND_WORDS, Words
from reform_xlsx.wareki import short_fiscal_year

MASTER_FORMAT = "1"
MARK = "○"  # a yes in a 「○」 column (継続, 関係課, 累計, 報告課は仮, 遅れ, a year of a 主な取組)

# Sheet keys (the 「_meta」 sheet maps each to its name in the workbook).
GUIDE, INFO, LEVELS, ITEMS, ACTIONS, KPIS, SECTIONS, MOVES, GRADES, GLOSSARY = (
    "guide", "info", "levels", "items", "actions", "kpis", "sections", "moves", "grades", "glossary")
SHEET_LISTS, SHEET_META = "_lists", "_meta"
FIXED_NAMES = {GUIDE: "説明", INFO: "計画情報", ACTIONS: "主な取組", KPIS: "KPI", SECTIONS: "担当課",
               MOVES: "組織改正", GRADES: "判定基準", GLOSSARY: "用語解説"}
SHEET_ORDER = (GUIDE, INFO, LEVELS, ITEMS, ACTIONS, KPIS, SECTIONS, MOVES, GRADES, GLOSSARY)
READ_SHEETS = SHEET_ORDER[1:]  # every sheet but the guide

META_FORMAT = "reform_xlsx.plan_master"
META_PLAN_ID = "reform_xlsx.plan_id"
META_PLAN_VERSION = "reform_xlsx.plan_version"
META_DIGEST = "reform_xlsx.plan_digest"
META_EXPORTED = "reform_xlsx.exported"
META_SHEET = "reform_xlsx.sheet."  # + sheet key → its name

# Drop-down lists (workbook-scope defined names).
LIST_SECTIONS, LIST_ITEMS, LIST_KINDS, LIST_DIRECTIONS, LIST_MARK, LIST_YEARS = (
    "SectionList", "ItemList", "KindList", "DirectionList", "MarkList", "YearList")
KINDS = {word: kind for kind, word in KIND_WORDS.items()}  # 種類 as the office says it → the plan file's
DIRECTIONS = ("増加", "減少")
SPARE_ROWS = 30  # blank input rows below the data, with the same drop-downs, for what the office adds
TITLE_ROW, NOTE_ROW = 0, 1  # where the writer puts them; the header row follows the note (the reader searches)


def levels_title(words: Words, two_level: bool = False) -> str:
    """The 階層 sheet's name and title: 「重点項目・取組区分」, or 「基本方針」 alone when it has no 2段目 row (a plan of
    two levels, docs/plan-format.md 「2階層の計画」: no 2段目 word where the plan has none)."""
    return words.area if two_level else f"{words.area}・{words.category}"


def sheet_names(words: Words, two_level: bool = False) -> dict[str, str]:
    """Sheet key → name: two in the plan's words (「重点項目・取組区分」 — 「基本方針」 when ``two_level``: the 階層 sheet has
    only 1段目 rows —, 「改革項目」), each with its level after it where another sheet has that name (:func:`_own_name`)."""
    taken = {name.casefold() for name in (*FIXED_NAMES.values(), SHEET_LISTS, SHEET_META)}
    levels = _own_name(levels_title(words, two_level)[:31], "階層1" if two_level else "階層1・2", taken)
    return {**FIXED_NAMES, LEVELS: levels, ITEMS: _own_name(words.item, "階層3", taken | {levels.casefold()})}


def _own_name(word: str, level: str, taken: set[str]) -> str:
    """``word``, or 「主な取組（階層3）」 where a sheet has its name already (a plan whose items are its 主な取組: Excel,
    case aside, keeps no two sheets of one name; the reader finds each by the name 「_meta」 records)."""
    return f"{word}（{level}）" if word.casefold() in taken else word


@dataclass(frozen=True)
class Column:
    key: str  # the plan file's key the column gives (or a key of the sheet's own)
    label: str  # header (the reader matches it without spaces and line breaks)
    width: float
    required: bool = False  # a row must give it
    kind: str = "text"  # text | int | number | year | mark | kind | direction | section | item | date
    locked: bool = False  # a data row's cell is locked (fixed IDs): new rows below are open
    note: str = ""  # the input message of the cell (what to type)


def info_rows() -> tuple[tuple[str, str, str, str], ...]:
    """計画情報: (key path as dotted text, label, kind, explanation), one row each."""
    return (
        ("plan.id", "計画ID", "text", "計画を見分ける ID（英数字）。変えられません"),
        ("plan.version", "版", "text", "計画の版。改訂したら新しくします（例 2028-04）。調査票は版で見分けます"),
        ("plan.name", "計画名", "text", "表紙・記入要領に出る正式な名前"),
        ("plan.short_name", "略称", "text", "各ページのヘッダーに出る名前"),
        ("plan.city", "市町村", "text", "市町村の名前"),
        ("plan.reform", "改革の名称", "text", "ファイル名・表題（例 行政改革、行財政改革）"),
        ("plan.levels.area", "階層1の呼び名", "text", "計画の1段目の呼び名（例 重点項目、柱）。10文字以内"),
        ("plan.levels.category", "階層2の呼び名", "text", "2段目の呼び名（例 取組区分、施策）"),
        ("plan.levels.item", "階層3の呼び名", "text", "3段目の呼び名（例 改革項目、取組）"),
        ("plan.published", "公表", "text", "公表した年月（例 {published}）"),
        ("plan.period.start", "計画期間の最初の年度", "year", "例 {first}、{first_long}"),
        ("plan.period.end", "計画期間の最後の年度", "year", "例 {last}"),
        ("plan.baseline_year", "基準年度", "year", "KPI の基準値の年度"),
        ("plan.headquarters", "推進本部", "text", "会議資料の宛先（例 {headquarters}）"),
        ("plan.headquarters_note", "推進本部の説明", "text", "本部長・構成員など（任意）"),
        ("plan.committee", "委員会", "text", "意見を聴く委員会（任意）"),
        ("plan.committee_note", "委員会の説明", "text", "（任意）"),
        ("plan.office", "取りまとめ課", "text", "調査票の提出先・差し戻しの署名"),
        ("revision.date", "改訂日", "date", "この版を決めた日（例 {revised}）。改訂のときに書きます"),
        ("revision.effective_year", "適用年度", "year", "この版を使い始める年度（例 {later}）。前の年度は前の版のまま集計します"),
        ("revision.reason", "改訂の理由", "text", "改訂の理由（会議資料と公表用の「計画の見直し」に載ります）"),
    )


INFO_COLUMNS = (Column("label", "項目", 22), Column("value", "値", 50), Column("note", "説明", 60))

LEVEL_COLUMNS = (
    Column("id", "ID", 8, required=True, locked=True,
           note="1段目は「1」、2段目は「1-2」（1段目の番号-2段目の番号）"),
    Column("level", "階層", 12, locked=True),  # shown, not read: the ID says the level
    Column("name", "名称", 44, required=True),
    Column("intro", "説明", 80),
)

ITEM_SECTIONS = 5  # 担当課1 … 担当課5 (more when an item names more): one drop-down each
SECTION_LABEL = "担当課"


ITEM_ID_NOTE = "「1-2-3」（1段目-2段目-番号）。追加する項目は空いている番号で"
# a plan with a 1段目 of two levels (docs/plan-format.md 「2階層の計画」): its items are 「1-3」, as every output numbers them
ITEM_ID_NOTE_TWO_LEVELS = ("「1-3」（1段目-番号。2段目を分ける1段目では「1-2-3」（1段目-2段目-番号））。"
                           "追加する項目は空いている番号で")


# how an item's ID is written, said of one the master cannot read (P044 of the item's row, P013 of a KPI's 項目ID)
ITEM_ID_FORM = ("「1-2-3」（1段目-2段目-番号）の形で書いてください（2段目の行がない1段目の項目は「1-3」（1段目-番号）とも"
                "書けます）。")
ITEM_ID_FORM_TWO_LEVELS = "「1-3」（1段目-番号）の形で書いてください。"


def repeats_its_area(area: Mapping[str, Any]) -> bool:
    """Whether a 1段目 of the plan's data (a plan file's, or the master's as read) has one 2段目, of its own name (spaces
    around either aside): :attr:`~reform_xlsx.plan.model.Area.two_level` before the plan is built — the master shows
    no row for that 2段目 and numbers its items 「1-3」 (docs/plan-format.md 「2階層の計画」)."""
    categories = area["categories"]
    return (isinstance(categories, list) and len(categories) == 1 and
            str(categories[0].get("name") or "").strip() == str(area.get("name") or "").strip())


def item_id_form(areas: Sequence[Mapping[str, Any]]) -> str:
    """How the master's item IDs are written: 「1-3」 where every 1段目 is of two levels (no 2段目 row, or one of its
    name: :func:`repeats_its_area`), else 「1-2-3」 (and 「1-3」 where a 1段目 has no 2段目 row)."""
    two_levels = bool(areas) and all(not a["categories"] or repeats_its_area(a) for a in areas)
    return ITEM_ID_FORM_TWO_LEVELS if two_levels else ITEM_ID_FORM


def item_columns(sections: int = ITEM_SECTIONS, two_levels: bool = False) -> tuple[Column, ...]:
    """``two_levels``: the plan has a 1段目 of two levels (its items' IDs are 「1-3」: the ID's note says so)."""
    return (
        Column("id", "ID", 8, required=True, locked=True, note=ITEM_ID_NOTE_TWO_LEVELS if two_levels else ITEM_ID_NOTE),
        Column("name", "名称", 24, required=True),
        Column("continued", "継続", 5, kind="mark", note="【継続項目】なら ○"),
        Column("content", "推進内容", 46, required=True),
        *(Column(f"section{n}", f"{SECTION_LABEL}{n}", 11, kind="section",
                 note="担当課の一覧から選びます。まだ決まっていなければ空欄") for n in range(1, sections + 1)),
        Column("related_sections", "関係課", 6, kind="mark", note="計画に「関係課」とあれば ○"),
        Column("start", "開始年度", 8, kind="year", note="実施する最初の年度（追加した項目はその年度）"),
        Column("end", "終了年度", 8, kind="year", note="実施する最後の年度（終える項目は最後の年度に。行は消しません）"),
        Column("marker", "工程表の印", 8, kind="year", note="計画書の工程表に「①」の印だけが残っている年度（参考）"),
    )


def action_columns(years: tuple[int, ...]) -> tuple[Column, ...]:
    """主な取組: one row per 主な取組 of an item, in order, with a 「○」 in each year it runs."""
    return (
        Column("item", "項目ID", 8, required=True, kind="item", note="どの項目の主な取組か（ID）"),
        Column("number", "番号", 5, locked=True),  # shown, not read: the order of the rows is the order
        Column("text", "主な取組", 56, required=True),
        Column("stage", "段階", 8, note="調査票の実施時期に出る短い言葉（例 検討、試行、実施）。任意"),
        *(Column(f"year.{short_fiscal_year(y)}", short_fiscal_year(y), 5, kind="mark",
                 note="この年度に取り組むなら ○（続いた年度に）") for y in years),
    )


def kpi_columns(years: tuple[int, ...]) -> tuple[Column, ...]:
    return (
        Column("id", "KPI ID", 7, required=True, locked=True, note="追加する KPI は新しい ID（例 K14）"),
        Column("item", "項目ID", 7, required=True, kind="item"),
        Column("name", "指標名", 21, required=True),
        Column("short_name", "略称", 11, note="グラフや狭い列に出す名前（任意）"),
        Column("kind", "種類", 6, required=True, kind="kind", note="割合・件数・金額"),
        Column("unit", "単位", 6, required=True),
        Column("direction", "方向", 6, kind="direction", note="増加・減少。目標値が基準値と同じとき・基準値がないときは必須"),
        Column("cumulative", "累計", 5, kind="mark"),
        Column("baseline", "基準値", 11, kind="number", note="割合は 24% のように % を付けて。まだない指標は空欄"),
        Column("target", "目標値", 11, required=True, kind="number"),
        *(Column(f"yearly.{short_fiscal_year(y)}", f"年度目標\n{short_fiscal_year(y)}", 9, kind="number",
                 note="計画に年度ごとの目標があれば。なければ空欄（参考（按分）を示します）") for y in years),
        Column("owner", "報告課", 10, required=True, kind="section"),
        Column("owner_assumed", "報告課は仮", 5, kind="mark", note="計画に書かれていない報告課を仮に決めたなら ○"),
        Column("start", "開始年度", 7, kind="year", note="空欄は項目の開始年度。追加した KPI は最初に報告する年度"),
        Column("end", "終了年度", 7, kind="year",
               note="空欄は項目の終了年度（項目とともに終わる）。やめる KPI は最後に報告する年度（行は消しません）"),
    )


SECTION_COLUMNS = (Column("name", "課名", 20, required=True), Column("note", "備考", 50))
MOVE_COLUMNS = (
    Column("year", "適用年度", 10, required=True, kind="year", note="新しい組織になる年度"),
    Column("from", "旧課名", 18, required=True, note="なくなる（名前が変わる）課"),
    Column("to", "新課名", 18, required=True, kind="section", note="担当課の一覧にある新しい課"),
    Column("note", "備考", 50),
)
GRADE_COLUMNS = (
    Column("code", "記号", 6, required=True, note="1文字: A～Z、1～9、" + " ".join(GRADE_MARKS)),
    Column("label", "名称", 18, required=True),
    Column("definition", "定義", 60, required=True, note="記入要領に載る1行の定義"),
    Column("rank", "順位", 6, kind="int", note="1 が最もよい（前年度と比べて改善・悪化を決める）"),
    Column("behind", "遅れ", 6, kind="mark", note="概要で1件ずつ挙げる区分なら ○"),
)
THRESHOLD_COLUMNS = (Column("label", "しきい値", 26), Column("value", "値", 10), Column("note", "説明", 60))
THRESHOLDS = (("judgement.achieved", "達成（進捗率）", "進捗率がこの値以上で達成（1 = 100%）"),
              ("judgement.on_track", "順調（期待進捗 ×）", "進捗率が 期待進捗 × この値 以上で順調"),
              ("judgement.mostly_on_track", "概ね順調（期待進捗 ×）", "進捗率が 期待進捗 × この値 以上で概ね順調"))
GLOSSARY_COLUMNS = (Column("term", "用語", 22, required=True), Column("text", "説明", 90, required=True))


def columns(sheet: str, years: tuple[int, ...], sections: int = ITEM_SECTIONS,
            two_levels: bool = False) -> tuple[Column, ...]:
    """The table columns of a sheet (the plan period's ``years`` head the year columns; ``sections``:
    how many 担当課 columns the items sheet has; ``two_levels``: :func:`item_columns`)."""
    return {INFO: INFO_COLUMNS, LEVELS: LEVEL_COLUMNS, ITEMS: item_columns(sections, two_levels), ACTIONS: action_columns(years),
            KPIS: kpi_columns(years), SECTIONS: SECTION_COLUMNS, MOVES: MOVE_COLUMNS, GRADES: GRADE_COLUMNS,
            GLOSSARY: GLOSSARY_COLUMNS}[sheet]


TITLES = {INFO: "計画の情報と、この版（改訂）の情報", LEVELS: "{levels}", ITEMS: "{item}",
          ACTIONS: "主な取組と実施時期（年度ごとの ○）", KPIS: "KPI（重要業績評価指標）", SECTIONS: "担当課",
          MOVES: "組織改正（課の名称変更・統合・分割）", GRADES: "判定基準（進捗状況の区分と KPI 判定のしきい値）",
          GLOSSARY: "用語解説"}
NOTES = {
    INFO: "黄色の「値」を直します。改訂するときは「版」を新しくし、「改訂日」「適用年度」「改訂の理由」を書きます。",
    LEVELS: "ID「1」は1段目、「1-2」は2段目です。行を追加して新しい区分を作れます。"
            "2段目の行がない1段目は、2段目を分けない（2階層の）区分です（項目の ID は「1-1-番号」）。",
    # (a plan with a 1段目 of two levels: its items' IDs as every output shows them, docs/plan-format.md 「2階層の計画」)
    f"{LEVELS}.two_levels": "ID「1」は1段目、「1-2」は2段目です。行を追加して新しい区分を作れます。"
                            "2段目の行がない1段目は、2段目を分けない（2階層の）区分です（項目の ID は「1-番号」。"
                            "「1-1-番号」と書いても読みます）。",
    ITEMS: "項目を終えるときは「終了年度」を書きます（行は消しません）。追加する項目は下の空いた行に、「開始年度」を書きます。",
    ACTIONS: "主な取組ごとに、取り組む年度に ○ を付けます（調査票の「実施時期」に「{schedule}」のように出ます）。"
             "主な取組を追加するときは下の空いた行に、項目ID を書きます。",
    KPIS: "目標値を見直すときは、目標値（と年度目標値）を直し、計画情報の「適用年度」を書きます。前の年度の判定は変わりません。"
          "やめる KPI は「終了年度」を書きます。",
    SECTIONS: "担当課の一覧です（上からこの順で並びます）。組織改正で名前が変わる課は、ここを新しい名前にし、「組織改正」シートに書きます。",
    MOVES: "名称変更は1行、2つの課の統合は2行（旧課名がそれぞれ、新課名が同じ）、分割は2行（旧課名が同じ）。"
           "名称変更・統合では、項目の担当課と KPI の報告課が新しい課に移ります。分割では、各項目の担当課を新しい課のどれかにしてください。",
    GRADES: "進捗状況の区分（調査票のドロップダウン）と、KPI の判定のしきい値です。",
    GLOSSARY: "用語解説（調査票の記入要領に、その課の項目に出てくる用語だけが載ります）。",
}
