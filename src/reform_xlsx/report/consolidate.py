"""Join the accepted answers to the plan and roll them up (pandas; no I/O).

- :func:`item_answers`: every 改革項目 × each of its sections, in plan order, with that
  section's 進捗状況 (grade code), 取組実績, 課題・今後の方針, 財政効果額. An item shared by
  DX推進課 and 市民課 has one row for each. A section that answered an item it is not named on
  keeps its answer (a row after the named ones, ``named`` False): nothing is dropped.
- :func:`kpi_results`: every KPI with its owner's actual and its attainment. When two
  sections report different values for one KPI the row is flagged (``check``); the owner's
  value is used, and without one no value is chosen (未報告).
- :func:`rollup`: per 重点項目 and in total: grade counts, KPI 判定 counts, 財政効果額,
  answered rows (submission completeness). :func:`trend` does it for every year present.
- :func:`section_summary`: the same per section, with its submission status.

Counts of grades are counts of answers (item × section rows), the unit the meeting reads.
"""

from __future__ import annotations

import math

import pandas as pd

from reform_xlsx import records as ans
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.attainment import JUDGEMENTS, kpi_attainment
from reform_xlsx.plan.model import Kpi, Plan

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
                          for i in plan.items if i.active_in(year) for s in i.sections])
    rows = _year_rows(answers, year, "item")
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
    cols = ["area", "category", "item_id", "number", "name", "section", "named",
            *ITEM_FIELDS, "answered"]
    return merged[cols].reset_index(drop=True)


def _section_rank(plan: Plan, item_id: str, section: str) -> int:
    """Named sections in the plan's order for the item, then others in plan.sections order."""
    named = plan.item(item_id).sections
    if section in named:
        return named.index(section)
    others = plan.sections.index(section) if section in plan.sections else len(plan.sections)
    return len(named) + others


def _fmt(kpi: Kpi, value: float) -> str:
    return f"{value:.1%}" if kpi.is_rate else f"{value:,.0f}{kpi.unit}"


def _same(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def kpi_results(plan: Plan, answers: pd.DataFrame, year: int) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per KPI (plan order) with its actual and attainment; problems for conflicts."""
    rows = _year_rows(answers, year, "kpi")
    actuals = rows[(rows["field"] == "actual") & rows["value"].notna()]
    notes = rows[(rows["field"] == "note") & rows["value"].notna()]
    records, problems = [], []
    for kpi in plan.kpis:
        reported = {s: v for s, v in actuals.loc[actuals["id"] == kpi.id, ["section", "value"]]
                    .itertuples(index=False)}
        others = {s: v for s, v in reported.items() if s != kpi.owner}
        actual, flag = reported.get(kpi.owner), None
        values = list(others.values())
        if kpi.owner in reported and any(not _same(v, actual) for v in values):
            flag = Msg.REPORT_KPI_CONFLICT
        elif kpi.owner not in reported and values:
            if all(_same(v, values[0]) for v in values):
                actual, flag = values[0], Msg.REPORT_KPI_NOT_OWNER
            else:
                flag = Msg.REPORT_KPI_UNRESOLVED
        check = ""
        if flag is not None:
            listing = "、".join(f"{s} {_fmt(kpi, v)}" for s, v in reported.items())
            problems.append(problem(flag, kpi=kpi.id, name=kpi.name, values=listing, owner=kpi.owner))
            check = problems[-1].message
        owner_notes = notes[(notes["id"] == kpi.id) & (notes["section"] == kpi.owner)]["value"]
        att = kpi_attainment(plan, kpi, year, None if actual is None else float(actual))
        records.append({
            "kpi_id": kpi.id, "item_id": kpi.item_id, "area": plan.item(kpi.item_id).area,
            "name": kpi.name, "kind": kpi.kind, "unit": kpi.unit, "direction": kpi.direction,
            "baseline": kpi.baseline, "target": kpi.target, "year_target": att.year_target,
            "planned_target": att.planned_target, "expected": att.expected, "actual": att.actual,
            "progress": att.progress, "judgement": att.judgement, "owner": kpi.owner,
            "note": owner_notes.iloc[0] if len(owner_notes) else None,
            "reported_by": "、".join(reported), "check": check,
        })
    frame = pd.DataFrame.from_records(records)
    for column in ("actual", "progress"):  # unreported stays None: from_records would make it NaN
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame, problems


def _counts(items: pd.DataFrame, kpis: pd.DataFrame, plan: Plan) -> dict:
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
    records = [{"area": a.number, "label": a.display,
                **_counts(items[items["area"] == a.number], kpis[kpis["area"] == a.number], plan)}
               for a in plan.areas]
    records.append({"area": 0, "label": TOTAL, **_counts(items, kpis, plan)})
    return pd.DataFrame.from_records(records)


def years_in(answers: pd.DataFrame, up_to: int) -> list[int]:
    """The fiscal years with answers, up to ``up_to``, always including ``up_to``."""
    years = {int(y) for y in answers["year"].dropna().unique() if int(y) <= up_to}
    return sorted(years | {up_to})


def trend(plan: Plan, answers: pd.DataFrame, year: int) -> pd.DataFrame:
    """The 合計 roll-up for every year present in the answers up to ``year`` (the trend)."""
    records = []
    for y in years_in(answers, year):
        kpis, _ = kpi_results(plan, answers, y)
        total = rollup(plan, item_answers(plan, answers, y), kpis).iloc[-1].to_dict()
        records.append({"year": y, **{k: v for k, v in total.items() if k not in ("area", "label")}})
    return pd.DataFrame.from_records(records).astype({"year": int, "effect_yen": int})


def section_status(plan: Plan, status: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per plan section for ``year`` (plan order): status, file, received_at, counts."""
    rows = status[status["year"] == year] if len(status) else status
    by_section = {r["section"]: r for r in rows.to_dict("records")}
    records = []
    for s in plan.sections:
        r = by_section.get(s, {})
        records.append({"section": s, "status": r.get("status") or ans.SectionStatus.MISSING,
                        "file": r.get("file"), "received_at": r.get("received_at"),
                        "errors": int(r.get("errors") or 0), "warnings": int(r.get("warnings") or 0)})
    return pd.DataFrame.from_records(records)


def section_summary(plan: Plan, items: pd.DataFrame, kpis: pd.DataFrame,
                    status: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per section (plan order): the roll-up counts plus its submission status."""
    st = section_status(plan, status, year).set_index("section")["status"]
    records = [{"section": s, "status": st[s],
                **_counts(items[items["section"] == s], kpis[kpis["owner"] == s], plan)}
               for s in plan.sections]
    return pd.DataFrame.from_records(records)

