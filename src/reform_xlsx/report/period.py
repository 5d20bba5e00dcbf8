"""The plan period in one view (計画期間の総括; pandas, no I/O): the input for the next plan.

- :func:`period_kpis` — every KPI the plan had, with its actual in each year, the target in force
  (and the first target where a revision changed it) and its last 判定;
- :func:`period_items` — every item × section with its grade in each year (a section a
  reorganisation renamed or merged shown under its name of now), its years;
- :func:`period_effects` — 財政効果額 by the first level of the plan and year, and in total;
- :func:`unanswered_sections` — the sections whose answers a year's figures lack (its 財政効果額 leaves them out).

Each year is judged with the revision of the plan in force that year (:meth:`ReportData.plan_for`).
"""

from __future__ import annotations

import pandas as pd

from reform_xlsx.plan.model import Item, Kpi
from reform_xlsx.report import consolidate
from reform_xlsx.report.model import ReportData

NOT_ACTIVE = "－"  # the item (KPI) is not in the plan that year
NO_RECORD = "記録なし"  # the ledger has no record of the year at all (no survey, no file)


def years_of(data: ReportData) -> list[int]:
    return list(range(data.plan.start_year, data.year + 1))


def shown_unrecorded(data: ReportData) -> list[int]:
    """The years before ``data.year`` the sheets show as 記録なし: every one in the final view, else those
    inside 総括's 年度別の推移 (after its first year)."""
    earlier = [y for y in data.unrecorded if y < data.year]
    if data.final:
        return earlier
    first = min((int(y) for y in data.trend["year"]), default=data.year) if len(data.trend) > 1 else data.year
    return [y for y in earlier if y > first]


def _revisions(data: ReportData) -> list:
    return list(reversed(data.revisions.plans)) if data.revisions is not None else [data.plan]


def kpi_of(data: ReportData, kpi_id: str) -> Kpi:
    """The KPI as the latest revision that has it says."""
    for plan in [data.plan, *_revisions(data)]:
        if any(k.id == kpi_id for k in plan.kpis):
            return plan.kpi(kpi_id)
    raise KeyError(kpi_id)


def kpi_in_plan(data: ReportData, kpi_id: str, year: int) -> bool:
    """Whether the KPI was reported in ``year`` by the plan in force that year: a KPI a revision added (from its
    適用年度, whatever its ``start`` says), retired (``end``) or deleted is not (「－」, never 未報告)."""
    try:
        return data.plan_for(year).kpi(kpi_id).active_in(year)
    except KeyError:
        return False


def active_years(data: ReportData, item_id: str) -> list[int]:
    """The plan period's years in which the plan in force that year has the item active: an item a revision ended and
    a later one took up again is not shown as run all along (its years between are 「－」 on the sheet too)."""
    found = []
    for year in range(data.plan.start_year, data.plan.end_year + 1):
        item = data.plan_for(year).items_by_id.get(item_id)
        if item is not None and item.active_in(year):
            found.append(year)
    return found


def _item(data: ReportData, item_id: str) -> Item:
    for plan in [data.plan, *_revisions(data)]:
        if any(i.id == item_id for i in plan.items):
            return plan.item(item_id)
    raise KeyError(item_id)


def period_kpis(data: ReportData) -> pd.DataFrame:
    """One row per KPI (the plan's order, then KPIs only earlier revisions had): kpi_id, kind, name,
    unit, baseline, base_year (for a KPI the plan gives no baseline: the year of its first reported actual,
    its baseline as KPI達成状況 shows and judges it; None otherwise), one column per year (the actual; None
    unreported or not reported that year), target, original_target (the first target where a revision
    changed it), judgement and last_year (the 判定 of the last year it was reported, and that year), revised."""
    history = data.kpi_history
    measured = {r["kpi_id"]: (r["baseline"], r["base_year"]) for r in data.kpis.to_dict("records")
                if r["measured"] and r["base_year"] is not None}
    # a KPI a revision retired is not among the year's (data.kpis): its base is its first actual all the same, the
    # one its years were judged from (its 判定 is shown, so is the base it was judged against)
    for kpi_id, (year, value) in consolidate.first_actuals(data.plan, data.answers, data.year, data.plan_for).items():
        measured.setdefault(kpi_id, (value, year))
    first = {k.id: k for k in data.revisions.first.kpis} if data.revisions is not None else {}
    ids = [k.id for k in data.plan.kpis] + sorted(set(history["kpi_id"]) - {k.id for k in data.plan.kpis})
    years = years_of(data)
    rows = []
    for kpi_id in ids:
        kpi = kpi_of(data, kpi_id)
        own = history[history["kpi_id"] == kpi_id]
        by_year = {int(r.year): r for r in own.itertuples()}
        last = max((y for y, r in by_year.items() if y <= data.year and pd.notna(r.actual)), default=None)  # reported
        original = first.get(kpi_id)
        baseline, base_year = (kpi.baseline, None) if kpi.baseline is not None else measured.get(kpi_id, (None, None))
        row = {"kpi_id": kpi_id, "kind": kpi.kind, "name": kpi.name, "unit": kpi.unit, "baseline": baseline,
               "base_year": base_year, "target": kpi.target,
               "original_target": original.target if original is not None and original.target != kpi.target else None,
               "revised": kpi_id in data.kpis.loc[data.kpis["revised"], "kpi_id"].tolist(),
               "judgement": by_year[last].judgement if last is not None else None, "last_year": last}
        row |= {y: (by_year[y].actual if y in by_year else None) for y in years}
        rows.append(row)
    return _blanks_none(pd.DataFrame.from_records(rows))


def _blanks_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Blanks as None, never NaN (the sheet writer tells a blank from a number by it)."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def period_items(data: ReportData, yearly: dict[int, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per item × section (sections as named now): item_id, name, section, start, end, and one
    column per year: the grade code, None when not answered, 「－」 when the item was not asked of the
    section that year."""
    yearly = yearly if yearly is not None else data.yearly_items
    grades: dict[tuple[str, str], dict[int, object]] = {}
    for year, frame in yearly.items():
        asked = frame[frame["named"] & frame["assigned"]]
        ranks = {g.code: g.rank for g in data.plan_for(year).grades}
        for r in asked.itertuples():
            key = (r.item_id, consolidate.section_now(data.plan, r.section, r.item_id))
            shown = grades.setdefault(key, {})
            # two sections since merged into one both asked that year: the worse grade (as the packet's 前年度),
            # and a blank of one never hides the grade of the other
            if year not in shown or shown[year] is None or (
                    r.grade is not None and ranks.get(r.grade, 0) > ranks.get(shown[year], 0)):
                shown[year] = r.grade
    order = {i.id: n for n, i in enumerate(data.plan.items)}
    keys = sorted(grades, key=lambda k: (order.get(k[0], len(order)), tuple(int(p) for p in k[0].split("-"))))
    rows = []
    for item_id, section in keys:
        item = _item(data, item_id)
        row = {"item_id": item_id, "name": item.name, "section": section, "start": item.start, "end": item.end}
        row |= {y: grades[(item_id, section)].get(y, NOT_ACTIVE) for y in yearly}
        rows.append(row)
    return _blanks_none(pd.DataFrame.from_records(rows))


def period_effects(data: ReportData, yearly: dict[int, pd.DataFrame] | None = None) -> pd.DataFrame:
    """財政効果額 per first-level area (the plan's areas of now) and year, and 合計: area, label, one
    column per year, total."""
    yearly = yearly if yearly is not None else data.yearly_items
    # a year no one has answered (yet) is blank, never 0
    reported = {year for year, frame in yearly.items() if bool(frame["answered"].any())}
    rows = []
    for area in data.plan.areas:
        row = {"area": area.number, "label": data.plan.area_display(area)}
        for year, frame in yearly.items():
            own = frame[frame["assigned"] & (frame["area"] == area.number)]
            row[year] = int(pd.to_numeric(own["effect_yen"], errors="coerce").fillna(0).sum()) if year in reported else None
        rows.append(row)
    total = {"area": 0, "label": consolidate.TOTAL}
    total |= {y: sum(r[y] for r in rows) if y in reported else None for y in yearly}
    rows.append(total)
    for row in rows:
        row["total"] = sum(row[y] for y in reported)
    return _blanks_none(pd.DataFrame.from_records(rows))


def unanswered_sections(data: ReportData, yearly: dict[int, pd.DataFrame] | None = None) -> dict[int, list[str]]:
    """year → the sections (as named that year, in that year's plan order) asked about an item that year whose
    answers were not taken in (未提出, 差し戻し): that year's 財政効果額 has nothing of theirs. Years the ledger has no
    record of (記録なし), years no section has answered (yet: their 財政効果額 is blank) and years every section
    answered are left out."""
    yearly = yearly if yearly is not None else data.yearly_items
    found = {}
    for year, frame in yearly.items():
        if year in data.unrecorded or not frame["answered"].any():  # no one yet: its figures are blank, not partial
            continue
        missing = set(frame.loc[frame["named"] & frame["assigned"] & ~frame["answered"], "section"])
        if missing:
            order = {s: n for n, s in enumerate(data.plan_for(year).sections)}
            found[year] = sorted(missing, key=lambda s: (order.get(s, len(order)), s))
    return found
