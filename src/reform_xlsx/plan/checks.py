"""What a plan file must make sense of, beyond its JSON Schema: one small function per rule.

Each check takes the :class:`~reform_xlsx.plan.builders.Draft` and yields
:class:`Finding` s (catalogue message, key path, parameters); :func:`run_checks` runs
:data:`CHECKS` in order. A new rule is a new function here, with its own table test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from reform_xlsx.messages import Msg
from reform_xlsx.plan.builders import Draft, KeyPath, format_path
from reform_xlsx.plan.model import DECREASE, INCREASE, UNASSIGNED
from reform_xlsx.wareki import short_fiscal_year


@dataclass(frozen=True)
class Finding:
    msg: Msg
    path: KeyPath
    params: dict = field(default_factory=dict)


def _duplicates(values: list, path_of) -> Iterator[Finding]:
    first: dict = {}
    for n, value in enumerate(values):
        if value in first:
            yield Finding(Msg.PLAN_DUPLICATE_ID, path_of(n), {"id": value, "other": format_path(path_of(first[value]))})
        else:
            first[value] = n


PERIOD = (("plan", "period", "start"), ("plan", "period", "end"))


def _period_read(draft: Draft) -> bool:
    """Whether both years of the period read (else P014 says so, and no check compares with a
    period that is not there — never a bogus 「R8～R8」)."""
    return not any(path in draft.unread_years for path in PERIOD)


def check_period_order(draft: Draft) -> Iterator[Finding]:
    plan = draft.plan
    if _period_read(draft) and plan.start_year > plan.end_year:
        yield Finding(Msg.PLAN_PERIOD_ORDER, ("plan", "period"),
                      {"start": short_fiscal_year(plan.start_year), "end": short_fiscal_year(plan.end_year)})


def check_unique_sections(draft: Draft) -> Iterator[Finding]:
    yield from _duplicates(list(draft.plan.sections), lambda n: ("sections", n))


def check_unique_grades(draft: Draft) -> Iterator[Finding]:
    yield from _duplicates([g.code for g in draft.plan.grades], lambda n: ("grades", n, "code"))


def check_unique_items(draft: Draft) -> Iterator[Finding]:
    yield from _duplicates([i.id for i, _ in draft.items], lambda n: draft.items[n][1] + ("number",))


def check_item_sections_known(draft: Draft) -> Iterator[Finding]:
    known = set(draft.plan.sections)
    for item, path in draft.items:
        for n, section in enumerate(item.sections):
            if section not in known:
                yield Finding(Msg.PLAN_UNKNOWN_SECTION, path + ("sections", n), {"section": section})


def check_item_years_in_period(draft: Draft) -> Iterator[Finding]:
    plan = draft.plan
    if not _period_read(draft):
        return
    for item, path in draft.items:
        raw = draft.data_at(path)
        for key in ("start", "end", "marker"):
            year = getattr(item, key)
            if key in raw and path + (key,) not in draft.unread_years and not plan.start_year <= year <= plan.end_year:
                yield Finding(Msg.PLAN_YEAR_OUT_OF_PERIOD, path + (key,), {
                    "what": item.id, "year": short_fiscal_year(year), "start": short_fiscal_year(plan.start_year),
                    "end": short_fiscal_year(plan.end_year)})


def check_unique_kpis(draft: Draft) -> Iterator[Finding]:
    yield from _duplicates([k.id for k, _, _ in draft.kpis], lambda n: draft.kpis[n][1] + ("id",))


def check_kpi_items(draft: Draft) -> Iterator[Finding]:
    """A KPI belongs to an item of the plan, and its owner is one of that item's sections."""
    items = {}
    for item, _ in draft.items:
        items.setdefault(item.id, item)  # a duplicate ID is reported elsewhere; KPIs refer to the first
    for kpi, path, _ in draft.kpis:
        item = items.get(kpi.item_id)
        if item is None:
            yield Finding(Msg.PLAN_UNKNOWN_ITEM, path + ("item",), {"kpi": kpi.id, "item": kpi.item_id,
                                                                    "level": draft.plan.words.item})
        elif kpi.owner not in item.sections:
            yield Finding(Msg.PLAN_OWNER_NOT_ON_ITEM, path + ("owner",), {
                "kpi": kpi.id, "owner": kpi.owner, "item": item.id, "level": draft.plan.words.item,
                "sections": "、".join(item.sections) or UNASSIGNED})


def _rate_out_of_range(kpi) -> list[str]:
    return [f for f in ("baseline", "target")
            if kpi.kind == "rate" and getattr(kpi, f) is not None and not 0 <= getattr(kpi, f) <= 1]


def check_rates_are_fractions(draft: Draft) -> Iterator[Finding]:
    for kpi, path, _ in draft.kpis:
        for key in _rate_out_of_range(kpi):
            yield Finding(Msg.PLAN_RATE_RANGE, path + (key,), {"kpi": kpi.id, "field": key, "value": getattr(kpi, key)})


def check_directions(draft: Draft) -> Iterator[Finding]:
    """A 維持目標 needs a direction; a written direction agrees with baseline → target.
    (A rate written as percent flips the apparent direction: only its cause is reported.)"""
    for kpi, path, raw in draft.kpis:
        if _rate_out_of_range(kpi):
            continue
        given = raw.get("direction")
        if kpi.baseline is None:
            if given is None:
                yield Finding(Msg.PLAN_DIRECTION_NO_BASELINE, path + ("direction",), {"kpi": kpi.id})
        elif kpi.target == kpi.baseline:
            if given is None:
                yield Finding(Msg.PLAN_DIRECTION_NEEDED, path + ("direction",), {"kpi": kpi.id})
        elif given is not None and given != kpi.direction:
            yield Finding(Msg.PLAN_DIRECTION_MISMATCH, path + ("direction",), {
                "kpi": kpi.id, "direction": given, "target": kpi.target, "baseline": kpi.baseline,
                "actual": INCREASE if kpi.direction == INCREASE else DECREASE})


def check_sections_have_items(draft: Draft) -> Iterator[Finding]:
    named = {s for item, _ in draft.items for s in item.sections}
    for n, section in enumerate(draft.plan.sections):
        if section not in named:
            yield Finding(Msg.PLAN_NO_ITEMS_FOR_SECTION, ("sections", n),
                          {"section": section, "level": draft.plan.words.item})


CHECKS = (
    check_period_order,
    check_unique_sections,
    check_unique_grades,
    check_unique_items,
    check_item_sections_known,
    check_item_years_in_period,
    check_unique_kpis,
    check_kpi_items,
    check_rates_are_fractions,
    check_directions,
    check_sections_have_items,
)


def run_checks(draft: Draft) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(draft)]
