"""The checks an officer makes by eye, run on one return's answers after they are read (pure).

Each check is one function over the file's answers (:class:`~reform_xlsx.records.Answer`, which
carry their sheet and cell) and returns catalogue problems at the cell. What the ledger knew
before this year — last year's KPI actuals, each item's earlier 財政効果額 — comes in as a
:class:`Prior` (plain data: it travels to the worker processes). Why each threshold is what it
is, in short (the full reasons are in docs/intake.md):

- **V014, error** — an item in one of the plan's ``behind`` grades (遅れ, 未着手) without 取組実績 or
  課題・今後の方針: the 本部会議 reads exactly these items, one by one, and a blank leaves it
  nothing to discuss; writing the reason takes the section a minute, so the file goes back.
- **V015, warning** — a count or yen KPI more than :data:`PLAUSIBLE_FACTOR` (10) times the larger of
  its baseline and target, or under a tenth of the smaller: a slip of 千/万 or a missing 万 is a
  factor of 10 or more, while a real figure of the plan's period stays between the two (a warning:
  a count that starts near zero may truly jump).
- **V016, warning** — a KPI at :data:`JUMP_FACTOR` (3) times or a third of last year's value *and* moved
  by more than the plan's whole baseline→target span in one year: decimal and unit slips (82 % →
  8.2 %) are factors of 10; the plan expects a sixth of the span a year; the span condition keeps a
  count going 1 → 3 from being questioned.
- **V017, warning** — a KPI that moved against its target's direction by more than half the span:
  three years of the progress the plan expects, undone in one.
- **V018, warning** — 財政効果額 over :data:`EFFECT_JUMP` (10) times the item's largest earlier amount,
  or, for an item without earlier amounts, over the plan's scale (:func:`effect_scale`: the largest
  yearly money effect the plan itself targets). 千円 written as 円 is a factor of 1,000.
- **V019, warning** — the 回答者欄 without a name: the office can still use the answers and call the
  section's contact in the directory.
- **V029, warning** — what a drag of the fill handle leaves: :data:`FILL_RUN` (3) or more rows of one column in a row,
  their numbers (財政効果額, 実績値, as shown) or the one number in an otherwise same text stepping by exactly 1 —
  Calc counts a dragged 100000 on to 100001, 100002 and 82.5 % on to 83.5 %, Excel and Calc a 「その1」 on to 「その2」. Yen a yen apart are never
  real; three KPIs under :data:`SMALL_COUNT` (1, 2, 3 施設) may be, so those need :data:`FILL_RUN_SMALL` (4) rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reform_xlsx.form import layout
from reform_xlsx.intake.normalise import NONE_DASHES, nfkc, unit_size
from reform_xlsx.intake.normalise import quoted as normalise_quoted
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.model import DECREASE, Kpi, Plan
from reform_xlsx.records import Answer
from reform_xlsx.wareki import format_fiscal_year

if TYPE_CHECKING:
    import pandas as pd

PLAUSIBLE_FACTOR = 10.0
JUMP_FACTOR = 3.0
AGAINST_SHARE = 0.5  # of the baseline→target span
EFFECT_JUMP = 10.0
DEFAULT_EFFECT_SCALE = 10_000_000  # yen: a plan with no money KPI
FILL_RUN = 3  # rows stepping by 1 that V029 asks about
FILL_RUN_SMALL = 4  # … when they are 実績値 all under SMALL_COUNT: 1, 2, 3 施設 in three KPIs happens
SMALL_COUNT = 10


@dataclass(frozen=True)
class Prior:
    """What the ledger held before this year's returns (for the checks that compare)."""

    year: int | None = None  # the year of ``kpi_actuals`` (the year before)
    kpi_actuals: dict[str, float] = field(default_factory=dict)  # KPI ID → last year's actual
    effect_max: dict[str, int] = field(default_factory=dict)  # item ID → its largest earlier 財政効果額
    effect_scale: float = DEFAULT_EFFECT_SCALE




def yen_per_unit(kpi) -> int | None:
    """How many yen one of ``kpi``'s units is, or None when it does not count money."""
    if kpi.kind == "yen":
        return 1
    size = unit_size(kpi.unit)
    return size[0] if size is not None and size[1] == "円" else None


def effect_scale(plan: Plan) -> float:
    """The plan's scale of money: the largest yearly change any of its money KPIs targets, in yen — a yen KPI
    or one counted in 千円・百万円 (ふるさと納税 1億5千万円 → 2億5千万円 over six years: about 1,667万円 a year)."""
    years = max(plan.end_year - plan.baseline_year, 1)
    changes = [abs(k.target - k.baseline) * yen_per_unit(k) / years for k in plan.kpis
               if yen_per_unit(k) is not None and k.baseline is not None]
    return max(changes) if changes and max(changes) > 0 else DEFAULT_EFFECT_SCALE


def prior_from_answers(plan: Plan, answers: pd.DataFrame | None, year: int, last_plan: Plan | None = None) -> Prior:
    """The :class:`Prior` for ``year`` from the answers table of earlier years (the ledger's). ``last_plan``: the plan
    in force the year before; a KPI it counted in another unit or kind (枚, now 千枚) has no last year's actual to
    compare with — that figure is in the old unit (never converted, L021): against it a right 5,900千枚 was
    「6,000,000千枚 の約1017分の1」 (V016) and a 5,900,000 typed in the old unit passed unquestioned (V015 now asks)."""
    scale = effect_scale(plan)
    if answers is None or answers.empty:
        return Prior(None, {}, {}, scale)
    earlier = answers[answers["year"] < year]
    last = earlier[(earlier["year"] == year - 1) & (earlier["kind"] == "kpi") & (earlier["field"] == "actual")]
    actuals: dict[str, float] = {}
    for row in last.itertuples(index=False):
        if isinstance(row.value, (int, float)) and not isinstance(row.value, bool):
            try:
                kpi = plan.kpi(str(row.id))
                before = last_plan.kpi(kpi.id) if last_plan is not None else kpi
            except KeyError:
                continue
            if before.measure != kpi.measure:
                continue
            if row.section == kpi.owner or row.id not in actuals:
                actuals[str(row.id)] = float(row.value)
    effects: dict[str, int] = {}
    spent = earlier[(earlier["kind"] == "item") & (earlier["field"] == "effect_yen")]
    for row in spent.itertuples(index=False):
        if isinstance(row.value, (int, float)) and not isinstance(row.value, bool) and row.value > 0:
            effects[str(row.id)] = max(effects.get(str(row.id), 0), int(row.value))
    return Prior(year - 1 if actuals else None, actuals, effects, scale)


def check(answers: list[Answer], plan: Plan, prior: Prior | None, file: str,
          shown: Callable[[tuple[str, str, str]], str | None] | None = None,
          stored: dict[tuple[str, str, str], float] | None = None) -> list[Problem]:
    """Every officer's check over one file's answers; ``shown``: a number as its cell shows it (「1,234,567」 under the
    form's 「#,##0」) for a (kind, row ID, column key), which the messages quote as the reader's (V003–V008) do (asked
    only for a number a message quotes); ``stored``: the number each 財政効果額・実績値 cell shows, by the same key (as a
    fill handle steps it — 82.5 for a %-formatted 82.5 % — before it was read as a rate or in the KPI's unit)."""
    prior = prior or Prior(effect_scale=effect_scale(plan))
    by_key = {(a.kind, a.id, a.field): a for a in answers}
    found: list[Problem] = []
    found += behind_unexplained(by_key, plan, file)
    found += kpi_checks(by_key, plan, prior, file, shown)
    found += effect_checks(by_key, prior, file)
    found += respondent_blank(by_key, file)
    found += fill_series(answers, file, shown, stored)
    return found


def _at(msg: Msg, a: Answer, file: str, **params: object) -> Problem:
    return problem(msg, file=file, sheet=a.sheet, cell=a.cell, row_id=a.id, column=a.field, **params)


def behind_unexplained(by_key: dict, plan: Plan, file: str) -> list[Problem]:
    """V014: a grade of the plan's ``behind`` ones (遅れ, 未着手) with 取組実績 or 課題・今後の方針 blank."""
    behind = {g.code: g.display for g in plan.grades if g.behind}
    found = []
    for (kind, id_, field_), a in by_key.items():
        if kind != "item" or field_ != "grade" or a.value not in behind:
            continue
        for key in ("result", "plan_next"):
            text = by_key.get(("item", id_, key))
            state = _unexplained(text) if text is not None else None
            if state is not None:
                found.append(_at(Msg.INTAKE_BEHIND_UNEXPLAINED, text, file, id=plan.item_number(id_),
                                 grade=behind[a.value],
                                 label=layout.item_label(key), state=state,
                                 meeting=plan.words.headquarters_meeting))
    return found


def _unexplained(text: Answer) -> str | None:
    """How a text cell says nothing — 「空欄」 (blank, spaces or line breaks only), 「「－」だけ」 (a dash, the mark
    for "none") — or None when it says something (or could not be read: its own error says why)."""
    if text.value is None:
        return "空欄" if text.raw is None or not str(text.raw).strip() else None
    if isinstance(text.value, str) and set(layout.compact_text(text.value)) <= NONE_DASHES:
        return f"「{text.value}」だけ"
    return None


def _shown(kpi: Kpi, value: float) -> str:
    return kpi.display(value)


def _amount(kpi: Kpi, value: float) -> str:
    """A size of change: rates in points (「7.0ポイント」), others in the KPI's unit."""
    if kpi.is_rate:
        return f"{abs(value) * 100:.1f}ポイント"
    return kpi.display(abs(value))


def _factor(ratio: float) -> str:
    if ratio >= 1:
        return f"約{ratio:.0f}倍" if ratio >= 10 else f"約{ratio:.1f}倍"
    inverse = 1 / ratio
    return f"約{inverse:.0f}分の1" if inverse >= 10 else f"約{inverse:.1f}分の1"


def kpi_checks(by_key: dict, plan: Plan, prior: Prior, file: str,
               shown: Callable[[tuple[str, str, str]], str | None] | None = None) -> list[Problem]:
    """V016 and V017 against last year's value; V015 (plausible range) where there is none to compare. The value is
    quoted as its cell shows it (``shown``), else as typed."""
    found = []
    for (kind, id_, field_), a in by_key.items():
        if kind != "kpi" or field_ != "actual" or not isinstance(a.value, (int, float)) or isinstance(a.value, bool):
            continue
        try:
            kpi = plan.kpi(id_)
        except KeyError:
            continue
        value, label = float(a.value), layout.kpi_label("actual")
        key = (kind, id_, field_)

        def quoted(a=a, kpi=kpi, value=value, key=key) -> str:
            return (shown(key) if shown else None) or a.raw or _shown(kpi, value)
        figures = [abs(v) for v in (kpi.baseline, kpi.target) if v is not None]  # a KPI may have no baseline yet
        span = abs(kpi.target - kpi.baseline) if kpi.baseline is not None else 0.0
        previous = prior.kpi_actuals.get(id_)
        if previous is not None:
            year = format_fiscal_year(prior.year) if prior.year else "前年度"
            ratio = value / previous if previous > 0 and value > 0 else None
            moved = abs(value - previous)
            if ratio is not None and (ratio >= JUMP_FACTOR or ratio <= 1 / JUMP_FACTOR) and moved > (span or abs(previous)):
                found.append(_at(Msg.INTAKE_KPI_JUMP, a, file, label=label, raw=quoted(), year=year,
                                 previous=_shown(kpi, previous), factor=_factor(ratio)))
                continue
            against = (value - previous) * (-1 if kpi.direction == DECREASE else 1)
            if span and against < 0 and -against > AGAINST_SHARE * span:
                found.append(_at(Msg.INTAKE_KPI_AGAINST_TARGET, a, file, label=label, raw=quoted(), year=year,
                                 previous=_shown(kpi, previous), direction=kpi.direction,
                                 change=_amount(kpi, against), span=_amount(kpi, span)))
            continue
        if kpi.is_rate:
            continue  # a rate outside 0–100 % is an error already (V004)
        high, low = max(figures), min(figures)
        rule = None
        if high > 0 and value > PLAUSIBLE_FACTOR * high:
            rule = f"大きい方の {PLAUSIBLE_FACTOR:.0f} 倍を超えています"
        elif low > 0 and 0 < value < low / PLAUSIBLE_FACTOR:
            rule = f"小さい方の {PLAUSIBLE_FACTOR:.0f} 分の1 未満です"
        if rule:
            found.append(_at(Msg.INTAKE_KPI_IMPLAUSIBLE, a, file, label=label, raw=quoted(),
                             baseline=_shown(kpi, kpi.baseline) if kpi.baseline is not None else "（なし）",
                             target=_shown(kpi, kpi.target), rule=rule))
    return found


def effect_checks(by_key: dict, prior: Prior, file: str) -> list[Problem]:
    """V018: 財政効果額 far above the item's earlier amounts, or (without any) above the plan's scale."""
    found = []
    for (kind, id_, field_), a in by_key.items():
        if kind != "item" or field_ != "effect_yen" or not isinstance(a.value, int) or a.value <= 0:
            continue
        before = prior.effect_max.get(id_)
        if before:
            if a.value > EFFECT_JUMP * before:
                basis = f"この項目のこれまでの最大額 {before:,}円 の{_factor(a.value / before)}です"
            else:
                continue
        elif a.value > prior.effect_scale:
            basis = (f"計画の規模（計画が金額で目標を定めた指標の1年あたりの最大の変化 {prior.effect_scale:,.0f}円）"
                     "を超えています")
        else:
            continue
        found.append(_at(Msg.INTAKE_EFFECT_LARGE, a, file, label=layout.item_label("effect_yen"),
                         raw=a.raw if a.raw and not a.raw.strip().isdigit() else f"{a.value:,}", basis=basis))
    return found


def respondent_blank(by_key: dict, file: str) -> list[Problem]:
    """V019: the 回答者欄 without the person's name (and the extension, said when it is blank too)."""
    person = by_key.get(("respondent", layout.RESPONDENT_ID, "person"))
    if person is None or person.value is not None:
        return []
    extension = by_key.get(("respondent", layout.RESPONDENT_ID, "extension"))
    extra = "と内線" if extension is None or extension.value is None else ""
    return [_at(Msg.INTAKE_RESPONDENT_BLANK, person, file, label=layout.respondent_label("person"), extra=extra)]


# --- V029: what a drag of the fill handle leaves ----------------------------------------------------------------
_NUMBER_FIELDS = ("effect_yen", "actual")
_TEXT_FIELDS = ("result", "plan_next", "note", "response")
_ROW = re.compile(r"^[A-Z]{1,3}(\d+)$")
_DIGITS = re.compile(r"(\d+)")
_LENGTH_SLACK = 3  # characters a text may differ from the row next to it by and be a copy of it with a number moved
_QUOTED_RUN = 6  # values a V029 message lists; a longer run is cut in the middle (「…」)


def _label(kind: str, field_: str) -> str:
    if field_ == layout.RESPONSE_COLUMN.key:
        return layout.RESPONSE_COLUMN.label
    return layout.kpi_label(field_) if kind == "kpi" else layout.item_label(field_)


def text_numbers(text: str, own_id: str = "") -> tuple[str | int, ...] | None:
    """``text`` as its words and numbers in turn (NFKC: 「１」 is 1), or None without a number. The row's own ID
    (「1-2-3 を実施」) is a word: the IDs of rows in turn step by 1 as the rows do, and say nothing of a fill."""
    text = nfkc(text)
    if own_id:
        text = text.replace(nfkc(own_id), "\x00")
    parts = _DIGITS.split(text)
    if len(parts) == 1:
        return None
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def _step(before: object, after: object) -> tuple[int, int] | None:
    """How ``after`` follows ``before`` as a fill handle counts: (which number, +1 or -1) — (-1, ±1) for numbers, the
    index of the one number that moved in a text whose words and other numbers stay — else None."""
    if isinstance(before, float) and isinstance(after, float):
        for way in (1, -1):
            if math.isclose(after - before, way, rel_tol=0, abs_tol=1e-9):
                return (-1, way)
        return None
    if not isinstance(before, tuple) or not isinstance(after, tuple) or len(before) != len(after):
        return None
    moved = [i for i, (b, a) in enumerate(zip(before, after)) if b != a]
    if len(moved) != 1 or moved[0] % 2 == 0 or abs(after[moved[0]] - before[moved[0]]) != 1:
        return None
    return (moved[0], after[moved[0]] - before[moved[0]])


def _runs(cells: list[tuple[int, Answer, object]]) -> list[tuple[list[tuple[int, Answer, object]], tuple[int, int]]]:
    """The longest stretches of rows in turn (sheet rows one after another) where each value follows the one above by
    the same step (:func:`_step`)."""
    found, run, step = [], [], None
    for before, after in zip(cells, cells[1:]):
        now = _step(before[2], after[2]) if after[0] == before[0] + 1 else None
        if now is not None and now == step:
            run.append(after)
            continue
        if step is not None:
            found.append((run, step))
        run, step = ([before, after], now) if now is not None else ([], None)
    if step is not None:
        found.append((run, step))
    return found


def _text_cells(cells: list[tuple[int, Answer, str]]) -> list[tuple[int, Answer, object]]:
    """A text column's cells as :func:`_runs` compares them (:func:`text_numbers`), only those that may be part of a
    run: with a number, and a row next to them whose text is about as long (a copy whose one number moved by 1, the row's
    own ID in it maybe one digit longer). The rest — long answers of their own — are not taken apart, word by word."""
    length = {r: len(text) for r, _a, text in cells}
    kept = []
    for r, a, text in cells:
        if not any(abs(length.get(r + d, -9) - length[r]) <= _LENGTH_SLACK for d in (-1, 1)):
            continue
        if (value := text_numbers(text, a.id)) is not None:
            kept.append((r, a, value))
    return kept


def fill_series(answers: list[Answer], file: str, shown: Callable[[tuple[str, str, str]], str | None] | None = None,
                stored: dict[tuple[str, str, str], float] | None = None) -> list[Problem]:
    """V029 at each cell a drag of the fill handle would have written: rows in turn of one column whose numbers
    (財政効果額・実績値, as the cells show them: ``stored``; Calc counts a %-formatted 82.5 % on to 83.5 %; a 進捗状況
    typed as a digit of a scale 5～1: :func:`_typed_digit_grade`) or whose
    texts' one moving number step by exactly 1, :data:`FILL_RUN` rows or more (:data:`FILL_RUN_SMALL` for 実績値 all
    under :data:`SMALL_COUNT`). The cell the numbers grow from (the top one, or the bottom one where they fall: dragged
    upwards) is the one typed, and is not questioned."""
    columns: dict[tuple[str, str, str], list[tuple[int, Answer, object]]] = {}
    texts: dict[tuple[str, str, str], list[tuple[int, Answer, str]]] = {}
    for a in answers:
        row = _ROW.match(a.cell or "")
        if row is None:
            continue
        value: object = None
        if a.field in _NUMBER_FIELDS and a.kind in ("item", "kpi"):
            value = (stored or {}).get((a.kind, a.id, a.field))
            if value is None and isinstance(a.value, (int, float)) and not isinstance(a.value, bool):
                value = float(a.value)
            if value is not None and not math.isfinite(value):
                value = None
        elif _typed_digit_grade(a):
            value = float(a.value)
        elif a.field in _TEXT_FIELDS and isinstance(a.value, str):
            texts.setdefault((a.sheet, a.kind, a.field), []).append((int(row.group(1)), a, a.value))
            columns.setdefault((a.sheet, a.kind, a.field), [])  # (its place among the columns, as read)
        if value is not None:
            columns.setdefault((a.sheet, a.kind, a.field), []).append((int(row.group(1)), a, value))
    for key, cells in texts.items():
        columns[key] = _text_cells(cells)
    found = []
    for (_sheet, kind, field_), cells in columns.items():
        cells.sort(key=lambda c: c[0])
        for run, (index, way) in _runs(cells):
            small = field_ == "actual" and all(abs(v) < SMALL_COUNT for _r, _a, v in run)
            if len(run) < (FILL_RUN_SMALL if small else FILL_RUN):
                continue
            found += _say_series(run, index, way, kind, field_, file, shown)
    said: set[tuple[str | None, str | None]] = set()  # once a cell: the top of 1, 2, 3, 2, 1 ends two runs
    return [p for p in found if (p.sheet, p.cell) not in said and not said.add((p.sheet, p.cell))]


def _typed_digit_grade(a: Answer) -> bool:
    """A 進捗状況 of a scale of digits (5～1) typed as its bare number, which a drag of the fill handle counts on (1, 2,
    3 … each a grade of the scale); not one picked from the drop-down (「3 予定どおり」), whose drag makes no grade."""
    return (a.field == "grade" and a.kind == "item" and isinstance(a.value, str) and a.value.isdigit()
            and (a.raw or "").strip() == a.value)


def _say_series(run: list[tuple[int, Answer, object]], index: int, way: int, kind: str, field_: str, file: str,
                shown: Callable[[tuple[str, str, str]], str | None] | None) -> list[Problem]:
    def quoted(a: Answer, value: object) -> str:
        if index >= 0:
            return str(value[index])
        return (shown((a.kind, a.id, a.field)) if shown else None) or a.raw or f"{value:,.10g}"

    values = [f"「{quoted(a, v)}」" for _r, a, v in run]
    if len(values) > _QUOTED_RUN:
        values = values[:_QUOTED_RUN - 2] + ["…"] + values[-2:]
    typed = run[0] if way > 0 else run[-1]
    first, last = run[0][1].cell, run[-1][1].cell
    what = "数" if index < 0 else "文中の数"
    source = (f"{typed[1].cell} の「{normalise_quoted(typed[1].raw or '')}」" if index >= 0
              else f"{typed[1].cell} の「{quoted(typed[1], typed[2])}」")
    label = _label(kind, field_)
    return [_at(Msg.INTAKE_FILL_SERIES, a, file, label=label,
                raw=quoted(a, v) if index < 0 else normalise_quoted(a.raw or ""), range=f"{first}～{last}",
                count=len(run), what=what, values="、".join(values), way="増えて" if way > 0 else "減って", source=source)
            for cell in run if cell is not typed for _r, a, v in [cell]]
