"""The plan as data: three levels (the bundled plan says 重点項目 → 取組区分 → 改革項目; a plan names
its own, :class:`Words`) → KPI, with the sections responsible.

Pure data and queries; reading a plan file is :mod:`reform_xlsx.plan.loading`.
Rates are fractions (24 % → 0.24), money is yen, counts are integers.
Fiscal years are the Western years they start in (2026 = 令和8年度; see :mod:`reform_xlsx.wareki`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from reform_xlsx.rounding import as_shown, fixed, percent
from reform_xlsx.wareki import (
    FiscalYearError,
    as_fiscal_year,
    format_fiscal_year,
    format_period,
    format_year_span,
    short_fiscal_year,
)

INCREASE, DECREASE = "増加", "減少"


def action_number(n: int) -> str:
    """The number of an item's ``n``-th 主な取組 (0-based) as every output shows it: ①…㊿, then 「(51)」."""
    return CIRCLED[n] if n < len(CIRCLED) else f"({n + 1})"


class YearOutsidePlanError(ValueError):
    """A fiscal year outside the plan period (templates or merge for it make no sense); ``problem``: T008 at
    --year (None for a year that cannot be read at all)."""

    def __init__(self, message: str, found=None) -> None:
        super().__init__(message)
        self.problem = found


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"  # the plan's numbering of 主な取組 (①…⑳, ㉑…㊿)
THIS_YEAR_MARK = "▶"  # before a 主な取組's years when it runs in the year asked about
RELATED_SECTIONS = "関係課"
UNASSIGNED = "担当課未定"  # an item the plan names no section for yet (``sections: []``)
MEETING = "会議"
KIND_WORDS = {"rate": "割合", "count": "件数", "yen": "金額"}  # a KPI's kind as the office says it (計画マスターの「種類」)
COMMITTEE_KINDS = ("推進委員会", "委員会", "審議会", "懇話会", "懇談会", "協議会", "会議")  # the first that fits
HEADQUARTERS_MEETING = "本部会議"  # a headquarters named 〇〇推進本部 (or 〇〇推進本部会議) meets as this
HEADQUARTERS_KINDS = ("推進会議", "戦略会議", "推進委員会", "委員会", "協議会", "会議")  # the first that fits
# A grade's code (docs/plan-format.md 「進捗状況の区分の記号」): one character the plan grades with — a letter A–Z
# (A～E), a digit 1–9 (5段階 5～1) or one of these marks (◎ ○ △ ×, ☆ ★ …). Not 0 (the 〇 and ○ of a plan's marks),
# and not what the reader folds: 〇 ◯ are read as ○ and ✕ ✖ as ×, Ａ as A, ３ as 3 (the plan writes the one form).
GRADE_LETTERS, GRADE_DIGITS, GRADE_MARKS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "123456789", "◎○△×□■●▲☆★"
GRADE_CODES = GRADE_LETTERS + GRADE_DIGITS + GRADE_MARKS
# What a section types for a mark that is no code of its own: 〇 (漢数字のゼロ), ◯ (大きな丸), ✕ (乗算記号の代わりの「バツ」) …
GRADE_MARK_VARIANTS = {"〇": "○", "◯": "○", "⭕": "○", "✕": "×", "✖": "×", "╳": "×", "⨯": "×", "❌": "×", "⊚": "◎"}
# A mark and the letter a section types for it (「x」「X」 for ×, 「o」「O」 for ○): read as the mark when the plan's scale
# has the mark and not the letter; a scale with both cannot tell them apart (P062).
GRADE_LOOKALIKE_LETTERS = {"×": "X", "○": "O"}
# The zero read as ○ on a scale with ○: LibreOffice Calc (ja-JP) stores a typed 〇 as the number 0, and a 0 typed for
# the circle is no code of its own (0 is never one), so it cannot mean another grade.
GRADE_ZERO_MARK = "○"


@dataclass(frozen=True)
class Words:
    """The city's own words, from the plan file (``plan:``; docs/plan-format.md): every file name,
    title, cover, guide text and message says these, never the bundled city's."""

    city: str  # the municipality: 〇〇市, 〇〇町
    reform: str  # the reform's name: 行政改革, 行財政改革, 町政改革 …
    title: str  # the plan's short title (page headers)
    headquarters: str  # the 推進本部 (the packet is for its meeting)
    committee: str  # the committee that hears the results ("" when the plan names none)
    office: str  # the reform office (取りまとめ課)
    area: str  # level 1: 重点項目, 柱, 基本方針 …
    category: str  # level 2: 取組区分, 施策 …
    item: str  # level 3: 改革項目, 取組 …

    @property
    def meeting(self) -> str:
        """The meeting the packet is for, without the city: 「行財政改革推進本部会議」."""
        body = self.headquarters
        if body.startswith(self.city) and len(body) > len(self.city):
            body = body[len(self.city):]
        return body if body.endswith(MEETING) else body + MEETING

    @property
    def has_committee(self) -> bool:
        """Whether the plan names a committee (``committee`` is optional). Without one no output speaks of a
        committee: no 委員会意見 column on the 推進室評価シート, 二次評価・意見, 公表用 (and its CSV), no committee
        sentence in notes and guides; 公表用 publishes the 対応方針 of the office's word."""
        return bool(self.committee.strip())

    @property
    def committee_role(self) -> str:
        """The committee as headings name it: the kind of body its name ends with — 「推進委員会」
        (〇〇市行政改革推進委員会), 「審議会」, 「懇話会」 … — 「委員会」 for any other (and for none, where it only
        labels what a ledger kept from a sheet that still had the column: :attr:`has_committee`)."""
        return next((kind for kind in COMMITTEE_KINDS if self.committee.endswith(kind)), "委員会")

    @property
    def headquarters_meeting(self) -> str:
        """The headquarters' meeting as headings name it (「本部会議での意見」, 「【本部会議】」): 「本部会議」
        for a 〇〇推進本部 (or 〇〇推進本部会議), else the kind of body its name ends with — 「推進会議」
        (〇〇県行財政改革推進会議), 「戦略会議」, 「協議会」 … — 「会議」 for any other."""
        body = self.headquarters.removesuffix(MEETING)
        if body.endswith("本部"):
            return HEADQUARTERS_MEETING
        kind = next((kind for kind in HEADQUARTERS_KINDS if self.headquarters.endswith(kind)), MEETING)
        if kind == self.committee_role:  # 〇〇行財政改革推進委員会 beside a 〇〇行政改革推進委員会: its own name, so that
            own = self.headquarters.removeprefix(self.city) or self.headquarters  # the two bodies' columns differ
            return own if own != self.committee_role else self.headquarters
        return kind

    @property
    def survey(self) -> str:
        """The 調査票's title: 「行財政改革取組状況調査票」."""
        return f"{self.reform}取組状況調査票"

    def with_city(self, name: str, sep: str = "　") -> str:
        """``name`` with the city before it, unless it already names the city (a cover never says
        「〇〇市　第2次〇〇市…計画」)."""
        return name if self.city in name else f"{self.city}{sep}{name}"


@dataclass(frozen=True)
class Grade:
    code: str  # "A"
    label: str  # "計画どおり"
    definition: str
    rank: int = 0  # 1 = best (the plan's ``rank``; by default the order the plan lists them)
    behind: bool = False  # a grade the 概要 lists item by item (the plan's ``behind``: 遅れ, 未着手)

    @property
    def display(self) -> str:
        """「A 計画どおり」: what the drop-down shows and the reader accepts."""
        return f"{self.code} {self.label}"


@dataclass(frozen=True)
class Judgement:
    """判定 thresholds (docs/report.md): 達成 p ≥ achieved; 順調 p ≥ on_track·e; 概ね順調 p ≥ mostly_on_track·e."""

    achieved: float = 1.0
    on_track: float = 1.0
    mostly_on_track: float = 0.8


@dataclass(frozen=True)
class Phase:
    """When one 主な取組 runs (the plan's 工程表, which the office completes in the plan master): its
    first and last fiscal year and a short stage word (検討, 試行, 実施 …; empty: its number ①② is shown)."""

    start: int
    end: int
    stage: str = ""

    def runs_in(self, year: int) -> bool:
        return self.start <= year <= self.end


@dataclass(frozen=True)
class Item:
    """One 改革項目."""

    id: str  # "2-2-10"
    area: int
    category: int
    number: int
    name: str
    continued: bool  # 【継続項目】
    content: str  # 推進内容
    actions: tuple[str, ...]  # 主な取組 ①②③ (one entry when unnumbered)
    sections: tuple[str, ...]  # 実施担当 (real sections only; empty: no section yet, 担当課未定)
    related_sections: bool  # 「関係課」 also take part
    start: int  # first fiscal year active
    end: int  # last fiscal year active
    marker: int | None = None  # year column where the plan's text keeps a 「①」 mark
    phases: tuple[Phase | None, ...] = ()  # per action (same order): its years, None where the plan does not say

    def active_in(self, year: int) -> bool:
        return self.start <= year <= self.end

    def action_label(self, n: int) -> str:
        """「主な取組②」: how messages and sheets name the item's ``n``-th action (0-based)."""
        return f"主な取組{action_number(n)}"

    def schedule_lines(self, year: int | None = None, end_year: int | None = None) -> tuple[str, ...]:
        """The years of the 主な取組 the plan gives, one line each as a section reads them:
        「令和8～9年度 検討」, 「令和10年度～ 実施」 (runs to the plan's last year ``end_year``) — the stage
        word, else the action's number — with the lines of ``year`` marked 「▶」. Empty when the plan
        gives none."""
        lines = []
        for n, phase in enumerate(self.phases):
            if phase is None:
                continue
            span = format_year_span(phase.start, phase.end, open_end=phase.end == end_year)
            mark = THIS_YEAR_MARK if year is not None and phase.runs_in(year) else ""
            lines.append(f"{mark}{span} {phase.stage or action_number(n)}")
        return tuple(lines)

    @property
    def assigned(self) -> bool:
        """Whether the plan names a section for it (an unassigned item has no 調査票 row)."""
        return bool(self.sections)


@dataclass(frozen=True)
class Category:
    """One 取組区分, e.g. 1-(2) ICT利活用による業務効率化."""

    area: int
    number: int
    name: str
    intro: str
    items: tuple[Item, ...]

    @property
    def key(self) -> str:
        return f"{self.area}-{self.number}"

    @property
    def display(self) -> str:
        return f"({self.number}) {self.name}"


@dataclass(frozen=True)
class Area:
    """One 重点項目."""

    number: int
    name: str
    intro: str
    categories: tuple[Category, ...]

    def display(self, word: str) -> str:
        """「重点項目1 行政のデジタル化…」 with the plan's word for the level (:attr:`Words.area`)."""
        return f"{word}{self.number} {self.name}"

    @property
    def two_level(self) -> bool:
        """Whether the 重点項目 is written as a plan of two levels writes it (基本方針 → 取組項目): one 取組区分 of its
        own name (spaces around either name aside). That 取組区分 only repeats it, so no output shows it: no heading
        「(1) …」 under the 重点項目's, no 取組区分 columns in the 公表用 CSV of a plan all of whose 重点項目 are so
        (docs/plan-format.md 「2階層の計画」)."""
        return len(self.categories) == 1 and self.categories[0].name.strip() == self.name.strip()

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for c in self.categories for i in c.items)


MAX_DECIMALS = 3  # a KPI's figures are shown with at most this many decimals (of its unit; of % for a rate)


def _places(value: float) -> int:
    """Decimals ``value`` is written with, float noise aside (99.99000000000001 → 2; 0.0000001 → 7): on its 15
    significant digits, as a spreadsheet reads it (98,765,432.1 is 98765432.099999994 as a float: 1, not 9)."""
    exponent = Decimal(format(value, ".15g")).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True)
class Kpi:
    id: str  # "K01"
    item_id: str
    name: str
    kind: str  # "rate" | "count" | "yen"
    unit: str  # display unit: "%", "円", "人", "枚" …
    direction: str  # 増加 | 減少
    cumulative: bool
    baseline: float | None  # None: the plan gives none; the first reported actual becomes it (docs/report.md)
    target: float
    owner: str
    owner_assumed: bool = False
    yearly_targets: dict[int, float] = field(default_factory=dict, hash=False, compare=False)
    short_name: str = ""  # the plan's short name for charts and narrow columns (optional)
    start: int = 0  # first fiscal year it is reported (a KPI added by a revision: later than the plan's first)
    end: int = 9999  # last fiscal year it is reported (a KPI retired by a revision: earlier than the plan's last)

    def active_in(self, year: int) -> bool:
        return self.start <= year <= self.end

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"

    @property
    def measure(self) -> tuple[str, str]:
        """What the KPI's figures are counted in: (unit, kind). A revision that changes it (枚 → 千枚) makes the
        earlier years' figures, kept as reported (L021), not comparable with the new ones."""
        return self.unit, self.kind

    @property
    def unit_after(self) -> str:
        """The unit written after a figure: 「枚」; none for a rate (its 「%」 is in the figure)."""
        return "" if self.kind == "rate" else self.unit

    def measure_change(self, before: Kpi) -> str:
        """How a revision changed what this KPI is counted in since ``before`` (:attr:`measure`), as the notes say it:
        「枚 → 千枚」, or with the kinds where the unit's word stayed (「%（件数）→ %（割合）」, not 「% → %」)."""
        was, now = self.measure_words(before)
        return f"{was} → {now}" if before.unit != self.unit else f"{was}→ {now}"

    def measure_words(self, before: Kpi) -> tuple[str, str]:
        """What ``before`` and this KPI are counted in, as a message quotes them: their units, with their kinds where
        the unit's word is the same (「%（件数）」「%（割合）」)."""
        if before.unit != self.unit:
            return before.unit, self.unit
        return f"{before.unit}（{KIND_WORDS[before.kind]}）", f"{self.unit}（{KIND_WORDS[self.kind]}）"

    @property
    def label(self) -> str:
        """The name charts and narrow columns show: the plan's ``short_name``, else the name."""
        return self.short_name or self.name

    @cached_property  # (derived from the plan's figures once: read for every value shown and every cell read)
    def below_zero(self) -> bool:
        """Whether the plan gives a figure of this KPI below zero (a 収支 of −50,000千円 → 0): then its 実績値 may be
        below zero too. Every other count or amount is 0 or more, a rate 0～100 % (a minus is a typo or an accounting
        「(120)」 there: V004)."""
        return not self.is_rate and any(v is not None and v < 0
                                        for v in (self.baseline, self.target, *self.yearly_targets.values()))

    @cached_property
    def decimals(self) -> int:
        """Decimals a value is shown with, in the KPI's unit: rates 1 (82.5 %), yen 0, counts 0 — or as many as the
        plan's own figures need, up to 3 (a baseline of 180.5時間: 1; 99.99 %: 2; 0.005件/千件 and 0.001 %: 3, which
        all printed 「0.0」 or 「100.0%」). Computations keep full precision."""
        if self.kind == "yen":
            return 0
        figures = [v * 100 if self.kind == "rate" else v
                   for v in (self.baseline, self.target, *self.yearly_targets.values()) if v is not None]
        needed = max((_places(v) for v in figures), default=0)
        return max(1 if self.kind == "rate" else 0, min(needed, MAX_DECIMALS))

    def shown(self, value: float) -> float:
        """``value`` rounded as displayed, half away from zero as a spreadsheet shows it (rates as
        fractions: 0.26667 → 0.267, 0.0625 → 0.063; 62.5人 → 63)."""
        return as_shown(value, self.decimals + 2 if self.kind == "rate" else self.decimals)

    def display(self, value: float | None, *, unit: bool = True) -> str:
        """As displayed: 「26.7%」, 「2施設」, 「180,000,000円」 (``unit=False``: without the unit)."""
        if value is None:
            return ""
        if self.kind == "rate":
            return percent(value, self.decimals)
        return fixed(value, self.decimals) + (self.unit if unit else "")

    @property
    def maintain(self) -> bool:
        """維持目標: target equals baseline."""
        return self.target == self.baseline

    @property
    def measured_from_first_year(self) -> bool:
        """No baseline in the plan: the first actual reported becomes it (docs/report.md)."""
        return self.baseline is None

    def reaches(self, value: float, target: float | None = None) -> bool:
        """Whether ``value`` is on the target's side (増加: ≥, 減少: ≤) of ``target`` (the KPI's own)."""
        target = self.target if target is None else target
        return value <= target if self.direction == DECREASE else value >= target


@dataclass(frozen=True)
class SectionMove:
    """One line of a reorganisation (組織改正): from fiscal ``year`` on, section ``old`` is (part of)
    ``new``. A rename is one move; two sections merged are two moves to one ``new``; a section split
    is two moves from one ``old`` (:mod:`reform_xlsx.plan.reorg`)."""

    year: int
    old: str
    new: str


@dataclass(frozen=True)
class Revision:
    """What a revision of the plan says about itself (改訂日, 適用年度, 理由). It is not the plan's
    content: two plans that differ only here are the same plan (:func:`reform_xlsx.plan.export.plan_digest`)."""

    effective_year: int | None = None  # 適用年度: None = from the plan's first year (the plan as published)
    revised_on: str = ""  # 改訂日, ISO (2028-03-15), "" when not given
    reason: str = ""


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    text: str


@dataclass(frozen=True)
class Plan:
    id: str
    version: str
    name: str
    published: str
    start_year: int
    end_year: int
    baseline_year: int
    headquarters_note: str
    committee_note: str
    sections: tuple[str, ...]
    grades: tuple[Grade, ...]
    judgement: Judgement
    areas: tuple[Area, ...]
    kpis: tuple[Kpi, ...]
    words: Words
    glossary: tuple[GlossaryTerm, ...] = ()
    moves: tuple[SectionMove, ...] = ()  # reorganisations so far (組織改正), in the order written
    revision: Revision = field(default=Revision(), compare=False)
    source: str = ""  # where it was loaded from (a file, 「(同梱) …」, or the ledger that keeps it)
    text: str = field(default="", repr=False, compare=False)  # the plan file as written (kept by the ledger)

    # --- the city's words ---------------------------------------------------------------
    @property
    def city(self) -> str:
        return self.words.city

    @property
    def headquarters(self) -> str:
        return self.words.headquarters

    @property
    def committee(self) -> str:
        return self.words.committee

    @property
    def office(self) -> str:
        """The reform office (取りまとめ課)."""
        return self.words.office

    @property
    def label(self) -> str:
        """How messages name the plan: 「第2次…行動計画」（ID …、版 …、計画ファイル …）."""
        where = f"、{self.source}" if self.source else ""
        return f"「{self.name}」（ID {self.id}、版 {self.version}{where}）"

    @property
    def two_level(self) -> bool:
        """Whether every 重点項目 is written in two levels (:attr:`Area.two_level`): the plan has no 取組区分 of its own."""
        return all(a.two_level for a in self.areas)

    def area_display(self, area: Area) -> str:
        """「重点項目1 行政のデジタル化…」 in the plan's words."""
        return area.display(self.words.area)

    @cached_property
    def _numbers(self) -> dict[str, str]:
        return {i.id: f"{i.area}-{i.number}" if self._areas_by_number[i.area].two_level else i.id for i in self.items}

    @cached_property
    def _ids_by_number(self) -> dict[str, str]:
        return {number: item_id for item_id, number in self._numbers.items() if number != item_id}

    def item_number(self, item: Item | str) -> str:
        """The item's number as every output shows it (form, 記入要領, packet, 公表用, mails, messages, the plan
        master): its ID 「2-1-3」, but 「1-3」 (1段目-番号) for an item of a 重点項目 of two levels (:attr:`Area.two_level`),
        as the town's plan numbers it — its 2段目 is never shown. The ID stays the key (ledger, the forms' rows); an ID
        this plan has not (an earlier version's, a KPI's item not in the plan) is numbered so too where its 1段目 is of
        two levels and its 2段目 that 1段目's one (「1-1-9」 → 「1-9」), else shown as it is."""
        item_id = item if isinstance(item, str) else item.id
        found = self._numbers.get(item_id)
        if found is not None:
            return found
        parts = item_id.split("-")
        if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
            return item_id
        area = self._areas_by_number.get(int(parts[0]))
        if area is not None and area.two_level and area.categories[0].number == int(parts[1]):
            return f"{parts[0]}-{parts[2]}"
        return item_id

    def item_id_of(self, typed: str) -> str:
        """The item ID a number as shown names (「1-3」 → 「1-1-3」, :meth:`item_number`); anything else as it is (an
        ID 「1-1-3」 stays one: forms and masters written before keep reading)."""
        return self._ids_by_number.get(typed, typed)

    # --- queries --------------------------------------------------------------------
    @cached_property
    def items(self) -> tuple[Item, ...]:
        """All 改革項目 in plan order."""
        return tuple(i for a in self.areas for i in a.items)

    @cached_property
    def categories(self) -> tuple[Category, ...]:
        return tuple(c for a in self.areas for c in a.categories)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def _kpis_by_id(self) -> dict[str, Kpi]:
        return {k.id: k for k in self.kpis}

    @property
    def items_by_id(self) -> Mapping[str, Item]:
        """The items by ID (one look, where a walk over :attr:`items` per section grew with the square of the plan)."""
        return self._items_by_id

    @property
    def kpis_by_id(self) -> Mapping[str, Kpi]:
        """The KPIs by ID."""
        return self._kpis_by_id

    def item(self, item_id: str) -> Item:
        return self._items_by_id[item_id]

    def kpi(self, kpi_id: str) -> Kpi:
        return self._kpis_by_id[kpi_id]

    def counted_otherwise(self, kpi: Kpi) -> Kpi | None:
        """``kpi`` as this plan (the version in force another year) counts it, when that is another unit or kind
        (:attr:`Kpi.measure`: a revision changed 枚 to 千枚) — its figures of that year are not comparable with
        ``kpi``'s; None when it counts it the same, or has no such KPI."""
        then = self._kpis_by_id.get(kpi.id)
        return None if then is None or then.measure == kpi.measure else then

    @cached_property
    def _areas_by_number(self) -> dict[int, Area]:
        return {a.number: a for a in self.areas}

    @cached_property
    def _categories_by_number(self) -> dict[tuple[int, int], Category]:
        return {(c.area, c.number): c for c in self.categories}

    def area(self, number: int) -> Area:
        return self._areas_by_number[number]

    def category(self, area: int, number: int) -> Category:
        return self._categories_by_number[(area, number)]

    @cached_property
    def unassigned_items(self) -> tuple[Item, ...]:
        """Items the plan names no section for yet (担当課未定), in plan order."""
        return tuple(i for i in self.items if not i.assigned)

    @cached_property
    def _items_by_section(self) -> dict[str, tuple[Item, ...]]:
        found: dict[str, list[Item]] = {}
        for item in self.items:
            for section in item.sections:
                found.setdefault(section, []).append(item)
        return {s: tuple(items) for s, items in found.items()}

    @cached_property
    def _kpis_by(self) -> tuple[dict[str, tuple[Kpi, ...]], dict[str, tuple[Kpi, ...]]]:
        by_owner: dict[str, list[Kpi]] = {}
        by_item: dict[str, list[Kpi]] = {}
        for kpi in self.kpis:
            by_owner.setdefault(kpi.owner, []).append(kpi)
            by_item.setdefault(kpi.item_id, []).append(kpi)
        return ({k: tuple(v) for k, v in by_owner.items()}, {k: tuple(v) for k, v in by_item.items()})

    def sections_in(self, year: int) -> tuple[str, ...]:
        """The sections asked to report for ``year`` (plan order): those with an item active that year or a KPI
        reported in it. A section whose items all start later (or end earlier) has nothing to answer: no form, and
        never 未提出."""
        return tuple(s for s in self.sections if self.items_for(s, year) or self.kpis_for(s, year))

    def section_named(self, typed: str) -> str | None:
        """The plan's section ``typed`` names, however its width and spaces were typed (「第2建設課」 for
        「第２建設課」, 「観光 課」); None when the plan has none."""
        if typed in self.sections:
            return typed
        return {section_key(s): s for s in self.sections}.get(section_key(typed))

    def items_for(self, section: str, year: int | None = None) -> tuple[Item, ...]:
        """The items a section is named on, in plan order (only those active in ``year`` if given)."""
        items = self._items_by_section.get(section, ())
        return items if year is None else tuple(i for i in items if i.active_in(year))

    def kpis_for(self, section: str, year: int | None = None) -> tuple[Kpi, ...]:
        """The KPIs a section reports (owns), in plan order (only those reported in ``year`` if given)."""
        kpis = self._kpis_by[0].get(section, ())
        return kpis if year is None else tuple(k for k in kpis if k.active_in(year))

    def kpis_in(self, year: int) -> tuple[Kpi, ...]:
        """The KPIs reported in ``year`` (a revision can add or retire KPIs), in plan order."""
        return tuple(k for k in self.kpis if k.active_in(year))

    @property
    def effective_year(self) -> int:
        """The first fiscal year this plan (this revision of it) is in force."""
        return self.revision.effective_year if self.revision.effective_year is not None else self.start_year

    def kpis_of_item(self, item_id: str) -> tuple[Kpi, ...]:
        return self._kpis_by[1].get(item_id, ())

    def require_year(self, year: int | str) -> int:
        """The fiscal year ``year`` (2026, "R8", "令和8年度" …) if it is in the plan period, else raise
        :class:`YearOutsidePlanError` (Japanese message naming the plan)."""
        try:
            year = as_fiscal_year(year)
        except FiscalYearError as exc:
            raise YearOutsidePlanError(str(exc)) from None
        if not self.start_year <= year <= self.end_year:
            found = self.year_outside(year)
            raise YearOutsidePlanError(found.message, found)
        return year

    def year_outside(self, year: int):
        """T008 for ``year``, outside the plan period: after its last year, the next plan is another plan, kept in a
        ledger of its own (this plan's years stay in this one); before its first, a --year or a plan mistaken."""
        from reform_xlsx.messages import Msg, problem

        end = format_fiscal_year(self.end_year)
        if year > self.end_year:
            advice = (f"この計画は{end}で終わりました。次の計画は、この計画の台帳とは別の新しい台帳に取り込みます: 新しい作業フォルダを"
                      "作り、そのフォルダで reform-xlsx plan import 次の計画.xlsx --db out/reform.db を実行して、次の計画の"
                      f"年度はそのフォルダで進めます（README「計画期間が終わったら」）。この計画の年度（{end}の訂正、計画期間の"
                      f"総括）は、これまでどおりこの計画の台帳で --year {short_fiscal_year(self.end_year)} などと指定します。")
        else:
            advice = "--year と、使う計画（--plan、reform-xlsx.toml、台帳に記録された計画）を確かめてください。"
        return problem(Msg.YEAR_OUTSIDE_PLAN, path="--year", fy=format_fiscal_year(year), plan=self.label,
                       period=format_period(self.start_year, self.end_year), advice=advice)

    def grade(self, code: str) -> Grade:
        return next(g for g in self.grades if g.code == code)

    def grade_change(self, before: str | None, now: str | None) -> int:
        """+1 when the grade improved from ``before`` to ``now`` (by the grades' ``rank``, 1 best),
        −1 when it fell, 0 when the same, unknown or either is missing."""
        ranks = {g.code: g.rank for g in self.grades}
        if before not in ranks or now not in ranks or ranks[before] == ranks[now]:
            return 0
        return 1 if ranks[now] < ranks[before] else -1

    def gives_target(self, kpi: Kpi, year: int) -> bool:
        """Whether the plan itself gives ``kpi``'s target for ``year`` (a yearly target, or the target of
        the plan's last year): else the 年度目標値 is worked out (参考・按分)."""
        return year in kpi.yearly_targets or year == self.end_year

    def year_target(self, kpi: Kpi, year: int, base: tuple[int, float] | None = None) -> float | None:
        """年度目標値: the plan's own, else b + (t − b)(Y − base)/(end − base) (docs/report.md).

        A KPI without a baseline in the plan is measured from ``base`` (the first year with an
        actual and that actual); without it (nothing reported yet) there is no 年度目標値: None — except in the
        plan's last year, whose target the plan gives (:meth:`gives_target`): the 目標値 itself."""
        if year in kpi.yearly_targets:
            return kpi.yearly_targets[year]
        if year == self.end_year:
            return kpi.target
        if kpi.baseline is None:
            if base is None or year < base[0]:
                return None
            first_year, baseline = base
            return baseline + (kpi.target - baseline) * self.expected_progress(year, first_year)
        return kpi.baseline + (kpi.target - kpi.baseline) * self.expected_progress(year)

    def expected_progress(self, year: int, from_year: int | None = None) -> float:
        """期待進捗 e = (Y − base)/(end − base): (Y − 6)/6 for the bundled plan (baseline R6, target
        R12). ``from_year``: the year a KPI without a plan baseline was first reported (its base).
        A base in the final year expects it all (1)."""
        base = self.baseline_year if from_year is None else from_year
        if self.end_year <= base:
            return 1.0
        return (year - base) / (self.end_year - base)

    def glossary_for(self, items: tuple[Item, ...]) -> tuple[GlossaryTerm, ...]:
        """Glossary terms that appear in these items' texts (name, 推進内容, 主な取組)."""
        text = "".join(i.name + i.content + "".join(i.actions) for i in items)
        return tuple(g for g in self.glossary if _term_key(g.term) in _term_key(text))


def _term_key(text: str) -> str:
    return text.replace(" ", "").replace("サイクル", "").upper()


def section_key(name: str) -> str:
    """A section name as compared with what someone typed: full-width and half-width alike, spaces left out."""
    return "".join(unicodedata.normalize("NFKC", name).split())
