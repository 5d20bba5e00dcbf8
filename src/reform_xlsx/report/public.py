"""公表用: the city's publication, for citizens (Excel, PDF) and for machines (CSV).

- The workbook is the packet's sheets with the public's words: a section whose answers are not in
  is 「未提出」 (never a blank row or a row of zeros), an item without an answer 「未回答」. Nothing
  names a file or a person, and its tables have no merged cells.
- Two CSV files (:func:`write_public_csv`): the items (one row per item × section) and the KPIs
  (one row per KPI), following the rules for open data: UTF-8 with BOM, one value per cell, a
  header row and nothing else, the fiscal year as 西暦 and 和暦 side by side, numbers as plain
  numbers in the unit named in their own column. Column definitions: ``docs/report.md``.

CSV and formulas: a spreadsheet that opens a CSV treats a cell that begins with ``=``, ``+``,
``-`` or ``@`` as a formula. Text cells (never number cells) that begin with one of those (or a
tab or carriage return) are written with a leading apostrophe ``'``, the usual guard, so the
text shows as written; a program reading the data strips one leading ``'`` from text columns.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from reform_xlsx import outputs
from reform_xlsx.form.layout import normalise_label as _bare  # NFKC, no spaces: as a header label is compared
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.model import UNASSIGNED, Words
from reform_xlsx.report.model import NOT_SUBMITTED, REFERENCE_TARGET, UNANSWERED, ReportData, published_response
from reform_xlsx.report.workbook import build_workbook
from reform_xlsx.rounding import as_shown
from reform_xlsx.wareki import format_fiscal_year

if TYPE_CHECKING:
    import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKED = (*FORMULA_START, "'")  # a text that starts with ' gets one too: removing the first ' always gives it back
ANSWERED = "回答あり"
ENDED = "終了"  # a row for an item that ended last year: only the answer to last year's word on it
PLANNED_TARGET = "計画"

PLANNED_BASELINE, FIRST_ACTUAL = "計画", "初回の実績"  # 基準値の種別
def review_fields(words: Words) -> tuple[str, ...]:
    """The office's and the committee's word (the committee named as the kind of body it is). A plan that names
    no committee has no committee's column: the header follows the plan's words like the levels' names, and a
    column 「委員会意見」 always empty would tell of a committee the city does not have (docs/report.md)."""
    committee = (f"{words.committee_role}意見",) if words.has_committee else ()
    return ("二次評価コード", "二次評価", *committee, "対応方針", "意見への対応")


def item_fields(words: Words, *, categories: bool = True) -> tuple[str, ...]:
    """The items CSV's header, the levels named in the plan's words (重点項目, 取組区分, 改革項目 …); without the
    取組区分's two columns for a plan of two levels (``categories`` False, :attr:`Plan.two_level`: they would only
    repeat the 重点項目's)."""
    category = (f"{words.category}番号", words.category) if categories else ()
    return ("年度（西暦）", "年度（和暦）", f"{words.area}番号", words.area, *category,
            f"{words.item}ID", words.item, "担当課", "回答状況", "進捗状況コード", "進捗状況",
            "前年度の進捗状況コード", "取組実績", "課題・今後の方針", "財政効果額（円）", *review_fields(words))


def kpi_fields(words: Words) -> tuple[str, ...]:
    return ("年度（西暦）", "年度（和暦）", "KPI ID", f"{words.item}ID", "指標名", "単位", "方向",
            "基準年度（西暦）", "基準年度（和暦）", "基準値", "基準値の種別", "目標年度（西暦）", "目標年度（和暦）",
            "目標値", "年度目標値", "年度目標値の種別", "実績値", "前年度の実績値", "進捗率（%）", "判定", "報告課")


def write_public(data: ReportData, out_dir: Path) -> Path:
    path = Path(out_dir) / outputs.public(data.plan.words, data.year)
    build_workbook(path, data, "public")
    return path


def safe_text(value: object) -> str:
    """A text cell for CSV: as written, with a leading ``'`` when it would start a formula — or starts with ``'``
    itself, so that dropping the first ``'`` of a text that has one always gives the value back —, and each line
    break in it one LF (a CR, Excel's 「_x000D_」 of a text pasted from another system, showed in Excel as a stray
    mark and cut the record for a program that splits the file at CRLF)."""
    text = "" if value is None else str(value)
    marked = "'" + text if text.startswith(MARKED) else text
    return marked.replace("\r\n", "\n").replace("\r", "\n")  # a line break in a cell is LF; CRLF ends a record


def _number(value: object, digits: int | None = None) -> str:
    """A number cell: plain digits, no separators; blank for None."""
    if value is None:
        return ""
    number = float(value)
    if digits is not None:
        number = as_shown(number, digits)  # as the sheet shows it: 6.25 → 6.3
    number = round(number, 9)
    return str(int(number)) if number.is_integer() else format(Decimal(repr(number)), "f")  # 0.00005, not 5e-05


def _year(year: int) -> tuple[str, str]:
    """(西暦, 和暦) columns of a fiscal year: 「2026」 (the number), 「令和8年度」."""
    return str(int(year)), format_fiscal_year(int(year))


def item_rows(data: ReportData) -> list[list[str]]:
    plan = data.plan
    submitted = data.submitted
    western, wareki = _year(data.year)
    codes = {g.code for g in plan.grades}
    rows = []
    for r in data.review_rows.itertuples():
        if r.ended and published_response(r) is None:
            continue  # an answer to last year's word 公表用 does not publish: nothing of the row to show
        area = plan.area(r.area)
        category = plan.category(r.area, r.category)
        if r.ended:
            state = ENDED
        elif r.grade is not None:
            state = ANSWERED
        elif not r.assigned:
            state = UNASSIGNED
        else:
            state = UNANSWERED if r.section in submitted else NOT_SUBMITTED
        grade = plan.grade(r.grade) if r.grade is not None and r.grade in {g.code for g in plan.grades} else None
        unanswered = UNANSWERED if r.assigned and not r.ended else ""
        rows.append([western, wareki, str(area.number), safe_text(area.name),
                     *(() if plan.two_level else (str(category.number), safe_text(category.name))), data.item_number(r.item_id), safe_text(r.name), safe_text(r.section), state,
                     r.grade or "", grade.label if grade else (unanswered if r.grade is None else str(r.grade)),
                     r.prev_grade or "", safe_text(r.result), safe_text(r.plan_next), _number(r.effect_yen),
                     r.review_grade or "", plan.grade(r.review_grade).label if r.review_grade in codes else "",
                     *((safe_text(r.committee_opinion),) if plan.words.has_committee else ()),
                     safe_text(r.policy), safe_text(published_response(r))])
    return rows


def _in_unit(kpi, value: float | None, shown: bool = False) -> str:
    """A KPI value in its own unit (rates in %), rounded as displayed when ``shown``."""
    if value is None:
        return ""
    if shown:
        value = kpi.shown(value)
    if kpi.is_rate:
        return _number(value * 100, kpi.decimals if shown else 6)
    return _number(value, kpi.decimals if shown else None)


def kpi_rows(data: ReportData) -> list[list[str]]:
    plan = data.plan
    western, wareki = _year(data.year)
    end_w, end_j = _year(plan.end_year)
    rows = []
    for k in data.kpis.to_dict("records"):
        kpi = plan.kpi(k["kpi_id"])
        base_w, base_j = _year(k["base_year"]) if k["base_year"] is not None else ("", "")
        base_kind = PLANNED_BASELINE if kpi.baseline is not None else (FIRST_ACTUAL if k["base_year"] else "")
        target_kind = "" if k["year_target"] is None else (PLANNED_TARGET if k["planned_target"] else REFERENCE_TARGET)
        rows.append([western, wareki, kpi.id, data.item_number(kpi.item_id), safe_text(kpi.name), safe_text(kpi.unit), kpi.direction,
                     base_w, base_j, _in_unit(kpi, k["baseline"]), base_kind, end_w, end_j,
                     _in_unit(kpi, kpi.target), _in_unit(kpi, k["year_target"], shown=True), target_kind,
                     _in_unit(kpi, k["actual"]), _in_unit(kpi, k["prev_actual"]),
                     "" if k["progress"] is None else _number(k["progress"] * 100, 1),
                     k["judgement"], safe_text(kpi.owner)])
    return rows


# What R008 looks for in a published text (read as NFKC: 「０２４３－５５－１２３４」 is 0243-55-1234). A telephone
# number starts with 0 (市外局番・携帯); an item ID 「1-1-1」, a span 「2026-2030」 or an amount 「12,500」 does not.
# (an address and an extension taken from where they start, each part once: tried from every letter of a long run,
# or with two ways to take the spaces after 「内線」, a text of 30,000 characters took seconds to look through)
_MAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"(?<![\d-])(?:\(0\d{1,4}\)\s?\d{1,4}[-‐−ー―]\d{3,4}"
                    r"|0\d{1,4}[-‐−ー―(]\d{1,4}[-‐−ー―)]\d{3,4}|0\d{9,10})(?![\d-])")
_EXTENSION = re.compile(r"内線\s*(?:[:：]\s*)?\d{2,}")
_SERVICE_LINES = ("0120", "0800", "0570")  # フリーダイヤル・ナビダイヤル: a service's line, never a person's
_NOT_A_NAME = {"確認", "確認済", "確認済み", "済", "済み", "了", "〇", "○", "◯", "✓", "✔", "レ", "OK", "ok", "有", "あり",
               "なし", "無し", "無", "未", "同上", "不在", "省略", "不要", "該当なし"}
# a post typed where the form asks a name (所属長確認: 「課長」, 「市民課長」): it names no one — 「佐藤課長」 does
_POST = re.compile(r"(?:課長補佐|課長|部長|次長|室長|所長|局長|館長|園長|係長|主幹|主査|参事|所属長|担当者|担当|長)$")
_UNIT = re.compile(r"(?:課|室|部|局|係|所|センター)$")  # 「市民課」 without it: 「市民」
_RESPONDENT_NAMES = ("person", "head")  # 回答者欄: 担当者, 所属長確認 (a name, or a mark that is none)


class _Sections:
    """The plan's sections as :func:`_a_name` looks for them at the start of what a 回答者欄 holds, each made bare once
    (longest first, as the first that fits wins): by the starts of the typed text, not a walk over every section for
    every name (a 1,000-section plan has some 2,000 names)."""

    def __init__(self, sections: tuple[str, ...]) -> None:
        self.first: dict[str, tuple[int, str]] = {}  # a section's bare name or its stem → (its rank, what it takes off)
        for rank, section in enumerate(sorted(map(_bare, sections), key=len, reverse=True)):
            for part in dict.fromkeys((section, _UNIT.sub("", section))):
                if part and part not in self.first:
                    self.first[part] = (rank, section if part == section else part)

    def stem(self, rest: str) -> str | None:
        """What the first section (longest first) that ``rest`` starts with takes off it: its name, else its stem."""
        found = [self.first[rest[:n]] for n in range(1, len(rest) + 1) if rest[:n] in self.first]
        if not found:
            return None
        rank = min(r for r, _ in found)
        return max((p for r, p in found if r == rank), key=len)  # its name before its stem, as it is tried first


def _a_name(typed: str, sections: tuple[str, ...] | _Sections) -> bool:
    """Whether what a 回答者欄 holds names a person: not a mark (「確認済」「なし」), a post (「課長」), a section (「市民課」,
    「市民」) or a section's post (「市民課長」) — words every published text may hold. 「佐藤課長」 is a name."""
    bare = _bare(typed)
    if bare in _NOT_A_NAME or "確認" in bare:
        return False
    rest = _POST.sub("", bare)
    stem = (sections if isinstance(sections, _Sections) else _Sections(sections)).stem(rest)
    if stem is not None:
        rest = rest[len(stem):]
    return len(rest) >= 2


class RespondentNames:
    """The 回答者欄 names R008 looks for (:func:`_a_name`; spaces not counted), each judged and made bare once: a text is
    searched by its own stretches of each name length, so that the search grows with the text, not with the texts
    times the names (a 1,000-section plan has some 2,000 names, and 公表用 publishes some 8,000 texts)."""

    LONGEST = 32  # a longer 「name」 (a sentence typed in the 回答者欄) is looked for as a whole, one by one

    def __init__(self, names: tuple[str, ...] = (), sections: tuple[str, ...] = ()) -> None:
        known = _Sections(sections)
        self._by_bare: dict[str, list[str]] = {}  # bare name → the names typed so, in order
        self._order: dict[str, int] = {}
        for name in dict.fromkeys(names):
            if _a_name(name, known):
                self._by_bare.setdefault(_bare(name), []).append(name)
                self._order[name] = len(self._order)
        self._lengths = sorted({len(b) for b in self._by_bare if len(b) <= self.LONGEST})
        self._long = [b for b in self._by_bare if len(b) > self.LONGEST]

    def found_in(self, bare: str) -> list[str]:
        """The names (as typed, in their order) that the bare text ``bare`` holds."""
        if not self._by_bare:
            return []
        hits = {bare[i:i + n] for n in self._lengths for i in range(len(bare) - n + 1)}.intersection(self._by_bare)
        hits.update(b for b in self._long if b in bare)
        return sorted((name for b in hits for name in self._by_bare[b]), key=self._order.__getitem__)


# a name of a 回答者欄 typed on two lines (Alt+Enter) or with a tab: quoted on one line, as the screen's tables show it
_LINE_BREAKS = re.compile(r"\s*[\t\n\r\v\f\x85\u2028\u2029]+\s*")


def contact_details(text: str, names: tuple[str, ...] | RespondentNames = (), sections: tuple[str, ...] = ()) -> list[str]:
    """What of a person's contact ``text`` holds, as R008 names it: a name of ``names`` (the 回答者欄's, spaces
    not counted; a mark, a post or one of ``sections`` is no name: :func:`_a_name`), an e-mail address, a telephone
    number (10 or 11 digits — not 「01-02-003」 —, not a フリーダイヤル・ナビダイヤル: a service's), an extension (「内線2101」).
    ``names`` as :class:`RespondentNames` (with its sections) when many texts are looked at."""
    read = unicodedata.normalize("NFKC", text or "")
    bare = _bare(read)
    known = names if isinstance(names, RespondentNames) else RespondentNames(names, sections)
    found = [f"名前「{_LINE_BREAKS.sub(' ', n)}」" for n in known.found_in(bare)]
    found += [f"メールアドレス「{m}」" for m in dict.fromkeys(_MAIL.findall(read))]
    found += [f"電話番号「{m}」" for m in dict.fromkeys(_PHONE.findall(read))
              if len(digits := re.sub(r"\D", "", m)) in (10, 11) and not digits.startswith(_SERVICE_LINES)]
    found += [f"内線番号「{m}」" for m in dict.fromkeys(_EXTENSION.findall(read))]
    return found


def published_contacts(data: ReportData, status: pd.DataFrame, published: ReportData | None = None) -> list[Problem]:
    """R008 for each text 公表用 publishes (a section's 取組実績・課題・今後の方針・意見への対応, the office's committee
    opinion and 対応方針) that holds a name from a 回答者欄, an e-mail address or a telephone number, at the cell it
    came from. ``status`` is the status table :func:`~reform_xlsx.report.writer.write_reports` was given (its
    ``respondent``: the 回答者欄 the ledger keeps on each submission; :class:`ReportData` does not keep it);
    ``data`` the whole year (the answers know their cells; :meth:`ReportData.for_public`, ``published`` when already
    made, has none)."""
    answers = data.answers
    typed = [found.get(key) for found in (status["respondent"] if "respondent" in status else ())
             if isinstance(found, dict) for key in _RESPONDENT_NAMES]
    # 「市民課」 typed as 担当者 names no one; each name judged and made bare once, not once per text
    names = RespondentNames(tuple(n for n in (str(v).strip() for v in typed if v is not None) if n),
                            tuple(data.plan.sections))
    here = answers[answers["year"].eq(data.year)]
    cells = {(a.kind, a.section, a.id, a.field): a for a in here.itertuples()}
    words = data.plan.words
    labels = {"result": "取組実績", "plan_next": "課題・今後の方針", "response": "意見への対応",
              "committee_opinion": f"{words.committee_role}意見", "policy": "対応方針"}
    found = []
    for r in (published or data.for_public()).review_rows.itertuples():
        texts = {"result": r.result, "plan_next": r.plan_next, "response": published_response(r),
                 "committee_opinion": r.committee_opinion if words.has_committee else None, "policy": r.policy}
        for field, text in texts.items():
            details = contact_details(text, names) if isinstance(text, str) else []
            if not details:
                continue
            kind = "review" if field in ("committee_opinion", "policy") else "item"
            at = cells.get((kind, r.section, r.item_id, field))
            where = {"file": at.file, "sheet": at.sheet, "cell": at.cell} if at is not None else {}
            how = ("推進室評価シートを直して merge で受け付け" if kind == "review"
                   else f"{r.section}に調査票を直して送り直してもらって merge で受け付け")
            found.append(problem(Msg.REPORT_PUBLIC_CONTACT, section=r.section, level=words.item, item=data.item_number(r.item_id),
                                 name=r.name, field=labels[field], found="・".join(details), how=how,
                                 row_id=r.item_id, column=field, **where))
    return found


def write_public_csv(data: ReportData, out_dir: Path) -> tuple[Path, Path]:
    """The two CSV files (items, KPIs) in UTF-8 with BOM, CRLF line ends."""
    data = data.for_public()
    written = []
    words = data.plan.words
    for table, fields, rows in (("items", item_fields(words, categories=not data.plan.two_level), item_rows(data)),
                                ("kpis", kpi_fields(words), kpi_rows(data))):
        path = Path(out_dir) / outputs.public_csv(data.plan.words, data.year, table)
        with outputs.replacing(path) as partial, partial.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, lineterminator="\r\n")  # written whole, then put in place (atomic)
            writer.writerow(fields)
            writer.writerows(rows)
        written.append(path)
    return written[0], written[1]

