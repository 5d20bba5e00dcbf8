"""The content of a section's form as ``form.content`` made it before the answers index (commit 9f67adf), kept as the
reference the index must match (tests/test_form_history_index.py): each section filtered the whole answers table
itself — for its own 取組状況, each KPI, each item no one answered, last year's 推進室評価 and grades. Verbatim but for
the names it imports (and the word on two sections since merged kept apart, each headed, as the package does since:
``reviews_of``, ``item_reviews``, ``_last_grades``); the helpers the index left as they were are imported from the
package."""

# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reform_xlsx.form import layout
from reform_xlsx.form.content import (
    HISTORY_MAX_YEARS,
    REVIEW_WORDS,
    Column,
    Row,
    SheetContent,
    _answered_by,
    _grade_display,
    _missing,
    earlier_measures,
    fitted_history,
    headed,
    item_sheet_columns,
    item_values,
    kpi_sheet_columns,
    kpi_values,
    number_kind,
    opinions_text,
    replace,
    responding_items,
    response_name,
    response_name_width,
    reviews_as_now,
    unanswered,
)
from reform_xlsx.plan.model import Item, Plan
from reform_xlsx.plan.reorg import attribute, left_item

if TYPE_CHECKING:
    import pandas as pd

def measured_bases(plan: Plan, history: pd.DataFrame | None, year: int,
                   plan_for: Callable[[int], Plan] | None = None) -> dict[str, tuple[int, float]]:
    """For each KPI without a baseline in the plan: the first year before ``year`` it was reported in the unit the
    plan counts it in (``plan_for``: the plan in force each year), and that actual — the baseline the meeting packet
    measures it from (:func:`~reform_xlsx.report.consolidate.first_actuals`)."""
    if history is None or history.empty or not any(k.baseline is None for k in plan.kpis):
        return {}
    import pandas as pd

    from reform_xlsx.report.consolidate import first_actuals  # it reads this module's opinions_text

    earlier = history[pd.to_numeric(history["year"], errors="coerce").lt(year)]
    return ({k: v for k, v in first_actuals(plan, earlier, year - 1, plan_for).items() if v[0] < year}
            if len(earlier) else {})

def history_years(history: pd.DataFrame | None, year: int, sheet: str = layout.SHEET_KPI) -> tuple[int, ...]:
    """The latest earlier years present in the answers table (at most :data:`HISTORY_MAX_YEARS` of
    ``sheet``), oldest first.

    Taken over all sections alike, so that every template of one run has the same columns.
    """
    if history is None or history.empty or "year" not in history.columns:
        return ()
    import pandas as pd  # history only: a worker process reading returns never gets here

    years = pd.to_numeric(history["year"], errors="coerce").dropna().astype(int)
    return tuple(sorted({y for y in years if y < year}))[-HISTORY_MAX_YEARS[sheet]:]

def _history_lookup(history: pd.DataFrame | None, years: tuple[int, ...], kind: str,
                    keys: tuple[str, ...], section: str,
                    shown: Callable[[str, object], object] = lambda key, value: value) -> dict[str, dict[str, object]]:
    """{id: {history key: value}} from the answers table; the section's own rows win. An item that two
    sections merged into ``section`` both answered (column ``former``, see :func:`section_content`: the
    section that answered) shows each answer headed with its section, one a line, each as ``shown``
    gives it (「【生活環境課】D 未着手」「【観光課】B 概ね計画どおり」): neither hides the other."""
    if not years or history is None:
        return {}
    import pandas as pd
    frame = history[history["kind"].eq(kind) & history["field"].isin(keys)].copy()
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce")
    frame = frame[frame["year"].isin(years)]
    if kind == "item":
        frame = frame[frame["section"].eq(section)]
    frame = frame.assign(_own=frame["section"].eq(section)).sort_values("_own", kind="stable")
    found: dict[str, dict[str, object]] = {}
    parts: dict[tuple[str, str], dict[str, object]] = {}
    for row in frame.itertuples(index=False):
        value = None if _missing(row.value) else row.value
        key = layout.history_key(int(row.year), row.field)
        found.setdefault(str(row.id), {})[key] = value
        if kind == "item":
            parts.setdefault((str(row.id), key), {})[str(getattr(row, "former", row.section))] = value
    for (id_, key), by_section in parts.items():
        if len(by_section) > 1:
            found[id_][key] = "\n".join(f"【{s}】{shown(key, v)}" for s, v in by_section.items() if v is not None) or None
    return found

def _left_behind(plan: Plan, history: pd.DataFrame | None, years: tuple[int, ...],
                 item_id: str) -> dict[str, object]:
    """An item a revision gave to this section: the earlier years' answer of the section it left, its 取組実績
    headed with that section (「【土木課】…」) — nothing when no section left it."""
    if not years or history is None:
        return {}
    frame = history[history["kind"].eq("item") & history["id"].eq(item_id) & history["year"].isin(years)
                    & history["field"].isin(layout.HISTORY_ITEM_KEYS)]
    found: dict[str, object] = {}
    for row in frame.itertuples(index=False):
        key = layout.history_key(int(row.year), row.field)
        if key in found or not left_item(plan, item_id, str(row.section)):
            continue
        value = None if _missing(row.value) else row.value
        found[key] = f"【{row.section}】{value}" if row.field == "result" and value is not None else value
    return found

def reviews_of(history: pd.DataFrame | None, year: int, section: str | None = None) -> dict[tuple[str, str], dict]:
    """The recorded 推進室評価 of ``year``: {(item ID, section): {field: value}} (only answers with any word)."""
    if history is None or history.empty or "kind" not in history.columns:
        return {}
    frame = history[history["kind"].eq("review") & history["year"].eq(year) & history["field"].isin(REVIEW_WORDS)]
    if section is not None:
        frame = frame[frame["section"].eq(section)]
    former = "former" in frame.columns  # (since: the word on sections since merged kept apart, reviews_as_now)
    found: dict[tuple[str, str, str], dict] = {}
    for row in frame.itertuples(index=False):
        if not _missing(row.value) and str(row.value).strip():
            then = str(row.former) if former else str(row.section)
            found.setdefault((str(row.id), str(row.section), then), {})[row.field] = row.value
    return reviews_as_now(found)

def item_reviews(plan: Plan, reviews: dict[tuple[str, str], dict], item_id: str,
                 section: str) -> list[tuple[str, dict]]:
    """The reviews of :func:`reviews_of` (every section's) that ``section`` answers for on ``item_id`` now, as
    (section reviewed, review): its own, then those of each section a plan revision took the item from
    (:func:`~reform_xlsx.plan.reorg.left_item`) — an item's history follows it, its opinions too."""
    own = reviews.get((item_id, section))
    found = [(section, own)] if own else []
    found += [(s, r) for (i, s), r in reviews.items()
              if i == item_id and s != section and _answered_by(plan, item_id, s, section)]
    return found

def _last_grades(history: pd.DataFrame | None, before: int) -> dict[tuple[str, str], object]:
    """Each section's own grade of ``before``: {(item ID, section): grade}."""
    if history is None or history.empty or "kind" not in history.columns:
        return {}
    own = history[history["kind"].eq("item") & history["field"].eq("grade") & history["year"].eq(before)]
    found = {(str(r.id), str(r.section)): r.value for r in own.itertuples(index=False)}
    if "former" in own.columns:  # (since: by the section that gave it too, for sections since merged)
        found |= {(str(r.id), str(r.former)): r.value for r in own.itertuples(index=False)}
    return found

def _asking(plan: Plan, year: int, section: str, reviews: dict[tuple[str, str], dict],
            grades: dict[tuple[str, str], object]) -> list[tuple[Item, list[tuple[str, dict]]]]:
    """The rows of ``section``'s 「意見への対応」 (:func:`response_sheet`): each item with the word on it that asks
    an answer, as (item, [(section reviewed, review)])."""
    rows = []
    for item in responding_items(plan, section, year):
        asking = [(s, review) for s, review in item_reviews(plan, reviews, item.id, section)
                  if not (set(review) == {"review_grade"} and review["review_grade"] == grades.get((item.id, s)))]
        if asking:
            rows.append((item, asking))
    return rows

def response_sheet(plan: Plan, year: int, section: str, history: pd.DataFrame | None) -> SheetContent | None:
    """「意見への対応」: each of the section's items with last year's word on it that asks for an answer —
    an opinion, a comment, a 対応方針, or a 二次評価 other than the section's own grade (one that agrees,
    said alone, asks nothing) — with the section's grade then, the 対応方針, and the input 「意見への対応」.
    An item a plan revision gave to the section brings the word on the section that had it (:func:`item_reviews`),
    its grade headed with that section (「【土木課】B 概ね計画どおり」); the word on two sections, each headed.
    An item that ended last year keeps its row, its name marked (:func:`response_name`). None when there is none."""
    before = year - 1
    reviews = reviews_of(history, before)
    if not reviews:
        return None
    grades = _last_grades(history, before)
    own = layout.response_columns(plan.words)
    locked, response = own[:2], own[2]
    past = tuple(Column(layout.history_key(before, key), layout.history_label(before, label), width, wrap=True)
                 for key, label, width in layout.RESPONSE_HISTORY)
    rows = []
    for item, asking in _asking(plan, year, section, reviews, grades):
        several = len(asking) > 1
        moved = several or asking[0][0] != section
        rows.append(Row(item.id, {
            "id": item.id, "name": response_name(item, year),
            layout.history_key(before, "grade"): headed(
                [(s, _grade_display(plan, grades.get((item.id, s)))) for s, _ in asking], moved),
            layout.history_key(before, "review_grade"): headed(
                [(s, _grade_display(plan, r.get("review_grade"))) for s, r in asking], several),
            layout.history_key(before, "opinions"): headed(
                [(s, opinions_text(r, plan.words)) for s, r in asking], several),
            layout.history_key(before, "policy"): headed([(s, r.get("policy")) for s, r in asking], several),
        }))
    if not rows:
        return None
    items = [plan.item(r.id) for r in rows]
    locked = tuple(replace(c, width=response_name_width(items, year, c.width)) if c.key == "name" else c for c in locked)
    return SheetContent(layout.SHEET_RESPONSES, (*locked, *past, response), tuple(rows))

def section_content(plan: Plan, year: int, section: str, history: pd.DataFrame | None = None,
                    plan_for: Callable[[int], Plan] | None = None) -> tuple[SheetContent, ...]:
    """The data sheets of a section's template: 取組状況, KPI when the section owns KPIs, and
    意見への対応 when last year's 二次評価 or opinions name any of its items. Earlier years' answers of a
    section a reorganisation replaced are shown to the section that has its items now. ``plan_for``: the plan in
    force each earlier year (the ledger's revisions), for a KPI a revision counts in another unit since."""
    attributed = attribute(plan, history)
    if attributed is not history:  # which section answered, for an item two merged sections both answered
        attributed = attributed.assign(former=history["section"])
    history = attributed
    years = history_years(history, year, layout.SHEET_ITEMS)

    def shown(key: str, value: object) -> object:
        return _grade_display(plan, value) if key.endswith(".grade") else value

    item_history = _history_lookup(history, years, "item", layout.HISTORY_ITEM_KEYS, section, shown)
    rows = []
    for item in plan.items_for(section, year):
        values = item_values(plan, section, item, year)
        past = item_history.get(item.id) or _left_behind(plan, history, years, item.id)
        for key, value in past.items():
            values[key] = shown(key, value)
        rows.append(Row(item.id, unanswered(plan, years, "item", item.id, section, values, plan_for)))
    sheets = [SheetContent(layout.SHEET_ITEMS, item_sheet_columns(years, plan), tuple(rows))]
    kpis = plan.kpis_for(section, year)
    if kpis:
        kpi_years = history_years(history, year, layout.SHEET_KPI)
        kpi_history = _history_lookup(history, kpi_years, "kpi", layout.HISTORY_KPI_KEYS, section)
        bases = measured_bases(plan, history, year, plan_for)
        kpi_rows = tuple(Row(k.id, unanswered(plan, kpi_years, "kpi", k.id, section,
                                              {**kpi_values(plan, year, k, bases.get(k.id)), **kpi_history.get(k.id, {})},
                                              plan_for),
                             number_kind(k), measures=earlier_measures(k, kpi_years, plan_for)) for k in kpis)
        sheets.append(SheetContent(layout.SHEET_KPI, kpi_sheet_columns(plan, kpi_years, kpi_rows), kpi_rows))
    responses = response_sheet(plan, year, section, history)
    if responses is not None:
        sheets.append(responses)
    return tuple(fitted_history(s) for s in sheets)

