"""Join the accepted answers to the plan and roll them up (pandas; no I/O).

- :func:`item_answers`: every 改革項目 × each of its sections, in plan order, with that
  section's 進捗状況 (grade code), 取組実績, 課題・今後の方針, 財政効果額. An item shared by
  DX推進課 and 市民課 has one row for each. A section that answered an item it is not named on
  keeps its answer (a row after the named ones, ``named`` False): nothing is dropped. An item
  the plan names no section for yet has one row 「担当課未定」 (``assigned`` False): shown, never
  counted (no one was asked).
- :func:`kpi_results`: every KPI with its owner's actual and its attainment. When two
  sections report different values for one KPI the row is flagged (``check``); the owner's
  value is used, and without one no value is chosen (未報告).
- :func:`rollup`: per 重点項目 and in total: grade counts, KPI 判定 counts, 財政効果額,
  answered rows (submission completeness). :func:`trend` does it for every year present.
- :func:`section_summary`: the same per section, with its submission status.
- Year on year (from the plan's second year): :func:`with_previous_grades` (each answer's grade
  the year before and whether it rose or fell — a section a reorganisation renamed compared with
  itself under its old name), :func:`with_previous_actuals` (each KPI's actual the year before and
  the change), :func:`kpi_history` (every year's actual, for the charts). Each earlier year is
  judged with the plan in force that year (``plan_for``: its revision), never with today's.
- :func:`shared_effects`: items whose 財政効果額 comes from two or more sections, with their
  subtotal; identical amounts are flagged (R005) — every amount stays in the total.

Counts of grades are counts of answers (item × section rows), the unit the meeting reads.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from reform_xlsx import records as ans
from reform_xlsx.form.content import (
    answered_words,
    headed,
    item_reviews,
    reviews_as_now,
    reviews_by_item,
)
from reform_xlsx.ledger.checks import same_amount_problem, same_shared_amounts
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.attainment import JUDGEMENTS, kpi_attainment
from reform_xlsx.plan.model import DECREASE, UNASSIGNED, Kpi, Plan
from reform_xlsx.plan.reorg import left_item, successor_for
from reform_xlsx.records import Answer

PlanFor = Callable[[int], Plan]  # the plan in force for a year (its revision: plan.revisions.Revisions.for_year)

ITEM_FIELDS = ("grade", "result", "plan_next", "effect_yen")
TOTAL = "合計"


def _year_rows(answers: pd.DataFrame, year: int, kind: str) -> pd.DataFrame:
    rows = answers[(answers["year"] == year) & (answers["kind"] == kind)]
    # One value per (section, id, field): the intake keeps only the newest accepted file,
    # but if a table still holds two, the later row wins.
    return rows.drop_duplicates(["section", "id", "field"], keep="last")


def item_answers(plan: Plan, answers: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per item × section (plan order), with the section's answers for ``year``."""
    facts = pd.DataFrame([{"item_id": i.id, "area": i.area, "category": i.category,
                           "number": i.number, "name": i.name} for i in plan.items]).set_index("item_id")
    named = pd.DataFrame([{"item_id": i.id, "section": s, "named": True}  # asked this year
                          for i in plan.items if i.active_in(year) for s in (i.sections or (UNASSIGNED,))],
                         columns=["item_id", "section", "named"])
    rows = _year_rows(answers, year, "item")
    rows = rows[rows["field"].isin(ITEM_FIELDS)]  # an 意見への対応 alone (an item ended last year) asks no row here
    wide = (rows.pivot(index=["id", "section"], columns="field", values="value")
            .reindex(columns=list(ITEM_FIELDS)).reset_index().rename(columns={"id": "item_id"})
            if len(rows) else pd.DataFrame(columns=["item_id", "section", *ITEM_FIELDS]))
    merged = named.merge(wide, on=["item_id", "section"], how="outer")
    merged = merged[merged["item_id"].isin(facts.index)]  # unknown IDs never pass the intake
    merged = merged.join(facts, on="item_id")
    merged["named"] = merged["named"].eq(True)  # a section answering an item it is not named on
    merged["_order"] = merged["item_id"].map({i.id: n for n, i in enumerate(plan.items)})
    merged["_section_order"] = [_section_rank(plan, i, s)
                                for i, s in zip(merged["item_id"], merged["section"])]
    merged = merged.sort_values(["_order", "_section_order", "section"], kind="stable")
    for col in ITEM_FIELDS:  # NaN from the outer join → None, the answers table's blank
        merged[col] = merged[col].astype(object).where(merged[col].notna(), None)
    merged["answered"] = merged["grade"].notna()
    merged["assigned"] = merged["item_id"].map({i.id: i.assigned for i in plan.items}).astype(bool)
    cols = ["area", "category", "item_id", "number", "name", "section", "named",
            *ITEM_FIELDS, "answered", "assigned"]
    return merged[cols].reset_index(drop=True)


def ended_responses(plan: Plan, answers: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows :func:`item_answers` has no place for: each section's 意見への対応 of ``year`` to last year's word on
    an item that ended before ``year`` (its 「意見への対応」 sheet still asks it: :func:`~reform_xlsx.form.content.responding_items`),
    as :func:`item_answers` rows with nothing asked this year (no grade, never counted) and ``ended`` True."""
    rows = _year_rows(answers, year, "item")
    rows = rows[rows["field"].eq("response")]
    ended = {i.id: i for i in plan.items if i.end < year}
    records = [{"area": ended[str(r.id)].area, "category": ended[str(r.id)].category, "item_id": str(r.id),
                "number": ended[str(r.id)].number, "name": ended[str(r.id)].name, "section": r.section,
                "named": str(r.section) in ended[str(r.id)].sections, **dict.fromkeys(ITEM_FIELDS),
                "answered": False, "assigned": True}
               for r in rows.itertuples(index=False) if str(r.id) in ended]
    order = {i.id: n for n, i in enumerate(plan.items)}
    records.sort(key=lambda r: (order[r["item_id"]], _section_rank(plan, r["item_id"], r["section"])))
    frame = pd.DataFrame.from_records(records, columns=["area", "category", "item_id", "number", "name", "section",
                                                       "named", *ITEM_FIELDS, "answered", "assigned"])
    return frame.astype({c: object for c in ITEM_FIELDS})


def _section_rank(plan: Plan, item_id: str, section: str) -> int:
    """Named sections in the plan's order for the item, then others in plan.sections order."""
    named = plan.item(item_id).sections
    if section in named:
        return named.index(section)
    others = plan.sections.index(section) if section in plan.sections else len(plan.sections)
    return len(named) + others


def _fmt(kpi: Kpi, value: float) -> str:
    return kpi.display(value)


def _same(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def _reported(rows: pd.DataFrame) -> tuple[dict[str, dict[str, object]], dict[tuple[str, str], object]]:
    """One pass over one year's KPI rows (blanks left out): KPI ID → {section: actual}, and
    (KPI ID, section) → note."""
    found: dict[str, dict[str, object]] = {}
    notes: dict[tuple[str, str], object] = {}
    for r in rows[rows["value"].notna()].itertuples(index=False):
        if r.field == "actual":
            found.setdefault(r.id, {})[r.section] = r.value
        elif r.field == "note":
            notes.setdefault((r.id, r.section), r.value)
    return found, notes


def _resolve(kpi: Kpi, reported: dict[str, object]) -> tuple[object, Msg | None]:
    """The actual used for a KPI (its owner's; without one, the others' when they agree) and the
    R code to raise, if any."""
    others = [v for s, v in reported.items() if s != kpi.owner]
    actual = reported.get(kpi.owner)
    if kpi.owner in reported:
        return actual, (Msg.REPORT_KPI_CONFLICT if any(not _same(v, actual) for v in others) else None)
    if not others:
        return None, None
    if all(_same(v, others[0]) for v in others):
        return others[0], Msg.REPORT_KPI_NOT_OWNER
    return None, Msg.REPORT_KPI_UNRESOLVED


def first_actuals(plan: Plan, answers: pd.DataFrame, year: int,
                  plan_for: PlanFor | None = None) -> dict[str, tuple[int, float]]:
    """For each KPI without a baseline in the plan: the first year of the plan (up to ``year``)
    with an actual, and that actual — its baseline (docs/report.md). Only an actual reported in the unit and
    kind ``plan`` counts the KPI in (``plan_for``: the plan in force each year): a revision that changed them
    (枚 → 千枚) restarts the measurement, and the first actual in the new unit is the baseline — 6,100,000枚
    is no base for 5,950千枚 (the ledger never converts, L021)."""
    measured = [k for k in plan.kpis if k.baseline is None]
    found: dict[str, tuple[int, float]] = {}
    for y in years_in(answers, year):
        if y < plan.start_year or len(found) == len(measured):
            continue
        reported, _ = _reported(_year_rows(answers, y, "kpi"))
        then = plan_for(y) if plan_for is not None else plan
        for kpi in measured:
            if kpi.id not in found and then.counted_otherwise(kpi) is None:
                value, _ = _resolve(kpi, reported.get(kpi.id, {}))
                if value is not None:
                    found[kpi.id] = (y, float(value))
    return found


def actuals_left_out(plan: Plan, answers: pd.DataFrame, year: int, plan_for: PlanFor | None = None, *,
                     final: bool = False) -> list[Problem]:
    """R009: 実績値 the ledger accepted for a year (up to ``year``) in which the plan in force then does not report the
    KPI — KPI達成状況, KPI推移 and 計画期間の総括 leave them out (「－」), without a word before. A ledger kept over a
    change of rule holds them: a KPI that gives no years of its own has its item's years (an older reform-xlsx gave it
    the plan's period and asked for it on every form), so an item with 開始年度 令和10年度 left its KPI's 令和8年度
    実績値 in the ledger and out of every sheet. The ledger is not changed; the office is told what to revise."""
    from reform_xlsx.wareki import format_fiscal_year, format_period

    def span(start: int, end: int) -> str:
        return format_fiscal_year(start) if start == end else format_period(start, end)

    left: dict[str, dict[int, set[str]]] = {}  # KPI ID → year → sections
    for y in years_in(answers, year):
        if not plan.start_year <= y:
            continue
        then = plan_for(y) if plan_for is not None else plan
        reported, _ = _reported(_year_rows(answers, y, "kpi"))
        for kpi_id, by_section in reported.items():
            kpi = then.kpis_by_id.get(kpi_id)
            if kpi is None or not kpi.active_in(y):
                left.setdefault(kpi_id, {}).setdefault(y, set()).update(by_section)
    out = []
    for kpi_id, by_year in left.items():
        years = sorted(by_year)
        named = "・".join(format_fiscal_year(y) for y in years)
        then = plan_for(years[-1]) if plan_for is not None else plan
        kpi = then.kpis_by_id.get(kpi_id) or plan.kpis_by_id.get(kpi_id)  # (its name, from a plan that has it)
        item = then.items_by_id.get(kpi.item_id) if kpi is not None else None
        which = f"（適用年度を{format_fiscal_year(years[0])}に）"
        if kpi_id not in then.kpis_by_id:
            why = f"{format_fiscal_year(years[-1])}の計画（版 {then.version}）にこの KPI がない"
            advice = (f"会議資料に載せるときは、plan import で計画を改訂し{which}、KPI {kpi_id} を計画に戻します。"
                      "載せなくてよい実績値なら、このままで構いません。")
        elif item is not None and (item.start, item.end) == (kpi.start, kpi.end):
            why = (f"KPI に開始年度・終了年度を書いていないので、{then.words.item} {then.item_number(item)} の実施年度"
                   f"（{span(item.start, item.end)}）。reform-xlsx の前の版は計画期間の全年度としていました")
            advice = (f"会議資料に載せるときは、plan import で計画を改訂し{which}、{then.words.item} {then.item_number(item)} の"
                      f"開始年度・終了年度に{named}を含めます（KPI にだけ年度を書くと、{then.words.item}の実施年度の外"
                      "なので P033 になります）。載せなくてよい実績値なら、このままで構いません。")
        else:
            why = f"報告する年度は{span(kpi.start, kpi.end)}"
            advice = (f"会議資料に載せるときは、plan import で計画を改訂し{which}、KPI {kpi_id} の開始年度・終了年度に"
                      f"{named}を含めます。載せなくてよい実績値なら、このままで構いません。")
        sheets = ["KPI達成状況"] if year in by_year else []
        sheets += ["KPI推移"] + (["計画期間の総括"] if final else [])
        sections = sorted({s for found in by_year.values() for s in found},
                          key=lambda s: (plan.sections.index(s) if s in plan.sections else len(plan.sections), s))
        out.append(problem(Msg.REPORT_KPI_ACTUALS_LEFT_OUT, kpi=kpi_id, name=kpi.name if kpi is not None else "",
                           years=named, sections="・".join(sections), why=why, sheets="・".join(sheets),
                           advice=advice))
    return out


KPI_RESULT_COLUMNS = ("kpi_id", "item_id", "area", "name", "kind", "unit", "direction", "baseline", "base_year",
                      "measured", "target", "year_target", "planned_target", "expected", "actual", "progress",
                      "judgement", "owner", "note", "reported_by", "check")


def kpi_results(plan: Plan, answers: pd.DataFrame, year: int,
                plan_for: PlanFor | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per KPI (plan order) with its actual and attainment; problems for conflicts.

    ``baseline`` and ``base_year`` are those the attainment used: the plan's, or for a KPI without
    one in the plan its first actual reported in its unit and that year (None before it is reported;
    :func:`first_actuals`, with ``plan_for`` the plan in force each earlier year)."""
    rows = _year_rows(answers, year, "kpi")
    reported_all, notes = _reported(rows)
    first = first_actuals(plan, answers, year, plan_for) if any(k.baseline is None for k in plan.kpis) else {}
    records, problems = [], []
    for kpi in plan.kpis_in(year):
        reported = reported_all.get(kpi.id, {})
        actual, flag = _resolve(kpi, reported)
        check = ""
        if flag is not None:
            listing = "、".join(f"{s} {_fmt(kpi, v)}" for s, v in reported.items())
            problems.append(problem(flag, kpi=kpi.id, name=kpi.name, values=listing, owner=kpi.owner))
            check = problems[-1].message
        att = kpi_attainment(plan, kpi, year, None if actual is None else float(actual), first.get(kpi.id))
        records.append({
            "kpi_id": kpi.id, "item_id": kpi.item_id, "area": plan.item(kpi.item_id).area,
            "name": kpi.name, "kind": kpi.kind, "unit": kpi.unit, "direction": kpi.direction,
            "baseline": att.baseline, "base_year": att.base_year, "measured": kpi.baseline is None,
            "target": kpi.target, "year_target": att.year_target,
            "planned_target": att.planned_target, "expected": att.expected, "actual": att.actual,
            "progress": att.progress, "judgement": att.judgement, "owner": kpi.owner,
            "note": notes.get((kpi.id, kpi.owner)),
            "reported_by": "、".join(reported), "check": check,
        })
    frame = pd.DataFrame.from_records(records, columns=KPI_RESULT_COLUMNS)  # the columns even of no KPI
    for column in frame.columns:  # None stays None, never NaN (nor 「nan」 in a text column)
        if frame[column].isna().any():
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    if len(frame):  # a year, never 2024.0 (a column with a blank is read as floats)
        frame["base_year"] = pd.Series([None if y is None else int(y) for y in frame["base_year"]],
                                       index=frame.index, dtype=object)
    return frame, problems


def _counts_by(items: pd.DataFrame, kpis: pd.DataFrame, item_key: str, kpi_key: str, keys: list,
               plan: Plan) -> list[dict]:
    """:func:`_counts` for every value of ``keys`` at once (grouped, not a filter per key)."""
    items = items[items["assigned"]]  # as in _counts
    grades = pd.crosstab(items[item_key], items["grade"]) if len(items) else pd.DataFrame()
    by_item = items.assign(_effect=pd.to_numeric(items["effect_yen"], errors="coerce").fillna(0),
                           _answered=items["answered"].astype(int)).groupby(item_key)
    size, answered, effect = by_item.size(), by_item["_answered"].sum(), by_item["_effect"].sum()
    judged = pd.crosstab(kpis[kpi_key], kpis["judgement"]) if len(kpis) else pd.DataFrame()
    kpi_size = kpis.groupby(kpi_key).size() if len(kpis) else pd.Series(dtype=int)

    def get(table, key, column=None) -> int:
        try:
            return int(table.loc[key] if column is None else table.loc[key, column])
        except KeyError:
            return 0

    out = []
    for key in keys:
        row = {g.code: get(grades, key, g.code) for g in plan.grades}
        row["rows"], row["answered"] = get(size, key), get(answered, key)
        row["unanswered"] = row["rows"] - row["answered"]
        row["completeness"] = row["answered"] / row["rows"] if row["rows"] else 0.0
        row["effect_yen"] = get(effect, key)
        row["kpis"] = get(kpi_size, key)
        row.update({j: get(judged, key, j) for j in JUDGEMENTS})
        out.append(row)
    return out


def _counts(items: pd.DataFrame, kpis: pd.DataFrame, plan: Plan) -> dict:
    items = items[items["assigned"]]  # 担当課未定: shown, not counted (no one was asked)
    row = {g.code: int((items["grade"] == g.code).sum()) for g in plan.grades}
    row["unanswered"] = int((~items["answered"]).sum())
    row["answered"] = int(items["answered"].sum())
    row["rows"] = len(items)
    row["completeness"] = row["answered"] / row["rows"] if row["rows"] else 0.0
    row["effect_yen"] = int(pd.to_numeric(items["effect_yen"], errors="coerce").fillna(0).sum())
    row["kpis"] = len(kpis)
    row.update({j: int((kpis["judgement"] == j).sum()) for j in JUDGEMENTS})
    return row


def rollup(plan: Plan, items: pd.DataFrame, kpis: pd.DataFrame) -> pd.DataFrame:
    """Per 重点項目 and 合計: grade counts, 未回答, 回答率, 財政効果額, KPI 判定 counts."""
    numbers = [a.number for a in plan.areas]
    records = [{"area": a.number, "label": plan.area_display(a), **counts}
               for a, counts in zip(plan.areas, _counts_by(items, kpis, "area", "area", numbers, plan))]
    records.append({"area": 0, "label": TOTAL, **_counts(items, kpis, plan)})
    return pd.DataFrame.from_records(records)


def previous_year(answers: pd.DataFrame, year: int) -> int | None:
    """The year before ``year`` when the answers hold any of it (year on year needs it), else None."""
    before = year - 1
    return before if len(answers) and bool((answers["year"] == before).any()) else None


def with_previous_grades(plan: Plan, items: pd.DataFrame, previous: pd.DataFrame | None,
                         plan_before: Plan | None = None) -> pd.DataFrame:
    """``items`` with ``prev_grade`` (the same section's grade for the item the year before — for an item
    a revision gave to another section, the grade of the section it left — None without one) and
    ``change`` (+1 改善, −1 悪化, 0 同じ; None when either year has no grade): last year's grade ranked
    by the plan then in force (``plan_before``; a revision may have removed or re-ranked it). For an item two
    sections merged into one both graded, the worse of their grades."""
    out = items.copy()
    if previous is None:
        out["prev_grade"] = pd.Series([None] * len(out), index=out.index, dtype=object)
        out["change"] = pd.Series([None] * len(out), index=out.index, dtype=object)
        return out
    ranks_before = {g.code: g.rank for g in (plan_before or plan).grades}
    ranks_now = {g.code: g.rank for g in plan.grades}
    before: dict[tuple[str, str], str] = {}
    for r in previous.itertuples():
        if r.grade is None:
            continue
        key = (r.item_id, section_now(plan, r.section, r.item_id))
        # two sections merged into one both graded the item: the worse grade (a D 未着手 of one is not hidden
        # behind the B of the other, nor is the item said to have improved)
        if key not in before or ranks_before.get(r.grade, 0) > ranks_before.get(before[key], 0):
            before[key] = r.grade
    left = {i: g for (i, s), g in before.items() if left_item(plan, i, s)}  # an item a revision moved away
    prev = [before.get((i, s), left.get(i)) for i, s in zip(out["item_id"], out["section"])]
    change = [None if p is None or g is None else _rank_change(ranks_before.get(p), ranks_now.get(g))
              for p, g in zip(prev, out["grade"])]
    out["prev_grade"] = pd.Series(prev, index=out.index, dtype=object)
    out["change"] = pd.Series(change, index=out.index, dtype=object)
    return out


def _rank_change(before: int | None, now: int | None) -> int:
    """+1 improved (a smaller rank: 1 is best), −1 fell, 0 the same or unknown."""
    if before is None or now is None or before == now:
        return 0
    return 1 if now < before else -1


def section_now(plan: Plan, section: str, item_id: str) -> str:
    """A section of an earlier year as ``plan`` calls it (a reorganisation may have renamed it)."""
    if not plan.moves or section in plan.sections:
        return section
    return successor_for(plan, section, None, "item", item_id)


def with_previous_actuals(kpis: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """``kpis`` with ``prev_actual`` (the KPI's actual the year before) and ``change`` (actual −
    previous; None when either is missing) and ``better`` (+1 when the change goes the KPI's way,
    −1 against it, 0 none). A KPI a revision gave another unit or kind this year (枚 → 千枚) is not
    compared: last year's figure is in the unit it was reported in (the ledger never converts it,
    L021), and 6,000,000枚 → 5,900千枚 is no fall of 5,994,100; ``prev_unit`` then names last year's
    unit (None otherwise) for the notes that say so."""
    out = kpis.copy()
    prev = ({k: (a, u, kind) for k, a, u, kind in zip(previous["kpi_id"], previous["actual"], previous["unit"],
                                                       previous["kind"])}
            if previous is not None and len(previous) else {})
    before, units = [], []
    for k, unit, kind in zip(out["kpi_id"], out["unit"], out["kind"]):
        actual, prev_unit, prev_kind = prev.get(k, (None, unit, kind))
        same = (prev_unit, prev_kind) == (unit, kind)
        before.append(actual if same else None)
        units.append(None if same or actual is None else prev_unit)
    changes, better = [], []
    for a, p, d in zip(out["actual"], before, out["direction"]):
        if a is None or p is None:
            changes.append(None)
            better.append(None)
            continue
        diff = float(a) - float(p)
        changes.append(diff)
        sign = 0 if abs(diff) < 1e-12 else (1 if diff > 0 else -1)
        better.append(sign if d != DECREASE else -sign)
    out["prev_actual"] = pd.Series(before, index=out.index, dtype=object)
    out["change"] = pd.Series(changes, index=out.index, dtype=object)
    out["better"] = pd.Series(better, index=out.index, dtype=object)
    out["prev_unit"] = pd.Series(units, index=out.index, dtype=object)
    return out


def kpi_history(plan: Plan, answers: pd.DataFrame, year: int, plan_for: PlanFor | None = None) -> pd.DataFrame:
    """Every KPI's actual in every year with answers up to ``year``: kpi_id, year, actual (None
    when unreported), year_target, target, judgement, planned_target — each year with the plan in
    force that year (``plan_for``; ``plan`` for every year without it)."""
    records = []
    for y in years_in(answers, year):
        kpis, _ = kpi_results(plan_for(y) if plan_for else plan, answers, y, plan_for)
        for r in kpis.to_dict("records"):
            records.append({"kpi_id": r["kpi_id"], "year": y, "actual": r["actual"],
                            "year_target": r["year_target"], "target": r["target"], "judgement": r["judgement"],
                            "progress": r["progress"], "planned_target": r["planned_target"]})
    frame = pd.DataFrame.from_records(records, columns=["kpi_id", "year", "actual", "year_target", "target",
                                                       "judgement", "progress", "planned_target"])
    frame["actual"] = frame["actual"].astype(object).where(frame["actual"].notna(), None)  # unreported: None
    return frame


def shared_effects(plan: Plan, items: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Items with a 財政効果額 from two or more sections: item_id, name, sections, amounts,
    subtotal, duplicate (two sections wrote the same positive amount). R005 for each duplicate."""
    records, problems = [], []
    for item_id, group in items[items["effect_yen"].notna()].groupby("item_id", sort=False):
        if len(group) < 2:
            continue
        amounts = [int(v) for v in group["effect_yen"]]
        sections = list(group["section"])
        # the rule lives in one place (ledger.checks): 受付結果 flags the same cells
        same = same_shared_amounts(Answer(0, s, "item", str(item_id), "effect_yen", a, None, "", "", "")
                                   for s, a in zip(sections, amounts))
        records.append({"item_id": item_id, "name": plan.item(item_id).name, "sections": sections,
                        "amounts": amounts, "subtotal": sum(amounts), "duplicate": bool(same),
                        "repeated": [g.amount for g in same]})
        problems += [same_amount_problem(plan, g) for g in same]
    frame = pd.DataFrame.from_records(records, columns=["item_id", "name", "sections", "amounts", "subtotal",
                                                       "duplicate", "repeated"])
    return frame, problems


REVIEW_FIELDS = ("review_grade", "office_comment", "hq_opinion", "committee_opinion", "policy")


def with_reviews(plan: Plan, items: pd.DataFrame, answers: pd.DataFrame, year: int) -> pd.DataFrame:
    """``items`` with the office's and the meetings' word on each answer (推進室評価, kind ``review``):
    ``review_grade`` (二次評価, a grade code), ``office_comment``, ``hq_opinion``, ``committee_opinion``,
    ``policy``; ``review_change`` (+1 above the self-assessment, −1 below, 0 same, None without both);
    ``response`` (the section's 意見への対応 this year) and ``prev_opinions`` / ``prev_policy`` / ``prev_committee`` (last
    year's word it answers). None where there is none."""
    out = items.copy()

    def lookup(year_: int, fields: tuple[str, ...], kind: str) -> dict[tuple[str, str], dict]:
        rows = answers[(answers["year"] == year_) & (answers["kind"] == kind) & answers["field"].isin(fields)]
        found: dict[tuple[str, str], dict] = {}
        for r in rows.itertuples(index=False):
            if r.value is not None and not (isinstance(r.value, float) and math.isnan(r.value)):
                found.setdefault((str(r.id), str(r.section)), {})[r.field] = r.value
        return found

    now = lookup(year, REVIEW_FIELDS, "review")
    keys = list(zip(out["item_id"], out["section"]))
    for field_ in REVIEW_FIELDS:
        out[field_] = pd.Series([now.get(k, {}).get(field_) for k in keys], index=out.index, dtype=object)
    if not plan.words.has_committee:  # no committee this year: no committee's word (a ledger may keep one typed on
        out["committee_opinion"] = None  # a sheet that still had the column); last year's stays as it was given
    out["review_change"] = pd.Series(
        [None if r is None or g is None else plan.grade_change(g, r) for g, r in zip(out["grade"], out["review_grade"])],
        index=out.index, dtype=object)
    responses = lookup(year, ("response",), "item")
    out["response"] = pd.Series([responses.get(k, {}).get("response") for k in keys], index=out.index, dtype=object)
    # last year's word under the sections as the plan calls them now (each of sections since merged by its own name)
    before = reviews_as_now({(item_id, section_now(plan, section, item_id), section): review
                             for (item_id, section), review in lookup(year - 1, REVIEW_FIELDS, "review").items()})
    # the word on each row: its section's own and, for an item a revision gave it, that on the section it left
    # (each headed with its section when there are two) — the same word its 意見への対応 sheet asked it to answer
    by_item = reviews_by_item(before)  # (each row looked up by its item: never every review again)
    previous = [item_reviews(plan, before, i, s, by_item) for i, s in keys]
    own: dict[tuple[str, str], dict] = {}  # last year's own grades, by the section that gave them and as named now
    for (i, s), g in lookup(year - 1, ("grade",), "item").items():  # (two sections since merged: each its own)
        own[(i, s)] = g
        own.setdefault((i, section_now(plan, s, i)), g)
    out["prev_opinions"] = pd.Series([headed([(s, answered_words(r, own.get((i, s), {}).get("grade"), plan))
                                              for s, r in p], len(p) > 1)
                                      for (i, _), p in zip(keys, previous)], index=out.index, dtype=object)
    out["prev_policy"] = pd.Series([headed([(s, r.get("policy")) for s, r in p], len(p) > 1) for p in previous],
                                   index=out.index, dtype=object)
    out["prev_committee"] = pd.Series([headed([(s, r.get("committee_opinion")) for s, r in p], len(p) > 1)
                                       for p in previous], index=out.index,
                                      dtype=object)  # 公表用: the one opinion it publishes, beside its 対応方針
    return out


def review_counts(items: pd.DataFrame) -> dict[str, int]:
    """How the 二次評価 compares with the self-assessments: reviewed, differ (of which higher, lower)."""
    reviewed = items[items["review_grade"].notna()] if "review_grade" in items else items.iloc[0:0]
    changes = [c for c in reviewed.get("review_change", []) if c is not None]
    return {"reviewed": len(reviewed), "differ": sum(c != 0 for c in changes),
            "higher": sum(c > 0 for c in changes), "lower": sum(c < 0 for c in changes)}


def years_in(answers: pd.DataFrame, up_to: int) -> list[int]:
    """The fiscal years with answers, up to ``up_to``, always including ``up_to``."""
    years = {int(y) for y in answers["year"].dropna().unique() if int(y) <= up_to}
    return sorted(years | {up_to})


def trend(plan: Plan, answers: pd.DataFrame, year: int, plan_for: PlanFor | None = None,
          unrecorded: tuple[int, ...] = ()) -> pd.DataFrame:
    """The 合計 roll-up for every year present in the answers up to ``year`` (the trend), each year
    with the plan in force that year (``plan_for``). A year between them with no answers at all but a
    record in the ledger (the office asked, no section answered: not one of ``unrecorded``) is a year of
    未回答 and 未報告, not left out."""
    records = []
    years = years_in(answers, year)
    years = sorted(set(years) | {y for y in range(years[0], year) if y not in set(unrecorded)})
    for y in years:
        p = plan_for(y) if plan_for else plan
        kpis, _ = kpi_results(p, answers, y, plan_for)
        total = rollup(p, item_answers(p, answers, y), kpis).iloc[-1].to_dict()
        records.append({"year": y, **{k: v for k, v in total.items() if k not in ("area", "label")}})
    frame = pd.DataFrame.from_records(records)
    # a grade a revision added had no answers in the years before it (0, never NaN); one it removed stays
    added = [c for c in frame.columns if frame[c].isna().any()]
    frame[added] = frame[added].fillna(0).astype(int)
    return frame.astype({"year": int, "effect_yen": int})


def section_status(plan: Plan, status: pd.DataFrame, year: int, asked: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per section asked for ``year`` (plan order; ``asked``, by default those with an item or a KPI that
    year: :func:`~reform_xlsx.form.content.sections_asked`): status, file, received_at, counts, when it
    submitted, its 提出期限 and 期限内/期限後."""
    rows = status[status["year"] == year] if len(status) else status
    by_section = {r["section"]: r for r in rows.to_dict("records")}
    records = []
    for s in plan.sections_in(year) if asked is None else asked:  # (a section with nothing to answer is not asked)
        r = by_section.get(s, {})
        records.append({"section": s, "status": r.get("status") or ans.SectionStatus.MISSING,
                        "file": r.get("file"), "received_at": r.get("received_at"),
                        "errors": int(r.get("errors") or 0), "warnings": int(r.get("warnings") or 0),
                        "returned": r.get("returned"),
                        "submitted_at": _text(r.get("submitted_at")), "deadline": _text(r.get("deadline")),
                        "timeliness": _text(r.get("timeliness")) or ""})
    return pd.DataFrame.from_records(records)


def _text(value: object) -> str | None:
    """A text cell of the status table; a blank (None, NaN) is None."""
    return value if isinstance(value, str) and value else None


def section_summary(plan: Plan, items: pd.DataFrame, kpis: pd.DataFrame,
                    status: pd.DataFrame, year: int, asked: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per section asked (plan order, as :func:`section_status`): the roll-up counts plus its submission status."""
    st = section_status(plan, status, year, asked).set_index("section")["status"]
    asked = list(plan.sections_in(year) if asked is None else asked)
    records = [{"section": s, "status": st[s], **counts}
               for s, counts in zip(asked, _counts_by(items, kpis, "section", "owner", asked, plan))]
    return pd.DataFrame.from_records(records)

