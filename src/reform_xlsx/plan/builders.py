"""Build the plan model from a plan file's data (after its JSON Schema check), one small builder each.

Builders only convert: text years to fiscal years (a year that does not read is P014, reported
here), raw mappings to :mod:`reform_xlsx.plan.model` objects. Whether the result makes sense
(duplicate IDs, unknown sections, directions …) is for :mod:`reform_xlsx.plan.checks`, which
run over the :class:`Draft` this module returns: build first, check second.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reform_xlsx.messages import Msg
from reform_xlsx.plan.model import (
    DECREASE,
    INCREASE,
    Area,
    Category,
    GlossaryTerm,
    Grade,
    Item,
    Judgement,
    Kpi,
    Plan,
    Words,
)
from reform_xlsx.wareki import FiscalYearError, parse_fiscal_year

KeyPath = tuple[str | int, ...]
Report = Callable[..., None]  # report(msg, path, **params)


def format_path(path: KeyPath) -> str:
    """``("kpis", 3, "owner")`` → ``kpis[3].owner``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(ファイル全体)"


def show(value: Any) -> str:
    """A value quoted for a message: 「"24"」, cut at 40 characters."""
    text = json.dumps(value, ensure_ascii=False)
    return f"「{text[:40]}…」" if len(text) > 40 else f"「{text}」"


@dataclass
class Draft:
    """The plan as built, with the key path of every part (for the checks' messages)."""

    plan: Plan
    data: dict  # the plan file's data, as read
    items: list[tuple[Item, KeyPath]] = field(default_factory=list)  # every item as written, duplicates too
    kpis: list[tuple[Kpi, KeyPath, dict]] = field(default_factory=list)  # with the raw mapping
    unread_years: set[KeyPath] = field(default_factory=set)  # P014 already reported there

    def data_at(self, path: KeyPath) -> Any:
        """The plan file's value at ``path`` (``("kpis", 3)`` → the fourth KPI's mapping)."""
        node: Any = self.data
        for part in path:
            node = node[part]
        return node


class _Years:
    """Parses years, reporting P014 once per place."""

    def __init__(self, report: Report) -> None:
        self.report, self.unread = report, set()

    def __call__(self, value: Any, path: KeyPath) -> int | None:
        try:
            return parse_fiscal_year(value)
        except FiscalYearError:
            self.report(Msg.PLAN_BAD_YEAR, path, value=show(value))
            self.unread.add(path)
            return None


def build_grades(data: dict) -> tuple[Grade, ...]:
    return tuple(Grade(g["code"], g["label"], g["definition"], g.get("rank", n + 1), g.get("behind", False))
                 for n, g in enumerate(data["grades"]))


def build_judgement(data: dict) -> Judgement:
    j = data["judgement"]
    return Judgement(j["achieved"], j["on_track"], j["mostly_on_track"])


LEVELS = ("area", "category", "item")


def build_words(p: dict, defaults: dict, report: Report) -> Words:
    """The city's words from the plan file's ``plan`` mapping; a word it leaves out is the bundled
    plan's (``defaults``: that plan's ``plan`` mapping). Leaving out the reform's name is P031:
    it names files and titles, and the bundled plan's is seldom another city's."""
    if "reform" not in p:
        report(Msg.PLAN_REFORM_DEFAULT, ("plan",), default=defaults["reform"])
    levels = p.get("levels") or {}
    default_levels = defaults["levels"]
    return Words(city=p["city"], reform=p.get("reform", defaults["reform"]), title=p.get("short_name", p["name"]),
                 headquarters=p["headquarters"], committee=p.get("committee", ""), office=p["office"],
                 **{level: levels.get(level, default_levels[level]) for level in LEVELS})


def build_item(raw: dict, area: int, category: int, start: int, end: int, path: KeyPath, years: _Years) -> Item:
    item_start = years(raw["start"], path + ("start",)) if "start" in raw else start
    item_end = years(raw["end"], path + ("end",)) if "end" in raw else end
    marker = years(raw["marker"], path + ("marker",)) if "marker" in raw else None
    return Item(
        id=f"{area}-{category}-{raw['number']}", area=area, category=category, number=raw["number"],
        name=raw["name"], continued=raw.get("continued", False), content=raw["content"],
        actions=tuple(raw["actions"]), sections=tuple(raw["sections"]),
        related_sections=raw.get("related_sections", False),
        start=item_start or start, end=item_end or end, marker=marker)


def build_areas(data: dict, start: int, end: int, years: _Years) -> tuple[tuple[Area, ...], list]:
    """The 重点項目 with their 取組区分 and items; every item with its key path."""
    areas, placed = [], []
    for ai, a in enumerate(data["areas"]):
        categories = []
        for ci, c in enumerate(a["categories"]):
            items = []
            for ii, raw in enumerate(c["items"]):
                path = ("areas", ai, "categories", ci, "items", ii)
                item = build_item(raw, a["number"], c["number"], start, end, path, years)
                items.append(item)
                placed.append((item, path))
            categories.append(Category(a["number"], c["number"], c["name"], c.get("intro", ""), tuple(items)))
        areas.append(Area(a["number"], a["name"], a.get("intro", ""), tuple(categories)))
    return tuple(areas), placed


def implied_direction(raw: dict) -> str:
    """増加 or 減少 from baseline → target; the written direction for a 維持目標 (t = b)."""
    if raw["baseline"] is None or raw["target"] == raw["baseline"]:
        return raw.get("direction") or INCREASE
    return INCREASE if raw["target"] > raw["baseline"] else DECREASE


def build_kpi(raw: dict, path: KeyPath, years: _Years) -> Kpi:
    yearly = {}
    for key, value in (raw.get("yearly_targets") or {}).items():
        y = years(key, path + ("yearly_targets", key))
        if y is not None:
            yearly[y] = value
    return Kpi(id=raw["id"], item_id=raw["item"], name=raw["name"], short_name=raw.get("short_name", ""),
               kind=raw["kind"], unit=raw["unit"],
               direction=implied_direction(raw), cumulative=raw.get("cumulative", False),
               baseline=raw["baseline"], target=raw["target"], owner=raw["owner"],
               owner_assumed=raw.get("owner_assumed", False), yearly_targets=yearly)


def build_plan(data: dict, source: str, report: Report, defaults: dict | None = None, text: str = "") -> Draft:
    """The plan and where each part came from; year problems (P014) and words taken from the
    bundled plan (``defaults``: its ``plan`` mapping, read when not given; P031) are reported on the way."""
    if defaults is None:
        from reform_xlsx.plan.loading import bundled_words  # the loader imports this module

        defaults = bundled_words()
    years = _Years(report)
    p = data["plan"]
    start = years(p["period"]["start"], ("plan", "period", "start")) or 0
    end = years(p["period"]["end"], ("plan", "period", "end")) or start
    baseline = years(p["baseline_year"], ("plan", "baseline_year")) or start
    areas, placed = build_areas(data, start, end, years)
    kpis = [(build_kpi(raw, ("kpis", n), years), ("kpis", n), raw) for n, raw in enumerate(data["kpis"])]
    plan = Plan(
        id=p["id"], version=p["version"], name=p["name"], published=p.get("published", ""),
        start_year=start, end_year=end, baseline_year=baseline,
        headquarters_note=p.get("headquarters_note", ""), committee_note=p.get("committee_note", ""),
        sections=tuple(data["sections"]), grades=build_grades(data), judgement=build_judgement(data), areas=areas,
        kpis=tuple(k for k, _, _ in kpis), words=build_words(p, defaults, report),
        glossary=tuple(GlossaryTerm(g["term"], g["text"]) for g in data.get("glossary", [])),
        source=source, text=text)
    return Draft(plan, data, placed, kpis, years.unread)
